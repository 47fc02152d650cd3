/**
 * Retention in action with legal holds: holds by number, campaign and time range keep records
 * from purgeExpired; consents in force are kept; releasing a hold lets its records go; the chain
 * verifies after every purge.
 */
import { describe, expect, it } from "vitest";
import { holdCovers } from "../../src/inspection/index.js";
import type { StoredRecord } from "../../src/index.js";
import { BOSTON, CHICAGO, NYC, NYC_2, WORCESTER, call, inspectionGate, issuePaths, rejection, stored } from "./_support.js";

const THEN = "2020-06-01T15:00:00Z";
const NOW = "2026-11-30T15:00:00Z";

/** Records made in 2020 (past the 5-year retention at NOW), one per scope a hold can name. */
async function oldRecords() {
  const g = inspectionGate({ now: THEN });
  const byPhone = await g.gate.recordInteraction(call({ phone: NYC, campaignId: "X", startedAt: "2020-05-01T15:00:00Z" }));
  const byCampaign = await g.gate.recordInteraction(call({ phone: NYC_2, campaignId: "Y", startedAt: "2020-05-02T15:00:00Z" }));
  const byRange = await g.gate.recordInteraction(call({ phone: CHICAGO, campaignId: "Z", startedAt: "2020-03-10T15:00:00Z" }));
  const free = await g.gate.recordInteraction(call({ phone: WORCESTER, campaignId: "Z", startedAt: "2020-05-03T15:00:00Z" }));
  const consent = await g.gate.recordConsent({ action: "grant", phone: BOSTON, form: "written", at: "2020-05-04T15:00:00Z", evidence: { signature: "s", disclosure: "d" } });
  g.clock.set(NOW);
  return { ...g, byPhone, byCampaign, byRange, free, consent };
}

const ids = async (storage: Parameters<typeof stored>[0]): Promise<Set<string>> => new Set((await stored(storage)).map((r) => r.id));

describe("legal holds and purgeExpired", () => {
  it("keeps records held by number, campaign or time range and consents in force; purges the rest; the chain verifies", async () => {
    const { gate, storage, byPhone, byCampaign, byRange, free, consent } = await oldRecords();
    const h1 = await gate.placeLegalHold({ phone: "212-555-0105", reason: "Smith v. Acme", matter: "1:26-cv-0001" });
    const h2 = await gate.placeLegalHold({ campaignId: "Y", reason: "AG civil investigative demand" });
    const h3 = await gate.placeLegalHold({ from: "2020-03-01", to: "2020-04-01", reason: "FTC inquiry, March 2020" });
    expect(h1).toMatchObject({ phone: NYC, reason: "Smith v. Acme", matter: "1:26-cv-0001" });
    expect(h3.from?.toISOString()).toBe("2020-03-01T05:00:00.000Z");
    expect((await gate.listLegalHolds()).map((h) => h.id)).toEqual([h1.id, h2.id, h3.id]);

    const report = await gate.purgeExpired();
    const left = await ids(storage);
    expect(left.has(byPhone.id)).toBe(true);
    expect(left.has(byCampaign.id)).toBe(true);
    expect(left.has(byRange.id)).toBe(true);
    expect(left.has(consent.id)).toBe(true);
    expect(left.has(free.id)).toBe(false);
    expect(report.removedByKind.interaction).toBe(1);
    expect(report.kept.legalHold).toBe(3);
    expect(report.kept.consentInForce).toBe(1);
    expect((await gate.verify()).ok).toBe(true);
  });

  it("releasing a hold lets its records go at the next purge; the others stay held", async () => {
    const { gate, storage, byPhone, byCampaign, byRange } = await oldRecords();
    const h1 = await gate.placeLegalHold({ phone: NYC, reason: "case 1" });
    const h2 = await gate.placeLegalHold({ campaignId: "Y", reason: "case 2" });
    const h3 = await gate.placeLegalHold({ from: "2020-03-01", to: "2020-04-01", reason: "case 3" });
    await gate.purgeExpired();

    const released = await gate.releaseLegalHold(h1.id, "case settled");
    expect(released.releasedAt?.toISOString()).toBe(NOW.replace("Z", ".000Z"));
    expect((await gate.listLegalHolds()).map((h) => h.id)).toEqual([h2.id, h3.id]);
    expect((await gate.listLegalHolds({ includeReleased: true })).map((h) => [h.id, h.releaseReason])).toEqual([
      [h1.id, "case settled"],
      [h2.id, undefined],
      [h3.id, undefined],
    ]);
    await gate.purgeExpired();
    let left = await ids(storage);
    expect(left.has(byPhone.id)).toBe(false);
    expect(left.has(byCampaign.id)).toBe(true);
    expect(left.has(byRange.id)).toBe(true);

    await gate.releaseLegalHold(h2.id, "closed");
    await gate.releaseLegalHold(h3.id, "closed");
    const last = await gate.purgeExpired();
    left = await ids(storage);
    expect(left.has(byCampaign.id)).toBe(false);
    expect(left.has(byRange.id)).toBe(false);
    expect(last.kept.legalHold).toBe(0);
    // Holds themselves and checkpoints are never purged; the chain still verifies across three purges.
    expect((await stored(storage)).filter((r) => r.kind === "legal-hold")).toHaveLength(6);
    expect((await gate.verify()).ok).toBe(true);
  });

  it("a hold that names several scopes keeps only what matches them all", async () => {
    const { gate, storage, byPhone, free } = await oldRecords();
    await gate.placeLegalHold({ phone: NYC, campaignId: "nope", reason: "narrow" });
    await gate.purgeExpired();
    const left = await ids(storage);
    expect(left.has(byPhone.id)).toBe(false);
    expect(left.has(free.id)).toBe(false);
  });

  it("a hold covers the corrections of a held call", async () => {
    const g = inspectionGate({ now: THEN });
    const rec = await g.gate.recordInteraction(call({ phone: NYC, startedAt: "2020-03-10T15:00:00Z" }));
    g.clock.set("2020-06-02T15:00:00Z");
    await g.gate.amendInteraction(rec.id, { disposition: "sale" }, "fix");
    g.clock.set(NOW);
    await g.gate.placeLegalHold({ from: "2020-03-01", to: "2020-04-01", reason: "inquiry" });
    await g.gate.purgeExpired();
    const view = await g.gate.getInteraction(rec.id);
    expect(view.current.disposition).toBe("sale");
    expect(view.history).toHaveLength(1);
  });

  it("holdCovers matches a decision receipt by the campaign of its request", () => {
    const decision = { phone: NYC, at: new Date("2020-05-01T15:00:00Z"), data: { allowed: true, request: { campaignId: "Y" } } } as unknown as StoredRecord;
    expect(holdCovers({ campaignId: "Y" }, decision)).toBe(true);
    expect(holdCovers({ campaignId: "X" }, decision)).toBe(false);
    expect(holdCovers({ phone: NYC, from: new Date("2020-05-01T15:00:00Z"), to: new Date("2020-05-01T15:00:01Z") }, decision)).toBe(true);
    expect(holdCovers({ to: new Date("2020-05-01T15:00:00Z") }, decision)).toBe(false);
  });

  it("purgeExpired keeps a campaign's decision receipts under a campaign hold", async () => {
    const g = inspectionGate({ now: THEN });
    const held = await g.gate.canCall({ phone: NYC, campaignId: "Y", at: "2020-05-02T15:00:00Z" });
    const other = await g.gate.canCall({ phone: NYC, campaignId: "Z", at: "2020-05-02T15:00:00Z" });
    g.clock.set(NOW);
    await g.gate.placeLegalHold({ campaignId: "Y", reason: "AG civil investigative demand" });
    await g.gate.purgeExpired();
    const left = await ids(g.storage);
    expect(left.has(held.id)).toBe(true);
    expect(left.has(other.id)).toBe(false);
    expect((await g.gate.verify()).ok).toBe(true);
  });

  it("refuses a hold with no scope, a bad range, and releasing an unknown or released hold", async () => {
    const { gate } = inspectionGate();
    expect(issuePaths(await rejection(() => gate.placeLegalHold({ reason: "everything?" })))).toEqual([""]);
    expect(issuePaths(await rejection(() => gate.placeLegalHold({ from: "2026-02-01", to: "2026-01-01", reason: "x" })))).toEqual(["to"]);
    expect(issuePaths(await rejection(() => gate.placeLegalHold({ phone: "nope", reason: "x" })))).toEqual(["phone"]);
    expect(issuePaths(await rejection(() => gate.placeLegalHold({ phone: NYC } as never)))).toEqual(["reason"]);
    expect((await rejection(() => gate.releaseLegalHold("hold_nope", "x"))).code).toBe("NOT_FOUND");
    const h = await gate.placeLegalHold({ campaignId: "A", reason: "x" });
    await gate.releaseLegalHold(h.id, "done");
    expect((await rejection(() => gate.releaseLegalHold(h.id, "again"))).code).toBe("INVALID_INPUT");
    expect((await rejection(() => gate.releaseLegalHold(h.id, ""))).code).toBe("INVALID_INPUT");
  });
});

describe("purgeExpired and amendments", () => {
  it("keeps a corrected call while its amendment is kept, and purges both once both are old", async () => {
    const g = inspectionGate({ now: THEN });
    const call1 = await g.gate.recordInteraction(call({ phone: NYC, campaignId: "X", startedAt: "2020-05-01T15:00:00Z" }));
    // Amended two years later: the amendment is made (recordedAt) in 2022.
    g.clock.set("2022-06-01T15:00:00Z");
    await g.gate.amendInteraction(call1.id, { disposition: "not-interested" }, "agent keyed the wrong disposition");
    g.clock.set(NOW); // 2020 records are past 5 years; the 2022 amendment is not
    const first = await g.gate.purgeExpired();
    expect((await ids(g.storage)).has(call1.id)).toBe(true);
    expect(first.kept.amended).toBe(1);
    expect((await g.gate.getInteraction(call1.id)).current.disposition).toBe("not-interested");
    g.clock.set("2027-06-02T15:00:00Z"); // now the amendment is past 5 years too
    const second = await g.gate.purgeExpired();
    expect((await ids(g.storage)).has(call1.id)).toBe(false);
    expect(second.removedByKind.amendment).toBe(1);
    expect((await g.gate.verify()).ok).toBe(true);
  });
});
