/**
 * Reads through the storage adapter for the inspection methods: a driver's error becomes a
 * `STORAGE_FAILURE` with the driver's error as `cause`, as `internals.append` does for writes.
 */
import { CallgateError, ErrorCodes, isCallgateError } from "../errors.js";
import { scanRecords } from "../records/scan.js";
import type { ListQuery, StorageAdapter, StoredRecord } from "../storage/types.js";

/** Runs one adapter call, wrapping a driver's error as `STORAGE_FAILURE`. */
export async function readStorage<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw storageFailure(what, error);
  }
}

/** {@link scanRecords}, with a driver's error wrapped as `STORAGE_FAILURE`. */
export async function* scanStorage(
  storage: StorageAdapter,
  filter: Omit<ListQuery, "limit" | "afterSeq">,
  what: string,
  pageSize = 1000,
): AsyncGenerator<StoredRecord> {
  const it = scanRecords(storage, filter, pageSize)[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<StoredRecord>;
    try {
      next = await it.next();
    } catch (error) {
      throw storageFailure(what, error);
    }
    if (next.done === true) return;
    yield next.value;
  }
}

function storageFailure(what: string, error: unknown): CallgateError {
  if (isCallgateError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CallgateError(ErrorCodes.STORAGE_FAILURE, `The storage adapter failed to ${what}: ${message}`, { cause: error });
}
