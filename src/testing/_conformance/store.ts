/** Reading a whole store back through the contract, checking pagination on the way. */
import { verifyChain } from "../../records/chain.js";
import type { ChainVerification } from "../../records/chain.js";
import type { ListQuery, PurgeRun, StorageAdapter, StoredRecord } from "../../storage/types.js";
import { ensure } from "./expect.js";

/**
 * Every record matching `query`, page by page: checks that each page holds at most `limit`
 * records in increasing seq, that the cursor moves forward, and that paging ends.
 */
export async function readAll(
  storage: StorageAdapter,
  query: Omit<ListQuery, "limit" | "afterSeq">,
  limit: number,
  where: string,
  afterSeq?: number,
): Promise<StoredRecord[]> {
  const all: StoredRecord[] = [];
  let cursor = afterSeq;
  let lastSeq = afterSeq ?? 0;
  for (let page = 0; ; page++) {
    ensure(page <= 100_000, `${where}: paging did not end after ${page} pages`);
    const result = await storage.listRecords(cursor === undefined ? { ...query, limit } : { ...query, limit, afterSeq: cursor });
    ensure(Array.isArray(result.records), `${where}: listRecords returned no records array`);
    ensure(result.records.length <= limit, `${where}: a page of limit ${limit} held ${result.records.length} records`);
    for (const r of result.records) {
      ensure(typeof r.seq === "number", `${where}: record ${r.id} has a seq of type ${typeof r.seq}`);
      ensure(r.seq > lastSeq, `${where}: record seq ${r.seq} came after seq ${lastSeq} (order broken or repeated)`);
      lastSeq = r.seq;
      all.push(r);
    }
    if (result.nextAfterSeq === undefined) return all;
    ensure(
      typeof result.nextAfterSeq === "number" && result.nextAfterSeq >= lastSeq && (cursor === undefined || result.nextAfterSeq > cursor),
      `${where}: nextAfterSeq ${String(result.nextAfterSeq)} does not move past the records returned (last seq ${lastSeq})`,
    );
    cursor = result.nextAfterSeq;
    lastSeq = cursor;
  }
}

/** The purge runs the checkpoints of `records` declare, keyed by their first seq (verifyChain's input). */
export function runsOf(records: readonly StoredRecord[], where: string): Map<number, PurgeRun> {
  const runs = new Map<number, PurgeRun>();
  for (const r of records) {
    if (r.kind !== "checkpoint") continue;
    const declared = (r.data as { runs?: unknown }).runs;
    ensure(Array.isArray(declared), `${where}: checkpoint ${r.id} (seq ${r.seq}) has no data.runs array`);
    for (const run of declared as PurgeRun[]) runs.set(run.fromSeq, run);
  }
  return runs;
}

/** The whole log through small pages, and verifyChain's verdict on it (with the checkpoints' runs). */
export async function verifyStore(
  storage: StorageAdapter,
  where: string,
): Promise<{ records: StoredRecord[]; verification: ChainVerification }> {
  const records = await readAll(storage, {}, 7, where);
  const verification = await verifyChain(records, runsOf(records, where));
  return { records, verification };
}

/** Checks that the log verifies and that head() is its newest record. */
export async function expectVerifiedChain(storage: StorageAdapter, where: string): Promise<StoredRecord[]> {
  const { records, verification } = await verifyStore(storage, where);
  const broken = verification.firstBreak;
  ensure(
    verification.ok,
    `${where}: the chain does not verify: ${broken === undefined ? "unknown problem" : `${broken.problem} at seq ${broken.seq} (${broken.id}): ${broken.message}`}`,
  );
  const head = await storage.head();
  const last = records[records.length - 1];
  ensure(
    last === undefined ? head === null : head !== null && head.seq === last.seq && head.hash === last.hash,
    `${where}: head() is ${head === null ? "null" : `seq ${head.seq}`}, but the newest record is ${last === undefined ? "none" : `seq ${last.seq}`}`,
  );
  return records;
}
