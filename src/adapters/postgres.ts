/**
 * The PostgreSQL adapter: callgate's record log in PostgreSQL, through node-postgres (or any
 * object with the same few methods: this file depends on the shape, not on the driver).
 * Several processes may append at once: each append locks the one-row chain head
 * (`SELECT ... FOR UPDATE`) inside its transaction, so the chain stays linear.
 *
 * @example
 * import pg from "pg";
 * import { postgresStorage } from "callgate/adapters/postgres";
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const storage = postgresStorage({ client: pool, schema: "compliance" });
 */
import { postgresDialect, quoteIdent } from "./_sql/dialect.js";
import { type MigrationResult, type SqlDriver, type SqlSession, type SqlStorage, sqlStorage } from "./_sql/engine.js";
import type { SqlRow } from "./_sql/rows.js";
import { Turns } from "./_sql/turns.js";

/** What a query resolves to (the part of node-postgres' `QueryResult` this adapter reads). */
export interface PgQueryResult {
  /** The rows the statement returned, each an object keyed by column name (empty for none). */
  rows: unknown[];
}

/** One connection (node-postgres `Client`, or a `PoolClient`): runs parameterised SQL. */
export interface PgConnection {
  /** Runs one statement, with `$1`, `$2`... bound to `values` in order. */
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
}

/** A connection lent by a pool (node-postgres `PoolClient`). */
export interface PgPooledConnection extends PgConnection {
  /** Gives the connection back to the pool; an error (or `true`) destroys it instead. */
  release(error?: Error | boolean): void;
}

/** A pool (node-postgres `Pool`): runs a query on any free connection, or lends one. */
export interface PgPool extends PgConnection {
  /** Lends a connection of its own for a transaction; the adapter releases it when done. */
  connect(): Promise<PgPooledConnection>;
}

/** Options of {@link postgresStorage}. */
export interface PostgresStorageOptions {
  /**
   * A node-postgres `Pool` (recommended) or a connected `Client`. The adapter never ends it.
   * On a single connection every operation of the adapter takes its turn, as a transaction
   * needs the connection to itself: do not run your own queries on that connection meanwhile.
   */
  client: PgPool | PgConnection;
  /**
   * Schema of callgate's tables (`callgate_records`, `callgate_chain_head`,
   * `callgate_migrations`), created if missing.
   * @default "public"
   */
  schema?: string;
  /**
   * Whether `client` is a pool (transactions borrow a connection with `connect()`).
   * @default true when `client` has a `connect()` method and node-postgres' pool counters
   * (`totalCount`); a node-postgres `Client` also has `connect()`, but it opens the connection.
   */
  pooled?: boolean;
}

/** The PostgreSQL adapter; `migrate()` creates or upgrades the tables (else the first call does). */
export type PostgresStorage = SqlStorage;

/** A node-postgres error's SQLSTATE, e.g. `23505` (unique violation). */
function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function looksPooled(client: PgPool | PgConnection): client is PgPool {
  return typeof (client as Partial<PgPool>).connect === "function" && "totalCount" in client;
}

/**
 * Creates the PostgreSQL storage adapter. SQL is parameterised; only the schema name is written
 * into statements, quoted as an identifier. Instants are BIGINT milliseconds and `data` is the
 * canonical JSON text the hash covers (not jsonb, which would reorder keys).
 *
 * Capabilities: `durable` (with the server's default `fsync` and `synchronous_commit`),
 * `multiProcess`, `maxBatchSize` 10000 (one multi-row INSERT per 1000 records).
 */
export function postgresStorage(options: PostgresStorageOptions): PostgresStorage {
  const client = options.client;
  const schema = options.schema ?? "public";
  const pooled = options.pooled ?? looksPooled(client);
  const dialect = postgresDialect(schema);
  // One turn at a time for this adapter's transactions (and, on a single connection, for
  // everything): writers in this process queue here instead of holding pool connections while
  // they wait for the chain-head lock.
  const turns = new Turns();

  const sessionOf = (connection: PgConnection): SqlSession => ({
    query: async (sql, params) => (await connection.query(sql, [...params])).rows as SqlRow[],
  });

  const driver: SqlDriver = {
    dialect,
    transaction: (_purpose, work) =>
      turns.run(async () => {
        const connection = pooled ? await (client as PgPool).connect() : client;
        let broken: Error | undefined;
        try {
          await connection.query("BEGIN");
          const out = await work(sessionOf(connection));
          await connection.query("COMMIT");
          return out;
        } catch (error) {
          try {
            await connection.query("ROLLBACK");
          } catch (rollbackError) {
            broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          }
          throw error;
        } finally {
          // A connection that could not roll back is destroyed, not returned to the pool.
          if (pooled) (connection as PgPooledConnection).release(broken ?? false);
        }
      }),
    read: async (sql, params) =>
      pooled
        ? ((await client.query(sql, [...params])).rows as SqlRow[])
        : turns.run(async () => (await client.query(sql, [...params])).rows as SqlRow[]),
    isUniqueViolation: (error) => sqlState(error) === "23505",
    async beforeMigrate(session) {
      // Processes starting together migrate one after the other.
      await session.query("SELECT pg_advisory_xact_lock(1667329140, hashtext($1))", [schema]);
      const exists = await session.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
      if (exists.length === 0) await session.query(`CREATE SCHEMA ${quoteIdent(schema)}`, []);
    },
  };

  return sqlStorage(driver, { durable: true, multiProcess: true, maxBatchSize: 10_000 });
}

export type { MigrationResult, SqlStorage };
