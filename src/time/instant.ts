import { DateTime } from "luxon";

/** The zone in which bare dates and offset-less date-times are read (rules.md, "Times and dates"). */
export const LEGAL_ZONE = "America/New_York";

/** Anything callgate accepts as an instant: a Date, epoch milliseconds, or an ISO-8601 string. */
export type InstantInput = Date | string | number;

// An offset counts only after a time of day: "2026-11" is a year and month, not UTC-11.
const HAS_OFFSET = /[T\s]\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Reads an instant. A bare date (`2026-10-01`) is the start of that calendar day in New York, and
 * a date-time without an offset (`2026-11-30T07:30:00`) is New York wall time: never the server's
 * zone. Returns `undefined` when the value is not an instant.
 */
export function tryParseInstant(value: unknown, zone: string = LEGAL_ZONE): Date | undefined {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? new Date(value.getTime()) : undefined;
  if (typeof value === "number") return Number.isFinite(value) ? new Date(value) : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  const options = HAS_OFFSET.test(text) ? { setZone: true } : { zone };
  let dt = DateTime.fromISO(text, options);
  // "2026-11-30 07:30:00" (a space for the T, as databases and spreadsheets write it).
  if (!dt.isValid) dt = DateTime.fromSQL(text, options);
  return dt.isValid ? new Date(dt.toMillis()) : undefined;
}

/** The calendar date (`YYYY-MM-DD`) of an instant in `zone` (New York by default). */
export function calendarDate(at: Date | number, zone: string = LEGAL_ZONE): string {
  return DateTime.fromMillis(typeof at === "number" ? at : at.getTime(), { zone }).toISODate() as string;
}

/** Whole calendar days from the date of `from` to the date of `to`, both read in `zone`. */
export function calendarDaysBetween(from: Date | number, to: Date | number, zone: string = LEGAL_ZONE): number {
  const a = DateTime.fromISO(calendarDate(from, zone), { zone: "UTC" });
  const b = DateTime.fromISO(calendarDate(to, zone), { zone: "UTC" });
  return Math.round(b.diff(a, "days").days);
}

/**
 * Adds a calendar period in `zone` with month-end clamping (Jan 31 + 1 month = Feb 28/29), as
 * rules.md requires for the 18-month, 3-month and N-year periods.
 */
export function addCalendar(
  at: Date | number,
  period: { years?: number; months?: number; days?: number },
  zone: string = LEGAL_ZONE,
): Date {
  const dt = DateTime.fromMillis(typeof at === "number" ? at : at.getTime(), { zone }).plus(period);
  return new Date(dt.toMillis());
}
