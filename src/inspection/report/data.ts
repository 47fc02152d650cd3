/**
 * What the compliance report shows, gathered from the records of a range: calls per day by
 * disposition, denials by reason, the audit (abandonment per campaign), complaints, and the age of
 * the registry copies in use. Registry metadata only: never a number from a registry.
 */
import { DateTime } from "luxon";
import type { GateInternals } from "../../gate/internals.js";
import type { ChainHead } from "../../storage/types.js";
import { LEGAL_ZONE, calendarDate, calendarDaysBetween } from "../../time/instant.js";
import { applyAmendments, loadAmendments } from "../amend.js";
import { auditInteractions, type AuditReport } from "../audit.js";
import { listComplaints, type ComplaintView } from "../complaints.js";
import { readStorage, scanStorage } from "../storage-read.js";

/** A registry snapshot the gate recorded (metadata). */
export interface SnapshotMeta {
  id: string;
  source: string;
  edition: string;
  obtainedAt: Date;
  /** When the gate started using it (the record's `recordedAt`). */
  inUseFrom: Date;
  count: number | null;
}

/** The age of the registry copy in use, per day. */
export interface RegistryAgeSeries {
  source: string;
  /** Per day of the range: days since the copy's download (national) or edition (Massachusetts); `null` when no copy was in use. */
  points: { day: string; ageDays: number | null }[];
}

/** Everything the report renders. */
export interface ReportData {
  seller: { id: string; name: string };
  range: { from: Date; to: Date };
  generatedAt: Date;
  chainHead: ChainHead | null;
  /** The New York calendar days of the range. */
  days: string[];
  /** Dispositions seen, most frequent first. */
  dispositions: string[];
  /** `callsByDay[day][disposition]`: calls (corrected dispositions) started that day. */
  callsByDay: Record<string, Record<string, number>>;
  totalCalls: number;
  decisions: { total: number; allowed: number; denied: number };
  /** Denied decisions by reason code (a decision with two codes counts under each), most frequent first. */
  denialsByReason: { code: string; rules: string[]; count: number }[];
  audit: AuditReport;
  complaints: { openedInRange: number; open: number; responded: number; resolved: number; overdue: ComplaintView[] };
  snapshots: SnapshotMeta[];
  registryAge: RegistryAgeSeries[];
}

/** The New York calendar days that `[from, to)` touches. */
export function rangeDays(from: Date, to: Date): string[] {
  const days: string[] = [];
  let d = DateTime.fromMillis(from.getTime(), { zone: LEGAL_ZONE }).startOf("day");
  while (d.toMillis() < to.getTime()) {
    days.push(d.toISODate() as string);
    d = d.plus({ days: 1 }).startOf("day");
  }
  return days;
}

/** Gathers the report's data; `now` is the one clock reading of the operation. */
export async function gatherReportData(internals: GateInternals, now: Date, from: Date, to: Date): Promise<ReportData> {
  const sellerId = internals.seller.id;
  const storage = internals.storage;
  const chainHead = await readStorage("read the chain head", () => storage.head());
  const days = rangeDays(from, to);

  const amendments = await loadAmendments(storage, sellerId);
  const callsByDay: Record<string, Record<string, number>> = {};
  const dispositionTotals = new Map<string, number>();
  let totalCalls = 0;
  for await (const r of scanStorage(storage, { sellerId, kinds: ["interaction"], from, to }, "read interactions")) {
    const d = applyAmendments(r.data, amendments.get(r.id));
    const day = calendarDate(r.at);
    const disposition = String(d.disposition ?? "unknown");
    const row = (callsByDay[day] ??= {});
    row[disposition] = (row[disposition] ?? 0) + 1;
    dispositionTotals.set(disposition, (dispositionTotals.get(disposition) ?? 0) + 1);
    totalCalls++;
  }

  const decisions = { total: 0, allowed: 0, denied: 0 };
  const reasons = new Map<string, { rules: Set<string>; count: number }>();
  for await (const r of scanStorage(storage, { sellerId, kinds: ["decision"], from, to }, "read decisions")) {
    decisions.total++;
    if (r.data.allowed === true) {
      decisions.allowed++;
      continue;
    }
    decisions.denied++;
    const seen = new Set<string>();
    for (const reason of (Array.isArray(r.data.reasons) ? r.data.reasons : []) as { code?: unknown; rule?: unknown }[]) {
      const code = String(reason.code);
      const entry = reasons.get(code) ?? { rules: new Set<string>(), count: 0 };
      entry.rules.add(String(reason.rule));
      if (!seen.has(code)) entry.count++;
      seen.add(code);
      reasons.set(code, entry);
    }
  }

  const audit = await auditInteractions(internals, { from, to });
  const all = await listComplaints(internals, now);
  const complaints = {
    openedInRange: all.filter((c) => c.openedAt.getTime() >= from.getTime() && c.openedAt.getTime() < to.getTime()).length,
    open: all.filter((c) => c.status === "open").length,
    responded: all.filter((c) => c.status === "responded").length,
    resolved: all.filter((c) => c.status === "resolved").length,
    overdue: all.filter((c) => c.overdue),
  };

  const snapshots: SnapshotMeta[] = [];
  for await (const r of scanStorage(storage, { sellerId, kinds: ["registry-snapshot"] }, "read registry snapshots")) {
    const d = r.data;
    snapshots.push({
      id: String(d.registryId ?? r.id),
      source: String(d.source ?? "unknown"),
      edition: String(d.edition ?? ""),
      obtainedAt: new Date(String(d.obtainedAt ?? r.at.toISOString())),
      inUseFrom: new Date(r.recordedAt.getTime()),
      count: typeof d.count === "number" ? d.count : null,
    });
  }

  return {
    seller: { id: sellerId, name: internals.seller.name },
    range: { from, to },
    generatedAt: now,
    chainHead,
    days,
    dispositions: [...dispositionTotals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k),
    callsByDay,
    totalCalls,
    decisions,
    denialsByReason: [...reasons.entries()]
      .map(([code, e]) => ({ code, rules: [...e.rules].sort(), count: e.count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    audit,
    complaints,
    snapshots,
    registryAge: registryAge(snapshots, days),
  };
}

/**
 * Per day and source, the age of the freshest copy the gate recorded that had been obtained by the
 * end of that day: days from its
 * download (national, 16 CFR 310.4(b)(3)(iv): at most 31) or from its edition (Massachusetts, a
 * quarterly list).
 */
function registryAge(snapshots: readonly SnapshotMeta[], days: readonly string[]): RegistryAgeSeries[] {
  const sources = [...new Set(snapshots.map((s) => s.source))].sort();
  return sources.map((source) => {
    const mine = snapshots.filter((s) => s.source === source);
    return {
      source,
      points: days.map((day) => {
        const endOfDay = DateTime.fromISO(day, { zone: LEGAL_ZONE }).plus({ days: 1 }).toMillis();
        let best: SnapshotMeta | undefined;
        for (const s of mine) {
          if (s.obtainedAt.getTime() >= endOfDay) continue;
          if (best === undefined || s.obtainedAt.getTime() > best.obtainedAt.getTime()) best = s;
        }
        if (best === undefined) return { day, ageDays: null };
        const origin = source === "massachusetts" && /^\d{4}-\d{2}-\d{2}$/.test(best.edition)
          ? DateTime.fromISO(best.edition, { zone: LEGAL_ZONE }).toMillis()
          : best.obtainedAt.getTime();
        const dayStart = DateTime.fromISO(day, { zone: LEGAL_ZONE }).toMillis();
        return { day, ageDays: calendarDaysBetween(origin, dayStart) };
      }),
    };
  });
}
