import { describe, expect, it } from "vitest";
import { fixedClock, manualClock } from "../../src/testing/clocks.js";

describe("fixedClock", () => {
  it("always reads the same instant, as a fresh Date each time", () => {
    const clock = fixedClock("2026-11-30T15:00:00.250Z");
    const a = clock.now();
    a.setTime(0);
    expect(clock.now().toISOString()).toBe("2026-11-30T15:00:00.250Z");
    expect(fixedClock(new Date(0)).now().getTime()).toBe(0);
    expect(fixedClock(1_700_000_000_123).now().getTime()).toBe(1_700_000_000_123);
  });

  it("refuses what is not an instant", () => {
    expect(() => fixedClock("not a date")).toThrow(TypeError);
    expect(() => fixedClock(Number.NaN)).toThrow(TypeError);
  });
});

describe("manualClock", () => {
  it("moves only when told, by milliseconds or by an exact duration", () => {
    const clock = manualClock("2026-11-30T15:00:00.000Z");
    expect(clock.now().toISOString()).toBe("2026-11-30T15:00:00.000Z");
    expect(clock.advance(1500).toISOString()).toBe("2026-11-30T15:00:01.500Z");
    clock.advance({ days: 1, hours: 2, minutes: 3, seconds: 4 });
    expect(clock.now().toISOString()).toBe("2026-12-01T17:03:05.500Z");
    clock.advance({ hours: -1 });
    expect(clock.now().toISOString()).toBe("2026-12-01T16:03:05.500Z");
  });

  it("counts a day as 24 hours, also across a DST change", () => {
    const clock = manualClock("2026-03-07T17:00:00.000Z"); // noon in New York, the day before DST starts
    clock.advance({ days: 1 });
    expect(clock.now().toISOString()).toBe("2026-03-08T17:00:00.000Z"); // 1 pm in New York
  });

  it("jumps to an instant with set()", () => {
    const clock = manualClock(0);
    expect(clock.set("2027-01-01T05:00:00Z").toISOString()).toBe("2027-01-01T05:00:00.000Z");
    expect(clock.now().toISOString()).toBe("2027-01-01T05:00:00.000Z");
    expect(() => clock.set("yesterday")).toThrow(TypeError);
  });
});
