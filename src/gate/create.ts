/**
 * `createCallgate`: binds storage, registries, clock and policy around the pure core (style.md
 * habit 1). The clock is read once per operation.
 */
import { memoryStorage } from "../adapters/memory.js";
import { evaluateNormalized } from "../core/evaluate.js";
import { resolvePolicy } from "../core/policy.js";
import { normalizeRequest } from "../core/request.js";
import type { CallDecision, CallFacts, CallRequest, Policy, PolicyInput, Seller } from "../core/types.js";
import { CallgateError, ErrorCodes, invalidInput, isCallgateError } from "../errors.js";
import { parseUsPhone, type E164 } from "../phone/index.js";
import { verifyChain, type ChainVerification } from "../records/chain.js";
import { createIdGenerator } from "../records/ids.js";
import { retentionCutoff } from "../records/retention.js";
import { scanRecords } from "../records/scan.js";
import {
  consentInputSchema,
  interactionInputSchema,
  parseInput,
  relationshipInputSchema,
} from "../records/schemas.js";
import type { Registry } from "../registry/types.js";
import type { NewRecord, PurgeRun, RecordKind, StorageAdapter, StoredRecord } from "../storage/types.js";
import { LEGAL_ZONE, tryParseInstant } from "../time/instant.js";
import { isValidTimeZone } from "../time/zones.js";
import { SCHEMA_VERSIONS, consentRecords, envelope, interactionRecords, relationshipRecords, type RecordContext } from "./records.js";
import { buildReceipt } from "../records/receipt.js";
import { planPurge, type PurgeReport } from "./purge.js";
import type { GateInternals } from "./internals.js";
import { inspectionMethods, type InspectionMethods } from "../inspection/index.js";
import { scrubMethod, type ScrubLead, type ScrubOptions, type ScrubRun } from "./scrub.js";

/** A clock: callgate reads it once per operation. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** Options of {@link createCallgate}. */
export interface CallgateOptions {
  /** The seller on whose behalf calls are made. */
  seller: Seller;
  /** Where records are kept. @default memoryStorage() */
  storage?: StorageAdapter;
  /** Registry snapshots (national and Massachusetts). With none, every telemarketing call is denied. */
  registries?: readonly Registry[];
  /** @default the system clock */
  clock?: Clock;
  /** Overrides of the default policy. */
  policy?: PolicyInput;
}

/** Input of {@link Callgate.recordConsent} (api.md). */
export type ConsentInput =
  | {
      /** A grant of consent. */
      action: "grant";
      /** The number consented for, any common US format. */
      phone: string;
      /** `written`: prior express written consent (47 CFR 64.1200(f)(9)); `verbal`: an express request. */
      form: "written" | "verbal";
      /** When it was given. @default the clock's instant */
      at?: Date | string | number;
      /** Limits the consent to one campaign's calls. */
      campaignId?: string;
      /** When it ends (exclusive); a bare date is the start of that day in New York. */
      expiresAt?: Date | string | number;
      /** The evidence of the agreement (signature, disclosure shown, source...), stored with it. */
      evidence?: {
        /** The consumer's signature, e.g. an e-sign id (the audit flags a written consent without one). */
        signature?: string;
        /** The disclosure the consumer was shown (the audit flags a written consent without one). */
        disclosure?: string;
        /** What the consumer agreed to be called about. */
        purpose?: string;
        /** Where the consent was collected, e.g. a web form or a call recording. */
        source?: string;
        /** The consumer's name, as signed. */
        consumerName?: string;
        [k: string]: unknown;
      };
    }
  | {
      /** A revocation: ends every consent for the number and enters it on the company list. */
      action: "revoke";
      /** The number, any common US format. */
      phone: string;
      /** When it was said. @default the clock's instant */
      at?: Date | string | number;
      /** How it reached the seller. */
      channel: "call" | "text" | "email" | "web" | "mail" | "agent" | "other";
      /** The consumer's words, e.g. "STOP". */
      words?: string;
    };

/** Input of {@link Callgate.recordRelationship} (api.md). */
export interface RelationshipInput {
  /** The consumer's number, any common US format. */
  phone: string;
  /** A purchase (18 months of EBR; an MA existing customer), an inquiry (3 months), a contract. */
  kind: "purchase" | "inquiry" | "contract";
  /** When it happened (a contract: when it began). @default the clock's instant */
  at?: Date | string | number;
  /** For a contract: when it ends (exclusive). Open-ended without it. */
  endsAt?: Date | string | number;
  /** The seller's own reference (order or contract number). */
  reference?: string;
  /** What was bought, asked about or agreed. */
  description?: string;
}

/** Input of {@link Callgate.recordInteraction}: the call detail record (see the schema for every field). */
export type InteractionInput = import("zod").input<typeof interactionInputSchema>;

/** A stored record as returned by the record methods. */
export type ConsentRecord = StoredRecord;
/** A stored call detail record. */
export type InteractionRecord = StoredRecord;
/** A stored relationship record. */
export type RelationshipRecord = StoredRecord;

/** The gate a dialer embeds. */
export interface Callgate extends InspectionMethods {
  /** May this number be called, then, this way? The decision is stored as a receipt. */
  canCall(request: CallRequest): Promise<CallDecision>;
  /** Records a consent grant or revocation (a revocation also enters the company list). */
  recordConsent(input: ConsentInput): Promise<ConsentRecord>;
  /** Records a call detail record; a `do-not-call` or `sale` disposition takes effect at once. */
  recordInteraction(input: InteractionInput): Promise<InteractionRecord>;
  /** Records a purchase, inquiry or contract from outside the dialer. */
  recordRelationship(input: RelationshipInput): Promise<RelationshipRecord>;
  /**
   * Scrubs a lead list (list hygiene, not a call): a decision per lead, identical to what
   * `canCall` would say at the same instant, and one stored summary record per run.
   */
  scrub(leads: Iterable<ScrubLead> | AsyncIterable<ScrubLead>, options?: ScrubOptions): ScrubRun;
  /** Adds a registry snapshot (for example this month's download) and records it. */
  addRegistry(registry: Registry): Promise<void>;
  /** The registry snapshots in use. */
  readonly registries: readonly Registry[];
  /** Records of `kind` made before the returned instant may be purged. */
  retentionCutoff(at?: Date, kind?: RecordKind): Date;
  /** Purges what retention allows, sparing legal holds, consents in force and honoured do-not-call requests. */
  purgeExpired(): Promise<PurgeReport>;
  /** Walks the hash chain and reports the first broken link. */
  verify(): Promise<ChainVerification>;
  /** The resolved policy. */
  readonly policy: Policy;
  /** The seller. */
  readonly seller: Readonly<Seller>;
  /** The storage adapter. */
  readonly storage: StorageAdapter;
}

const SYSTEM_CLOCK: Clock = { now: () => new Date() };

/** Creates a gate bound to a seller, storage, registries, clock and policy. */
export function createCallgate(options: CallgateOptions): Callgate {
  if (options === null || typeof options !== "object") {
    throw new CallgateError(ErrorCodes.INVALID_CONFIG, "createCallgate needs an options object with at least `seller`");
  }
  const seller = checkSeller(options.seller);
  const storage = options.storage ?? memoryStorage();
  const clock = options.clock ?? SYSTEM_CLOCK;
  if (typeof clock.now !== "function") throw new CallgateError(ErrorCodes.INVALID_CONFIG, "clock.now must be a function returning a Date");
  const policy = resolvePolicy(options.policy);
  const registries: Registry[] = [...(options.registries ?? [])];
  const newIdAt = createIdGenerator();
  const unrecorded = new Set<Registry>(registries);

  const readClock = (): Date => {
    const now = clock.now();
    if (!(now instanceof Date) || !Number.isFinite(now.getTime())) {
      throw new CallgateError(ErrorCodes.INVALID_CONFIG, "clock.now() did not return a valid Date");
    }
    return now;
  };
  const context = (recordedAt: Date): RecordContext => ({
    sellerId: seller.id,
    recordedAt,
    newId: (prefix) => newIdAt(prefix, recordedAt),
  });
  const snapshotRecord = (r: Registry, now: Date): NewRecord => {
    const m = r.meta;
    return envelope(context(now), "registry-snapshot", "snap", null, m.obtainedAt, {
      registryId: m.id,
      source: m.source,
      edition: m.edition,
      obtainedAt: m.obtainedAt,
      areaCodes: m.areaCodes === null ? null : [...m.areaCodes],
      count: m.count,
      badLines: m.badLines,
      sha256: m.sha256,
      snapshotKind: m.kind,
    });
  };
  const storageFailure = (what: string, error: unknown): CallgateError =>
    isCallgateError(error)
      ? error
      : new CallgateError(ErrorCodes.STORAGE_FAILURE, `The storage adapter failed to ${what}: ${messageOf(error)}`, { cause: error });

  // Registry snapshots are recorded once per store: the store is asked which it already holds (an
  // earlier process of the same seller may have recorded them) at the first write, and concurrent
  // writes wait for one recording instead of each making its own.
  let knownSnapshots: Set<string> | undefined;
  let recording: Promise<void> | undefined;
  const recordSnapshots = async (now: Date): Promise<void> => {
    while (unrecorded.size > 0) {
      recording ??= (async () => {
        try {
          if (knownSnapshots === undefined) {
            const known = new Set<string>();
            for await (const r of scanRecords(storage, { sellerId: seller.id, kinds: ["registry-snapshot"] })) known.add(String(r.data.registryId));
            knownSnapshots = known;
          }
          const known = knownSnapshots;
          const pending = [...unrecorded].filter((r) => !known.has(r.meta.id));
          if (pending.length > 0) await storage.append(pending.map((r) => snapshotRecord(r, now)));
          for (const r of pending) known.add(r.meta.id);
          for (const r of [...unrecorded]) if (known.has(r.meta.id)) unrecorded.delete(r);
        } finally {
          recording = undefined;
        }
      })();
      try {
        await recording;
      } catch (error) {
        throw storageFailure("record a registry snapshot", error);
      }
    }
  };
  const append = async (records: NewRecord[], now: Date): Promise<StoredRecord[]> => {
    if (unrecorded.size > 0) await recordSnapshots(now);
    if (records.length === 0) return [];
    try {
      return await storage.append(records);
    } catch (error) {
      throw storageFailure("append", error);
    }
  };
  const phoneOf = (input: string, field: string): E164 => {
    const p = parseUsPhone(input);
    if (!p.ok) throw invalidInput(field, [{ path: field, message: p.message }]);
    return p.e164;
  };

  const internals: GateInternals = { seller, storage, policy, registries, readClock, context, append };

  const gate: Callgate = {
    ...inspectionMethods(internals),
    scrub: scrubMethod(internals),
    policy,
    seller,
    storage,
    get registries() {
      return registries.slice();
    },

    async canCall(request) {
      const now = readClock();
      const req = normalizeRequest(request, now);
      const parsed = parseUsPhone(req.phone);
      const facts: CallFacts = { seller, registries, standing: [], interactions: [] };
      if (parsed.ok) {
        try {
          const f = await storage.getPhoneFacts({
            sellerId: seller.id,
            phone: parsed.e164,
            // 30 days is the longest look-back (ma.collection-frequency, business lines); one
            // hour more covers a DST change, and the core filters exactly.
            interactionsSince: new Date(req.at.getTime() - 30 * 86_400_000 - 3_600_000),
          });
          facts.standing = f.standing;
          facts.interactions = f.interactions;
        } catch (error) {
          facts.storageFailure = messageOf(error);
        }
      }
      const decisionId = newIdAt("dec", now);
      const detailed = evaluateNormalized(facts, parsed.ok ? { ...req, phone: parsed.e164 } : req, policy, now, { decisionId });
      const d = detailed.decision;
      const receipt: NewRecord = {
        id: decisionId,
        kind: "decision",
        sellerId: seller.id,
        phone: parsed.ok ? parsed.e164 : null,
        at: d.at,
        recordedAt: now,
        schemaVersion: SCHEMA_VERSIONS.decision,
        data: buildReceipt(detailed, req, parsed.ok) as unknown as Record<string, unknown>,
      };
      try {
        await append([receipt], now);
      } catch (error) {
        // No receipt, no call: a decision that cannot be proven later is a denial (fail closed).
        return storageDenial(d, messageOf(error));
      }
      return d;
    },

    async recordConsent(input) {
      const parsed = parseInput(consentInputSchema, input, "consent");
      const phone = phoneOf(parsed.phone, "phone");
      const now = readClock();
      const at = parsed.at ?? now;
      if (parsed.action === "grant" && parsed.expiresAt !== undefined && parsed.expiresAt.getTime() <= at.getTime()) {
        throw invalidInput("consent", [{ path: "expiresAt", message: "must be after at" }]);
      }
      const [stored] = await append(consentRecords(context(now), parsed, phone, at), now);
      return stored as StoredRecord;
    },

    async recordRelationship(input) {
      const parsed = parseInput(relationshipInputSchema, input, "relationship");
      const phone = phoneOf(parsed.phone, "phone");
      const now = readClock();
      const at = parsed.at ?? now;
      if (parsed.endsAt !== undefined && parsed.kind !== "contract") {
        throw invalidInput("relationship", [{ path: "endsAt", message: "applies only to a contract" }]);
      }
      if (parsed.endsAt !== undefined && parsed.endsAt.getTime() <= at.getTime()) {
        throw invalidInput("relationship", [{ path: "endsAt", message: "must be after at" }]);
      }
      const [stored] = await append(relationshipRecords(context(now), parsed, phone, at), now);
      return stored as StoredRecord;
    },

    async recordInteraction(input) {
      const parsed = parseInput(interactionInputSchema, input, "interaction");
      const phone = phoneOf(parsed.phone, "phone");
      const now = readClock();
      const [stored] = await append(interactionRecords(context(now), parsed, phone), now);
      return stored as StoredRecord;
    },

    async addRegistry(registry) {
      if (registry === null || typeof registry !== "object" || typeof registry.hasNational !== "function") {
        throw invalidInput("registry", [{ path: "registry", message: "must be a registry from createRegistry or loadRegistry" }]);
      }
      if (registries.includes(registry)) return;
      registries.push(registry);
      unrecorded.add(registry);
      const now = readClock();
      await append([], now);
    },

    retentionCutoff(at, _kind) {
      const instant = at === undefined ? readClock() : tryParseInstant(at);
      if (instant === undefined) throw invalidInput("retentionCutoff", [{ path: "at", message: "is not a date" }]);
      return retentionCutoff(instant, { retentionYears: policy.retentionYears, timeZone: seller.timeZone ?? LEGAL_ZONE });
    },

    async purgeExpired() {
      const now = readClock();
      const cutoff = retentionCutoff(now, { retentionYears: policy.retentionYears, timeZone: seller.timeZone ?? LEGAL_ZONE });
      return planPurge({ storage, sellerId: seller.id, now, cutoff, policy, context: context(now) });
    },

    async verify() {
      const runs = new Map<number, PurgeRun>();
      for await (const r of scanRecords(storage, { kinds: ["checkpoint"] })) {
        for (const run of (r.data.runs ?? []) as PurgeRun[]) runs.set(run.fromSeq, run);
      }
      // The head is read first: records deleted from the end of the log, or a head the records do
      // not reach, break the chain too (verifyChain alone cannot see a truncated tail).
      const expectedHead = await storage.head();
      let atHead: StoredRecord | undefined;
      let last: StoredRecord | undefined;
      const watched = async function* (): AsyncGenerator<StoredRecord> {
        for await (const r of scanRecords(storage, {})) {
          if (expectedHead !== null && r.seq === expectedHead.seq) atHead = r;
          last = r;
          yield r;
        }
      };
      const result = await verifyChain(watched(), runs);
      if (!result.ok || expectedHead === null) return result;
      if (atHead === undefined || atHead.hash !== expectedHead.hash) {
        const seq = atHead?.seq ?? expectedHead.seq;
        return {
          ok: false,
          checked: result.checked,
          head: result.head,
          firstBreak: {
            seq,
            id: atHead?.id ?? last?.id ?? "",
            problem: "missing-records",
            message:
              atHead === undefined
                ? `The log ends at seq ${last?.seq ?? 0} but its head is seq ${expectedHead.seq}: records were removed from the end`
                : `The record at the head (seq ${seq}, ${atHead.id}) does not match the head's hash`,
          },
        };
      }
      return result;
    },
  };
  return gate;
}

function storageDenial(d: CallDecision, why: string): CallDecision {
  const { nextAllowedAt: _drop, ...rest } = d;
  return {
    ...rest,
    allowed: false,
    reasons: [
      ...d.reasons,
      {
        code: "STORAGE_UNAVAILABLE",
        rule: "core.storage",
        citation: "16 CFR 310.4(b)(3) (safe harbor: documented procedures); M.G.L. c.159C §9; fail closed",
        message: `The decision receipt could not be stored: ${why}`,
      },
    ],
  };
}

function checkSeller(seller: unknown): Seller {
  const issues: { path: string; message: string }[] = [];
  if (seller === null || typeof seller !== "object") {
    throw new CallgateError(ErrorCodes.INVALID_CONFIG, "seller is required: { id, name, callerId? }", { details: { key: "seller" } });
  }
  const s = seller as Record<string, unknown>;
  if (typeof s.id !== "string" || s.id.trim() === "") issues.push({ path: "seller.id", message: "must be a non-empty string" });
  if (typeof s.name !== "string" || s.name.trim() === "") issues.push({ path: "seller.name", message: "must be a non-empty string" });
  if (s.callerId !== undefined && typeof s.callerId !== "string") issues.push({ path: "seller.callerId", message: "must be a string" });
  if (s.timeZone !== undefined && (typeof s.timeZone !== "string" || !isValidTimeZone(s.timeZone))) {
    issues.push({ path: "seller.timeZone", message: "must be an IANA time zone" });
  }
  if (issues.length > 0) {
    throw new CallgateError(ErrorCodes.INVALID_CONFIG, `Invalid seller: ${issues.map((i) => `${i.path} ${i.message}`).join("; ")}`, {
      details: { issues },
    });
  }
  const out: Seller = { id: s.id as string, name: s.name as string };
  if (s.callerId !== undefined) out.callerId = s.callerId as string;
  if (s.timeZone !== undefined) out.timeZone = s.timeZone as string;
  return Object.freeze(out);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
