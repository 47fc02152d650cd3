/**
 * Retention in action: decides which records the retention period allows to go, sparing records
 * under legal hold, consents in force (or ended less than the retention period ago) and honoured
 * do-not-call requests, and hands the ids to the adapter with a checkpoint that keeps the chain
 * verifiable.
 */
import type { Policy } from "../core/types.js";
import { addCalendar, tryParseInstant } from "../time/instant.js";
import type { RecordKind, StorageAdapter, StoredRecord } from "../storage/types.js";
import { envelope, type RecordContext } from "./records.js";
import { scanRecords as scan } from "../records/scan.js";
import { holdCovers, listLegalHolds } from "../inspection/holds.js";

/** What `purgeExpired` did. */
export interface PurgeReport {
  /** Records made before this instant were eligible. */
  cutoff: Date;
  /** How many records were removed. */
  removed: number;
  /** Removed records by kind. */
  removedByKind: Partial<Record<RecordKind, number>>;
  /** Eligible by age but kept, by reason. */
  kept: {
    /** Kept because a legal hold covers them. */
    legalHold: number;
    /** Consents in force, or ended less than the retention period ago (they prove calls made under them). */
    consentInForce: number;
    /** Do-not-call requests still honoured, and revocations behind them. */
    doNotCallHonoured: number;
    /** Records kept with the amendments that correct them (and amendments kept with their record). */
    amended: number;
  };
  /** The checkpoint record standing for what was removed, if anything was. */
  checkpointId: string | null;
}

const NEVER_PURGED = new Set<RecordKind>(["checkpoint", "legal-hold"]);

/** Plans and applies a purge. */
export async function planPurge(args: {
  storage: StorageAdapter;
  sellerId: string;
  now: Date;
  cutoff: Date;
  policy: Policy;
  context: RecordContext;
}): Promise<PurgeReport> {
  const { storage, sellerId, now, cutoff, policy } = args;
  const holds = await listLegalHolds(storage, sellerId);
  const doomed: StoredRecord[] = [];
  const removedByKind: Partial<Record<RecordKind, number>> = {};
  const kept = { legalHold: 0, consentInForce: 0, doNotCallHonoured: 0, amended: 0 };
  const revocationsByPhone = new Map<string, number[]>();
  const candidates: StoredRecord[] = [];
  for await (const r of scan(storage, { sellerId, recordedBefore: cutoff })) {
    if (NEVER_PURGED.has(r.kind)) continue;
    candidates.push(r);
  }
  for await (const r of scan(storage, { sellerId, kinds: ["consent"] })) {
    if (r.data.action === "revoke" && r.phone !== null) {
      const list = revocationsByPhone.get(r.phone) ?? [];
      list.push(r.at.getTime());
      revocationsByPhone.set(r.phone, list);
    }
  }
  const nowMs = now.getTime();
  const dncHonoured = (at: Date): boolean =>
    policy.companyDncYears === null || nowMs <= addCalendar(at, { years: policy.companyDncYears }).getTime();

  for (const r of candidates) {
    if (holds.some((h) => holdCovers(h, r))) {
      kept.legalHold++;
      continue;
    }
    if (r.kind === "consent") {
      if (r.data.action === "grant") {
        // Kept until the retention period has run from the day the consent ended.
        const expires = tryParseInstant(r.data.expiresAt)?.getTime();
        const revoked = (revocationsByPhone.get(r.phone ?? "") ?? []).filter((t) => t >= r.at.getTime());
        const ends = [...(expires === undefined ? [] : [expires]), ...revoked];
        const end = ends.length > 0 ? Math.min(...ends) : undefined;
        if (end === undefined || end > nowMs || addCalendar(end, { years: policy.retentionYears }).getTime() > nowMs) {
          kept.consentInForce++;
          continue;
        }
      } else if (dncHonoured(r.at)) {
        kept.doNotCallHonoured++;
        continue;
      }
    }
    if (r.kind === "do-not-call" && dncHonoured(r.at)) {
      kept.doNotCallHonoured++;
      continue;
    }
    doomed.push(r);
  }
  // A corrected record stays as long as any amendment of it does (the corrected view must stay
  // whole); an amendment goes with its record.
  const doomedIds = new Set(doomed.map((r) => r.id));
  const amendedAndKept = new Set<string>();
  for await (const a of scan(storage, { sellerId, kinds: ["amendment"] })) {
    if (!doomedIds.has(a.id)) amendedAndKept.add(String(a.data.targetId));
  }
  const removing: string[] = [];
  const removedTargets = new Set<string>();
  for (const r of doomed) {
    if (r.kind === "amendment") continue;
    if (amendedAndKept.has(r.id)) kept.amended++;
    else {
      removing.push(r.id);
      removedTargets.add(r.id);
      removedByKind[r.kind] = (removedByKind[r.kind] ?? 0) + 1;
    }
  }
  for (const r of doomed) {
    if (r.kind !== "amendment") continue;
    if (removedTargets.has(String(r.data.targetId))) {
      removing.push(r.id);
      removedByKind.amendment = (removedByKind.amendment ?? 0) + 1;
    } else kept.amended++;
  }
  if (removing.length === 0) return { cutoff, removed: 0, removedByKind, kept, checkpointId: null };
  const checkpoint = envelope(args.context, "checkpoint", "chk", null, now, {
    reason: "retention",
    cutoff,
    retentionYears: policy.retentionYears,
    removedByKind,
  });
  const result = await storage.purge({ ids: removing, checkpoint });
  return { cutoff, removed: result.removed, removedByKind, kept, checkpointId: result.checkpoint?.id ?? null };
}

