/**
 * The storage contract implemented once over SQL: the SQLite and PostgreSQL adapters differ only
 * in how they open a transaction, run a statement and recognise a unique violation (their
 * `SqlDriver`), and in the few words of {@link Dialect}.
 */
import { CallgateError, ErrorCodes } from "../../errors.js";
import { canonicalJson } from "../../records/canonical.js";
import { purgeRuns, sealRecord } from "../../records/chain.js";
import type {
  ChainHead,
  ListQuery,
  NewRecord,
  PhoneFacts,
  PhoneFactsQuery,
  PurgeRequest,
  PurgeResult,
  RecordPage,
  StorageAdapter,
  StorageCapabilities,
  StoredRecord,
} from "../../storage/types.js";
import type { Dialect } from "./dialect.js";
import {
  SCHEMA_VERSION,
  appliedVersionsSql,
  createMigrationsTableSql,
  pendingMigrations,
  recordMigrationSql,
} from "./migrations.js";
import {
  deleteRecordsSql,
  existingIdsSql,
  getRecordSql,
  insertRecordsSql,
  listRecordsSql,
  pageSize,
  phoneFactsSql,
  selectHeadSql,
  updateHeadSql,
} from "./queries.js";
import { type SqlRow, integerColumn, recordValues, rowToRecord } from "./rows.js";

/** Runs statements inside one transaction. */
export interface SqlSession {
  query(sql: string, params: readonly unknown[]): Promise<readonly SqlRow[]>;
}

/** Why a transaction is opened; a driver may tune it (SQLite's synchronous level for bulk appends). */
export interface TransactionPurpose {
  operation: "append" | "purge" | "migrate";
  /** Records the transaction appends. */
  records: number;
}

/** What a SQL adapter provides to the shared engine. */
export interface SqlDriver {
  readonly dialect: Dialect;
  /**
   * Runs `work` in one write transaction, after every earlier transaction of this adapter has
   * settled; commits when it resolves, rolls back and rethrows when it throws.
   */
  transaction<T>(purpose: TransactionPurpose, work: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Runs one read-only statement (never inside another caller's open transaction). */
  read(sql: string, params: readonly unknown[]): Promise<readonly SqlRow[]>;
  /** True when `error` is the driver's unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /** Runs first in the migration transaction (PostgreSQL: lock out other migrators, create the schema). */
  beforeMigrate?(session: SqlSession): Promise<void>;
}

/** The schema versions a {@link SqlStorage.migrate} call went between. */
export interface MigrationResult {
  /** Version the database had (0 = no callgate tables). */
  from: number;
  /** Version it has now. */
  to: number;
}

/**
 * A storage adapter backed by a SQL database: what `sqliteStorage()` and `postgresStorage()`
 * return (as `SqliteStorage` and `PostgresStorage`).
 */
export interface SqlStorage extends StorageAdapter {
  /** What the adapter guarantees, every field set: durability, several processes, largest batch. */
  readonly capabilities: Required<StorageCapabilities>;
  /**
   * Creates or upgrades callgate's tables (idempotent; safe with several processes at once).
   * Every other method calls it once before its first statement, so calling it is optional:
   * do it at start-up to surface a bad connection or a too-new database early.
   */
  migrate(): Promise<MigrationResult>;
}

function duplicate(id: string, cause?: unknown): CallgateError {
  return new CallgateError(ErrorCodes.DUPLICATE_RECORD, `A record with id ${id} is already stored`, {
    details: { id },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Creates the adapter. No statement runs until the first call. */
export function sqlStorage(driver: SqlDriver, capabilities: Required<StorageCapabilities>): SqlStorage {
  const d = driver.dialect;

  const fail = (operation: string, error: unknown): CallgateError => {
    if (error instanceof CallgateError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new CallgateError(ErrorCodes.STORAGE_FAILURE, `${d.label} storage failed to ${operation}: ${message}`, {
      details: { operation },
      cause: error,
    });
  };

  const migrate = async (): Promise<MigrationResult> => {
    try {
      return await driver.transaction({ operation: "migrate", records: 0 }, async (s) => {
        await driver.beforeMigrate?.(s);
        await s.query(createMigrationsTableSql(d), []);
        const applied = (await s.query(appliedVersionsSql(d), [])).map((row) => integerColumn(row, "version"));
        const from = applied.length === 0 ? 0 : Math.max(...applied);
        for (const m of pendingMigrations(applied)) {
          for (const sql of m.statements(d)) await s.query(sql, []);
          await s.query(recordMigrationSql(d), [m.version, m.name]);
        }
        return { from, to: SCHEMA_VERSION };
      });
    } catch (error) {
      throw fail("migrate its schema", error);
    }
  };

  let migrated: Promise<MigrationResult> | undefined;
  const ready = (): Promise<MigrationResult> => {
    migrated ??= migrate().catch((error: unknown) => {
      migrated = undefined; // let a later call retry (the database may come back)
      throw error;
    });
    return migrated;
  };

  const readHead = async (s: SqlSession, lock: boolean): Promise<ChainHead | null> => {
    const row = (await s.query(selectHeadSql(d, lock), []))[0];
    if (row === undefined) {
      throw new CallgateError(ErrorCodes.INTEGRITY_VIOLATION, `The ${d.label} chain-head row is missing`);
    }
    const seq = integerColumn(row, "seq");
    return seq === 0 ? null : { seq, hash: String(row["hash"]) };
  };

  /**
   * Seals `records` after `head` with sealRecord. Each record's data is serialised once, before
   * the transaction (`dataTexts`): the same canonical text is hashed and stored, and the write
   * lock is held only for the hashing and the INSERT.
   */
  const seal = (
    head: ChainHead | null,
    records: readonly NewRecord[],
    dataTexts: readonly string[],
  ): { sealed: StoredRecord[]; rows: unknown[][] } => {
    const sealed: StoredRecord[] = [];
    const rows: unknown[][] = [];
    let h = head;
    records.forEach((r, i) => {
      const dataText = dataTexts[i] ?? canonicalJson(r.data);
      const s = sealRecord(h, r, dataText);
      sealed.push(s);
      rows.push(recordValues(s, dataText));
      h = { seq: s.seq, hash: s.hash };
    });
    return { sealed, rows };
  };

  const insert = async (s: SqlSession, batch: { sealed: readonly StoredRecord[]; rows: readonly unknown[][] }): Promise<void> => {
    for (let i = 0; i < batch.rows.length; i += d.insertChunk) {
      const { sql, params } = insertRecordsSql(d, batch.rows.slice(i, i + d.insertChunk));
      await s.query(sql, params);
    }
    const last = batch.sealed[batch.sealed.length - 1];
    if (last !== undefined) {
      const { sql, params } = updateHeadSql(d, last.seq, last.hash);
      await s.query(sql, params);
    }
  };

  /** After a unique violation: which id was taken (or, if none, the chain head is behind the rows). */
  const explainUniqueViolation = async (ids: readonly string[], cause: unknown): Promise<CallgateError> => {
    const { sql, params } = existingIdsSql(d, ids);
    const taken = new Set((await driver.read(sql, params)).map((row) => String(row["id"])));
    const id = ids.find((i) => taken.has(i));
    if (id !== undefined) return duplicate(id, cause);
    return new CallgateError(
      ErrorCodes.INTEGRITY_VIOLATION,
      `The ${d.label} chain head is behind the stored records: a seq it hands out is already taken`,
      { cause },
    );
  };

  const write = async <T>(
    purpose: TransactionPurpose,
    ids: readonly string[],
    operation: string,
    work: (s: SqlSession) => Promise<T>,
  ): Promise<T> => {
    await ready();
    try {
      return await driver.transaction(purpose, work);
    } catch (error) {
      if (driver.isUniqueViolation(error)) {
        let explained: CallgateError;
        try {
          explained = await explainUniqueViolation(ids, error);
        } catch {
          throw fail(operation, error);
        }
        throw explained;
      }
      throw fail(operation, error);
    }
  };

  const read = async (operation: string, sql: string, params: readonly unknown[]): Promise<readonly SqlRow[]> => {
    await ready();
    try {
      return await driver.read(sql, params);
    } catch (error) {
      throw fail(operation, error);
    }
  };

  return {
    capabilities,
    migrate: ready,

    async append(records: readonly NewRecord[]): Promise<StoredRecord[]> {
      if (records.length === 0) return [];
      const ids = records.map((r) => r.id);
      const seen = new Set<string>();
      for (const id of ids) {
        if (seen.has(id)) throw duplicate(id);
        seen.add(id);
      }
      const dataTexts = records.map((r) => canonicalJson(r.data));
      return write({ operation: "append", records: records.length }, ids, "append", async (s) => {
        const batch = seal(await readHead(s, true), records, dataTexts);
        await insert(s, batch);
        return batch.sealed;
      });
    },

    async getPhoneFacts(query: PhoneFactsQuery): Promise<PhoneFacts> {
      const { sql, params } = phoneFactsSql(d, query.sellerId, query.phone, query.interactionsSince.getTime());
      const facts: PhoneFacts = { standing: [], interactions: [] };
      for (const row of await read("read phone facts", sql, params)) {
        const r = rowToRecord(row);
        (r.kind === "interaction" || r.kind === "amendment" ? facts.interactions : facts.standing).push(r);
      }
      return facts;
    },

    async listRecords(query: ListQuery): Promise<RecordPage> {
      const { sql, params } = listRecordsSql(d, query);
      const rows = await read("list records", sql, params);
      const limit = pageSize(query.limit);
      const records = rows.slice(0, limit).map(rowToRecord);
      const last = records[records.length - 1];
      return rows.length > limit && last !== undefined ? { records, nextAfterSeq: last.seq } : { records };
    },

    async getRecord(id: string): Promise<StoredRecord | null> {
      const { sql, params } = getRecordSql(d, id);
      const row = (await read("read a record", sql, params))[0];
      return row === undefined ? null : rowToRecord(row);
    },

    async head(): Promise<ChainHead | null> {
      await ready();
      try {
        return await readHead({ query: (sql, params) => driver.read(sql, params) }, false);
      } catch (error) {
        throw fail("read the chain head", error);
      }
    },

    async purge(request: PurgeRequest): Promise<PurgeResult> {
      return write({ operation: "purge", records: 1 }, [request.checkpoint.id], "purge", async (s) => {
        const head = await readHead(s, true);
        const deleted: { seq: number; hash: string }[] = [];
        if (request.ids.length > 0) {
          const { sql, params } = deleteRecordsSql(d, request.ids);
          for (const row of await s.query(sql, params)) {
            deleted.push({ seq: integerColumn(row, "seq"), hash: String(row["hash"]) });
          }
        }
        const checkpoint: NewRecord = {
          ...request.checkpoint,
          data: { ...request.checkpoint.data, runs: purgeRuns(deleted), removed: deleted.length },
        };
        const batch = seal(head, [checkpoint], [canonicalJson(checkpoint.data)]);
        await insert(s, batch);
        return { removed: deleted.length, checkpoint: batch.sealed[0] ?? null };
      });
    },

    async close(): Promise<void> {
      // The connection was handed in: its owner closes it (StorageAdapter.close).
    },
  };
}
