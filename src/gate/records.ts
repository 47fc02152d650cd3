/**
 * Turns validated inputs into records: the record itself plus its side effects, appended together
 * (a revocation with its do-not-call entry, a `do-not-call` disposition with its entry, a `sale`
 * with the relationship it starts), so that either all are stored or none is.
 */
import type { E164 } from "../phone/index.js";
import type { ConsentInputParsed, InteractionInputParsed, RelationshipInputParsed } from "../records/schemas.js";
import type { NewRecord, RecordKind } from "../storage/types.js";

/** Schema versions of the persisted `data` of each kind (style.md habit 11). */
export const SCHEMA_VERSIONS: Readonly<Record<RecordKind, number>> = Object.freeze({
  interaction: 1,
  consent: 1,
  relationship: 1,
  "do-not-call": 1,
  decision: 1,
  "registry-snapshot": 1,
  "scrub-summary": 1,
  amendment: 1,
  complaint: 1,
  "legal-hold": 1,
  checkpoint: 1,
});

/** What a record builder needs from the gate. */
export interface RecordContext {
  sellerId: string;
  recordedAt: Date;
  newId: (prefix: string) => string;
}

/** Builds a record envelope. `data` must be JSON: instants as ISO strings, no undefined members. */
export function envelope(
  ctx: RecordContext,
  kind: RecordKind,
  prefix: string,
  phone: string | null,
  at: Date,
  data: Record<string, unknown>,
): NewRecord {
  return {
    id: ctx.newId(prefix),
    kind,
    sellerId: ctx.sellerId,
    phone,
    at,
    recordedAt: ctx.recordedAt,
    schemaVersion: SCHEMA_VERSIONS[kind],
    data: jsonData(data),
  };
}

/** Drops undefined members, turns Dates into ISO strings and sorts object keys, recursively (canonical order). */
export function jsonData(value: Record<string, unknown>): Record<string, unknown> {
  return convert(value) as Record<string, unknown>;
}

function convert(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : convert(v)));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    const source = value as Record<string, unknown>;
    for (const k of Object.keys(source).sort()) {
      const v = source[k];
      if (v !== undefined) out[k] = convert(v);
    }
    return out;
  }
  return value;
}

/** A consent grant or revocation; a revocation also enters the number on the company list. */
export function consentRecords(ctx: RecordContext, input: ConsentInputParsed, phone: E164, at: Date): NewRecord[] {
  if (input.action === "grant") {
    const { phone: _raw, at: _at, ...rest } = input;
    return [envelope(ctx, "consent", "con", phone, at, { ...rest, phoneAsGiven: input.phone })];
  }
  const consent = envelope(ctx, "consent", "con", phone, at, {
    action: "revoke",
    channel: input.channel,
    words: input.words,
    phoneAsGiven: input.phone,
  });
  const dnc = envelope(ctx, "do-not-call", "dnc", phone, at, {
    source: "revocation",
    channel: input.channel,
    consentId: consent.id,
  });
  return [consent, dnc];
}

/** A relationship (purchase, inquiry, contract). */
export function relationshipRecords(ctx: RecordContext, input: RelationshipInputParsed, phone: E164, at: Date): NewRecord[] {
  const { phone: _raw, at: _at, ...rest } = input;
  return [envelope(ctx, "relationship", "rel", phone, at, { ...rest, phoneAsGiven: input.phone, origin: "external" })];
}

/** The call detail record, with the do-not-call entry or the relationship it gives rise to. */
export function interactionRecords(ctx: RecordContext, input: InteractionInputParsed, phone: E164): NewRecord[] {
  const { phone: _raw, startedAt, ...rest } = input;
  const record = envelope(ctx, "interaction", "int", phone, startedAt, { ...rest, startedAt, phoneAsGiven: input.phone });
  const out = [record];
  if (input.disposition === "do-not-call" || input.doNotCallRequested === true) {
    out.push(
      envelope(ctx, "do-not-call", "dnc", phone, startedAt, {
        source: "interaction",
        channel: input.method === "text" ? "text" : input.method === "fax" ? "fax" : "call",
        interactionId: record.id,
        campaignId: input.campaignId,
      }),
    );
  }
  if (input.disposition === "sale") {
    out.push(
      envelope(ctx, "relationship", "rel", phone, startedAt, {
        kind: "purchase",
        origin: "interaction",
        interactionId: record.id,
        campaignId: input.campaignId,
      }),
    );
  }
  return out;
}
