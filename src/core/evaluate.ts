/**
 * The pure core: facts + request + policy + now -> decision. No I/O, no clock, no randomness
 * (style.md habit 1). `createCallgate` binds storage, registries, clock and policy around it.
 */
import { createHash } from "node:crypto";
import { parseUsPhone, type UsPhone } from "../phone/index.js";
import type { Registry } from "../registry/types.js";
import { federalRules as US, type WindowParams } from "../rules/federal.js";
import { MA_AREA_CODES, massachusettsRules as MA } from "../rules/massachusetts.js";
import { RULES_VERSION, storageRule, validNumberRule } from "../rules/index.js";
import type { RuleDefinition } from "../rules/types.js";
import { LEGAL_ZONE, addCalendar } from "../time/instant.js";
import { earliestCommonOpening, insideWindow, localDayNumber, localIso, type ZonedWindow } from "../time/windows.js";
import { US_FALLBACK_ZONES, postalCodeState, zonesForNumber, zonesForPostalCode } from "../time/zones.js";
import { resolvePolicy } from "./policy.js";
import { correctedInteractions } from "../records/amendments.js";
import { normalizeRequest, type NormalizedRequest } from "./request.js";
import { NO_STANDING, standingAt, type Standing } from "./standing.js";
import type {
  CallDecision,
  CallFacts,
  CallRequest,
  DenyReason,
  EvaluatedCall,
  Exemption,
  ExemptionBasis,
  Policy,
  PolicyInput,
  RegistryUse,
  RuleOutcome,
} from "./types.js";

const MA_NPA = new Set(MA_AREA_CODES.map(Number));
const SORTED_FALLBACK_ZONES: readonly string[] = Object.freeze([...US_FALLBACK_ZONES].sort());
const DAY = 86_400_000;
const CONVERSATION_DISPOSITIONS = new Set(["answered", "sale", "not-interested", "callback", "do-not-call", "transferred"]);

/** Options of {@link evaluateCall}. */
export interface EvaluateOptions {
  /** The id the decision takes. @default a SHA-256 of the request, the facts' size and `now` */
  decisionId?: string;
}

/**
 * Decides one call from facts alone: the pure core of `canCall`. Throws `INVALID_INPUT` only for
 * a malformed request; every denial is a value with coded, cited reasons.
 */
export function evaluateCall(
  facts: CallFacts,
  request: CallRequest,
  policy: Policy | PolicyInput,
  now: Date,
  options: EvaluateOptions = {},
): CallDecision {
  return evaluateCallDetailed(facts, request, policy, now, options).decision;
}

/** {@link evaluateCall} plus what the decision receipt keeps (rules evaluated, local times). */
export function evaluateCallDetailed(
  facts: CallFacts,
  request: CallRequest,
  policy: Policy | PolicyInput,
  now: Date,
  options: EvaluateOptions = {},
): EvaluatedCall {
  return evaluateNormalized(facts, normalizeRequest(request, now), resolvePolicy(policy), now, options);
}

/** {@link evaluateCallDetailed} for a request already validated by `normalizeRequest`. */
export function evaluateNormalized(
  facts: CallFacts,
  req: NormalizedRequest,
  policy: Policy,
  now: Date,
  options: EvaluateOptions = {},
): EvaluatedCall {
  const id = options.decisionId ?? derivedId(req, facts, now);
  const result = decide(facts, req, policy);
  if (result.hoursOnly && result.constraints.length > 0) {
    const next = earliestCommonOpening(result.constraints, req.at.getTime());
    if (next !== undefined) {
      const later = decide(facts, { ...req, at: new Date(next) }, policy);
      if (later.reasons.length === 0) result.nextAllowedAt = new Date(next);
    }
  }
  const decision: CallDecision = {
    id,
    allowed: result.reasons.length === 0,
    phone: result.phone,
    at: new Date(req.at.getTime()),
    evaluatedAt: new Date(now.getTime()),
    reasons: result.reasons,
    exemptions: result.exemptions,
    timeZones: result.zones,
    jurisdictions: result.jurisdictions,
    registries: result.registries,
    rulesVersion: RULES_VERSION,
  };
  if (result.nextAllowedAt !== undefined) decision.nextAllowedAt = result.nextAllowedAt;
  const atMs = req.at.getTime();
  return {
    decision,
    rulesEvaluated: result.outcomes,
    localTimes: result.zones.map((zone) => ({ zone, local: localIso(zone, atMs) })),
  };
}

interface Outcome {
  phone: string;
  reasons: DenyReason[];
  exemptions: Exemption[];
  outcomes: RuleOutcome[];
  zones: string[];
  jurisdictions: string[];
  registries: RegistryUse[];
  constraints: ZonedWindow[];
  hoursOnly: boolean;
  nextAllowedAt?: Date;
}

/** Candidate zones from every signal: explicit zone, postal code, NPA-NXX (rules.md "Local time"). */
export function candidateZones(phone: UsPhone, timeZone: string | undefined, postalCode: string | undefined): string[] {
  const fromNumber = zonesForNumber(phone.national) ?? SORTED_FALLBACK_ZONES;
  // The common case, the number alone: its zone list is already sorted and deduplicated.
  if (timeZone === undefined && postalCode === undefined) return fromNumber.slice();
  const zones = new Set<string>(fromNumber);
  if (timeZone !== undefined) zones.add(timeZone);
  if (postalCode !== undefined) for (const z of zonesForPostalCode(postalCode)) zones.add(z);
  return [...zones].sort();
}

/** Whether the Massachusetts pack applies: by the consumer's state, else by the area code. */
export function massachusettsApplies(phone: UsPhone, state: string | undefined, postalCode: string | undefined): boolean {
  if (state !== undefined) return state === "MA";
  if (postalCode !== undefined) {
    const s = postalCodeState(postalCode);
    if (s !== "unknown") return s === "MA";
  }
  return MA_NPA.has(phone.npa);
}

// Messages never contain the number itself: the decision carries it, and the bulk scrub reuses one
// decision across numbers whose facts are the same (src/gate/scrub.ts).
function decide(facts: CallFacts, req: NormalizedRequest, policy: Policy): Outcome {
  const out: Outcome = {
    phone: req.phone,
    reasons: [],
    exemptions: [],
    outcomes: [],
    zones: [],
    jurisdictions: ["us"],
    registries: [],
    constraints: [],
    hoursOnly: true,
  };
  const deny = (rule: RuleDefinition, message: string): void => {
    out.reasons.push({ code: rule.code, rule: rule.id, citation: rule.citation, message });
    out.outcomes.push({ rule: rule.id, outcome: "deny" });
    if (rule.code !== "OUTSIDE_CALLING_HOURS") out.hoursOnly = false;
  };
  const pass = (rule: RuleDefinition): void => {
    out.outcomes.push({ rule: rule.id, outcome: "pass" });
  };
  const exempt = (rule: RuleDefinition, basis: ExemptionBasis): void => {
    out.exemptions.push({ rule: rule.id, basis, citation: rule.citation });
    out.outcomes.push({ rule: rule.id, outcome: "exempt" });
  };

  const parsed = parseUsPhone(req.phone);
  if (!parsed.ok) {
    deny(validNumberRule, parsed.message);
    return out;
  }
  const phone = parsed;
  out.phone = phone.e164;
  out.zones = candidateZones(phone, req.timeZone, req.postalCode);
  const ma = massachusettsApplies(phone, req.state, req.postalCode);
  if (ma) out.jurisdictions.push("ma");

  if (facts.storageFailure !== undefined) {
    deny(storageRule, `The records for this number could not be read: ${facts.storageFailure}`);
    return out;
  }

  const at = req.at.getTime();
  const purpose = req.purpose;
  const sales = purpose === "telemarketing";
  const usesWindow = sales || purpose === "charitable";
  const nyDay = localDayNumber(LEGAL_ZONE, at);
  const standing: Standing =
    facts.standing.length === 0
      ? NO_STANDING
      : standingAt(facts.standing, at, req.campaignId, {
          ebrPurchaseMonths: US.nationalDnc.params.ebrPurchaseMonths,
          ebrInquiryMonths: US.nationalDnc.params.ebrInquiryMonths,
          companyDncYears: policy.companyDncYears,
        });

  // Calling hours: inside the window in every candidate zone (most restrictive).
  const hours = (rule: RuleDefinition<WindowParams>, label: string): void => {
    const w = rule.params.window;
    const outside = out.zones.filter((zone) => !insideWindow(zone, w, at));
    for (const zone of out.zones) out.constraints.push({ zone, window: w });
    if (outside.length === 0) pass(rule);
    else {
      const shown = outside.map((zone) => `${localIso(zone, at).slice(11, 16)} in ${zone}`).join(", ");
      deny(rule, `${label} calls are allowed ${hhmm(w.startMinute)}–${hhmm(w.endMinute)} consumer-local time; it is ${shown}`);
    }
  };
  if (ma && sales) hours(MA.callingHours, "Massachusetts telemarketing");
  if (usesWindow) hours(US.callingHours, purpose === "charitable" ? "Charitable" : "Telemarketing");
  if (purpose === "debt-collection") hours(US.collectionHours, "Debt-collection");

  // Company do-not-call list: telemarketing and charitable always; others by policy (default on).
  if (usesWindow || policy.honorCompanyDncForAllPurposes) {
    if (standing.companyDnc) deny(US.companyDnc, `The consumer asked ${facts.seller.name} not to call this number`);
    else pass(US.companyDnc);
  }

  // Registries: the DNC lists protect residential and personal lines, not business lines.
  if (sales && !req.isBusiness) {
    const national = pickRegistry(facts.registries, "national", phone.npa, at);
    if (national === undefined) {
      deny(US.registryFresh, `No national registry snapshot covers area code ${phone.npa}`);
    } else {
      out.registries.push(use(national));
      const age = nyDay - localDayNumber(LEGAL_ZONE, national.meta.obtainedAt.getTime());
      if (age > US.registryFresh.params.maxAgeDays) {
        deny(US.registryFresh, `The national registry copy ${national.meta.id} is ${age} days old on the day of the call (at most ${US.registryFresh.params.maxAgeDays})`);
      } else pass(US.registryFresh);
      if (national.hasNational(phone.npa, phone.line)) {
        if (standing.writtenConsent) exempt(US.nationalDnc, "written-consent");
        else if (standing.ebr !== undefined) exempt(US.nationalDnc, standing.ebr);
        else deny(US.nationalDnc, `The number is on the National Do Not Call Registry (copy of ${national.meta.edition})`);
      } else pass(US.nationalDnc);
    }
    if (ma) {
      const state = pickRegistry(facts.registries, "massachusetts", phone.npa, at);
      if (state === undefined) {
        deny(MA.registryCurrent, `No Massachusetts Do Not Call list of the call's quarter or earlier covers area code ${phone.npa}`);
      } else {
        out.registries.push(use(state));
        const stale = maListStale(state.meta.edition, nyDay, policy.maRegistryGraceDays);
        if (stale !== undefined) deny(MA.registryCurrent, stale);
        else pass(MA.registryCurrent);
        if (state.hasNational(phone.npa, phone.line)) {
          if (standing.writtenConsent) exempt(MA.stateDnc, "written-consent");
          else if (standing.anyConsent) exempt(MA.stateDnc, "verbal-request");
          else if (standing.maCustomer !== undefined) exempt(MA.stateDnc, standing.maCustomer);
          else deny(MA.stateDnc, `The number is on the Massachusetts Do Not Call list (edition ${state.meta.edition})`);
        } else pass(MA.stateDnc);
      }
    }
  }

  // Prerecorded, artificial-voice and autodialed calls and texts.
  const wirelessLike = req.lineType === "wireless" || (req.lineType === "unknown" && policy.unknownLineTypeAs === "wireless");
  const robo = req.method === "prerecorded" || req.method === "autodialed" || req.method === "text";
  if (robo) {
    const needed = sales ? req.method === "prerecorded" || wirelessLike : wirelessLike;
    if (needed) {
      if (sales ? standing.writtenConsent : standing.anyConsent) pass(US.robocallConsent);
      else
        deny(
          US.robocallConsent,
          sales
            ? `A ${req.method} telemarketing call needs the consumer's prior express written consent to ${facts.seller.name} for this number`
            : `A ${req.method} call to a wireless or unknown line needs the consumer's prior express consent for this number`,
        );
    }
  }
  if (ma && sales && req.method === "prerecorded") {
    if (standing.anyConsent) pass(MA.recordedMessage);
    else deny(MA.recordedMessage, "No unsolicited telemarketing call by recorded message without the consumer's express request or consent");
  }

  // Fax advertisements.
  if (sales && req.method === "fax") {
    if (standing.anyConsent || standing.ebr !== undefined) pass(US.fax);
    else deny(US.fax, "A fax advertisement needs prior express permission or an established business relationship");
    if (ma) {
      if (standing.anyConsent) pass(MA.fax);
      else deny(MA.fax, "No unsolicited telemarketing by fax to a Massachusetts consumer");
    }
  }

  // Caller ID.
  if (usesWindow) {
    const callerId = req.callerId ?? facts.seller.callerId;
    const why = callerIdProblem(callerId);
    if (why === undefined) pass(US.callerId);
    else deny(US.callerId, why);
  }

  // Debt collection frequency.
  if (purpose === "debt-collection") collectionFrequency(facts, at, ma, req.isBusiness, deny, pass);

  if (out.reasons.length === 0) out.hoursOnly = false;
  return out;
}

function collectionFrequency(
  facts: CallFacts,
  at: number,
  ma: boolean,
  isBusiness: boolean,
  deny: (rule: RuleDefinition, message: string) => void,
  pass: (rule: RuleDefinition) => void,
): void {
  const p = US.collectionFrequency.params;
  const weekStart = addCalendar(at, { days: -p.periodDays }).getTime();
  const quietStart = addCalendar(at, { days: -p.quietDaysAfterConversation }).getTime();
  let attempts = 0;
  let conversation: number | undefined;
  const outbound: number[] = [];
  // Calls as corrected: an amendment of a call's disposition, purpose or direction counts.
  for (const r of correctedInteractions(facts.interactions)) {
    const t = r.at.getTime();
    if (t >= at || r.kind !== "interaction" || r.data.purpose !== "debt-collection") continue;
    const outboundCall = r.data.direction !== "inbound";
    if (outboundCall) outbound.push(t);
    if (outboundCall && t >= weekStart) attempts++;
    if (t >= quietStart && CONVERSATION_DISPOSITIONS.has(String(r.data.disposition))) conversation = Math.max(conversation ?? t, t);
  }
  if (attempts >= p.maxAttempts) {
    deny(US.collectionFrequency, `${attempts} debt-collection call attempts in the ${p.periodDays} days before this call (at most ${p.maxAttempts})`);
  } else if (conversation !== undefined) {
    deny(US.collectionFrequency, `A telephone conversation about the debt took place on ${new Date(conversation).toISOString()}, within ${p.quietDaysAfterConversation} days`);
  } else pass(US.collectionFrequency);
  if (!ma) return;
  const m = MA.collectionFrequency.params;
  const days = isBusiness ? m.otherPeriodDays : m.personalPeriodDays;
  const start = addCalendar(at, { days: -days }).getTime();
  const count = outbound.filter((t) => t >= start).length;
  if (count >= m.maxCommunications) {
    deny(MA.collectionFrequency, `${count} debt-collection communications by telephone in the ${days} days before this call (at most ${m.maxCommunications})`);
  } else pass(MA.collectionFrequency);
}

/**
 * The snapshot of a source used for a call at `at` on New York day `nyDay`, among those covering the
 * area code. National copies: the newest obtained on or before the call (else the newest at all;
 * its age is then never over the limit). The Massachusetts list: the newest edition of the call's
 * quarter or an earlier one ("the then-current quarterly registry"), so that a list loaded early
 * for the next quarter does not displace the one in force; only when there is none, the newest
 * later edition (rules.md calls only earlier quarters' lists stale).
 */
export function pickRegistry(registries: readonly Registry[], source: string, npa: number, at?: number): Registry | undefined {
  let best: Registry | undefined;
  let bestInForce: Registry | undefined;
  const quarterLimit = at === undefined ? undefined : quarterOfDay(localDayNumber(LEGAL_ZONE, at));
  for (const r of registries) {
    if (r.meta.source !== source || !r.covers(npa)) continue;
    if (newer(r, best, source)) best = r;
    if (at === undefined) continue;
    const inForce =
      source === "massachusetts"
        ? quarterOfEdition(r.meta.edition) <= (quarterLimit as number)
        : r.meta.obtainedAt.getTime() <= at;
    if (inForce && newer(r, bestInForce, source)) bestInForce = r;
  }
  return bestInForce ?? best;
}

function newer(r: Registry, than: Registry | undefined, source: string): boolean {
  if (than === undefined) return true;
  const a = r.meta;
  const b = than.meta;
  if (source === "massachusetts" && a.edition !== b.edition) return a.edition > b.edition;
  if (a.obtainedAt.getTime() !== b.obtainedAt.getTime()) return a.obtainedAt.getTime() > b.obtainedAt.getTime();
  return a.edition > b.edition;
}

function quarterOfDay(day: number): number {
  const d = new Date(day * DAY);
  return d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
}

function quarterOfEdition(edition: string): number {
  // `YYYY-MM-DD`: read the digits in place (this runs for every snapshot on every call).
  const y = Number(edition.slice(0, 4));
  const m = (edition.charCodeAt(5) - 48) * 10 + (edition.charCodeAt(6) - 48);
  return y * 4 + Math.floor((m - 1) / 3);
}

/** Why an MA list edition is not the current quarter's on the call's New York day, or undefined when it is. */
function maListStale(edition: string, nyDay: number, graceDays: number): string | undefined {
  const callQuarter = quarterOfDay(nyDay);
  const editionQuarter = quarterOfEdition(edition);
  if (editionQuarter >= callQuarter) return undefined;
  const cy = Math.floor(callQuarter / 4);
  const cq = callQuarter % 4;
  const quarterStartDay = Math.floor(Date.UTC(cy, cq * 3, 1) / DAY);
  if (editionQuarter === callQuarter - 1 && nyDay - quarterStartDay < graceDays) return undefined;
  return `The Massachusetts list edition ${edition} is from an earlier quarter than the call (${cy} Q${cq + 1})`;
}

const CALLER_ID_CACHE = new Map<string, string | undefined>();
function callerIdProblem(callerId: string | undefined): string | undefined {
  if (callerId === undefined || callerId.trim() === "") return "No caller ID is transmitted: set seller.callerId or the request's callerId";
  if (CALLER_ID_CACHE.has(callerId)) return CALLER_ID_CACHE.get(callerId);
  let problem: string | undefined;
  if (callerId.trim().toLowerCase() === "blocked") problem = "Caller ID is blocked: it must be transmitted";
  else {
    const p = parseUsPhone(callerId);
    if (!p.ok) problem = `Caller ID "${callerId}" is not a valid US number that can take do-not-call requests`;
  }
  if (CALLER_ID_CACHE.size > 10_000) CALLER_ID_CACHE.clear();
  CALLER_ID_CACHE.set(callerId, problem);
  return problem;
}

function use(r: Registry): RegistryUse {
  return { id: r.meta.id, source: r.meta.source, edition: r.meta.edition };
}

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

function derivedId(req: NormalizedRequest, facts: CallFacts, now: Date): string {
  const h = createHash("sha256")
    .update(JSON.stringify([req, facts.seller.id, facts.standing.length, facts.interactions.length, now.toISOString()]))
    .digest("hex");
  return `dec_${h.slice(0, 26)}`;
}
