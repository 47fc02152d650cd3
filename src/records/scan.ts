import type { ListQuery, StorageAdapter, StoredRecord } from "../storage/types.js";

/** Every record matching `filter`, in seq order, read page by page through the adapter. */
export async function* scanRecords(
  storage: StorageAdapter,
  filter: Omit<ListQuery, "limit" | "afterSeq">,
  pageSize = 1000,
): AsyncGenerator<StoredRecord> {
  let afterSeq: number | undefined;
  for (;;) {
    const page = await storage.listRecords({ ...filter, limit: pageSize, ...(afterSeq === undefined ? {} : { afterSeq }) });
    yield* page.records;
    if (page.nextAfterSeq === undefined) return;
    afterSeq = page.nextAfterSeq;
  }
}
