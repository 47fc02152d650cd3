import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { type SqliteStorage, sqliteStorage } from "../../src/adapters/sqlite.js";
import { GENESIS_HASH, sealBatch } from "../../src/records/chain.js";
import { canonicalJson } from "../../src/records/canonical.js";
import { RecordFactory } from "../../src/testing/_conformance/fixtures.js";
import { verifyStore } from "../../src/testing/_conformance/store.js";
import { runStorageConformance } from "../../src/testing/conformance.js";
import { fixture, runScript, startScript } from "./_support/child.js";
import { type RawDatabase, TAMPER_CASES, expectTamperSeen, seedTen } from "./_support/tamper.js";

const dirs: string[] = [];
function tempFile(name = "callgate.db"): string {
  const dir = mkdtempSync(join(tmpdir(), "callgate-sqlite-"));
  dirs.push(dir);
  return join(dir, name);
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

type Opened = SqliteStorage & { database: Database.Database };
function open(file = tempFile(), options: Omit<Parameters<typeof sqliteStorage>[0], "database"> = {}): Opened {
  const database = new Database(file);
  return Object.assign(sqliteStorage({ database, ...options }), { database });
}

runStorageConformance({
  test: it,
  describe,
  name: "sqliteStorage conformance (file)",
  createStorage: () => open(),
  dispose: (s) => s.database.close(),
});

describe("sqliteStorage", () => {
  it("types the better-sqlite3 Database as its structural subset", () => {
    const database = new Database(":memory:");
    const storage = sqliteStorage({ database });
    expect(storage.capabilities).toEqual({ durable: false, multiProcess: false, maxBatchSize: 10_000 });
    expect(open().capabilities).toEqual({ durable: true, multiProcess: true, maxBatchSize: 10_000 });
  });

  it("uses WAL, synchronous=FULL for the gate's appends and NORMAL for bulk appends", async () => {
    const s = open(tempFile());
    const make = new RecordFactory();
    const level = (): unknown => s.database.pragma("synchronous", { simple: true });
    await s.append([make.record()]);
    expect(s.database.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(level()).toBe(2); // FULL
    await s.append(make.records(3)); // a record with its side effects is not bulk
    expect(level()).toBe(2);
    await s.append(make.records(100));
    expect(level()).toBe(1); // NORMAL
    await s.purge({ ids: [], checkpoint: make.checkpoint() });
    expect(level()).toBe(2);
    expect(s.database.pragma("cache_size", { simple: true })).toBe(-65_536);
    expect(s.database.pragma("wal_autocheckpoint", { simple: true })).toBe(10_000);
    s.database.close();
  });

  it("leaves the connection's cache and checkpoint settings alone when told to", async () => {
    const s = open(tempFile(), { synchronous: "normal", bulkSynchronous: "full", cacheSizeKiB: null, walAutocheckpointPages: null });
    s.database.pragma("cache_size = -1234");
    await s.append([new RecordFactory().record()]);
    expect(s.database.pragma("synchronous", { simple: true })).toBe(1);
    expect(s.database.pragma("cache_size", { simple: true })).toBe(-1234);
    expect(s.database.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    s.database.close();
  });

  it("stores data as canonical JSON text and instants as integer milliseconds", async () => {
    const s = open();
    const [r] = await s.append([new RecordFactory().record({ data: { z: 1, a: { y: [1, 2], b: "é" } } })]);
    const row = s.database.prepare("SELECT data, at_ms, typeof(at_ms) AS t FROM callgate_records WHERE seq = 1").get() as Record<string, unknown>;
    expect(row["data"]).toBe(canonicalJson(r?.data));
    expect(row["at_ms"]).toBe(r?.at.getTime());
    expect(row["t"]).toBe("integer");
    s.database.close();
  });

  it("answers getPhoneFacts with one range scan of the (phone, seller_id) index, without sorting", async () => {
    const s = open();
    await s.migrate();
    const plan = s.database
      .prepare(
        "EXPLAIN QUERY PLAN SELECT * FROM callgate_records WHERE phone = ? AND seller_id = ? AND (kind IN ('consent','relationship','do-not-call') OR (kind = 'interaction' AND at_ms >= ?)) ORDER BY seq",
      )
      .all("+16175550123", "acme-solar", 0) as { detail: string }[];
    const details = plan.map((p) => p.detail).join(" | ");
    expect(details).toContain("USING INDEX callgate_records_phone_seller (phone=? AND seller_id=?)");
    expect(details).not.toContain("TEMP B-TREE");
    s.database.close();
  });

  it("names the duplicate id in the error", async () => {
    const s = open();
    const r = new RecordFactory().record();
    await s.append([r]);
    await expect(s.append([r])).rejects.toMatchObject({ code: "DUPLICATE_RECORD", details: { id: r.id } });
    s.database.close();
  });

  it("wraps driver failures in STORAGE_FAILURE with the cause", async () => {
    const s = open();
    await s.migrate();
    s.database.close();
    await expect(s.head()).rejects.toMatchObject({ code: "STORAGE_FAILURE", name: "CallgateError" });
  });
});

describe("sqliteStorage migrations", () => {
  /** The schema as version 1 shipped it, written out by hand. */
  function createV1(db: Database.Database): void {
    db.exec(`
      CREATE TABLE callgate_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL);
      CREATE TABLE "callgate_records" (
        seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, seller_id TEXT NOT NULL, phone TEXT,
        at_ms INTEGER NOT NULL, recorded_at_ms INTEGER NOT NULL, schema_version INTEGER NOT NULL,
        data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
      CREATE INDEX callgate_records_phone_seller ON "callgate_records" (phone, seller_id);
      INSERT INTO callgate_migrations VALUES (1, 'records', 1767621600000);
    `);
  }

  it("upgrades a version-1 database and continues its chain", async () => {
    const file = tempFile();
    const db = new Database(file);
    createV1(db);
    const old = sealBatch(null, new RecordFactory().records(3));
    const insert = db.prepare("INSERT INTO callgate_records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const r of old) {
      insert.run(r.seq, r.id, r.kind, r.sellerId, r.phone, r.at.getTime(), r.recordedAt.getTime(), r.schemaVersion, canonicalJson(r.data), r.prevHash, r.hash);
    }
    const storage = sqliteStorage({ database: db });
    expect(await storage.migrate()).toEqual({ from: 1, to: 2 });
    expect(await storage.head()).toEqual({ seq: 3, hash: old[2]?.hash });
    const [next] = await storage.append([new RecordFactory().record({ id: "rec_01KE77A8VVXNYV4H150HFCV20N" })]);
    expect(next?.seq).toBe(4);
    expect(next?.prevHash).toBe(old[2]?.hash);
    expect((await verifyStore(storage, "upgraded")).verification).toMatchObject({ ok: true, checked: 4 });
    expect(db.prepare("SELECT version, name FROM callgate_migrations ORDER BY version").all()).toEqual([
      { version: 1, name: "records" },
      { version: 2, name: "chain-head" },
    ]);
    // A second adapter on the same file has nothing left to do.
    expect(await sqliteStorage({ database: db }).migrate()).toEqual({ from: 2, to: 2 });
    db.close();
  });

  it("upgrades an empty version-1 database to an empty chain", async () => {
    const db = new Database(tempFile());
    createV1(db);
    const storage = sqliteStorage({ database: db });
    await storage.migrate();
    expect(await storage.head()).toBeNull();
    expect(db.prepare("SELECT seq, hash FROM callgate_chain_head").get()).toEqual({ seq: 0, hash: GENESIS_HASH });
    db.close();
  });

  it("creates the schema from nothing, and refuses a database newer than it knows", async () => {
    const db = new Database(tempFile());
    const storage = sqliteStorage({ database: db });
    expect(await storage.migrate()).toEqual({ from: 0, to: 2 });
    db.prepare("INSERT INTO callgate_migrations VALUES (3, 'from-the-future', 0)").run();
    await expect(sqliteStorage({ database: db }).migrate()).rejects.toMatchObject({
      code: "STORAGE_FAILURE",
      message: expect.stringContaining("newer than this callgate"),
    });
    db.close();
  });
});

describe("sqliteStorage tamper evidence", () => {
  for (const c of TAMPER_CASES) {
    it(`verifyChain names ${c.name}`, async () => {
      const s = open();
      const stored = await seedTen(s);
      const raw: RawDatabase = {
        records: '"callgate_records"',
        run: async (sql, params = []) => {
          s.database.prepare(sql.replace(/\$\d+/g, "?")).run(...params);
        },
      };
      await c.tamper(raw, stored);
      await expectTamperSeen(s, stored, c);
      s.database.close();
    });
  }
});

describe("sqliteStorage across processes", () => {
  it("keeps every append that resolved when the process is killed mid-stream", async () => {
    const file = tempFile();
    const child = startScript(fixture("sqlite-appender.ts"), ["loop", file]);
    const printed: string[] = [];
    let buffer = "";
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.on("exit", () => reject(new Error(`the appender exited early: ${stderr}`)));
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        printed.push(...lines);
        if (printed.length >= 300) resolve();
      });
    });
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    // Every id that reached the pipe before the kill counts, even one the parent reads late; a
    // partial last line (the kill cut its write) does not.
    if (child.stdout?.readableEnded !== true) await new Promise((r) => child.stdout?.once("close", r));
    const lines = [...printed];
    expect(lines.length).toBeGreaterThanOrEqual(300);

    const s = open(file);
    for (const id of lines) expect(await s.getRecord(id), `record ${id}`).not.toBeNull();
    const { records, verification } = await verifyStore(s, "after SIGKILL");
    expect(verification.ok).toBe(true);
    expect(records.length).toBeGreaterThanOrEqual(lines.length);
    expect((await s.head())?.seq).toBe(records.length);
    s.database.close();
  });

  it("keeps one linear chain with 4 processes appending to the same file", async () => {
    const file = tempFile();
    await open(file).migrate();
    const perWriter = 120;
    const outputs = await Promise.all([0, 1, 2, 3].map((w) => runScript(fixture("sqlite-appender.ts"), ["count", file, String(perWriter), `w${w}`])));
    expect(outputs.every((o) => o.trim() === "done")).toBe(true);
    const s = open(file);
    const { records, verification } = await verifyStore(s, "after 4 writers");
    expect(verification).toMatchObject({ ok: true, checked: 4 * perWriter });
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 4 * perWriter }, (_, i) => i + 1));
    const writers = new Set(records.map((r) => (r.data as { writer: string }).writer));
    expect(writers).toEqual(new Set(["w0", "w1", "w2", "w3"]));
    s.database.close();
  });
});
