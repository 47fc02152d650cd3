/**
 * Properties of the gate, checked with fast-check against independent oracles: luxon for local
 * time, the shared libphonenumber NANP zone file (read here, longest prefix) and the npm
 * `zipcode-to-timezone` table for candidate zones.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { createCallgate, type CallDecision, type CallRequest, type Purpose } from "../../src/index.js";
import { memoryStorage } from "../../src/adapters/memory.js";
import { parseUsPhone, parseUsPhoneUncached } from "../../src/phone/index.js";
import { ALL_US_ZONES, DAY, MINUTE, NY, SELLER, freshRegistries, quarterStartOf, testClock } from "../helpers/gate.js";

const require = createRequire(import.meta.url);
const zipToZone = require("zipcode-to-timezone") as { lookup(zip: string): string | null };

// ---------------------------------------------------------------------------------------------
// Independent oracles

/** Longest-prefix zone lookup over ../shared/data, never the country-level `1|` line. */
const NANP_ZONES: Map<string, string[]> = (() => {
  const text = readFileSync(new URL("../../../shared/data/libphonenumber-timezones-nanp.txt", import.meta.url), "utf8");
  const map = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const m = /^(1\d+)\|(.+)$/.exec(line.trim());
    if (m === null || m[1] === "1") continue;
    map.set((m[1] as string).slice(1), (m[2] as string).split("&"));
  }
  return map;
})();

function oracleNumberZones(national: string): string[] {
  for (let len = 6; len >= 3; len--) {
    const z = NANP_ZONES.get(national.slice(0, len));
    if (z !== undefined) return z;
  }
  return [...ALL_US_ZONES];
}

/** The wall-clock minute-of-day (with fraction) of an instant in a zone, by luxon. */
function localMinutes(ms: number, zone: string): number {
  const dt = DateTime.fromMillis(ms, { zone });
  return dt.hour * 60 + dt.minute + dt.second / 60 + dt.millisecond / 60_000;
}

const inWindow = (ms: number, zone: string, start: number, end: number): boolean => {
  const m = localMinutes(ms, zone);
  return m >= start && m < end;
};

/** The calling windows (minutes) the spec imposes on a call, by purpose and MA coverage. */
function windowsFor(purpose: Purpose, ma: boolean): [number, number][] {
  if (purpose === "telemarketing") return ma ? [[480, 1200], [480, 1260]] : [[480, 1260]];
  if (purpose === "charitable" || purpose === "debt-collection") return [[480, 1260]];
  return [];
}


/** The npm ZIP table still spells one link zone by its old name. */
const canonicalZone = (zone: string): string => (zone === "America/Shiprock" ? "America/Denver" : zone);

/**
 * Candidate zones: exactly the number's zones (shared data) and the explicit zone, plus the ZIP's
 * zone; a ZIP may contribute more than one zone (rules.md: "each gives one or more candidate
 * zones"), but only when the table knows the ZIP, and only US zones.
 */
function expectCandidates(actual: readonly string[], national: string, zipZone: string | null, explicit: string | undefined): void {
  const required = new Set(oracleNumberZones(national));
  if (explicit !== undefined) required.add(explicit);
  if (zipZone !== null) required.add(canonicalZone(zipZone));
  for (const z of required) expect(actual, `missing ${z}`).toContain(z);
  const extras = actual.filter((z) => !required.has(z));
  if (zipZone === null) expect(extras).toEqual([]);
  else for (const z of extras) expect(z).toMatch(/^(America|Pacific)\//);
  expect(new Set(actual).size).toBe(actual.length);
}

// ---------------------------------------------------------------------------------------------
// Generators

const NUMBERS = [
  "6175550123", // Boston, both lists
  "5085550145", // MA list
  "6175550199",
  "2125550188",
  "2125550134", // national list
  "3125550111",
  "3035550122",
  "6025550133",
  "4805550144",
  "4155550155",
  "8085550166",
  "9282830177", // Denver & Phoenix
  "2085550188", // Boise & Los Angeles
  "9075550123", // Alaska
  "5005550123", // no zone: every US zone
];
const LISTS = { national: ["+16175550123", "+12125550134"], ma: ["+16175550123", "+15085550145"] };

const ZONE_POOL = [NY, "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "Pacific/Honolulu", "America/Anchorage", "America/Boise"];
const DAYS = ["2026-01-15", "2026-03-07", "2026-03-08", "2026-03-09", "2026-06-30", "2026-07-15", "2026-10-31", "2026-11-01", "2026-11-02", "2026-12-31", "2027-03-14", "2027-11-07"];
const EDGES = [8 * 60, 20 * 60, 21 * 60];

/** Uniform instants over 2026-2027, and instants within a few minutes of a window edge in some zone. */
const instantArb = fc.oneof(
  fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }),
  fc
    .record({
      day: fc.constantFrom(...DAYS),
      zone: fc.constantFrom(...ZONE_POOL),
      edge: fc.constantFrom(...EDGES),
      jitter: fc.integer({ min: -3 * 60_000, max: 3 * 60_000 }),
      ms: fc.constantFrom(0, -1, 1),
    })
    .map(({ day, zone, edge, jitter, ms }) => {
      const base = DateTime.fromISO(day, { zone }).set({ hour: Math.floor(edge / 60), minute: edge % 60 });
      return base.toMillis() + jitter + ms;
    }),
);

const consumerArb = fc.record(
  {
    state: fc.constantFrom("MA", "NY", "ma"),
    postalCode: fc.constantFrom("02139", "85001", "96813", "80202", "60601", "99999", "98101"),
    timeZone: fc.constantFrom("America/Chicago", "Pacific/Honolulu", "America/Phoenix", "America/Los_Angeles"),
    isBusiness: fc.boolean(),
  },
  { requiredKeys: [] },
);

const PURPOSES: Purpose[] = ["telemarketing", "telemarketing", "charitable", "debt-collection", "informational", "survey", "political"];

function gateAt(at: number) {
  const clock = testClock(at);
  return createCallgate({ seller: SELLER, storage: memoryStorage(), registries: freshRegistries(new Date(at), LISTS), clock });
}

/** The decision minus what differs between two asks (id, evaluation time). */
function essence(d: CallDecision): Record<string, unknown> {
  return {
    allowed: d.allowed,
    phone: d.phone,
    at: d.at.getTime(),
    reasons: d.reasons.map((r) => [r.code, r.rule]),
    exemptions: d.exemptions,
    nextAllowedAt: d.nextAllowedAt?.getTime(),
    timeZones: d.timeZones,
    jurisdictions: d.jurisdictions,
    registries: d.registries,
    rulesVersion: d.rulesVersion,
  };
}

// ---------------------------------------------------------------------------------------------

describe("(a) no allowed decision falls outside the calling window in any candidate zone", () => {
  it("checked with luxon, and the candidate zones include every signal's zone", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...NUMBERS),
        instantArb,
        consumerArb,
        fc.constantFrom(...PURPOSES),
        async (national, at, consumer, purpose) => {
          const gate = gateAt(at);
          const request: CallRequest = { phone: `+1${national}`, at, purpose, consumer };
          const d = await gate.canCall(request);
          // Candidate zones: the number's (shared data, longest prefix), the ZIP's, the explicit one.
          const zipZone = consumer.postalCode === undefined ? null : zipToZone.lookup(consumer.postalCode);
          expectCandidates(d.timeZones, national, zipZone, consumer.timeZone);

          const ma = d.jurisdictions.includes("ma");
          const windows = windowsFor(purpose, ma);
          if (d.allowed) {
            for (const zone of d.timeZones) {
              for (const [start, end] of windows) {
                expect(inWindow(at, zone, start, end), `${zone} ${DateTime.fromMillis(at, { zone }).toISO()} ${purpose} ma=${ma}`).toBe(true);
              }
            }
          }
          // Conversely, an hours reason means some candidate zone really is outside some window.
          if (d.reasons.some((r) => r.code === "OUTSIDE_CALLING_HOURS")) {
            const outside = d.timeZones.some((zone) => windows.some(([s, e]) => !inWindow(at, zone, s, e)));
            expect(outside).toBe(true);
          } else {
            for (const zone of d.timeZones) for (const [s, e] of windows) expect(inWindow(at, zone, s, e)).toBe(true);
          }
        },
      ),
      { numRuns: 600 },
    );
  });

  it("the window is always consumer-local: a random valid NPA-NXX gets the shared data's zones", async () => {
    const gate = gateAt(Date.UTC(2026, 10, 16, 15));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 }), async (npa, nxx, line) => {
        const national = `${npa}${nxx}${String(line).padStart(4, "0")}`;
        const d = await gate.canCall({ phone: national, at: Date.UTC(2026, 10, 16, 15), purpose: "informational" });
        if (d.reasons.some((r) => r.code === "INVALID_NUMBER")) return;
        expect(new Set(d.timeZones)).toEqual(new Set(oracleNumberZones(national)));
      }),
      { numRuns: 800 },
    );
  });
});

describe("(a') every ZIP: its zone joins the candidates, and it decides Massachusetts coverage", () => {
  const MA_NPAS = new Set(["339", "351", "413", "508", "617", "774", "781", "857", "978"]);

  it("random ZIP (5 or 9 digits) with a random number", async () => {
    const gate = gateAt(Date.UTC(2026, 10, 16, 15));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 99_999 }),
        fc.option(fc.integer({ min: 0, max: 9999 }), { nil: undefined }),
        fc.constantFrom(...NUMBERS),
        async (zipNumber, plus4, national) => {
          const zip = String(zipNumber).padStart(5, "0");
          const postalCode = plus4 === undefined ? zip : `${zip}-${String(plus4).padStart(4, "0")}`;
          const d = await gate.canCall({ phone: national, at: Date.UTC(2026, 10, 16, 15), purpose: "survey", consumer: { postalCode } });
          const zipZone = zipToZone.lookup(zip);
          expectCandidates(d.timeZones, national, zipZone, undefined);
          const prefix = Math.floor(zipNumber / 100);
          const maZip = (prefix >= 10 && prefix <= 27) || prefix === 55;
          const ma = maZip || (zipZone === null && MA_NPAS.has(national.slice(0, 3)));
          expect(d.jurisdictions).toEqual(ma ? ["us", "ma"] : ["us"]);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe("(b) nextAllowedAt is the earliest allowed instant", () => {
  it("allowed at nextAllowedAt; denied one minute, one millisecond and any sampled instant before it", async () => {
    let seen = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...NUMBERS),
        instantArb,
        consumerArb,
        fc.constantFrom<Purpose>("telemarketing", "charitable", "debt-collection"),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
        async (national, at, consumer, purpose, fractions) => {
          const gate = gateAt(at);
          const base: CallRequest = { phone: national, purpose, consumer };
          const d = await gate.canCall({ ...base, at });
          const hoursOnly = d.reasons.length > 0 && d.reasons.every((r) => r.code === "OUTSIDE_CALLING_HOURS");
          if (d.nextAllowedAt === undefined) {
            // Registries are fresh for a day and more: only a new quarter (MA list) may withhold it.
            const sameQuarter = quarterStartOf(new Date(at)) === quarterStartOf(new Date(at + DAY));
            if (hoursOnly && sameQuarter) expect.fail(`hours-only denial without nextAllowedAt at ${new Date(at).toISOString()}`);
            return;
          }
          seen++;
          expect(hoursOnly).toBe(true);
          const next = d.nextAllowedAt.getTime();
          expect(next).toBeGreaterThan(at);
          expect(next - at).toBeLessThan(2 * DAY);
          expect((await gate.canCall({ ...base, at: next })).allowed).toBe(true);
          const earlier = [next - 1, next - MINUTE, ...fractions.map((f) => at + Math.floor(f * (next - at)))];
          for (let t = at; t < next; t += 37 * MINUTE) earlier.push(t);
          for (const t of earlier) {
            if (t < at || t >= next) continue;
            const e = await gate.canCall({ ...base, at: t });
            expect(e.allowed, `allowed at ${new Date(t).toISOString()} before nextAllowedAt ${d.nextAllowedAt.toISOString()}`).toBe(false);
          }
        },
      ),
      { numRuns: 400 },
    );
    expect(seen).toBeGreaterThan(20);
  });
});

describe("(c) a decision does not depend on the input format of the number", () => {
  const formats = (d: string): string[] => {
    const [a, b, c] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
    return [d, `+1 ${a}-${b}-${c}`, `(${a}) ${b}-${c}`, `1-${a}-${b}-${c}`, `${a}.${b}.${c}`, `+1${d}`];
  };

  it("six formats, same decision", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(...NUMBERS),
          fc
            .tuple(fc.constantFrom("617", "508", "212", "928", "208", "808", "602", "907"), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 }))
            .map(([npa, nxx, line]) => `${npa}${nxx}${String(line).padStart(4, "0")}`),
        ),
        instantArb,
        fc.constantFrom(...PURPOSES),
        fc.constantFrom("live", "prerecorded", "autodialed", "text", "fax"),
        fc.constantFrom("wireless", "landline", "unknown"),
        consumerArb,
        fc.boolean(),
        async (national, at, purpose, method, lineType, consumer, record) => {
          const gate = gateAt(at);
          if (record) {
            // A record made under one format must count for every other.
            await gate.recordConsent({ action: "grant", phone: `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`, form: "verbal", at: at - DAY }).catch(() => undefined);
          }
          const results = [];
          for (const phone of formats(national)) {
            results.push(
              essence(
                await gate.canCall({
                  phone,
                  at,
                  purpose,
                  method: method as CallRequest["method"] & string,
                  lineType: lineType as CallRequest["lineType"] & string,
                  consumer,
                }),
              ),
            );
          }
          const valid = results[0]?.phone === `+1${national}`;
          for (const r of results.slice(1)) {
            if (valid) expect(r).toEqual(results[0]);
            else expect({ ...r, phone: null }).toEqual({ ...results[0], phone: null });
          }
        },
      ),
      { numRuns: 250 },
    );
  });
});

describe("(d) the phone fast path equals the slow path", () => {
  const digits = (n: number, len: number) => String(n).padStart(len, "0");
  const nationalArb = fc
    .tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 9999 }))
    .map(([npa, nxx, line]) => `${npa}${digits(nxx, 3)}${digits(line, 4)}`);

  it("clean 10-digit and +1 inputs over the whole NPA-NXX range", () => {
    fc.assert(
      fc.property(nationalArb, fc.boolean(), (national, e164) => {
        const input = e164 ? `+1${national}` : national;
        expect(parseUsPhone(input)).toEqual(parseUsPhoneUncached(input));
      }),
      { numRuns: 8000 },
    );
  });

  it("numbers sharing an NPA-NXX prefix (the cache key) agree, in any order", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 999 }),
        fc.integer({ min: 0, max: 999 }),
        fc.array(fc.integer({ min: 0, max: 9999 }), { minLength: 2, maxLength: 12 }),
        (npa, nxx, lines) => {
          for (const line of lines) {
            const national = `${npa}${digits(nxx, 3)}${digits(line, 4)}`;
            expect(parseUsPhone(national)).toEqual(parseUsPhoneUncached(national));
            expect(parseUsPhone(`+1${national}`)).toEqual(parseUsPhoneUncached(`+1${national}`));
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("dirty inputs: formatted numbers, stray characters, random strings", () => {
    const formatted = fc.tuple(nationalArb, fc.integer({ min: 0, max: 7 })).map(([d, f]) => {
      const [a, b, c] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
      return [`(${a}) ${b}-${c}`, `+1 ${a} ${b} ${c}`, `1${d}`, `${a}.${b}.${c}`, ` ${d} `, `+1${d}0`, `${d.slice(1)}`, `tel:+1-${a}-${b}-${c}`][f] as string;
    });
    const noise = fc.string({ unit: fc.constantFrom(..."0123456789+-() .x#abcT1"), maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(formatted, noise, fc.string({ maxLength: 16 }), fc.stringMatching(/^\+?1?[0-9]{9,11}$/)), (input) => {
        expect(parseUsPhone(input)).toEqual(parseUsPhoneUncached(input));
      }),
      { numRuns: 4000 },
    );
  });
});
