import { CallgateError, ErrorCodes } from "../errors.js";
import type { Policy, PolicyInput } from "./types.js";

/** The legal floor of retention, in years (16 CFR 310.5 as amended 2024; 47 CFR 64.1200(d)(6)). */
export const RETENTION_FLOOR_YEARS = 5;
/** The FCC's minimum period for honouring a do-not-call request, in years (47 CFR 64.1200(d)(6)). */
export const FCC_DNC_MINIMUM_YEARS = 5;

/** The default policy (api.md, Policy). */
export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze<Policy>({
  retentionYears: RETENTION_FLOOR_YEARS,
  allowShorterRetention: false,
  companyDncYears: null,
  maRegistryGraceDays: 0,
  unknownLineTypeAs: "wireless",
  honorCompanyDncForAllPurposes: true,
});

const RESOLVED = new WeakSet<object>([DEFAULT_POLICY]);

/** Applies defaults and checks the overrides; throws `INVALID_CONFIG` naming the key. A resolved policy is returned as it is. */
export function resolvePolicy(input: PolicyInput | Policy | undefined): Policy {
  if (input !== undefined && RESOLVED.has(input)) return input as Policy;
  const p: Policy = { ...DEFAULT_POLICY, ...stripUndefined(input ?? {}) };
  const bad = (key: string, why: string): never => {
    throw new CallgateError(ErrorCodes.INVALID_CONFIG, `policy.${key} ${why}`, { details: { key } });
  };
  if (typeof p.allowShorterRetention !== "boolean") bad("allowShorterRetention", "must be a boolean");
  if (!Number.isInteger(p.retentionYears) || p.retentionYears < 1) bad("retentionYears", "must be a whole number of years, at least 1");
  if (p.retentionYears < RETENTION_FLOOR_YEARS && !p.allowShorterRetention) {
    bad("retentionYears", `must be at least ${RETENTION_FLOOR_YEARS} (the legal floor); set allowShorterRetention: true to override`);
  }
  if (p.companyDncYears !== null) {
    if (typeof p.companyDncYears !== "number" || !Number.isInteger(p.companyDncYears) || p.companyDncYears < 1) {
      bad("companyDncYears", "must be null (indefinitely) or a whole number of years");
    }
    if (p.companyDncYears < FCC_DNC_MINIMUM_YEARS && !p.allowShorterRetention) {
      bad("companyDncYears", `must be at least ${FCC_DNC_MINIMUM_YEARS} (the FCC minimum) or null; set allowShorterRetention: true to override`);
    }
  }
  if (!Number.isInteger(p.maRegistryGraceDays) || p.maRegistryGraceDays < 0 || p.maRegistryGraceDays > 90) {
    bad("maRegistryGraceDays", "must be a whole number of days from 0 to 90");
  }
  if (p.unknownLineTypeAs !== "wireless" && p.unknownLineTypeAs !== "landline") bad("unknownLineTypeAs", 'must be "wireless" or "landline"');
  if (typeof p.honorCompanyDncForAllPurposes !== "boolean") bad("honorCompanyDncForAllPurposes", "must be a boolean");
  const frozen = Object.freeze(p);
  RESOLVED.add(frozen);
  return frozen;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
