/**
 * The post-call audit rule pack (rules.md, "Post-call audit"): every threshold the audit and the
 * complaint deadlines use lives here as data, with its id and citation, so that a change of law is
 * a one-line change with a test.
 */
import type { Purpose } from "../rules/types.js";

/** One post-call audit rule: a finding carries its `id` as `rule` and its `citation`. */
export interface AuditRule<P = Readonly<Record<string, unknown>>> {
  /** Stable id, used as `rule` in a finding (rules.md's post-call table, or `audit.*`). */
  readonly id: string;
  /** The law the rule enforces, as a finding cites it. */
  readonly citation: string;
  /** One line in the domain's words. */
  readonly summary: string;
  /** The call purposes the rule looks at (all of them for the record-keeping rules). */
  readonly purposes: readonly Purpose[];
  /** The rule's thresholds (a rate, a number of seconds or business days), as data. */
  readonly params: P;
}

const SALES: readonly Purpose[] = ["telemarketing", "charitable"];
const ALL: readonly Purpose[] = ["telemarketing", "informational", "debt-collection", "survey", "charitable", "political"];
const ABANDONMENT_CITATION = "16 CFR 310.4(b)(4); 47 CFR 64.1200(a)(7)";

/** Dispositions that mean a person answered, when the call carries no `timing.answeredBy` mark. */
export const LIVE_ANSWER_DISPOSITIONS: readonly string[] = Object.freeze([
  "answered",
  "connected",
  "sale",
  "not-interested",
  "callback",
  "do-not-call",
  "transferred",
  "wrong-number",
  "abandoned",
]);

/** Methods that make a voice call (a text or a fax neither rings nor is answered by a greeting). */
export const VOICE_METHODS: readonly string[] = Object.freeze(["live", "autodialed", "prerecorded"]);

/** The post-call audit rules. */
export const auditRules = {
  abandonmentRate: {
    id: "us.abandonment-rate",
    citation: ABANDONMENT_CITATION,
    summary: "Abandoned calls are at most 3% of live-answered calls, per campaign per 30-day period",
    purposes: SALES,
    params: { maxRate: 0.03, periodDays: 30 },
  },
  abandon2s: {
    id: "us.abandon-2s",
    citation: ABANDONMENT_CITATION,
    summary: "A live answer is connected to an agent within 2 seconds of the greeting, else the call counts as abandoned",
    purposes: SALES,
    params: { maxConnectSeconds: 2 },
  },
  ringTime: {
    id: "us.ring-time",
    citation: ABANDONMENT_CITATION,
    summary: "An unanswered call rings at least 15 seconds or 4 rings before the caller hangs up",
    purposes: SALES,
    params: {
      minRingSeconds: 15,
      minRings: 4,
      /** Dispositions of an unanswered call; `timing.answeredBy: "none"` also marks one, unless the line never rang. */
      unansweredDispositions: ["no-answer"] as readonly string[],
      neverRang: ["busy", "failed"] as readonly string[],
    },
  },
  disclosure1min: {
    id: "ma.disclosure-1min",
    citation: "201 CMR 12.02(7); M.G.L. c.159C §5A",
    summary: "The sales purpose and required disclosures come within the first minute, before any request for payment",
    purposes: ["telemarketing"] as readonly Purpose[],
    params: { maxDisclosureSeconds: 60 },
  },
  adsRelease: {
    id: "ma.ads-release",
    citation: "M.G.L. c.159 §19D",
    summary: "An automatic dialing system releases the line within 5 seconds of the consumer hanging up",
    purposes: ALL,
    params: { maxReleaseSeconds: 5, methods: ["autodialed", "prerecorded"] as readonly string[] },
  },
  neverGated: {
    id: "audit.never-gated",
    citation: "16 CFR 310.4(b)(3)(iii) (safe harbor: the registry was consulted); 47 CFR 64.1200(c)(2)(i); M.G.L. c.159C §9",
    summary: "An outbound call is recorded with the id of the gate decision that allowed it",
    purposes: ALL,
    params: {},
  },
  againstDenial: {
    id: "audit.against-denial",
    citation: "the rules that denied the call (see the decision's reasons)",
    summary: "No call is placed against a denial",
    purposes: ALL,
    params: {},
  },
  consentEvidence: {
    id: "us.robocall-consent.evidence",
    citation: "47 CFR 64.1200(f)(9); 16 CFR 310.5(a)(5)",
    summary: "A written consent is stored with evidence of the signature and of the disclosure the consumer saw",
    purposes: ALL,
    params: { requiredEvidence: ["signature", "disclosure"] as readonly string[] },
  },
} as const satisfies Record<string, AuditRule>;

/** Consumer complaints: the response deadline (the seed article: "address grievances promptly"). */
export const complaintRules = {
  response: {
    id: "complaint.response",
    citation: "callgate policy (the seed article: consumer grievances are addressed promptly)",
    summary: "A complaint gets a response within 10 business days; Massachusetts legal holidays are not business days",
    params: { businessDays: 10 },
  },
} as const;

/** Default response deadline of a complaint, in business days. */
export const DEFAULT_COMPLAINT_RESPONSE_BUSINESS_DAYS: number = complaintRules.response.params.businessDays;

/** Every audit rule, keyed by id. */
export const AUDIT_RULES: ReadonlyMap<string, AuditRule> = new Map(Object.values(auditRules).map((r) => [r.id, r as AuditRule]));
