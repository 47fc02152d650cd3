import type { Registry } from "../registry/types.js";
import type { LineType, Method, Purpose, ReasonCode } from "../rules/types.js";
import type { StoredRecord } from "../storage/types.js";

/** What the consumer is known to be. Every field is optional. */
export interface ConsumerInfo {
  /** USPS code of a state, DC or territory, any case. Decides whether Massachusetts rules apply. */
  state?: string;
  /** ZIP code, `12345` or `12345-6789`: a state (when `state` is absent) and a candidate time zone. */
  postalCode?: string;
  /** IANA time zone of the consumer's location: one more candidate zone. */
  timeZone?: string;
  /** A business line: outside the MA list and the National Registry (201 CMR 12.05(6); 47 CFR 64.1200(c)(2)). */
  isBusiness?: boolean;
}

/** A question to the gate: may this number be called, then, this way? */
export interface CallRequest {
  /** Any common US format. */
  phone: string;
  /** Instant of the call. @default clock.now() */
  at?: Date | string | number;
  /** @default "telemarketing" */
  purpose?: Purpose;
  /** @default "live" */
  method?: Method;
  /** @default "unknown" (treated as `policy.unknownLineTypeAs`, wireless by default) */
  lineType?: LineType;
  /** Caller ID to transmit. @default seller.callerId; `"blocked"` or missing is denied */
  callerId?: string;
  /** The campaign the call belongs to (a consent scoped to a campaign covers only its calls). */
  campaignId?: string;
  /** What is known of the consumer: state, ZIP code, time zone, business line. */
  consumer?: ConsumerInfo;
}

/** One rule that denied the call. */
export interface DenyReason {
  /** The reason code (api.md's table). */
  code: ReasonCode;
  /** Rule id from rules.md, e.g. `ma.calling-hours`. */
  rule: string;
  /** The law the rule encodes, e.g. `201 CMR 12.02(2); M.G.L. c.159C §3`. */
  citation: string;
  /** One sentence for people; never contains the number itself. */
  message: string;
}

/** The ground on which a rule that would have denied the call did not. */
export type ExemptionBasis = "written-consent" | "verbal-request" | "existing-customer" | "inquiry" | "existing-contract";

/** A rule that would have denied the call but an exemption applied. */
export interface Exemption {
  /** The rule that did not deny, e.g. `us.national-dnc`. */
  rule: string;
  /** Why it did not. */
  basis: ExemptionBasis;
  /** The law the rule encodes. */
  citation: string;
}

/** A registry snapshot the gate consulted. */
export interface RegistryUse {
  /** The snapshot's id (`meta.id`). */
  id: string;
  /** `national` or `massachusetts`. */
  source: string;
  /** The snapshot's edition, `YYYY-MM-DD`. */
  edition: string;
}

/** The gate's answer. A denial is a value, never an exception. */
export interface CallDecision {
  /** The decision's id; the decision is stored as a receipt under it. */
  id: string;
  /** True when no applicable rule denies the call. */
  allowed: boolean;
  /** E.164 when the number parsed, else the input as given. */
  phone: string;
  /** The call instant evaluated. */
  at: Date;
  /** Clock reading when the decision was made. */
  evaluatedAt: Date;
  /** Empty when allowed; at least one when denied. */
  reasons: DenyReason[];
  /** Rules that would have denied the call but an exemption applied. */
  exemptions: Exemption[];
  /** Only when every reason is a calling-hours reason: the earliest later instant every calling-hours rule allows, if the call would be allowed then. */
  nextAllowedAt?: Date;
  /** Candidate IANA zones of the consumer's local time. */
  timeZones: string[];
  /** e.g. `["us", "ma"]`. */
  jurisdictions: string[];
  /** Snapshots consulted. */
  registries: RegistryUse[];
  /** The version of the rule packs that decided (`RULES_VERSION`). */
  rulesVersion: string;
}

/** How a rule fared in one decision (kept in the decision receipt). */
export interface RuleOutcome {
  /** The rule id. */
  rule: string;
  /** It let the call through, denied it, or would have denied it but an exemption applied. */
  outcome: "pass" | "deny" | "exempt";
}

/** A decision plus what its receipt keeps: every rule evaluated and the local times used. */
export interface EvaluatedCall {
  /** The decision as `canCall` returns it. */
  decision: CallDecision;
  /** Every rule evaluated, in order. */
  rulesEvaluated: RuleOutcome[];
  /** Consumer-local wall time of the call in each candidate zone, ISO with offset. */
  localTimes: {
    /** The candidate IANA time zone. */
    zone: string;
    /** The call's wall time in that zone, ISO-8601 with its offset. */
    local: string;
  }[];
}

/** Optional overrides of the gate's policy (api.md). */
export interface PolicyInput {
  /** Retention floor for every record kind, in years. @default 5 */
  retentionYears?: number;
  /** Allows `retentionYears` below the 5-year floor. @default false */
  allowShorterRetention?: boolean;
  /** How long a do-not-call request is honoured, in years; `null` = indefinitely (TSR). @default null */
  companyDncYears?: number | null;
  /** Days into a new quarter during which last quarter's MA list is still accepted. @default 0 */
  maRegistryGraceDays?: number;
  /** How `lineType: "unknown"` is treated by `us.robocall-consent`. @default "wireless" */
  unknownLineTypeAs?: "wireless" | "landline";
  /** The company list also blocks non-sales calls. @default true */
  honorCompanyDncForAllPurposes?: boolean;
}

/** The policy with every default applied. */
export interface Policy {
  /** Retention floor for every record kind, in years. */
  retentionYears: number;
  /** Whether `retentionYears` (and `companyDncYears`) may go below the legal floor. */
  allowShorterRetention: boolean;
  /** How long a do-not-call request is honoured, in years; `null` = indefinitely. */
  companyDncYears: number | null;
  /** Days into a new quarter during which last quarter's MA list is still accepted. */
  maRegistryGraceDays: number;
  /** How `lineType: "unknown"` is treated by `us.robocall-consent`. */
  unknownLineTypeAs: "wireless" | "landline";
  /** Whether the company list also blocks non-sales calls. */
  honorCompanyDncForAllPurposes: boolean;
}

/** The seller on whose behalf calls are made. */
export interface Seller {
  /** Stable id; records are kept per seller. */
  id: string;
  /** Legal name (the telemarketer or seller named in call records). */
  name: string;
  /** Default caller ID transmitted. */
  callerId?: string;
  /** The seller's time zone (retention cutoffs). @default "America/New_York" */
  timeZone?: string;
}

/** Everything the pure core needs to decide one call. */
export interface CallFacts {
  /** The seller on whose behalf the call is made. */
  seller: Seller;
  /** Every registry snapshot configured; the core picks the ones covering the number. */
  registries: readonly Registry[];
  /** This seller's consent, relationship and do-not-call records for the number. */
  standing: readonly StoredRecord[];
  /** This seller's interactions with the number in the 30 days before the call (or more). */
  interactions: readonly StoredRecord[];
  /** Set when the facts could not be gathered: the call is denied (fail closed). */
  storageFailure?: string;
}
