/**
 * What a number's consent, relationship and do-not-call records mean at one instant: consents in
 * force, the company do-not-call list, the federal EBR and the Massachusetts existing-customer and
 * existing-contract exemptions. Pure: records and an instant in, facts out.
 */
import { addCalendar, tryParseInstant } from "../time/instant.js";
import type { StoredRecord } from "../storage/types.js";
import type { ExemptionBasis } from "./types.js";

/** Federal EBR periods (months) and the company-list honouring period (years, null = forever). */
export interface StandingParams {
  ebrPurchaseMonths: number;
  ebrInquiryMonths: number;
  companyDncYears: number | null;
}

/** The standing of a number for this seller at the call's instant. */
export interface Standing {
  /** A `written` grant is in force (prior express written consent). */
  writtenConsent: boolean;
  /** Any grant, written or verbal, is in force. */
  anyConsent: boolean;
  /** A verbal grant (and no written one) is in force. */
  verbalConsentOnly: boolean;
  /** The company do-not-call list blocks the number. */
  companyDnc: boolean;
  /** The federal established business relationship in force, strongest basis first, or undefined. */
  ebr: ExemptionBasis | undefined;
  /** Massachusetts: existing contract in force, or existing customer, or undefined. */
  maCustomer: "existing-contract" | "existing-customer" | undefined;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function instantOf(value: unknown): number | undefined {
  // Stored instants are canonical UTC ISO strings: Date.parse reads those exactly and fast.
  if (typeof value === "string" && ISO_UTC.test(value)) return Date.parse(value);
  const d = tryParseInstant(value);
  return d === undefined ? undefined : d.getTime();
}

/**
 * Works out the {@link Standing} at `at` from the records. Only records whose own instant is at or
 * before the call count (rules.md: every rule uses the record's own instant).
 */
export function standingAt(
  records: readonly StoredRecord[],
  at: number,
  campaignId: string | undefined,
  params: StandingParams,
): Standing {
  const grants: { at: number; form: string; expires: number | undefined; campaignId: unknown }[] = [];
  const revocations: number[] = [];
  const stops: number[] = [];
  const relationships: { at: number; kind: string; ends: number | undefined }[] = [];

  for (const r of records) {
    const d = r.data;
    // Every record counts from its own instant, never from when it was recorded (rules.md, "Times
    // and dates"): a stop stamped later than the call does not reach back to it.
    const t = r.at.getTime();
    if (t > at) continue;
    if (r.kind === "consent") {
      if (d.action === "grant") {
        grants.push({ at: t, form: String(d.form), expires: instantOf(d.expiresAt), campaignId: d.campaignId });
      } else if (d.action === "revoke") {
        revocations.push(t);
      }
    } else if (r.kind === "do-not-call") {
      // "Stop calling" by any reasonable means also revokes consent (us.consent-revoked).
      stops.push(t);
      revocations.push(t);
    } else if (r.kind === "relationship") {
      relationships.push({ at: t, kind: String(d.kind), ends: instantOf(d.endsAt) });
    }
  }

  // A grant is in force from its instant until expiresAt (exclusive) or a revocation at or after it.
  // A grant scoped to a campaign covers only that campaign's calls (the stricter reading).
  const inForce = grants.filter(
    (g) =>
      (g.expires === undefined || at < g.expires) &&
      !revocations.some((r) => r >= g.at) &&
      (g.campaignId === undefined || g.campaignId === null || g.campaignId === campaignId),
  );
  const written = inForce.filter((g) => g.form === "written");
  const writtenConsent = written.length > 0;
  const anyConsent = inForce.length > 0;

  // Company list: honoured at once and (by default) indefinitely; a written grant made after the
  // latest request in force lifts it while that grant is in force (us.company-dnc).
  const honouredStops = stops.filter(
    (s) => params.companyDncYears === null || at <= addCalendar(s, { years: params.companyDncYears }).getTime(),
  );
  const latestHonoured = honouredStops.length > 0 ? Math.max(...honouredStops) : undefined;
  const companyDnc = latestHonoured !== undefined && !written.some((g) => g.at > latestHonoured);

  // Relationships end with a do-not-call request: only those begun after the latest one count.
  const lastStop = stops.length > 0 ? Math.max(...stops) : undefined;
  const live = relationships.filter((r) => lastStop === undefined || r.at > lastStop);
  let contractInForce = false;
  let customerEbr = false;
  let inquiryEbr = false;
  let maCustomerEver = false;
  for (const r of live) {
    if (r.kind === "contract") {
      maCustomerEver = true;
      if (r.ends === undefined || at < r.ends) contractInForce = true;
      else if (at <= addCalendar(r.ends, { months: params.ebrPurchaseMonths }).getTime()) customerEbr = true;
    } else if (r.kind === "purchase") {
      maCustomerEver = true;
      if (at <= addCalendar(r.at, { months: params.ebrPurchaseMonths }).getTime()) customerEbr = true;
    } else if (r.kind === "inquiry") {
      if (at <= addCalendar(r.at, { months: params.ebrInquiryMonths }).getTime()) inquiryEbr = true;
    }
  }
  const ebr: ExemptionBasis | undefined = contractInForce
    ? "existing-contract"
    : customerEbr
      ? "existing-customer"
      : inquiryEbr
        ? "inquiry"
        : undefined;
  const maCustomer = contractInForce ? "existing-contract" : maCustomerEver ? "existing-customer" : undefined;

  return { writtenConsent, anyConsent, verbalConsentOnly: anyConsent && !writtenConsent, companyDnc, ebr, maCustomer };
}

/** The standing of a number with no records at all. */
export const NO_STANDING: Standing = Object.freeze({
  writtenConsent: false,
  anyConsent: false,
  verbalConsentOnly: false,
  companyDnc: false,
  ebr: undefined,
  maCustomer: undefined,
});
