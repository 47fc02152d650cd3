import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadRegistry, loadRegistrySnapshot, saveRegistrySnapshot } from "../src/registry/index.js";
import { membershipOf } from "../src/registry/registry-object.js";

const AREA_CODES = [212, 508, 617, 781, 978];
const PER_AREA = 2_000_000;
const TOTAL = AREA_CODES.length * PER_AREA;

/**
 * Registry benchmark: loads a generated 10-million-number National DNC file (registry order,
 * `AAANNNNNNN` lines, five area codes) and compares the load with a bare `fs.readFileSync`, and
 * `hasNational` with a bare `Set.has` over the same numbers. Prints nothing; returns the figures.
 */
export async function benchRegistry(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "callgate-registry-bench-"));
  try {
    const file = join(dir, "national.txt");
    const values = writeRegistryFile(file);

    const readSeconds = best(3, () => readFileSync(file).length);
    let registry = await loadRegistry(file, { source: "national", obtainedAt: "2026-11-20T12:00:00Z" });
    let loadSeconds = Infinity;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      registry = await loadRegistry(file, { source: "national", obtainedAt: "2026-11-20T12:00:00Z" });
      loadSeconds = Math.min(loadSeconds, (performance.now() - started) / 1000);
    }
    if (registry.meta.count !== TOTAL) throw new Error(`bench: loaded ${registry.meta.count} of ${TOTAL}`);
    const membershipBytes = membershipOf(registry)?.byteLength() ?? Number.NaN;

    const snapshot = join(dir, "national.cgdnc");
    const saveStarted = performance.now();
    await saveRegistrySnapshot(registry, snapshot);
    const saveSeconds = (performance.now() - saveStarted) / 1000;
    const snapshotStarted = performance.now();
    await loadRegistrySnapshot(snapshot);
    const snapshotLoadSeconds = (performance.now() - snapshotStarted) / 1000;

    // Queries: half listed numbers, half random lines in the same area codes, in random order.
    const npas = new Int32Array(TOTAL);
    const lines = new Int32Array(TOTAL);
    const keys = new Float64Array(TOTAL);
    let seed = 12345;
    const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < TOTAL; i++) {
      const value = random() < 0.5 ? values[Math.floor(random() * TOTAL)]! : AREA_CODES[Math.floor(random() * AREA_CODES.length)]! * 1e7 + Math.floor(random() * 1e7);
      npas[i] = Math.floor(value / 1e7);
      lines[i] = value % 1e7;
      keys[i] = value;
    }
    let registryHits = 0;
    const lookupSeconds = best(3, () => {
      registryHits = 0;
      for (let i = 0; i < TOTAL; i++) if (registry.hasNational(npas[i]!, lines[i]!)) registryHits++;
    });
    const set = new Set<number>();
    for (let i = 0; i < TOTAL; i++) set.add(values[i]!);
    let setHits = 0;
    const setSeconds = best(3, () => {
      setHits = 0;
      for (let i = 0; i < TOTAL; i++) if (set.has(keys[i]!)) setHits++;
    });
    if (registryHits !== setHits) throw new Error(`bench: hasNational found ${registryHits}, Set.has ${setHits}`);

    return {
      numbers: TOTAL,
      areaCodes: AREA_CODES.length,
      fileBytes: TOTAL * 11,
      loadNumbersPerSecond: Math.round(TOTAL / loadSeconds),
      loadSeconds,
      readFileSyncSeconds: readSeconds,
      loadTimeOverReadFileSync: loadSeconds / readSeconds,
      memoryPerAreaCodeBytes: membershipBytes / AREA_CODES.length,
      snapshotSaveSeconds: saveSeconds,
      snapshotLoadSeconds,
      hasNationalLookupsPerSecond: Math.round(TOTAL / lookupSeconds),
      setHasLookupsPerSecond: Math.round(TOTAL / setSeconds),
      hasNationalOverSetHas: setSeconds / lookupSeconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Writes TOTAL numbers in registry order (ascending), returns them as integers.
function writeRegistryFile(path: string): Float64Array {
  const bytes = Buffer.allocUnsafe(TOTAL * 11);
  const values = new Float64Array(TOTAL);
  let seed = 42;
  let at = 0;
  let n = 0;
  for (const npa of AREA_CODES) {
    for (let k = 0; k < PER_AREA; k++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      const line = 2_000_000 + k * 4 + (seed >>> 30);
      values[n++] = npa * 1e7 + line;
      let digits = npa * 1e7 + line;
      for (let d = 9; d >= 0; d--) {
        bytes[at + d] = 48 + (digits % 10);
        digits = Math.floor(digits / 10);
      }
      bytes[at + 10] = 10;
      at += 11;
    }
  }
  writeFileSync(path, bytes);
  return values;
}

function best(runs: number, body: () => unknown): number {
  let fastest = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    body();
    fastest = Math.min(fastest, (performance.now() - started) / 1000);
  }
  return fastest;
}
