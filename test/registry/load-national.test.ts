import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { CallgateError } from "../../src/errors.js";
import { loadRegistry, type LoadRegistryOptions } from "../../src/registry/index.js";
import { zipArchive } from "./zip-writer.js";

const national: LoadRegistryOptions = { source: "national", obtainedAt: "2026-11-20T12:00:00Z" };
const dir = mkdtempSync(join(tmpdir(), "callgate-registry-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(promise: Promise<unknown>): Promise<CallgateError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CallgateError);
  return error as CallgateError;
}

function chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  return (async function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
  })();
}

describe("loadRegistry: National DNC full lists", () => {
  it("reads each delivered line shape", async () => {
    for (const [text, expected] of [
      ["6175550123\n", "6175550123"],
      ["617,5550123\n", "6175550123"],
      ["617-555-0123\n", "6175550123"],
    ] as const) {
      const registry = await loadRegistry(Buffer.from(text), national);
      expect([...registry.numbers()]).toEqual([expected]);
      expect(registry.meta.badLines).toBe(0);
    }
    const mixed = await loadRegistry(Buffer.from("2015550100\n617,5550123\n978-555-0199\n"), national);
    expect([...mixed.numbers()]).toEqual(["2015550100", "6175550123", "9785550199"]);
    expect(mixed.meta.count).toBe(3);
    expect(mixed.meta.kind).toBe("full");
    expect(mixed.report.dataLines).toBe(3);
  });

  it("tolerates a header, CRLF, blank lines, surrounding whitespace, a BOM and no final newline", async () => {
    const text = "\uFEFFAreaCode,PhoneNumber\r\n6175550123\r\n\r\n   617,5550124\t\r\n\n617-555-0125  \n  \n\t6175550126";
    const registry = await loadRegistry(Buffer.from(text, "utf8"), { ...national, badLineThreshold: 0 });
    expect([...registry.numbers()]).toEqual(["6175550123", "6175550124", "6175550125", "6175550126"]);
    expect(registry.meta.badLines).toBe(0);
    expect(registry.report.dataLines).toBe(4);
  });

  it("reports each unreadable line with its number and counts them all", async () => {
    const lines = ["6175550123", "617555012", "hello", "617-5550124", "6175550125 6175550126", "1175550127", "6171550128", "2125550199"];
    const registry = await loadRegistry(Buffer.from(`${lines.join("\n")}\n`), { ...national, areaCodes: ["617"], badLineThreshold: 1 });
    expect(registry.meta.badLines).toBe(7);
    expect(registry.report.badLineCount).toBe(7);
    expect(registry.report.dataLines).toBe(8);
    expect(registry.report.badLines.map((b) => [b.line, b.text])).toEqual([
      [2, "617555012"],
      [3, "hello"],
      [4, "617-5550124"],
      [5, "6175550125 6175550126"],
      [6, "1175550127"],
      [7, "6171550128"],
      [8, "2125550199"],
    ]);
    expect(registry.report.badLines[6]?.reason).toContain("not covered");
    // A readable number inside an unreadable line is listed anyway (fail closed).
    expect([...registry.numbers()]).toEqual(["6175550123", "6175550125", "6175550126"]);
  });

  it("fails past the bad-line threshold (default 0.1%) and says which lines", async () => {
    const good = Array.from({ length: 999 }, (_, i) => String(6175550000 + i));
    const oneBad = `${[...good, "garbage"].join("\n")}\n`;
    const loaded = await loadRegistry(Buffer.from(oneBad), national);
    expect(loaded.meta.badLines).toBe(1);
    expect(loaded.meta.count).toBe(999);

    const twoBad = `${[...good, "garbage", "more garbage"].join("\n")}\n`;
    const error = await failure(loadRegistry(Buffer.from(twoBad), national));
    expect(error.code).toBe("REGISTRY_LOAD_FAILED");
    expect(error.details.badLines).toBe(2);
    expect(error.details.dataLines).toBe(1001);
    expect(error.details.firstBadLines).toEqual([
      expect.objectContaining({ line: 1000, text: "garbage" }),
      expect.objectContaining({ line: 1001, text: "more garbage" }),
    ]);
    expect((await failure(loadRegistry(Buffer.from("6175550123\nx\n"), { ...national, badLineThreshold: 0 }))).code).toBe("REGISTRY_LOAD_FAILED");
  });

  it("keeps the first 100 unreadable lines and counts the rest", async () => {
    const text = Array.from({ length: 250 }, (_, i) => `bad ${i}`).join("\n");
    const registry = await loadRegistry(Buffer.from(`6175550123\n${text}\n`), { ...national, badLineThreshold: 1 });
    expect(registry.meta.badLines).toBe(250);
    expect(registry.report.badLines).toHaveLength(100);
    expect(registry.report.badLines[99]?.line).toBe(101);
  });

  it("refuses a full list without numbers and an overlong line", async () => {
    expect((await failure(loadRegistry(Buffer.from("Phone\n\n"), national))).code).toBe("REGISTRY_LOAD_FAILED");
    expect((await failure(loadRegistry(Buffer.alloc(0), national))).code).toBe("REGISTRY_LOAD_FAILED");
    const long = await loadRegistry(Buffer.from(`6175550123\n${"9".repeat(10_000)}\n6175550124\n`), { ...national, badLineThreshold: 1 });
    expect(long.meta.badLines).toBe(1);
    expect(long.report.badLines[0]?.reason).toContain("longer than");
    expect(long.report.badLines[0]?.text.length).toBeLessThanOrEqual(201);
    expect([...long.numbers()]).toEqual(["6175550123", "6175550124"]);
  });

  it("hashes the file as delivered and derives the id from it", async () => {
    const text = "Phone\r\n6175550123\r\n6175550124\r\n";
    const registry = await loadRegistry(Buffer.from(text), national);
    expect(registry.meta.sha256).toBe(createHash("sha256").update(text).digest("hex"));
    const sameNumbersOtherBytes = await loadRegistry(Buffer.from("6175550123\n6175550124\n"), national);
    expect(sameNumbersOtherBytes.meta.id).not.toBe(registry.meta.id);
    const again = await loadRegistry(Buffer.from(text), national);
    expect(again.meta.id).toBe(registry.meta.id);
  });

  it("gives the same registry whatever the chunk boundaries", async () => {
    const lines: string[] = ["Area,Number"];
    for (let i = 0; i < 3000; i++) {
      const text = `${201 + (i % 7)}${2_000_000 + i * 2633}`;
      lines.push(i % 3 === 0 ? text : i % 3 === 1 ? `${text.slice(0, 3)},${text.slice(3)}` : `${text.slice(0, 3)}-${text.slice(3, 6)}-${text.slice(6)}`);
      if (i % 500 === 0) lines.push("", "  unreadable  ");
      if (i === 1234) lines.push(`6175550123${"x".repeat(5000)}`);
    }
    const file = Buffer.from(lines.join(i18nNewline()), "utf8");
    const whole = await loadRegistry(file, { ...national, badLineThreshold: 1 });
    expect(whole.meta.count).toBeGreaterThan(2900);
    for (const size of [1, 7, 4096]) {
      const pieces = await loadRegistry(chunked(file, size), { ...national, badLineThreshold: 1 });
      expect([...pieces.numbers()]).toEqual([...whole.numbers()]);
      expect(pieces.meta.id).toBe(whole.meta.id);
      expect(pieces.report.badLines).toEqual(whole.report.badLines);
      expect(pieces.meta.badLines).toBe(whole.meta.badLines);
    }
    expect(whole.report.badLines.some((b) => b.reason.includes("longer than"))).toBe(true);
  });

  it("reads a path, a Node Readable and a string stream", async () => {
    const path = join(dir, "national.txt");
    writeFileSync(path, "6175550123\n6175550124\n");
    const fromPath = await loadRegistry(path, national);
    expect([...fromPath.numbers()]).toEqual(["6175550123", "6175550124"]);
    const fromReadable = await loadRegistry(Readable.from([Buffer.from("61755"), Buffer.from("50123\n617555"), Buffer.from("0124\n")]), national);
    expect(fromReadable.meta.id).toBe(fromPath.meta.id);
    const fromStrings = await loadRegistry(Readable.from(["6175550123\n", "6175550124\n"], { objectMode: true }), national);
    expect(fromStrings.meta.id).toBe(fromPath.meta.id);
    expect((await failure(loadRegistry(join(dir, "missing.txt"), national))).code).toBe("REGISTRY_LOAD_FAILED");
    expect((await failure(loadRegistry(42 as never, national))).code).toBe("INVALID_INPUT");
  });

  it("reads zipped files: deflated, stored, with a data descriptor, several entries", async () => {
    const text = "Phone\r\n6175550123\r\n617,5550124\r\n617-555-0125\r\n";
    for (const zip of [
      zipArchive([{ name: "617.txt", content: text }]),
      zipArchive([{ name: "617.txt", content: text, method: 0 }]),
      zipArchive([{ name: "617.txt", content: text, dataDescriptor: true }]),
    ]) {
      const registry = await loadRegistry(zip, national);
      expect([...registry.numbers()]).toEqual(["6175550123", "6175550124", "6175550125"]);
      expect(registry.report.zipEntries).toEqual(["617.txt"]);
      expect(registry.meta.sha256).toBe(createHash("sha256").update(zip).digest("hex"));
      const pieces = await loadRegistry(chunked(zip, 3), national);
      expect(pieces.meta.id).toBe(registry.meta.id);
    }
    const two = zipArchive([
      { name: "dir/", content: "", method: 0 },
      { name: "508.txt", content: "5085550100\nbad\n" },
      { name: "617.txt", content: "Phone\n6175550123\n" },
    ]);
    const registry = await loadRegistry(two, { ...national, badLineThreshold: 1 });
    expect([...registry.numbers()]).toEqual(["5085550100", "6175550123"]);
    expect(registry.report.zipEntries).toEqual(["508.txt", "617.txt"]);
    expect(registry.report.badLines).toEqual([expect.objectContaining({ line: 2, text: "bad", entry: "508.txt" })]);
  });

  it("refuses a damaged zip", async () => {
    const zip = zipArchive([{ name: "617.txt", content: "6175550123\n".repeat(100) }]);
    const truncated = zip.subarray(0, 40);
    expect((await failure(loadRegistry(truncated, national))).code).toBe("REGISTRY_LOAD_FAILED");
    const stored = zipArchive([{ name: "617.txt", content: "6175550123\n6175550124\n", method: 0 }]);
    const flipped = Buffer.from(stored);
    flipped[30 + "617.txt".length + 3] = "9".charCodeAt(0);
    const error = await failure(loadRegistry(flipped, national));
    expect(error.code).toBe("REGISTRY_LOAD_FAILED");
    expect(error.message).toContain("CRC-32");
  });
});

function i18nNewline(): string {
  return "\r\n";
}
