/**
 * The Massachusetts rule pack (rules.md, gate table): every `ma.*` rule, who it covers, and how
 * it overlaps the federal pack (a call must satisfy both; an exemption under one regime never
 * exempts the call from the other's rules).
 */
import { describe, expect, it } from "vitest";
import { memoryStorage } from "../../src/adapters/memory.js";
import { createRegistry } from "../../src/index.js";
import {
  CHI_CLEAN,
  CHICAGO,
  DAY,
  HNL_CLEAN,
  HOUR,
  MA_BOTH,
  MA_CLEAN,
  MA_NATIONAL_ONLY,
  MA_STATE_ONLY,
  NY,
  NY_CLEAN,
  PHOENIX,
  ask,
  codes,
  debtAttempt,
  deniedBy,
  exemptions,
  freshRegistries,
  makeGate,
  massachusetts,
  national,
  ny,
  utc,
  wall,
  type TestGate,
} from "../helpers/gate.js";


const AT = ny("2026-11-16T10:00:00");

describe("ma.calling-hours: [08:00, 20:00) local time at the consumer's location", () => {
  it("07:59:59 denied by both packs, 08:00:00 allowed, 19:59:59 allowed, 20:00:00 denied by MA only", async () => {
    const g = makeGate();
    const early = await ask(g, MA_CLEAN, utc("2026-11-16T12:59:59Z"));
    expect(early.allowed).toBe(false);
    expect(deniedBy(early)).toEqual(["ma.calling-hours", "us.calling-hours"]);
    expect(codes(early)).toEqual(["OUTSIDE_CALLING_HOURS", "OUTSIDE_CALLING_HOURS"]);
    expect(early.nextAllowedAt).toEqual(utc("2026-11-16T13:00:00Z"));
    expect((await ask(g, MA_CLEAN, utc("2026-11-16T13:00:00Z"))).allowed).toBe(true);
    expect((await ask(g, MA_CLEAN, utc("2026-11-17T00:59:59Z"))).allowed).toBe(true);
    expect((await ask(g, MA_CLEAN, utc("2026-11-17T00:59:59.999Z"))).allowed).toBe(true);
    const eight = await ask(g, MA_CLEAN, utc("2026-11-17T01:00:00Z"));
    expect(eight.allowed).toBe(false);
    expect(eight.reasons).toHaveLength(1);
    expect(eight.reasons[0]).toMatchObject({ code: "OUTSIDE_CALLING_HOURS", rule: "ma.calling-hours" });
    expect(eight.reasons[0]?.citation).toMatch(/201 CMR 12\.02\(2\)/);
    expect(eight.nextAllowedAt).toEqual(ny("2026-11-17T08:00:00"));
  });

  it("21:00 is closed under both packs: two rules, two reasons with the same code", async () => {
    const d = await ask(makeGate(), MA_CLEAN, ny("2026-11-16T21:00:00"));
    expect(deniedBy(d)).toEqual(["ma.calling-hours", "us.calling-hours"]);
    expect(d.nextAllowedAt).toEqual(ny("2026-11-17T08:00:00"));
  });

  it.each([
    ["2026-03-08", "2026-03-08T12:00:00Z", "2026-03-09T00:00:00Z"],
    ["2026-11-01", "2026-11-01T13:00:00Z", "2026-11-02T01:00:00Z"],
  ])("DST day %s: opens %s, closes %s", async (_day, open, close) => {
    const g = makeGate({ now: utc(open), registries: freshRegistries(utc(open)) });
    const before = await ask(g, MA_CLEAN, new Date(utc(open).getTime() - 1000));
    expect(deniedBy(before)).toEqual(["ma.calling-hours", "us.calling-hours"]);
    expect(before.nextAllowedAt).toEqual(utc(open));
    expect((await ask(g, MA_CLEAN, utc(open))).allowed).toBe(true);
    expect((await ask(g, MA_CLEAN, new Date(utc(close).getTime() - 1000))).allowed).toBe(true);
    const after = await ask(g, MA_CLEAN, utc(close));
    expect(deniedBy(after)).toEqual(["ma.calling-hours"]);
  });

  it("a Massachusetts resident with a Chicago number: the MA window in Chicago time", async () => {
    const g = makeGate();
    const consumer = { state: "MA" };
    // 19:30 Chicago = 20:30 New York: the consumer's location is Chicago by the number.
    const d = await ask(g, CHI_CLEAN, wall("2026-11-16T19:30:00", CHICAGO), { consumer });
    expect(d.timeZones).toEqual([CHICAGO]);
    expect(d.jurisdictions).toEqual(["us", "ma"]);
    expect(d.allowed).toBe(true);
    expect(deniedBy(await ask(g, CHI_CLEAN, wall("2026-11-16T20:00:00", CHICAGO), { consumer }))).toEqual(["ma.calling-hours"]);
  });

  it("the MA window applies in every candidate zone (a 617 number, ZIP 02139, and an explicit Phoenix zone)", async () => {
    const g = makeGate();
    const consumer = { postalCode: "02139", timeZone: PHOENIX };
    const d = await ask(g, MA_CLEAN, utc("2026-11-16T14:30:00Z"), { consumer }); // NY 09:30, Phoenix 07:30
    expect(d.timeZones).toEqual([NY, PHOENIX]);
    expect(deniedBy(d)).toEqual(["ma.calling-hours", "us.calling-hours"]);
    expect(d.nextAllowedAt).toEqual(utc("2026-11-16T15:00:00Z"));
    // 19:59:59 NY is allowed; Phoenix is at 17:59:59.
    expect((await ask(g, MA_CLEAN, utc("2026-11-17T00:59:59Z"), { consumer })).allowed).toBe(true);
    expect(deniedBy(await ask(g, MA_CLEAN, utc("2026-11-17T01:00:00Z"), { consumer }))).toEqual(["ma.calling-hours"]);
  });
});

describe("who is covered", () => {
  const eightThirtyPm = ny("2026-11-16T20:30:00");

  it("by area code when the state is unknown", async () => {
    const g = makeGate();
    const ma = await ask(g, MA_CLEAN, eightThirtyPm);
    expect(ma.jurisdictions).toEqual(["us", "ma"]);
    expect(deniedBy(ma)).toEqual(["ma.calling-hours"]);
    for (const npa of ["339", "351", "413", "508", "774", "781", "857", "978"]) {
      const d = await ask(g, `+1${npa}5550100`, eightThirtyPm);
      expect(d.jurisdictions, npa).toEqual(["us", "ma"]);
      expect(deniedBy(d), npa).toEqual(["ma.calling-hours"]);
    }
    const ny = await ask(g, NY_CLEAN, eightThirtyPm);
    expect(ny.jurisdictions).toEqual(["us"]);
    expect(ny.allowed).toBe(true);
  });

  it("by consumer.state, in any case", async () => {
    const g = makeGate();
    for (const state of ["MA", "ma", "Ma"]) {
      const d = await ask(g, NY_CLEAN, eightThirtyPm, { consumer: { state } });
      expect(d.jurisdictions, state).toEqual(["us", "ma"]);
      expect(deniedBy(d), state).toEqual(["ma.calling-hours"]);
    }
  });

  it("a known non-MA state turns the MA pack off; federal rules still apply", async () => {
    const g = makeGate({ registries: [national("2026-11-10T15:00:00Z")] }); // no MA list at all
    const consumer = { state: "NY" };
    const d = await ask(g, MA_CLEAN, eightThirtyPm, { consumer });
    expect(d.jurisdictions).toEqual(["us"]);
    expect(d.allowed).toBe(true);
    expect(deniedBy(await ask(g, MA_CLEAN, ny("2026-11-16T21:00:00"), { consumer }))).toEqual(["us.calling-hours"]);
    // On the national list: still a federal denial; on the MA list only: no denial.
    expect(deniedBy(await ask(g, MA_BOTH, AT, { consumer }))).toEqual(["us.national-dnc"]);
    expect((await ask(g, MA_STATE_ONLY, AT, { consumer })).allowed).toBe(true);
  });

  it("by postal code: an MA ZIP (02139, 01001, 05501, 02139-4307) brings in MA, a non-MA ZIP turns it off", async () => {
    const g = makeGate();
    for (const postalCode of ["02139", "01001", "05501", "02139-4307"]) {
      const d = await ask(g, NY_CLEAN, eightThirtyPm, { consumer: { postalCode } });
      expect(d.jurisdictions, postalCode).toEqual(["us", "ma"]);
      expect(deniedBy(d), postalCode).toEqual(["ma.calling-hours"]);
    }
    const off = await ask(g, MA_CLEAN, eightThirtyPm, { consumer: { postalCode: "10001" } });
    expect(off.jurisdictions).toEqual(["us"]);
    expect(off.allowed).toBe(true);
  });

  it("a ZIP the table does not know leaves the state unknown: the area code decides", async () => {
    const g = makeGate();
    const d = await ask(g, MA_CLEAN, eightThirtyPm, { consumer: { postalCode: "99999" } });
    expect(d.jurisdictions).toEqual(["us", "ma"]);
    const off = await ask(g, NY_CLEAN, eightThirtyPm, { consumer: { postalCode: "99999" } });
    expect(off.jurisdictions).toEqual(["us"]);
  });

  it("consumer.state wins over the postal code", async () => {
    const g = makeGate();
    const d = await ask(g, MA_CLEAN, eightThirtyPm, { consumer: { state: "NH", postalCode: "02139" } });
    expect(d.jurisdictions).toEqual(["us"]);
    expect(d.allowed).toBe(true);
    const m = await ask(g, NY_CLEAN, eightThirtyPm, { consumer: { state: "MA", postalCode: "10001" } });
    expect(m.jurisdictions).toEqual(["us", "ma"]);
    expect(deniedBy(m)).toEqual(["ma.calling-hours"]);
  });
});

describe("ma.state-dnc", () => {
  it("a number on the MA list is denied (STATE_DNC); on both lists, two reasons", async () => {
    const g = makeGate();
    const d = await ask(g, MA_STATE_ONLY, AT);
    expect(d.reasons.map((r) => [r.code, r.rule])).toEqual([["STATE_DNC", "ma.state-dnc"]]);
    expect(d.reasons[0]?.citation).toMatch(/159C/);
    expect(deniedBy(await ask(g, MA_BOTH, AT))).toEqual(["ma.state-dnc", "us.national-dnc"]);
    expect(deniedBy(await ask(g, MA_NATIONAL_ONLY, AT))).toEqual(["us.national-dnc"]);
  });

  it("the MA list is consulted by the consumer's state, not the area code", async () => {
    const g = makeGate();
    // A 212 number listed on the MA list, the consumer in MA by state.
    const listed = "+12125550177";
    const h = makeGate({ registries: [national("2026-11-10T15:00:00Z"), massachusetts("2026-10-01", [listed])] });
    expect(deniedBy(await ask(h, listed, AT, { consumer: { state: "MA" } }))).toEqual(["ma.state-dnc"]);
    expect((await ask(h, listed, AT)).allowed).toBe(true);
    expect((await ask(g, MA_STATE_ONLY, AT, { consumer: { state: "RI" } })).allowed).toBe(true);
  });

  it("written consent exempts from both lists (basis written-consent)", async () => {
    const g = makeGate();
    await g.gate.recordConsent({ action: "grant", phone: MA_BOTH, form: "written", at: ny("2026-11-01T12:00:00") });
    const d = await ask(g, MA_BOTH, AT);
    expect(d.allowed).toBe(true);
    expect(exemptions(d)).toEqual(["ma.state-dnc:written-consent", "us.national-dnc:written-consent"]);
    for (const e of d.exemptions) expect(e.citation).toBeTruthy();
  });

  it("verbal consent exempts from the MA list only (basis verbal-request), not from the national one", async () => {
    const g = makeGate();
    await g.gate.recordConsent({ action: "grant", phone: MA_BOTH, form: "verbal", at: ny("2026-11-01T12:00:00") });
    const d = await ask(g, MA_BOTH, AT);
    expect(deniedBy(d)).toEqual(["us.national-dnc"]);
    expect(exemptions(d)).toEqual(["ma.state-dnc:verbal-request"]);
    const s = makeGate();
    await s.gate.recordConsent({ action: "grant", phone: MA_STATE_ONLY, form: "verbal", at: ny("2026-11-01T12:00:00") });
    const ds = await ask(s, MA_STATE_ONLY, AT);
    expect(ds.allowed).toBe(true);
    expect(exemptions(ds)).toEqual(["ma.state-dnc:verbal-request"]);
  });

  it("an existing customer has no time limit in MA (but the federal EBR does)", async () => {
    const g = makeGate();
    await g.gate.recordRelationship({ phone: MA_STATE_ONLY, kind: "purchase", at: ny("2019-03-01T12:00:00") });
    await g.gate.recordRelationship({ phone: MA_BOTH, kind: "purchase", at: ny("2019-03-01T12:00:00") });
    const d = await ask(g, MA_STATE_ONLY, AT);
    expect(d.allowed).toBe(true);
    expect(exemptions(d)).toEqual(["ma.state-dnc:existing-customer"]);
    const both = await ask(g, MA_BOTH, AT);
    expect(deniedBy(both)).toEqual(["us.national-dnc"]);
    expect(exemptions(both)).toEqual(["ma.state-dnc:existing-customer"]);
  });

  it("a sale recorded by the dialer makes an existing customer", async () => {
    const g = makeGate();
    await g.gate.recordInteraction({ phone: MA_BOTH, startedAt: ny("2026-11-02T12:00:00"), durationSeconds: 300, disposition: "sale" });
    const d = await ask(g, MA_BOTH, AT);
    expect(d.allowed).toBe(true);
    expect(exemptions(d)).toEqual(["ma.state-dnc:existing-customer", "us.national-dnc:existing-customer"]);
  });

  it("an inquiry gives nothing under MA (only the federal 3 months)", async () => {
    const g = makeGate();
    await g.gate.recordRelationship({ phone: MA_BOTH, kind: "inquiry", at: ny("2026-11-10T12:00:00") });
    const d = await ask(g, MA_BOTH, AT);
    expect(deniedBy(d)).toEqual(["ma.state-dnc"]);
    expect(exemptions(d)).toEqual(["us.national-dnc:inquiry"]);
  });

  it("a contract in force exempts (existing-contract); after endsAt (exclusive) the consumer is an existing customer", async () => {
    const g = makeGate();
    await g.gate.recordRelationship({ phone: MA_STATE_ONLY, kind: "contract", at: ny("2020-01-10T12:00:00"), endsAt: utc("2026-11-16T16:00:00Z") });
    const inForce = await ask(g, MA_STATE_ONLY, utc("2026-11-16T15:59:59.999Z"));
    expect(inForce.allowed).toBe(true);
    expect(exemptions(inForce)).toEqual(["ma.state-dnc:existing-contract"]);
    const ended = await ask(g, MA_STATE_ONLY, utc("2026-11-16T16:00:00Z"));
    expect(ended.allowed).toBe(true);
    expect(exemptions(ended)).toEqual(["ma.state-dnc:existing-customer"]);
    const years = await ask(makeGate({ now: ny("2031-01-05T10:00:00"), registries: freshRegistries(ny("2031-01-05T10:00:00")), storage: g.storage }), MA_STATE_ONLY, ny("2031-01-05T10:00:00"));
    expect(exemptions(years)).toEqual(["ma.state-dnc:existing-customer"]);
  });

  it("a do-not-call request ends the existing-customer exemption", async () => {
    const g = makeGate();
    await g.gate.recordRelationship({ phone: MA_STATE_ONLY, kind: "purchase", at: ny("2026-06-01T12:00:00") });
    await g.gate.recordConsent({ action: "revoke", phone: MA_STATE_ONLY, at: ny("2026-10-01T12:00:00"), channel: "email" });
    const d = await ask(g, MA_STATE_ONLY, AT);
    expect(deniedBy(d)).toEqual(["ma.state-dnc", "us.company-dnc"]);
    expect(d.exemptions).toEqual([]);
  });

  it("a written consent after a do-not-call request lifts the company list and exempts from both lists", async () => {
    const g = makeGate();
    await g.gate.recordInteraction({ phone: MA_BOTH, startedAt: ny("2026-09-01T12:00:00"), durationSeconds: 30, disposition: "do-not-call" });
    await g.gate.recordConsent({ action: "grant", phone: MA_BOTH, form: "written", at: ny("2026-10-01T12:00:00") });
    const d = await ask(g, MA_BOTH, AT);
    expect(d.allowed).toBe(true);
    expect(exemptions(d)).toEqual(["ma.state-dnc:written-consent", "us.national-dnc:written-consent"]);
  });

  it("a business line is outside the MA list (and needs no MA snapshot)", async () => {
    const g = makeGate({ registries: [] });
    const d = await ask(g, MA_BOTH, AT, { consumer: { isBusiness: true } });
    expect(d.allowed).toBe(true);
    expect(d.registries).toEqual([]);
    expect(d.jurisdictions).toEqual(["us", "ma"]);
    // MA hours still apply to a business line.
    expect(deniedBy(await ask(g, MA_BOTH, ny("2026-11-16T20:00:00"), { consumer: { isBusiness: true } }))).toEqual(["ma.calling-hours"]);
  });

  it.each(["informational", "survey", "political", "charitable", "debt-collection"] as const)("does not apply to %s calls", async (purpose) => {
    const g = makeGate({ registries: [] });
    expect((await ask(g, MA_BOTH, AT, { purpose })).allowed).toBe(true);
  });
});

describe("ma.registry-current: the current quarter's MA list", () => {
  it("the current quarter's edition passes; the previous quarter's is stale", async () => {
    const current = makeGate();
    const ok = await ask(current, MA_CLEAN, AT);
    expect(ok.allowed).toBe(true);
    expect(ok.registries.map((r) => [r.source, r.edition]).sort()).toEqual([
      ["massachusetts", "2026-10-01"],
      ["national", "2026-11-10"],
    ]);
    const previous = makeGate({ registries: [national("2026-11-10T15:00:00Z"), massachusetts("2026-07-01")] });
    const d = await ask(previous, MA_CLEAN, AT);
    expect(d.reasons.map((r) => [r.code, r.rule])).toEqual([["REGISTRY_STALE", "ma.registry-current"]]);
  });

  it("quarters are New York calendar quarters: 2026-09-30 21:00 New York (already Oct 1 in UTC) is still Q3", async () => {
    const g = makeGate({ now: ny("2026-09-30T12:00:00"), registries: [national("2026-09-25T12:00:00Z"), massachusetts("2026-07-01")] });
    // An MA resident reached on a Honolulu number: 15:00 HST = 2026-10-01T01:00Z = 2026-09-30 21:00 New York.
    const hawaii = { consumer: { state: "MA" } };
    const lateQ3 = await ask(g, HNL_CLEAN, utc("2026-10-01T01:00:00Z"), hawaii);
    expect(lateQ3.jurisdictions).toEqual(["us", "ma"]);
    expect(lateQ3.allowed).toBe(true);
    expect((await ask(g, MA_CLEAN, ny("2026-09-30T19:59:59"))).allowed).toBe(true);
    const q4 = await ask(g, MA_CLEAN, ny("2026-10-01T08:00:00"));
    expect(deniedBy(q4)).toEqual(["ma.registry-current"]);
    // 2026-10-01 15:00 HST is Q4 everywhere.
    expect(deniedBy(await ask(g, HNL_CLEAN, utc("2026-10-02T01:00:00Z"), hawaii))).toEqual(["ma.registry-current"]);
  });

  it("nextAllowedAt is omitted when the next opening falls in a new quarter", async () => {
    const g = makeGate({ now: ny("2026-09-30T12:00:00"), registries: [national("2026-09-25T12:00:00Z"), massachusetts("2026-07-01")] });
    const d = await ask(g, MA_CLEAN, ny("2026-09-30T20:30:00"));
    expect(deniedBy(d)).toEqual(["ma.calling-hours"]);
    expect(d.nextAllowedAt).toBeUndefined();
    const withNext = makeGate({ now: ny("2026-09-30T12:00:00"), registries: [national("2026-09-25T12:00:00Z"), massachusetts("2026-10-01")] });
    expect((await ask(withNext, MA_CLEAN, ny("2026-09-30T20:30:00"))).nextAllowedAt).toEqual(ny("2026-10-01T08:00:00"));
  });

  it("grace days: last quarter's list accepted for the first N days of the new quarter", async () => {
    const regs = () => [national("2026-10-01T12:00:00Z"), massachusetts("2026-07-01")];
    const noGrace = makeGate({ registries: regs() });
    expect(deniedBy(await ask(noGrace, MA_CLEAN, ny("2026-10-01T10:00:00")))).toEqual(["ma.registry-current"]);
    const grace = makeGate({ registries: regs(), policy: { maRegistryGraceDays: 5 } });
    for (const day of ["2026-10-01", "2026-10-03", "2026-10-05"]) {
      expect((await ask(grace, MA_CLEAN, ny(`${day}T10:00:00`))).allowed, day).toBe(true);
    }
    expect(deniedBy(await ask(grace, MA_CLEAN, ny("2026-10-06T10:00:00")))).toEqual(["ma.registry-current"]);
    // Grace never reaches back two quarters.
    const old = makeGate({ registries: [national("2026-10-01T12:00:00Z"), massachusetts("2026-04-01")], policy: { maRegistryGraceDays: 5 } });
    expect(deniedBy(await ask(old, MA_CLEAN, ny("2026-10-02T10:00:00")))).toEqual(["ma.registry-current"]);
  });

  it("with next quarter's list already loaded, the then-current quarter's list is the one consulted", async () => {
    // The Q1 2027 list is downloaded on 2026-12-28; a call on 2026-12-29 is a Q4 call and the
    // number is on the Q4 list (rules.md ma.state-dnc: "the then-current quarterly MA registry").
    const q4 = massachusetts("2026-10-01", [MA_STATE_ONLY]);
    const q1 = createRegistry({ source: "massachusetts", edition: "2027-01-01", obtainedAt: "2026-12-28T12:00:00Z", numbers: [] });
    const g = makeGate({ now: ny("2026-12-29T10:00:00"), registries: [national("2026-12-28T12:00:00Z"), q4, q1] });
    const d = await ask(g, MA_STATE_ONLY, ny("2026-12-29T10:00:00"));
    expect(d.registries.filter((r) => r.source === "massachusetts").map((r) => r.edition)).toEqual(["2026-10-01"]);
    expect(deniedBy(d)).toEqual(["ma.state-dnc"]);
    // On 2027-01-04 the Q1 list is the current one: the number is no longer listed.
    const jan = makeGate({ now: ny("2027-01-04T10:00:00"), registries: [national("2027-01-02T12:00:00Z"), q4, q1] });
    expect((await ask(jan, MA_STATE_ONLY, ny("2027-01-04T10:00:00"))).allowed).toBe(true);
  });

  it("an older quarter's list obtained later does not displace the current quarter's list", async () => {
    const current = massachusetts("2026-10-01", [MA_STATE_ONLY]);
    const archived = createRegistry({ source: "massachusetts", edition: "2026-07-01", obtainedAt: "2026-11-12T12:00:00Z", numbers: [] });
    const g = makeGate({ registries: [national("2026-11-10T15:00:00Z"), current, archived] });
    const d = await ask(g, MA_STATE_ONLY, AT);
    expect(deniedBy(d)).toEqual(["ma.state-dnc"]);
    expect(d.registries.filter((r) => r.source === "massachusetts").map((r) => r.edition)).toEqual(["2026-10-01"]);
  });

  it("no MA snapshot: REGISTRY_STALE for an MA consumer, nothing for a non-MA one", async () => {
    const g = makeGate({ registries: [national("2026-11-10T15:00:00Z")] });
    const d = await ask(g, MA_CLEAN, AT);
    expect(d.reasons.map((r) => [r.code, r.rule])).toEqual([["REGISTRY_STALE", "ma.registry-current"]]);
    expect((await ask(g, NY_CLEAN, AT)).allowed).toBe(true);
  });

  it("an MA list older than 31 days is fine within its quarter (the 31-day rule is the national copy's)", async () => {
    const g = makeGate({ now: ny("2026-12-20T10:00:00"), registries: [national("2026-12-15T15:00:00Z"), massachusetts("2026-10-01")] });
    expect((await ask(g, MA_CLEAN, ny("2026-12-20T10:00:00"))).allowed).toBe(true);
  });

  it("a stale national copy and a stale MA list: two REGISTRY_STALE reasons", async () => {
    const g = makeGate({ registries: [national("2026-09-01T15:00:00Z"), massachusetts("2026-07-01")] });
    const d = await ask(g, MA_CLEAN, AT);
    expect(deniedBy(d)).toEqual(["ma.registry-current", "us.registry-fresh"]);
    expect(codes(d)).toEqual(["REGISTRY_STALE", "REGISTRY_STALE"]);
  });
});

describe("ma.recorded-message", () => {
  it("prerecorded telemarketing to an MA consumer without consent: both consent rules deny", async () => {
    const g = makeGate();
    const d = await ask(g, MA_CLEAN, AT, { method: "prerecorded", lineType: "landline" });
    expect(deniedBy(d)).toEqual(["ma.recorded-message", "us.robocall-consent"]);
    expect(codes(d)).toEqual(["CONSENT_REQUIRED", "CONSENT_REQUIRED"]);
  });

  it("a verbal request satisfies MA but not the federal written-consent rule; written satisfies both", async () => {
    const g = makeGate();
    await g.gate.recordConsent({ action: "grant", phone: MA_CLEAN, form: "verbal", at: ny("2026-11-01T12:00:00") });
    expect(deniedBy(await ask(g, MA_CLEAN, AT, { method: "prerecorded", lineType: "landline" }))).toEqual(["us.robocall-consent"]);
    await g.gate.recordConsent({ action: "grant", phone: MA_CLEAN, form: "written", at: ny("2026-11-02T12:00:00") });
    expect((await ask(g, MA_CLEAN, AT, { method: "prerecorded", lineType: "landline" })).allowed).toBe(true);
  });

  it("an existing customer is not a consent to a recorded message", async () => {
    const g = makeGate();
    await g.gate.recordRelationship({ phone: MA_CLEAN, kind: "purchase", at: ny("2026-11-01T12:00:00") });
    expect(deniedBy(await ask(g, MA_CLEAN, AT, { method: "prerecorded", lineType: "landline" }))).toEqual([
      "ma.recorded-message",
      "us.robocall-consent",
    ]);
  });

  it("does not apply to a non-MA consumer or to a non-sales call", async () => {
    const g = makeGate();
    expect(deniedBy(await ask(g, MA_CLEAN, AT, { method: "prerecorded", lineType: "landline", consumer: { state: "NY" } }))).toEqual([
      "us.robocall-consent",
    ]);
    expect((await ask(g, MA_CLEAN, AT, { method: "prerecorded", lineType: "landline", purpose: "informational" })).allowed).toBe(true);
  });
});

describe("ma.fax", () => {
  it("an MA fax with an EBR passes us.fax but not ma.fax", async () => {
    const g = makeGate();
    await g.gate.recordRelationship({ phone: MA_CLEAN, kind: "purchase", at: ny("2026-11-01T12:00:00") });
    const d = await ask(g, MA_CLEAN, AT, { method: "fax" });
    expect(d.reasons.map((r) => [r.code, r.rule])).toEqual([["FAX_PROHIBITED", "ma.fax"]]);
  });

  it("an MA fax with nothing: both fax rules deny", async () => {
    const d = await ask(makeGate(), MA_CLEAN, AT, { method: "fax" });
    expect(deniedBy(d)).toEqual(["ma.fax", "us.fax"]);
    expect(codes(d)).toEqual(["FAX_PROHIBITED", "FAX_PROHIBITED"]);
  });

  it("a consumer's express permission makes it solicited: allowed", async () => {
    const g = makeGate();
    await g.gate.recordConsent({ action: "grant", phone: MA_CLEAN, form: "written", at: ny("2026-11-01T12:00:00") });
    expect((await ask(g, MA_CLEAN, AT, { method: "fax" })).allowed).toBe(true);
  });

  it("a non-MA consumer with an EBR may be faxed", async () => {
    const g = makeGate();
    await g.gate.recordRelationship({ phone: MA_CLEAN, kind: "purchase", at: ny("2026-11-01T12:00:00") });
    expect((await ask(g, MA_CLEAN, AT, { method: "fax", consumer: { state: "CT" } })).allowed).toBe(true);
  });
});

describe("ma.collection-frequency", () => {
  const attempt = debtAttempt;
  const dc = { purpose: "debt-collection" } as const;

  it("2 communications in 7 days to a personal number deny the 3rd (federal 7-in-7 not reached)", async () => {
    const g = makeGate();
    await attempt(g, MA_CLEAN, new Date(AT.getTime() - 2 * DAY));
    expect((await ask(g, MA_CLEAN, AT, dc)).allowed).toBe(true);
    await attempt(g, MA_CLEAN, new Date(AT.getTime() - 5 * DAY), { method: "text" });
    const d = await ask(g, MA_CLEAN, AT, dc);
    expect(d.reasons.map((r) => [r.code, r.rule])).toEqual([["FREQUENCY_LIMIT", "ma.collection-frequency"]]);
    // A non-MA consumer with the same history is fine.
    expect((await ask(g, MA_CLEAN, AT, { ...dc, consumer: { state: "NY" } })).allowed).toBe(true);
  });

  it("communications older than 7 days do not count for a personal number", async () => {
    const g = makeGate();
    await attempt(g, MA_CLEAN, new Date(AT.getTime() - 10 * DAY));
    await attempt(g, MA_CLEAN, new Date(AT.getTime() - 20 * DAY));
    expect((await ask(g, MA_CLEAN, AT, dc)).allowed).toBe(true);
  });

  it("a business line: 2 in 30 days", async () => {
    const g = makeGate();
    await attempt(g, MA_CLEAN, new Date(AT.getTime() - 10 * DAY));
    await attempt(g, MA_CLEAN, new Date(AT.getTime() - 20 * DAY));
    const d = await ask(g, MA_CLEAN, AT, { ...dc, consumer: { isBusiness: true } });
    expect(deniedBy(d)).toEqual(["ma.collection-frequency"]);
    const older = makeGate();
    await attempt(older, MA_CLEAN, new Date(AT.getTime() - 10 * DAY));
    await attempt(older, MA_CLEAN, new Date(AT.getTime() - 31 * DAY));
    expect((await ask(older, MA_CLEAN, AT, { ...dc, consumer: { isBusiness: true } })).allowed).toBe(true);
  });

  it("a conversation 3 days ago denies under the federal rule; with 2 attempts both rules give a reason", async () => {
    const g = makeGate();
    await attempt(g, MA_CLEAN, new Date(AT.getTime() - 3 * DAY), { disposition: "answered", durationSeconds: 90 });
    expect(deniedBy(await ask(g, MA_CLEAN, AT, dc))).toEqual(["us.collection-frequency"]);
    await attempt(g, MA_CLEAN, new Date(AT.getTime() - 4 * DAY));
    expect(deniedBy(await ask(g, MA_CLEAN, AT, dc))).toEqual(["ma.collection-frequency", "us.collection-frequency"]);
  });

  it("inbound calls are not communications initiated by the collector", async () => {
    const g = makeGate();
    await attempt(g, MA_CLEAN, new Date(AT.getTime() - 9 * DAY), { direction: "inbound", disposition: "answered" });
    await attempt(g, MA_CLEAN, new Date(AT.getTime() - 2 * DAY), { direction: "inbound", disposition: "voicemail" });
    await attempt(g, MA_CLEAN, new Date(AT.getTime() - 1 * DAY), { direction: "inbound", disposition: "wrong-number" });
    await attempt(g, MA_CLEAN, new Date(AT.getTime() - 1 * HOUR));
    expect((await ask(g, MA_CLEAN, AT, dc)).allowed).toBe(true);
  });
});

describe("overlap", () => {
  it("an exemption under one regime never exempts from the other's rule", async () => {
    const g = makeGate();
    await g.gate.recordRelationship({ phone: MA_BOTH, kind: "inquiry", at: ny("2026-11-10T12:00:00") });
    const d = await ask(g, MA_BOTH, ny("2026-11-16T20:30:00"));
    // The inquiry exempts from the national list only; MA list and MA hours still deny.
    expect(deniedBy(d)).toEqual(["ma.calling-hours", "ma.state-dnc"]);
    expect(exemptions(d)).toEqual(["us.national-dnc:inquiry"]);
    expect(d.nextAllowedAt).toBeUndefined();
  });

  it("shared storage: records made through one gate instance are facts for another of the same seller", async () => {
    const storage = memoryStorage();
    const a = makeGate({ storage });
    await a.gate.recordConsent({ action: "revoke", phone: MA_CLEAN, at: ny("2026-11-01T12:00:00"), channel: "mail" });
    const b = makeGate({ storage });
    expect(deniedBy(await ask(b, MA_CLEAN, AT))).toEqual(["us.company-dnc"]);
    const other = makeGate({ storage, seller: { id: "other-seller", name: "Other LLC", callerId: "+16175550100" } });
    expect((await ask(other, MA_CLEAN, AT)).allowed).toBe(true);
  });
});
