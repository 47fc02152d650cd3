/**
 * Corrections (rules.md, Records: "a correction is a new record that points at the one it
 * corrects"). An amendment never overwrites: it is appended, and reads apply the amendments of an
 * interaction in seq order to show the corrected view beside the original and its history.
 */
import { CallgateError, ErrorCodes, invalidInput } from "../errors.js";
import type { InteractionInput } from "../gate/create.js";
import type { GateInternals } from "../gate/internals.js";
import { envelope, jsonData } from "../gate/records.js";
import { applyAmendments } from "../records/amendments.js";
import { canonicalJson } from "../records/canonical.js";
import { interactionInputSchema, parseInput, type InteractionInputParsed } from "../records/schemas.js";
import type { NewRecord, StorageAdapter, StoredRecord } from "../storage/types.js";
import { readStorage, scanStorage } from "./storage-read.js";

/**
 * Fields of an interaction a correction may change: every field of `recordInteraction` but the
 * number and the start. `null` removes a field.
 */
export type InteractionChanges = {
  [K in Exclude<keyof InteractionInput, "phone" | "startedAt">]?: K extends "timing" | "consumer"
    ? { [M in keyof NonNullable<InteractionInput[K]>]?: NonNullable<InteractionInput[K]>[M] | null } | null
    : InteractionInput[K] | null;
};

/** Fields an amendment may not change: they place the call in the log (number, instant) or link records. */
const FIXED_FIELDS = ["phone", "startedAt", "phoneAsGiven"] as const;
/** Object fields whose members an amendment merges (one level deep; a member set to null is removed). */
const MERGED_FIELDS = new Set(["timing", "consumer"]);

/** One amendment of an interaction, as its history shows it. */
export interface AmendmentEntry {
  /** The amendment record's id. */
  id: string;
  /** The amendment record's position in the log. */
  seq: number;
  /** When the correction was made. */
  recordedAt: Date;
  /** Why: required of every correction. */
  reason: string;
  /** The new value of each changed field (`null`: the field was removed). */
  changes: Readonly<Record<string, unknown>>;
  /** The value each changed field had before (`null`: it was absent). */
  previous: Readonly<Record<string, unknown>>;
}

/** An interaction as reads show it: the record as first stored, its corrected data and the history. */
export interface InteractionView {
  /** The interaction's id. */
  id: string;
  /** The interaction exactly as stored: never changed, its hash still verifies. */
  original: StoredRecord;
  /** The interaction's data with every amendment applied in seq order (equal to `original.data` when never amended). */
  current: Readonly<Record<string, unknown>>;
  /** The amendments, oldest first. */
  history: AmendmentEntry[];
}

/** Amendment records by the id of the record they correct, each list in seq order. */
export type AmendmentIndex = ReadonlyMap<string, readonly StoredRecord[]>;

/** Every amendment of the seller (of one number, when given), indexed by target. Amendments are few: they are held in memory. */
export async function loadAmendments(storage: StorageAdapter, sellerId: string, phone?: string): Promise<AmendmentIndex> {
  const index = new Map<string, StoredRecord[]>();
  const filter = phone === undefined ? { sellerId, kinds: ["amendment" as const] } : { sellerId, kinds: ["amendment" as const], phone };
  for await (const r of scanStorage(storage, filter, "read amendments")) {
    const target = r.data.targetId;
    if (typeof target !== "string") continue;
    const list = index.get(target);
    if (list === undefined) index.set(target, [r]);
    else list.push(r);
  }
  return index;
}

export { applyAmendments };

/** The history entry of an amendment record. */
export function amendmentEntry(r: StoredRecord): AmendmentEntry {
  return {
    id: r.id,
    seq: r.seq,
    recordedAt: new Date(r.recordedAt.getTime()),
    reason: String(r.data.reason ?? ""),
    changes: (r.data.changes ?? {}) as Record<string, unknown>,
    previous: (r.data.previous ?? {}) as Record<string, unknown>,
  };
}

/** The view of an interaction record given its amendments. */
export function interactionView(original: StoredRecord, amendments: readonly StoredRecord[] | undefined): InteractionView {
  return {
    id: original.id,
    original,
    current: applyAmendments(original.data, amendments),
    history: (amendments ?? []).map(amendmentEntry),
  };
}

/** Reads one interaction of this seller with its amendments; `NOT_FOUND` when there is none. */
export async function getInteraction(internals: GateInternals, id: string): Promise<InteractionView> {
  const original = await findInteraction(internals, id);
  const amendments = await loadAmendments(internals.storage, internals.seller.id, original.phone ?? undefined);
  return interactionView(original, amendments.get(id));
}

async function findInteraction(internals: GateInternals, id: unknown): Promise<StoredRecord> {
  if (typeof id !== "string" || id.trim() === "") throw invalidInput("interaction id", [{ path: "id", message: "must be a non-empty string" }]);
  const record = await readStorage("read a record", () => internals.storage.getRecord(id));
  if (record === null || record.sellerId !== internals.seller.id) {
    throw new CallgateError(ErrorCodes.NOT_FOUND, `No record ${id} of seller ${internals.seller.id}`, { details: { id } });
  }
  if (record.kind !== "interaction") {
    throw invalidInput("amendment", [{ path: "id", message: `${id} is a ${record.kind} record; only interactions are amended` }]);
  }
  return record;
}

/**
 * Appends an amendment of interaction `id`. `changes` names the fields to correct with their new
 * value (`null` removes a field; `timing` and `consumer` merge member by member). The corrected
 * interaction is validated as a whole, as `recordInteraction` validates one. A correction to a
 * `do-not-call` disposition (or `doNotCallRequested: true`) also enters the number on the company
 * list, in the same append; no correction ever lifts an entry or creates a relationship.
 */
export async function amendInteraction(
  internals: GateInternals,
  now: Date,
  id: string,
  changes: InteractionChanges,
  reason: string,
): Promise<InteractionView> {
  if (typeof reason !== "string" || reason.trim() === "" || reason.length > 10_000) {
    throw invalidInput("amendment", [{ path: "reason", message: "is required: say why the record is corrected (at most 10,000 characters)" }]);
  }
  if (changes === null || typeof changes !== "object" || Array.isArray(changes) || Object.keys(changes).length === 0) {
    throw invalidInput("amendment", [{ path: "changes", message: "must be an object naming at least one field to correct" }]);
  }
  const fixed = FIXED_FIELDS.filter((k) => k in changes);
  if (fixed.length > 0) {
    throw invalidInput(
      "amendment",
      fixed.map((k) => ({
        path: `changes.${k}`,
        message: "cannot be corrected: the number and the start place the call in the log; record the call again instead",
      })),
    );
  }
  const original = await findInteraction(internals, id);
  const index = await loadAmendments(internals.storage, internals.seller.id, original.phone ?? undefined);
  const before = interactionView(original, index.get(id));
  const current = before.current;

  const { phoneAsGiven, ...rest } = current as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...rest, phone: typeof phoneAsGiven === "string" ? phoneAsGiven : original.phone };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) continue;
    if (v === null) delete merged[k];
    else if (MERGED_FIELDS.has(k) && isPlainObject(v) && isPlainObject(merged[k])) {
      const inner: Record<string, unknown> = { ...(merged[k] as Record<string, unknown>) };
      for (const [ik, iv] of Object.entries(v)) {
        if (iv === null) delete inner[ik];
        else if (iv !== undefined) inner[ik] = iv;
      }
      merged[k] = inner;
    } else merged[k] = v;
  }
  const parsed = parseInput(interactionInputSchema, merged, "amendment");
  const corrected = correctedData(parsed);

  const changed: Record<string, unknown> = {};
  const previous: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(current), ...Object.keys(corrected)])) {
    const a = current[k];
    const b = corrected[k];
    if (canonicalJson(a ?? null) === canonicalJson(b ?? null)) continue;
    changed[k] = b ?? null;
    previous[k] = a ?? null;
  }
  if (Object.keys(changed).length === 0) {
    throw invalidInput("amendment", [{ path: "changes", message: "change nothing: every field already has that value" }]);
  }

  const ctx = internals.context(now);
  const campaignId = typeof corrected.campaignId === "string" ? corrected.campaignId : current.campaignId;
  // The amendment's own instant is the call's: a range (query, export, legal hold) that takes in
  // the call takes in its corrections too. `recordedAt` says when the correction was made.
  const amendment = envelope(ctx, "amendment", "amd", original.phone, original.at, {
    targetId: original.id,
    targetKind: original.kind,
    targetSeq: original.seq,
    reason: reason.trim(),
    changes: changed,
    previous,
    campaignId,
  });
  const records: NewRecord[] = [amendment];
  if (requestsDnc(corrected) && !requestsDnc(current) && original.phone !== null) {
    // A consumer's "stop calling" is honoured at once (47 CFR 64.1200(d)(3)), even when it is
    // entered as a correction.
    records.push(
      envelope(ctx, "do-not-call", "dnc", original.phone, original.at, {
        source: "amendment",
        channel: "call",
        interactionId: original.id,
        amendmentId: amendment.id,
        campaignId,
      }),
    );
  }
  const [stored] = await internals.append(records, now);
  return interactionView(original, [...(index.get(id) ?? []), stored as StoredRecord]);
}

/** The stored data form of a parsed interaction, as `recordInteraction` stores it. */
function correctedData(parsed: InteractionInputParsed): Record<string, unknown> {
  const { phone: _raw, startedAt, ...rest } = parsed;
  return jsonData({ ...rest, startedAt, phoneAsGiven: parsed.phone });
}

function requestsDnc(data: Readonly<Record<string, unknown>>): boolean {
  return data.disposition === "do-not-call" || data.doNotCallRequested === true;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
