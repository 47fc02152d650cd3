/**
 * Massachusetts legal holidays (M.G.L. c.4 §7, clause eighteenth) and business days, for complaint
 * deadlines. Statewide holidays only: Evacuation Day (March 17) and Bunker Hill Day (June 17) are
 * Suffolk County holidays and are business days here. A holiday that falls on a Sunday is kept on
 * the Monday after (c.4 §7); one that falls on a Saturday is not moved (the day is not a business
 * day anyway). Days are calendar days in New York.
 */
import { DateTime } from "luxon";
import { LEGAL_ZONE } from "../time/instant.js";

/** A holiday on a fixed date, or on the nth weekday of a month (`nth: -1` = the last). */
export type HolidayRule =
  | {
      /** The holiday's name, e.g. `"Veterans Day"`. */
      name: string;
      /** Month, 1 = January ... 12 = December. */
      month: number;
      /** Day of the month. */
      day: number;
    }
  | {
      /** The holiday's name, e.g. `"Patriots' Day"`. */
      name: string;
      /** Month, 1 = January ... 12 = December. */
      month: number;
      /** ISO weekday: 1 = Monday ... 7 = Sunday. */
      weekday: number;
      /** Which of the month's such weekdays: 1 = the first, 2 = the second, ...; -1 = the last. */
      nth: number;
    };

/** Massachusetts legal holidays, as data. Weekdays are ISO: 1 = Monday ... 7 = Sunday. */
export const MASSACHUSETTS_LEGAL_HOLIDAYS: readonly HolidayRule[] = Object.freeze([
  { name: "New Year's Day", month: 1, day: 1 },
  { name: "Martin Luther King Jr. Day", month: 1, weekday: 1, nth: 3 },
  { name: "Washington's Birthday", month: 2, weekday: 1, nth: 3 },
  { name: "Patriots' Day", month: 4, weekday: 1, nth: 3 },
  { name: "Memorial Day", month: 5, weekday: 1, nth: -1 },
  { name: "Juneteenth Independence Day", month: 6, day: 19 },
  { name: "Independence Day", month: 7, day: 4 },
  { name: "Labor Day", month: 9, weekday: 1, nth: 1 },
  { name: "Columbus Day", month: 10, weekday: 1, nth: 2 },
  { name: "Veterans Day", month: 11, day: 11 },
  { name: "Thanksgiving Day", month: 11, weekday: 4, nth: 4 },
  { name: "Christmas Day", month: 12, day: 25 },
]);

const byYear = new Map<number, ReadonlyMap<string, string>>();

/** The Massachusetts legal holidays of a year, as `YYYY-MM-DD` (the day observed) to name. */
export function massachusettsHolidays(year: number): ReadonlyMap<string, string> {
  const cached = byYear.get(year);
  if (cached !== undefined) return cached;
  const out = new Map<string, string>();
  for (const rule of MASSACHUSETTS_LEGAL_HOLIDAYS) {
    let day = "day" in rule ? DateTime.utc(year, rule.month, rule.day) : nthWeekday(year, rule.month, rule.weekday, rule.nth);
    if (day.weekday === 7) day = day.plus({ days: 1 });
    out.set(day.toISODate() as string, rule.name);
  }
  byYear.set(year, out);
  return out;
}

function nthWeekday(year: number, month: number, weekday: number, nth: number): DateTime {
  if (nth > 0) {
    const first = DateTime.utc(year, month, 1);
    return first.plus({ days: ((weekday - first.weekday + 7) % 7) + (nth - 1) * 7 });
  }
  const last = DateTime.utc(year, month, 1).endOf("month").startOf("day");
  return last.minus({ days: (last.weekday - weekday + 7) % 7 });
}

/** True when the calendar date (`YYYY-MM-DD`) is a business day: Monday to Friday and no Massachusetts legal holiday. */
export function isBusinessDay(date: string): boolean {
  const d = DateTime.fromISO(date, { zone: "UTC" });
  if (!d.isValid) throw new RangeError(`not a calendar date: ${date}`);
  return d.weekday <= 5 && !massachusettsHolidays(d.year).has(date);
}

/** A deadline counted in business days. */
export interface BusinessDeadline {
  /** The last business day of the period, `YYYY-MM-DD` in New York. */
  dueDate: string;
  /** The first instant after the deadline: the start of the day after `dueDate`, New York time (exclusive). */
  dueAt: Date;
}

/**
 * The deadline `days` business days after the New York calendar day of `at` (that day itself is
 * not counted, whatever the hour): a complaint received on a Friday with 1 business day is due by
 * the end of Monday, or Tuesday when Monday is a holiday.
 */
export function addBusinessDays(at: Date, days: number, zone: string = LEGAL_ZONE): BusinessDeadline {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`business days must be a whole number, got ${days}`);
  let day = DateTime.fromMillis(at.getTime(), { zone }).startOf("day");
  let left = days;
  while (left > 0) {
    day = day.plus({ days: 1 });
    if (isBusinessDay(day.toISODate() as string)) left--;
  }
  const dueAt = day.plus({ days: 1 }).startOf("day");
  return { dueDate: day.toISODate() as string, dueAt: new Date(dueAt.toMillis()) };
}
