/**
 * The SQLite adapter: callgate's record log in one SQLite file, through better-sqlite3 (or any
 * object with the same few methods: this file depends on the shape, not on the driver, so
 * better-sqlite3 is not a dependency of callgate).
 *
 * @example
 * import Database from "better-sqlite3";
 * import { sqliteStorage } from "callgate/adapters/sqlite";
 *
 * const storage = sqliteStorage({ database: new Database("callgate.db") });
 */
import { sqliteDialect } from "./_sql/dialect.js";
import { type MigrationResult, type SqlDriver, type SqlSession, type SqlStorage, sqlStorage } from "./_sql/engine.js";
import type { SqlRow } from "./_sql/rows.js";
import { Turns } from "./_sql/turns.js";

/** The part of a better-sqlite3 `Statement` this adapter calls. */
export interface SqliteStatement {
  /** True when the statement returns rows. */
  readonly reader: boolean;
  /** Runs a statement that returns no rows (DDL, INSERT, UPDATE, DELETE) with positional parameters. */
  run(...params: unknown[]): unknown;
  /** Runs a statement that returns rows and gives every row, as an object keyed by column name. */
  all(...params: unknown[]): unknown[];
}

/** The part of a better-sqlite3 `Database` this adapter calls. */
export interface SqliteDatabase {
  /** Compiles one SQL statement; the adapter caches what it returns and runs it many times. */
  prepare(source: string): SqliteStatement;
  /** Runs SQL without parameters or results: pragmas, `BEGIN IMMEDIATE`, `COMMIT`, `ROLLBACK`. */
  exec(source: string): unknown;
  /** True while a transaction is open on the connection. */
  readonly inTransaction: boolean;
  /** True for an in-memory database (nothing survives the process). */
  readonly memory?: boolean;
}

/**
 * SQLite's `synchronous` level for a commit, in WAL mode:
 * - `"full"`: the WAL is fsynced at every commit. A resolved append survives a crash of the
 *   process, a crash of the operating system and a power loss.
 * - `"normal"`: the WAL is written at every commit but fsynced only at checkpoints (and by the
 *   next `"full"` commit, which syncs every frame before it). A resolved append survives a
 *   crash of the process: the commit is in the operating system's cache, and the next opening
 *   of the file replays it. An operating-system crash or a power loss may roll back the commits
 *   made since the last sync; the database stays consistent and its chain still verifies.
 */
export type SqliteSynchronous = "full" | "normal";

/** Options of {@link sqliteStorage}. */
export interface SqliteStorageOptions {
  /**
   * An open better-sqlite3 `Database` (or its structural subset). Give callgate a connection of
   * its own: the adapter sets its pragmas, and its transactions span several statements that
   * must not interleave with another user's. The adapter never closes it.
   */
  database: SqliteDatabase;
  /**
   * `synchronous` level of every write except bulk appends: single records, a record with its
   * side effects, purges, migrations.
   * @default "full"
   */
  synchronous?: SqliteSynchronous;
  /**
   * `synchronous` level of bulk appends (imports, backfills): appends of at least
   * `bulkMinRecords` records. With `"normal"`, a resolved bulk append survives a crash of the
   * process but not necessarily a power loss (see {@link SqliteSynchronous}).
   * @default "normal"
   */
  bulkSynchronous?: SqliteSynchronous;
  /**
   * Smallest append that counts as bulk. The gate's own batches (a record and its side effects)
   * are far smaller, so they are committed at the `synchronous` level.
   * @default 100
   */
  bulkMinRecords?: number;
  /**
   * How long a write waits for another process holding the write lock before it fails with
   * `STORAGE_FAILURE`. The wait blocks the thread (better-sqlite3 is synchronous).
   * @default 5000
   */
  busyTimeoutMs?: number;
  /**
   * Page cache of the connection in KiB (`PRAGMA cache_size = -N`), filled only as pages are
   * read; the secondary indexes of a large log stay in memory. `null` keeps the connection's own.
   * @default 65536
   */
  cacheSizeKiB?: number | null;
  /**
   * WAL pages (4 KiB each by default) written before an automatic checkpoint
   * (`PRAGMA wal_autocheckpoint`). A larger WAL absorbs repeated writes of the same index pages
   * between checkpoints. `null` keeps the connection's own.
   * @default 10000
   */
  walAutocheckpointPages?: number | null;
}

/** The SQLite adapter; `migrate()` creates or upgrades the tables (else the first call does). */
export type SqliteStorage = SqlStorage;

/** A better-sqlite3 error code such as `SQLITE_CONSTRAINT_UNIQUE`. */
function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Creates the SQLite storage adapter. It switches the connection to WAL mode and the chosen
 * `synchronous` levels, and keeps its schema in tables named `callgate_*` (versioned in
 * `callgate_migrations`). Every write is one `BEGIN IMMEDIATE` transaction, so several
 * processes may append to the same file (not over a network file system).
 *
 * Capabilities: `durable` and `multiProcess` for a file, neither for `:memory:`;
 * `maxBatchSize` 10000.
 */
export function sqliteStorage(options: SqliteStorageOptions): SqliteStorage {
  const db = options.database;
  const single = options.synchronous ?? "full";
  const bulk = options.bulkSynchronous ?? "normal";
  const bulkMin = Math.max(1, Math.floor(options.bulkMinRecords ?? 100));
  const busyTimeout = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
  const cacheKiB = options.cacheSizeKiB === undefined ? 65_536 : options.cacheSizeKiB;
  const walPages = options.walAutocheckpointPages === undefined ? 10_000 : options.walAutocheckpointPages;
  const statements = new Map<string, SqliteStatement>();
  const turns = new Turns();
  let configured = false;
  let level: SqliteSynchronous | undefined;

  const configure = (): void => {
    if (configured) return;
    db.exec(`PRAGMA busy_timeout = ${busyTimeout}`);
    db.exec("PRAGMA journal_mode = WAL");
    if (cacheKiB !== null) db.exec(`PRAGMA cache_size = ${-Math.max(0, Math.floor(cacheKiB))}`);
    if (walPages !== null) db.exec(`PRAGMA wal_autocheckpoint = ${Math.max(0, Math.floor(walPages))}`);
    configured = true;
  };

  const setLevel = (wanted: SqliteSynchronous): void => {
    if (level === wanted) return;
    db.exec(`PRAGMA synchronous = ${wanted === "full" ? "FULL" : "NORMAL"}`);
    level = wanted;
  };

  const prepare = (sql: string): SqliteStatement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      if (statements.size >= 256) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const run = (sql: string, params: readonly unknown[]): readonly SqlRow[] => {
    const statement = prepare(sql);
    if (statement.reader) return statement.all(...params) as SqlRow[];
    statement.run(...params);
    return [];
  };

  const session: SqlSession = { query: async (sql, params) => run(sql, params) };

  const driver: SqlDriver = {
    dialect: sqliteDialect,
    transaction: (purpose, work) =>
      turns.run(async () => {
        configure();
        // The level must be set outside a transaction; it applies to this transaction's commit.
        setLevel(purpose.operation === "append" && purpose.records >= bulkMin ? bulk : single);
        db.exec("BEGIN IMMEDIATE");
        try {
          const out = await work(session);
          db.exec("COMMIT");
          return out;
        } catch (error) {
          if (db.inTransaction) db.exec("ROLLBACK");
          throw error;
        }
      }),
    read: (sql, params) =>
      turns.run(() => {
        configure();
        return run(sql, params);
      }),
    isUniqueViolation: (error) => {
      const code = sqliteCode(error);
      return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
    },
  };

  const persistent = db.memory !== true;
  return sqlStorage(driver, { durable: persistent, multiProcess: persistent, maxBatchSize: 10_000 });
}

export type { MigrationResult, SqlStorage };
