import type { CallingWindow, Purpose, RuleDefinition } from "./types.js";

/** Parameters of a calling-hours rule. */
export interface WindowParams {
  /** The allowed window, consumer-local time. */
  readonly window: CallingWindow;
}

/** The federal rule pack's rules, by name. */
export interface FederalRules {
  /** `us.calling-hours`: telemarketing and charitable calls 8:00–21:00 local. */
  readonly callingHours: RuleDefinition<WindowParams>;
  /** `us.collection-hours`: debt-collection calls 8:00–21:00 local. */
  readonly collectionHours: RuleDefinition<WindowParams>;
  /** `us.collection-frequency`: 7 attempts in 7 days, none within 7 days of a conversation. */
  readonly collectionFrequency: RuleDefinition<{
    /** Call attempts allowed in the period; the next one is denied. */
    readonly maxAttempts: number;
    /** The period the attempts are counted over, in days before the call. */
    readonly periodDays: number;
    /** Days after a telephone conversation about the debt during which no call is placed. */
    readonly quietDaysAfterConversation: number;
  }>;
  /** `us.national-dnc`: the National Do Not Call Registry, with its EBR periods. */
  readonly nationalDnc: RuleDefinition<{
    /** Months an established business relationship lasts after a purchase (or after a contract ends). */
    readonly ebrPurchaseMonths: number;
    /** Months an established business relationship lasts after an inquiry. */
    readonly ebrInquiryMonths: number;
  }>;
  /** `us.registry-fresh`: the national copy at most 31 days old. */
  readonly registryFresh: RuleDefinition<{
    /** Oldest the national registry copy may be on the day of the call, in days. */
    readonly maxAgeDays: number;
  }>;
  /** `us.company-dnc`: the seller's own do-not-call list. */
  readonly companyDnc: RuleDefinition<{
    /** Years the FCC requires a do-not-call request to be honoured at least; the policy's `companyDncYears` may not go below it. */
    readonly fccMinimumYears: number;
  }>;
  /** `us.robocall-consent`: consent for prerecorded and autodialed calls and texts. */
  readonly robocallConsent: RuleDefinition<Readonly<Record<string, never>>>;
  /** `us.fax`: no unsolicited fax advertisement. */
  readonly fax: RuleDefinition<{
    /** Months an established business relationship lasts after a purchase (or after a contract ends). */
    readonly ebrPurchaseMonths: number;
    /** Months an established business relationship lasts after an inquiry. */
    readonly ebrInquiryMonths: number;
  }>;
  /** `us.caller-id`: caller ID transmitted and valid. */
  readonly callerId: RuleDefinition<Readonly<Record<string, never>>>;
  /** `us.consent-revoked`: a revocation ends consent and enters the company list. */
  readonly consentRevoked: RuleDefinition<{
    /** A revocation ends every consent given for the number, whatever campaign it was limited to. */
    readonly revokeAll: boolean;
  }>;
}

const ALL: readonly Purpose[] = ["telemarketing", "informational", "debt-collection", "survey", "charitable", "political"];

/** The federal rule pack: FTC Telemarketing Sales Rule (16 CFR 310), FCC TCPA rules (47 CFR 64.1200), Reg F. */
export const federalRules: FederalRules = {
  callingHours: {
    id: "us.calling-hours",
    jurisdiction: "us",
    code: "OUTSIDE_CALLING_HOURS",
    citation: "16 CFR 310.4(c); 47 CFR 64.1200(c)(1)",
    summary: "No telemarketing or charitable call before 8:00 or at or after 21:00, consumer-local time",
    purposes: ["telemarketing", "charitable"],
    params: { window: { startMinute: 8 * 60, endMinute: 21 * 60 } as CallingWindow },
  },
  collectionHours: {
    id: "us.collection-hours",
    jurisdiction: "us",
    code: "OUTSIDE_CALLING_HOURS",
    citation: "15 U.S.C. 1692c(a)(1); 12 CFR 1006.6(b)(1)(i)",
    summary: "No debt-collection call at an inconvenient time: before 8:00 or at or after 21:00, consumer-local time",
    purposes: ["debt-collection"],
    params: { window: { startMinute: 8 * 60, endMinute: 21 * 60 } as CallingWindow },
  },
  collectionFrequency: {
    id: "us.collection-frequency",
    jurisdiction: "us",
    code: "FREQUENCY_LIMIT",
    citation: "12 CFR 1006.14(b)(2)",
    summary: "No more than 7 debt-collection call attempts in 7 consecutive days, and none within 7 days after a conversation",
    purposes: ["debt-collection"],
    params: { maxAttempts: 7, periodDays: 7, quietDaysAfterConversation: 7 },
  },
  nationalDnc: {
    id: "us.national-dnc",
    jurisdiction: "us",
    code: "NATIONAL_DNC",
    citation: "16 CFR 310.4(b)(1)(iii)(B), 310.2; 47 CFR 64.1200(c)(2), (f)(5)",
    summary: "No telemarketing call to a number on the National Do Not Call Registry unless exempt",
    purposes: ["telemarketing"],
    params: { ebrPurchaseMonths: 18, ebrInquiryMonths: 3 },
  },
  registryFresh: {
    id: "us.registry-fresh",
    jurisdiction: "us",
    code: "REGISTRY_STALE",
    citation: "16 CFR 310.4(b)(3)(iv); 47 CFR 64.1200(c)(2)(i)(D)",
    summary: "The national registry copy used must be at most 31 days old on the day of the call",
    purposes: ["telemarketing"],
    params: { maxAgeDays: 31 },
  },
  companyDnc: {
    id: "us.company-dnc",
    jurisdiction: "us",
    code: "COMPANY_DNC",
    citation: "16 CFR 310.4(b)(1)(iii)(A); 47 CFR 64.1200(d)(3), (d)(6)",
    summary: "A person who asked this seller not to call is not called",
    purposes: ALL,
    params: { fccMinimumYears: 5 },
  },
  robocallConsent: {
    id: "us.robocall-consent",
    jurisdiction: "us",
    code: "CONSENT_REQUIRED",
    citation: "47 CFR 64.1200(a)(1)-(3), (f)(9); 16 CFR 310.4(b)(1)(v)",
    summary: "Prerecorded or autodialed calls and texts need prior express consent (written, for telemarketing)",
    purposes: ALL,
    params: {},
  },
  fax: {
    id: "us.fax",
    jurisdiction: "us",
    code: "FAX_PROHIBITED",
    citation: "47 U.S.C. 227(b)(1)(C); 47 CFR 64.1200(a)(4), (f)(6)",
    summary: "No unsolicited fax advertisement: needs prior express permission or an established business relationship",
    purposes: ["telemarketing"],
    params: { ebrPurchaseMonths: 18, ebrInquiryMonths: 3 },
  },
  callerId: {
    id: "us.caller-id",
    jurisdiction: "us",
    code: "CALLER_ID_REQUIRED",
    citation: "47 CFR 64.1601(e); 16 CFR 310.4(a)(8); M.G.L. c.159C §4; 201 CMR 12.02(5)",
    summary: "Caller ID must be transmitted, not blocked, and be a number that accepts do-not-call requests",
    purposes: ["telemarketing", "charitable"],
    params: {},
  },
  consentRevoked: {
    id: "us.consent-revoked",
    jurisdiction: "us",
    code: "COMPANY_DNC",
    citation: "47 CFR 64.1200(a)(10)-(12)",
    summary: "Consent revoked by any reasonable means is gone, and the number goes on the company list",
    purposes: ALL,
    params: { revokeAll: true },
  },
};
