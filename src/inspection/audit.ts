/**
 * The post-call audit (rules.md, "Post-call audit"): findings over the recorded interactions of a
 * time range, read corrected (amendments applied), plus the record-keeping checks: calls never
 * gated or placed against a denial, and written consents stored without their evidence. Every
 * threshold comes from the rule pack in ./audit-rules.ts.
 */
import { DateTime } from "luxon";
import { massachusettsApplies } from "../core/evaluate.js";
import type { GateInternals } from "../gate/internals.js";
import { parseUsPhone } from "../phone/index.js";
import { ALL_RULES } from "../rules/index.js";
import type { Purpose } from "../rules/types.js";
import type { StoredRecord } from "../storage/types.js";
import { LEGAL_ZONE, calendarDate, type InstantInput } from "../time/instant.js";
import { applyAmendments, loadAmendments } from "./amend.js";
import { LIVE_ANSWER_DISPOSITIONS, VOICE_METHODS, auditRules as R, type AuditRule } from "./audit-rules.js";
import { campaignOf } from "./query.js";
import { resolveClosedRange } from "./range.js";
import { readStorage, scanStorage } from "./storage-read.js";

/** The range of {@link InspectionMethods.auditInteractions}: calls whose start is in `[from, to)`. */
export interface AuditRange {
  /** Start of the range, inclusive. A bare date (`"2026-11-01"`) is the start of that day in New York. */
  from: InstantInput;
  /** End of the range, exclusive; must be after `from`. A bare date is the start of that day in New York. */
  to: InstantInput;
  /** Only this campaign's calls and consents. */
  campaignId?: string;
}

/** One finding: what rule, which records, and why. */
export interface AuditFinding {
  /** The rule's id: rules.md's post-call table, or `audit.*` / `us.robocall-consent.evidence`. */
  rule: string;
  /** The law the rule enforces (the abandonment rule's citation for an abandonment rate). */
  citation: string;
  /** The records the finding is about (for an abandonment rate: the abandoned calls). */
  recordIds: string[];
  /** What is wrong, in one sentence naming the record or the campaign. */
  message: string;
  /** The number called (E.164), when the finding is about one record that has one. */
  phone?: string;
  /** The campaign of the call or consent (of the period, for an abandonment rate), when it has one. */
  campaignId?: string;
  /** The call's (or consent's) own instant; for an abandonment rate, the period's start. */
  at: Date;
}

/** Abandonment of one campaign in one 30-day period. */
export interface AbandonmentPeriod {
  /** `null`: calls recorded without a campaign. */
  campaignId: string | null;
  /** The period, `[from, to)`; the last one of a range may be shorter than 30 days. */
  from: Date;
  /** End of the period, exclusive. */
  to: Date;
  /** Outbound calls answered by a person (the denominator). */
  liveAnswered: number;
  /** Of those, abandoned: disposition `abandoned`, or not connected to an agent within 2 s. */
  abandoned: number;
  /** `abandoned / liveAnswered`, or `null` when no call was answered by a person. */
  rate: number | null;
  /** The rate is above the limit (3%). */
  overLimit: boolean;
}

/** What {@link InspectionMethods.auditInteractions} found. */
export interface AuditReport {
  /** The range audited, its ends read as instants. */
  range: {
    /** Start of the range, inclusive. */
    from: Date;
    /** End of the range, exclusive. */
    to: Date;
  };
  /** The campaign audited, when the range named one. */
  campaignId?: string;
  /**
   * Records looked at: interactions started in the range (of the campaign, if one is named), of
   * them the outbound ones, of those the sales calls answered by a person (the abandonment
   * denominator), and the written consents granted in the range.
   */
  examined: {
    /** Interactions whose call started in the range. */
    interactions: number;
    /** Of them, the outbound calls. */
    outbound: number;
    /** Of those, the sales calls answered by a person: the abandonment denominator. */
    liveAnswered: number;
    /** Written consents granted in the range. */
    writtenConsents: number;
  };
  /** Every finding, one per rule broken per record (one per campaign and period for an abandonment rate). */
  findings: AuditFinding[];
  /** Findings per rule id (rules with none are listed with 0). */
  countsByRule: Record<string, number>;
  /** Abandonment of each campaign in each 30-day period of the range in which a person answered one of its sales calls. */
  abandonment: AbandonmentPeriod[];
}

interface DecisionFacts {
  found: boolean;
  allowed: boolean;
  phone: string | null;
  rules: string[];
}

interface Timing {
  ringSeconds?: number;
  rings?: number;
  answeredBy?: string;
  agentConnectSeconds?: number;
  disclosureSeconds?: number;
  paymentRequestSeconds?: number;
  lineReleaseSeconds?: number;
}

const applies = (rule: AuditRule, purpose: string): boolean => rule.purposes.includes(purpose as Purpose);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function timingOf(d: Readonly<Record<string, unknown>>): Timing {
  const t = (d.timing ?? {}) as Record<string, unknown>;
  const out: Timing = {};
  for (const k of ["ringSeconds", "rings", "agentConnectSeconds", "disclosureSeconds", "paymentRequestSeconds", "lineReleaseSeconds"] as const) {
    const v = num(t[k]);
    if (v !== undefined) out[k] = v;
  }
  const by = str(t.answeredBy);
  if (by !== undefined) out.answeredBy = by;
  return out;
}

/** Whether the Massachusetts pack covers the call: the consumer's state, else the ZIP, else the area code (rules.md). */
export function interactionIsMassachusetts(record: StoredRecord, data: Readonly<Record<string, unknown>>): boolean {
  if (record.phone === null) return false;
  const phone = parseUsPhone(record.phone);
  if (!phone.ok) return false;
  const consumer = (data.consumer ?? {}) as Record<string, unknown>;
  const rawState = str(consumer.state)?.trim().toUpperCase();
  const state = rawState !== undefined && /^[A-Z]{2}$/.test(rawState) ? rawState : undefined;
  const postal = str(consumer.postalCode)?.trim();
  return massachusettsApplies(phone, state, postal === "" ? undefined : postal);
}

/** Whether a person answered the call (the denominator of the abandonment rate). */
export function answeredLive(data: Readonly<Record<string, unknown>>): boolean {
  const t = timingOf(data);
  if (data.disposition === "abandoned") return true;
  if (t.answeredBy !== undefined) return t.answeredBy === "live";
  return LIVE_ANSWER_DISPOSITIONS.includes(String(data.disposition));
}

/** Whether the call counts as abandoned: disposition `abandoned`, or a live answer not connected within 2 s. */
export function abandoned(data: Readonly<Record<string, unknown>>): boolean {
  if (data.disposition === "abandoned") return true;
  const t = timingOf(data);
  return answeredLive(data) && t.agentConnectSeconds !== undefined && t.agentConnectSeconds > R.abandon2s.params.maxConnectSeconds;
}

/** The 30-day periods of a range, in New York calendar days from its start; the last one is cut at `to`. */
export function auditPeriods(from: Date, to: Date, days: number = R.abandonmentRate.params.periodDays): { from: Date; to: Date }[] {
  const out: { from: Date; to: Date }[] = [];
  let start = DateTime.fromMillis(from.getTime(), { zone: LEGAL_ZONE });
  while (start.toMillis() < to.getTime()) {
    const end = Math.min(start.plus({ days }).toMillis(), to.getTime());
    out.push({ from: new Date(start.toMillis()), to: new Date(end) });
    start = DateTime.fromMillis(end, { zone: LEGAL_ZONE });
  }
  return out;
}

const seconds = (n: number): string => `${Number.isInteger(n) ? n : n.toFixed(1)} s`;
const percent = (r: number): string => `${(r * 100).toFixed(1)}%`;

/** Runs the audit over `[from, to)`. Reads only; the clock is not needed. */
export async function auditInteractions(internals: GateInternals, range: AuditRange): Promise<AuditReport> {
  const { from, to } = resolveClosedRange(range, "audit range");
  const campaignFilter = typeof range.campaignId === "string" && range.campaignId !== "" ? range.campaignId : undefined;
  const sellerId = internals.seller.id;
  const amendments = await loadAmendments(internals.storage, sellerId);
  const findings: AuditFinding[] = [];
  const examined = { interactions: 0, outbound: 0, liveAnswered: 0, writtenConsents: 0 };
  const periods = auditPeriods(from, to);
  const tallies = new Map<string, { campaignId: string | null; period: number; live: number; abandonedIds: string[] }>();
  const decisions = new Map<string, DecisionFacts>();

  const finding = (rule: AuditRule, record: StoredRecord, message: string, campaignId: string | undefined, citation = rule.citation): void => {
    const f: AuditFinding = { rule: rule.id, citation, recordIds: [record.id], message, at: new Date(record.at.getTime()) };
    if (record.phone !== null) f.phone = record.phone;
    if (campaignId !== undefined) f.campaignId = campaignId;
    findings.push(f);
  };
  const decisionFacts = async (id: string): Promise<DecisionFacts> => {
    const cached = decisions.get(id);
    if (cached !== undefined) return cached;
    const r = await readStorage("read a decision", () => internals.storage.getRecord(id));
    const facts: DecisionFacts =
      r === null || r.kind !== "decision" || r.sellerId !== sellerId
        ? { found: false, allowed: false, phone: null, rules: [] }
        : {
            found: true,
            allowed: r.data.allowed === true,
            phone: r.phone,
            rules: Array.isArray(r.data.reasons) ? (r.data.reasons as { rule?: unknown }[]).map((x) => String(x.rule)) : [],
          };
    decisions.set(id, facts);
    return facts;
  };

  for await (const record of scanStorage(internals.storage, { sellerId, kinds: ["interaction"], from, to }, "read interactions")) {
    const d = applyAmendments(record.data, amendments.get(record.id));
    const campaignId = campaignOf(record, d);
    if (campaignFilter !== undefined && campaignId !== campaignFilter) continue;
    examined.interactions++;
    if ((d.direction ?? "outbound") !== "outbound") continue;
    examined.outbound++;
    const purpose = String(d.purpose ?? "telemarketing");
    const method = String(d.method ?? "live");
    const voice = VOICE_METHODS.includes(method);
    const t = timingOf(d);
    const live = answeredLive(d);
    const disposition = String(d.disposition);
    const ma = interactionIsMassachusetts(record, d);

    // Gated? Every outbound call carries the id of the decision that allowed it.
    const decisionId = str(d.decisionId);
    if (decisionId === undefined) {
      finding(R.neverGated, record, `Outbound call ${record.id} has no decisionId: it was never gated`, campaignId);
    } else {
      const dec = await decisionFacts(decisionId);
      if (!dec.found) finding(R.neverGated, record, `Outbound call ${record.id} names decision ${decisionId}, which is not a decision of this seller`, campaignId);
      else if (dec.phone !== record.phone) {
        finding(R.neverGated, record, `Outbound call ${record.id} to ${record.phone ?? "?"} names decision ${decisionId}, which was about ${dec.phone ?? "an invalid number"}`, campaignId);
      } else if (!dec.allowed) {
        const citations = [...new Set(dec.rules.map((rule) => ALL_RULES.get(rule)?.citation).filter((c): c is string => c !== undefined))];
        finding(
          R.againstDenial,
          record,
          `Outbound call ${record.id} was placed against decision ${decisionId}, which denied it (${dec.rules.join(", ") || "no reason kept"})`,
          campaignId,
          citations.length > 0 ? citations.join("; ") : R.againstDenial.citation,
        );
      }
    }
    if (!voice) continue;

    // Abandonment (16 CFR 310.4(b)(4); 47 CFR 64.1200(a)(7)): sales calls, per campaign per period.
    if (applies(R.abandonmentRate, purpose) && live) {
      examined.liveAnswered++;
      const p = periods.findIndex((x) => record.at.getTime() < x.to.getTime());
      const key = `${p}\u0000${campaignId ?? ""}`;
      let tally = tallies.get(key);
      if (tally === undefined) tallies.set(key, (tally = { campaignId: campaignId ?? null, period: p, live: 0, abandonedIds: [] }));
      tally.live++;
      if (abandoned(d)) tally.abandonedIds.push(record.id);
    }
    if (applies(R.abandon2s, purpose) && live && t.agentConnectSeconds !== undefined && t.agentConnectSeconds > R.abandon2s.params.maxConnectSeconds) {
      finding(R.abandon2s, record, `Live answer connected to an agent after ${seconds(t.agentConnectSeconds)} (limit ${R.abandon2s.params.maxConnectSeconds} s): the call counts as abandoned`, campaignId);
    }
    const rt = R.ringTime.params;
    const unanswered = rt.unansweredDispositions.includes(disposition) || (t.answeredBy === "none" && !rt.neverRang.includes(disposition));
    if (applies(R.ringTime, purpose) && unanswered && (t.ringSeconds !== undefined || t.rings !== undefined)) {
      const enough = (t.ringSeconds !== undefined && t.ringSeconds >= rt.minRingSeconds) || (t.rings !== undefined && t.rings >= rt.minRings);
      if (!enough) {
        const rang = [t.ringSeconds === undefined ? undefined : seconds(t.ringSeconds), t.rings === undefined ? undefined : `${t.rings} rings`].filter(Boolean).join(", ");
        finding(R.ringTime, record, `Unanswered call hung up after ${rang}: it must ring ${rt.minRingSeconds} s or ${rt.minRings} rings`, campaignId);
      }
    }
    if (ma && applies(R.disclosure1min, purpose) && live) {
      const limit = R.disclosure1min.params.maxDisclosureSeconds;
      const problems: string[] = [];
      if (t.disclosureSeconds !== undefined && t.disclosureSeconds > limit) problems.push(`the disclosures came at ${seconds(t.disclosureSeconds)}, after the first minute`);
      if (t.paymentRequestSeconds !== undefined && (t.disclosureSeconds === undefined || t.paymentRequestSeconds < t.disclosureSeconds)) {
        problems.push(`payment was requested at ${seconds(t.paymentRequestSeconds)}, before the disclosures${t.disclosureSeconds === undefined ? " (none recorded)" : ""}`);
      }
      if (problems.length > 0) finding(R.disclosure1min, record, `Massachusetts sales call: ${problems.join("; ")}`, campaignId);
    }
    if (ma && R.adsRelease.params.methods.includes(method) && t.lineReleaseSeconds !== undefined && t.lineReleaseSeconds > R.adsRelease.params.maxReleaseSeconds) {
      finding(R.adsRelease, record, `Massachusetts ${method} call: the line was released ${seconds(t.lineReleaseSeconds)} after the consumer hung up (limit ${R.adsRelease.params.maxReleaseSeconds} s)`, campaignId);
    }
  }

  const abandonment: AbandonmentPeriod[] = [];
  const maxRate = R.abandonmentRate.params.maxRate;
  for (const tally of [...tallies.values()].sort((a, b) => a.period - b.period || (a.campaignId ?? "").localeCompare(b.campaignId ?? ""))) {
    const period = periods[tally.period] as { from: Date; to: Date };
    const rate = tally.live === 0 ? null : tally.abandonedIds.length / tally.live;
    const overLimit = rate !== null && rate > maxRate;
    abandonment.push({ campaignId: tally.campaignId, from: period.from, to: period.to, liveAnswered: tally.live, abandoned: tally.abandonedIds.length, rate, overLimit });
    if (overLimit) {
      const f: AuditFinding = {
        rule: R.abandonmentRate.id,
        citation: R.abandonmentRate.citation,
        recordIds: [...tally.abandonedIds],
        message:
          `Campaign ${tally.campaignId ?? "(none)"}: ${tally.abandonedIds.length} of ${tally.live} live-answered calls abandoned ` +
          `(${percent(rate)}) from ${calendarDate(period.from)} to ${calendarDate(period.to.getTime() - 1)}, above ${percent(maxRate)}`,
        at: new Date(period.from.getTime()),
      };
      if (tally.campaignId !== null) f.campaignId = tally.campaignId;
      findings.push(f);
    }
  }

  // Written consents (47 CFR 64.1200(f)(9)): the evidence is stored with the grant.
  for await (const record of scanStorage(internals.storage, { sellerId, kinds: ["consent"], from, to }, "read consents")) {
    const d = record.data;
    if (d.action !== "grant" || d.form !== "written") continue;
    const campaignId = campaignOf(record);
    if (campaignFilter !== undefined && campaignId !== campaignFilter) continue;
    examined.writtenConsents++;
    const evidence = (d.evidence ?? {}) as Record<string, unknown>;
    const missing = R.consentEvidence.params.requiredEvidence.filter((k) => typeof evidence[k] !== "string" || (evidence[k] as string).trim() === "");
    if (missing.length > 0) {
      finding(R.consentEvidence, record, `Written consent ${record.id} is stored without ${missing.join(" or ")} evidence`, campaignId);
    }
  }

  const countsByRule: Record<string, number> = {};
  for (const rule of Object.values(R)) countsByRule[rule.id] = 0;
  for (const f of findings) countsByRule[f.rule] = (countsByRule[f.rule] ?? 0) + 1;
  const report: AuditReport = { range: { from, to }, examined, findings, countsByRule, abandonment };
  if (campaignFilter !== undefined) report.campaignId = campaignFilter;
  return report;
}
