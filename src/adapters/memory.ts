/**
 * The embedded default adapter: keeps the record log in process memory. Nothing survives the
 * process, so it declares `durable: false`; use the SQLite or PostgreSQL adapter for records you
 * must keep.
 */
import { CallgateError, ErrorCodes } from "../errors.js";
import { canonicalJson } from "../records/canonical.js";
import { purgeRuns, sealRecord } from "../records/chain.js";
import type {
  ChainHead,
  ListQuery,
  NewRecord,
  PhoneFacts,
  PhoneFactsQuery,
  PurgeRequest,
  PurgeResult,
  RecordPage,
  StorageAdapter,
  StoredRecord,
} from "../storage/types.js";

const STANDING_KINDS = new Set(["consent", "relationship", "do-not-call"]);

/** Options of {@link memoryStorage}. */
export interface MemoryStorageOptions {
  /** Records to start from (for example, read back from an export); they are verified on use, not here. */
  initial?: readonly StoredRecord[];
}

/** Creates an in-memory storage adapter, the embedded default. */
export function memoryStorage(options: MemoryStorageOptions = {}): StorageAdapter {
  const log: StoredRecord[] = [];
  const byId = new Map<string, StoredRecord>();
  const byPhone = new Map<string, StoredRecord[]>();
  // Only the kinds getPhoneFacts reads, so that a number's decision receipts never slow it down.
  const factsByPhone = new Map<string, StoredRecord[]>();
  let head: ChainHead | null = null;

  const index = (r: StoredRecord): void => {
    log.push(r);
    byId.set(r.id, r);
    if (r.phone !== null) {
      const list = byPhone.get(r.phone);
      if (list === undefined) byPhone.set(r.phone, [r]);
      else list.push(r);
      if (STANDING_KINDS.has(r.kind) || r.kind === "interaction") {
        const facts = factsByPhone.get(r.phone);
        if (facts === undefined) factsByPhone.set(r.phone, [r]);
        else facts.push(r);
      }
    }
    head = { seq: r.seq, hash: r.hash };
  };
  for (const r of options.initial ?? []) index({ ...copy(r), data: ownData(canonicalJson(r.data)) });

  const appendSync = (records: readonly NewRecord[]): StoredRecord[] => {
    const seen = new Set<string>();
    for (const r of records) {
      if (byId.has(r.id) || seen.has(r.id)) {
        throw new CallgateError(ErrorCodes.DUPLICATE_RECORD, `A record with id ${r.id} is already stored`, {
          details: { id: r.id },
        });
      }
      seen.add(r.id);
    }
    const sealed: StoredRecord[] = [];
    let h = head;
    for (const r of records) {
      const dataText = canonicalJson(r.data);
      const s = sealRecord(h, { ...r, data: ownData(dataText) }, dataText);
      sealed.push(s);
      h = { seq: s.seq, hash: s.hash };
    }
    for (const s of sealed) index(s);
    return sealed.map(copy);
  };

  return {
    capabilities: { durable: false, multiProcess: false, maxBatchSize: 100_000 },

    async append(records) {
      return appendSync(records);
    },

    async getPhoneFacts(query: PhoneFactsQuery): Promise<PhoneFacts> {
      const list = factsByPhone.get(query.phone) ?? [];
      const since = query.interactionsSince.getTime();
      const standing: StoredRecord[] = [];
      const interactions: StoredRecord[] = [];
      for (const r of list) {
        if (r.sellerId !== query.sellerId) continue;
        if (STANDING_KINDS.has(r.kind)) standing.push(r);
        else if (r.kind === "interaction" && r.at.getTime() >= since) interactions.push(r);
      }
      return { standing: standing.map(copy), interactions: interactions.map(copy) };
    },

    async listRecords(query: ListQuery): Promise<RecordPage> {
      const limit = Math.max(1, Math.min(10_000, Math.floor(query.limit)));
      const source = query.phone !== undefined ? (byPhone.get(query.phone) ?? []) : log;
      let start = 0;
      if (query.afterSeq !== undefined) {
        const after = query.afterSeq;
        let lo = 0;
        let hi = source.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((source[mid] as StoredRecord).seq <= after) lo = mid + 1;
          else hi = mid;
        }
        start = lo;
      }
      const kinds = query.kinds === undefined ? undefined : new Set(query.kinds);
      const records: StoredRecord[] = [];
      let i = start;
      for (; i < source.length && records.length < limit; i++) {
        const r = source[i] as StoredRecord;
        if (query.sellerId !== undefined && r.sellerId !== query.sellerId) continue;
        if (kinds !== undefined && !kinds.has(r.kind)) continue;
        if (query.from !== undefined && r.at < query.from) continue;
        if (query.to !== undefined && r.at >= query.to) continue;
        if (query.recordedFrom !== undefined && r.recordedAt < query.recordedFrom) continue;
        if (query.recordedBefore !== undefined && r.recordedAt >= query.recordedBefore) continue;
        records.push(copy(r));
      }
      const last = records[records.length - 1];
      return i < source.length && last !== undefined ? { records, nextAfterSeq: last.seq } : { records };
    },

    async getRecord(id) {
      const r = byId.get(id);
      return r === undefined ? null : copy(r);
    },

    async head() {
      return head === null ? null : { ...head };
    },

    async purge(request: PurgeRequest): Promise<PurgeResult> {
      const doomed = new Set(request.ids.filter((id) => byId.has(id)));
      const removed = log.filter((r) => doomed.has(r.id));
      const checkpoint: NewRecord = {
        ...request.checkpoint,
        data: { ...request.checkpoint.data, runs: purgeRuns(removed), removed: removed.length },
      };
      if (byId.has(checkpoint.id)) {
        throw new CallgateError(ErrorCodes.DUPLICATE_RECORD, `A record with id ${checkpoint.id} is already stored`, {
          details: { id: checkpoint.id },
        });
      }
      const kept = log.filter((r) => !doomed.has(r.id));
      log.length = 0;
      byPhone.clear();
      factsByPhone.clear();
      byId.clear();
      const h = head;
      for (const r of kept) index(r);
      head = h;
      const [sealed] = appendSync([checkpoint]);
      return { removed: removed.length, checkpoint: sealed ?? null };
    },
  };
}

/**
 * The store's own, frozen copy of a record's data, in the JSON form a database would give back:
 * a caller changing the object it appended, or one it read, cannot change the log under its hash.
 */
function ownData(dataText: string): Readonly<Record<string, unknown>> {
  return deepFreeze(JSON.parse(dataText) as Record<string, unknown>);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function copy(r: StoredRecord): StoredRecord {
  return { ...r, at: new Date(r.at.getTime()), recordedAt: new Date(r.recordedAt.getTime()), data: r.data };
}
