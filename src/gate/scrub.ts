/**
 * The bulk scrub of a lead list (api.md): list hygiene, not a call. It yields, per lead, the
 * decision `canCall` would give for the same request at the same instant (its id names the run and
 * the lead instead of a receipt), and stores one summary record per run.
 *
 * Speed without a second rule engine: the facts of the seller (consents, relationships, do-not-call
 * requests, and for collection calls the recent interactions) are read once per run, and a lead
 * whose number has no such records gets a decision that depends only on its NPA-NXX, its registry
 * listings and its consumer fields. Those decisions are made once by the same `evaluateNormalized`
 * that `canCall` uses and then reused with the lead's number: the core's messages never contain the
 * number, so the reuse is exact. Leads with records, or in a form the fast path does not read,
 * are evaluated in full.
 */
import { evaluateNormalized } from "../core/evaluate.js";
import { normalizeRequest, type NormalizedRequest } from "../core/request.js";
import type { CallDecision, CallFacts, CallRequest, ConsumerInfo } from "../core/types.js";
import { CallgateError, isCallgateError } from "../errors.js";
import { isValidUsNational, parseUsPhone } from "../phone/index.js";
import type { Registry } from "../registry/types.js";
import { zonesForNpaNxx } from "../time/zones.js";
import { pickRegistry } from "../core/evaluate.js";
import { scanRecords } from "../records/scan.js";
import type { StoredRecord } from "../storage/types.js";
import { envelope } from "./records.js";
import type { GateInternals } from "./internals.js";

/** One lead: a number, or an object with `phone` and optional consumer fields (other fields are kept as they are). */
export type ScrubLead =
  | string
  | ({
      /** The number to scrub, any common US format. */
      phone: string;
      /** What is known of the consumer (state, ZIP code, time zone, business line), as `canCall` takes it. */
      consumer?: ConsumerInfo;
    } & Record<string, unknown>);

/** What every lead of a run is asked: the call that would be made. */
export type ScrubOptions = Omit<CallRequest, "phone" | "consumer">;

/** The outcome for one lead: its decision, or the error `canCall` would throw for it. */
export type ScrubResult =
  | {
      /** The lead's position in the list, from 0. */
      index: number;
      /** The lead as given. */
      lead: ScrubLead;
      /** The decision `canCall` would give; its id is the run id and the index (`runId.index`). */
      decision: CallDecision;
      /** Absent: the lead was decided. */
      error?: undefined;
    }
  | {
      /** The lead's position in the list, from 0. */
      index: number;
      /** The lead as given. */
      lead: ScrubLead;
      /** Absent: the lead was refused. */
      decision?: undefined;
      /** Why the lead was refused, as `canCall` would throw it (`INVALID_INPUT` for a malformed lead). */
      error: CallgateError;
    };

/** The summary of a run, also stored as a `scrub-summary` record. */
export interface ScrubSummary {
  /** The run's id; each lead's decision id is this id, a dot and the lead's index. */
  runId: string;
  /** The call instant evaluated for every lead. */
  at: Date;
  /** Leads scrubbed, invalid ones included. */
  leads: number;
  /** Leads that may be called. */
  allowed: number;
  /** Leads that may not be called. */
  denied: number;
  /** Leads the gate refused as malformed (`INVALID_INPUT`). */
  invalid: number;
  /** Denials by reason code (a lead denied for two reasons counts under both). */
  byReason: Record<string, number>;
  /** Registry snapshots consulted. */
  registries: string[];
  /** The id of the stored summary record. */
  recordId: string;
}

/**
 * A scrub in progress. Iterate it for one result per lead, or iterate `batches()` for arrays of
 * results (the same results, with less overhead per lead: the way to scrub millions). `summary`
 * settles when the iteration ends; a run can be iterated once.
 */
export interface ScrubRun extends AsyncIterable<ScrubResult> {
  /** The run's summary: resolves once the last lead is decided and the summary record stored; rejects if the run fails or is stopped early. */
  readonly summary: Promise<ScrubSummary>;
  /** The results in arrays of up to `size` leads, in lead order (small batches stay in the young heap). @default size 256 */
  batches(size?: number): AsyncIterable<ScrubResult[]>;
}


/** The scrub method of the gate. */
export function scrubMethod(internals: GateInternals): (leads: Iterable<ScrubLead> | AsyncIterable<ScrubLead>, options?: ScrubOptions) => ScrubRun {
  return (leads, options = {}) => {
    let settle!: (s: ScrubSummary) => void;
    let fail!: (e: unknown) => void;
    const summary = new Promise<ScrubSummary>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    summary.catch(() => undefined); // the iteration reports the error too
    let started = false;
    const start = (size: number): AsyncGenerator<ScrubResult[], void, undefined> => {
      if (started) throw new CallgateError("INVALID_INPUT", "A scrub run can be iterated once");
      started = true;
      return guarded(run(internals, leads, options, size, settle), fail);
    };
    return {
      summary,
      batches: (size = 256) => ({ [Symbol.asyncIterator]: () => start(Math.max(1, Math.floor(size))) }),
      [Symbol.asyncIterator]() {
        // One result at a time, served from the current batch without a promise chain per lead.
        const source = start(256);
        let batch: ScrubResult[] = [];
        let at = 0;
        return {
          async next(): Promise<IteratorResult<ScrubResult>> {
            while (at >= batch.length) {
              const step = await source.next();
              if (step.done === true) return { value: undefined, done: true };
              batch = step.value;
              at = 0;
            }
            return { value: batch[at++] as ScrubResult, done: false };
          },
          async return(): Promise<IteratorResult<ScrubResult>> {
            await source.return(undefined);
            return { value: undefined, done: true };
          },
        };
      },
    };
  };
}

async function* guarded(
  inner: AsyncGenerator<ScrubResult[], void, undefined>,
  fail: (e: unknown) => void,
): AsyncGenerator<ScrubResult[], void, undefined> {
  let finished = false;
  try {
    yield* inner;
    finished = true;
  } catch (error) {
    fail(error);
    throw error;
  } finally {
    if (!finished) fail(new CallgateError("INVALID_INPUT", "The scrub run was stopped before its end"));
  }
}

async function* run(
  internals: GateInternals,
  leads: Iterable<ScrubLead> | AsyncIterable<ScrubLead>,
  options: ScrubOptions,
  size: number,
  settle: (s: ScrubSummary) => void,
): AsyncGenerator<ScrubResult[], void, undefined> {
  const now = internals.readClock();
  const base = normalizeRequest({ ...options, phone: "" }, now);
  const runId = internals.context(now).newId("scr");
  const { seller, policy } = internals;
  const registries = [...internals.registries];

  // The seller's standing facts, read once for the run.
  // Keyed by the national number as an integer: no string hashing on the hot path.
  const byPhone = new Map<number, StoredRecord[]>();
  const interactionsByPhone = new Map<number, StoredRecord[]>();
  let storageFailure: string | undefined;
  try {
    for await (const r of scanRecords(internals.storage, { sellerId: seller.id, kinds: ["consent", "relationship", "do-not-call"] }, 5000)) {
      if (r.phone !== null) push(byPhone, nationalKey(r.phone), r);
    }
    if (base.purpose === "debt-collection") {
      const since = new Date(base.at.getTime() - 30 * 86_400_000 - 3_600_000);
      for await (const r of scanRecords(internals.storage, { sellerId: seller.id, kinds: ["interaction", "amendment"], from: since }, 5000)) {
        if (r.phone !== null) push(interactionsByPhone, nationalKey(r.phone), r);
      }
    }
  } catch (error) {
    storageFailure = error instanceof Error ? error.message : String(error);
  }
  const noFacts: CallFacts = storageFailure === undefined
    ? { seller, registries, standing: [], interactions: [] }
    : { seller, registries, standing: [], interactions: [], storageFailure };

  const templates = new Map<number | string, CallDecision>();
  const covering: ([Registry | null, Registry | null] | undefined)[] = new Array(1000);
  const atMs = base.at.getTime();
  const zoneIds = new Map<readonly string[] | undefined, number>();
  const counts = { leads: 0, allowed: 0, denied: 0, invalid: 0 };
  const byReason: Record<string, number> = {};
  const used = new Set<string>();
  const tally = (d: CallDecision, times = 1): void => {
    if (d.allowed) counts.allowed += times;
    else {
      counts.denied += times;
      for (const r of d.reasons) byReason[r.code] = (byReason[r.code] ?? 0) + times;
    }
    for (const r of d.registries) used.add(r.id);
  };
  // Decisions reused from a template are counted per template at the end of the run.
  const templateUses = new Map<CallDecision, number>();

  let index = 0;
  const decideOne = (lead: ScrubLead): ScrubResult => {
    const i = index++;
    counts.leads++;
    let req: NormalizedRequest;
    try {
      req = typeof lead === "string" ? withPhone(base, lead) : leadRequest(lead, base, now);
    } catch (error) {
      if (!isCallgateError(error)) throw error;
      counts.invalid++;
      return { index: i, lead, error };
    }
    const decision = decideLead(req, `${runId}.${i}`);
    return { index: i, lead, decision };
  };
  let batch: ScrubResult[] = [];
  if (isSyncIterable(leads)) {
    // A sync source (an array, a generator) is read without a promise per lead.
    for (const lead of leads) {
      batch.push(decideOne(lead));
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  } else {
    for await (const lead of leads) {
      batch.push(decideOne(lead));
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
  for (const [template, times] of templateUses) tally(template, times);

  const data = {
    allowed: counts.allowed,
    at: base.at,
    byReason,
    denied: counts.denied,
    invalid: counts.invalid,
    leads: counts.leads,
    method: base.method,
    purpose: base.purpose,
    registries: [...used].sort(),
    runId,
  };
  const [stored] = await internals.append([envelope(internals.context(now), "scrub-summary", "scs", null, base.at, data)], now);
  settle({ ...counts, runId, at: base.at, byReason, registries: data.registries, recordId: stored?.id ?? "" });

  function decideLead(req: NormalizedRequest, id: string): CallDecision {
    const phone = req.phone;
    // Fast path: clean input (10 digits, or +1 and 10 digits) of a valid US number without records.
    const offset = phone.length === 10 ? 0 : phone.length === 12 && phone.charCodeAt(0) === 43 && phone.charCodeAt(1) === 49 ? 2 : -1;
    const npa = offset < 0 ? -1 : digits3(phone, offset);
    const nxx = npa < 200 ? -1 : digits3(phone, offset + 3);
    const last = nxx < 200 ? -1 : digit(phone, offset + 9);
    const last4 = last < 0 ? -1 : digits3(phone, offset + 6) * 10 + last;
    if (last4 >= 0) {
      const line = nxx * 10_000 + last4;
      const national = offset === 0 ? phone : phone.slice(2);
      if (isValidUsNational(national, npa, nxx)) {
        const numberKey = npa * 10_000_000 + line;
        if (!byPhone.has(numberKey) && !interactionsByPhone.has(numberKey)) {
          const e164 = offset === 2 ? phone : `+1${phone}`;
          const key = templateKey(req, npa, line);
          let template = templates.get(key);
          if (template === undefined) {
            template = freezeDecision(evaluateNormalized(noFacts, { ...req, phone: e164 }, policy, now, { decisionId: id }).decision);
            templates.set(key, template);
          }
          templateUses.set(template, (templateUses.get(template) ?? 0) + 1);
          return fromTemplate(template, id, e164);
        }
      }
    }
    const parsed = parseUsPhone(phone);
    const e164 = parsed.ok ? parsed.e164 : undefined;
    const facts: CallFacts = e164 === undefined
      ? noFacts
      : { ...noFacts, standing: byPhone.get(nationalKey(e164)) ?? [], interactions: interactionsByPhone.get(nationalKey(e164)) ?? [] };
    const decision = evaluateNormalized(facts, e164 === undefined ? req : { ...req, phone: e164 }, policy, now, { decisionId: id }).decision;
    tally(decision);
    return decision;
  }

  // The facts a reusable decision depends on, for a valid number without records: its area code
  // (area-code rules, which snapshots cover it), its candidate zones, its listings in those
  // snapshots, and the consumer fields.
  function templateKey(req: NormalizedRequest, npa: number, line: number): number | string {
    let picked = covering[npa];
    if (picked === undefined) {
      picked = [pickRegistry(registries, "national", npa, atMs) ?? null, pickRegistry(registries, "massachusetts", npa, atMs) ?? null];
      covering[npa] = picked;
    }
    const nat = picked[0] !== null && picked[0].hasNational(npa, line) ? 2 : 0;
    const ma = picked[1] !== null && picked[1].hasNational(npa, line) ? 1 : 0;
    // NPA-NXX matters only through its candidate zones (interned arrays) once validity is known.
    const zones = zonesForNpaNxx(npa, Math.floor(line / 10_000));
    let zoneId = zoneIds.get(zones);
    if (zoneId === undefined) {
      zoneId = zoneIds.size;
      zoneIds.set(zones, zoneId);
    }
    const numeric = (zoneId * 1000 + npa) * 4 + nat + ma;
    if (req === base) return numeric;
    if (req.state === undefined && req.postalCode === undefined && req.timeZone === undefined && !req.isBusiness) return numeric;
    return `${numeric}|${req.state ?? ""}|${req.postalCode ?? ""}|${req.timeZone ?? ""}|${req.isBusiness ? 1 : 0}`;
  }
}

function isSyncIterable<T>(value: Iterable<T> | AsyncIterable<T>): value is Iterable<T> {
  return typeof (value as Iterable<T>)[Symbol.iterator] === "function" && typeof (value as AsyncIterable<T>)[Symbol.asyncIterator] !== "function";
}

/** The digit at `at`, or -1000 (so that any sum with it stays negative) when it is not one. */
function digit(s: string, at: number): number {
  const d = s.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : -1000;
}

/** Three digits at `at` as a number, negative when any of them is not a digit. */
function digits3(s: string, at: number): number {
  return digit(s, at) * 100 + digit(s, at + 1) * 10 + digit(s, at + 2);
}

/** A template's decision for one number: the same shape every time (one hidden class). */
function fromTemplate(t: CallDecision, id: string, phone: string): CallDecision {
  const d: CallDecision = {
    id,
    allowed: t.allowed,
    phone,
    at: t.at,
    evaluatedAt: t.evaluatedAt,
    reasons: t.reasons,
    exemptions: t.exemptions,
    timeZones: t.timeZones,
    jurisdictions: t.jurisdictions,
    registries: t.registries,
    rulesVersion: t.rulesVersion,
  };
  if (t.nextAllowedAt !== undefined) d.nextAllowedAt = t.nextAllowedAt;
  return d;
}

// The run's base request with one lead's number; `base` itself is reused as the scratch object,
// since a decision never keeps the request it was made from.
function withPhone(base: NormalizedRequest, phone: string): NormalizedRequest {
  base.phone = phone;
  return base;
}

function leadRequest(lead: ScrubLead, base: NormalizedRequest, now: Date): NormalizedRequest {
  if (typeof lead === "string") return { ...base, phone: lead };
  if (lead === null || typeof lead !== "object") {
    return normalizeRequest(lead, now); // throws INVALID_INPUT naming the problem
  }
  if (lead.consumer === undefined) {
    if (typeof lead.phone !== "string") return normalizeRequest({ phone: lead.phone }, now);
    return { ...base, phone: lead.phone };
  }
  const c = normalizeRequest({ phone: lead.phone, consumer: lead.consumer }, now);
  return { ...base, phone: c.phone, state: c.state, postalCode: c.postalCode, timeZone: c.timeZone, isBusiness: c.isBusiness };
}

function nationalKey(e164: string): number {
  return Number(e164.slice(2));
}

function push(map: Map<number, StoredRecord[]>, key: number, r: StoredRecord): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [r]);
  else list.push(r);
}

function freezeDecision(d: CallDecision): CallDecision {
  for (const r of d.reasons) Object.freeze(r);
  for (const e of d.exemptions) Object.freeze(e);
  for (const r of d.registries) Object.freeze(r);
  Object.freeze(d.reasons);
  Object.freeze(d.exemptions);
  Object.freeze(d.registries);
  Object.freeze(d.timeZones);
  Object.freeze(d.jurisdictions);
  return d;
}
