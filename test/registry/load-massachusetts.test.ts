import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { loadRegistry, loadRegistrySnapshot, saveRegistrySnapshot, type LoadRegistryOptions } from "../../src/registry/index.js";
import { zipArchive } from "./zip-writer.js";

const ma: LoadRegistryOptions = { source: "massachusetts", edition: "2026-10-01" };
const dir = mkdtempSync(join(tmpdir(), "callgate-ma-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NAMES = ["SMITH", "OBRIEN", "GARCIA", "NGUYEN", "WASHINGTON", "MUELLER", "KOWALSKI", "LEFEBVRE", "ZZTOPNAME"];

const FILE = [
  "PHONE,LAST_NAME",
  "4135550101,SMITH",
  "508-555-0102 OBRIEN",
  '"6175550103","GARCIA"',
  '"617-555-0104","NGUYEN, JR"',
  "7815550105\tWASHINGTON",
  "(857) 555-0106,MUELLER",
  "9785550107",
  "KOWALSKI,9785550108",
  "9785550109,LEFEBVRE 2ND",
  "97855501,ZZTOPNAME",
  "",
].join("\r\n");

describe("loadRegistry: the Massachusetts list", () => {
  it("keeps the numbers and drops the names", async () => {
    const registry = await loadRegistry(Buffer.from(FILE), { ...ma, badLineThreshold: 1 });
    expect([...registry.numbers()]).toEqual([
      "4135550101",
      "5085550102",
      "6175550103",
      "6175550104",
      "7815550105",
      "8575550106",
      "9785550107",
      "9785550108",
      // "9785550109,LEFEBVRE 2ND" is unreadable (digits in the name) but its number is listed: fail closed.
      "9785550109",
    ]);
    expect(registry.meta.source).toBe("massachusetts");
    expect(registry.meta.edition).toBe("2026-10-01");
    expect(registry.meta.obtainedAt.toISOString()).toBe("2026-10-01T04:00:00.000Z");
    expect(registry.report.badLines.map((b) => b.line)).toEqual([10, 11]);
    expect(registry.meta.badLines).toBe(2);
  });

  it("retains no name anywhere: meta, report, numbers, inspection, snapshot file", async () => {
    const registry = await loadRegistry(Buffer.from(FILE), { ...ma, badLineThreshold: 1 });
    const path = join(dir, "ma.cgdnc");
    await saveRegistrySnapshot(registry, path);
    const seen = [
      JSON.stringify(registry),
      JSON.stringify(registry.meta),
      JSON.stringify(registry.report),
      [...registry.numbers()].join(","),
      inspect(registry, { depth: Infinity, showHidden: true }),
      readFileSync(path).toString("latin1"),
      JSON.stringify((await loadRegistrySnapshot(path)).meta),
    ].join("\n");
    for (const name of NAMES) expect(seen).not.toContain(name);
    // The unreadable lines are reported with the letters masked.
    expect(registry.report.badLines[0]?.text).toMatch(/^9785550109,\*+ 2\*\*$/);
  });

  it("takes the fast path and the slow path alike, in any chunking and zipped", async () => {
    const lines = ["TELEPHONE NAME"];
    for (let i = 0; i < 2000; i++) {
      const number = `${[339, 351, 413, 508, 617, 774, 781, 857, 978][i % 9]}${2_000_000 + i * 3917}`;
      lines.push(i % 4 === 0 ? `${number},DOE` : i % 4 === 1 ? `${number.slice(0, 3)}-${number.slice(3, 6)}-${number.slice(6)} ROE` : i % 4 === 2 ? `"${number}","POE"` : number);
    }
    const text = Buffer.from(lines.join("\n"));
    const whole = await loadRegistry(text, ma);
    expect(whole.meta.count).toBe(2000);
    expect(whole.meta.badLines).toBe(0);
    const zipped = await loadRegistry(zipArchive([{ name: "ma.csv", content: text }]), ma);
    expect([...zipped.numbers()]).toEqual([...whole.numbers()]);
    for (const size of [1, 7, 4096]) {
      const chunks = (async function* () {
        for (let i = 0; i < text.length; i += size) yield text.subarray(i, i + size);
      })();
      const pieces = await loadRegistry(chunks, ma);
      expect(pieces.meta.id).toBe(whole.meta.id);
      expect([...pieces.numbers()]).toEqual([...whole.numbers()]);
    }
  });

  it("defaults the edition to the quarter of obtainedAt", async () => {
    const registry = await loadRegistry(Buffer.from("6175550123,SMITH\n"), { source: "massachusetts", obtainedAt: "2026-12-31T12:00:00Z" });
    expect(registry.meta.edition).toBe("2026-10-01");
  });
});
