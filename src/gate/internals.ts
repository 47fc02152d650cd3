/**
 * What the gate's method groups share: the bound seller, storage, policy, registries and clock,
 * and the one append path (which also records registry snapshots not yet recorded). Each group of
 * gate methods (records, inspection, scrub) is a function of these internals, so that the facade
 * in ./create.ts stays a list of groups.
 */
import type { Policy, Seller } from "../core/types.js";
import type { Registry } from "../registry/types.js";
import type { NewRecord, StorageAdapter, StoredRecord } from "../storage/types.js";
import type { RecordContext } from "./records.js";

/** The gate's bound state, for method groups. Internal: not exported from the package. */
export interface GateInternals {
  readonly seller: Readonly<Seller>;
  readonly storage: StorageAdapter;
  readonly policy: Policy;
  /** The registry snapshots in use (live array: `addRegistry` appends to it). */
  readonly registries: readonly Registry[];
  /** Reads the clock once; throws `INVALID_CONFIG` when it does not give a valid Date. */
  readClock(): Date;
  /** A record context for records made at `recordedAt` (ids, seller). */
  context(recordedAt: Date): RecordContext;
  /** Appends records atomically through the adapter; wraps driver errors as `STORAGE_FAILURE`. */
  append(records: NewRecord[], now: Date): Promise<StoredRecord[]>;
}
