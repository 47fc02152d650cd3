/**
 * A kit that cannot fail is worthless: each adapter below is the memory adapter with one promise
 * of the contract broken, and the kit must fail it, in the check that tests that promise.
 */
import * as nodeTest from "node:test";
import { describe, expect, it } from "vitest";
import { memoryStorage } from "../../src/adapters/memory.js";
import { CallgateError, ErrorCodes } from "../../src/errors.js";
import { sealBatch } from "../../src/records/chain.js";
import type { NewRecord, StorageAdapter, StoredRecord } from "../../src/storage/types.js";
import { type ConformanceCheck, type StorageConformanceOptions, runStorageConformance } from "../../src/testing/conformance.js";

/** Runs the kit with a collecting test function; returns each check's failure message (or null). */
async function runKit(createStorage: () => StorageAdapter): Promise<Map<ConformanceCheck, string | null>> {
  const registered: { name: string; fn: () => Promise<void> }[] = [];
  runStorageConformance({ test: (name, fn) => registered.push({ name, fn }), createStorage, concurrency: 24 });
  const results = new Map<ConformanceCheck, string | null>();
  for (const { name, fn } of registered) {
    const check = name.slice(0, name.indexOf(":")) as ConformanceCheck;
    try {
      await fn();
      results.set(check, null);
    } catch (error) {
      results.set(check, error instanceof Error ? error.message : String(error));
    }
  }
  return results;
}

function failing(results: Map<ConformanceCheck, string | null>): ConformanceCheck[] {
  return [...results].filter(([, message]) => message !== null).map(([name]) => name);
}

const truncate = (d: Date): Date => new Date(Math.floor(d.getTime() / 1000) * 1000);
const truncated = (r: StoredRecord): StoredRecord => ({ ...r, at: truncate(r.at), recordedAt: truncate(r.recordedAt) });

/** Each broken adapter, and the check that must catch it. */
const BROKEN: { name: string; create: () => StorageAdapter; caughtBy: ConformanceCheck }[] = [
  {
    name: "drops a write (the second append resolves but stores nothing)",
    caughtBy: "append-continues-chain",
    create() {
      const inner = memoryStorage();
      let calls = 0;
      return {
        ...inner,
        async append(records) {
          calls++;
          return calls === 2 ? sealBatch(await inner.head(), records) : inner.append(records);
        },
      };
    },
  },
  {
    name: "reorders listRecords (newest first within a page)",
    caughtBy: "list-order",
    create() {
      const inner = memoryStorage();
      return {
        ...inner,
        async listRecords(q) {
          const page = await inner.listRecords(q);
          return { ...page, records: [...page.records].reverse() };
        },
      };
    },
  },
  {
    name: "truncates instants to whole seconds",
    caughtBy: "round-trip-instants",
    create() {
      const inner = memoryStorage();
      return {
        ...inner,
        async getRecord(id) {
          const r = await inner.getRecord(id);
          return r === null ? null : truncated(r);
        },
        async listRecords(q) {
          const page = await inner.listRecords(q);
          return { ...page, records: page.records.map(truncated) };
        },
        async getPhoneFacts(q) {
          const f = await inner.getPhoneFacts(q);
          return { standing: f.standing.map(truncated), interactions: f.interactions.map(truncated) };
        },
      };
    },
  },
  {
    name: "ignores the ids of a purge",
    caughtBy: "purge-removes-exactly",
    create() {
      const inner = memoryStorage();
      return { ...inner, purge: (request) => inner.purge({ ...request, ids: [] }) };
    },
  },
  {
    name: "over-purges (deletes the whole seq range the ids span)",
    caughtBy: "purge-removes-exactly",
    create() {
      const inner = memoryStorage();
      return {
        ...inner,
        async purge(request) {
          const all = (await inner.listRecords({ limit: 10_000 })).records;
          const seqs = all.filter((r) => request.ids.includes(r.id)).map((r) => r.seq);
          const [lo, hi] = [Math.min(...seqs), Math.max(...seqs)];
          return inner.purge({ ...request, ids: all.filter((r) => r.seq >= lo && r.seq <= hi).map((r) => r.id) });
        },
      };
    },
  },
  {
    name: "loses an append that overlaps another",
    caughtBy: "concurrent-appends",
    create() {
      const inner = memoryStorage();
      let inFlight = 0;
      let lost = false;
      return {
        ...inner,
        async append(records) {
          inFlight++;
          try {
            await Promise.resolve();
            if (inFlight > 1 && !lost) {
              lost = true;
              return sealBatch(await inner.head(), records); // "sealed", never stored
            }
            return await inner.append(records);
          } finally {
            inFlight--;
          }
        },
      };
    },
  },
  {
    name: "overwrites a record when its id is appended again",
    caughtBy: "duplicate-id-rejected",
    create() {
      const inner = memoryStorage();
      const overrides = new Map<string, StoredRecord>();
      const view = (r: StoredRecord): StoredRecord => overrides.get(r.id) ?? r;
      return {
        ...inner,
        async append(records: readonly NewRecord[]) {
          const fresh: NewRecord[] = [];
          const out: StoredRecord[] = [];
          for (const r of records) {
            const old = await inner.getRecord(r.id);
            if (old === null) fresh.push(r);
            else {
              const replaced = { ...old, ...r };
              overrides.set(r.id, replaced);
              out.push(replaced);
            }
          }
          return [...out, ...(await inner.append(fresh))];
        },
        async getRecord(id) {
          const r = await inner.getRecord(id);
          return r === null ? null : view(r);
        },
        async listRecords(q) {
          const page = await inner.listRecords(q);
          return { ...page, records: page.records.map(view) };
        },
      };
    },
  },
  {
    name: "stores the part of a batch before a duplicate id",
    caughtBy: "duplicate-in-batch-rejected",
    create() {
      const inner = memoryStorage();
      return {
        ...inner,
        async append(records) {
          const out: StoredRecord[] = [];
          for (const r of records) out.push(...(await inner.append([r])));
          return out;
        },
      };
    },
  },
  {
    name: "returns interactions older than interactionsSince",
    caughtBy: "phone-facts-interactions",
    create() {
      const inner = memoryStorage();
      return { ...inner, getPhoneFacts: (q) => inner.getPhoneFacts({ ...q, interactionsSince: new Date(0) }) };
    },
  },
  {
    name: "skips a record between pages",
    caughtBy: "list-pagination",
    create() {
      const inner = memoryStorage();
      return {
        ...inner,
        async listRecords(q) {
          const page = await inner.listRecords(q);
          return page.nextAfterSeq === undefined ? page : { ...page, nextAfterSeq: page.nextAfterSeq + 1 };
        },
      };
    },
  },
  {
    name: "rejects a duplicate with a generic error instead of DUPLICATE_RECORD",
    caughtBy: "duplicate-id-rejected",
    create() {
      const inner = memoryStorage();
      return {
        ...inner,
        async append(records) {
          try {
            return await inner.append(records);
          } catch (error) {
            throw new CallgateError(ErrorCodes.STORAGE_FAILURE, "insert failed", { cause: error });
          }
        },
      };
    },
  },
];

describe("the conformance kit", () => {
  it("passes the real memory adapter on every check", async () => {
    const results = await runKit(() => memoryStorage());
    expect(results.size).toBeGreaterThanOrEqual(30);
    expect(Object.fromEntries([...results].filter(([, m]) => m !== null))).toEqual({});
  });

  for (const broken of BROKEN) {
    it(`fails an adapter that ${broken.name}`, async () => {
      const results = await runKit(broken.create);
      const failed = failing(results);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed).toContain(broken.caughtBy);
      expect(results.get(broken.caughtBy)).toMatch(/\S/);
    });
  }

  it("takes the test and describe functions of vitest and node:test as they are", () => {
    const forVitest: StorageConformanceOptions = { test: it, describe, createStorage: () => memoryStorage() };
    const forNodeTest: StorageConformanceOptions = { test: nodeTest.test, describe: nodeTest.describe, createStorage: () => memoryStorage() };
    expect([typeof forVitest.test, typeof forNodeTest.test]).toEqual(["function", "function"]);
  });

  it("leaves out the checks named in skip, and groups under describe", () => {
    const names: string[] = [];
    const groups: string[] = [];
    const registered = runStorageConformance({
      test: (name) => names.push(name),
      describe: (name, fn) => {
        groups.push(name);
        fn();
      },
      createStorage: () => memoryStorage(),
      skip: { "concurrent-appends": "single writer", "max-batch-accepted": true },
    });
    expect(groups).toEqual(["callgate storage conformance"]);
    expect(registered).not.toContain("concurrent-appends");
    expect(registered).not.toContain("max-batch-accepted");
    expect(names.length).toBe(registered.length);
    expect(names.every((n, i) => n.startsWith(`${registered[i]}: `))).toBe(true);
    expect(runStorageConformance({ test: () => undefined, createStorage: () => memoryStorage(), skip: ["head"] })).not.toContain("head");
  });

  it("builds a fresh store per check and disposes of it, pass or fail", async () => {
    let created = 0;
    let closed = 0;
    let disposed = 0;
    const tests: (() => Promise<void>)[] = [];
    runStorageConformance({
      test: (_name, fn) => tests.push(fn),
      createStorage: async () => {
        created++;
        return { ...memoryStorage(), close: async () => void closed++ };
      },
      dispose: () => void disposed++,
      concurrency: 5,
    });
    for (const t of tests) await t();
    expect(created).toBe(tests.length);
    expect(closed).toBe(tests.length);
    expect(disposed).toBe(tests.length);
  });
});
