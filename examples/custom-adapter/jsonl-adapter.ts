/**
 * A storage adapter over a JSON-lines file: one stored record per line, appended and fsynced.
 * It is small on purpose, to show the contract; it keeps the whole log in memory as well, so it
 * suits a few hundred thousand records and one process.
 *
 * Run its conformance tests: npx vitest run examples/custom-adapter
 *
 * In your project: import from "callgate" (sealRecord, purgeRuns, canonicalJson, CallgateError,
 * ErrorCodes and the storage types) and run the kit from "callgate/testing".
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import {
  CallgateError,
  ErrorCodes,
  canonicalJson,
  purgeRuns,
  sealRecord,
  type ChainHead,
  type NewRecord,
  type PhoneFacts,
  type RecordPage,
  type StorageAdapter,
  type StoredRecord,
} from "../../src/index.js";

/** Options of {@link jsonlStorage}. */
export interface JsonlStorageOptions {
  /** The file; created on the first append. */
  file: string;
}

const STANDING = new Set(["consent", "relationship", "do-not-call"]);

/** One line: the record with its instants as ISO strings and its data as canonical JSON. */
function toLine(r: StoredRecord, dataText: string): string {
  const { data: _data, at, recordedAt, ...rest } = r;
  const envelope = JSON.stringify({ ...rest, at: at.toISOString(), recordedAt: recordedAt.toISOString() });
  return `${envelope.slice(0, -1)},"data":${dataText}}\n`;
}

function fromLine(line: string): StoredRecord {
  const raw = JSON.parse(line) as Omit<StoredRecord, "at" | "recordedAt"> & { at: string; recordedAt: string };
  return { ...raw, at: new Date(raw.at), recordedAt: new Date(raw.recordedAt) };
}

/** A fresh copy, so callers cannot change the log through what they were given. */
function copy(r: StoredRecord): StoredRecord {
  return { ...r, at: new Date(r.at.getTime()), recordedAt: new Date(r.recordedAt.getTime()), data: structuredClone(r.data) };
}

function duplicate(id: string): CallgateError {
  return new CallgateError(ErrorCodes.DUPLICATE_RECORD, `A record with id ${id} is already stored`, { details: { id } });
}

/** Creates the JSON-lines adapter. */
export function jsonlStorage(options: JsonlStorageOptions): StorageAdapter {
  const { file } = options;
  const log: StoredRecord[] = [];
  const byId = new Map<string, StoredRecord>();
  let head: ChainHead | null = null;

  // The last line may be torn if the process died while writing it: that append never resolved.
  if (existsSync(file)) {
    const lines = readFileSync(file, "utf8").split("\n");
    lines.pop(); // the empty string after the final newline, or a torn line
    for (const line of lines) {
      const r = fromLine(line);
      log.push(r);
      byId.set(r.id, r);
    }
  }
  // A purge always appends its checkpoint, so the last line is the newest record.
  const last = log[log.length - 1];
  head = last === undefined ? null : { seq: last.seq, hash: last.hash };

  // Writes take turns: each append seals after the head the previous one left.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => T): Promise<T> => {
    const result = turn.then(work);
    turn = result.catch(() => undefined);
    return result;
  };

  const writeDurably = (text: string): void => {
    const fd = openSync(file, "a");
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  };

  /** Seals and writes records; nothing is kept in memory unless the write succeeded. */
  const appendNow = (records: readonly NewRecord[]): StoredRecord[] => {
    const seen = new Set<string>();
    for (const r of records) {
      if (byId.has(r.id) || seen.has(r.id)) throw duplicate(r.id);
      seen.add(r.id);
    }
    const sealed: StoredRecord[] = [];
    let text = "";
    let h = head;
    for (const r of records) {
      const dataText = canonicalJson(r.data);
      const s = { ...sealRecord(h, r, dataText), data: JSON.parse(dataText) as Record<string, unknown> };
      sealed.push(s);
      text += toLine(s, dataText);
      h = { seq: s.seq, hash: s.hash };
    }
    if (text !== "") writeDurably(text);
    for (const s of sealed) {
      log.push(s);
      byId.set(s.id, s);
    }
    head = h;
    return sealed.map(copy);
  };

  return {
    capabilities: { durable: true, multiProcess: false, maxBatchSize: 1000 },

    append: (records) => inTurn(() => appendNow(records)),

    async getPhoneFacts(query): Promise<PhoneFacts> {
      const facts: PhoneFacts = { standing: [], interactions: [] };
      for (const r of log) {
        if (r.phone !== query.phone || r.sellerId !== query.sellerId) continue;
        if (STANDING.has(r.kind)) facts.standing.push(copy(r));
        else if ((r.kind === "interaction" || r.kind === "amendment") && r.at >= query.interactionsSince) facts.interactions.push(copy(r));
      }
      return facts;
    },

    async listRecords(q): Promise<RecordPage> {
      const limit = Math.max(1, Math.min(10_000, Math.floor(q.limit)));
      const records: StoredRecord[] = [];
      for (const r of log) {
        if (q.afterSeq !== undefined && r.seq <= q.afterSeq) continue;
        if (q.sellerId !== undefined && r.sellerId !== q.sellerId) continue;
        if (q.kinds !== undefined && !q.kinds.includes(r.kind)) continue;
        if (q.phone !== undefined && r.phone !== q.phone) continue;
        if (q.from !== undefined && r.at < q.from) continue;
        if (q.to !== undefined && r.at >= q.to) continue;
        if (q.recordedFrom !== undefined && r.recordedAt < q.recordedFrom) continue;
        if (q.recordedBefore !== undefined && r.recordedAt >= q.recordedBefore) continue;
        if (records.length === limit) return { records, nextAfterSeq: records[limit - 1]?.seq ?? 0 };
        records.push(copy(r));
      }
      return { records };
    },

    async getRecord(id) {
      const r = byId.get(id);
      return r === undefined ? null : copy(r);
    },

    async head() {
      return head === null ? null : { ...head };
    },

    // A purge rewrites the file: the kept lines and the checkpoint go to a new file that replaces
    // the old one in one rename, so a crash leaves either the old log or the new one.
    purge: (request) =>
      inTurn(() => {
        const doomed = new Set(request.ids.filter((id) => byId.has(id)));
        const removed = log.filter((r) => doomed.has(r.id));
        const checkpoint: NewRecord = {
          ...request.checkpoint,
          data: { ...request.checkpoint.data, runs: purgeRuns(removed), removed: removed.length },
        };
        if (byId.has(checkpoint.id)) throw duplicate(checkpoint.id);
        const dataText = canonicalJson(checkpoint.data);
        const sealed = { ...sealRecord(head, checkpoint, dataText), data: JSON.parse(dataText) as Record<string, unknown> };
        const kept = log.filter((r) => !doomed.has(r.id));
        const text = [...kept.map((r) => toLine(r, canonicalJson(r.data))), toLine(sealed, dataText)].join("");
        const temp = `${file}.tmp`;
        writeFileSync(temp, text, { flush: true });
        renameSync(temp, file);
        const dir = openSync(dirname(file), "r");
        fsyncSync(dir);
        closeSync(dir);
        log.length = 0;
        byId.clear();
        for (const r of [...kept, sealed]) {
          log.push(r);
          byId.set(r.id, r);
        }
        head = { seq: sealed.seq, hash: sealed.hash };
        return { removed: removed.length, checkpoint: copy(sealed) };
      }),
  };
}
