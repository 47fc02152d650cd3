/**
 * The few places where callgate's SQL differs between SQLite and PostgreSQL. Everything else in
 * `_sql/` is written once against this (style.md: shared SQL lives once).
 */

/** Names of the tables callgate owns. */
export type TableName = "records" | "chain_head" | "migrations";

/** What a SQL adapter tells the shared code about its database. */
export interface Dialect {
  /** For messages: "SQLite" or "PostgreSQL". */
  readonly label: "SQLite" | "PostgreSQL";
  /** Placeholder of the `n`-th (1-based) parameter. SQLite binds `?` in order of appearance. */
  param(n: number): string;
  /** Qualified, quoted name of one of callgate's tables. */
  table(name: TableName): string;
  /** Column type of the record's `seq` primary key (SQLite's rowid alias must be spelled `INTEGER`). */
  readonly seqType: string;
  /** Column type of 64-bit integers (milliseconds since the epoch). */
  readonly bigintType: string;
  /** Appended to the chain-head select inside a write transaction to lock it. */
  readonly lockHead: string;
  /** `column IN <list>` for a list of text values passed as ONE parameter. */
  inTextList(column: string, placeholder: string): string;
  /** The value bound to that one parameter. */
  textListParam(values: readonly string[]): unknown;
  /** Expression for the database's current time in epoch milliseconds (migration bookkeeping only). */
  readonly nowMs: string;
  /** Rows per multi-row INSERT (kept under each database's parameter limit). */
  readonly insertChunk: number;
}

/** Quotes an SQL identifier (table or schema name). Identifiers cannot be parameters. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const TABLES: Record<TableName, string> = {
  records: "callgate_records",
  chain_head: "callgate_chain_head",
  migrations: "callgate_migrations",
};

/** Unquoted name of a table, for index names and messages. */
export function tableName(name: TableName): string {
  return TABLES[name];
}

/** The SQLite dialect (better-sqlite3 binds `?` parameters in order of appearance). */
export const sqliteDialect: Dialect = {
  label: "SQLite",
  param: () => "?",
  table: (name) => quoteIdent(TABLES[name]),
  seqType: "INTEGER",
  bigintType: "INTEGER",
  lockHead: "",
  inTextList: (column, placeholder) => `${column} IN (SELECT value FROM json_each(${placeholder}))`,
  textListParam: (values) => JSON.stringify(values),
  nowMs: "CAST(unixepoch('subsec') * 1000 AS INTEGER)",
  // 11 columns per row: 64 rows stay under SQLite's historical limit of 999 parameters.
  insertChunk: 256,
};

/** The PostgreSQL dialect for tables in `schema`. */
export function postgresDialect(schema: string): Dialect {
  const qs = quoteIdent(schema);
  return {
    label: "PostgreSQL",
    param: (n) => `$${n}`,
    table: (name) => `${qs}.${quoteIdent(TABLES[name])}`,
    seqType: "BIGINT",
    bigintType: "BIGINT",
    lockHead: " FOR UPDATE",
    inTextList: (column, placeholder) => `${column} = ANY(${placeholder}::text[])`,
    textListParam: (values) => [...values],
    nowMs: "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)",
    // 11 columns per row: 1000 rows use 11,000 of the 65,535 parameters a statement may carry.
    insertChunk: 1000,
  };
}
