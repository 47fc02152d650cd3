/**
 * How a record is laid out in a SQL row: instants as integer milliseconds (exact, zone-free),
 * `data` as canonical JSON text (the exact bytes the hash covers; jsonb would reorder keys).
 */
import { CallgateError, ErrorCodes } from "../../errors.js";
import { canonicalJson } from "../../records/canonical.js";
import type { RecordKind, StoredRecord } from "../../storage/types.js";

/** A row as a driver returns it. */
export type SqlRow = Readonly<Record<string, unknown>>;

/** The record columns, in insert order. */
export const RECORD_COLUMNS = [
  "seq",
  "id",
  "kind",
  "seller_id",
  "phone",
  "at_ms",
  "recorded_at_ms",
  "schema_version",
  "data",
  "prev_hash",
  "hash",
] as const;

/** The column list of every record select. */
export const RECORD_SELECT = RECORD_COLUMNS.join(", ");

/** The values of one record's row, in {@link RECORD_COLUMNS} order (`dataText`: its canonical data, if known). */
export function recordValues(r: StoredRecord, dataText: string = canonicalJson(r.data)): unknown[] {
  return [
    r.seq,
    r.id,
    r.kind,
    r.sellerId,
    r.phone,
    r.at.getTime(),
    r.recordedAt.getTime(),
    r.schemaVersion,
    dataText,
    r.prevHash,
    r.hash,
  ];
}

/** Reads an integer column: drivers return numbers, bigints, or (node-postgres BIGINT) strings. */
export function integerColumn(row: SqlRow, column: string): number {
  const v = row[column];
  const n = typeof v === "number" ? v : typeof v === "bigint" || typeof v === "string" ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n)) {
    throw new CallgateError(ErrorCodes.INTEGRITY_VIOLATION, `Stored column ${column} holds ${String(v)}, not an integer`, {
      details: { column },
    });
  }
  return n;
}

function textColumn(row: SqlRow, column: string): string {
  const v = row[column];
  if (typeof v !== "string") {
    throw new CallgateError(ErrorCodes.INTEGRITY_VIOLATION, `Stored column ${column} holds ${String(v)}, not text`, {
      details: { column },
    });
  }
  return v;
}

/** Rebuilds a stored record from its row. An unreadable row is an integrity violation naming it. */
export function rowToRecord(row: SqlRow): StoredRecord {
  const seq = integerColumn(row, "seq");
  const id = textColumn(row, "id");
  let data: unknown;
  try {
    data = JSON.parse(textColumn(row, "data"));
  } catch (cause) {
    throw new CallgateError(ErrorCodes.INTEGRITY_VIOLATION, `Record ${id} (seq ${seq}) is unreadable: its data is not JSON`, {
      details: { id, seq },
      cause,
    });
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new CallgateError(ErrorCodes.INTEGRITY_VIOLATION, `Record ${id} (seq ${seq}) is unreadable: its data is not an object`, {
      details: { id, seq },
    });
  }
  const phone = row["phone"];
  return {
    id,
    kind: textColumn(row, "kind") as RecordKind,
    sellerId: textColumn(row, "seller_id"),
    phone: phone === null || phone === undefined ? null : String(phone),
    at: new Date(integerColumn(row, "at_ms")),
    recordedAt: new Date(integerColumn(row, "recorded_at_ms")),
    schemaVersion: integerColumn(row, "schema_version"),
    data: data as Record<string, unknown>,
    seq,
    prevHash: textColumn(row, "prev_hash"),
    hash: textColumn(row, "hash"),
  };
}
