/**
 * The storage adapter contract: types only (style.md). An adapter stores callgate's append-only,
 * hash-chained record log and answers the few queries the gate needs. It never reads a clock:
 * every instant it needs (a cutoff, a "since") is handed to it as an absolute `Date`.
 */

/** Every kind of record callgate keeps. */
export type RecordKind =
  | "interaction"
  | "consent"
  | "relationship"
  | "do-not-call"
  | "decision"
  | "registry-snapshot"
  | "scrub-summary"
  | "amendment"
  | "complaint"
  | "legal-hold"
  | "checkpoint";

/** The record kinds, in a stable order. */
export const RECORD_KINDS: readonly RecordKind[] = Object.freeze([
  "interaction",
  "consent",
  "relationship",
  "do-not-call",
  "decision",
  "registry-snapshot",
  "scrub-summary",
  "amendment",
  "complaint",
  "legal-hold",
  "checkpoint",
]);

/**
 * A record as the gate hands it to storage, before it takes its place in the chain. `data` is a
 * JSON value (objects, arrays, strings, finite numbers, booleans, null; instants as ISO strings).
 */
export interface NewRecord {
  /** Unique, time-ordered id assigned by the gate. A second append of the same id is refused. */
  id: string;
  /** What the record is. */
  kind: RecordKind;
  /** The seller the record belongs to. */
  sellerId: string;
  /** E.164 number the record is about, or `null` (registry snapshots, summaries, checkpoints). */
  phone: string | null;
  /** The record's own instant (`startedAt` of a call, `at` of a consent): every rule uses this. */
  at: Date;
  /** Clock reading when the record was made. Retention counts from here. */
  recordedAt: Date;
  /** Version of the persisted shape of `data` for this kind. */
  schemaVersion: number;
  /** Kind-specific payload. */
  data: Readonly<Record<string, unknown>>;
}

/** A record in the chain: the new record plus its position and hashes. */
export interface StoredRecord extends NewRecord {
  /** 1-based position in the chain; strictly increasing with no reuse, gaps only where purged. */
  seq: number;
  /** Hash of the record at `seq - 1` (64 zeros for the first record). */
  prevHash: string;
  /** SHA-256 (hex) over the canonical form of this record and `prevHash`. */
  hash: string;
}

/** The newest record of the chain, or what an empty chain starts from. */
export interface ChainHead {
  /** The newest record's seq (0 is never used). */
  seq: number;
  /** The newest record's hash. */
  hash: string;
}

/** What the gate needs to know about one number, gathered in one round trip. */
export interface PhoneFacts {
  /** Every `consent`, `relationship` and `do-not-call` record of this seller for the number, in seq order. */
  standing: StoredRecord[];
  /**
   * This seller's `interaction` and `amendment` records for the number whose `at` is at or after
   * `interactionsSince`, in seq order (an amendment's `at` is the instant of the call it corrects).
   */
  interactions: StoredRecord[];
}

/** Query for {@link StorageAdapter.getPhoneFacts}. */
export interface PhoneFactsQuery {
  /** Only this seller's records. */
  sellerId: string;
  /** E.164. */
  phone: string;
  /** Absolute instant: interactions whose own instant (`at`) is earlier are not returned. */
  interactionsSince: Date;
}

/** Query for {@link StorageAdapter.listRecords}: one page, in seq order. */
export interface ListQuery {
  /** Only this seller's records. */
  sellerId?: string;
  /** Only records of these kinds. */
  kinds?: readonly RecordKind[];
  /** Only records about this E.164 number. */
  phone?: string;
  /** Inclusive lower bound on the record's own instant `at`. */
  from?: Date;
  /** Exclusive upper bound on `at`. */
  to?: Date;
  /** Inclusive lower bound on `recordedAt`. */
  recordedFrom?: Date;
  /** Exclusive upper bound on `recordedAt`. */
  recordedBefore?: Date;
  /** Only records with `seq` greater than this (the cursor of the previous page). */
  afterSeq?: number;
  /** Page size, 1..10000. */
  limit: number;
}

/** One page of records. `nextAfterSeq` is absent on the last page. */
export interface RecordPage {
  /** The page's records, in seq order. */
  records: StoredRecord[];
  /** The cursor for the next page (`afterSeq`); absent on the last page. */
  nextAfterSeq?: number;
}

/** What an adapter declares it can do (style.md habit 4). Every flag has a default and a fallback. */
export interface StorageCapabilities {
  /**
   * An append that resolved survives a crash of the process.
   * @default false — the gate's docs and `verify()` report say the log is volatile.
   */
  durable?: boolean;
  /**
   * Several processes may append to the same store at once, and the chain stays linear.
   * @default false — the gate assumes it is the only writer.
   */
  multiProcess?: boolean;
  /**
   * Largest batch `append` accepts in one call.
   * @default 1000 — the gate splits larger batches (each record with its side effects stays in one call).
   */
  maxBatchSize?: number;
}

/** A request to remove records, decided by the gate; the adapter does it atomically. */
export interface PurgeRequest {
  /** The records to remove. Unknown ids are ignored. */
  ids: readonly string[];
  /**
   * The checkpoint record that stands for what was removed, appended in the same transaction.
   * The adapter fills its `data.runs` (see {@link PurgeRun}) from the rows it actually deletes.
   */
  checkpoint: NewRecord;
}

/** A maximal run of consecutive purged seqs, with the hash of its last record (verification resumes from it). */
export interface PurgeRun {
  /** First purged seq of the run. */
  fromSeq: number;
  /** Last purged seq of the run. */
  toSeq: number;
  /** Hash of the record at `toSeq`: the record after the run links to it. */
  lastHash: string;
}

/** What a purge did. */
export interface PurgeResult {
  /** How many records were removed. */
  removed: number;
  /** The checkpoint appended, or `null` when nothing was removed. */
  checkpoint: StoredRecord | null;
}

/**
 * The storage adapter contract. Partners implement it for their own database and run the
 * conformance kit (`callgate/testing`) against it.
 */
export interface StorageAdapter {
  /** Declared capabilities; absent flags take their documented defaults. */
  readonly capabilities?: StorageCapabilities;

  /**
   * Appends records atomically, in order: all are stored or none is. Each takes the next `seq`
   * and is sealed with `sealRecord(head, record)` from `callgate` under the adapter's write lock,
   * so the chain stays linear with concurrent writers. Rejects with `DUPLICATE_RECORD` when an
   * id is already stored (nothing is written). Resolves only when the records are stored as
   * durably as `capabilities.durable` says.
   */
  append(records: readonly NewRecord[]): Promise<StoredRecord[]>;

  /** Everything the gate needs about one number, in one round trip. */
  getPhoneFacts(query: PhoneFactsQuery): Promise<PhoneFacts>;

  /** One page of records in seq order, filtered as the query says. */
  listRecords(query: ListQuery): Promise<RecordPage>;

  /** Fetches one record by id, or `null`. */
  getRecord(id: string): Promise<StoredRecord | null>;

  /** The newest record's seq and hash, or `null` for an empty log. */
  head(): Promise<ChainHead | null>;

  /** Removes the given records and appends the checkpoint, atomically. */
  purge(request: PurgeRequest): Promise<PurgeResult>;

  /** Releases resources the adapter opened itself (never a client it was handed). */
  close?(): Promise<void>;
}
