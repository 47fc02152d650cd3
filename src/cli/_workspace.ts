/**
 * Where the command-line tool keeps things: the database (an embedded SQLite file by default, or
 * PostgreSQL with `--postgres`), the config file beside it (the seller), and the folder of
 * registry snapshot files. Opens a gate over them.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { createCallgate, type Callgate, type PolicyInput, type Registry, type Seller, type StorageAdapter } from "../index.js";
import { postgresStorage } from "../adapters/postgres.js";
import { sqliteStorage } from "../adapters/sqlite.js";
import { ExitCodes, CliError, storageError, usageError } from "./_errors.js";
import { listRecordedSnapshots, loadSnapshotsInUse, type RecordedSnapshot } from "./_snapshots.js";

/** The options every command takes (set on the program, read with `optsWithGlobals()`). */
export interface GlobalOptions {
  db: string;
  postgres?: string;
  pgSchema?: string;
  config?: string;
  registries?: string;
  sellerId?: string;
  sellerName?: string;
  callerId?: string;
  debug?: boolean;
}

/** `callgate.config.json`. */
export interface ConfigFile {
  seller?: Partial<Seller>;
  /** Overrides of the default policy (api.md "Policy"). */
  policy?: PolicyInput;
  /** The folder of registry snapshot files, relative to the config file. */
  registries?: string;
}

/** The name of the config file beside the database. */
export const CONFIG_FILE = "callgate.config.json";
/** The name of the snapshot folder beside the database. */
export const REGISTRY_FOLDER = "callgate-registries";

/** Paths the options resolve to. */
export interface WorkspacePaths {
  /** The SQLite file, or `undefined` with `--postgres`. */
  database: string | undefined;
  /** A printable name of the store (the file, or the URL without its password). */
  store: string;
  config: string;
  registries: string;
}

/** Resolves the paths: the config and the snapshot folder sit beside the SQLite file (or in the working directory with PostgreSQL). */
export function workspacePaths(options: GlobalOptions, config?: ConfigFile): WorkspacePaths {
  const database = options.postgres === undefined ? resolve(options.db) : undefined;
  const home = database === undefined ? process.cwd() : dirname(database);
  const configPath = options.config === undefined ? join(home, CONFIG_FILE) : resolve(options.config);
  const registries =
    options.registries !== undefined
      ? resolve(options.registries)
      : config?.registries !== undefined
        ? resolve(dirname(configPath), config.registries)
        : join(home, REGISTRY_FOLDER);
  return { database, store: database ?? redactUrl(options.postgres ?? ""), config: configPath, registries };
}

/** Reads the config file; `{}` when there is none. */
export async function readConfig(options: GlobalOptions): Promise<ConfigFile> {
  const path = workspacePaths(options).config;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT" && options.config === undefined) return {};
    throw usageError(`cannot read the config file ${path}`, "check --config, or create it with callgate init", error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw usageError(`the config file ${path} is not valid JSON`, "fix it or recreate it with callgate init --force", error);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw usageError(`the config file ${path} must hold a JSON object`, "recreate it with callgate init --force");
  }
  return parsed as ConfigFile;
}

/** The seller: flags first, then the config file. */
export function resolveSeller(options: GlobalOptions, config: ConfigFile, configPath: string): Seller {
  const id = options.sellerId ?? config.seller?.id;
  const name = options.sellerName ?? config.seller?.name;
  if (id === undefined || name === undefined) {
    throw usageError(
      `no seller configured (${configPath} not found or without seller.id and seller.name)`,
      "run callgate init --seller-id ID --seller-name NAME --caller-id NUMBER, or pass --seller-id and --seller-name",
    );
  }
  const seller: Seller = { id, name };
  const callerId = options.callerId ?? config.seller?.callerId;
  if (callerId !== undefined) seller.callerId = callerId;
  if (config.seller?.timeZone !== undefined) seller.timeZone = config.seller.timeZone;
  return seller;
}

/** An open store. */
export interface OpenStore {
  storage: StorageAdapter & { migrate?(): Promise<unknown> };
  close(): Promise<void>;
}

/**
 * Opens the store. `create: false` refuses a SQLite file that does not exist (a read-only command
 * on a mistyped path must not leave an empty database behind).
 */
export async function openStore(options: GlobalOptions, create: boolean): Promise<OpenStore> {
  const store = options.postgres === undefined ? await openSqlite(resolve(options.db), create) : await openPostgres(options.postgres, options.pgSchema);
  try {
    await store.storage.migrate?.();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}

async function openSqlite(path: string, create: boolean): Promise<OpenStore> {
  if (!create && !existsSync(path)) {
    throw storageError(`no database at ${path}`, "pass --db PATH (or --postgres URL), or create one with callgate init");
  }
  let Database: typeof import("better-sqlite3");
  try {
    // An ES module sees the CommonJS export as `default` (the types describe `export =`).
    const driver = (await import("better-sqlite3")) as typeof import("better-sqlite3") & { default?: typeof import("better-sqlite3") };
    Database = driver.default ?? driver;
  } catch (error) {
    if ((error as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND") {
      throw storageError("the SQLite driver better-sqlite3 is not installed", "npm install better-sqlite3, or use --postgres URL", error);
    }
    throw storageError(`the SQLite driver better-sqlite3 cannot be loaded: ${messageOf(error)}`, "reinstall it (npm rebuild better-sqlite3), or use --postgres URL", error);
  }
  let database: InstanceType<typeof Database>;
  try {
    database = new Database(path);
  } catch (error) {
    throw storageError(`cannot open the SQLite database ${path}: ${messageOf(error)}`, "check the path and its permissions", error);
  }
  return {
    storage: sqliteStorage({ database }),
    close: async () => {
      database.close();
    },
  };
}

async function openPostgres(url: string, schema: string | undefined): Promise<OpenStore> {
  let Pool: typeof import("pg").Pool;
  try {
    Pool = (await import("pg")).Pool;
  } catch (error) {
    if ((error as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND") {
      throw storageError("the PostgreSQL driver pg is not installed", "npm install pg, or use the SQLite file (--db)", error);
    }
    throw storageError(`the PostgreSQL driver pg cannot be loaded: ${messageOf(error)}`, "reinstall it, or use the SQLite file (--db)", error);
  }
  let pool: InstanceType<typeof Pool>;
  try {
    pool = new Pool({ connectionString: url, max: 4 });
  } catch (error) {
    throw usageError(`cannot use the PostgreSQL URL ${redactUrl(url)}: ${messageOf(error)}`, "pass --postgres postgres://user:password@host:5432/database", error);
  }
  // An idle client's error (the server went away) must not crash the process.
  pool.on("error", () => undefined);
  return { storage: postgresStorage({ client: pool, ...(schema === undefined ? {} : { schema }) }), close: () => pool.end() };
}

/** What a command works with: the gate, the store, the paths. */
export interface Workspace {
  gate: Callgate;
  storage: StorageAdapter;
  paths: WorkspacePaths;
  config: ConfigFile;
  seller: Seller;
  /** The snapshots recorded in the store, oldest first (one entry per snapshot id). */
  snapshots: RecordedSnapshot[];
  close(): Promise<void>;
}

/** Options of {@link openWorkspace}. */
export interface OpenOptions {
  /** Create the SQLite file when it is missing (commands that write). */
  create: boolean;
  /** Load the registry snapshots the gate would use (commands that gate calls). */
  registries: boolean;
  /** Wraps the store before the gate is built (`purge --dry-run`). */
  wrapStorage?: (storage: StorageAdapter) => StorageAdapter;
  /** The gate's clock. @default the system clock */
  now?: () => Date;
}

/** Opens the config, the store and a gate; with `registries`, loads the snapshots in use. */
export async function openWorkspace(options: GlobalOptions, open: OpenOptions): Promise<Workspace> {
  const config = await readConfig(options);
  const paths = workspacePaths(options, config);
  const seller = resolveSeller(options, config, paths.config);
  const store = await openStore(options, open.create);
  try {
    const snapshots = await listRecordedSnapshots(store.storage, seller.id);
    let registries: Registry[] = [];
    if (open.registries) registries = await loadSnapshotsInUse(snapshots, paths.registries);
    const storage = open.wrapStorage === undefined ? store.storage : open.wrapStorage(store.storage);
    const gate = createCallgate({
      seller,
      storage,
      registries,
      ...(config.policy === undefined ? {} : { policy: config.policy }),
      ...(open.now === undefined ? {} : { clock: { now: open.now } }),
    });
    return { gate, storage: store.storage, paths, config, seller, snapshots, close: store.close };
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** Runs `work` with a workspace and closes it afterwards, whatever happens. */
export async function withWorkspace<T>(options: GlobalOptions, open: OpenOptions, work: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await openWorkspace(options, open);
  try {
    return await work(ws);
  } finally {
    await ws.close();
  }
}

/** Reads `--at`: an ISO-8601 instant (a bare date or an offset-less time is New York time). */
export function requireInstant(value: string, flag: string, parse: (v: string) => Date | undefined): Date {
  const at = parse(value);
  if (at === undefined) throw new CliError(ExitCodes.USAGE, `${flag} ${JSON.stringify(value)} is not a date`, "use ISO-8601, e.g. 2026-11-30T14:00:00-05:00 or 2026-11-30 (New York time)");
  return at;
}

/** Refuses an output path whose folder does not exist, before any work is done. */
export function checkOutputPath(path: string, flag: string): void {
  if (path === "-") return;
  const folder = dirname(resolve(path));
  if (!existsSync(folder)) throw usageError(`${flag} ${path}: the folder ${folder} does not exist`, "create it or choose another path");
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, "//$1:***@");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
