/** Checks of concurrent appends and of the chain as a whole. */
import type { NewRecord, StoredRecord } from "../../storage/types.js";
import type { CheckGroup } from "./context.js";
import { ensure, expectRecord } from "./expect.js";
import { variedRecords } from "./fixtures.js";
import { expectVerifiedChain } from "./store.js";

export const chainChecks: CheckGroup = {
  async "concurrent-appends"({ storage, make, concurrency }) {
    // Mostly single records, every tenth call a batch of three, all started before any resolves.
    const batches: NewRecord[][] = Array.from({ length: concurrency }, (_, i) => make.records(i % 10 === 9 ? 3 : 1, (j) => ({ data: { call: i, j } })));
    const settled = await Promise.allSettled(batches.map((b) => storage.append(b)));
    const failed = settled.filter((s) => s.status === "rejected");
    ensure(
      failed.length === 0,
      `${failed.length} of ${concurrency} concurrent appends failed: ${failed.map((f) => String((f as PromiseRejectedResult).reason)).slice(0, 3).join("; ")}`,
    );
    const returned = settled.flatMap((s) => (s.status === "fulfilled" ? s.value : []));
    const total = batches.reduce((n, b) => n + b.length, 0);
    ensure(returned.length === total, `concurrent appends returned ${returned.length} records for ${total} appended`);
    settled.forEach((s, i) => {
      if (s.status !== "fulfilled") return;
      const seqs = s.value.map((r) => r.seq);
      ensure(seqs.every((q, k) => k === 0 || q === (seqs[k - 1] ?? 0) + 1), `the batch of call ${i} was not given consecutive seqs: ${seqs.join(", ")}`);
    });
    const stored = await expectVerifiedChain(storage, `after ${concurrency} concurrent appends`);
    ensure(stored.length === total, `${stored.length} records are stored after ${total} were appended concurrently`);
    ensure(stored.every((r, i) => r.seq === i + 1), "the seqs after concurrent appends are not 1..n without gaps");
    const byId = new Map<string, StoredRecord>(stored.map((r) => [r.id, r]));
    for (const r of returned) expectRecord(byId.get(r.id), r, "a record a concurrent append returned");
  },

  async "chain-verifies"({ storage, make }) {
    let total = 0;
    for (const size of [1, 50, 7, 1, 1, 23, 2]) {
      const batch = variedRecords(make, size);
      await storage.append(batch);
      total += size;
    }
    const records = await expectVerifiedChain(storage, "after several appends");
    ensure(records.length === total, `${records.length} records are stored, ${total} were appended`);
  },
};
