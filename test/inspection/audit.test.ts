/**
 * The post-call audit (rules.md, "Post-call audit"): every finding positive and negative, the
 * abandonment rate per campaign per 30-day period, the record-keeping findings, corrected views,
 * and the parameters as data.
 */
import { describe, expect, it } from "vitest";
import type { InteractionInput } from "../../src/gate/create.js";
import { auditRules, type AuditFinding, type AuditReport } from "../../src/inspection/index.js";
import { BOSTON, CHICAGO, NYC, NYC_2, SPRINGFIELD, WORCESTER, call, inspectionGate } from "./_support.js";

const RANGE = { from: "2026-11-01", to: "2026-12-01" };
const IN_RANGE = "2026-11-16T15:00:00Z";

type Gate = ReturnType<typeof inspectionGate>["gate"];

/** Records a call that was gated (with an allowing decision) and returns its id. */
async function gated(gate: Gate, overrides: Partial<InteractionInput> & { phone: string }): Promise<string> {
  const d = await gate.canCall({ phone: overrides.phone });
  expect(d.allowed).toBe(true);
  const r = await gate.recordInteraction(call({ startedAt: IN_RANGE, decisionId: d.id, ...overrides }));
  return r.id;
}

function idsFor(report: AuditReport, rule: string): string[] {
  return report.findings.filter((f) => f.rule === rule).flatMap((f) => f.recordIds).sort();
}

describe("auditInteractions", () => {
  it("us.abandon-2s: a live answer connected after more than 2 s; not at 2 s, not a machine, not inbound", async () => {
    const { gate } = inspectionGate();
    const late = await gated(gate, { phone: NYC, timing: { answeredBy: "live", agentConnectSeconds: 2.5 } });
    await gated(gate, { phone: NYC, timing: { answeredBy: "live", agentConnectSeconds: 2 } });
    await gated(gate, { phone: NYC, disposition: "voicemail", timing: { answeredBy: "machine", agentConnectSeconds: 5 } });
    await gate.recordInteraction(call({ phone: NYC, direction: "inbound", startedAt: IN_RANGE, timing: { answeredBy: "live", agentConnectSeconds: 9 } }));
    const report = await gate.auditInteractions(RANGE);
    expect(idsFor(report, "us.abandon-2s")).toEqual([late]);
    const f = report.findings.find((x) => x.rule === "us.abandon-2s") as AuditFinding;
    expect(f).toMatchObject({ citation: "16 CFR 310.4(b)(4); 47 CFR 64.1200(a)(7)", phone: NYC });
    expect(f.message).toMatch(/2\.5 s/);
    expect(report.examined).toMatchObject({ interactions: 4, outbound: 3 });
  });

  it("us.ring-time: an unanswered call that rang less than 15 s and fewer than 4 rings", async () => {
    const { gate } = inspectionGate();
    const short = await gated(gate, { phone: NYC, disposition: "no-answer", timing: { ringSeconds: 10, rings: 2 } });
    const fewRings = await gated(gate, { phone: NYC, disposition: "no-answer", timing: { rings: 3 } });
    const hungUp = await gated(gate, { phone: NYC, disposition: "dropped", timing: { answeredBy: "none", ringSeconds: 5 } });
    await gated(gate, { phone: NYC, disposition: "no-answer", timing: { ringSeconds: 15 } });
    await gated(gate, { phone: NYC, disposition: "no-answer", timing: { ringSeconds: 12, rings: 4 } });
    await gated(gate, { phone: NYC, disposition: "busy", timing: { answeredBy: "none", ringSeconds: 0 } });
    await gated(gate, { phone: NYC, disposition: "no-answer" }); // no timing marks: nothing to judge
    await gated(gate, { phone: NYC, disposition: "answered", timing: { answeredBy: "live", ringSeconds: 3 } });
    await gated(gate, { phone: NYC, disposition: "no-answer", purpose: "informational", timing: { ringSeconds: 5 } });
    await gated(gate, { phone: NYC, disposition: "no-answer", method: "text", timing: { ringSeconds: 0 } });
    const report = await gate.auditInteractions(RANGE);
    expect(idsFor(report, "us.ring-time")).toEqual([short, fewRings, hungUp].sort());
  });

  it("ma.disclosure-1min: Massachusetts sales calls with disclosures after 60 s or a payment request before them", async () => {
    const { gate } = inspectionGate();
    const late = await gated(gate, { phone: BOSTON, timing: { answeredBy: "live", disclosureSeconds: 75 } });
    const paidFirst = await gated(gate, { phone: WORCESTER, timing: { answeredBy: "live", disclosureSeconds: 45, paymentRequestSeconds: 30 } });
    const paidNoDisclosure = await gated(gate, { phone: SPRINGFIELD, timing: { answeredBy: "live", paymentRequestSeconds: 50 } });
    const maResident = await gated(gate, { phone: NYC, consumer: { state: "ma" }, timing: { answeredBy: "live", disclosureSeconds: 61 } });
    const maZip = await gated(gate, { phone: NYC_2, consumer: { postalCode: "02108" }, timing: { answeredBy: "live", disclosureSeconds: 90 } });
    await gated(gate, { phone: BOSTON, timing: { answeredBy: "live", disclosureSeconds: 60, paymentRequestSeconds: 120 } });
    await gated(gate, { phone: NYC, timing: { answeredBy: "live", disclosureSeconds: 75 } }); // not Massachusetts
    await gated(gate, { phone: BOSTON, consumer: { state: "NY" }, timing: { answeredBy: "live", disclosureSeconds: 75 } }); // a New York resident
    await gated(gate, { phone: BOSTON, purpose: "survey", timing: { answeredBy: "live", disclosureSeconds: 75 } }); // not a sales call
    await gated(gate, { phone: BOSTON, disposition: "voicemail", timing: { answeredBy: "machine", disclosureSeconds: 75 } });
    const report = await gate.auditInteractions(RANGE);
    expect(idsFor(report, "ma.disclosure-1min")).toEqual([late, paidFirst, paidNoDisclosure, maResident, maZip].sort());
    const f = report.findings.find((x) => x.recordIds[0] === paidFirst) as AuditFinding;
    expect(f.citation).toBe("201 CMR 12.02(7); M.G.L. c.159C §5A");
    expect(f.message).toMatch(/payment was requested at 30 s, before the disclosures/);
  });

  it("ma.ads-release: a Massachusetts autodialed or prerecorded call whose line was released after more than 5 s", async () => {
    const { gate } = inspectionGate();
    const slow = await gated(gate, { phone: BOSTON, method: "autodialed", timing: { lineReleaseSeconds: 7 } });
    const slowRecorded = await gated(gate, { phone: WORCESTER, method: "prerecorded", purpose: "informational", timing: { lineReleaseSeconds: 6 } });
    await gated(gate, { phone: BOSTON, method: "autodialed", timing: { lineReleaseSeconds: 5 } });
    await gated(gate, { phone: BOSTON, method: "live", timing: { lineReleaseSeconds: 9 } });
    await gated(gate, { phone: NYC, method: "autodialed", timing: { lineReleaseSeconds: 9 } });
    const report = await gate.auditInteractions(RANGE);
    expect(idsFor(report, "ma.ads-release")).toEqual([slow, slowRecorded].sort());
    expect(report.findings.find((f) => f.rule === "ma.ads-release")?.citation).toBe("M.G.L. c.159 §19D");
  });

  it("audit.never-gated and audit.against-denial: no decision, someone else's decision, an unknown one, a denial", async () => {
    const { gate } = inspectionGate({ national: [CHICAGO] });
    const none = (await gate.recordInteraction(call({ phone: NYC, startedAt: IN_RANGE }))).id;
    const otherNumber = (await gate.canCall({ phone: NYC_2 })).id;
    const wrong = (await gate.recordInteraction(call({ phone: NYC, startedAt: IN_RANGE, decisionId: otherNumber }))).id;
    const unknown = (await gate.recordInteraction(call({ phone: NYC, startedAt: IN_RANGE, decisionId: "dec_made_up" }))).id;
    const denial = await gate.canCall({ phone: CHICAGO });
    expect(denial.allowed).toBe(false);
    const against = (await gate.recordInteraction(call({ phone: CHICAGO, startedAt: IN_RANGE, decisionId: denial.id }))).id;
    await gate.recordInteraction(call({ phone: NYC, direction: "inbound", startedAt: IN_RANGE }));
    await gated(gate, { phone: NYC });
    const report = await gate.auditInteractions(RANGE);
    expect(idsFor(report, "audit.never-gated")).toEqual([none, wrong, unknown].sort());
    expect(idsFor(report, "audit.against-denial")).toEqual([against]);
    const f = report.findings.find((x) => x.rule === "audit.against-denial") as AuditFinding;
    expect(f.citation).toContain("16 CFR 310.4(b)(1)(iii)(B)");
    expect(f.message).toContain("us.national-dnc");
  });

  it("us.robocall-consent.evidence: a written consent stored without signature or disclosure evidence", async () => {
    const { gate } = inspectionGate();
    const bare = await gate.recordConsent({ action: "grant", phone: NYC, form: "written", at: IN_RANGE });
    const signedOnly = await gate.recordConsent({ action: "grant", phone: NYC_2, form: "written", at: IN_RANGE, evidence: { signature: "e-sign:123" } });
    const blank = await gate.recordConsent({ action: "grant", phone: BOSTON, form: "written", at: IN_RANGE, evidence: { signature: " ", disclosure: "v2" } });
    await gate.recordConsent({ action: "grant", phone: CHICAGO, form: "written", at: IN_RANGE, evidence: { signature: "e-sign:9", disclosure: "v2" } });
    await gate.recordConsent({ action: "grant", phone: WORCESTER, form: "verbal", at: IN_RANGE });
    await gate.recordConsent({ action: "grant", phone: SPRINGFIELD, form: "written", at: "2026-10-15T15:00:00Z" }); // outside the range
    const report = await gate.auditInteractions(RANGE);
    expect(idsFor(report, "us.robocall-consent.evidence")).toEqual([bare.id, signedOnly.id, blank.id].sort());
    expect(report.findings.find((f) => f.recordIds[0] === signedOnly.id)?.message).toMatch(/without disclosure evidence/);
    expect(report.findings.find((f) => f.recordIds[0] === bare.id)?.message).toMatch(/without signature or disclosure evidence/);
    expect(report.examined.writtenConsents).toBe(4);
  });

  it("us.abandonment-rate: above 3% of live-answered calls per campaign per 30-day period; exactly 3% is not", async () => {
    const { gate } = inspectionGate();
    const abandonedIds: string[] = [];
    for (let i = 0; i < 100; i++) {
      const day = `2026-11-${String(1 + (i % 28)).padStart(2, "0")}T15:00:00Z`;
      // Campaign A: 2 abandoned by disposition, 2 by a slow connect (4%).
      const a = await gated(gate, {
        phone: NYC,
        campaignId: "A",
        startedAt: day,
        disposition: i < 2 ? "abandoned" : "answered",
        timing: { answeredBy: "live", agentConnectSeconds: i >= 2 && i < 4 ? 3 : 1 },
      });
      if (i < 4) abandonedIds.push(a);
      // Campaign B: 3 abandoned (3%).
      await gated(gate, { phone: NYC_2, campaignId: "B", startedAt: day, disposition: i < 3 ? "abandoned" : "sale" });
    }
    // Neither machines nor unanswered calls count in the denominator.
    for (let i = 0; i < 50; i++) {
      await gated(gate, { phone: NYC, campaignId: "A", disposition: "voicemail", timing: { answeredBy: "machine" } });
      await gated(gate, { phone: NYC, campaignId: "A", disposition: "no-answer", timing: { ringSeconds: 20 } });
    }
    const report = await gate.auditInteractions(RANGE);
    const rate = report.findings.filter((f) => f.rule === "us.abandonment-rate");
    expect(rate).toHaveLength(1);
    expect(rate[0]).toMatchObject({ campaignId: "A", citation: "16 CFR 310.4(b)(4); 47 CFR 64.1200(a)(7)" });
    expect(rate[0]?.recordIds.sort()).toEqual(abandonedIds.sort());
    expect(rate[0]?.message).toBe("Campaign A: 4 of 100 live-answered calls abandoned (4.0%) from 2026-11-01 to 2026-11-30, above 3.0%");
    expect(report.abandonment.map((p) => [p.campaignId, p.liveAnswered, p.abandoned, p.rate, p.overLimit])).toEqual([
      ["A", 100, 4, 0.04, true],
      ["B", 100, 3, 0.03, false],
    ]);
    // A campaign-only audit sees only that campaign.
    const onlyB = await gate.auditInteractions({ ...RANGE, campaignId: "B" });
    expect(onlyB.findings).toEqual([]);
    expect(onlyB.abandonment.map((p) => p.campaignId)).toEqual(["B"]);
  });

  it("counts the rate per 30-day period from the start of the range", async () => {
    const { gate } = inspectionGate();
    // Period 1 (Oct 1 - Oct 30): 1 of 20 abandoned (5%). Period 2 (Oct 31 - Nov 29): 0 of 20.
    for (let i = 0; i < 20; i++) {
      await gated(gate, { phone: NYC, campaignId: "A", startedAt: `2026-10-${String(1 + i).padStart(2, "0")}T15:00:00Z`, disposition: i === 0 ? "abandoned" : "answered" });
      await gated(gate, { phone: NYC, campaignId: "A", startedAt: `2026-11-${String(1 + i).padStart(2, "0")}T15:00:00Z`, disposition: "answered" });
    }
    const report = await gate.auditInteractions({ from: "2026-10-01", to: "2026-11-30" });
    expect(report.abandonment.map((p) => [p.from.toISOString(), p.to.toISOString(), p.liveAnswered, p.abandoned])).toEqual([
      ["2026-10-01T04:00:00.000Z", "2026-10-31T04:00:00.000Z", 20, 1],
      ["2026-10-31T04:00:00.000Z", "2026-11-30T05:00:00.000Z", 20, 0],
    ]);
    expect(report.findings.filter((f) => f.rule === "us.abandonment-rate").map((f) => f.at.toISOString())).toEqual(["2026-10-01T04:00:00.000Z"]);
  });

  it("audits the corrected view, only calls started in the range, and lists every rule in countsByRule", async () => {
    const { gate } = inspectionGate();
    const fixed = await gated(gate, { phone: NYC, timing: { answeredBy: "live", agentConnectSeconds: 4 } });
    await gate.amendInteraction(fixed, { timing: { agentConnectSeconds: 1 } }, "dialer clock skew");
    const broken = await gated(gate, { phone: NYC, timing: { answeredBy: "live", agentConnectSeconds: 1 } });
    await gate.amendInteraction(broken, { timing: { agentConnectSeconds: 6 } }, "true connect time from the switch");
    await gated(gate, { phone: NYC, startedAt: "2026-12-01T05:00:00Z", timing: { answeredBy: "live", agentConnectSeconds: 9 } });
    const report = await gate.auditInteractions(RANGE);
    expect(idsFor(report, "us.abandon-2s")).toEqual([broken]);
    expect(Object.keys(report.countsByRule).sort()).toEqual(Object.values(auditRules).map((r) => r.id).sort());
    expect(report.countsByRule["us.abandon-2s"]).toBe(1);
    expect(report.countsByRule["ma.ads-release"]).toBe(0);
    expect(report.range).toEqual({ from: new Date("2026-11-01T04:00:00Z"), to: new Date("2026-12-01T05:00:00Z") });
  });

  it("keeps the parameters in the rule pack", () => {
    expect(auditRules.abandonmentRate.params).toEqual({ maxRate: 0.03, periodDays: 30 });
    expect(auditRules.abandon2s.params.maxConnectSeconds).toBe(2);
    expect(auditRules.ringTime.params).toMatchObject({ minRingSeconds: 15, minRings: 4 });
    expect(auditRules.disclosure1min.params.maxDisclosureSeconds).toBe(60);
    expect(auditRules.adsRelease.params.maxReleaseSeconds).toBe(5);
  });

  it("refuses a range without both ends", async () => {
    const { gate } = inspectionGate();
    await expect(gate.auditInteractions({ from: "2026-11-01" } as never)).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
