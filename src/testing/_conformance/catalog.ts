/**
 * The name of one conformance check; pass it in `skip` to leave the check out. Each name is a
 * promise of the storage contract, spelled out in {@link CHECK_SUMMARIES}.
 */
export type ConformanceCheck =
  | "capabilities-declared"
  | "max-batch-accepted"
  | "empty-store"
  | "append-seals-records"
  | "append-continues-chain"
  | "append-empty-batch"
  | "duplicate-id-rejected"
  | "duplicate-in-batch-rejected"
  | "duplicate-within-batch-rejected"
  | "round-trip-instants"
  | "round-trip-data"
  | "round-trip-absent-fields"
  | "round-trip-null-phone"
  | "records-are-isolated"
  | "phone-facts-standing"
  | "phone-facts-interactions"
  | "phone-facts-order"
  | "list-order"
  | "list-filters"
  | "list-pagination"
  | "list-limit"
  | "get-record"
  | "head"
  | "purge-removes-exactly"
  | "purge-checkpoint"
  | "purge-empty"
  | "purge-keeps-seq"
  | "purge-chain-verifies"
  | "purge-duplicate-checkpoint-rejected"
  | "concurrent-appends"
  | "chain-verifies";

/** The names of the conformance checks, each with the promise of the contract it tests. */
export const CHECK_SUMMARIES: Readonly<Record<ConformanceCheck, string>> = {
  "capabilities-declared": "declared capabilities are well-formed",
  "max-batch-accepted": "a batch of maxBatchSize records (at most 10000) is stored in one append",
  "empty-store": "a new store has no head, no records and no facts",
  "append-seals-records": "append numbers records from seq 1 and seals them as sealRecord does",
  "append-continues-chain": "successive appends continue the chain and move the head",
  "append-empty-batch": "appending an empty batch stores nothing and returns []",
  "duplicate-id-rejected": "a second append of a stored id fails with DUPLICATE_RECORD and overwrites nothing",
  "duplicate-in-batch-rejected": "a batch holding one stored id fails with DUPLICATE_RECORD and stores none of the batch",
  "duplicate-within-batch-rejected": "a batch naming the same id twice fails with DUPLICATE_RECORD and stores nothing",
  "round-trip-instants": "at and recordedAt come back to the millisecond, before 1970 and far ahead too",
  "round-trip-data": "data comes back exactly: unicode, emoji, escapes, nesting, numbers, empty values",
  "round-trip-absent-fields": "an absent data field stays absent and an empty one stays empty",
  "round-trip-null-phone": "a null phone comes back null",
  "records-are-isolated": "changing an appended input or a returned record does not change the store",
  "phone-facts-standing": "standing facts are this seller's consent, relationship and do-not-call records for the number",
  "phone-facts-interactions": "interactions are this seller's for the number, at or after interactionsSince only",
  "phone-facts-order": "phone facts come in seq order, whatever the records' own instants",
  "list-order": "listRecords returns records in seq order",
  "list-filters": "listRecords applies each filter, with inclusive from/recordedFrom and exclusive to/recordedBefore",
  "list-pagination": "paging by afterSeq with filters visits every match once, without gaps or repeats",
  "list-limit": "a page holds at most limit records, from 1 to 10000",
  "get-record": "getRecord returns the stored record by id, and null for an unknown id",
  "head": "head is null when empty, then the newest record's seq and hash",
  "purge-removes-exactly": "purge removes exactly the given ids, ignoring unknown ones",
  "purge-checkpoint": "purge appends the checkpoint with the runs of the removed seqs",
  "purge-empty": "a purge that removes nothing leaves every record in place",
  "purge-keeps-seq": "seqs are never reused, even after the newest record is purged",
  "purge-chain-verifies": "after purges the chain verifies with the checkpoints' runs",
  "purge-duplicate-checkpoint-rejected": "a purge whose checkpoint id is stored fails with DUPLICATE_RECORD and removes nothing",
  "concurrent-appends": "concurrent appends are all kept, on one linear chain",
  "chain-verifies": "verifyChain over listRecords pages accepts the whole log",
};

/** Every check, in the order the kit registers them. */
export const CONFORMANCE_CHECKS: readonly ConformanceCheck[] = Object.freeze(
  Object.keys(CHECK_SUMMARIES) as ConformanceCheck[],
);
