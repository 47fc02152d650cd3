/**
 * The versioned schema of the SQL adapters, written once for SQLite and PostgreSQL. A database
 * records the versions applied in `callgate_migrations`; the adapter applies the missing ones,
 * in order, in one transaction, and refuses a database newer than it knows (style.md habit 11:
 * persisted shapes carry a version).
 */
import { GENESIS_HASH } from "../../records/chain.js";
import { type Dialect, tableName } from "./dialect.js";

/** One step of the schema. Never edit a released step: add a new one. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Statements, run in order inside the migration transaction. */
  statements(d: Dialect): string[];
}

/** The schema's history. The last entry is the version this code writes. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "records",
    statements: (d) => [
      `CREATE TABLE ${d.table("records")} (
        seq ${d.seqType} PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        seller_id TEXT NOT NULL,
        phone TEXT,
        at_ms ${d.bigintType} NOT NULL,
        recorded_at_ms ${d.bigintType} NOT NULL,
        schema_version INTEGER NOT NULL,
        data TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      )`,
      // getPhoneFacts is one range scan of this index. SQLite keeps equal keys in rowid (= seq)
      // order, so it needs no sort; PostgreSQL sorts the number's few rows. Adding seq to the key
      // would cost every append (a bigger random-access index) for no fewer rows read.
      `CREATE INDEX ${tableName("records")}_phone_seller ON ${d.table("records")} (phone, seller_id)`,
    ],
  },
  {
    // A one-row chain head: writers in several processes lock it (SELECT ... FOR UPDATE) to keep
    // the chain linear, and it remembers the newest seq, so deleting the newest rows by hand is
    // seen (head() no longer matches the last record) and a seq is never reused after a purge.
    version: 2,
    name: "chain-head",
    statements: (d) => [
      `CREATE TABLE ${d.table("chain_head")} (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq ${d.bigintType} NOT NULL,
        hash TEXT NOT NULL
      )`,
      `INSERT INTO ${d.table("chain_head")} (id, seq, hash)
        SELECT 1,
          COALESCE((SELECT seq FROM ${d.table("records")} ORDER BY seq DESC LIMIT 1), 0),
          COALESCE((SELECT hash FROM ${d.table("records")} ORDER BY seq DESC LIMIT 1), '${GENESIS_HASH}')`,
    ],
  },
];

/** The schema version this code reads and writes. */
export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** Creates the bookkeeping table (idempotent). */
export function createMigrationsTableSql(d: Dialect): string {
  return `CREATE TABLE IF NOT EXISTS ${d.table("migrations")} (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at_ms ${d.bigintType} NOT NULL
  )`;
}

/** Reads the applied versions. */
export function appliedVersionsSql(d: Dialect): string {
  return `SELECT version FROM ${d.table("migrations")} ORDER BY version`;
}

/** Records one applied version (parameters: version, name). */
export function recordMigrationSql(d: Dialect): string {
  return `INSERT INTO ${d.table("migrations")} (version, name, applied_at_ms) VALUES (${d.param(1)}, ${d.param(2)}, ${d.nowMs})`;
}

/**
 * The migrations still to apply on a database at `applied` versions. Throws (as a plain Error the
 * adapter wraps) when the database was written by a newer callgate or its history has a hole.
 */
export function pendingMigrations(applied: readonly number[]): Migration[] {
  const known = new Set(MIGRATIONS.map((m) => m.version));
  const newer = applied.filter((v) => !known.has(v));
  if (newer.length > 0) {
    throw new Error(
      `the database has schema version ${Math.max(...newer)}, newer than this callgate (${SCHEMA_VERSION}): upgrade callgate`,
    );
  }
  const done = new Set(applied);
  const pending = MIGRATIONS.filter((m) => !done.has(m.version));
  const firstPending = pending[0];
  if (firstPending !== undefined && applied.some((v) => v > firstPending.version)) {
    throw new Error(`the database's schema history skips version ${firstPending.version}`);
  }
  return pending;
}
