/**
 * Records (api.md: recordConsent, recordInteraction, recordRelationship, retentionCutoff; rules.md
 * "Records" and "Retention"): validation names the failing fields and stores nothing, side
 * effects are appended atomically with their record, decisions leave receipts, retention counts
 * calendar years from the start of the day in the seller's zone, and the chain verifies.
 */
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { memoryStorage } from "../../src/adapters/memory.js";
import {
  CallgateError,
  RULES_VERSION,
  createCallgate,
  retentionCutoff,
  type NewRecord,
  type StorageAdapter,
} from "../../src/index.js";
import {
  MA_BOTH,
  MA_CLEAN,
  NY_CLEAN,
  NY_LISTED,
  SELLER,
  allRecords,
  deniedBy,
  exemptions,
  freshRegistries,
  kindCounts,
  makeGate,
  massachusetts,
  national,
  ny,
  testClock,
  utc,
  type TestGate,
} from "../helpers/gate.js";

/** A memory adapter that records each append batch and can be told to fail. */
function spyStorage(): StorageAdapter & { batches: NewRecord[][]; failNext: boolean } {
  const inner = memoryStorage();
  const spy = {
    ...inner,
    batches: [] as NewRecord[][],
    failNext: false,
    async append(records: readonly NewRecord[]) {
      spy.batches.push([...records]);
      if (spy.failNext) {
        spy.failNext = false;
        throw new Error("disk full");
      }
      return inner.append(records);
    },
  };
  return spy;
}

async function invalid(run: () => Promise<unknown>): Promise<{ paths: string[]; messages: string; error: CallgateError }> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected a thrown CallgateError").toBeInstanceOf(CallgateError);
  const error = caught as CallgateError;
  expect(error.code).toBe("INVALID_INPUT");
  const issues = (error.details as { issues?: { path: string; message: string }[] }).issues ?? [];
  return { paths: issues.map((i) => i.path), messages: `${error.message} ${issues.map((i) => i.message).join(" ")}`, error };
}

/** Runs `op` on a gate that already holds records, expects INVALID_INPUT naming `fields`, and nothing stored. */
async function refused(op: (g: TestGate) => Promise<unknown>, fields: string[]): Promise<void> {
  const g = makeGate();
  await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "verbal", at: ny("2026-11-01T12:00:00") });
  const head = await g.storage.head();
  const count = (await allRecords(g.storage)).length;
  const { paths, messages } = await invalid(() => op(g));
  for (const f of fields) expect(paths.includes(f) || messages.includes(f), `field ${f} named in ${JSON.stringify(paths)} / ${messages}`).toBe(true);
  expect(await g.storage.head()).toEqual(head);
  expect((await allRecords(g.storage)).length).toBe(count);
}

const grant = (more: Record<string, unknown>) => (g: TestGate) => g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "written", ...more } as never);
const revoke = (more: Record<string, unknown>) => (g: TestGate) => g.gate.recordConsent({ action: "revoke", phone: NY_CLEAN, channel: "call", ...more } as never);
const interaction = (more: Record<string, unknown>) => (g: TestGate) =>
  g.gate.recordInteraction({ phone: NY_CLEAN, startedAt: ny("2026-11-16T10:00:00"), durationSeconds: 30, disposition: "answered", ...more } as never);
const relationship = (more: Record<string, unknown>) => (g: TestGate) =>
  g.gate.recordRelationship({ phone: NY_CLEAN, kind: "purchase", at: ny("2026-11-01T12:00:00"), ...more } as never);

describe("recordConsent validation", () => {
  it("the valid forms are stored", async () => {
    const g = makeGate();
    const w = await grant({ at: ny("2026-11-01T12:00:00"), evidence: { signature: "sig", disclosure: "not a condition of purchase" } })(g);
    expect(w).toMatchObject({ kind: "consent", phone: NY_CLEAN });
    const r = await revoke({ at: ny("2026-11-02T12:00:00"), words: "stop" })(g);
    expect(r.kind).toBe("consent");
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ["missing phone", { phone: undefined }, ["phone"]],
    ["phone not a string", { phone: 6175550123 }, ["phone"]],
    ["Canadian phone", { phone: "+1 416 555 0123" }, ["phone"]],
    ["garbage phone", { phone: "call me" }, ["phone"]],
    ["unknown form", { form: "oral" }, ["form"]],
    ["missing form", { form: undefined }, ["form"]],
    ["at not a date", { at: "last week" }, ["at"]],
    ["expiresAt not a date", { expiresAt: "never" }, ["expiresAt"]],
    ["expiresAt before at", { at: ny("2026-11-10T12:00:00"), expiresAt: ny("2026-11-09T12:00:00") }, ["expiresAt"]],
    ["expiresAt equal to at", { at: ny("2026-11-10T12:00:00"), expiresAt: ny("2026-11-10T12:00:00") }, ["expiresAt"]],
    ["evidence not an object", { evidence: "signed" }, ["evidence"]],
    ["two bad fields", { form: "oral", at: "last week" }, ["form", "at"]],
  ])("grant: %s", (_name, more, fields) => refused(grant(more), fields));

  it.each<[string, Record<string, unknown>, string[]]>([
    ["missing channel", { channel: undefined }, ["channel"]],
    ["unknown channel", { channel: "pigeon" }, ["channel"]],
    ["at not a date", { at: {} }, ["at"]],
    ["bad phone", { phone: "12" }, ["phone"]],
  ])("revoke: %s", (_name, more, fields) => refused(revoke(more), fields));

  it("unknown action, or not an object", async () => {
    await refused((g) => g.gate.recordConsent({ action: "renew", phone: NY_CLEAN } as never), ["action"]);
    const g = makeGate();
    await invalid(() => g.gate.recordConsent(null as never));
    await invalid(() => g.gate.recordConsent("grant" as never));
  });
});

describe("recordInteraction validation", () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ["missing phone", { phone: undefined }, ["phone"]],
    ["invalid phone", { phone: "+1 416 555 0123" }, ["phone"]],
    ["missing startedAt", { startedAt: undefined }, ["startedAt"]],
    ["startedAt not a date", { startedAt: "yesterday" }, ["startedAt"]],
    ["negative duration", { durationSeconds: -1 }, ["durationSeconds"]],
    ["duration not a number", { durationSeconds: "30" }, ["durationSeconds"]],
    ["missing duration", { durationSeconds: undefined }, ["durationSeconds"]],
    ["unknown disposition", { disposition: "hung-up" }, ["disposition"]],
    ["missing disposition", { disposition: undefined }, ["disposition"]],
    ["unknown direction", { direction: "sideways" }, ["direction"]],
    ["unknown purpose", { purpose: "sales" }, ["purpose"]],
    ["unknown method", { method: "robot" }, ["method"]],
    ["doNotCallRequested not a boolean", { doNotCallRequested: "yes" }, ["doNotCallRequested"]],
    ["consumer.isBusiness not a boolean", { consumer: { isBusiness: "no" } }, ["consumer.isBusiness"]],
    ["negative timing", { timing: { ringSeconds: -3 } }, ["timing.ringSeconds"]],
    ["unknown field", { colour: "blue" }, ["colour"]],
    ["several", { durationSeconds: -1, disposition: "hung-up", startedAt: "nope" }, ["durationSeconds", "disposition", "startedAt"]],
  ])("%s", (_name, more, fields) => refused(interaction(more), fields));

  it("every disposition api.md lists is accepted", async () => {
    const g = makeGate();
    for (const disposition of ["sale", "answered", "no-answer", "busy", "voicemail", "not-interested", "callback", "do-not-call", "wrong-number", "abandoned", "transferred", "dropped"]) {
      const r = await interaction({ disposition })(g);
      expect(r.kind).toBe("interaction");
    }
  });

  it("the call detail record's fields are kept", async () => {
    const g = makeGate();
    const r = await g.gate.recordInteraction({
      phone: "(212) 555-0188",
      direction: "outbound",
      startedAt: ny("2026-11-16T10:00:00"),
      durationSeconds: 95,
      disposition: "transferred",
      callerId: "+16175550100",
      callerIdName: "ACME SOLAR",
      telemarketer: "Dial Co",
      goodsOrServices: "solar panels",
      campaignId: "fall-2026",
      agentId: "agent-7",
      consumer: { name: "Pat Doe", isBusiness: false },
      offers: ["10% off"],
      response: "interested",
      followUps: ["send brochure"],
      scriptId: "s-1",
      recordingRef: "rec://1",
      transferredTo: "closer-2",
      prerecorded: false,
      decisionId: "dec_x",
    });
    expect(r.phone).toBe(NY_CLEAN);
    expect(r.at).toEqual(ny("2026-11-16T10:00:00"));
    expect(r.recordedAt).toEqual(utc("2026-11-16T15:00:00Z"));
    expect(r.id).toMatch(/\S/);
    expect(r.seq).toBeGreaterThan(0);
    expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.data).toMatchObject({ disposition: "transferred", transferredTo: "closer-2", telemarketer: "Dial Co", offers: ["10% off"], agentId: "agent-7" });
  });
});

describe("recordRelationship validation", () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ["unknown kind", { kind: "lease" }, ["kind"]],
    ["missing kind", { kind: undefined }, ["kind"]],
    ["at not a date", { at: "the other day" }, ["at"]],
    ["bad phone", { phone: "n/a" }, ["phone"]],
    ["endsAt not a date", { kind: "contract", endsAt: "soon" }, ["endsAt"]],
    ["endsAt before at", { kind: "contract", endsAt: ny("2026-10-01T12:00:00") }, ["endsAt"]],
    ["endsAt on a purchase", { endsAt: ny("2027-10-01T12:00:00") }, ["endsAt"]],
  ])("%s", (_name, more, fields) => refused(relationship(more), fields));

  it("a bare-date `at` is the start of that day in New York", async () => {
    const g = makeGate();
    const r = await g.gate.recordRelationship({ phone: NY_CLEAN, kind: "inquiry", at: "2026-11-10" });
    expect(r.at).toEqual(utc("2026-11-10T05:00:00Z"));
  });
});

describe("side effects are atomic", () => {
  it("a revocation stores the consent and the do-not-call entry in one append, at the revocation's instant", async () => {
    const storage = spyStorage();
    const g = makeGate({ storage });
    await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "written", at: ny("2026-11-01T12:00:00") });
    const before = storage.batches.length;
    const rec = await g.gate.recordConsent({ action: "revoke", phone: NY_CLEAN, at: ny("2026-11-10T12:00:00"), channel: "text", words: "STOP" });
    expect(storage.batches.length).toBe(before + 1);
    const batch = storage.batches.at(-1) ?? [];
    expect(batch.map((r) => r.kind)).toEqual(["consent", "do-not-call"]);
    expect(batch.every((r) => r.at.getTime() === ny("2026-11-10T12:00:00").getTime())).toBe(true);
    expect(rec.kind).toBe("consent");
    expect(rec.data).toMatchObject({ action: "revoke", channel: "text" });
    expect(await kindCounts(storage)).toMatchObject({ consent: 2, "do-not-call": 1 });
  });

  it("when the append fails nothing is stored (STORAGE_FAILURE), and the number is not half-recorded", async () => {
    const storage = spyStorage();
    const g = makeGate({ storage });
    await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "written", at: ny("2026-11-01T12:00:00") });
    const head = await storage.head();
    storage.failNext = true;
    let caught: unknown;
    try {
      await g.gate.recordConsent({ action: "revoke", phone: NY_CLEAN, at: ny("2026-11-10T12:00:00"), channel: "web" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CallgateError);
    expect((caught as CallgateError).code).toBe("STORAGE_FAILURE");
    expect(await storage.head()).toEqual(head);
    expect((await kindCounts(storage))["do-not-call"]).toBeUndefined();
    // The written consent is still in force.
    expect((await g.gate.canCall({ phone: NY_CLEAN, at: ny("2026-11-16T10:00:00"), method: "prerecorded", lineType: "landline" })).allowed).toBe(true);
  });

  it("a do-not-call disposition stores its entry with the interaction, at startedAt", async () => {
    const storage = spyStorage();
    const g = makeGate({ storage });
    await g.gate.recordInteraction({ phone: NY_CLEAN, startedAt: ny("2026-11-10T12:00:00"), durationSeconds: 20, disposition: "do-not-call" });
    const batch = storage.batches.at(-1) ?? [];
    expect(batch.filter((r) => r.kind !== "registry-snapshot").map((r) => r.kind)).toEqual(["interaction", "do-not-call"]);
    const dnc = batch.find((r) => r.kind === "do-not-call");
    expect(dnc?.at).toEqual(ny("2026-11-10T12:00:00"));
    expect(dnc?.phone).toBe(NY_CLEAN);
    expect(deniedBy(await g.gate.canCall({ phone: NY_CLEAN, at: ny("2026-11-10T12:00:01") }))).toEqual(["us.company-dnc"]);
  });

  it("doNotCallRequested: true does the same with any disposition", async () => {
    const g = makeGate();
    await g.gate.recordInteraction({ phone: NY_CLEAN, startedAt: ny("2026-11-10T12:00:00"), durationSeconds: 20, disposition: "answered", doNotCallRequested: true });
    expect(await kindCounts(g.storage)).toMatchObject({ interaction: 1, "do-not-call": 1 });
    expect(deniedBy(await g.gate.canCall({ phone: NY_CLEAN, at: ny("2026-11-16T10:00:00"), purpose: "survey" }))).toEqual(["us.company-dnc"]);
  });

  it("a sale starts an 18-month EBR from startedAt, stored in the same append", async () => {
    const storage = spyStorage();
    const start = ny("2025-05-10T11:00:00");
    const g = makeGate({ storage, registries: freshRegistries(ny("2026-11-10T11:00:00")) });
    await g.gate.recordInteraction({ phone: NY_LISTED, startedAt: start, durationSeconds: 300, disposition: "sale" });
    const batch = (storage.batches.at(-1) ?? []).filter((r) => r.kind !== "registry-snapshot");
    expect(batch.map((r) => r.kind)).toEqual(["interaction", "relationship"]);
    expect(batch[1]?.at).toEqual(start);
    expect(batch[1]?.data).toMatchObject({ kind: "purchase" });
    const end = await g.gate.canCall({ phone: NY_LISTED, at: ny("2026-11-10T11:00:00") });
    expect(exemptions(end)).toEqual(["us.national-dnc:existing-customer"]);
    expect(deniedBy(await g.gate.canCall({ phone: NY_LISTED, at: ny("2026-11-11T11:00:00") }))).toEqual(["us.national-dnc"]);
  });

  it("other dispositions have no side effect", async () => {
    const g = makeGate();
    for (const disposition of ["answered", "no-answer", "not-interested", "voicemail", "callback"] as const) {
      await g.gate.recordInteraction({ phone: NY_CLEAN, startedAt: ny("2026-11-10T12:00:00"), durationSeconds: 20, disposition });
    }
    const counts = await kindCounts(g.storage);
    expect(counts.interaction).toBe(5);
    expect(counts["do-not-call"]).toBeUndefined();
    expect(counts.relationship).toBeUndefined();
  });
});

// The receipt's shape is the developers' design (api.md fixes only that it is stored, with the
// rules evaluated, the snapshot ids and the local times): read it tolerantly.
function registryIds(value: unknown): string[] {
  return (value as unknown[]).map((r) => (typeof r === "string" ? r : (r as { id: string }).id));
}
function zoneTimes(value: unknown): Record<string, string> {
  if (Array.isArray(value)) return Object.fromEntries((value as { zone: string; local: string }[]).map((l) => [l.zone, l.local]));
  return value as Record<string, string>;
}
function ruleOutcomes(data: Record<string, unknown>): Record<string, string> {
  if (Array.isArray(data.rulesEvaluated)) {
    return Object.fromEntries((data.rulesEvaluated as { rule: string; outcome: string }[]).map((r) => [r.rule, r.outcome]));
  }
  return data.rules as Record<string, string>;
}

describe("decision receipts", () => {
  it("each canCall stores its receipt with rulesVersion, zones, local times, rules evaluated and registries", async () => {
    const nat = national("2026-11-10T15:00:00Z");
    const ma = massachusetts("2026-10-01");
    const g = makeGate({ registries: [nat, ma] });
    const d = await g.gate.canCall({ phone: "617-555-0123", at: ny("2026-11-16T10:00:00"), consumer: { postalCode: "85001" } });
    const receipt = await g.storage.getRecord(d.id);
    expect(receipt).not.toBeNull();
    expect(receipt?.kind).toBe("decision");
    expect(receipt?.phone).toBe(MA_BOTH);
    expect(receipt?.at).toEqual(ny("2026-11-16T10:00:00"));
    expect(receipt?.recordedAt).toEqual(utc("2026-11-16T15:00:00Z"));
    const data = receipt?.data as Record<string, unknown>;
    expect(data.rulesVersion).toBe(RULES_VERSION);
    expect(d.rulesVersion).toBe(RULES_VERSION);
    expect(data.allowed).toBe(d.allowed);
    // ZIP 85001 is a known non-MA state: federal only, zones New York and Phoenix.
    expect(d.timeZones).toEqual(["America/New_York", "America/Phoenix"]);
    expect(data.timeZones).toEqual(d.timeZones);
    expect(data.jurisdictions).toEqual(["us"]);
    expect(d.registries).toEqual([{ id: nat.meta.id, source: "national", edition: "2026-11-10" }]);
    expect(registryIds(data.registries)).toEqual([nat.meta.id]);
    expect((data.reasons as { code: string; rule: string }[]).map((r) => [r.code, r.rule])).toEqual(d.reasons.map((r) => [r.code, r.rule]));
    const localTimes = zoneTimes(data.localTimes);
    expect(Object.keys(localTimes).sort()).toEqual(["America/New_York", "America/Phoenix"]);
    for (const [zone, local] of Object.entries(localTimes)) {
      expect(DateTime.fromISO(local, { setZone: true }).toMillis()).toBe(ny("2026-11-16T10:00:00").getTime());
      expect(local).toMatch(zone === "America/Phoenix" ? /^2026-11-16T08:00:00(\.000)?-07:00$/ : /^2026-11-16T10:00:00(\.000)?-05:00$/);
    }
    const evaluated = ruleOutcomes(data);
    expect(evaluated["us.national-dnc"]).toBe("deny");
    expect(evaluated["us.calling-hours"]).toBe("pass");
    expect(evaluated["us.registry-fresh"]).toBe("pass");
    expect(evaluated["ma.calling-hours"]).toBeUndefined();
  });

  it("the registry snapshots in use are recorded (source, edition, download time, hash, count)", async () => {
    const nat = national("2026-11-10T15:00:00Z");
    const ma = massachusetts("2026-10-01");
    const g = makeGate({ registries: [nat, ma] });
    await g.gate.canCall({ phone: MA_CLEAN, at: ny("2026-11-16T10:00:00") });
    const snaps = (await allRecords(g.storage)).filter((r) => r.kind === "registry-snapshot");
    expect(snaps.map((s) => s.data.registryId).sort()).toEqual([nat.meta.id, ma.meta.id].sort());
    const n = snaps.find((s) => s.data.registryId === nat.meta.id);
    expect(n?.data).toMatchObject({ source: "national", edition: "2026-11-10", count: 3, sha256: nat.meta.sha256 });
    expect(n?.data.obtainedAt).toBe("2026-11-10T15:00:00.000Z");
    // Recorded once, not per decision.
    await g.gate.canCall({ phone: MA_CLEAN, at: ny("2026-11-16T11:00:00") });
    expect((await allRecords(g.storage)).filter((r) => r.kind === "registry-snapshot")).toHaveLength(2);
  });

  it("an INVALID_NUMBER decision is stored too, with the number as given", async () => {
    const g = makeGate();
    const d = await g.gate.canCall({ phone: "not a number", at: ny("2026-11-16T10:00:00") });
    const receipt = await g.storage.getRecord(d.id);
    expect(receipt?.kind).toBe("decision");
    expect(receipt?.phone).toBeNull();
    expect(receipt?.data).toMatchObject({ allowed: false, phoneAsGiven: "not a number" });
  });

  it("a receipt that cannot be stored turns the decision into a STORAGE_UNAVAILABLE denial", async () => {
    const storage = spyStorage();
    const g = makeGate({ storage });
    storage.failNext = true;
    const d = await g.gate.canCall({ phone: NY_CLEAN, at: ny("2026-11-16T10:00:00") });
    expect(d.allowed).toBe(false);
    expect(d.reasons.map((r) => r.code)).toContain("STORAGE_UNAVAILABLE");
  });
});

describe("retentionCutoff", () => {
  it("5 calendar years before, at the start of that day in New York", () => {
    expect(retentionCutoff(utc("2026-11-16T15:00:00Z"))).toEqual(utc("2021-11-16T05:00:00Z"));
    // Late evening New York is still the 16th there (already the 17th in UTC).
    expect(retentionCutoff(utc("2026-11-17T03:00:00Z"))).toEqual(utc("2021-11-16T05:00:00Z"));
    // Summer: the start of the day is 04:00Z.
    expect(retentionCutoff(utc("2026-07-15T12:00:00Z"))).toEqual(utc("2021-07-15T04:00:00Z"));
    // Just after midnight New York.
    expect(retentionCutoff(utc("2026-11-16T05:00:00Z"))).toEqual(utc("2021-11-16T05:00:00Z"));
    expect(retentionCutoff(utc("2026-11-16T04:59:59.999Z"))).toEqual(utc("2021-11-15T05:00:00Z"));
  });

  it("Feb 29 clamps to Feb 28", () => {
    expect(retentionCutoff(utc("2028-02-29T15:00:00Z"))).toEqual(utc("2023-02-28T05:00:00Z"));
    expect(retentionCutoff(utc("2028-03-01T15:00:00Z"))).toEqual(utc("2023-03-01T05:00:00Z"));
  });

  it("a longer policy counts more years", () => {
    expect(retentionCutoff(utc("2026-11-16T15:00:00Z"), { retentionYears: 7 })).toEqual(utc("2019-11-16T05:00:00Z"));
    expect(retentionCutoff(utc("2026-11-16T15:00:00Z"), { retentionYears: 7, timeZone: "America/Los_Angeles" })).toEqual(utc("2019-11-16T08:00:00Z"));
  });

  it("the gate uses the seller's time zone and its clock", () => {
    const la = createCallgate({
      seller: { ...SELLER, timeZone: "America/Los_Angeles" },
      storage: memoryStorage(),
      registries: [],
      clock: testClock("2026-11-17T03:00:00Z"), // 2026-11-16 19:00 in Los Angeles
    });
    expect(la.retentionCutoff()).toEqual(utc("2021-11-16T08:00:00Z"));
    expect(la.retentionCutoff(utc("2026-11-17T09:00:00Z"))).toEqual(utc("2021-11-17T08:00:00Z"));
    const nyGate = makeGate({ now: "2026-11-17T03:00:00Z" }).gate;
    expect(nyGate.retentionCutoff()).toEqual(utc("2021-11-16T05:00:00Z"));
    expect(nyGate.retentionCutoff(utc("2028-02-29T15:00:00Z"), "interaction")).toEqual(utc("2023-02-28T05:00:00Z"));
  });

  it("retentionYears below 5 is refused unless allowShorterRetention", () => {
    let caught: unknown;
    try {
      makeGate({ policy: { retentionYears: 3 } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CallgateError);
    expect((caught as CallgateError).message).toMatch(/retentionYears/);
    expect(() => makeGate({ policy: { retentionYears: 4 } })).toThrow(CallgateError);
    const short = makeGate({ now: "2026-11-16T15:00:00Z", policy: { retentionYears: 3, allowShorterRetention: true } }).gate;
    expect(short.retentionCutoff()).toEqual(utc("2023-11-16T05:00:00Z"));
    const longer = makeGate({ now: "2026-11-16T15:00:00Z", policy: { retentionYears: 6 } }).gate;
    expect(longer.retentionCutoff()).toEqual(utc("2020-11-16T05:00:00Z"));
  });

  it("companyDncYears below the FCC's 5 is refused unless overridden", () => {
    expect(() => makeGate({ policy: { companyDncYears: 3 } })).toThrow(CallgateError);
    expect(() => makeGate({ policy: { companyDncYears: 5 } })).not.toThrow();
  });
});

describe("verify()", () => {
  it("is ok after a sequence of operations, and counts every record", async () => {
    const clock = testClock("2026-11-01T14:00:00Z");
    const storage = memoryStorage();
    const gate = createCallgate({ seller: SELLER, storage, registries: [national("2026-10-30T12:00:00Z")], clock });
    await gate.recordConsent({ action: "grant", phone: MA_CLEAN, form: "written", at: ny("2026-10-01T12:00:00"), evidence: { signature: "s" } });
    clock.advance(60_000);
    await gate.recordRelationship({ phone: NY_LISTED, kind: "purchase", at: "2026-09-15" });
    await gate.recordInteraction({ phone: NY_CLEAN, startedAt: ny("2026-11-01T10:00:00"), durationSeconds: 12, disposition: "do-not-call" });
    await gate.recordInteraction({ phone: NY_LISTED, startedAt: ny("2026-11-01T10:05:00"), durationSeconds: 300, disposition: "sale" });
    await gate.canCall({ phone: NY_LISTED, at: ny("2026-11-02T10:00:00") });
    await gate.addRegistry(massachusetts("2026-10-01"));
    await gate.canCall({ phone: MA_CLEAN, at: ny("2026-11-02T10:00:00") });
    await gate.recordConsent({ action: "revoke", phone: MA_CLEAN, at: ny("2026-11-02T11:00:00"), channel: "agent" });
    await gate.canCall({ phone: "garbage" });
    const records = await allRecords(storage);
    const result = await gate.verify();
    expect(result.ok).toBe(true);
    expect(result.checked).toBe(records.length);
    expect(result.head).toEqual(await storage.head());
    // seq is 1..n without gaps and each record links to the one before.
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    for (let i = 1; i < records.length; i++) expect(records[i]?.prevHash).toBe(records[i - 1]?.hash);
  });

  it("a failed validation in between leaves the chain verifiable", async () => {
    const g = makeGate();
    await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "verbal" });
    await g.gate.recordConsent({ action: "grant", phone: NY_CLEAN, form: "oral" } as never).catch(() => undefined);
    await g.gate.recordInteraction({ phone: NY_CLEAN, startedAt: "2026-11-16T09:00:00", durationSeconds: 1, disposition: "busy" });
    expect((await g.gate.verify()).ok).toBe(true);
  });
});
