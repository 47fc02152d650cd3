import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { CallgateError } from "../../src/errors.js";
import { createRegistry, loadRegistry, loadRegistrySnapshot, saveRegistrySnapshot, type Registry } from "../../src/registry/index.js";

const dir = mkdtempSync(join(tmpdir(), "callgate-snapshot-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sameRegistry(a: Registry, b: Registry): void {
  expect(JSON.parse(JSON.stringify(b.meta))).toEqual(JSON.parse(JSON.stringify(a.meta)));
  expect(b.meta.obtainedAt.getTime()).toBe(a.meta.obtainedAt.getTime());
  expect([...b.numbers()]).toEqual([...a.numbers()]);
}

async function integrityFailure(path: string): Promise<string> {
  const error = await loadRegistrySnapshot(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CallgateError);
  expect((error as CallgateError).code).toBe("INTEGRITY_VIOLATION");
  return String((error as CallgateError).details.reason);
}

describe("registry snapshot files", () => {
  const dense = Array.from({ length: 70_000 }, (_, i) => String(5082000000 + i * 113));
  const registry = createRegistry({
    source: "national",
    obtainedAt: "2026-11-20T12:00:00Z",
    areaCodes: ["508", "617"],
    numbers: [...dense, "6175550123", "6175550124"],
  });

  it("round-trips meta and membership exactly, dense and sparse", async () => {
    const path = join(dir, "national.cgdnc");
    await saveRegistrySnapshot(registry, path);
    const loaded = await loadRegistrySnapshot(path);
    sameRegistry(registry, loaded);
    expect(loaded.meta.areaCodes).toEqual(["508", "617"]);
    expect(loaded.covers("212")).toBe(false);
    expect(loaded.has("6175550123")).toBe(true);
    expect(loaded.hasNational(508, 2_000_113)).toBe(true);
    expect(loaded.hasNational(508, 2_000_114)).toBe(false);
    expect(Object.isFrozen(loaded)).toBe(true);
    // About 1.25 MB for the dense area code, a few bytes for the sparse one.
    expect(readFileSync(path).length).toBeLessThan(1_300_000);
  });

  it("round-trips a loaded, changed MA registry with its bad-line count and base id", async () => {
    const full = await loadRegistry(Buffer.from("6175550123,SMITH\nbad\n5085550100,JONES\n"), {
      source: "massachusetts",
      edition: "2026-10-01",
      badLineThreshold: 1,
    });
    const changed = await loadRegistry(Buffer.from("6175550123,D\n9785550100,A\n"), {
      source: "massachusetts",
      obtainedAt: "2026-11-02T15:00:00Z",
      changes: true,
      base: full,
    });
    for (const [name, original] of [["full", full], ["changed", changed]] as const) {
      const path = join(dir, `ma-${name}.cgdnc`);
      await saveRegistrySnapshot(original, path);
      sameRegistry(original, await loadRegistrySnapshot(path));
    }
    const reloaded = await loadRegistrySnapshot(join(dir, "ma-changed.cgdnc"));
    expect(reloaded.meta.baseId).toBe(full.meta.id);
    expect(reloaded.meta.kind).toBe("changes-applied");
    expect((await loadRegistrySnapshot(join(dir, "ma-full.cgdnc"))).meta.badLines).toBe(1);
  });

  it("round-trips an empty registry", async () => {
    const empty = createRegistry({ source: "national", edition: "2026-11-20", numbers: [] });
    const path = join(dir, "empty.cgdnc");
    await saveRegistrySnapshot(empty, path);
    sameRegistry(empty, await loadRegistrySnapshot(path));
  });

  it("refuses a corrupted file with INTEGRITY_VIOLATION", async () => {
    const path = join(dir, "good.cgdnc");
    await saveRegistrySnapshot(registry, path);
    const good = readFileSync(path);
    const write = (name: string, bytes: Uint8Array): string => {
      const target = join(dir, name);
      writeFileSync(target, bytes);
      return target;
    };

    const badMagic = Buffer.from(good);
    badMagic[1] = 0x58;
    expect(await integrityFailure(write("magic.cgdnc", badMagic))).toContain("magic");

    expect(await integrityFailure(write("truncated.cgdnc", good.subarray(0, good.length - 1000)))).toContain("checksum");
    expect(await integrityFailure(write("tiny.cgdnc", good.subarray(0, 20)))).toContain("truncated");

    const flipped = Buffer.from(good);
    flipped[good.length - 5000] = flipped[good.length - 5000]! ^ 1;
    expect(await integrityFailure(write("flipped.cgdnc", flipped))).toContain("checksum");

    // An edited header with a recomputed checksum is still caught: the id no longer matches.
    const reseal = (from: string, to: string): Buffer => {
      const text = good.subarray(0, good.length - 32).toString("latin1");
      expect(text).toContain(from);
      const edited = Buffer.from(text.replace(from, to), "latin1");
      return Buffer.concat([edited, createHash("sha256").update(edited).digest()]);
    };
    const edition = reseal('"edition":"2026-11-20"', '"edition":"2026-11-19"');
    expect(await integrityFailure(write("edition.cgdnc", edition))).toContain("id does not match");
    const areaCodes = reseal('"areaCodes":["508","617"]', '"areaCodes":["212","617"]');
    expect(await integrityFailure(write("areas.cgdnc", areaCodes))).toContain("outside the covered area codes");

    const areaCount = reseal('"count":2,', '"count":3,');
    expect(await integrityFailure(write("area-count.cgdnc", areaCount))).toContain("malformed number list");
    const metaCount = reseal('"count":70002,', '"count":70003,');
    expect(await integrityFailure(write("meta-count.cgdnc", metaCount))).toContain("count does not match the content");
  });

  it("refuses to save a registry it did not build", async () => {
    const foreign: Registry = {
      meta: registry.meta,
      has: () => false,
      hasNational: () => false,
      covers: () => true,
      numbers: () => [],
    };
    const error = await saveRegistrySnapshot(foreign, join(dir, "foreign.cgdnc")).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as CallgateError).code).toBe("INVALID_INPUT");
  });
});
