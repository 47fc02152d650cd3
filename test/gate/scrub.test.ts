import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCallgate, createRegistry, type CallDecision, type ScrubLead } from "../../src/index.js";
import { memoryStorage } from "../../src/adapters/memory.js";
import { fixedClock } from "../../src/testing/clocks.js";

const NOW = "2026-11-30T22:30:00Z"; // 17:30 New York, 12:30 Honolulu, 15:30 Phoenix
const NPAS = ["617", "508", "978", "212", "602", "808", "907", "928", "208", "800", "416", "787"];

function sameDecision(a: CallDecision, b: CallDecision): void {
  const strip = ({ id: _id, evaluatedAt: _e, ...rest }: CallDecision) => rest;
  expect(strip(a)).toEqual(strip(b));
}

async function setup() {
  const listed = ["+16175550123", "+15085550199", "+12125550142", "+18085550111", "+16025550150"];
  const gate = createCallgate({
    seller: { id: "acme", name: "Acme", callerId: "+16175550100" },
    storage: memoryStorage(),
    clock: fixedClock(NOW),
    registries: [
      createRegistry({ source: "national", obtainedAt: "2026-11-20", numbers: listed, areaCodes: ["617", "508", "978", "212", "602", "808", "907", "928", "208", "787"] }),
      createRegistry({ source: "massachusetts", edition: "2026-10-01", numbers: ["+15085550199", "+16175550123"] }),
    ],
  });
  await gate.recordConsent({ action: "grant", phone: "+16175550123", form: "written", at: "2026-11-01" });
  await gate.recordConsent({ action: "revoke", phone: "+12125550177", channel: "call", at: "2026-11-02" });
  await gate.recordRelationship({ phone: "+15085550199", kind: "purchase", at: "2025-01-10" });
  return gate;
}

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(""));
const national = fc.tuple(fc.constantFrom(...NPAS), fc.constantFrom("555", "253", "201", "283", "581", "100"), digits(4)).map(([a, b, c]) => `${a}${b}${c}`);
const formatted = fc.tuple(national, fc.integer({ min: 0, max: 5 })).map(([n, f]) =>
  [n, `+1${n}`, `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`, `1-${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`, `${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)}`, `${n}x`][f] as string,
);
const special = fc.constantFrom("+16175550123", "+15085550199", "2125550177", "2125550142", "+12125550142", "+18085550111", "6025550150", "2125550143", "6025550151", "617555999x", "+1617555999x", "61755a9999", "+16175550l23", "garbage", "", "+44 20 7946 0958", "617555012");
const consumer = fc.option(
  fc.record(
    {
      state: fc.constantFrom("MA", "ma", "NY", "AZ"),
      postalCode: fc.constantFrom("02139", "85901", "96813", "10001", "99999"),
      timeZone: fc.constantFrom("America/Chicago", "Pacific/Honolulu"),
      isBusiness: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const lead = fc.tuple(fc.oneof(formatted, special), consumer).map(([phone, c]): ScrubLead => (c === undefined ? phone : { phone, consumer: c }));

describe("gate.scrub", () => {
  it("gives every lead the decision canCall gives at the same instant (fast path included)", async () => {
    const gate = await setup();
    await fc.assert(
      fc.asyncProperty(fc.array(lead, { minLength: 1, maxLength: 40 }), fc.constantFrom("telemarketing", "survey", "charitable"), async (leads, purpose) => {
        const results = [];
        for await (const r of gate.scrub(leads, { purpose })) results.push(r);
        expect(results.map((r) => r.index)).toEqual(leads.map((_, i) => i));
        for (const r of results) {
          const request = typeof r.lead === "string" ? { phone: r.lead } : { phone: r.lead.phone, consumer: r.lead.consumer };
          if (r.error !== undefined) {
            await expect(gate.canCall({ ...request, purpose } as never)).rejects.toMatchObject({ code: r.error.code });
          } else {
            sameDecision(r.decision, await gate.canCall({ ...request, purpose } as never));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("tells apart numbers of one exchange that differ only in their listings", async () => {
    const gate = await setup();
    const leads = ["2125550143", "2125550142", "+12125550144", "(212) 555-0142", "6025550151", "6025550150", "5085550198", "5085550199", "6175550124", "6175550123"];
    for await (const r of gate.scrub(leads)) {
      sameDecision(r.decision as CallDecision, await gate.canCall({ phone: r.lead as string }));
    }
  });

  it("stores one summary record per run, with counts by reason, and no receipt per lead", async () => {
    const gate = await setup();
    const before = (await gate.storage.head())?.seq ?? 0;
    const run = gate.scrub(["6175550123", "2125550177", "2125550142", "garbage", { phone: "6175550155", consumer: { state: "XX" } }]);
    const decisions: (CallDecision | undefined)[] = [];
    for await (const r of run) decisions.push(r.decision);
    const summary = await run.summary;
    expect(summary).toMatchObject({ leads: 5, allowed: 1, denied: 3, invalid: 1 });
    expect(summary.byReason).toEqual({ COMPANY_DNC: 1, NATIONAL_DNC: 1, INVALID_NUMBER: 1 });
    const after = (await gate.storage.head())?.seq ?? 0;
    expect(after - before).toBe(1);
    const stored = await gate.storage.getRecord(summary.recordId);
    expect(stored?.kind).toBe("scrub-summary");
    expect(stored?.data).toMatchObject({ leads: 5, allowed: 1, denied: 3, invalid: 1 });
    expect(decisions[0]?.id.startsWith(summary.runId)).toBe(true);
  });

  it("takes async iterables and batches, and refuses a second iteration", async () => {
    const gate = await setup();
    async function* source() {
      for (let i = 0; i < 600; i++) yield `617555${String(1000 + i)}`;
    }
    const run = gate.scrub(source());
    let n = 0;
    for await (const batch of run.batches(100)) {
      expect(batch.length).toBeLessThanOrEqual(100);
      n += batch.length;
    }
    expect(n).toBe(600);
    expect((await run.summary).leads).toBe(600);
    expect(() => run[Symbol.asyncIterator]()).toThrow(/once/);
  });

  it("rejects the summary when the caller stops early", async () => {
    const gate = await setup();
    const run = gate.scrub(["6175550101", "6175550102", "6175550103"]);
    for await (const _ of run) break;
    await expect(run.summary).rejects.toThrow(/stopped/);
  });
});
