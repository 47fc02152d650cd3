/**
 * The JSON-lines adapter against callgate's conformance kit, the way a partner tests its own
 * adapter: `runStorageConformance` from "callgate/testing" with the runner's `it` and `describe`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { verifyChain } from "../../src/index.js";
import { runStorageConformance } from "../../src/testing/conformance.js";
import { jsonlStorage } from "./jsonl-adapter.js";

/** A fresh file in a folder of its own per check; the folder goes when the check ends. */
function freshStore() {
  const dir = mkdtempSync(join(tmpdir(), "callgate-jsonl-"));
  return Object.assign(jsonlStorage({ file: join(dir, "records.jsonl") }), { dir });
}

runStorageConformance({
  test: it,
  describe,
  name: "jsonlStorage conformance",
  createStorage: freshStore,
  dispose: (storage) => rmSync(storage.dir, { recursive: true, force: true }),
});

describe("jsonlStorage", () => {
  it("reads its file back in a new process, and the chain verifies", async () => {
    const dir = mkdtempSync(join(tmpdir(), "callgate-jsonl-"));
    try {
      const file = join(dir, "records.jsonl");
      const first = jsonlStorage({ file });
      const at = new Date("2026-11-30T15:00:00.000Z");
      const base = { kind: "interaction", sellerId: "acme-solar", phone: "+16175550123", at, recordedAt: at, schemaVersion: 1 } as const;
      await first.append([
        { ...base, id: "rec_01KB0000000000000000000001", data: { disposition: "answered" } },
        { ...base, id: "rec_01KB0000000000000000000002", data: { disposition: "do-not-call" } },
      ]);
      const again = jsonlStorage({ file });
      expect(await again.head()).toEqual(await first.head());
      const { records } = await again.listRecords({ limit: 100 });
      expect((await verifyChain(records)).ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
