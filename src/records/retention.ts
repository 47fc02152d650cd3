import { DateTime } from "luxon";
import { DEFAULT_POLICY } from "../core/policy.js";
import type { Policy } from "../core/types.js";
import { LEGAL_ZONE } from "../time/instant.js";

/** Options of {@link retentionCutoff}. */
export interface RetentionOptions {
  /** Retention in years. @default 5 */
  retentionYears?: number;
  /** The zone whose calendar day starts the cutoff. @default "America/New_York" */
  timeZone?: string;
}

/**
 * The retention cutoff: records made (`recordedAt`) before the returned instant may be purged.
 * It is `retentionYears` calendar years before `at`, at the start of that day in the seller's
 * zone (5 years and New York by default). Legal holds, consents in force and honoured
 * do-not-call requests are kept whatever the cutoff says.
 */
export function retentionCutoff(at: Date, policy: RetentionOptions | Pick<Policy, "retentionYears"> = {}): Date {
  const years = policy.retentionYears ?? DEFAULT_POLICY.retentionYears;
  const zone = ("timeZone" in policy ? policy.timeZone : undefined) ?? LEGAL_ZONE;
  const dt = DateTime.fromMillis(at.getTime(), { zone }).startOf("day").minus({ years }).startOf("day");
  return new Date(dt.toMillis());
}
