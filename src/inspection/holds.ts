/**
 * Legal holds (rules.md, Retention: "a record under legal hold is never purged"). A hold is an
 * appended `legal-hold` record, `{ action: "place", holdId, phone?, campaignId?, from?, to? }`, and
 * its release another, `{ action: "release", holdId }`: the shape `purgeExpired` reads. A hold
 * covers every record that matches all of its scopes: the number, the campaign, and the record's
 * own instant in `[from, to)`.
 */
import { z } from "zod";
import { CallgateError, ErrorCodes, invalidInput } from "../errors.js";
import type { GateInternals } from "../gate/internals.js";
import { envelope, jsonData } from "../gate/records.js";
import { parseUsPhone } from "../phone/index.js";
import { instantSchema, parseInput } from "../records/schemas.js";
import type { StorageAdapter, StoredRecord } from "../storage/types.js";
import type { InstantInput } from "../time/instant.js";
import { campaignOf } from "./query.js";
import { scanStorage } from "./storage-read.js";

const text = z.string().trim().min(1, "must not be empty").max(10_000, "is too long");

const holdInputSchema = z
  .object({
    phone: z.string().trim().min(1).optional(),
    campaignId: text.optional(),
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    reason: text,
    matter: z.string().max(1000).optional(),
  })
  .strict();

/** Input of {@link InspectionMethods.placeLegalHold}: at least one scope (number, campaign, time range) and a reason. */
export interface LegalHoldInput {
  /** Hold the records of this number, any common US format. */
  phone?: string | undefined;
  /** Hold the records of this campaign. */
  campaignId?: string | undefined;
  /** Hold records whose own instant is at or after this one; a bare date is the start of that day in New York. */
  from?: InstantInput | undefined;
  /** Hold records whose own instant is before this one (exclusive); must be after `from`. */
  to?: InstantInput | undefined;
  /** Why the records are held (the litigation, investigation or request). */
  reason: string;
  /** The matter's reference, e.g. a docket or case number. */
  matter?: string | undefined;
}

// LegalHoldInput spells out the schema's input type for the documentation; this alias stops
// compiling when the two drift apart (types only: nothing of this reaches the build).
type SameType<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type MustBeTrue<T extends true> = T;
type _LegalHoldInputMatchesSchema = MustBeTrue<SameType<LegalHoldInput, z.input<typeof holdInputSchema>>>;

/** A legal hold as its records show it. */
export interface LegalHold {
  /** The hold's id: the id of the record that placed it. */
  id: string;
  /** The held number (E.164), when the hold is scoped to one. */
  phone?: string;
  /** The held campaign, when the hold is scoped to one. */
  campaignId?: string;
  /** Inclusive lower bound on a held record's own instant. */
  from?: Date;
  /** Exclusive upper bound on a held record's own instant. */
  to?: Date;
  /** Why the records are held. */
  reason: string;
  /** The matter's reference (docket or case number), when given. */
  matter?: string;
  /** When the hold was placed; it is in force from then until released. */
  placedAt: Date;
  /** When the hold was released; absent while it is in force. */
  releasedAt?: Date;
  /** Why the hold was released; absent while it is in force. */
  releaseReason?: string;
}

/** True when `hold` covers `record`: the record matches every scope the hold names. */
export function holdCovers(hold: Pick<LegalHold, "phone" | "campaignId" | "from" | "to">, record: StoredRecord): boolean {
  if (hold.phone !== undefined && record.phone !== hold.phone) return false;
  if (hold.campaignId !== undefined && campaignOf(record) !== hold.campaignId) return false;
  const t = record.at.getTime();
  if (hold.from !== undefined && t < hold.from.getTime()) return false;
  if (hold.to !== undefined && t >= hold.to.getTime()) return false;
  return true;
}

/** Places a legal hold; it is in force from now until released. */
export async function placeLegalHold(internals: GateInternals, now: Date, input: LegalHoldInput): Promise<LegalHold> {
  const parsed = parseInput(holdInputSchema, input, "legal hold");
  let phone: string | undefined;
  if (parsed.phone !== undefined) {
    const p = parseUsPhone(parsed.phone);
    if (!p.ok) throw invalidInput("legal hold", [{ path: "phone", message: p.message }]);
    phone = p.e164;
  }
  if (phone === undefined && parsed.campaignId === undefined && parsed.from === undefined && parsed.to === undefined) {
    throw invalidInput("legal hold", [{ path: "", message: "name what is held: a phone, a campaignId, or a time range (from, to)" }]);
  }
  if (parsed.from !== undefined && parsed.to !== undefined && parsed.to.getTime() <= parsed.from.getTime()) {
    throw invalidInput("legal hold", [{ path: "to", message: "must be after from" }]);
  }
  const record = envelope(internals.context(now), "legal-hold", "hold", phone ?? null, now, {
    action: "place",
    phone,
    campaignId: parsed.campaignId,
    from: parsed.from,
    to: parsed.to,
    reason: parsed.reason,
    matter: parsed.matter,
  });
  record.data = jsonData({ ...record.data, holdId: record.id });
  const [stored] = await internals.append([record], now);
  return holdFrom(stored as StoredRecord);
}

/** Releases hold `holdId`: what it kept becomes purgeable again by age. `NOT_FOUND` when no such hold is in force. */
export async function releaseLegalHold(internals: GateInternals, now: Date, holdId: string, reason: string): Promise<LegalHold> {
  if (typeof holdId !== "string" || holdId.trim() === "") throw invalidInput("legal hold release", [{ path: "holdId", message: "must be a non-empty string" }]);
  if (typeof reason !== "string" || reason.trim() === "") throw invalidInput("legal hold release", [{ path: "reason", message: "is required" }]);
  const holds = await listLegalHolds(internals.storage, internals.seller.id, true);
  const hold = holds.find((h) => h.id === holdId);
  if (hold === undefined) throw new CallgateError(ErrorCodes.NOT_FOUND, `No legal hold ${holdId} of seller ${internals.seller.id}`, { details: { holdId } });
  if (hold.releasedAt !== undefined) throw invalidInput("legal hold release", [{ path: "holdId", message: `hold ${holdId} was released already` }]);
  const record = envelope(internals.context(now), "legal-hold", "hold", hold.phone ?? null, now, {
    action: "release",
    holdId,
    reason: reason.trim(),
  });
  await internals.append([record], now);
  return { ...hold, releasedAt: new Date(now.getTime()), releaseReason: reason.trim() };
}

/** The seller's legal holds in the order placed: those in force, or every one with `includeReleased`. */
export async function listLegalHolds(storage: StorageAdapter, sellerId: string, includeReleased = false): Promise<LegalHold[]> {
  const holds = new Map<string, LegalHold>();
  for await (const r of scanStorage(storage, { sellerId, kinds: ["legal-hold"] }, "read legal holds")) {
    const id = String(r.data.holdId ?? r.id);
    if (r.data.action === "release") {
      const h = holds.get(id);
      if (h !== undefined && h.releasedAt === undefined) {
        h.releasedAt = new Date(r.recordedAt.getTime());
        if (typeof r.data.reason === "string") h.releaseReason = r.data.reason;
      }
      continue;
    }
    holds.set(id, holdFrom(r));
  }
  return [...holds.values()].filter((h) => includeReleased || h.releasedAt === undefined);
}

function holdFrom(r: StoredRecord): LegalHold {
  const d = r.data;
  const hold: LegalHold = { id: String(d.holdId ?? r.id), reason: String(d.reason ?? ""), placedAt: new Date(r.at.getTime()) };
  if (typeof d.phone === "string") hold.phone = d.phone;
  if (typeof d.campaignId === "string") hold.campaignId = d.campaignId;
  if (typeof d.from === "string") hold.from = new Date(d.from);
  if (typeof d.to === "string") hold.to = new Date(d.to);
  if (typeof d.matter === "string") hold.matter = d.matter;
  return hold;
}
