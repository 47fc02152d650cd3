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
// Few per number and read on every call for it; interactions are many (one per call) and are not kept parsed.
const FACT_KINDS = new Set(["consent", "relationship", "do-not-call", "amendment"]);

/** Options of {@link memoryStorage}. */
export interface MemoryStorageOptions {
  /** Records to start from (for example, read back from an export); they are verified on use, not here. */
  initial?: readonly StoredRecord[];
}

/**
 * One stored record: the envelope, and the data as the canonical JSON text it was hashed over. A
 * data object is built (and frozen) for each copy handed out, when first read: most decision
 * receipts never are, and the log holds text, not object graphs.
 */
class Entry {
  #data: Readonly<Record<string, unknown>> | undefined;
  readonly id: string;
  readonly kind: StoredRecord["kind"];
  readonly sellerId: string;
  readonly phone: string | null;
  /** Instants as epoch milliseconds: fewer objects for the collector to walk in a large log. */
  readonly atMs: number;
  readonly recordedAtMs: number;
  readonly schemaVersion: number;
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;

  constructor(sealed: StoredRecord, readonly dataText: string) {
    this.id = sealed.id;
    this.kind = sealed.kind;
    this.sellerId = sealed.sellerId;
    this.phone = sealed.phone;
    this.atMs = sealed.at.getTime();
    this.recordedAtMs = sealed.recordedAt.getTime();
    this.schemaVersion = sealed.schemaVersion;
    this.seq = sealed.seq;
    this.prevHash = sealed.prevHash;
    this.hash = sealed.hash;
  }

  /**
   * The frozen data object. Kinds the gate reads on every call for a number and that stay few
   * (consents, relationships, do-not-call requests, amendments) keep theirs once built; the rest
   * (decision receipts and interactions above all) build one per read and keep only the text.
   */
  data(): Readonly<Record<string, unknown>> {
    if (this.#data !== undefined) return this.#data;
    const data = ownData(this.dataText);
    if (FACT_KINDS.has(this.kind)) this.#data = data;
    return data;
  }
}

/** Creates an in-memory storage adapter, the embedded default. */
export function memoryStorage(options: MemoryStorageOptions = {}): StorageAdapter {
  const log: Entry[] = [];
  const byId = new Map<string, Entry>();
  const byPhone = new Map<string, Entry[]>();
  // Only the kinds getPhoneFacts reads, so that a number's decision receipts never slow it down.
  const factsByPhone = new Map<string, Entry[]>();
  let head: ChainHead | null = null;

  // The by-number index of every record serves only listRecords({ phone }); it is brought up to
  // date when such a listing is asked for, so that appends (a receipt per canCall) skip it.
  let byPhoneUpTo = 0;
  const phoneIndex = (): Map<string, Entry[]> => {
    for (; byPhoneUpTo < log.length; byPhoneUpTo++) {
      const r = log[byPhoneUpTo] as Entry;
      if (r.phone === null) continue;
      const list = byPhone.get(r.phone);
      if (list === undefined) byPhone.set(r.phone, [r]);
      else list.push(r);
    }
    return byPhone;
  };
  const index = (r: Entry): void => {
    log.push(r);
    byId.set(r.id, r);
    if (r.phone !== null) {
      if (STANDING_KINDS.has(r.kind) || r.kind === "interaction" || r.kind === "amendment") {
        const facts = factsByPhone.get(r.phone);
        if (facts === undefined) factsByPhone.set(r.phone, [r]);
        else facts.push(r);
      }
    }
    head = { seq: r.seq, hash: r.hash };
  };
  for (const r of options.initial ?? []) index(new Entry(copy(r), canonicalJson(r.data)));

  const appendSync = (records: readonly NewRecord[]): StoredRecord[] => {
    const seen = records.length > 1 ? new Set<string>() : undefined;
    for (const r of records) {
      if (byId.has(r.id) || seen?.has(r.id) === true) {
        throw new CallgateError(ErrorCodes.DUPLICATE_RECORD, `A record with id ${r.id} is already stored`, {
          details: { id: r.id },
        });
      }
      seen?.add(r.id);
    }
    const entries: Entry[] = [];
    const sealed: StoredRecord[] = [];
    let h = head;
    for (const r of records) {
      const dataText = canonicalJson(r.data);
      const s = sealRecord(h, r, dataText);
      entries.push(new Entry(s, dataText));
      // The caller gets its own data object back (the log keeps the text, which it cannot reach).
      sealed.push(s);
      h = { seq: s.seq, hash: s.hash };
    }
    for (const e of entries) index(e);
    return sealed;
  };

  return {
    capabilities: { durable: false, multiProcess: false, maxBatchSize: 100_000 },

    async append(records) {
      return appendSync(records);
    },

    async getPhoneFacts(query: PhoneFactsQuery): Promise<PhoneFacts> {
      const list = factsByPhone.get(query.phone) ?? [];
      const since = query.interactionsSince.getTime();
      const standing: Entry[] = [];
      const interactions: Entry[] = [];
      for (const r of list) {
        if (r.sellerId !== query.sellerId) continue;
        if (STANDING_KINDS.has(r.kind)) standing.push(r);
        else if ((r.kind === "interaction" || r.kind === "amendment") && r.atMs >= since) interactions.push(r);
      }
      return { standing: standing.map(copy), interactions: interactions.map(copy) };
    },

    async listRecords(query: ListQuery): Promise<RecordPage> {
      const limit = Math.max(1, Math.min(10_000, Math.floor(query.limit)));
      const source = query.phone !== undefined ? (phoneIndex().get(query.phone) ?? []) : log;
      let start = 0;
      if (query.afterSeq !== undefined) {
        const after = query.afterSeq;
        let lo = 0;
        let hi = source.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((source[mid] as Entry).seq <= after) lo = mid + 1;
          else hi = mid;
        }
        start = lo;
      }
      const kinds = query.kinds === undefined ? undefined : new Set(query.kinds);
      const records: StoredRecord[] = [];
      let i = start;
      for (; i < source.length && records.length < limit; i++) {
        const r = source[i] as Entry;
        if (query.sellerId !== undefined && r.sellerId !== query.sellerId) continue;
        if (kinds !== undefined && !kinds.has(r.kind)) continue;
        if (query.from !== undefined && r.atMs < query.from.getTime()) continue;
        if (query.to !== undefined && r.atMs >= query.to.getTime()) continue;
        if (query.recordedFrom !== undefined && r.recordedAtMs < query.recordedFrom.getTime()) continue;
        if (query.recordedBefore !== undefined && r.recordedAtMs >= query.recordedBefore.getTime()) continue;
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
      byPhoneUpTo = 0;
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

/** A caller's copy: fresh Dates; `data` read from the entry when first touched (it is frozen). */
function copy(r: StoredRecord | Entry): StoredRecord {
  const out = {
    id: r.id,
    kind: r.kind,
    sellerId: r.sellerId,
    phone: r.phone,
    at: new Date(r instanceof Entry ? r.atMs : r.at.getTime()),
    recordedAt: new Date(r instanceof Entry ? r.recordedAtMs : r.recordedAt.getTime()),
    schemaVersion: r.schemaVersion,
    seq: r.seq,
    prevHash: r.prevHash,
    hash: r.hash,
  } as StoredRecord;
  if (r instanceof Entry) {
    let data: Readonly<Record<string, unknown>> | undefined;
    Object.defineProperty(out, "data", { enumerable: true, configurable: false, get: () => (data ??= r.data()) });
  } else {
    Object.defineProperty(out, "data", { enumerable: true, configurable: false, writable: false, value: r.data });
  }
  return out;
}
