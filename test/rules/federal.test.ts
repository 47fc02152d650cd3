/**
 * The federal rule pack (rules.md, gate table): every `us.*` rule with its boundaries. Numbers are
 * outside Massachusetts (212, 312, 303, 602, 415, 808...) unless the test is about the overlap, so
 * that only federal rules bite. Every expected instant is written out in UTC and checked against
 * the spec's wall-clock words, never copied from the implementation.
 */
import { describe, expect, it } from "vitest";
import { memoryStorage } from "../../src/adapters/memory.js";
import type { CallRequest, PolicyInput, StorageAdapter } from "../../src/index.js";
import {
  ALL_US_ZONES,
  AZ_SPLIT,
  BOISE,
  CHI_CLEAN,
  CHICAGO,
  DAY,
  DEN_CLEAN,
  DENVER,
  HNL_CLEAN,
  HONOLULU,
  HOUR,
  IDAHO_SPLIT,
  LA_CLEAN,
  LOS_ANGELES,
  MA_BOTH,
  MINUTE,
  NO_ZONE,
  NY,
  NY_CLEAN,
  NY_LISTED,
  PHOENIX,
  PHX2_CLEAN,
  PHX_CLEAN,
  ask,
  codes,
  debtAttempt,
  deniedBy,
  exemptions,
  freshRegistries,
  localTime,
  makeGate,
  massachusetts,
  national,
  ny,
  utc,
  wall,
  type TestGate,
} from "../helpers/gate.js";


/** A gate whose registries are fresh around `at`, optionally sharing storage with others. */
const gateAround = (at: Date, storage?: StorageAdapter, policy?: PolicyInput): TestGate =>
  makeGate({
    now: at,
    registries: freshRegistries(at),
    ...(storage === undefined ? {} : { storage }),
    ...(policy === undefined ? {} : { policy }),
  });


describe("us.calling-hours: [08:00, 21:00) consumer-local", () => {
  it("checks the helper's wall-clock arithmetic against hand-written UTC instants", () => {
    expect(ny("2026-11-16T08:00:00")).toEqual(utc("2026-11-16T13:00:00Z"));
    expect(ny("2026-07-15T08:00:00")).toEqual(utc("2026-07-15T12:00:00Z"));
    expect(wall("2026-07-15T08:00:00", PHOENIX)).toEqual(utc("2026-07-15T15:00:00Z"));
    expect(wall("2026-07-15T08:00:00", DENVER)).toEqual(utc("2026-07-15T14:00:00Z"));
    expect(wall("2026-11-16T08:00:00", HONOLULU)).toEqual(utc("2026-11-16T18:00:00Z"));
  });

  it("New York: 07:59:59 denied, 08:00:00 allowed, 20:59:59 allowed, 21:00:00 denied", async () => {
    const g = makeGate();
    const early = await ask(g, NY_CLEAN, utc("2026-11-16T12:59:59Z"));
    expect(early.allowed).toBe(false);
    expect(early.reasons).toHaveLength(1);
    expect(early.reasons[0]).toMatchObject({ code: "OUTSIDE_CALLING_HOURS", rule: "us.calling-hours" });
    expect(early.reasons[0]?.citation).toMatch(/310\.4\(c\)/);
    expect((await ask(g, NY_CLEAN, utc("2026-11-16T13:00:00Z"))).allowed).toBe(true);
    expect((await ask(g, NY_CLEAN, utc("2026-11-17T01:59:59Z"))).allowed).toBe(true);
    expect((await ask(g, NY_CLEAN, utc("2026-11-17T01:59:59.999Z"))).allowed).toBe(true);
    const late = await ask(g, NY_CLEAN, utc("2026-11-17T02:00:00Z"));
    expect(late.allowed).toBe(false);
    expect(deniedBy(late)).toEqual(["us.calling-hours"]);
  });

  it("a non-MA number between 20:00 and 21:00 is allowed (only Massachusetts closes at 20:00)", async () => {
    const g = makeGate();
    const d = await ask(g, NY_CLEAN, ny("2026-11-16T20:30:00"));
    expect(d.allowed).toBe(true);
    expect(d.jurisdictions).toEqual(["us"]);
  });

  const winter: [string, string, string, string, string][] = [
    // phone, zone, opening (08:00 local) UTC, closing (21:00 local) UTC on 2026-11-16
    [CHI_CLEAN, CHICAGO, "2026-11-16T14:00:00Z", "2026-11-17T03:00:00Z", "Chicago CST"],
    [DEN_CLEAN, DENVER, "2026-11-16T15:00:00Z", "2026-11-17T04:00:00Z", "Denver MST"],
    [PHX_CLEAN, PHOENIX, "2026-11-16T15:00:00Z", "2026-11-17T04:00:00Z", "Phoenix MST"],
    [LA_CLEAN, LOS_ANGELES, "2026-11-16T16:00:00Z", "2026-11-17T05:00:00Z", "Los Angeles PST"],
    [HNL_CLEAN, HONOLULU, "2026-11-16T18:00:00Z", "2026-11-17T07:00:00Z", "Honolulu HST"],
  ];
  it.each(winter)("%s (%s): window edges in winter", async (phone, zone, open, close) => {
    const g = makeGate();
    expect(localTime(utc(open), zone)).toBe("08:00:00.000");
    expect(localTime(utc(close), zone)).toBe("21:00:00.000");
    const before = await ask(g, phone, new Date(utc(open).getTime() - 1000));
    expect(before.allowed).toBe(false);
    expect(deniedBy(before)).toEqual(["us.calling-hours"]);
    expect(before.timeZones).toEqual([zone]);
    expect(before.nextAllowedAt).toEqual(utc(open));
    expect((await ask(g, phone, utc(open))).allowed).toBe(true);
    expect((await ask(g, phone, new Date(utc(close).getTime() - 1000))).allowed).toBe(true);
    const after = await ask(g, phone, utc(close));
    expect(after.allowed).toBe(false);
    expect(deniedBy(after)).toEqual(["us.calling-hours"]);
    expect(after.nextAllowedAt).toEqual(new Date(utc(open).getTime() + DAY));
  });

  // The two 2026 DST days: the offset changes at 02:00 local, before the window opens.
  const dstDays: [string, string, string, string][] = [
    // phone, zone, 08:00 local (UTC), 21:00 local (UTC)
    [NY_CLEAN, NY, "2026-03-08T12:00:00Z", "2026-03-09T01:00:00Z"],
    [CHI_CLEAN, CHICAGO, "2026-03-08T13:00:00Z", "2026-03-09T02:00:00Z"],
    [DEN_CLEAN, DENVER, "2026-03-08T14:00:00Z", "2026-03-09T03:00:00Z"],
    [LA_CLEAN, LOS_ANGELES, "2026-03-08T15:00:00Z", "2026-03-09T04:00:00Z"],
    [PHX_CLEAN, PHOENIX, "2026-03-08T15:00:00Z", "2026-03-09T04:00:00Z"],
    [NY_CLEAN, NY, "2026-11-01T13:00:00Z", "2026-11-02T02:00:00Z"],
    [CHI_CLEAN, CHICAGO, "2026-11-01T14:00:00Z", "2026-11-02T03:00:00Z"],
    [DEN_CLEAN, DENVER, "2026-11-01T15:00:00Z", "2026-11-02T04:00:00Z"],
    [LA_CLEAN, LOS_ANGELES, "2026-11-01T16:00:00Z", "2026-11-02T05:00:00Z"],
    [PHX_CLEAN, PHOENIX, "2026-11-01T15:00:00Z", "2026-11-02T04:00:00Z"],
  ];
  it.each(dstDays)("DST day: %s (%s) opens at %s and closes at %s", async (phone, zone, open, close) => {
    const g = gateAround(utc(open));
    expect(localTime(utc(open), zone)).toBe("08:00:00.000");
    expect(localTime(utc(close), zone)).toBe("21:00:00.000");
    const before = await ask(g, phone, new Date(utc(open).getTime() - 1000));
    expect(before.allowed).toBe(false);
    expect(deniedBy(before)).toEqual(["us.calling-hours"]);
    expect(before.nextAllowedAt).toEqual(utc(open));
    expect((await ask(g, phone, utc(open))).allowed).toBe(true);
    expect((await ask(g, phone, new Date(utc(close).getTime() - 1000))).allowed).toBe(true);
    expect((await ask(g, phone, utc(close))).allowed).toBe(false);
  });

  it("nextAllowedAt across the spring-forward night is 08:00 EDT, not 08:00 EST", async () => {
    const g = gateAround(utc("2026-03-08T12:00:00Z"));
    // 2026-03-07 22:00 EST and 2026-03-08 01:30 EST: the next opening is 2026-03-08 08:00 EDT = 12:00Z.
    expect((await ask(g, NY_CLEAN, utc("2026-03-08T03:00:00Z"))).nextAllowedAt).toEqual(utc("2026-03-08T12:00:00Z"));
    expect((await ask(g, NY_CLEAN, utc("2026-03-08T06:30:00Z"))).nextAllowedAt).toEqual(utc("2026-03-08T12:00:00Z"));
    // Los Angeles 01:00 PST on 2026-03-08 -> 08:00 PDT = 15:00Z.
    expect((await ask(g, LA_CLEAN, utc("2026-03-08T09:00:00Z"))).nextAllowedAt).toEqual(utc("2026-03-08T15:00:00Z"));
  });

  it("nextAllowedAt across the fall-back night is 08:00 EST, not 08:00 EDT", async () => {
    const g = gateAround(utc("2026-11-01T13:00:00Z"));
    // 01:30 EDT (05:30Z), before the change at 06:00Z: next opening 08:00 EST = 13:00Z.
    expect((await ask(g, NY_CLEAN, utc("2026-11-01T05:30:00Z"))).nextAllowedAt).toEqual(utc("2026-11-01T13:00:00Z"));
    // 07:30 EST (12:30Z) would read 08:30 with a stale EDT offset: still closed.
    const d = await ask(g, NY_CLEAN, utc("2026-11-01T12:30:00Z"));
    expect(d.allowed).toBe(false);
    expect(d.nextAllowedAt).toEqual(utc("2026-11-01T13:00:00Z"));
    // Los Angeles 01:30 PDT (08:30Z): next opening 08:00 PST = 16:00Z.
    expect((await ask(g, LA_CLEAN, utc("2026-11-01T08:30:00Z"))).nextAllowedAt).toEqual(utc("2026-11-01T16:00:00Z"));
  });

  it("Arizona keeps MST in summer: Phoenix (602, 480) is UTC-7 while Denver is UTC-6", async () => {
    const g = gateAround(utc("2026-07-15T15:00:00Z"));
    const at = utc("2026-07-15T14:30:00Z"); // Denver 08:30 MDT, Phoenix 07:30 MST
    expect((await ask(g, DEN_CLEAN, at)).allowed).toBe(true);
    for (const phx of [PHX_CLEAN, PHX2_CLEAN]) {
      const d = await ask(g, phx, at);
      expect(d.allowed).toBe(false);
      expect(d.timeZones).toEqual([PHOENIX]);
      expect(d.nextAllowedAt).toEqual(utc("2026-07-15T15:00:00Z"));
      expect((await ask(g, phx, utc("2026-07-15T15:00:00Z"))).allowed).toBe(true);
      // 20:59:59 MST = 03:59:59Z allowed; Denver is already at 21:59:59 then.
      expect((await ask(g, phx, utc("2026-07-16T03:59:59Z"))).allowed).toBe(true);
      expect((await ask(g, phx, utc("2026-07-16T04:00:00Z"))).allowed).toBe(false);
    }
    expect((await ask(g, DEN_CLEAN, utc("2026-07-16T03:00:00Z"))).allowed).toBe(false);
  });

  it("Hawaii (808) has no DST: 08:00 HST is 18:00Z in July and in November", async () => {
    for (const day of ["2026-07-15", "2026-11-16"]) {
      const g = gateAround(utc(`${day}T18:00:00Z`));
      const d = await ask(g, HNL_CLEAN, utc(`${day}T17:59:59Z`));
      expect(d.allowed).toBe(false);
      expect(d.timeZones).toEqual([HONOLULU]);
      expect(d.nextAllowedAt).toEqual(utc(`${day}T18:00:00Z`));
      expect((await ask(g, HNL_CLEAN, utc(`${day}T18:00:00Z`))).allowed).toBe(true);
    }
  });

  it("928-283 spans Denver and Phoenix: the call must fit both (summer)", async () => {
    const g = gateAround(utc("2026-07-15T15:00:00Z"));
    const morning = await ask(g, AZ_SPLIT, utc("2026-07-15T14:30:00Z")); // Denver 08:30, Phoenix 07:30
    expect(morning.timeZones).toEqual([DENVER, PHOENIX]);
    expect(morning.allowed).toBe(false);
    expect(morning.reasons[0]?.message).toMatch(/Phoenix/);
    expect(morning.nextAllowedAt).toEqual(utc("2026-07-15T15:00:00Z"));
    expect((await ask(g, AZ_SPLIT, utc("2026-07-15T15:00:00Z"))).allowed).toBe(true);
    // Denver 20:59:59 / Phoenix 19:59:59 allowed; Denver 21:00 denied although Phoenix is at 20:00.
    expect((await ask(g, AZ_SPLIT, utc("2026-07-16T02:59:59Z"))).allowed).toBe(true);
    const evening = await ask(g, AZ_SPLIT, utc("2026-07-16T03:00:00Z"));
    expect(evening.allowed).toBe(false);
    expect(evening.nextAllowedAt).toEqual(utc("2026-07-16T15:00:00Z"));
  });

  it("208-555 spans Boise and Los Angeles: opens 08:00 Pacific, closes 21:00 Mountain", async () => {
    const g = gateAround(utc("2026-07-15T15:00:00Z"));
    const d = await ask(g, IDAHO_SPLIT, utc("2026-07-15T14:59:59Z")); // Boise 08:59:59, LA 07:59:59
    expect(d.timeZones).toEqual([BOISE, LOS_ANGELES]);
    expect(d.allowed).toBe(false);
    expect((await ask(g, IDAHO_SPLIT, utc("2026-07-15T15:00:00Z"))).allowed).toBe(true);
    expect((await ask(g, IDAHO_SPLIT, utc("2026-07-16T02:59:59Z"))).allowed).toBe(true);
    expect((await ask(g, IDAHO_SPLIT, utc("2026-07-16T03:00:00Z"))).allowed).toBe(false);
  });

  it("a postal code adds its zone: a 212 number with ZIP 85001 must fit New York and Phoenix", async () => {
    const g = makeGate();
    const consumer = { postalCode: "85001" };
    const d = await ask(g, NY_CLEAN, utc("2026-11-16T14:30:00Z"), { consumer }); // NY 09:30, Phoenix 07:30
    expect(d.timeZones).toEqual([NY, PHOENIX]);
    expect(d.allowed).toBe(false);
    expect(d.nextAllowedAt).toEqual(utc("2026-11-16T15:00:00Z"));
    expect((await ask(g, NY_CLEAN, utc("2026-11-16T15:00:00Z"), { consumer })).allowed).toBe(true);
    expect((await ask(g, NY_CLEAN, utc("2026-11-17T01:59:59Z"), { consumer })).allowed).toBe(true);
    expect((await ask(g, NY_CLEAN, utc("2026-11-17T02:00:00Z"), { consumer })).allowed).toBe(false);
  });

  it("an explicit consumer.timeZone adds its zone", async () => {
    const g = makeGate();
    const consumer = { timeZone: LOS_ANGELES };
    const d = await ask(g, NY_CLEAN, utc("2026-11-16T15:30:00Z"), { consumer }); // LA 07:30
    expect(d.timeZones).toEqual([LOS_ANGELES, NY]);
    expect(d.allowed).toBe(false);
    expect(d.nextAllowedAt).toEqual(utc("2026-11-16T16:00:00Z"));
  });

  it("a number with no known zone gets every US zone: opens 08:00 Hawaii-Aleutian, closes 21:00 Eastern", async () => {
    const g = makeGate();
    const d = await ask(g, NO_ZONE, utc("2026-11-16T17:59:59Z"));
    expect(d.timeZones).toEqual([...ALL_US_ZONES].sort());
    expect(d.allowed).toBe(false);
    expect(d.nextAllowedAt).toEqual(utc("2026-11-16T18:00:00Z"));
    expect((await ask(g, NO_ZONE, utc("2026-11-16T18:00:00Z"))).allowed).toBe(true);
    expect((await ask(g, NO_ZONE, utc("2026-11-17T01:59:59Z"))).allowed).toBe(true);
    expect((await ask(g, NO_ZONE, utc("2026-11-17T02:00:00Z"))).allowed).toBe(false);
  });

  it("timeZones are listed for every valid number, whatever the purpose", async () => {
    const g = makeGate();
    for (const purpose of ["informational", "survey", "political", "debt-collection", "charitable", "telemarketing"] as const) {
      const d = await ask(g, AZ_SPLIT, ny("2026-11-16T10:00:00"), { purpose });
      expect(d.timeZones).toEqual([DENVER, PHOENIX]);
    }
  });
});

describe("nextAllowedAt", () => {
  it("is the next 08:00 after a late call, and the same day's 08:00 after an early one", async () => {
    const g = makeGate();
    expect((await ask(g, NY_CLEAN, ny("2026-11-16T21:00:00"))).nextAllowedAt).toEqual(ny("2026-11-17T08:00:00"));
    expect((await ask(g, NY_CLEAN, ny("2026-11-16T06:15:00"))).nextAllowedAt).toEqual(ny("2026-11-16T08:00:00"));
    expect((await ask(g, NY_CLEAN, ny("2026-11-16T23:59:59"))).nextAllowedAt).toEqual(ny("2026-11-17T08:00:00"));
  });

  it("is absent on an allowed call", async () => {
    const d = await ask(makeGate(), NY_CLEAN, ny("2026-11-16T10:00:00"));
    expect(d.allowed).toBe(true);
    expect(d.nextAllowedAt).toBeUndefined();
  });

  it("is absent when a non-hours reason also denies (two rules, two reasons)", async () => {
    const d = await ask(makeGate(), NY_LISTED, ny("2026-11-16T22:00:00"));
    expect(deniedBy(d)).toEqual(["us.calling-hours", "us.national-dnc"]);
    expect(codes(d)).toEqual(["NATIONAL_DNC", "OUTSIDE_CALLING_HOURS"]);
    expect(d.nextAllowedAt).toBeUndefined();
  });

  it("is absent when the national copy would be older than 31 days at the next opening", async () => {
    // Obtained 2026-10-16 12:00 New York: 31 days old on 2026-11-16, 32 on 2026-11-17.
    const g = makeGate({ registries: [national("2026-10-16T16:00:00Z"), massachusetts("2026-10-01")] });
    const late = await ask(g, NY_CLEAN, ny("2026-11-16T21:30:00"));
    expect(deniedBy(late)).toEqual(["us.calling-hours"]);
    expect(late.nextAllowedAt).toBeUndefined();
    // Control: an early call on the 31st day gets the same day's opening.
    const early = await ask(g, NY_CLEAN, ny("2026-11-16T07:00:00"));
    expect(deniedBy(early)).toEqual(["us.calling-hours"]);
    expect(early.nextAllowedAt).toEqual(ny("2026-11-16T08:00:00"));
    const nextDay = await ask(g, NY_CLEAN, ny("2026-11-17T08:00:00"));
    expect(deniedBy(nextDay)).toEqual(["us.registry-fresh"]);
  });

  it("is given for charitable and debt-collection calls denied by their hours", async () => {
    const g = makeGate();
    const charitable = await ask(g, NY_CLEAN, ny("2026-11-16T21:15:00"), { purpose: "charitable" });
    expect(deniedBy(charitable)).toEqual(["us.calling-hours"]);
    expect(charitable.nextAllowedAt).toEqual(ny("2026-11-17T08:00:00"));
    const debt = await ask(g, NY_CLEAN, ny("2026-11-16T07:15:00"), { purpose: "debt-collection" });
    expect(deniedBy(debt)).toEqual(["us.collection-hours"]);
    expect(debt.nextAllowedAt).toEqual(ny("2026-11-16T08:00:00"));
  });
});

describe("us.registry-fresh: the national copy at most 31 days old, New York calendar days", () => {
  it("31 days is fresh, 32 is stale, counted from obtainedAt's New York date (late evening)", async () => {
    // 2026-10-17T03:30Z is 2026-10-16 23:30 in New York: day 0 is October 16.
    const g = makeGate({ registries: [national("2026-10-17T03:30:00Z")] });
    const day31 = await ask(g, NY_CLEAN, ny("2026-11-16T10:00:00"));
    expect(day31.allowed).toBe(true);
    const day32 = await ask(g, NY_CLEAN, ny("2026-11-17T10:00:00"));
    expect(day32.allowed).toBe(false);
    expect(day32.reasons).toHaveLength(1);
    expect(day32.reasons[0]).toMatchObject({ code: "REGISTRY_STALE", rule: "us.registry-fresh" });
  });

  it("the call's day is its New York date too (20:30 New York is already the next UTC day)", async () => {
    // Obtained 2026-10-16 08:00 New York; the call is 2026-11-16 20:30 New York = 2026-11-17T01:30Z.
    const g = makeGate({ registries: [national("2026-10-16T12:00:00Z")] });
    const d = await ask(g, NY_CLEAN, utc("2026-11-17T01:30:00Z"));
    expect(d.allowed).toBe(true);
  });

  it("no national snapshot at all: REGISTRY_STALE", async () => {
    const g = makeGate({ registries: [massachusetts("2026-10-01")] });
    const d = await ask(g, NY_CLEAN, ny("2026-11-16T10:00:00"));
    expect(d.allowed).toBe(false);
    expect(d.reasons.map((r) => [r.code, r.rule])).toEqual([["REGISTRY_STALE", "us.registry-fresh"]]);
  });

  it("a snapshot that does not cover the area code: REGISTRY_STALE", async () => {
    const g = makeGate({ registries: [national("2026-11-10T15:00:00Z", [MA_BOTH], ["617"]), massachusetts("2026-10-01")] });
    const d = await ask(g, NY_CLEAN, ny("2026-11-16T10:00:00"));
    expect(d.reasons.map((r) => [r.code, r.rule])).toEqual([["REGISTRY_STALE", "us.registry-fresh"]]);
    expect(d.registries.filter((r) => r.source === "national")).toEqual([]);
    const covered = await ask(g, "+16175550199", ny("2026-11-16T10:00:00"));
    expect(covered.allowed).toBe(true);
  });

  it("the decision names the snapshot it consulted", async () => {
    const reg = national("2026-11-10T15:00:00Z");
    const g = makeGate({ registries: [reg] });
    const d = await ask(g, NY_CLEAN, ny("2026-11-16T10:00:00"));
    expect(d.registries).toEqual([{ id: reg.meta.id, source: "national", edition: reg.meta.edition }]);
    expect(reg.meta.edition).toBe("2026-11-10");
  });
});

describe("us.national-dnc and the established business relationship", () => {
  it("a listed number is denied, an unlisted one allowed", async () => {
    const g = makeGate();
    const d = await ask(g, NY_LISTED, ny("2026-11-16T10:00:00"));
    expect(d.reasons.map((r) => [r.code, r.rule])).toEqual([["NATIONAL_DNC", "us.national-dnc"]]);
    expect(d.reasons[0]?.citation).toMatch(/310\.4\(b\)\(1\)\(iii\)\(B\)/);
    expect((await ask(g, NY_CLEAN, ny("2026-11-16T10:00:00"))).allowed).toBe(true);
  });

  it("a written consent exempts, reported with its basis; a verbal one does not", async () => {
    const g = makeGate();
    await g.gate.recordConsent({ action: "grant", phone: NY_LISTED, form: "written", at: ny("2026-11-01T12:00:00") });
    const d = await ask(g, NY_LISTED, ny("2026-11-16T10:00:00"));
    expect(d.allowed).toBe(true);
    expect(d.exemptions).toHaveLength(1);
    expect(d.exemptions[0]).toMatchObject({ rule: "us.national-dnc", basis: "written-consent" });
    expect(d.exemptions[0]?.citation).toBeTruthy();

    const v = makeGate();
    await v.gate.recordConsent({ action: "grant", phone: NY_LISTED, form: "verbal", at: ny("2026-11-01T12:00:00") });
    const dv = await ask(v, NY_LISTED, ny("2026-11-16T10:00:00"));
    expect(deniedBy(dv)).toEqual(["us.national-dnc"]);
    expect(dv.exemptions).toEqual([]);
  });

  it("purchase: 18 months from its instant, the end instant included, the day after denied", async () => {
    const g = makeGate();
    await g.gate.recordRelationship({ phone: NY_LISTED, kind: "purchase", at: ny("2025-05-10T11:00:00") });
    const end = await ask(g, NY_LISTED, ny("2026-11-10T11:00:00"));
    expect(end.allowed).toBe(true);
    expect(exemptions(end)).toEqual(["us.national-dnc:existing-customer"]);
    const after = await ask(g, NY_LISTED, new Date(ny("2026-11-10T11:00:00").getTime() + 1));
    expect(deniedBy(after)).toEqual(["us.national-dnc"]);
    const dayAfter = await ask(g, NY_LISTED, ny("2026-11-11T11:00:00"));
    expect(deniedBy(dayAfter)).toEqual(["us.national-dnc"]);
  });

  it("purchase on Aug 31: the 18 months end on Feb 28 (2026) and Feb 29 (2028), month-end clamped", async () => {
    const storage = memoryStorage();
    const first = gateAround(ny("2026-02-28T11:00:00"), storage);
    await first.gate.recordRelationship({ phone: NY_LISTED, kind: "purchase", at: ny("2024-08-31T11:00:00") });
    expect((await ask(first, NY_LISTED, ny("2026-02-28T11:00:00"))).allowed).toBe(true);
    expect(deniedBy(await ask(first, NY_LISTED, ny("2026-03-01T11:00:00")))).toEqual(["us.national-dnc"]);

    const leap = gateAround(ny("2028-02-29T11:00:00"), memoryStorage());
    await leap.gate.recordRelationship({ phone: NY_LISTED, kind: "purchase", at: ny("2026-08-31T11:00:00") });
    expect((await ask(leap, NY_LISTED, ny("2028-02-29T11:00:00"))).allowed).toBe(true);
    expect(deniedBy(await ask(leap, NY_LISTED, ny("2028-03-01T11:00:00")))).toEqual(["us.national-dnc"]);
  });

  it("inquiry: 3 months from its instant (basis inquiry), the day after denied", async () => {
    const g = makeGate();
    await g.gate.recordRelationship({ phone: NY_LISTED, kind: "inquiry", at: ny("2026-08-16T11:00:00") });
    const end = await ask(g, NY_LISTED, ny("2026-11-16T11:00:00"));
    expect(end.allowed).toBe(true);
    expect(exemptions(end)).toEqual(["us.national-dnc:inquiry"]);
    expect(deniedBy(await ask(g, NY_LISTED, ny("2026-11-17T11:00:00")))).toEqual(["us.national-dnc"]);
  });

  it("inquiry on Nov 30: the 3 months end on Feb 28", async () => {
    const g = gateAround(ny("2027-02-27T11:00:00"));
    await g.gate.recordRelationship({ phone: NY_LISTED, kind: "inquiry", at: ny("2026-11-30T11:00:00") });
    expect((await ask(g, NY_LISTED, ny("2027-02-28T11:00:00"))).allowed).toBe(true);
    expect(deniedBy(await ask(g, NY_LISTED, ny("2027-03-01T11:00:00")))).toEqual(["us.national-dnc"]);
  });

  it("contract: exempt while in force, then an EBR for 18 months after endsAt (exclusive)", async () => {
    const storage = memoryStorage();
    const during = gateAround(ny("2025-12-15T11:00:00"), storage);
    // endsAt as a bare date: the start of 2026-01-10 in New York.
    await during.gate.recordRelationship({ phone: NY_LISTED, kind: "contract", at: ny("2024-01-10T11:00:00"), endsAt: "2026-01-10" });
    const inForce = await ask(during, NY_LISTED, ny("2025-12-15T11:00:00"));
    expect(inForce.allowed).toBe(true);
    expect(exemptions(inForce)).toEqual(["us.national-dnc:existing-contract"]);

    const later = gateAround(ny("2027-07-09T11:00:00"), storage);
    const lastDay = await ask(later, NY_LISTED, ny("2027-07-09T11:00:00"));
    expect(lastDay.allowed).toBe(true);
    expect(lastDay.exemptions.map((e) => e.rule)).toEqual(["us.national-dnc"]);
    // 18 months after 2026-01-10 00:00 New York is 2027-07-10 00:00 New York.
    expect(deniedBy(await ask(later, NY_LISTED, ny("2027-07-10T11:00:00")))).toEqual(["us.national-dnc"]);
  });

  it("an open-ended contract keeps the exemption", async () => {
    const g = makeGate();
    await g.gate.recordRelationship({ phone: NY_LISTED, kind: "contract", at: ny("2019-01-10T11:00:00") });
    const d = await ask(g, NY_LISTED, ny("2026-11-16T11:00:00"));
    expect(exemptions(d)).toEqual(["us.national-dnc:existing-contract"]);
  });

  it("a do-not-call request ends the EBR (every rule that denies gives its reason)", async () => {
    const g = makeGate();
    await g.gate.recordRelationship({ phone: NY_LISTED, kind: "purchase", at: ny("2026-10-01T11:00:00") });
    await g.gate.recordInteraction({ phone: NY_LISTED, startedAt: ny("2026-10-15T11:00:00"), durationSeconds: 30, disposition: "do-not-call" });
    const d = await ask(g, NY_LISTED, ny("2026-11-16T10:00:00"));
    expect(deniedBy(d)).toEqual(["us.company-dnc", "us.national-dnc"]);
    expect(d.exemptions).toEqual([]);
  });
});

describe("us.company-dnc and us.consent-revoked", () => {
  const purposes = ["telemarketing", "informational", "survey", "political", "charitable", "debt-collection"] as const;

  it("a do-not-call disposition is honoured at once", async () => {
    const g = makeGate();
    await g.gate.recordInteraction({ phone: NY_CLEAN, startedAt: ny("2026-11-16T10:00:00"), durationSeconds: 40, disposition: "do-not-call" });
    const d = await ask(g, NY_CLEAN, new Date(ny("2026-11-16T10:00:00").getTime() + 1));
    expect(d.reasons.map((r) => [r.code, r.rule])).toEqual([["COMPANY_DNC", "us.company-dnc"]]);
    // The call just before the request is not affected.
    expect((await ask(g, NY_CLEAN, new Date(ny("2026-11-16T10:00:00").getTime() - 1))).allowed).toBe(true);
  });

  it.each(purposes)("a revocation puts the number on the company list for %s calls", async (purpose) => {
    const g = makeGate();
    await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "written", at: ny("2026-10-01T12:00:00") });
    await g.gate.recordConsent({ action: "revoke", phone: NY_CLEAN, at: ny("2026-11-01T12:00:00"), channel: "text", words: "STOP" });
    const d = await ask(g, NY_CLEAN, ny("2026-11-16T10:00:00"), { purpose });
    expect(d.allowed).toBe(false);
    expect(codes(d)).toEqual(["COMPANY_DNC"]);
    expect(deniedBy(d)).toEqual(["us.company-dnc"]);
  });

  it("a revocation ends the consent: a prerecorded call now also lacks consent", async () => {
    const g = makeGate();
    await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "written", at: ny("2026-10-01T12:00:00") });
    const before = await ask(g, NY_CLEAN, ny("2026-11-16T10:00:00"), { method: "prerecorded", lineType: "landline" });
    expect(before.allowed).toBe(true);
    await g.gate.recordConsent({ action: "revoke", phone: NY_CLEAN, at: ny("2026-11-16T10:30:00"), channel: "call" });
    const after = await ask(g, NY_CLEAN, ny("2026-11-16T11:00:00"), { method: "prerecorded", lineType: "landline" });
    expect(deniedBy(after)).toEqual(["us.company-dnc", "us.robocall-consent"]);
  });

  it("honorCompanyDncForAllPurposes false: non-sales calls go through, charitable and sales do not", async () => {
    const g = makeGate({ policy: { honorCompanyDncForAllPurposes: false } });
    await g.gate.recordConsent({ action: "revoke", phone: NY_CLEAN, at: ny("2026-11-01T12:00:00"), channel: "web" });
    const at = ny("2026-11-16T10:00:00");
    for (const purpose of ["informational", "survey", "political", "debt-collection"] as const) {
      expect((await ask(g, NY_CLEAN, at, { purpose })).allowed).toBe(true);
    }
    expect(deniedBy(await ask(g, NY_CLEAN, at, { purpose: "charitable" }))).toEqual(["us.company-dnc"]);
    expect(deniedBy(await ask(g, NY_CLEAN, at, { purpose: "telemarketing" }))).toEqual(["us.company-dnc"]);
  });

  it("a written consent granted after the request lifts it while in force; a verbal one does not", async () => {
    const g = makeGate();
    await g.gate.recordInteraction({ phone: NY_CLEAN, startedAt: ny("2026-10-01T10:00:00"), durationSeconds: 40, disposition: "not-interested", doNotCallRequested: true });
    await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "verbal", at: ny("2026-10-20T12:00:00") });
    expect(deniedBy(await ask(g, NY_CLEAN, ny("2026-11-16T10:00:00")))).toEqual(["us.company-dnc"]);
    await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "written", at: ny("2026-11-01T12:00:00"), expiresAt: ny("2026-11-20T12:00:00") });
    expect((await ask(g, NY_CLEAN, ny("2026-11-16T10:00:00"))).allowed).toBe(true);
    // Once the written consent expires the request stands again.
    expect(deniedBy(await ask(g, NY_CLEAN, ny("2026-11-20T12:00:00")))).toEqual(["us.company-dnc"]);
  });

  it("a written consent granted before the request does not lift it", async () => {
    const g = makeGate();
    await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "written", at: ny("2026-09-01T12:00:00") });
    await g.gate.recordInteraction({ phone: NY_CLEAN, startedAt: ny("2026-10-01T10:00:00"), durationSeconds: 40, disposition: "do-not-call" });
    expect(deniedBy(await ask(g, NY_CLEAN, ny("2026-11-16T10:00:00")))).toEqual(["us.company-dnc"]);
  });

  it("is honoured indefinitely by default", async () => {
    const g = makeGate();
    await g.gate.recordInteraction({ phone: NY_CLEAN, startedAt: ny("2012-03-01T10:00:00"), durationSeconds: 40, disposition: "do-not-call" });
    expect(deniedBy(await ask(g, NY_CLEAN, ny("2026-11-16T10:00:00")))).toEqual(["us.company-dnc"]);
  });

  it("companyDncYears: 5 honours the request for 5 calendar years, the end instant included", async () => {
    const g = makeGate({ policy: { companyDncYears: 5 } });
    await g.gate.recordInteraction({ phone: NY_CLEAN, startedAt: ny("2021-11-16T11:00:00"), durationSeconds: 40, disposition: "do-not-call" });
    expect(deniedBy(await ask(g, NY_CLEAN, ny("2026-11-16T11:00:00")))).toEqual(["us.company-dnc"]);
    expect((await ask(g, NY_CLEAN, new Date(ny("2026-11-16T11:00:00").getTime() + 1))).allowed).toBe(true);
    expect((await ask(g, NY_CLEAN, ny("2026-11-17T11:00:00"))).allowed).toBe(true);
  });
});

describe("us.robocall-consent", () => {
  const at = ny("2026-11-16T10:00:00");

  it("prerecorded telemarketing to a landline needs written consent; verbal or an EBR is not enough", async () => {
    const g = makeGate();
    const none = await ask(g, NY_CLEAN, at, { method: "prerecorded", lineType: "landline" });
    expect(none.reasons.map((r) => [r.code, r.rule])).toEqual([["CONSENT_REQUIRED", "us.robocall-consent"]]);

    await g.gate.recordRelationship({ phone: NY_CLEAN, kind: "purchase", at: ny("2026-11-01T12:00:00") });
    expect(deniedBy(await ask(g, NY_CLEAN, at, { method: "prerecorded", lineType: "landline" }))).toEqual(["us.robocall-consent"]);
    await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "verbal", at: ny("2026-11-02T12:00:00") });
    expect(deniedBy(await ask(g, NY_CLEAN, at, { method: "prerecorded", lineType: "landline" }))).toEqual(["us.robocall-consent"]);
    await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "written", at: ny("2026-11-03T12:00:00") });
    expect((await ask(g, NY_CLEAN, at, { method: "prerecorded", lineType: "landline" })).allowed).toBe(true);
  });

  it("autodialed telemarketing to a landline needs no consent; to a wireless line it needs written consent", async () => {
    const g = makeGate();
    expect((await ask(g, NY_CLEAN, at, { method: "autodialed", lineType: "landline" })).allowed).toBe(true);
    expect(deniedBy(await ask(g, NY_CLEAN, at, { method: "autodialed", lineType: "wireless" }))).toEqual(["us.robocall-consent"]);
    await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "verbal", at: ny("2026-11-02T12:00:00") });
    expect(deniedBy(await ask(g, NY_CLEAN, at, { method: "autodialed", lineType: "wireless" }))).toEqual(["us.robocall-consent"]);
    await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "written", at: ny("2026-11-03T12:00:00") });
    expect((await ask(g, NY_CLEAN, at, { method: "autodialed", lineType: "wireless" })).allowed).toBe(true);
  });

  it("texts count as autodialed", async () => {
    const g = makeGate();
    expect((await ask(g, NY_CLEAN, at, { method: "text", lineType: "landline" })).allowed).toBe(true);
    expect(deniedBy(await ask(g, NY_CLEAN, at, { method: "text", lineType: "wireless" }))).toEqual(["us.robocall-consent"]);
  });

  it("an unknown line is treated as wireless, and as a landline under unknownLineTypeAs 'landline'", async () => {
    const g = makeGate();
    expect(deniedBy(await ask(g, NY_CLEAN, at, { method: "text", lineType: "unknown" }))).toEqual(["us.robocall-consent"]);
    expect(deniedBy(await ask(g, NY_CLEAN, at, { method: "autodialed" }))).toEqual(["us.robocall-consent"]);
    const landline = makeGate({ policy: { unknownLineTypeAs: "landline" } });
    expect((await ask(landline, NY_CLEAN, at, { method: "text", lineType: "unknown" })).allowed).toBe(true);
    expect((await ask(landline, NY_CLEAN, at, { method: "autodialed" })).allowed).toBe(true);
    // Prerecorded telemarketing needs written consent to any line, whatever the policy.
    expect(deniedBy(await ask(landline, NY_CLEAN, at, { method: "prerecorded", lineType: "unknown" }))).toEqual(["us.robocall-consent"]);
  });

  it("a live call needs no consent", async () => {
    expect((await ask(makeGate(), NY_CLEAN, at, { method: "live", lineType: "wireless" })).allowed).toBe(true);
  });

  it("non-sales prerecorded or autodialed calls to wireless need any consent; to a landline none", async () => {
    const g = makeGate();
    for (const purpose of ["informational", "debt-collection", "survey", "political", "charitable"] as const) {
      for (const method of ["prerecorded", "autodialed", "text"] as const) {
        const d = await ask(g, NY_CLEAN, at, { purpose, method, lineType: "wireless" });
        expect(deniedBy(d), `${purpose} ${method}`).toEqual(["us.robocall-consent"]);
        expect((await ask(g, NY_CLEAN, at, { purpose, method, lineType: "landline" })).allowed, `${purpose} ${method} landline`).toBe(true);
      }
    }
    await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "verbal", at: ny("2026-11-02T12:00:00") });
    for (const purpose of ["informational", "debt-collection", "survey", "political", "charitable"] as const) {
      expect((await ask(g, NY_CLEAN, at, { purpose, method: "prerecorded", lineType: "wireless" })).allowed, purpose).toBe(true);
    }
  });

  it("an EBR is not consent for a non-sales robocall either", async () => {
    const g = makeGate();
    await g.gate.recordRelationship({ phone: NY_CLEAN, kind: "purchase", at: ny("2026-11-01T12:00:00") });
    expect(deniedBy(await ask(g, NY_CLEAN, at, { purpose: "informational", method: "prerecorded", lineType: "wireless" }))).toEqual([
      "us.robocall-consent",
    ]);
  });

  it("consent expiresAt is exclusive, and a bare-date expiresAt is the start of that New York day", async () => {
    const g = makeGate();
    await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "verbal", at: ny("2026-11-01T12:00:00"), expiresAt: "2026-11-17" });
    const req = { purpose: "informational", method: "prerecorded", lineType: "wireless" } as const;
    expect((await ask(g, NY_CLEAN, new Date(ny("2026-11-17T00:00:00").getTime() - 1), req)).allowed).toBe(true);
    expect(deniedBy(await ask(g, NY_CLEAN, ny("2026-11-17T00:00:00"), req))).toEqual(["us.robocall-consent"]);

    const w = makeGate();
    await w.gate.recordConsent({ action: "grant", phone: NY_LISTED, form: "written", at: ny("2026-11-01T12:00:00"), expiresAt: utc("2026-11-16T16:00:00Z") });
    expect((await ask(w, NY_LISTED, utc("2026-11-16T15:59:59.999Z"))).allowed).toBe(true);
    expect(deniedBy(await ask(w, NY_LISTED, utc("2026-11-16T16:00:00Z")))).toEqual(["us.national-dnc"]);
  });
});

describe("us.fax", () => {
  const at = ny("2026-11-16T10:00:00");

  it("an unsolicited fax advertisement is prohibited; an EBR or a permission allows it", async () => {
    const g = makeGate();
    const d = await ask(g, NY_CLEAN, at, { method: "fax" });
    expect(d.reasons.map((r) => [r.code, r.rule])).toEqual([["FAX_PROHIBITED", "us.fax"]]);
    await g.gate.recordRelationship({ phone: NY_CLEAN, kind: "purchase", at: ny("2026-06-01T12:00:00") });
    expect((await ask(g, NY_CLEAN, at, { method: "fax" })).allowed).toBe(true);

    const v = makeGate();
    await v.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "verbal", at: ny("2026-11-01T12:00:00") });
    expect((await ask(v, NY_CLEAN, at, { method: "fax" })).allowed).toBe(true);
  });

  it("the fax EBR is the 18-month one, not the fax rule's untimed one", async () => {
    const g = makeGate();
    await g.gate.recordRelationship({ phone: NY_CLEAN, kind: "purchase", at: ny("2025-04-01T12:00:00") });
    expect(deniedBy(await ask(g, NY_CLEAN, at, { method: "fax" }))).toEqual(["us.fax"]);
  });

  it("a non-sales fax is not a fax advertisement", async () => {
    expect((await ask(makeGate(), NY_CLEAN, at, { method: "fax", purpose: "informational" })).allowed).toBe(true);
  });
});

describe("us.caller-id", () => {
  const at = ny("2026-11-16T10:00:00");
  const noCallerId = { id: "acme-solar", name: "Acme Solar LLC" };

  it("missing caller ID (no request value, no seller default) is denied", async () => {
    const g = makeGate({ seller: noCallerId });
    const d = await ask(g, NY_CLEAN, at);
    expect(d.reasons.map((r) => [r.code, r.rule])).toEqual([["CALLER_ID_REQUIRED", "us.caller-id"]]);
    expect((await ask(g, NY_CLEAN, at, { callerId: "+1 617-555-0100" })).allowed).toBe(true);
  });

  it.each(["blocked", "BLOCKED", "12345", "not a number", ""])("caller ID %j is denied", async (callerId) => {
    const d = await ask(makeGate(), NY_CLEAN, at, { callerId });
    expect(deniedBy(d)).toEqual(["us.caller-id"]);
    expect(codes(d)).toEqual(["CALLER_ID_REQUIRED"]);
  });

  it("applies to charitable calls, not to informational ones", async () => {
    const g = makeGate();
    expect(deniedBy(await ask(g, NY_CLEAN, at, { purpose: "charitable", callerId: "blocked" }))).toEqual(["us.caller-id"]);
    expect((await ask(g, NY_CLEAN, at, { purpose: "informational", callerId: "blocked" })).allowed).toBe(true);
  });
});

describe("purposes", () => {
  it.each(["informational", "survey", "political"] as const)("%s: no hours, no DNC lists, no registry needed; company list honoured", async (purpose) => {
    const g = makeGate({ registries: [] });
    const d = await ask(g, NY_LISTED, ny("2026-11-16T03:00:00"), { purpose });
    expect(d.allowed).toBe(true);
    expect(d.reasons).toEqual([]);
    const ma = await ask(g, MA_BOTH, ny("2026-11-16T22:30:00"), { purpose });
    expect(ma.allowed).toBe(true);
    await g.gate.recordConsent({ action: "revoke", phone: NY_LISTED, at: ny("2026-11-16T04:00:00"), channel: "call" });
    const after = await ask(g, NY_LISTED, ny("2026-11-16T05:00:00"), { purpose });
    expect(deniedBy(after)).toEqual(["us.company-dnc"]);
    expect(after.nextAllowedAt).toBeUndefined();
  });

  it("charitable: federal hours and caller ID, company list always, no National Registry and no registry needed", async () => {
    const g = makeGate({ registries: [], policy: { honorCompanyDncForAllPurposes: false } });
    expect((await ask(g, NY_LISTED, ny("2026-11-16T10:00:00"), { purpose: "charitable" })).allowed).toBe(true);
    expect(deniedBy(await ask(g, NY_LISTED, ny("2026-11-16T07:59:59"), { purpose: "charitable" }))).toEqual(["us.calling-hours"]);
    expect(deniedBy(await ask(g, NY_LISTED, ny("2026-11-16T21:00:00"), { purpose: "charitable" }))).toEqual(["us.calling-hours"]);
    // Massachusetts' 20:00 close is a sales rule: a charitable call at 20:30 is fine.
    expect((await ask(g, MA_BOTH, ny("2026-11-16T20:30:00"), { purpose: "charitable" })).allowed).toBe(true);
    await g.gate.recordInteraction({ phone: NY_LISTED, startedAt: ny("2026-11-16T11:00:00"), durationSeconds: 10, disposition: "do-not-call", purpose: "charitable" });
    expect(deniedBy(await ask(g, NY_LISTED, ny("2026-11-16T12:00:00"), { purpose: "charitable" }))).toEqual(["us.company-dnc"]);
  });

  it("a business line skips both lists and their freshness; hours, company list and caller ID still apply", async () => {
    const g = makeGate({ registries: [] });
    const business = { isBusiness: true };
    const d = await ask(g, NY_LISTED, ny("2026-11-16T10:00:00"), { consumer: business });
    expect(d.allowed).toBe(true);
    expect(d.registries).toEqual([]);
    const ma = await ask(g, MA_BOTH, ny("2026-11-16T10:00:00"), { consumer: business });
    expect(ma.allowed).toBe(true);
    expect(deniedBy(await ask(g, NY_LISTED, ny("2026-11-16T21:00:00"), { consumer: business }))).toEqual(["us.calling-hours"]);
    expect(deniedBy(await ask(g, NY_LISTED, ny("2026-11-16T10:00:00"), { consumer: business, callerId: "blocked" }))).toEqual(["us.caller-id"]);
    expect(deniedBy(await ask(g, NY_LISTED, ny("2026-11-16T10:00:00"), { consumer: business, method: "prerecorded", lineType: "landline" }))).toEqual([
      "us.robocall-consent",
    ]);
    await g.gate.recordInteraction({ phone: NY_LISTED, startedAt: ny("2026-11-16T10:30:00"), durationSeconds: 10, disposition: "do-not-call" });
    expect(deniedBy(await ask(g, NY_LISTED, ny("2026-11-16T11:00:00"), { consumer: business }))).toEqual(["us.company-dnc"]);
  });

  it("a residential line with a stale copy is denied while a business line is not", async () => {
    const g = makeGate({ registries: [national("2026-09-01T12:00:00Z")] });
    expect(deniedBy(await ask(g, NY_CLEAN, ny("2026-11-16T10:00:00")))).toEqual(["us.registry-fresh"]);
    expect((await ask(g, NY_CLEAN, ny("2026-11-16T10:00:00"), { consumer: { isBusiness: true } })).allowed).toBe(true);
  });
});

describe("debt collection", () => {
  const at = ny("2026-11-16T10:00:00");

  it("us.collection-hours: [08:00, 21:00) consumer-local", async () => {
    const g = makeGate({ registries: [] });
    const early = await ask(g, NY_CLEAN, ny("2026-11-16T07:59:59"), { purpose: "debt-collection" });
    expect(early.reasons.map((r) => [r.code, r.rule])).toEqual([["OUTSIDE_CALLING_HOURS", "us.collection-hours"]]);
    expect((await ask(g, NY_CLEAN, ny("2026-11-16T08:00:00"), { purpose: "debt-collection" })).allowed).toBe(true);
    expect((await ask(g, NY_CLEAN, ny("2026-11-16T20:59:59"), { purpose: "debt-collection" })).allowed).toBe(true);
    expect(deniedBy(await ask(g, NY_CLEAN, ny("2026-11-16T21:00:00"), { purpose: "debt-collection" }))).toEqual(["us.collection-hours"]);
    // A listed number is not a reason to deny a collection call, nor is Massachusetts' 20:00.
    expect((await ask(g, NY_LISTED, at, { purpose: "debt-collection" })).allowed).toBe(true);
    expect((await ask(g, MA_BOTH, ny("2026-11-16T20:30:00"), { purpose: "debt-collection" })).allowed).toBe(true);
  });

  it("us.collection-frequency: 7 attempts in the 7 days before deny the 8th", async () => {
    const g = makeGate();
    for (let k = 1; k <= 6; k++) await debtAttempt(g, NY_CLEAN, new Date(at.getTime() - k * 20 * HOUR));
    await debtAttempt(g, NY_CLEAN, new Date(at.getTime() - 7 * DAY - HOUR)); // outside the 7 days
    expect((await ask(g, NY_CLEAN, at, { purpose: "debt-collection" })).allowed).toBe(true);
    await debtAttempt(g, NY_CLEAN, new Date(at.getTime() - 7 * 20 * HOUR));
    const d = await ask(g, NY_CLEAN, at, { purpose: "debt-collection" });
    expect(d.reasons.map((r) => [r.code, r.rule])).toEqual([["FREQUENCY_LIMIT", "us.collection-frequency"]]);
    expect(d.nextAllowedAt).toBeUndefined();
  });

  it("only debt-collection attempts count, and only those before the call's instant", async () => {
    const g = makeGate();
    for (let k = 1; k <= 7; k++) await debtAttempt(g, NY_CLEAN, new Date(at.getTime() - k * 20 * HOUR), { purpose: "telemarketing" });
    for (let k = 1; k <= 7; k++) await debtAttempt(g, NY_CLEAN, new Date(at.getTime() + k * HOUR));
    expect((await ask(g, NY_CLEAN, at, { purpose: "debt-collection" })).allowed).toBe(true);
  });

  it("no call within 7 days after a conversation about the debt, inbound or outbound", async () => {
    const g = makeGate();
    await debtAttempt(g, NY_CLEAN, new Date(at.getTime() - 8 * DAY), { disposition: "answered", durationSeconds: 120 });
    await debtAttempt(g, NY_CLEAN, new Date(at.getTime() - 1 * DAY), { disposition: "voicemail", durationSeconds: 20 });
    expect((await ask(g, NY_CLEAN, at, { purpose: "debt-collection" })).allowed).toBe(true);
    await debtAttempt(g, NY_CLEAN, new Date(at.getTime() - 3 * DAY), { disposition: "callback", direction: "inbound", durationSeconds: 60 });
    expect(deniedBy(await ask(g, NY_CLEAN, at, { purpose: "debt-collection" }))).toEqual(["us.collection-frequency"]);
  });

  it.each(["answered", "sale", "not-interested", "callback", "transferred"])("disposition %s is a conversation", async (disposition) => {
    const g = makeGate();
    await debtAttempt(g, NY_CLEAN, new Date(at.getTime() - 2 * DAY), { disposition, durationSeconds: 60 });
    expect(deniedBy(await ask(g, NY_CLEAN, at, { purpose: "debt-collection" }))).toEqual(["us.collection-frequency"]);
  });
});

describe("INVALID_NUMBER", () => {
  const at = ny("2026-11-16T10:00:00");

  it("a Canadian number (+1 416) is outside, and the message says so", async () => {
    const d = await ask(makeGate(), "+1 416 555 0123", at);
    expect(d.allowed).toBe(false);
    expect(d.reasons.map((r) => r.code)).toEqual(["INVALID_NUMBER"]);
    expect(d.reasons[0]?.message).toMatch(/canad|\bCA\b/i);
    expect(d.reasons[0]?.message).toMatch(/outside/i);
  });

  it.each(["garbage", "", "12345", "+44 20 7946 0958", "+1 212 555 01"])("%j is an INVALID_NUMBER denial, never an exception", async (phone) => {
    const d = await ask(makeGate(), phone, at, { purpose: "informational" });
    expect(d.allowed).toBe(false);
    expect(codes(d)).toEqual(["INVALID_NUMBER"]);
    expect(d.phone).toBe(phone);
    expect(d.nextAllowedAt).toBeUndefined();
  });

  it("the fictional 555-01XX block is valid for the 50 states' area codes", async () => {
    const g = makeGate();
    for (const phone of ["617-555-0199", "(212) 555-0100", "+1 415 555 0101", "808-555-0150"]) {
      const d = await ask(g, phone, at);
      expect(d.reasons.map((r) => r.code), phone).not.toContain("INVALID_NUMBER");
      expect(d.phone).toMatch(/^\+1\d{10}$/);
    }
  });
});

describe("every record's own instant counts", () => {
  it("a consent recorded later with an earlier `at` applies; one whose `at` is after the call does not", async () => {
    const g = makeGate({ now: ny("2026-11-20T09:00:00") });
    await g.gate.recordConsent({ action: "grant", phone: NY_LISTED, form: "written", at: ny("2026-11-10T12:00:00") });
    expect((await ask(g, NY_LISTED, ny("2026-11-16T10:00:00"))).allowed).toBe(true);

    const h = makeGate({ now: ny("2026-11-15T09:00:00") });
    await h.gate.recordConsent({ action: "grant", phone: NY_LISTED, form: "written", at: ny("2026-11-17T12:00:00") });
    expect(deniedBy(await ask(h, NY_LISTED, ny("2026-11-16T10:00:00")))).toEqual(["us.national-dnc"]);
    expect((await ask(h, NY_LISTED, ny("2026-11-18T10:00:00"))).allowed).toBe(true);
  });

  it("a do-not-call request made after the call's instant does not deny it", async () => {
    const g = makeGate({ now: ny("2026-11-20T09:00:00") });
    await g.gate.recordInteraction({ phone: NY_CLEAN, startedAt: ny("2026-11-17T10:00:00"), durationSeconds: 30, disposition: "do-not-call" });
    expect((await ask(g, NY_CLEAN, ny("2026-11-16T10:00:00"))).allowed).toBe(true);
    expect(deniedBy(await ask(g, NY_CLEAN, ny("2026-11-18T10:00:00")))).toEqual(["us.company-dnc"]);
  });

  it("a purchase's EBR runs from the purchase's own instant, not when it was recorded", async () => {
    const g = makeGate({ now: ny("2026-11-16T09:00:00") });
    await g.gate.recordRelationship({ phone: NY_LISTED, kind: "purchase", at: ny("2025-05-01T12:00:00") });
    // 18 months after 2025-05-01 is 2026-11-01: recorded today, it is already over.
    expect(deniedBy(await ask(g, NY_LISTED, ny("2026-11-16T10:00:00")))).toEqual(["us.national-dnc"]);
  });

  it("the decision's at and evaluatedAt: the call instant and the clock's reading", async () => {
    const g = makeGate({ now: utc("2026-11-16T15:00:00Z") });
    const d = await ask(g, NY_CLEAN, ny("2026-11-17T10:00:00"));
    expect(d.at).toEqual(ny("2026-11-17T10:00:00"));
    expect(d.evaluatedAt).toEqual(utc("2026-11-16T15:00:00Z"));
    const dflt = await g.gate.canCall({ phone: NY_CLEAN });
    expect(dflt.at).toEqual(utc("2026-11-16T15:00:00Z"));
    expect(MINUTE).toBe(60_000);
  });
});

describe("fail closed", () => {
  it("a storage error while gathering facts denies with STORAGE_UNAVAILABLE (no nextAllowedAt)", async () => {
    const inner = memoryStorage();
    const broken: StorageAdapter = {
      ...inner,
      async getPhoneFacts() {
        throw new Error("connection refused");
      },
    };
    const g = makeGate({ storage: broken });
    for (const at of [ny("2026-11-16T10:00:00"), ny("2026-11-16T22:00:00")]) {
      const d = await ask(g, NY_CLEAN, at);
      expect(d.allowed).toBe(false);
      expect(codes(d)).toContain("STORAGE_UNAVAILABLE");
      expect(d.nextAllowedAt).toBeUndefined();
    }
    for (const purpose of ["informational", "debt-collection"] as const) {
      expect(codes(await ask(g, NY_CLEAN, ny("2026-11-16T10:00:00"), { purpose }))).toContain("STORAGE_UNAVAILABLE");
    }
  });
});
