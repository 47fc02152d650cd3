/**
 * The call request contract (api.md, `gate.canCall`): malformed requests throw `INVALID_INPUT`
 * naming each field in `details.issues[].path`; any string in `phone` is evaluated; bare dates and
 * offset-less date-times are New York wall time, never the server's zone (rules.md "Times and
 * dates").
 */
import { DateTime, Settings } from "luxon";
import { describe, expect, it } from "vitest";
import { CallgateError, createRegistry, evaluateCall, DEFAULT_POLICY } from "../../src/index.js";
import { MA_CLEAN, NY_CLEAN, NY_LISTED, SELLER, codes, defaultRegistries, makeGate, ny, utc } from "../helpers/gate.js";

async function invalid(run: () => Promise<unknown>): Promise<CallgateError> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected a thrown CallgateError").toBeInstanceOf(CallgateError);
  const e = caught as CallgateError;
  expect(e.code).toBe("INVALID_INPUT");
  expect(e.name).toBe("CallgateError");
  return e;
}

function paths(e: CallgateError): string[] {
  const issues = (e.details as { issues?: { path: string; message: string }[] }).issues;
  expect(Array.isArray(issues)).toBe(true);
  for (const i of issues ?? []) expect(typeof i.message).toBe("string");
  return (issues ?? []).map((i) => i.path);
}

/** Expects canCall to throw INVALID_INPUT naming `path`, and to store nothing. */
async function expectInvalidField(request: unknown, path: string): Promise<void> {
  const { gate, storage } = makeGate();
  const before = await storage.head();
  const e = await invalid(() => gate.canCall(request as never));
  expect(paths(e)).toContain(path);
  expect(e.message).toContain(path);
  expect(await storage.head()).toEqual(before);
}

const AT = ny("2026-11-16T10:00:00");

describe("INVALID_INPUT for a malformed request, naming the field", () => {
  it.each([null, undefined, "6175550123", 6175550123, [], true])("not an object: %j", async (request) => {
    const { gate, storage } = makeGate();
    const e = await invalid(() => gate.canCall(request as never));
    expect(paths(e).length).toBeGreaterThan(0);
    expect(await storage.head()).toBeNull();
  });

  it("phone missing", () => expectInvalidField({ at: AT }, "phone"));
  it.each([6175550123, null, ["6175550123"], { number: "6175550123" }])("phone not a string: %j", (phone) =>
    expectInvalidField({ phone, at: AT }, "phone"),
  );

  it.each(["tomorrow", "", "2026-13-45", "2026-02-30", "11/30/2026", Number.NaN, Number.POSITIVE_INFINITY, new Date("nope"), {}, true, []])(
    "at not a date: %j",
    (at) => expectInvalidField({ phone: NY_CLEAN, at }, "at"),
  );

  it.each(["sales", "", "TELEMARKETING", "marketing", 1, null])("unknown purpose %j", (purpose) =>
    expectInvalidField({ phone: NY_CLEAN, at: AT, purpose }, "purpose"),
  );

  it.each(["robot", "voice", "sms", "", "LIVE"])("unknown method %j", (method) => expectInvalidField({ phone: NY_CLEAN, at: AT, method }, "method"));

  it.each(["voip", "mobile", "cell", ""])("unknown lineType %j", (lineType) => expectInvalidField({ phone: NY_CLEAN, at: AT, lineType }, "lineType"));

  it.each(["XX", "Massachusetts", "M A", "", "MAS", "ON", 25, null])("consumer.state %j is not a USPS state, DC or territory code", (state) =>
    expectInvalidField({ phone: NY_CLEAN, at: AT, consumer: { state } }, "consumer.state"),
  );

  it.each(["0213", "021390", "02139-12", "ABCDE", "02139 4307", "02139-43071", "", 2139, null])("consumer.postalCode %j is not 12345 or 12345-6789", (postalCode) =>
    expectInvalidField({ phone: NY_CLEAN, at: AT, consumer: { postalCode } }, "consumer.postalCode"),
  );

  it.each(["Mars/Olympus", "+05:00", "Eastern", "", "America/Boston", 5, null])("consumer.timeZone %j is not an IANA zone", (timeZone) =>
    expectInvalidField({ phone: NY_CLEAN, at: AT, consumer: { timeZone } }, "consumer.timeZone"),
  );

  it.each(["yes", "true", 1, 0, null])("consumer.isBusiness %j is not a boolean", (isBusiness) =>
    expectInvalidField({ phone: NY_CLEAN, at: AT, consumer: { isBusiness } }, "consumer.isBusiness"),
  );

  it.each(["MA", 42, []])("consumer %j is not an object", (consumer) => expectInvalidField({ phone: NY_CLEAN, at: AT, consumer }, "consumer"));

  it("every bad field is named at once", async () => {
    const { gate } = makeGate();
    const e = await invalid(() =>
      gate.canCall({
        phone: 42,
        at: "later",
        purpose: "sales",
        method: "robot",
        lineType: "voip",
        consumer: { state: "XX", postalCode: "1", timeZone: "Nowhere/City", isBusiness: "no" },
      } as never),
    );
    expect(paths(e).sort()).toEqual(
      ["at", "consumer.isBusiness", "consumer.postalCode", "consumer.state", "consumer.timeZone", "lineType", "method", "phone", "purpose"].sort(),
    );
  });

  it("the pure evaluateCall validates the same way", () => {
    const facts = { seller: SELLER, registries: defaultRegistries(), standing: [], interactions: [] };
    let caught: unknown;
    try {
      evaluateCall(facts, { phone: NY_CLEAN, purpose: "sales" } as never, DEFAULT_POLICY, AT);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CallgateError);
    expect((caught as CallgateError).code).toBe("INVALID_INPUT");
    expect(paths(caught as CallgateError)).toEqual(["purpose"]);
  });
});

describe("well-formed requests are accepted", () => {
  it.each(["MA", "ma", "Ma", "NY", "DC", "PR", "GU", "VI", "MP", "AS", "ak"])("consumer.state %j", async (state) => {
    const d = await makeGate().gate.canCall({ phone: NY_CLEAN, at: AT, consumer: { state } });
    expect(typeof d.allowed).toBe("boolean");
  });

  it.each(["02139", "02139-4307", "99999", "00000"])("consumer.postalCode %j", async (postalCode) => {
    const d = await makeGate().gate.canCall({ phone: NY_CLEAN, at: AT, consumer: { postalCode } });
    expect(typeof d.allowed).toBe("boolean");
  });

  it.each(["America/Phoenix", "Pacific/Honolulu", "America/Indiana/Indianapolis", "UTC"])("consumer.timeZone %j", async (timeZone) => {
    const d = await makeGate().gate.canCall({ phone: NY_CLEAN, at: AT, consumer: { timeZone } });
    expect(d.timeZones).toContain(timeZone);
  });

  it("defaults: telemarketing, live, unknown line (treated as wireless), the clock's instant", async () => {
    const { gate } = makeGate({ now: AT });
    const listed = await gate.canCall({ phone: NY_LISTED });
    expect(codes(listed)).toEqual(["NATIONAL_DNC"]);
    expect(listed.at).toEqual(AT);
    const text = await gate.canCall({ phone: NY_CLEAN, method: "text" });
    expect(codes(text)).toEqual(["CONSENT_REQUIRED"]);
  });

  it.each(["", "hello", "555", "+33 1 23 45 67 89"])("any string in phone is evaluated: %j is an INVALID_NUMBER denial", async (phone) => {
    const d = await makeGate().gate.canCall({ phone, at: AT });
    expect(d.allowed).toBe(false);
    expect(codes(d)).toEqual(["INVALID_NUMBER"]);
    expect(d.phone).toBe(phone);
  });

  it("at as a Date, epoch milliseconds or an ISO string with an offset", async () => {
    const { gate } = makeGate();
    expect((await gate.canCall({ phone: NY_CLEAN, at: new Date("2026-11-16T15:00:00Z") })).at).toEqual(utc("2026-11-16T15:00:00Z"));
    expect((await gate.canCall({ phone: NY_CLEAN, at: Date.UTC(2026, 10, 16, 15) })).at).toEqual(utc("2026-11-16T15:00:00Z"));
    expect((await gate.canCall({ phone: NY_CLEAN, at: "2026-11-16T15:00:00Z" })).at).toEqual(utc("2026-11-16T15:00:00Z"));
    expect((await gate.canCall({ phone: NY_CLEAN, at: "2026-11-16T07:00:00-08:00" })).at).toEqual(utc("2026-11-16T15:00:00Z"));
    expect((await gate.canCall({ phone: NY_CLEAN, at: "2026-11-16T20:30:00+05:30" })).at).toEqual(utc("2026-11-16T15:00:00Z"));
  });
});

describe("bare dates and offset-less date-times are New York wall time", () => {
  const cases: [string, string][] = [
    ["2026-11-30T08:30:00", "2026-11-30T13:30:00.000Z"],
    ["2026-11-30T08:30", "2026-11-30T13:30:00.000Z"],
    ["2026-11-30T08:30:00.250", "2026-11-30T13:30:00.250Z"],
    ["2026-07-15T08:30:00", "2026-07-15T12:30:00.000Z"],
    ["2026-03-08T08:00:00", "2026-03-08T12:00:00.000Z"],
    ["2026-11-01T08:00:00", "2026-11-01T13:00:00.000Z"],
    ["2026-11-30", "2026-11-30T05:00:00.000Z"],
    ["2026-07-15", "2026-07-15T04:00:00.000Z"],
  ];

  it.each(cases)("%s is %s", async (at, expected) => {
    const d = await makeGate().gate.canCall({ phone: NY_CLEAN, at, purpose: "informational" });
    expect(d.at.toISOString()).toBe(expected);
    // The independent reading with luxon in New York.
    expect(d.at.getTime()).toBe(DateTime.fromISO(at, { zone: "America/New_York" }).toMillis());
  });

  it("whatever luxon's default zone (a server elsewhere) is", async () => {
    const saved = Settings.defaultZone;
    try {
      for (const zone of ["Asia/Tokyo", "America/Los_Angeles", "UTC"]) {
        Settings.defaultZone = zone;
        for (const [at, expected] of cases) {
          const d = await makeGate().gate.canCall({ phone: NY_CLEAN, at, purpose: "informational" });
          expect(d.at.toISOString(), `${at} with default zone ${zone}`).toBe(expected);
        }
      }
    } finally {
      Settings.defaultZone = saved;
    }
  });

  it("an 08:30 offset-less time is inside a Massachusetts window (it would be 03:30 New York read as UTC)", async () => {
    const d = await makeGate({ now: "2026-11-30T12:00:00Z" }).gate.canCall({ phone: MA_CLEAN, at: "2026-11-30T08:30:00" });
    expect(d.allowed).toBe(true);
    const early = await makeGate({ now: "2026-11-30T12:00:00Z" }).gate.canCall({ phone: MA_CLEAN, at: "2026-11-30T07:30:00" });
    expect(codes(early)).toEqual(["OUTSIDE_CALLING_HOURS", "OUTSIDE_CALLING_HOURS"]);
    expect(early.nextAllowedAt).toEqual(utc("2026-11-30T13:00:00Z"));
  });

  it("a reduced-precision date (year-month) is refused or read in New York, never in the server's zone", async () => {
    const saved = Settings.defaultZone;
    try {
      Settings.defaultZone = "Asia/Tokyo";
      const { gate } = makeGate();
      let result: Date | "invalid";
      try {
        result = (await gate.canCall({ phone: NY_CLEAN, at: "2026-11", purpose: "informational" })).at;
      } catch (error) {
        expect(error).toBeInstanceOf(CallgateError);
        expect((error as CallgateError).code).toBe("INVALID_INPUT");
        result = "invalid";
      }
      if (result !== "invalid") expect(result.toISOString()).toBe("2026-11-01T04:00:00.000Z");
    } finally {
      Settings.defaultZone = saved;
    }
  });

  it("a registry's bare-date edition is that day in New York (obtainedAt defaults to it)", () => {
    const r = createRegistry({ source: "massachusetts", edition: "2026-10-01", numbers: [] });
    expect(r.meta.obtainedAt.toISOString()).toBe("2026-10-01T04:00:00.000Z");
    const n = createRegistry({ source: "national", obtainedAt: "2026-11-20", numbers: [] });
    expect(n.meta.obtainedAt.toISOString()).toBe("2026-11-20T05:00:00.000Z");
    expect(n.meta.edition).toBe("2026-11-20");
    // obtainedAt late evening New York: the edition is the New York date, not the UTC one.
    const late = createRegistry({ source: "national", obtainedAt: "2026-11-21T03:30:00Z", numbers: [] });
    expect(late.meta.edition).toBe("2026-11-20");
  });
});
