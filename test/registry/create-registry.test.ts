import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CallgateError } from "../../src/errors.js";
import { createRegistry } from "../../src/registry/index.js";

function invalid(run: () => unknown): CallgateError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CallgateError);
    expect((error as CallgateError).code).toBe("INVALID_INPUT");
    return error as CallgateError;
  }
  throw new Error("expected INVALID_INPUT");
}

describe("createRegistry", () => {
  it("reads every common US format and lists each number once", () => {
    const registry = createRegistry({
      source: "national",
      obtainedAt: "2026-11-20T12:00:00Z",
      numbers: ["+1 617-555-0123", "(617) 555-0124", "6175550125", "1-617-555-0126", "617.555.0127", "+16175550128", "6175550123"],
    });
    expect([...registry.numbers()]).toEqual(["6175550123", "6175550124", "6175550125", "6175550126", "6175550127", "6175550128"]);
    expect(registry.meta.count).toBe(6);
    expect(registry.meta.badLines).toBe(0);
    expect(registry.meta.kind).toBe("full");
    expect(registry.has("617-555-0124")).toBe(true);
    expect(registry.has("+1 (617) 555-0128")).toBe(true);
    expect(registry.has("6175550129")).toBe(false);
    expect(registry.hasNational(617, 5_550_123)).toBe(true);
    expect(registry.hasNational(617, 5_550_129)).toBe(false);
  });

  it("answers false, never throws, for strings that are not NANP numbers", () => {
    const registry = createRegistry({ source: "national", edition: "2026-11-20", numbers: ["6175550123"] });
    for (const phone of ["", "abc", "617555012", "61755501234", "+44 20 7946 0958", "1175550123", "6171550123", "617-555-0123 x12"]) {
      expect(registry.has(phone)).toBe(false);
    }
    expect(registry.has(42 as unknown as string)).toBe(false);
    expect(registry.hasNational(617, 5_550_123.5)).toBe(false);
    expect(registry.hasNational(617.5, 5_550_123)).toBe(false);
    expect(registry.hasNational(617, -1)).toBe(false);
    expect(registry.hasNational(617, 10_000_000 + 5_550_123)).toBe(false);
    expect(registry.hasNational(1617, 5_550_123)).toBe(false);
  });

  it("names the refused entry numbers[i]", () => {
    const error = invalid(() => createRegistry({ source: "national", edition: "2026-11-20", numbers: ["6175550123", "555-0123", "0175550123"] }));
    expect(error.message).toContain("numbers[1]");
    expect(error.message).toContain("numbers[2]");
    expect(error.message).not.toContain("numbers[0]");
    expect(error.details.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "numbers[1]" }), expect.objectContaining({ path: "numbers[2]" })]),
    );
  });

  it("refuses an unknown source, a missing date and malformed dates", () => {
    expect(invalid(() => createRegistry({ source: "texas" as "national", edition: "2026-11-20", numbers: [] })).message).toContain("source");
    expect(invalid(() => createRegistry({ source: "national", numbers: [] })).message).toContain("obtainedAt or edition is required");
    expect(invalid(() => createRegistry({ source: "national", edition: "2026-13-40", numbers: [] })).message).toContain("edition");
    expect(invalid(() => createRegistry({ source: "national", edition: "11/20/2026", numbers: [] })).message).toContain("edition");
    expect(invalid(() => createRegistry({ source: "national", obtainedAt: "yesterday", numbers: [] })).message).toContain("obtainedAt");
    invalid(() => createRegistry(null as never));
    invalid(() => createRegistry({ source: "national", edition: "2026-11-20", numbers: 42 as never }));
  });

  it("reads a bare edition as that day in New York", () => {
    const registry = createRegistry({ source: "massachusetts", edition: "2026-10-01", numbers: ["+15085550199"] });
    expect(registry.meta.edition).toBe("2026-10-01");
    expect(registry.meta.obtainedAt.toISOString()).toBe("2026-10-01T04:00:00.000Z");
    const winter = createRegistry({ source: "national", edition: "2026-12-01", numbers: [] });
    expect(winter.meta.obtainedAt.toISOString()).toBe("2026-12-01T05:00:00.000Z");
  });

  it("takes the edition from obtainedAt's New York date", () => {
    const registry = createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: [] });
    expect(registry.meta.edition).toBe("2026-11-20");
    expect(registry.meta.obtainedAt.toISOString()).toBe("2026-11-20T12:00:00.000Z");
    // 02:30 UTC on the 21st is still the evening of the 20th in New York.
    const lateEvening = createRegistry({ source: "national", obtainedAt: "2026-11-21T02:30:00Z", numbers: [] });
    expect(lateEvening.meta.edition).toBe("2026-11-20");
    const fromDate = createRegistry({ source: "national", obtainedAt: new Date("2026-07-01T03:59:59Z"), numbers: [] });
    expect(fromDate.meta.edition).toBe("2026-06-30");
    const offsetLess = createRegistry({ source: "national", obtainedAt: "2026-11-20T23:30:00", numbers: [] });
    expect(offsetLess.meta.obtainedAt.toISOString()).toBe("2026-11-21T04:30:00.000Z");
    expect(offsetLess.meta.edition).toBe("2026-11-20");
  });

  it("keeps both dates when both are given", () => {
    const registry = createRegistry({ source: "national", obtainedAt: "2026-11-21T15:00:00Z", edition: "2026-11-19", numbers: [] });
    expect(registry.meta.edition).toBe("2026-11-19");
    expect(registry.meta.obtainedAt.toISOString()).toBe("2026-11-21T15:00:00.000Z");
  });

  it("dates the MA list by the first day of its quarter", () => {
    const registry = createRegistry({ source: "massachusetts", obtainedAt: "2026-11-20T12:00:00Z", numbers: [] });
    expect(registry.meta.edition).toBe("2026-10-01");
    const newYear = createRegistry({ source: "massachusetts", obtainedAt: "2027-01-01T04:30:00Z", numbers: [] });
    expect(newYear.meta.edition).toBe("2026-10-01"); // 23:30 on Dec 31 in New York
    // An edition on another day is kept as given; it stands for its quarter.
    expect(createRegistry({ source: "massachusetts", edition: "2026-11-20", numbers: [] }).meta.edition).toBe("2026-11-20");
  });

  it("covers every area code without areaCodes, and only those listed with it", () => {
    const everywhere = createRegistry({ source: "national", edition: "2026-11-20", numbers: ["6175550123"] });
    expect(everywhere.meta.areaCodes).toBeNull();
    expect(everywhere.covers("212")).toBe(true);
    expect(everywhere.covers(907)).toBe(true);
    expect(everywhere.covers("099")).toBe(false);
    expect(everywhere.covers("6170")).toBe(false);
    expect(everywhere.covers(61.7)).toBe(false);

    const subscribed = createRegistry({ source: "national", edition: "2026-11-20", areaCodes: ["617", "508", "617"], numbers: ["6175550123"] });
    expect(subscribed.meta.areaCodes).toEqual(["508", "617"]);
    expect(subscribed.covers("617")).toBe(true);
    expect(subscribed.covers(508)).toBe(true);
    expect(subscribed.covers("212")).toBe(false);
    expect(subscribed.covers(212)).toBe(false);
  });

  it("validates areaCodes and refuses numbers outside them", () => {
    invalid(() => createRegistry({ source: "national", edition: "2026-11-20", areaCodes: ["61"], numbers: [] }));
    invalid(() => createRegistry({ source: "national", edition: "2026-11-20", areaCodes: [617 as unknown as string], numbers: [] }));
    invalid(() => createRegistry({ source: "national", edition: "2026-11-20", areaCodes: [], numbers: [] }));
    const error = invalid(() => createRegistry({ source: "national", edition: "2026-11-20", areaCodes: ["617"], numbers: ["6175550123", "2125550123"] }));
    expect(error.message).toContain("numbers[1]");
    expect(error.message).toContain("212");
  });

  it("derives a deterministic id and a content hash", () => {
    const a = createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: ["6175550124", "6175550123"] });
    const b = createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: ["(617) 555-0123", "617-555-0124"] });
    const c = createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: ["6175550123"] });
    const d = createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:01Z", numbers: ["6175550124", "6175550123"] });
    expect(a.meta.id).toBe(b.meta.id);
    expect(a.meta.sha256).toBe(b.meta.sha256);
    expect(a.meta.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.meta.id).toMatch(/^national-2026-11-20-[0-9a-f]{16}$/);
    expect(c.meta.id).not.toBe(a.meta.id);
    expect(d.meta.id).not.toBe(a.meta.id);
  });

  it("is frozen, and so is its meta", () => {
    const registry = createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", areaCodes: ["617"], numbers: ["6175550123"] });
    expect(Object.isFrozen(registry)).toBe(true);
    expect(Object.isFrozen(registry.meta)).toBe(true);
    expect(Object.isFrozen(registry.meta.areaCodes)).toBe(true);
    expect(() => {
      (registry.meta as { count: number }).count = 0;
    }).toThrow(TypeError);
    registry.meta.obtainedAt.setTime(0);
    expect(registry.meta.obtainedAt.toISOString()).toBe("2026-11-20T12:00:00.000Z");
    expect(JSON.parse(JSON.stringify(registry.meta)).obtainedAt).toBe("2026-11-20T12:00:00.000Z");
  });

  it("has() agrees with a plain Set (property)", () => {
    const npa = fc.integer({ min: 200, max: 999 });
    const line = fc.integer({ min: 2_000_000, max: 9_999_999 });
    const number = fc.tuple(npa, line).map(([a, l]) => `${a}${l}`);
    fc.assert(
      fc.property(fc.array(number, { maxLength: 300 }), fc.array(number, { maxLength: 100 }), (listed, probes) => {
        const set = new Set(listed);
        const registry = createRegistry({ source: "national", edition: "2026-11-20", numbers: listed });
        expect(registry.meta.count).toBe(set.size);
        for (const phone of [...listed, ...probes]) {
          expect(registry.has(phone)).toBe(set.has(phone));
          expect(registry.has(`(${phone.slice(0, 3)}) ${phone.slice(3, 6)}-${phone.slice(6)}`)).toBe(set.has(phone));
        }
        expect([...registry.numbers()]).toEqual([...set].sort());
      }),
      { numRuns: 200 },
    );
  });
});
