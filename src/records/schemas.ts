/**
 * zod schemas of the record inputs (api.md): every input is validated whole before anything is
 * stored, and a failure names each field.
 */
import { z } from "zod";
import { invalidInput } from "../errors.js";
import { LINE_TYPES, METHODS, PURPOSES } from "../rules/types.js";
import { tryParseInstant } from "../time/instant.js";

/** An instant: a Date, epoch milliseconds or an ISO-8601 string (bare dates are New York days). */
export const instantSchema = z
  .custom<Date | string | number>((v) => v instanceof Date || typeof v === "string" || typeof v === "number", {
    message: "must be a Date, epoch milliseconds or an ISO-8601 string",
  })
  .transform((v, ctx) => {
    const d = tryParseInstant(v);
    if (d === undefined) {
      ctx.addIssue({ code: "custom", message: "is not a date: use a Date, epoch milliseconds or an ISO-8601 string" });
      return z.NEVER;
    }
    return d;
  });

const text = z.string().trim().min(1, "must not be empty").max(10_000, "is too long");
const phone = z.string().trim().min(1, "is required");

/** Dispositions of a call (api.md lists the minimum). */
export const DISPOSITIONS = [
  "sale",
  "answered",
  "no-answer",
  "busy",
  "voicemail",
  "not-interested",
  "callback",
  "do-not-call",
  "wrong-number",
  "abandoned",
  "transferred",
  "dropped",
  "connected",
  "failed",
] as const;

/** Revocation channels (api.md). */
export const REVOCATION_CHANNELS = ["call", "text", "email", "web", "mail", "agent", "other"] as const;

/** A JSON value: what a record can keep whole (no Map, Set, Date object, NaN or bigint). */
type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };
const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union(
    [z.string(), z.number().finite(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)],
    { error: "must be JSON data: text, finite numbers, booleans, null, arrays and plain objects" },
  ),
);

const evidence = z
  .object({
    signature: z.string().optional(),
    disclosure: z.string().optional(),
    purpose: z.string().optional(),
    source: z.string().optional(),
    consumerName: z.string().optional(),
  })
  .catchall(jsonValue);

/** Input of `recordConsent`: a grant or a revocation. */
export const consentInputSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("grant"),
    phone,
    form: z.enum(["written", "verbal"]),
    at: instantSchema.optional(),
    campaignId: text.optional(),
    expiresAt: instantSchema.optional(),
    evidence: evidence.optional(),
  }).strict(),
  z.object({
    action: z.literal("revoke"),
    phone,
    at: instantSchema.optional(),
    channel: z.enum(REVOCATION_CHANNELS),
    words: z.string().max(10_000).optional(),
  }).strict(),
]);

/** Input of `recordRelationship`. */
export const relationshipInputSchema = z.object({
  phone,
  kind: z.enum(["purchase", "inquiry", "contract"]),
  at: instantSchema.optional(),
  endsAt: instantSchema.optional(),
  reference: text.optional(),
  description: z.string().max(10_000).optional(),
}).strict();

const seconds = z.number().finite().nonnegative("must not be negative");

/** Timing marks of a call, for the post-call audit (rules.md, post-call table), in seconds. */
export const timingSchema = z
  .object({
    /** Seconds the call rang before it was answered or hung up. */
    ringSeconds: seconds.optional(),
    /** Number of rings before hang-up, when the dialer counts rings. */
    rings: z.number().int().nonnegative().optional(),
    /** Who answered: a person or a machine. */
    answeredBy: z.enum(["live", "machine", "none"]).optional(),
    /** Seconds from the end of the consumer's greeting to connection with an agent. */
    agentConnectSeconds: seconds.optional(),
    /** Seconds into the call at which the sales purpose and required disclosures were given. */
    disclosureSeconds: seconds.optional(),
    /** Seconds into the call of the first request for payment. */
    paymentRequestSeconds: seconds.optional(),
    /** Seconds the dialer took to release the line after the consumer hung up. */
    lineReleaseSeconds: seconds.optional(),
  })
  .strict();

/** Input of `recordInteraction`: the call detail record (16 CFR 310.5(a)(2)) and the seed article's fields. */
export const interactionInputSchema = z
  .object({
    phone,
    direction: z.enum(["outbound", "inbound"]).default("outbound"),
    startedAt: instantSchema,
    durationSeconds: seconds,
    disposition: z.enum(DISPOSITIONS),
    purpose: z.enum(PURPOSES as [string, ...string[]]).default("telemarketing"),
    method: z.enum(METHODS as [string, ...string[]]).default("live"),
    lineType: z.enum(LINE_TYPES as [string, ...string[]]).optional(),
    prerecorded: z.boolean().optional(),
    callerId: z.string().trim().min(1).optional(),
    callerIdName: z.string().optional(),
    callingNumber: z.string().optional(),
    telemarketer: z.string().optional(),
    goodsOrServices: z.string().optional(),
    campaignId: text.optional(),
    agentId: text.optional(),
    consumer: z
      .object({
        name: z.string().optional(),
        state: z.string().optional(),
        postalCode: z.string().optional(),
        email: z.string().optional(),
        address: z.string().optional(),
        isBusiness: z.boolean().optional(),
      })
      .strict()
      .optional(),
    offers: z.array(z.string()).optional(),
    response: z.string().optional(),
    followUps: z.array(z.string()).optional(),
    scriptId: z.string().optional(),
    prerecordedMessageId: z.string().optional(),
    recordingRef: z.string().optional(),
    notes: z.string().optional(),
    transferredTo: z.string().optional(),
    timing: timingSchema.optional(),
    decisionId: z.string().optional(),
    doNotCallRequested: z.boolean().optional(),
  })
  .strict();

/** The parsed forms. */
export type ConsentInputParsed = z.output<typeof consentInputSchema>;
export type RelationshipInputParsed = z.output<typeof relationshipInputSchema>;
export type InteractionInputParsed = z.output<typeof interactionInputSchema>;

/** Parses `input` with `schema`, or throws `INVALID_INPUT` naming every failing field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.flatMap((i) => {
    const path = i.path.map(String);
    // Name each unknown field (a misspelt `expiresAt` must not be dropped silently).
    if (i.code === "unrecognized_keys") {
      return i.keys.map((key) => ({ path: [...path, key].join("."), message: `is not a field of ${what}` }));
    }
    return [{ path: path.join("."), message: i.message }];
  });
  throw invalidInput(what, issues);
}
