/**
 * The exports map is the API, and it is tested (style.md habit 9). Each entry point of
 * package.json `exports` must export at runtime exactly the names listed here, which follow the
 * entry table of the API contract (../shared/spec/api.md, "Entry points"). Adding or removing a
 * runtime export means changing this list, api.md when the table's description changes, and
 * CHANGELOG.md. Types are not runtime exports; the declaration files are checked by attw
 * (scripts/check-package.sh).
 *
 * The source entries are always checked. When dist/ holds a build (dist/index.js, after
 * `npm run build`) the built ESM and CommonJS files are checked too: a stale dist/ fails here,
 * rebuild it.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

interface Entry {
  /** The subpath in package.json `exports`. */
  subpath: string;
  /** The source file tsup builds it from (tsup.config.ts). */
  source: string;
  /** The built file, without extension: `.js` is ESM, `.cjs` CommonJS. */
  built: string;
  /** Every runtime export, sorted. */
  names: readonly string[];
}

const ENTRIES: readonly Entry[] = [
  {
    // api.md: `createCallgate`, the pure `evaluateCall` and `retentionCutoff`, registries, errors, types.
    subpath: ".",
    source: "src/index.ts",
    built: "dist/index",
    names: [
      // the gate, the pure core and its policy
      "createCallgate",
      "evaluateCall",
      "evaluateCallDetailed",
      "DEFAULT_POLICY",
      "resolvePolicy",
      // records: retention, the hash chain, record vocabularies
      "retentionCutoff",
      "GENESIS_HASH",
      "canonicalJson",
      "decisionFromRecord",
      "purgeRuns",
      "recordHash",
      "sealBatch",
      "sealRecord",
      "verifyChain",
      "DISPOSITIONS",
      "REVOCATION_CHANNELS",
      "RECORD_KINDS",
      // registries
      "createRegistry",
      "loadRegistry",
      "loadRegistrySnapshot",
      "saveRegistrySnapshot",
      "DEFAULT_BAD_LINE_THRESHOLD",
      // the rule packs and reason codes
      "ALL_RULES",
      "RULES_VERSION",
      "ReasonCodes",
      "federalRules",
      "massachusettsRules",
      "MA_AREA_CODES",
      // errors
      "CallgateError",
      "ErrorCodes",
      "isCallgateError",
      // inspection: audit rules, complaint deadlines, CSV export columns
      "AUDIT_RULES",
      "CSV_COLUMNS",
      "DEFAULT_COMPLAINT_RESPONSE_BUSINESS_DAYS",
      "MASSACHUSETTS_LEGAL_HOLIDAYS",
      "addBusinessDays",
      "isBusinessDay",
      "massachusettsHolidays",
    ],
  },
  {
    // api.md: `memoryStorage()`: the embedded default, no dependencies.
    subpath: "./adapters/memory",
    source: "src/adapters/memory.ts",
    built: "dist/adapters/memory",
    names: ["memoryStorage"],
  },
  {
    // api.md: `sqliteStorage({ database })`, takes a better-sqlite3 `Database` (or its structural subset).
    subpath: "./adapters/sqlite",
    source: "src/adapters/sqlite.ts",
    built: "dist/adapters/sqlite",
    names: ["sqliteStorage"],
  },
  {
    // api.md: `postgresStorage({ client })`, takes a node-postgres `Pool`/`Client` (structural subset).
    subpath: "./adapters/postgres",
    source: "src/adapters/postgres.ts",
    built: "dist/adapters/postgres",
    names: ["postgresStorage"],
  },
  {
    // api.md: storage-adapter conformance kit, clocks (`fixedClock`, `manualClock`), fixture builders.
    subpath: "./testing",
    source: "src/testing/index.ts",
    built: "dist/testing/index",
    names: [
      // the conformance kit
      "runStorageConformance",
      "CONFORMANCE_CHECKS",
      "CHECK_SUMMARIES",
      // clocks
      "fixedClock",
      "manualClock",
      // fixture builders
      "testSeller",
      "testGate",
      "quarterStart",
      "callFacts",
    ],
  },
];

/** Whether dist/ holds a build to check as well. */
const built = existsSync(`${root}dist/index.js`);

const sorted = (names: Iterable<string>): string[] => [...names].sort();
const runtimeNames = (module: object): string[] => sorted(Object.keys(module).filter((k) => k !== "default" && k !== "__esModule"));

type Conditions = Record<string, unknown>;
const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as {
  exports: Record<string, Conditions | string>;
  sideEffects?: unknown;
  type?: string;
};

describe("package.json exports", () => {
  it("has exactly the entries of the API contract, and ./package.json", () => {
    expect(sorted(Object.keys(pkg.exports))).toEqual(sorted([...ENTRIES.map((e) => e.subpath), "./package.json"]));
  });

  it("is ESM with sideEffects: false", () => {
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
  });

  it.each(ENTRIES)("$subpath: import and require branches, types first, pointing at the built entry", (entry) => {
    const conditions = pkg.exports[entry.subpath] as Record<string, Record<string, string>>;
    expect(Object.keys(conditions)).toEqual(["import", "require"]);
    const base = `./${entry.built}`;
    expect(conditions["import"]).toEqual({ types: `${base}.d.ts`, default: `${base}.js` });
    expect(Object.keys(conditions["import"] ?? {})[0]).toBe("types");
    expect(conditions["require"]).toEqual({ types: `${base}.d.cts`, default: `${base}.cjs` });
    expect(Object.keys(conditions["require"] ?? {})[0]).toBe("types");
  });

  it("reaches no private (underscore) module", () => {
    for (const entry of ENTRIES) expect(entry.source.split("/").some((part) => part.startsWith("_"))).toBe(false);
  });

  it("is what tsup builds (tsup.config.ts lists the same entries)", () => {
    const config = readFileSync(`${root}tsup.config.ts`, "utf8");
    for (const entry of ENTRIES) {
      const key = entry.built.replace(/^dist\//, "");
      expect(config, `tsup.config.ts builds ${key} from ${entry.source}`).toMatch(
        new RegExp(`["']?${key.replace(/\//g, "\\/")}["']?\\s*:\\s*["']${entry.source.replace(/\//g, "\\/")}["']`),
      );
    }
  });
});

describe.each(ENTRIES)("entry $subpath", (entry) => {
  it("lists each name once (the expected list itself)", () => {
    expect(new Set(entry.names).size).toBe(entry.names.length);
  });

  it(`source ${entry.source} exports exactly the listed names`, async () => {
    const file = `${root}${entry.source}`;
    expect(existsSync(file), `${entry.source} is missing, but package.json exports ${entry.subpath}`).toBe(true);
    const module = (await import(pathToFileURL(file).href)) as object;
    expect(runtimeNames(module)).toEqual(sorted(entry.names));
  });

  const esm = `${root}${entry.built}.js`;
  const cjs = `${root}${entry.built}.cjs`;
  it.skipIf(!built)(`built ESM ${entry.built}.js exports exactly the listed names`, async () => {
    expect(existsSync(esm), `${entry.built}.js is missing: rebuild with npm run build`).toBe(true);
    const module = (await import(pathToFileURL(esm).href)) as object;
    expect(runtimeNames(module), "dist/ is stale? rebuild with npm run build").toEqual(sorted(entry.names));
  });

  it.skipIf(!built)(`built CommonJS ${entry.built}.cjs exports exactly the listed names`, () => {
    expect(existsSync(cjs), `${entry.built}.cjs is missing: rebuild with npm run build`).toBe(true);
    const module = createRequire(import.meta.url)(cjs) as object;
    expect(runtimeNames(module), "dist/ is stale? rebuild with npm run build").toEqual(sorted(entry.names));
  });
});
