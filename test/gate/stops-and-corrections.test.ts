/**
 * Stops honoured from their own instant and ending consent, corrections that the gate decides on,
 * inputs refused whole rather than trimmed, and snapshots recorded once under concurrent writes.
 */
import { describe, expect, it } from "vitest";
import { createCallgate, createRegistry } from "../../src/index.js";
import { memoryStorage } from "../../src/adapters/memory.js";
import { testGate } from "../../src/testing/fixtures.js";

const NOW = "2026-11-25T15:00:00Z"; // 10:00 in New York
const PHONE = "+16175550123";
const codes = (d: { reasons: { code: string }[] }) => d.reasons.map((r) => r.code);

describe("a stop is honoured immediately", () => {
  it("a revocation counts from its own instant (rules.md), not from when it was recorded", async () => {
    const { gate } = testGate({ now: NOW });
    await gate.recordConsent({ action: "grant", phone: PHONE, form: "written", at: "2026-11-01" });
    await gate.recordConsent({ action: "revoke", phone: PHONE, channel: "text", at: "2026-11-25T15:01:30Z", words: "STOP" });
    // A call before the revocation's instant is still under the consent; one after it is not.
    expect((await gate.canCall({ phone: PHONE, method: "text", at: "2026-11-25T15:01:29Z" })).allowed).toBe(true);
    const after = await gate.canCall({ phone: PHONE, method: "text", at: "2026-11-25T15:01:30Z" });
    expect(codes(after)).toContain("COMPANY_DNC");
    expect(codes(after)).toContain("CONSENT_REQUIRED");
  });

  it("a do-not-call request also ends consent (policy: company list for sales calls only)", async () => {
    const { gate } = testGate({ now: NOW, policy: { honorCompanyDncForAllPurposes: false } });
    await gate.recordConsent({ action: "grant", phone: PHONE, form: "verbal", at: "2026-11-01" });
    const before = await gate.canCall({ phone: PHONE, purpose: "informational", method: "autodialed" });
    expect(before.allowed).toBe(true);
    await gate.recordInteraction({ phone: PHONE, startedAt: "2026-11-20T15:00:00Z", durationSeconds: 20, disposition: "do-not-call", purpose: "informational" });
    const after = await gate.canCall({ phone: PHONE, purpose: "informational", method: "autodialed" });
    expect(codes(after)).toEqual(["CONSENT_REQUIRED"]);
  });

  it("a do-not-call request from a text is recorded with the text channel", async () => {
    const { gate, storage } = testGate({ now: NOW });
    await gate.recordInteraction({ phone: PHONE, startedAt: "2026-11-20T15:00:00Z", durationSeconds: 0, disposition: "do-not-call", method: "text" });
    const dnc = (await storage.listRecords({ limit: 10, kinds: ["do-not-call"] })).records;
    expect(dnc.map((r) => r.data.channel)).toEqual(["text"]);
  });
});

describe("corrections count", () => {
  it("an amended disposition makes a collection call a conversation (us.collection-frequency)", async () => {
    const { gate } = testGate({ now: NOW });
    const call = await gate.recordInteraction({ phone: PHONE, startedAt: "2026-11-24T15:00:00Z", durationSeconds: 0, disposition: "no-answer", purpose: "debt-collection" });
    const ask = () => gate.canCall({ phone: PHONE, purpose: "debt-collection", consumer: { state: "NH" } });
    expect((await ask()).allowed).toBe(true);
    await gate.amendInteraction(call.id, { disposition: "answered", durationSeconds: 300 }, "the agent reached the debtor");
    const d = await ask();
    expect(d.reasons.map((r) => r.rule)).toEqual(["us.collection-frequency"]);
    // The scrub decides on the same corrected facts.
    for await (const r of gate.scrub([PHONE], { purpose: "debt-collection" })) expect(r.decision?.allowed).toBe(false);
  });
});

describe("inputs are refused whole, never trimmed", () => {
  it("an unknown (misspelt) field of a consent or relationship is INVALID_INPUT naming it, and nothing is stored", async () => {
    const { gate, storage } = testGate({ now: NOW });
    await expect(gate.recordConsent({ action: "grant", phone: PHONE, form: "written", expires: "2026-12-01" } as never)).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { issues: [{ path: "expires" }] },
    });
    await expect(gate.recordRelationship({ phone: PHONE, kind: "contract", endDate: "2027-01-01" } as never)).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { issues: [{ path: "endDate" }] },
    });
    expect(await storage.head()).toBeNull();
  });

  it("consent evidence must be JSON data: a Map or NaN is INVALID_INPUT, nested JSON is kept whole", async () => {
    const { gate } = testGate({ now: NOW });
    for (const evidence of [{ meta: new Map([["ip", "1.2.3.4"]]) }, { score: Number.NaN }]) {
      await expect(gate.recordConsent({ action: "grant", phone: PHONE, form: "written", evidence } as never)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    }
    const kept = await gate.recordConsent({ action: "grant", phone: PHONE, form: "written", evidence: { signature: "e-sign:1", page: { url: "https://example.test/f", fields: [1, "a", null] } } });
    expect(kept.data.evidence).toEqual({ signature: "e-sign:1", page: { url: "https://example.test/f", fields: [1, "a", null] } });
  });
});

describe("registry snapshots under concurrent first writes", () => {
  it("are recorded once", async () => {
    const storage = memoryStorage();
    const gate = createCallgate({
      seller: { id: "acme", name: "Acme", callerId: "+16175550100" },
      storage,
      clock: { now: () => new Date(NOW) },
      registries: [createRegistry({ source: "national", obtainedAt: "2026-11-20", numbers: [] }), createRegistry({ source: "massachusetts", edition: "2026-10-01", numbers: [] })],
    });
    await Promise.all([gate.canCall({ phone: "6175550101" }), gate.canCall({ phone: "6175550102" }), gate.canCall({ phone: "6175550103" })]);
    expect((await storage.listRecords({ limit: 100, kinds: ["registry-snapshot"] })).records).toHaveLength(2);
    expect((await gate.verify()).ok).toBe(true);
  });
});
