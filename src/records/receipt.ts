/**
 * Decision receipts: what a stored `decision` record keeps of a `canCall` decision. Compact on
 * purpose (one is written per call): what can be derived is not repeated. The citation of each
 * rule comes from the rule packs of the receipt's `rulesVersion`, the instants from the record's
 * envelope (`at` is the call instant, `recordedAt` the evaluation instant).
 */
import type { CallDecision, EvaluatedCall } from "../core/types.js";
import type { NormalizedRequest } from "../core/request.js";
import { ALL_RULES } from "../rules/index.js";
import type { ReasonCode } from "../rules/types.js";
import type { StoredRecord } from "../storage/types.js";

/** The persisted shape of a decision receipt (schema version 1). Keys are in canonical (sorted) order. */
export interface DecisionReceipt {
  /** Whether the call was allowed. */
  allowed: boolean;
  /** Rules that would have denied but an exemption applied (citations come from the rule packs). */
  exemptions: {
    /** The exemption's basis, e.g. `written-consent`. */
    basis: string;
    /** The rule id. */
    rule: string;
  }[];
  /** The jurisdictions whose rules applied, e.g. `["us", "ma"]`. */
  jurisdictions: string[];
  /** Consumer-local wall time of the call in each candidate zone. */
  localTimes: Record<string, string>;
  /** The next allowed instant (ISO), when only the clock stood in the way. */
  nextAllowedAt?: string;
  /** The number as given, when it did not parse (the envelope's phone is then null). */
  phoneAsGiven?: string;
  /** The denial reasons. */
  reasons: {
    /** The reason code. */
    code: ReasonCode;
    /** The message the decision carried. */
    message: string;
    /** The rule id. */
    rule: string;
  }[];
  /** The ids of the registry snapshots consulted (`<source>-<edition>-<hash>`). */
  registries: string[];
  /** Non-default parts of the request. */
  request: Record<string, unknown>;
  /** Every rule evaluated and how it fared. */
  rules: Record<string, "pass" | "deny" | "exempt">;
  /** The rule packs' version that decided. */
  rulesVersion: string;
  /** The candidate zones. */
  timeZones: string[];
}

/** Builds the receipt of an evaluated call. */
export function buildReceipt(evaluated: EvaluatedCall, req: NormalizedRequest, phoneParsed: boolean): DecisionReceipt {
  const d = evaluated.decision;
  const localTimes: Record<string, string> = {};
  for (const t of evaluated.localTimes) localTimes[t.zone] = t.local;
  const outcomes = new Map<string, "pass" | "deny" | "exempt">();
  for (const o of evaluated.rulesEvaluated) outcomes.set(o.rule, outcomes.get(o.rule) === "deny" ? "deny" : o.outcome);
  const rules: Record<string, "pass" | "deny" | "exempt"> = {};
  for (const rule of [...outcomes.keys()].sort()) rules[rule] = outcomes.get(rule) as "pass" | "deny" | "exempt";
  // Keys in sorted order, as the chain's canonical form wants them.
  const request: Record<string, unknown> = {};
  if (req.callerId !== undefined) request.callerId = req.callerId;
  if (req.campaignId !== undefined) request.campaignId = req.campaignId;
  if (req.isBusiness) request.isBusiness = true;
  if (req.lineType !== "unknown") request.lineType = req.lineType;
  request.method = req.method;
  if (req.postalCode !== undefined) request.postalCode = req.postalCode;
  request.purpose = req.purpose;
  if (req.state !== undefined) request.state = req.state;
  if (req.timeZone !== undefined) request.timeZone = req.timeZone;
  // Keys in sorted order (the chain's canonical form), optional ones in their place.
  const receipt: DecisionReceipt = {
    allowed: d.allowed,
    exemptions: d.exemptions.map((e) => ({ basis: e.basis, rule: e.rule })),
    jurisdictions: d.jurisdictions,
    localTimes,
    ...(d.nextAllowedAt === undefined ? {} : { nextAllowedAt: d.nextAllowedAt.toISOString() }),
    ...(phoneParsed ? {} : { phoneAsGiven: req.phone }),
    reasons: d.reasons.map((r) => ({ code: r.code, message: r.message, rule: r.rule })),
    registries: d.registries.map((r) => r.id),
    request,
    rules,
    rulesVersion: d.rulesVersion,
    timeZones: d.timeZones,
  };
  return receipt;
}

/**
 * Reads a stored decision record back as the {@link CallDecision} the gate returned (citations from
 * the rule packs; registry sources and editions from the ids).
 */
export function decisionFromRecord(record: StoredRecord): CallDecision {
  const r = record.data as unknown as DecisionReceipt;
  const citation = (rule: string): string => ALL_RULES.get(rule)?.citation ?? "";
  const decision: CallDecision = {
    id: record.id,
    allowed: r.allowed,
    phone: record.phone ?? r.phoneAsGiven ?? "",
    at: new Date(record.at.getTime()),
    evaluatedAt: new Date(record.recordedAt.getTime()),
    reasons: r.reasons.map((x) => ({ code: x.code, rule: x.rule, citation: citation(x.rule), message: x.message })),
    exemptions: r.exemptions.map((x) => ({ rule: x.rule, basis: x.basis as CallDecision["exemptions"][number]["basis"], citation: citation(x.rule) })),
    timeZones: [...r.timeZones],
    jurisdictions: [...r.jurisdictions],
    registries: r.registries.map((id) => {
      const [source = "", edition = ""] = /^([a-z]+)-(\d{4}-\d{2}-\d{2})/.exec(id)?.slice(1) ?? [];
      return { id, source, edition };
    }),
    rulesVersion: r.rulesVersion,
  };
  if (r.nextAllowedAt !== undefined) decision.nextAllowedAt = new Date(r.nextAllowedAt);
  return decision;
}
