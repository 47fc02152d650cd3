/**
 * Shared builders for the rule, property and record tests: a clock the test drives, New York (or
 * any zone) wall time read with luxon independently of the library, registries and a gate.
 */
import { DateTime } from "luxon";
import { memoryStorage } from "../../src/adapters/memory.js";
import {
  createCallgate,
  createRegistry,
  type CallDecision,
  type CallRequest,
  type Callgate,
  type PolicyInput,
  type Registry,
  type Seller,
  type StorageAdapter,
  type StoredRecord,
} from "../../src/index.js";

export const NY = "America/New_York";
export const CHICAGO = "America/Chicago";
export const DENVER = "America/Denver";
export const PHOENIX = "America/Phoenix";
export const LOS_ANGELES = "America/Los_Angeles";
export const HONOLULU = "Pacific/Honolulu";
export const BOISE = "America/Boise";

/** Every zone US area codes use (rules.md "Local time": the candidates for a number with no known zone). */
export const ALL_US_ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Phoenix",
  "America/Los_Angeles",
  "America/Anchorage",
  "America/Adak",
  "Pacific/Honolulu",
] as const;

/**
 * The instant of a wall-clock time in `zone` ("2026-11-16T08:00:00"), computed with luxon. Refuses
 * a wall time that does not exist (DST gap) so that a test never silently shifts.
 */
export function wall(local: string, zone: string = NY): Date {
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) throw new Error(`bad wall time ${local} in ${zone}`);
  const back = dt.toFormat(local.length > 19 ? "yyyy-MM-dd'T'HH:mm:ss.SSS" : local.length > 16 ? "yyyy-MM-dd'T'HH:mm:ss" : local.length > 10 ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd");
  if (back !== local) throw new Error(`wall time ${local} does not exist in ${zone} (became ${back})`);
  return new Date(dt.toMillis());
}

/** New York wall time. */
export const ny = (local: string): Date => wall(local, NY);

/** A UTC instant from an ISO string ending in Z (readability). */
export const utc = (iso: string): Date => {
  if (!iso.endsWith("Z")) throw new Error(`utc() wants a Z-terminated ISO string: ${iso}`);
  return new Date(iso);
};

/** Local wall time of an instant in a zone, `HH:mm:ss.SSS`, computed with luxon. */
export function localTime(at: Date, zone: string): string {
  return DateTime.fromMillis(at.getTime(), { zone }).toFormat("HH:mm:ss.SSS");
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** A clock the test drives: it never reads the system clock and never sleeps. */
export interface TestClock {
  now(): Date;
  set(at: Date | string | number): void;
  advance(ms: number): void;
}

export function testClock(start: Date | string | number): TestClock {
  let ms = new Date(start).getTime();
  if (!Number.isFinite(ms)) throw new Error(`bad clock start ${String(start)}`);
  return {
    now: () => new Date(ms),
    set(at) {
      ms = new Date(at).getTime();
    },
    advance(by) {
      ms += by;
    },
  };
}

export const SELLER: Seller = Object.freeze({ id: "acme-solar", name: "Acme Solar LLC", callerId: "+16175550100" });

// Numbers used across tests (the fictional 555-01XX block).
/** Boston, on the National Registry and on the Massachusetts list. */
export const MA_BOTH = "+16175550123";
/** Worcester, on the Massachusetts list only. */
export const MA_STATE_ONLY = "+15085550145";
/** Boston, on the National Registry only. */
export const MA_NATIONAL_ONLY = "+17815550156";
/** Boston, on no list. */
export const MA_CLEAN = "+16175550199";
/** New York City, on the National Registry. */
export const NY_LISTED = "+12125550134";
/** New York City, on no list. */
export const NY_CLEAN = "+12125550188";
/** Chicago, Denver, Phoenix, Los Angeles, Honolulu: on no list. */
export const CHI_CLEAN = "+13125550111";
export const DEN_CLEAN = "+13035550122";
export const PHX_CLEAN = "+16025550133";
export const PHX2_CLEAN = "+14805550144";
export const LA_CLEAN = "+14155550155";
export const HNL_CLEAN = "+18085550166";
/** 928-283: Flagstaff area, Denver and Phoenix (Navajo Nation observes DST). */
export const AZ_SPLIT = "+19282830177";
/** 208-555: Idaho, Boise and Los Angeles. */
export const IDAHO_SPLIT = "+12085550188";
/** 500: non-geographic, no zone in the data: every US zone is a candidate. */
export const NO_ZONE = "+15005550123";

export const NATIONAL_LIST = [MA_BOTH, MA_NATIONAL_ONLY, NY_LISTED];
export const MA_LIST = [MA_BOTH, MA_STATE_ONLY];

/** The first day (YYYY-MM-DD) of the New York calendar quarter of an instant. */
export function quarterStartOf(at: Date): string {
  const d = DateTime.fromMillis(at.getTime(), { zone: NY });
  const month = Math.floor((d.month - 1) / 3) * 3 + 1;
  return `${d.year}-${String(month).padStart(2, "0")}-01`;
}

/** A national snapshot obtained at `obtainedAt`, covering every area code unless told. */
export function national(obtainedAt: Date | string, numbers: readonly string[] = NATIONAL_LIST, areaCodes?: readonly string[]): Registry {
  return createRegistry({
    source: "national",
    obtainedAt: obtainedAt instanceof Date ? obtainedAt.toISOString() : obtainedAt,
    numbers: [...numbers],
    ...(areaCodes === undefined ? {} : { areaCodes: [...areaCodes] }),
  });
}

/** A Massachusetts list snapshot of the quarter starting at `edition`. */
export function massachusetts(edition: string, numbers: readonly string[] = MA_LIST): Registry {
  return createRegistry({ source: "massachusetts", edition, numbers: [...numbers] });
}

/** Registries that are fresh for calls between `at` and `at` + 20 days (same New York quarter assumed). */
export function freshRegistries(at: Date, lists: { national?: readonly string[]; ma?: readonly string[] } = {}): Registry[] {
  return [national(new Date(at.getTime() - DAY), lists.national ?? NATIONAL_LIST), massachusetts(quarterStartOf(at), lists.ma ?? MA_LIST)];
}

export interface GateOptions {
  /** The clock's reading. @default 2026-11-16T15:00:00Z (10:00 in New York, a Monday) */
  now?: Date | string;
  /** @default a national copy obtained 2026-11-10 and the Q4 2026 Massachusetts list */
  registries?: Registry[];
  policy?: PolicyInput;
  seller?: Seller;
  storage?: StorageAdapter;
}

export const BASE_NOW = "2026-11-16T15:00:00Z";

export function defaultRegistries(): Registry[] {
  return [national("2026-11-10T15:00:00Z"), massachusetts("2026-10-01")];
}

export interface TestGate {
  gate: Callgate;
  clock: TestClock;
  storage: StorageAdapter;
}

export function makeGate(options: GateOptions = {}): TestGate {
  const clock = testClock(options.now ?? BASE_NOW);
  const storage = options.storage ?? memoryStorage();
  const gate = createCallgate({
    seller: options.seller ?? SELLER,
    storage,
    registries: options.registries ?? defaultRegistries(),
    clock,
    ...(options.policy === undefined ? {} : { policy: options.policy }),
  });
  return { gate, clock, storage };
}

/** The ids of the rules that denied, sorted. */
export function deniedBy(d: CallDecision): string[] {
  return d.reasons.map((r) => r.rule).sort();
}

/** The reason codes, sorted. */
export function codes(d: CallDecision): string[] {
  return d.reasons.map((r) => r.code).sort();
}

/** `rule:basis` of every exemption, sorted. */
export function exemptions(d: CallDecision): string[] {
  return d.exemptions.map((e) => `${e.rule}:${e.basis}`).sort();
}

/** Every record in storage, in seq order. */
export async function allRecords(storage: StorageAdapter): Promise<StoredRecord[]> {
  const out: StoredRecord[] = [];
  let afterSeq: number | undefined;
  for (;;) {
    const page = await storage.listRecords({ limit: 1000, ...(afterSeq === undefined ? {} : { afterSeq }) });
    out.push(...page.records);
    if (page.nextAfterSeq === undefined) return out;
    afterSeq = page.nextAfterSeq;
  }
}

/** Counts of stored records by kind. */
export async function kindCounts(storage: StorageAdapter): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const r of await allRecords(storage)) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  return counts;
}

/** Asks a test gate about one call at `at`. */
export const ask = (g: TestGate, phone: string, at: Date, extra: Partial<CallRequest> = {}): Promise<CallDecision> =>
  g.gate.canCall({ phone, at, ...extra });

/** Records an outbound debt-collection call attempt (no answer unless `more` says otherwise). */
export const debtAttempt = (g: TestGate, phone: string, startedAt: Date, more: Record<string, unknown> = {}) =>
  g.gate.recordInteraction({
    phone,
    direction: "outbound",
    startedAt,
    durationSeconds: 0,
    disposition: "no-answer",
    purpose: "debt-collection",
    ...more,
  } as Parameters<typeof g.gate.recordInteraction>[0]);
