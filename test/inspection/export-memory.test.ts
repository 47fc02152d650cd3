/**
 * exportRecords streams: a million records, prefilled through the memory adapter, are exported
 * page by page while the heap stays within a few tens of megabytes of where it started, far below
 * what holding the file (hundreds of megabytes) or the records would take.
 */
import { createHash } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { memoryStorage } from "../../src/adapters/memory.js";
import type { NewRecord } from "../../src/index.js";
import { testGate } from "../../src/testing/fixtures.js";

const RECORDS = 1_000_000;
const BATCH = 10_000;
const MB = 1024 * 1024;

/** A full garbage collection, so that heap readings measure what is live. */
function collector(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

describe("exportRecords memory", () => {
  it(
    `streams ${RECORDS.toLocaleString("en-US")} records as JSON Lines with bounded heap growth`,
    async () => {
      const gc = collector();
      const storage = memoryStorage();
      const recordedAt = new Date("2026-11-30T15:00:00Z");
      const dispositions = ["answered", "no-answer", "sale", "voicemail"];
      const startFill = performance.now();
      for (let i = 0; i < RECORDS; i += BATCH) {
        const batch: NewRecord[] = [];
        for (let j = i; j < i + BATCH; j++) {
          batch.push({
            id: `int_${String(j).padStart(10, "0")}`,
            kind: "interaction",
            sellerId: "acme-solar",
            phone: "+12125550105",
            at: new Date(Date.UTC(2026, 9, 1) + j * 1000),
            recordedAt,
            schemaVersion: 1,
            data: { disposition: dispositions[j % 4] },
          });
        }
        await storage.append(batch);
      }
      const fillSeconds = (performance.now() - startFill) / 1000;
      const { gate } = testGate({ storage });

      gc();
      const base = process.memoryUsage().heapUsed;
      const started = performance.now();
      const sha = createHash("sha256");
      const exp = gate.exportRecords({ format: "jsonl", kinds: ["interaction"] });
      let bytes = 0;
      let lines = 0;
      let chunks = 0;
      let peak = 0;
      for await (const chunk of exp) {
        sha.update(chunk, "utf8");
        bytes += Buffer.byteLength(chunk, "utf8");
        for (let k = chunk.indexOf("\n"); k !== -1; k = chunk.indexOf("\n", k + 1)) lines++;
        // Live heap, not garbage waiting for the collector: what the export holds.
        if (++chunks % 1024 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed - base);
        }
      }
      const manifest = await exp.manifest;
      const exportSeconds = (performance.now() - started) / 1000;
      gc();
      const retained = process.memoryUsage().heapUsed - base;

      console.info(
        `export of ${RECORDS} records: fill ${fillSeconds.toFixed(1)} s, export ${exportSeconds.toFixed(1)} s, ` +
          `${(bytes / MB).toFixed(0)} MB in ${chunks} chunks, heap growth peak ${(peak / MB).toFixed(1)} MB, retained ${(retained / MB).toFixed(1)} MB`,
      );
      expect(lines).toBe(RECORDS);
      expect(manifest.count).toBe(RECORDS);
      expect(manifest.files[0]?.bytes).toBe(bytes);
      expect(manifest.files[0]?.sha256).toBe(sha.digest("hex"));
      expect(manifest.chainHead?.seq).toBe(RECORDS);
      // Holding the file would take `bytes` (hundreds of MB); holding the records, more still.
      expect(bytes).toBeGreaterThan(300 * MB);
      expect(peak).toBeLessThan(96 * MB);
      expect(peak).toBeLessThan(bytes / 4);
      expect(retained).toBeLessThan(16 * MB);
    },
    180_000,
  );
});
