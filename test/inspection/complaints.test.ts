/**
 * Complaints: record, respond, resolve; the response is due 10 business days after the day the
 * complaint was received, Massachusetts legal holidays not counted; the overdue query follows the
 * clock.
 */
import { describe, expect, it } from "vitest";
import { memoryStorage } from "../../src/adapters/memory.js";
import { resolvePolicy } from "../../src/core/policy.js";
import type { GateInternals } from "../../src/gate/internals.js";
import { createIdGenerator } from "../../src/records/ids.js";
import { addBusinessDays, inspectionMethods, isBusinessDay, massachusettsHolidays } from "../../src/inspection/index.js";
import { manualClock } from "../../src/testing/clocks.js";
import { BOSTON, NYC, inspectionGate, issuePaths, rejection, stored } from "./_support.js";

describe("Massachusetts legal holidays and business days", () => {
  it("lists the statewide holidays of a year, Sundays kept on the Monday after", () => {
    expect([...massachusettsHolidays(2026).entries()]).toEqual([
      ["2026-01-01", "New Year's Day"],
      ["2026-01-19", "Martin Luther King Jr. Day"],
      ["2026-02-16", "Washington's Birthday"],
      ["2026-04-20", "Patriots' Day"],
      ["2026-05-25", "Memorial Day"],
      ["2026-06-19", "Juneteenth Independence Day"],
      ["2026-07-04", "Independence Day"],
      ["2026-09-07", "Labor Day"],
      ["2026-10-12", "Columbus Day"],
      ["2026-11-11", "Veterans Day"],
      ["2026-11-26", "Thanksgiving Day"],
      ["2026-12-25", "Christmas Day"],
    ]);
    expect(massachusettsHolidays(2027).get("2027-07-05")).toBe("Independence Day"); // July 4, 2027 is a Sunday
    expect(massachusettsHolidays(2022).get("2022-12-26")).toBe("Christmas Day");
    expect(massachusettsHolidays(2027).has("2027-06-18")).toBe(false); // Juneteenth 2027 is a Saturday: not moved
  });

  it("counts weekdays that are not holidays; county holidays are business days", () => {
    expect(isBusinessDay("2026-04-20")).toBe(false); // Patriots' Day
    expect(isBusinessDay("2026-04-21")).toBe(true);
    expect(isBusinessDay("2026-04-18")).toBe(false); // Saturday
    expect(isBusinessDay("2026-03-17")).toBe(true); // Evacuation Day: Suffolk County only
    expect(isBusinessDay("2026-06-17")).toBe(true); // Bunker Hill Day: Suffolk County only
    expect(isBusinessDay("2026-11-27")).toBe(true); // the Friday after Thanksgiving
  });

  it("puts the deadline at the end of the nth business day after the day received, New York time", () => {
    // Received Monday 13 April 2026: Patriots' Day (20 April) is skipped.
    expect(addBusinessDays(new Date("2026-04-13T14:00:00Z"), 10)).toEqual({ dueDate: "2026-04-28", dueAt: new Date("2026-04-29T04:00:00Z") });
    // Received Friday 12 June 2026: Juneteenth (Friday 19 June) is skipped, Bunker Hill Day is not.
    expect(addBusinessDays(new Date("2026-06-12T14:00:00Z"), 10).dueDate).toBe("2026-06-29");
    // Received Friday 20 November 2026: Thanksgiving (26 November) is skipped.
    expect(addBusinessDays(new Date("2026-11-20T14:00:00Z"), 10)).toEqual({ dueDate: "2026-12-07", dueAt: new Date("2026-12-08T05:00:00Z") });
    // 23:30 on Friday in New York is still Friday (04:30 UTC on Saturday).
    expect(addBusinessDays(new Date("2026-11-21T04:30:00Z"), 1).dueDate).toBe("2026-11-23");
    // A complaint received on a Saturday: the count starts on Monday.
    expect(addBusinessDays(new Date("2026-11-21T15:00:00Z"), 1).dueDate).toBe("2026-11-23");
    // Christmas on a Friday, New Year's Day on a Friday (2027).
    expect(addBusinessDays(new Date("2026-12-24T15:00:00Z"), 1).dueDate).toBe("2026-12-28");
    expect(addBusinessDays(new Date("2026-12-31T15:00:00Z"), 1).dueDate).toBe("2027-01-04");
  });
});

describe("complaints", () => {
  it("records, responds to and resolves a complaint, each step an appended record", async () => {
    const { gate, storage, clock } = inspectionGate();
    const opened = await gate.recordComplaint({ phone: "617-555-0101", at: "2026-11-20T14:00:00Z", channel: "email", summary: "Called twice after I said stop", campaignId: "fall" });
    expect(opened).toMatchObject({ phone: BOSTON, status: "open", dueDate: "2026-12-07", overdue: false, respondedLate: false, campaignId: "fall", channel: "email" });
    expect(opened.dueAt.toISOString()).toBe("2026-12-08T05:00:00.000Z");

    clock.advance({ hours: 2 });
    const responded = await gate.respondToComplaint(opened.id, { response: "We are sorry; your number is on our do-not-call list", by: "compliance@acme" });
    expect(responded.status).toBe("responded");
    expect(responded.respondedAt?.toISOString()).toBe("2026-11-30T17:00:00.000Z");
    clock.advance({ days: 1 });
    const resolved = await gate.resolveComplaint(opened.id, { resolution: "Agent retrained; number confirmed on the company list" });
    expect(resolved.status).toBe("resolved");
    expect(resolved.resolvedAt?.toISOString()).toBe("2026-12-01T17:00:00.000Z");
    expect(resolved.records.map((r) => r.data.action)).toEqual(["open", "respond", "resolve"]);

    const again = await gate.getComplaint(opened.id);
    expect(again.status).toBe("resolved");
    expect((await rejection(() => gate.resolveComplaint(opened.id, { resolution: "twice" }))).code).toBe("INVALID_INPUT");
    expect((await rejection(() => gate.respondToComplaint(opened.id, { response: "late" }))).code).toBe("INVALID_INPUT");
    expect((await stored(storage)).filter((r) => r.kind === "complaint")).toHaveLength(3);
    expect((await gate.verify()).ok).toBe(true);
  });

  it("finds overdue complaints by the clock: due at the start of the day after the due date", async () => {
    const { gate, clock } = inspectionGate();
    const late = await gate.recordComplaint({ phone: NYC, at: "2026-11-20T14:00:00Z", channel: "call", summary: "Robocall at dinner" });
    const fresh = await gate.recordComplaint({ phone: BOSTON, channel: "web", summary: "Who are you?" });
    expect(fresh.dueDate).toBe("2026-12-14");
    expect(await gate.overdueComplaints()).toEqual([]);

    clock.set("2026-12-08T04:59:59Z");
    expect((await gate.overdueComplaints()).map((c) => c.id)).toEqual([]);
    clock.set("2026-12-08T05:00:00Z");
    expect((await gate.overdueComplaints()).map((c) => c.id)).toEqual([late.id]);
    expect((await gate.getComplaint(late.id)).overdue).toBe(true);
    expect((await gate.listComplaints({ status: "open" })).map((c) => c.id)).toEqual([late.id, fresh.id]);
    expect((await gate.listComplaints({ overdue: false })).map((c) => c.id)).toEqual([fresh.id]);
    // asOf judges at another instant without moving the clock.
    expect((await gate.overdueComplaints("2026-12-15T05:00:00Z")).map((c) => c.id)).toEqual([late.id, fresh.id]);

    const answered = await gate.respondToComplaint(late.id, { response: "Apologies" });
    expect(answered.overdue).toBe(false);
    expect(answered.respondedLate).toBe(true);
    expect(await gate.overdueComplaints()).toEqual([]);
    expect((await gate.listComplaints({ phone: "(212) 555-0105" })).map((c) => c.id)).toEqual([late.id]);
    expect((await rejection(() => gate.listComplaints({ status: "closed" as "open" }))).code).toBe("INVALID_INPUT");
  });

  it("a resolution with no response counts as the response", async () => {
    const { gate } = inspectionGate();
    const c = await gate.recordComplaint({ channel: "mail", summary: "Letter", at: "2026-11-25T15:00:00Z" });
    expect(c.phone).toBeNull();
    const r = await gate.resolveComplaint(c.id, { resolution: "Resolved by phone", at: "2026-11-26T15:00:00Z" });
    expect(r.respondedAt?.toISOString()).toBe("2026-11-26T15:00:00.000Z");
    expect(r.respondedLate).toBe(false);
  });

  it("refuses bad input, future instants and unknown ids", async () => {
    const { gate } = inspectionGate();
    const e = await rejection(() => gate.recordComplaint({ phone: "12", channel: "pigeon" as "mail", summary: "" }));
    expect(e.code).toBe("INVALID_INPUT");
    expect(issuePaths(e).sort()).toEqual(["channel", "summary"]);
    const badPhone = await rejection(() => gate.recordComplaint({ phone: "12", channel: "mail", summary: "x" }));
    expect(issuePaths(badPhone)).toEqual(["phone"]);
    const future = await rejection(() => gate.recordComplaint({ channel: "mail", summary: "x", at: "2026-12-25" }));
    expect(issuePaths(future)).toEqual(["at"]);
    const c = await gate.recordComplaint({ channel: "mail", summary: "x", at: "2026-11-25T15:00:00Z" });
    const early = await rejection(() => gate.respondToComplaint(c.id, { response: "y", at: "2026-11-24T15:00:00Z" }));
    expect(issuePaths(early)).toEqual(["at"]);
    expect((await rejection(() => gate.getComplaint("cmp_nope"))).code).toBe("NOT_FOUND");
    const notComplaint = await gate.recordConsent({ action: "grant", phone: NYC, form: "verbal" });
    expect((await rejection(() => gate.respondToComplaint(notComplaint.id, { response: "y" }))).code).toBe("NOT_FOUND");
  });

  it("takes the response deadline from the options (complaintResponseBusinessDays)", async () => {
    const clock = manualClock("2026-11-30T15:00:00Z");
    const storage = memoryStorage();
    const ids = createIdGenerator();
    const internals: GateInternals = {
      seller: { id: "acme-solar", name: "Acme Solar LLC" },
      storage,
      policy: resolvePolicy(undefined),
      registries: [],
      readClock: () => clock.now(),
      context: (recordedAt) => ({ sellerId: "acme-solar", recordedAt, newId: (prefix) => ids(prefix, recordedAt) }),
      append: async (records) => storage.append(records),
    };
    const methods = inspectionMethods(internals, { complaintResponseBusinessDays: 3 });
    const c = await methods.recordComplaint({ channel: "call", summary: "x", at: "2026-11-25T15:00:00Z" });
    expect(c.dueDate).toBe("2026-12-01"); // Wed 25: Fri 27 (1), Mon 30 (2), Tue 1 (3); Thanksgiving skipped
    expect(c.records[0]?.data.responseBusinessDays).toBe(3);
    expect(() => inspectionMethods(internals, { complaintResponseBusinessDays: 0 })).toThrow(/complaintResponseBusinessDays/);
  });
});
