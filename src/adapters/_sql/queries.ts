/** The SQL text of every query the adapters run, built once for both dialects. */
import type { ListQuery } from "../../storage/types.js";
import type { Dialect } from "./dialect.js";
import { RECORD_COLUMNS, RECORD_SELECT } from "./rows.js";

/** A statement and its parameters, placeholders numbered in order of appearance. */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** Collects parameters while a statement is written left to right (SQLite binds `?` by position). */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly d: Dialect) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.d.param(this.values.length);
  }
}

/** The kinds getPhoneFacts returns as standing (a fixed list, not user input). */
export const STANDING_KINDS = ["consent", "relationship", "do-not-call"] as const;

/** The chain head (seq 0 = empty chain), locked for the transaction where the dialect can. */
export function selectHeadSql(d: Dialect, lock: boolean): string {
  return `SELECT seq, hash FROM ${d.table("chain_head")} WHERE id = 1${lock ? d.lockHead : ""}`;
}

export function updateHeadSql(d: Dialect, seq: number, hash: string): SqlStatement {
  const p = new Params(d);
  return { sql: `UPDATE ${d.table("chain_head")} SET seq = ${p.add(seq)}, hash = ${p.add(hash)} WHERE id = 1`, params: p.values };
}

/** One multi-row INSERT of rows already in {@link RECORD_COLUMNS} order. */
export function insertRecordsSql(d: Dialect, rows: readonly unknown[][]): SqlStatement {
  const p = new Params(d);
  const tuples = rows.map((row) => `(${row.map((v) => p.add(v)).join(", ")})`);
  return { sql: `INSERT INTO ${d.table("records")} (${RECORD_COLUMNS.join(", ")}) VALUES ${tuples.join(", ")}`, params: p.values };
}

export function getRecordSql(d: Dialect, id: string): SqlStatement {
  const p = new Params(d);
  return { sql: `SELECT ${RECORD_SELECT} FROM ${d.table("records")} WHERE id = ${p.add(id)}`, params: p.values };
}

/** Which of these ids are stored. */
export function existingIdsSql(d: Dialect, ids: readonly string[]): SqlStatement {
  const p = new Params(d);
  return { sql: `SELECT id FROM ${d.table("records")} WHERE ${d.inTextList("id", p.add(d.textListParam(ids)))}`, params: p.values };
}

/** Deletes the given ids, returning what it deleted (for the checkpoint's runs). */
export function deleteRecordsSql(d: Dialect, ids: readonly string[]): SqlStatement {
  const p = new Params(d);
  return {
    sql: `DELETE FROM ${d.table("records")} WHERE ${d.inTextList("id", p.add(d.textListParam(ids)))} RETURNING seq, hash`,
    params: p.values,
  };
}

/** Standing records and recent interactions of one seller for one number: one indexed range scan. */
export function phoneFactsSql(d: Dialect, sellerId: string, phone: string, interactionsSinceMs: number): SqlStatement {
  const p = new Params(d);
  const standing = STANDING_KINDS.map((k) => `'${k}'`).join(", ");
  return {
    sql:
      `SELECT ${RECORD_SELECT} FROM ${d.table("records")} ` +
      `WHERE phone = ${p.add(phone)} AND seller_id = ${p.add(sellerId)} ` +
      `AND (kind IN (${standing}) OR (kind IN ('interaction', 'amendment') AND at_ms >= ${p.add(interactionsSinceMs)})) ` +
      `ORDER BY seq`,
    params: p.values,
  };
}

/** Largest page a listRecords call returns. */
export const MAX_PAGE = 10_000;

/** Clamps a requested page size to 1..10000, as the memory adapter does. */
export function pageSize(limit: number): number {
  return Math.max(1, Math.min(MAX_PAGE, Math.floor(Number.isFinite(limit) ? limit : MAX_PAGE)));
}

/** One page of listRecords, asking for one row more than the page to know whether another follows. */
export function listRecordsSql(d: Dialect, q: ListQuery): SqlStatement {
  const p = new Params(d);
  const where: string[] = [];
  if (q.afterSeq !== undefined) where.push(`seq > ${p.add(q.afterSeq)}`);
  if (q.phone !== undefined) where.push(`phone = ${p.add(q.phone)}`);
  if (q.sellerId !== undefined) where.push(`seller_id = ${p.add(q.sellerId)}`);
  if (q.kinds !== undefined) {
    where.push(q.kinds.length === 0 ? "1 = 0" : `kind IN (${q.kinds.map((k) => p.add(k)).join(", ")})`);
  }
  if (q.from !== undefined) where.push(`at_ms >= ${p.add(q.from.getTime())}`);
  if (q.to !== undefined) where.push(`at_ms < ${p.add(q.to.getTime())}`);
  if (q.recordedFrom !== undefined) where.push(`recorded_at_ms >= ${p.add(q.recordedFrom.getTime())}`);
  if (q.recordedBefore !== undefined) where.push(`recorded_at_ms < ${p.add(q.recordedBefore.getTime())}`);
  const sql =
    `SELECT ${RECORD_SELECT} FROM ${d.table("records")}` +
    (where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "") +
    ` ORDER BY seq LIMIT ${p.add(pageSize(q.limit) + 1)}`;
  return { sql, params: p.values };
}
