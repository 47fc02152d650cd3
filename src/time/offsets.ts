/**
 * Exact UTC offsets of IANA zones without luxon on the hot path. A calling-window check per lead in
 * a bulk scrub needs the consumer's local time in every candidate zone; luxon asks Intl on every
 * call (microseconds), this module asks Intl only to build per-zone transition tables, lazily, one
 * bucket of {@link BUCKET_MS} (an average Gregorian year) at a time, then answers from the table.
 *
 * Agreement with luxon is by construction: the offset is computed exactly as luxon's
 * `IANAZone.offset` does (Intl wall time minus the instant floored to the second), at the start of
 * every bucket and at every transition, and the transitions are found by sampling once a day and
 * bisecting to the exact second (Intl and luxon only resolve seconds). Limit: two transitions less
 * than a day apart that cancel each other out would be missed; tzdata has none for the zones
 * callgate uses (test/time/offsets.test.ts compares with luxon over 1970-2100).
 */
import { invalidInput } from "../errors.js";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Table bucket: 365.2425 days, a whole number of seconds. */
const BUCKET_MS = 31_556_952_000;
/** Tables cover years 1000-9999; outside, offsets are computed per call (slow, exact). */
const TABLE_MIN_MS = -30_610_224_000_000;
const TABLE_MAX_MS = 253_402_300_800_000;
/** The range of a valid `Date`. */
const DATE_MAX_MS = 8.64e15;

interface OffsetTable {
  /** First instant covered (inclusive). */
  readonly start: number;
  /** First instant not covered. */
  readonly end: number;
  /** `at[0]` is `start`; then each transition instant inside the bucket, ascending. */
  readonly at: Float64Array;
  /** `offsets[i]` holds from `at[i]` until `at[i + 1]`, in minutes (local = UTC + offset). */
  readonly offsets: Float64Array;
}

interface ZoneState {
  readonly zone: string;
  /** luxon's formatter: the offset values must be luxon's, to the last rounding. */
  readonly exact: Intl.DateTimeFormat;
  /** A cheaper formatter used only to detect where the offset changes. */
  readonly probe: Intl.DateTimeFormat;
  readonly tables: Map<number, OffsetTable>;
  last: OffsetTable;
}

const EMPTY_TABLE: OffsetTable = { start: 0, end: 0, at: new Float64Array(0), offsets: new Float64Array(0) };
const MAX_SPELLINGS = 4096;
/** Zone name as given -> state. */
const states = new Map<string, ZoneState>();
/** Lower-cased zone name -> state. */
const byLowerCaseName = new Map<string, ZoneState>();
let lastZone = "";
let lastState: ZoneState | undefined;

function stateOf(zone: string): ZoneState {
  if (zone === lastZone && lastState !== undefined) return lastState;
  let state = states.get(zone);
  if (state === undefined) {
    let exact: Intl.DateTimeFormat;
    let probe: Intl.DateTimeFormat;
    try {
      if (!/^[A-Za-z]/.test(zone)) throw new RangeError("not an IANA zone name");
      exact = new Intl.DateTimeFormat("en-US", {
        hour12: false,
        timeZone: zone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        era: "short",
      });
      probe = new Intl.DateTimeFormat("en-US", {
        hourCycle: "h23",
        timeZone: zone,
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw invalidInput("time zone", [{ path: "timeZone", message: `${JSON.stringify(zone)} is not an IANA time zone` }]);
    }
    // Intl reads zone names case-insensitively: spellings of one name share one table set, and the
    // spelling map is capped, so that caller-supplied names cannot grow memory without bound.
    const key = zone.toLowerCase();
    state = byLowerCaseName.get(key);
    if (state === undefined) {
      state = { zone, exact, probe, tables: new Map(), last: EMPTY_TABLE };
      byLowerCaseName.set(key, state);
    }
    if (states.size < MAX_SPELLINGS) states.set(zone, state);
  }
  lastZone = zone;
  lastState = state;
  return state;
}

/**
 * The UTC offset of `zone` at `epochMs`, in minutes: local wall time = UTC + offset. Equal to
 * luxon's `DateTime.fromMillis(epochMs, { zone }).offset` for every instant (DST gaps and overlaps
 * included); `NaN` when `epochMs` is not a valid `Date` value. Throws `INVALID_INPUT` for a zone
 * Intl does not know.
 *
 * @example utcOffsetMinutes("America/New_York", Date.UTC(2026, 6, 1)) // -240
 */
export function utcOffsetMinutes(zone: string, epochMs: number): number {
  const state = stateOf(zone);
  let table = state.last;
  if (!(epochMs >= table.start && epochMs < table.end)) {
    if (!(epochMs >= TABLE_MIN_MS && epochMs < TABLE_MAX_MS)) {
      return Math.abs(epochMs) <= DATE_MAX_MS ? exactOffset(state, epochMs) : Number.NaN;
    }
    table = tableFor(state, epochMs);
  }
  const at = table.at;
  let i = at.length - 1;
  while (i > 0 && epochMs < (at[i] as number)) i--;
  return table.offsets[i] as number;
}

/**
 * Milliseconds since local midnight in `zone` at `epochMs` (0 to 86,399,999), the clock a calling
 * window is read on: 08:00 is 28,800,000. `NaN` for an invalid instant.
 */
export function localMsOfDay(zone: string, epochMs: number): number {
  const local = epochMs + utcOffsetMinutes(zone, epochMs) * MINUTE_MS;
  const r = local % DAY_MS;
  return r < 0 ? r + DAY_MS : r;
}

/** Wall-clock fields of an instant in a zone, as luxon would give them. */
export interface LocalDateParts {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: number;
  /** Minutes, local = UTC + offset. */
  offset: number;
}

/** The local calendar date and wall time of `epochMs` in `zone` (throws `INVALID_INPUT` for a bad zone). */
export function localDateParts(zone: string, epochMs: number): LocalDateParts {
  const offset = utcOffsetMinutes(zone, epochMs);
  const local = epochMs + offset * MINUTE_MS;
  const days = Math.floor(local / DAY_MS);
  let msOfDay = local - days * DAY_MS;
  const { year, month, day } = civilFromDays(days);
  const hour = Math.floor(msOfDay / 3_600_000);
  msOfDay -= hour * 3_600_000;
  const minute = Math.floor(msOfDay / MINUTE_MS);
  msOfDay -= minute * MINUTE_MS;
  const second = Math.floor(msOfDay / 1000);
  const millisecond = msOfDay - second * 1000;
  // 1970-01-01 was a Thursday (ISO 4).
  const weekday = ((((days + 3) % 7) + 7) % 7) + 1;
  return { year, month, day, hour, minute, second, millisecond, weekday, offset };
}

/** One change of a zone's offset: from `at` on, the offset is `offset` minutes. */
export interface OffsetTransition {
  at: number;
  offset: number;
}

/**
 * The offset changes of `zone` in `[fromMs, toMs)`, in order (e.g. to find the next DST change
 * after an instant). Uses the same tables as {@link utcOffsetMinutes}; years 1000-9999 only.
 */
export function offsetTransitions(zone: string, fromMs: number, toMs: number): OffsetTransition[] {
  const state = stateOf(zone);
  const out: OffsetTransition[] = [];
  const from = Math.max(fromMs, TABLE_MIN_MS);
  const to = Math.min(toMs, TABLE_MAX_MS);
  let previous = from < to ? utcOffsetMinutes(zone, from) : Number.NaN;
  for (let bucket = from; bucket < to; ) {
    const table = tableFor(state, bucket);
    for (let i = 0; i < table.at.length; i++) {
      const at = table.at[i] as number;
      const offset = table.offsets[i] as number;
      if (at > from && at < to && offset !== previous) out.push({ at, offset });
      if (at < to) previous = offset;
    }
    bucket = table.end;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tables

function tableFor(state: ZoneState, epochMs: number): OffsetTable {
  const key = Math.floor(epochMs / BUCKET_MS);
  let table = state.tables.get(key);
  if (table === undefined) {
    table = buildTable(state, key * BUCKET_MS, (key + 1) * BUCKET_MS);
    state.tables.set(key, table);
  }
  state.last = table;
  return table;
}

function buildTable(state: ZoneState, start: number, end: number): OffsetTable {
  const at = [start];
  const offsets = [exactOffset(state, start)];
  const lastSecond = end - 1000;
  let a = start;
  let pa = probeOffset(state, a);
  while (a < lastSecond) {
    const b = Math.min(a + DAY_MS, lastSecond);
    const pb = probeOffset(state, b);
    // Bisect to the first second whose offset differs, possibly several times in one day.
    while (pa !== pb) {
      let lo = a;
      let hi = b;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (probeOffset(state, mid) === pa) lo = mid;
        else hi = mid;
      }
      const offset = exactOffset(state, hi);
      if (offset !== offsets[offsets.length - 1]) {
        at.push(hi);
        offsets.push(offset);
      }
      a = hi;
      pa = probeOffset(state, hi);
    }
    a = b;
    pa = pb;
  }
  return { start, end, at: Float64Array.from(at), offsets: Float64Array.from(offsets) };
}

/** luxon's `IANAZone.offset`, step for step (luxon/src/zones/IANAZone.js, `objToLocalTS`). */
function exactOffset(state: ZoneState, epochMs: number): number {
  let year = Number.NaN;
  let month = Number.NaN;
  let day = Number.NaN;
  let hour = Number.NaN;
  let minute = Number.NaN;
  let second = Number.NaN;
  let bc = false;
  for (const part of state.exact.formatToParts(new Date(epochMs))) {
    switch (part.type) {
      case "year":
        year = parseInt(part.value, 10);
        break;
      case "month":
        month = parseInt(part.value, 10);
        break;
      case "day":
        day = parseInt(part.value, 10);
        break;
      case "hour":
        hour = parseInt(part.value, 10);
        break;
      case "minute":
        minute = parseInt(part.value, 10);
        break;
      case "second":
        second = parseInt(part.value, 10);
        break;
      case "era":
        bc = part.value === "BC";
        break;
      default:
        break;
    }
  }
  if (bc) year = -Math.abs(year) + 1;
  if (hour === 24) hour = 0;
  let asUTC = Date.UTC(year, month - 1, day, hour, minute, second, 0);
  if (year < 100 && year >= 0) {
    const d = new Date(asUTC);
    d.setUTCFullYear(year, month - 1, day);
    asUTC = d.getTime();
  }
  const over = epochMs % 1000;
  const asTS = epochMs - (over >= 0 ? over : 1000 + over);
  return (asUTC - asTS) / MINUTE_MS;
}

/**
 * The offset in minutes from the cheaper formatter ("M/D/YYYY, HH:MM:SS"), for years 1000-9999 and
 * whole-second instants only; used to find changes, never as a result.
 */
function probeOffset(state: ZoneState, epochMs: number): number {
  const text = state.probe.format(epochMs);
  const fields = [0, 0, 0, 0, 0, 0];
  let f = 0;
  let inNumber = false;
  for (let i = 0; i < text.length && f < 6; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d >= 0 && d <= 9) {
      fields[f] = (fields[f] as number) * 10 + d;
      inNumber = true;
    } else if (inNumber) {
      f++;
      inNumber = false;
    }
  }
  const [month, day, year, hour, minute, second] = fields as [number, number, number, number, number, number];
  return (Date.UTC(year, month - 1, day, hour === 24 ? 0 : hour, minute, second) - epochMs) / MINUTE_MS;
}

/** Howard Hinnant's civil_from_days: days since 1970-01-01 to a proleptic Gregorian date. */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
