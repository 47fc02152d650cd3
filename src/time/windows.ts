/**
 * Calling windows in consumer-local wall time, evaluated with exact IANA offsets (DST, Arizona,
 * Hawaii included) from the precomputed transition tables in ./offsets.ts.
 */
import type { CallingWindow } from "../rules/types.js";
import { localMsOfDay, utcOffsetMinutes } from "./offsets.js";

const MINUTE = 60_000;
const DAY = 86_400_000;

/** True when the instant falls inside `[start, end)` of the window, local time in `zone`. */
export function insideWindow(zone: string, window: CallingWindow, epochMs: number): boolean {
  const ms = localMsOfDay(zone, epochMs);
  return ms >= window.startMinute * MINUTE && ms < window.endMinute * MINUTE;
}

/**
 * The first instant after `epochMs` at which local time in `zone` is the window's start, i.e. the
 * next opening of the window (when `epochMs` is outside it).
 */
export function nextWindowOpening(zone: string, window: CallingWindow, epochMs: number): number {
  const start = window.startMinute * MINUTE;
  const local = localMsOfDay(zone, epochMs);
  const daysAhead = local < start ? 0 : 1;
  let guess = epochMs - local + daysAhead * DAY + start;
  // Correct for an offset change (DST) between now and the guess, twice to settle.
  for (let i = 0; i < 2; i++) {
    const drift = (utcOffsetMinutes(zone, guess) - utcOffsetMinutes(zone, epochMs)) * MINUTE;
    const candidate = epochMs - local + daysAhead * DAY + start - drift;
    if (candidate === guess) break;
    guess = candidate;
  }
  // A window start that falls in a DST gap does not exist that day: open at the first instant after it.
  const got = localMsOfDay(zone, guess);
  if (got < start && start - got < 3 * 3_600_000) guess += start - got;
  return guess <= epochMs ? epochMs + MINUTE : guess;
}

/** One window to satisfy in one zone. */
export interface ZonedWindow {
  zone: string;
  window: CallingWindow;
}

/**
 * The earliest instant after `epochMs` that lies inside every window in its zone, or `undefined`
 * when none exists within `horizonDays`. Used for `nextAllowedAt`.
 */
export function earliestCommonOpening(constraints: readonly ZonedWindow[], epochMs: number, horizonDays = 14): number | undefined {
  if (constraints.length === 0) return undefined;
  let t = epochMs;
  const limit = epochMs + horizonDays * DAY;
  for (let guard = 0; guard < 1000 && t <= limit; guard++) {
    let next = t;
    for (const c of constraints) {
      if (!insideWindow(c.zone, c.window, t)) next = Math.max(next, nextWindowOpening(c.zone, c.window, t));
    }
    if (next === t) return t > epochMs ? t : undefined;
    t = next;
  }
  return undefined;
}

/** The wall time of an instant in `zone`, ISO-8601 with its offset, e.g. `2026-11-30T07:30:00.000-05:00`. */
export function localIso(zone: string, epochMs: number): string {
  const offset = utcOffsetMinutes(zone, epochMs);
  const wall = new Date(epochMs + offset * MINUTE).toISOString().slice(0, 23);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${wall}${sign}${hh}:${mm}`;
}

/** Day number (days since 1970-01-01) of the calendar date of an instant in `zone`. */
export function localDayNumber(zone: string, epochMs: number): number {
  return Math.floor((epochMs + utcOffsetMinutes(zone, epochMs) * MINUTE) / DAY);
}
