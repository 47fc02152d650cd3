import type { WindowParams } from "./federal.js";
import type { CallingWindow, RuleDefinition } from "./types.js";

/** The Massachusetts rule pack's rules, by name. */
export interface MassachusettsRules {
  /** `ma.calling-hours`: telemarketing 8:00–20:00 local. */
  readonly callingHours: RuleDefinition<WindowParams>;
  /** `ma.collection-frequency`: 2 communications in 7 days (30 for other numbers). */
  readonly collectionFrequency: RuleDefinition<{
    /** Debt-collection communications by telephone allowed in the period; the next one is denied. */
    readonly maxCommunications: number;
    /** The period, in days before the call, for a residence or personal number. */
    readonly personalPeriodDays: number;
    /** The period, in days before the call, for any other number (a business line). */
    readonly otherPeriodDays: number;
  }>;
  /** `ma.state-dnc`: the quarterly Massachusetts Do Not Call list. */
  readonly stateDnc: RuleDefinition<Readonly<Record<string, never>>>;
  /** `ma.registry-current`: the current quarter's list. */
  readonly registryCurrent: RuleDefinition<{
    /** The months a quarterly edition of the list takes effect in (1 = January). */
    readonly quarterStartMonths: readonly number[];
  }>;
  /** `ma.recorded-message`: no unsolicited recorded-message sales calls. */
  readonly recordedMessage: RuleDefinition<Readonly<Record<string, never>>>;
  /** `ma.fax`: no unsolicited sales calls by fax. */
  readonly fax: RuleDefinition<Readonly<Record<string, never>>>;
}

/** Massachusetts area codes: they bring a call under the MA pack when the consumer's state is unknown. */
export const MA_AREA_CODES: readonly string[] = Object.freeze(["339", "351", "413", "508", "617", "774", "781", "857", "978"]);

/** The Massachusetts rule pack: M.G.L. c.159C, 201 CMR 12.00, 940 CMR 7.00. */
export const massachusettsRules: MassachusettsRules = {
  callingHours: {
    id: "ma.calling-hours",
    jurisdiction: "ma",
    code: "OUTSIDE_CALLING_HOURS",
    citation: "201 CMR 12.02(2); M.G.L. c.159C §3",
    summary: "No telemarketing call before 8:00 or at or after 20:00, local time at the consumer's location",
    purposes: ["telemarketing"],
    params: { window: { startMinute: 8 * 60, endMinute: 20 * 60 } as CallingWindow },
  },
  collectionFrequency: {
    id: "ma.collection-frequency",
    jurisdiction: "ma",
    code: "FREQUENCY_LIMIT",
    citation: "940 CMR 7.04(1)(f)",
    summary: "No more than 2 debt-collection communications by telephone in 7 days to a residence or personal number, 2 in 30 days to any other",
    purposes: ["debt-collection"],
    params: { maxCommunications: 2, personalPeriodDays: 7, otherPeriodDays: 30 },
  },
  stateDnc: {
    id: "ma.state-dnc",
    jurisdiction: "ma",
    code: "STATE_DNC",
    citation: "M.G.L. c.159C §§1, 3; 201 CMR 12.02(1)",
    summary: "No telemarketing call to a number on the current quarterly Massachusetts Do Not Call list unless exempt",
    purposes: ["telemarketing"],
    params: {},
  },
  registryCurrent: {
    id: "ma.registry-current",
    jurisdiction: "ma",
    code: "REGISTRY_STALE",
    citation: "201 CMR 12.02(1), 12.03(4)",
    summary: "The Massachusetts list used must be the current quarter's edition",
    purposes: ["telemarketing"],
    params: { quarterStartMonths: [1, 4, 7, 10] },
  },
  recordedMessage: {
    id: "ma.recorded-message",
    jurisdiction: "ma",
    code: "CONSENT_REQUIRED",
    citation: "201 CMR 12.02(4)",
    summary: "No unsolicited telemarketing call by recorded-message device",
    purposes: ["telemarketing"],
    params: {},
  },
  fax: {
    id: "ma.fax",
    jurisdiction: "ma",
    code: "FAX_PROHIBITED",
    citation: "201 CMR 12.02(3)",
    summary: "No unsolicited telemarketing call by fax",
    purposes: ["telemarketing"],
    params: {},
  },
};
