import * as nodeCrypto from "node:crypto";
import type { ChainHead, NewRecord, PurgeRun, StoredRecord } from "../storage/types.js";
import { canonicalJson } from "./canonical.js";

/** The `prevHash` of the first record of a chain. */
export const GENESIS_HASH = "0".repeat(64);

// One-shot crypto.hash (Node 20.12+) avoids a Hash object per record; fall back to createHash.
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;
function sha256Hex(text: string): string {
  return oneShot !== undefined ? oneShot("sha256", text, "hex") : nodeCrypto.createHash("sha256").update(text).digest("hex");
}

/**
 * The canonical text a record's hash is computed over: its envelope, `seq`, `prevHash` and data,
 * keys sorted. `dataText` may be passed when the caller already has `canonicalJson(record.data)`.
 */
export function canonicalRecordText(record: Omit<StoredRecord, "hash">, dataText: string = canonicalJson(record.data)): string {
  // Keys in sorted order: at, data, id, kind, phone, prevHash, recordedAt, schemaVersion, sellerId, seq, v.
  const at = isoOf(record.at.getTime());
  const recordedAt = isoOf(record.recordedAt.getTime());
  return (
    `{"at":"${at}","data":${dataText},"id":${quoted(record.id)},` +
    `"kind":${quoted(record.kind)},"phone":${record.phone === null ? "null" : quoted(record.phone)},"prevHash":${quoted(record.prevHash)},` +
    `"recordedAt":"${recordedAt}","schemaVersion":${JSON.stringify(record.schemaVersion)},` +
    `"sellerId":${quoted(record.sellerId)},"seq":${JSON.stringify(record.seq)},"v":1}`
  );
}

// The two instants of a record are usually the same millisecond, and consecutive records close in
// time: the last ISO string is kept (a string the JSON form needs no escaping for).
let lastIsoMs = Number.NaN;
let lastIso = "";
function isoOf(ms: number): string {
  if (ms !== lastIsoMs) {
    lastIso = new Date(ms).toISOString();
    lastIsoMs = ms;
  }
  return lastIso;
}

// Ids, kinds, hashes and E.164 numbers need no escaping; anything else goes through JSON.stringify.
const PLAIN = /^[\w.+:-]*$/;
function quoted(text: string): string {
  return PLAIN.test(text) ? `"${text}"` : JSON.stringify(text);
}

/** SHA-256 (hex) of a record's canonical form, which includes its `seq` and `prevHash`. */
export function recordHash(record: Omit<StoredRecord, "hash">, dataText?: string): string {
  return sha256Hex(canonicalRecordText(record, dataText));
}

/**
 * Gives a new record its place in the chain after `head` (or first, when `head` is null).
 * Adapters call this under their write lock, in append order.
 */
export function sealRecord(head: ChainHead | null, record: NewRecord, dataText?: string): StoredRecord {
  const sealed: StoredRecord = {
    id: record.id,
    kind: record.kind,
    sellerId: record.sellerId,
    phone: record.phone,
    at: new Date(record.at.getTime()),
    recordedAt: new Date(record.recordedAt.getTime()),
    schemaVersion: record.schemaVersion,
    data: record.data,
    seq: head === null ? 1 : head.seq + 1,
    prevHash: head === null ? GENESIS_HASH : head.hash,
    hash: "",
  };
  sealed.hash = recordHash(sealed, dataText);
  return sealed;
}

/** Seals a batch in order after `head`; returns the sealed records. */
export function sealBatch(head: ChainHead | null, records: readonly NewRecord[]): StoredRecord[] {
  const out: StoredRecord[] = [];
  let h = head;
  for (const r of records) {
    const s = sealRecord(h, r);
    out.push(s);
    h = { seq: s.seq, hash: s.hash };
  }
  return out;
}

/** Groups purged records (in seq order) into maximal runs of consecutive seqs for a checkpoint. */
export function purgeRuns(purged: readonly Pick<StoredRecord, "seq" | "hash">[]): PurgeRun[] {
  const sorted = [...purged].sort((a, b) => a.seq - b.seq);
  const runs: PurgeRun[] = [];
  for (const r of sorted) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.toSeq + 1 === r.seq) {
      last.toSeq = r.seq;
      last.lastHash = r.hash;
    } else {
      runs.push({ fromSeq: r.seq, toSeq: r.seq, lastHash: r.hash });
    }
  }
  return runs;
}

/** The first problem found by {@link verifyChain}. */
export interface ChainBreak {
  /** The seq of the record where the chain breaks. */
  seq: number;
  /** The id of that record. */
  id: string;
  /** Altered content, a link to a different predecessor, records missing, or seqs out of order. */
  problem: "hash-mismatch" | "broken-link" | "missing-records" | "out-of-order";
  /** One sentence naming the record. */
  message: string;
}

/** The outcome of walking a chain. */
export interface ChainVerification {
  /** True when every record verified. */
  ok: boolean;
  /** Records verified before the first break (all of them when `ok`). */
  checked: number;
  /** The last record verified. */
  head: ChainHead | null;
  /** The first broken link, when not `ok`. */
  firstBreak?: ChainBreak;
}

/**
 * Walks records in seq order and checks each hash and each link. A gap in seq is acceptable only
 * when a checkpoint record (appended later in the chain) lists it as purged; the checkpoint's
 * `lastHash` then stands for the missing record's hash.
 */
export async function verifyChain(
  records: AsyncIterable<StoredRecord> | Iterable<StoredRecord>,
  purgedRuns: ReadonlyMap<number, PurgeRun> = new Map(),
): Promise<ChainVerification> {
  let prev: ChainHead | null = null;
  let checked = 0;
  const fail = (r: StoredRecord, problem: ChainBreak["problem"], message: string): ChainVerification => ({
    ok: false,
    checked,
    head: prev,
    firstBreak: { seq: r.seq, id: r.id, problem, message },
  });
  for await (const r of records) {
    const expectedSeq = prev === null ? 1 : prev.seq + 1;
    let expectedPrev = prev === null ? GENESIS_HASH : prev.hash;
    if (r.seq < expectedSeq) return fail(r, "out-of-order", `record ${r.id} has seq ${r.seq}, expected at least ${expectedSeq}`);
    if (r.seq > expectedSeq) {
      // A gap must be covered, from expectedSeq to r.seq - 1, by purge runs.
      let s = expectedSeq;
      while (s < r.seq) {
        const run = purgedRuns.get(s);
        if (run === undefined || run.toSeq >= r.seq) {
          return fail(r, "missing-records", `records ${s}..${r.seq - 1} before ${r.id} are missing and no checkpoint accounts for them`);
        }
        expectedPrev = run.lastHash;
        s = run.toSeq + 1;
      }
    }
    if (r.prevHash !== expectedPrev) {
      return fail(r, "broken-link", `record ${r.id} (seq ${r.seq}) does not link to the record before it`);
    }
    const { hash, ...rest } = r;
    if (recordHash(rest) !== hash) {
      return fail(r, "hash-mismatch", `record ${r.id} (seq ${r.seq}) was altered: its content does not match its hash`);
    }
    prev = { seq: r.seq, hash: r.hash };
    checked++;
  }
  return { ok: true, checked, head: prev };
}
