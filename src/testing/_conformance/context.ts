/** What every check gets, and the helpers most checks share. */
import { sealBatch } from "../../records/chain.js";
import type { NewRecord, StorageAdapter, StoredRecord } from "../../storage/types.js";
import type { ConformanceCheck } from "./catalog.js";
import { expectRecord, expectRecords } from "./expect.js";
import type { RecordFactory } from "./fixtures.js";
import { readAll } from "./store.js";

/** A fresh store and the means to fill it. */
export interface CheckContext {
  readonly storage: StorageAdapter;
  readonly make: RecordFactory;
  /** How many appends the concurrency check starts at once. */
  readonly concurrency: number;
}

/** The body of one check. */
export type CheckRun = (context: CheckContext) => Promise<void>;

/** Some of the checks, by name. */
export type CheckGroup = Partial<Record<ConformanceCheck, CheckRun>>;

/**
 * Appends `records` in one call and checks the result is exactly what sealRecord gives after the
 * current head. Returns the expected stored records.
 */
export async function appendChecked(storage: StorageAdapter, records: readonly NewRecord[], where: string): Promise<StoredRecord[]> {
  const expected = sealBatch(await storage.head(), records);
  const returned = await storage.append(records);
  expectRecords(returned, expected, `${where} (records append returned)`);
  return expected;
}

/** Checks that each record reads back the same through getRecord and listRecords. */
export async function expectStored(storage: StorageAdapter, expected: readonly StoredRecord[], where: string): Promise<void> {
  for (const r of expected) expectRecord(await storage.getRecord(r.id), r, `${where} (getRecord)`);
  const listed = await readAll(storage, {}, 10_000, `${where} (listRecords)`);
  const byId = new Map(listed.map((r) => [r.id, r]));
  for (const r of expected) expectRecord(byId.get(r.id), r, `${where} (listRecords)`);
}
