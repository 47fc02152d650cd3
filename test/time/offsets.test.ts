import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, it, expect } from "vitest";
import { isCallgateError } from "../../src/errors.js";
import { localDateParts, localMsOfDay, offsetTransitions, utcOffsetMinutes } from "../../src/time/offsets.js";
import { KNOWN_ZONES, US_FALLBACK_ZONES } from "../../src/time/zones.js";

const ZONES: readonly string[] = [...new Set([...US_FALLBACK_ZONES, ...KNOWN_ZONES])];
const FROM = Date.UTC(1970, 0, 1);
const TO = Date.UTC(2101, 0, 1);
const HOUR = 3_600_000;

const luxonOffset = (zone: string, ms: number): number => DateTime.fromMillis(ms, { zone }).offset;

describe("utcOffsetMinutes agrees with luxon", () => {
  it("at random instants 1970-2100 in every zone the tables use", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.date({ min: new Date(FROM), max: new Date(TO - 1), noInvalidDate: true }),
        (zone, date) => {
          const ms = date.getTime();
          expect(utcOffsetMinutes(zone, ms)).toBe(luxonOffset(zone, ms));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("on both sides of every transition of a random zone-year", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 1970, max: 2100 }), (zone, year) => {
        for (const { at, offset } of offsetTransitions(zone, Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1))) {
          expect(luxonOffset(zone, at)).toBe(offset);
          expect(utcOffsetMinutes(zone, at)).toBe(offset);
          expect(utcOffsetMinutes(zone, at - 1)).toBe(luxonOffset(zone, at - 1));
          expect(luxonOffset(zone, at - 1)).not.toBe(offset);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("at every hour of 2026 in the fallback zones", () => {
    for (const zone of US_FALLBACK_ZONES) {
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += HOUR) {
        if (utcOffsetMinutes(zone, ms) !== luxonOffset(zone, ms)) {
          expect({ zone, at: new Date(ms).toISOString(), offset: utcOffsetMinutes(zone, ms) }).toEqual({
            zone,
            at: new Date(ms).toISOString(),
            offset: luxonOffset(zone, ms),
          });
        }
      }
    }
  });

  it("outside the table years too (slow path)", () => {
    for (const zone of ["America/New_York", "Pacific/Honolulu", "America/Adak"]) {
      for (const ms of [Date.UTC(500, 5, 1), Date.UTC(1883, 10, 18, 17), Date.UTC(12_000, 6, 1), Date.UTC(-50, 0, 1)]) {
        expect(utcOffsetMinutes(zone, ms)).toBe(luxonOffset(zone, ms));
      }
    }
  });
});

describe("DST edges of 2026", () => {
  // [zone, spring-forward instant (UTC), fall-back instant (UTC), standard offset]
  const cases: Array<[string, string, string, number]> = [
    ["America/New_York", "2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z", -300],
    ["America/Chicago", "2026-03-08T08:00:00Z", "2026-11-01T07:00:00Z", -360],
    ["America/Denver", "2026-03-08T09:00:00Z", "2026-11-01T08:00:00Z", -420],
    ["America/Los_Angeles", "2026-03-08T10:00:00Z", "2026-11-01T09:00:00Z", -480],
    ["America/Anchorage", "2026-03-08T11:00:00Z", "2026-11-01T10:00:00Z", -540],
    ["America/Adak", "2026-03-08T12:00:00Z", "2026-11-01T11:00:00Z", -600],
  ];

  for (const [zone, springIso, fallIso, standard] of cases) {
    it(`${zone}: 2:00 -> 3:00 on 2026-03-08, 2:00 -> 1:00 on 2026-11-01`, () => {
      const spring = Date.parse(springIso);
      const fall = Date.parse(fallIso);
      for (const ms of [spring - 1, spring, fall - 1, fall]) expect(utcOffsetMinutes(zone, ms)).toBe(luxonOffset(zone, ms));
      expect(utcOffsetMinutes(zone, spring - 1)).toBe(standard);
      expect(utcOffsetMinutes(zone, spring)).toBe(standard + 60);
      expect(utcOffsetMinutes(zone, fall - 1)).toBe(standard + 60);
      expect(utcOffsetMinutes(zone, fall)).toBe(standard);
      // Local clock: 01:59:59.999 then 03:00 in spring; 01:59:59.999 then 01:00 again in autumn.
      expect(localMsOfDay(zone, spring - 1)).toBe(2 * HOUR - 1);
      expect(localMsOfDay(zone, spring)).toBe(3 * HOUR);
      expect(localMsOfDay(zone, fall - 1)).toBe(2 * HOUR - 1);
      expect(localMsOfDay(zone, fall)).toBe(1 * HOUR);
      expect(offsetTransitions(zone, Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1))).toEqual([
        { at: spring, offset: standard + 60 },
        { at: fall, offset: standard },
      ]);
    });
  }

  it("zones without DST keep one offset all year", () => {
    const fixed: Array<[string, number]> = [
      ["America/Phoenix", -420],
      ["Pacific/Honolulu", -600],
      ["Pacific/Guam", 600],
      ["Pacific/Saipan", 600],
      ["Pacific/Pago_Pago", -660],
      ["America/Puerto_Rico", -240],
    ];
    for (const [zone, offset] of fixed) {
      expect(offsetTransitions(zone, Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1))).toEqual([]);
      for (const month of [0, 3, 6, 9]) expect(utcOffsetMinutes(zone, Date.UTC(2026, month, 15))).toBe(offset);
    }
  });

  it("US DST zones change exactly twice a year from 2007 to 2100", () => {
    for (const zone of ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Anchorage", "America/Adak"]) {
      for (let year = 2007; year <= 2100; year++) {
        expect(offsetTransitions(zone, Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1)), `${zone} ${year}`).toHaveLength(2);
      }
    }
  });
});

describe("local time", () => {
  it("localDateParts matches luxon's fields", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.date({ min: new Date(FROM), max: new Date(TO - 1), noInvalidDate: true }),
        (zone, date) => {
          const ms = date.getTime();
          const d = DateTime.fromMillis(ms, { zone });
          expect(localDateParts(zone, ms)).toEqual({
            year: d.year,
            month: d.month,
            day: d.day,
            hour: d.hour,
            minute: d.minute,
            second: d.second,
            millisecond: d.millisecond,
            weekday: d.weekday,
            offset: d.offset,
          });
          expect(localMsOfDay(zone, ms)).toBe(((d.hour * 60 + d.minute) * 60 + d.second) * 1000 + d.millisecond);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("handles instants before 1970", () => {
    const ms = Date.UTC(1969, 11, 31, 23, 59, 59, 999);
    expect(localDateParts("America/New_York", ms)).toMatchObject({ year: 1969, month: 12, day: 31, hour: 18, minute: 59, weekday: 3 });
    expect(localMsOfDay("America/New_York", ms)).toBe(19 * HOUR - 1);
  });
});

describe("zone names", () => {
  it("reads zone names case-insensitively and accepts IANA links, like Intl and luxon", () => {
    const july = Date.UTC(2026, 6, 1);
    for (const zone of ["america/new_york", "AMERICA/NEW_YORK", "US/Eastern", "America/New_York"]) {
      expect(utcOffsetMinutes(zone, july)).toBe(-240);
      expect(utcOffsetMinutes(zone, july)).toBe(luxonOffset(zone, july));
    }
  });
});

describe("bad input", () => {
  it("gives NaN for an invalid instant, like luxon", () => {
    expect(utcOffsetMinutes("America/New_York", Number.NaN)).toBeNaN();
    expect(utcOffsetMinutes("America/New_York", Number.POSITIVE_INFINITY)).toBeNaN();
    expect(utcOffsetMinutes("America/New_York", 9e15)).toBeNaN();
    expect(localMsOfDay("America/New_York", Number.NaN)).toBeNaN();
  });

  it("throws INVALID_INPUT for a zone Intl does not know", () => {
    for (const zone of ["Mars/Olympus_Mons", "", "+05:00"]) {
      let caught: unknown;
      try {
        utcOffsetMinutes(zone, 0);
      } catch (error) {
        caught = error;
      }
      expect(isCallgateError(caught, "INVALID_INPUT"), zone).toBe(true);
    }
  });
});
