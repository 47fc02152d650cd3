/**
 * The storage-adapter conformance kit: every promise of the `StorageAdapter` contract as a test,
 * registered with the partner's own test runner. callgate's memory, SQLite and PostgreSQL
 * adapters pass exactly this kit.
 *
 * @example
 * // vitest (jest is the same with its `it`/`describe`)
 * import { describe, it } from "vitest";
 * import { runStorageConformance } from "callgate/testing";
 * import { myStorage } from "../src/my-storage.js";
 *
 * runStorageConformance({ test: it, describe, createStorage: () => myStorage({ url: process.env.DB_URL }) });
 *
 * @example
 * // node:test
 * import { describe, test } from "node:test";
 * import { runStorageConformance } from "callgate/testing";
 *
 * runStorageConformance({ test, describe, createStorage: async () => myStorage(await freshDatabase()) });
 */
import type { StorageAdapter } from "../storage/types.js";
import { CHECK_SUMMARIES, CONFORMANCE_CHECKS, type ConformanceCheck } from "./_conformance/catalog.js";
import { appendChecks } from "./_conformance/checks-append.js";
import { chainChecks } from "./_conformance/checks-chain.js";
import { purgeChecks } from "./_conformance/checks-purge.js";
import { queryChecks } from "./_conformance/checks-query.js";
import type { CheckRun } from "./_conformance/context.js";
import { RecordFactory } from "./_conformance/fixtures.js";

export { CHECK_SUMMARIES, CONFORMANCE_CHECKS, type ConformanceCheck };

/** A test runner's test function: vitest's `it`, node:test's `test`, jest's `it`. */
export type ConformanceTestFunction = (name: string, fn: () => Promise<void>) => unknown;

/** A test runner's grouping function: vitest's, node:test's or jest's `describe`. */
export type ConformanceDescribeFunction = (name: string, fn: () => void) => unknown;

/** Options of {@link runStorageConformance}. */
export interface StorageConformanceOptions<S extends StorageAdapter = StorageAdapter> {
  /** Registers one test; called once per check, synchronously, while the kit runs. */
  test: ConformanceTestFunction;
  /**
   * Groups the checks under `name` when given.
   * @default no group
   */
  describe?: ConformanceDescribeFunction;
  /**
   * Name of the group; used only with `describe`.
   * @default "callgate storage conformance"
   */
  name?: string;
  /**
   * Builds a fresh, EMPTY store. Called once per check, so checks never see each other's
   * records: point each call at a new file, schema or database.
   */
  createStorage: () => S | Promise<S>;
  /**
   * Tears a store down after its check, pass or fail (close a database, drop a schema). The kit
   * calls `storage.close()` first, when the adapter has one.
   * @default nothing beyond `close()`
   */
  dispose?: (storage: S) => unknown;
  /**
   * Checks to leave out, each with the reason, e.g. `{ "concurrent-appends": "single writer by design" }`.
   * A skipped check is not registered. Typed: an unknown name is a compile error.
   * @default none
   */
  skip?: readonly ConformanceCheck[] | Partial<Record<ConformanceCheck, string | true>>;
  /**
   * How many appends `concurrent-appends` starts at once.
   * @default 100
   */
  concurrency?: number;
}

const CHECKS = {
  ...appendChecks,
  ...queryChecks,
  ...purgeChecks,
  ...chainChecks,
} as Record<ConformanceCheck, CheckRun | undefined>;

function skipped(skip: StorageConformanceOptions["skip"]): Set<ConformanceCheck> {
  if (skip === undefined) return new Set();
  if (Array.isArray(skip)) return new Set(skip as readonly ConformanceCheck[]);
  return new Set(Object.keys(skip) as ConformanceCheck[]);
}

/**
 * Registers one test per check of the storage contract with `test` (inside `describe` when
 * given). Each test builds its own store with `createStorage()`, drives time with explicit
 * instants (it never sleeps), and disposes of the store afterwards. Test names start with the
 * check's name (a {@link ConformanceCheck}) followed by `: ` and what it checks.
 *
 * Returns the names of the checks it registered.
 */
export function runStorageConformance<S extends StorageAdapter>(options: StorageConformanceOptions<S>): ConformanceCheck[] {
  const leaveOut = skipped(options.skip);
  const concurrency = Math.max(2, Math.floor(options.concurrency ?? 100));
  const registered: ConformanceCheck[] = [];

  const register = (): void => {
    for (const name of CONFORMANCE_CHECKS) {
      const run = CHECKS[name];
      if (run === undefined) throw new Error(`callgate conformance kit: check ${name} has no body`);
      if (leaveOut.has(name)) continue;
      registered.push(name);
      options.test(`${name}: ${CHECK_SUMMARIES[name]}`, async () => {
        const storage = await options.createStorage();
        try {
          await run({ storage, make: new RecordFactory(), concurrency });
        } finally {
          try {
            await storage.close?.();
          } finally {
            await options.dispose?.(storage);
          }
        }
      });
    }
  };

  if (options.describe === undefined) register();
  else options.describe(options.name ?? "callgate storage conformance", register);
  return registered;
}
