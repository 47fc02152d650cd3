/** Reason codes of a denial (api.md). Stable: users and outside test suites depend on them. */
export const ReasonCodes = {
  /** Not a valid number of the United States or its territories. */
  INVALID_NUMBER: "INVALID_NUMBER",
  /** Outside a calling window in some candidate zone (`ma.calling-hours`, `us.calling-hours`, `us.collection-hours`). */
  OUTSIDE_CALLING_HOURS: "OUTSIDE_CALLING_HOURS",
  /** On the Massachusetts Do Not Call list (`ma.state-dnc`). */
  STATE_DNC: "STATE_DNC",
  /** On the National Do Not Call Registry (`us.national-dnc`). */
  NATIONAL_DNC: "NATIONAL_DNC",
  /** On this seller's do-not-call list (`us.company-dnc`). */
  COMPANY_DNC: "COMPANY_DNC",
  /** No registry copy, or one too old (`us.registry-fresh`, `ma.registry-current`). */
  REGISTRY_STALE: "REGISTRY_STALE",
  /** A consent the method needs is missing (`us.robocall-consent`, `ma.recorded-message`). */
  CONSENT_REQUIRED: "CONSENT_REQUIRED",
  /** A fax advertisement not allowed (`ma.fax`, `us.fax`). */
  FAX_PROHIBITED: "FAX_PROHIBITED",
  /** Too many collection calls (`us.collection-frequency`, `ma.collection-frequency`). */
  FREQUENCY_LIMIT: "FREQUENCY_LIMIT",
  /** Caller ID missing, blocked or invalid (`us.caller-id`). */
  CALLER_ID_REQUIRED: "CALLER_ID_REQUIRED",
  /** The storage adapter failed; the gate fails closed. */
  STORAGE_UNAVAILABLE: "STORAGE_UNAVAILABLE",
} as const;

/** A reason code of a denial. */
export type ReasonCode = (typeof ReasonCodes)[keyof typeof ReasonCodes];

/** Why a call is made. Only `telemarketing` is a sales call. */
export type Purpose = "telemarketing" | "informational" | "debt-collection" | "survey" | "charitable" | "political";
/** How the call is made. A `text` is treated as a call for every rule (47 CFR 64.1200(e)). */
export type Method = "live" | "autodialed" | "prerecorded" | "text" | "fax";
/** The kind of line called. */
export type LineType = "wireless" | "landline" | "unknown";

/** Every purpose, in a stable order. */
export const PURPOSES: readonly Purpose[] = ["telemarketing", "informational", "debt-collection", "survey", "charitable", "political"];
/** Every method, in a stable order. */
export const METHODS: readonly Method[] = ["live", "autodialed", "prerecorded", "text", "fax"];
/** Every line type, in a stable order. */
export const LINE_TYPES: readonly LineType[] = ["wireless", "landline", "unknown"];

/** A jurisdiction a rule belongs to. */
export type Jurisdiction = "us" | "ma";

/** A daily calling window in consumer-local wall time, `[start, end)` in minutes after midnight. */
export interface CallingWindow {
  /** First allowed minute after local midnight (8:00 = 480). */
  startMinute: number;
  /** First minute no longer allowed (20:00 = 1200: 20:00:00 is closed). */
  endMinute: number;
}

/** One rule as data: its id, reason code, citation, scope and parameters (rules.md). */
export interface RuleDefinition<P = unknown> {
  /** Stable id, used as `rule` in a decision, e.g. `ma.calling-hours`. */
  id: string;
  /** `us` (federal) or `ma` (Massachusetts). */
  jurisdiction: Jurisdiction;
  /** The reason code a denial by this rule carries. */
  code: ReasonCode;
  /** The law the rule encodes. */
  citation: string;
  /** One line in the domain's words. */
  summary: string;
  /** The purposes the rule applies to. */
  purposes: readonly Purpose[];
  /** The parameters; a change of law is a change here. */
  params: P;
}
