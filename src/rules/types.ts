/** Reason codes of a denial (api.md). Stable: users and outside test suites depend on them. */
export const ReasonCodes = {
  INVALID_NUMBER: "INVALID_NUMBER",
  OUTSIDE_CALLING_HOURS: "OUTSIDE_CALLING_HOURS",
  STATE_DNC: "STATE_DNC",
  NATIONAL_DNC: "NATIONAL_DNC",
  COMPANY_DNC: "COMPANY_DNC",
  REGISTRY_STALE: "REGISTRY_STALE",
  CONSENT_REQUIRED: "CONSENT_REQUIRED",
  FAX_PROHIBITED: "FAX_PROHIBITED",
  FREQUENCY_LIMIT: "FREQUENCY_LIMIT",
  CALLER_ID_REQUIRED: "CALLER_ID_REQUIRED",
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
  startMinute: number;
  endMinute: number;
}

/** One rule as data: its id, reason code, citation, scope and parameters (rules.md). */
export interface RuleDefinition<P = Readonly<Record<string, unknown>>> {
  /** Stable id, used as `rule` in a decision, e.g. `ma.calling-hours`. */
  id: string;
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
