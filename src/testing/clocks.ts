/**
 * Clocks for tests: the gate reads time only through `{ now(): Date }`, so a test drives time
 * explicitly instead of sleeping (style.md, habits 3 and 5).
 */
import { tryParseInstant } from "../time/instant.js";

/** The clock shape `createCallgate({ clock })` takes. */
export interface Clock {
  /** The current instant. Each call returns a fresh `Date` the caller may mutate. */
  now(): Date;
}

/** A period to move a {@link ManualClock} by: exact durations, never calendar units. */
export interface ClockStep {
  /** Days of exactly 24 hours (86,400,000 ms). @default 0 */
  days?: number;
  /** Hours. @default 0 */
  hours?: number;
  /** Minutes. @default 0 */
  minutes?: number;
  /** Seconds. @default 0 */
  seconds?: number;
  /** Milliseconds. @default 0 */
  milliseconds?: number;
}

/** A clock that moves only when told to. */
export interface ManualClock extends Clock {
  /**
   * Moves the clock forward (or back, with negative values) by milliseconds or by an exact
   * duration. A day is 86,400,000 ms here: for calendar arithmetic across a DST change, `set()`
   * the instant you want. Returns the new reading.
   */
  advance(by: number | ClockStep): Date;
  /** Moves the clock to an instant. Returns the new reading. */
  set(at: Date | string | number): Date;
}

/**
 * Reads an instant given to a clock as the gate reads its inputs (a bare date or an offset-less
 * date-time is New York time, never the host's zone); refuses anything that is not one.
 */
function toMillis(at: Date | string | number, what: string): number {
  const ms = tryParseInstant(at)?.getTime() ?? Number.NaN;
  if (!Number.isFinite(ms)) throw new TypeError(`${what}: ${String(at)} is not an instant`);
  return ms;
}

function stepMillis(by: number | ClockStep): number {
  if (typeof by === "number") return by;
  return (
    (by.days ?? 0) * 86_400_000 +
    (by.hours ?? 0) * 3_600_000 +
    (by.minutes ?? 0) * 60_000 +
    (by.seconds ?? 0) * 1_000 +
    (by.milliseconds ?? 0)
  );
}

/**
 * A clock that always reads `at`.
 *
 * @example
 * const clock = fixedClock("2026-11-30T15:00:00Z");
 * clock.now().toISOString(); // "2026-11-30T15:00:00.000Z"
 */
export function fixedClock(at: Date | string | number): Clock {
  const ms = toMillis(at, "fixedClock");
  return { now: () => new Date(ms) };
}

/**
 * A clock that starts at `start` and moves only with `advance()` and `set()`.
 *
 * @example
 * const clock = manualClock("2026-11-30T15:00:00Z");
 * clock.advance({ hours: 2 });
 * clock.now().toISOString(); // "2026-11-30T17:00:00.000Z"
 */
export function manualClock(start: Date | string | number): ManualClock {
  let ms = toMillis(start, "manualClock");
  return {
    now: () => new Date(ms),
    advance(by) {
      const next = ms + stepMillis(by);
      if (!Number.isFinite(next)) throw new TypeError(`manualClock.advance: ${JSON.stringify(by)} is not a duration`);
      ms = next;
      return new Date(ms);
    },
    set(at) {
      ms = toMillis(at, "manualClock.set");
      return new Date(ms);
    },
  };
}
