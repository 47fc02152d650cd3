import { describe, expect, it } from "vitest";
import { decisionFromRecord } from "../../src/index.js";
import { testGate } from "../../src/testing/fixtures.js";

describe("decision receipts", () => {
  it("read back as the decision canCall returned, for allowed, denied, invalid and next-allowed decisions", async () => {
    const { gate, storage } = testGate({ now: "2026-11-30T23:30:00Z", national: ["+12125550142"] }); // 18:30 New York
    await gate.recordConsent({ action: "grant", phone: "6175550123", form: "written", at: "2026-11-01" });
    const decisions = [
      await gate.canCall({ phone: "6175550101" }), // allowed
      await gate.canCall({ phone: "2125550142" }), // national list
      await gate.canCall({ phone: "not a phone" }), // invalid number
      await gate.canCall({ phone: "6175550101", at: "2026-11-30T20:30:00" }), // after 20:00 in MA: next allowed
      await gate.canCall({ phone: "6175550123", method: "prerecorded", consumer: { postalCode: "02139" } }), // consent: exemption
    ];
    expect(decisions[3]?.nextAllowedAt).toBeDefined();
    for (const d of decisions) {
      const record = await storage.getRecord(d.id);
      expect(record?.kind).toBe("decision");
      expect(decisionFromRecord(record as NonNullable<typeof record>)).toEqual(d);
    }
  });
});
