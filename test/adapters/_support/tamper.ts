/**
 * Tampering done behind the adapter's back, directly in the database, and what verifyChain must
 * say about it. Shared by the SQLite and PostgreSQL tests.
 */
import { expect } from "vitest";
import { recordValues } from "../../../src/adapters/_sql/rows.js";
import { type ChainBreak, recordHash, sealRecord } from "../../../src/records/chain.js";
import type { StorageAdapter, StoredRecord } from "../../../src/storage/types.js";
import { RecordFactory } from "../../../src/testing/_conformance/fixtures.js";
import { verifyStore } from "../../../src/testing/_conformance/store.js";

/** Raw SQL on the adapter's database. Placeholders are `$1`, `$2`... in order of appearance. */
export interface RawDatabase {
  run(sql: string, params?: unknown[]): Promise<void>;
  /** The records table, qualified and quoted. */
  readonly records: string;
}

export interface TamperCase {
  name: string;
  tamper(db: RawDatabase, stored: readonly StoredRecord[]): Promise<void>;
  /** Where verifyChain must report the first break; "head" when only head() gives it away. */
  expected: { seq: number; problem: ChainBreak["problem"] } | "head";
}

const COLUMNS = "seq, id, kind, seller_id, phone, at_ms, recorded_at_ms, schema_version, data, prev_hash, hash";
const PLACEHOLDERS = Array.from({ length: 11 }, (_, i) => `$${i + 1}`).join(", ");

function at(stored: readonly StoredRecord[], seq: number): StoredRecord {
  const r = stored.find((x) => x.seq === seq);
  if (r === undefined) throw new Error(`no record at seq ${seq}`);
  return r;
}

const forger = new RecordFactory();

export const TAMPER_CASES: readonly TamperCase[] = [
  {
    name: "an edited data field",
    tamper: (db) => db.run(`UPDATE ${db.records} SET data = $1 WHERE seq = 4`, ['{"disposition":"sale","durationSeconds":42}']),
    expected: { seq: 4, problem: "hash-mismatch" },
  },
  {
    name: "an instant moved by one millisecond",
    tamper: (db) => db.run(`UPDATE ${db.records} SET at_ms = at_ms + 1 WHERE seq = 6`),
    expected: { seq: 6, problem: "hash-mismatch" },
  },
  {
    name: "a changed phone number",
    tamper: (db) => db.run(`UPDATE ${db.records} SET phone = $1 WHERE seq = 3`, ["+16175550999"]),
    expected: { seq: 3, problem: "hash-mismatch" },
  },
  {
    name: "an edited record whose hash was recomputed",
    async tamper(db, stored) {
      const r = at(stored, 4);
      const forged = { ...r, data: { disposition: "sale", durationSeconds: 42 } };
      const { hash: _old, ...rest } = forged;
      await db.run(`UPDATE ${db.records} SET data = $1, hash = $2 WHERE seq = 4`, [
        JSON.stringify(forged.data),
        recordHash(rest),
      ]);
    },
    expected: { seq: 5, problem: "broken-link" },
  },
  {
    name: "a deleted record",
    tamper: (db) => db.run(`DELETE FROM ${db.records} WHERE seq = 5`),
    expected: { seq: 6, problem: "missing-records" },
  },
  {
    name: "a deleted first record",
    tamper: (db) => db.run(`DELETE FROM ${db.records} WHERE seq = 1`),
    expected: { seq: 2, problem: "missing-records" },
  },
  {
    name: "a record replaced by a forged one, sealed after its predecessor",
    async tamper(db, stored) {
      const prev = at(stored, 4);
      const forged = sealRecord({ seq: prev.seq, hash: prev.hash }, forger.record({ kind: "consent", data: { form: "written" } }));
      await db.run(`DELETE FROM ${db.records} WHERE seq = 5`);
      await db.run(`INSERT INTO ${db.records} (${COLUMNS}) VALUES (${PLACEHOLDERS})`, recordValues(forged));
    },
    expected: { seq: 6, problem: "broken-link" },
  },
  {
    name: "a forged record inserted after the head",
    async tamper(db) {
      const forged = sealRecord({ seq: 10, hash: "f".repeat(64) }, forger.record({ kind: "consent" }));
      await db.run(`INSERT INTO ${db.records} (${COLUMNS}) VALUES (${PLACEHOLDERS})`, recordValues(forged));
    },
    expected: { seq: 11, problem: "broken-link" },
  },
  {
    name: "a forged record chained correctly after the head",
    async tamper(db, stored) {
      const last = at(stored, 10);
      const forged = sealRecord({ seq: last.seq, hash: last.hash }, forger.record({ kind: "consent" }));
      await db.run(`INSERT INTO ${db.records} (${COLUMNS}) VALUES (${PLACEHOLDERS})`, recordValues(forged));
    },
    // The chain itself is consistent: only the chain-head row, which still says seq 10, tells.
    expected: "head",
  },
];

/** Appends the ten records every tamper case starts from. */
export async function seedTen(storage: StorageAdapter): Promise<StoredRecord[]> {
  const make = new RecordFactory();
  return storage.append(make.records(10, (i) => ({ data: { disposition: i % 2 === 0 ? "answered" : "voicemail", durationSeconds: i } })));
}

/** Checks that verifyChain (or, for a well-chained forged tail, head()) exposes the tampering. */
export async function expectTamperSeen(storage: StorageAdapter, stored: readonly StoredRecord[], c: TamperCase): Promise<void> {
  const { records, verification } = await verifyStore(storage, c.name);
  const expected = c.expected;
  if (expected === "head") {
    expect(verification.ok).toBe(true);
    const head = await storage.head();
    const last = records[records.length - 1];
    expect(head?.seq).toBe(10);
    expect(last?.seq).toBe(11);
    return;
  }
  expect(verification.ok).toBe(false);
  const named = stored.find((r) => r.seq === expected.seq) ?? records.find((r) => r.seq === expected.seq);
  expect(verification.firstBreak).toMatchObject({ seq: expected.seq, problem: expected.problem, id: named?.id });
}
