import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/records/canonical.js";
import { canonicalRecordText } from "../../src/records/chain.js";

describe("canonicalRecordText", () => {
  it("equals the canonical JSON of the record's envelope, whatever the strings hold", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.option(fc.string(), { nil: null }),
        fc.string(),
        fc.integer({ min: -8.64e15, max: 8.64e15 }),
        fc.integer({ min: -8.64e15, max: 8.64e15 }),
        fc.nat(),
        fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())),
        (id, sellerId, phone, prevHash, atMs, recordedMs, seq, data) => {
          const record = { id, kind: "consent" as const, sellerId, phone, at: new Date(atMs), recordedAt: new Date(recordedMs), schemaVersion: 1, data, seq, prevHash };
          const expected = canonicalJson({
            at: record.at.toISOString(),
            data,
            id,
            kind: "consent",
            phone,
            prevHash,
            recordedAt: record.recordedAt.toISOString(),
            schemaVersion: 1,
            sellerId,
            seq,
            v: 1,
          });
          expect(canonicalRecordText(record)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
