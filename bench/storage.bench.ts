/**
 * Append throughput of the storage adapters, in records per second.
 *
 *   memory / sqlite / postgres  .append.single       one record per append (one commit each)
 *   memory / sqlite / postgres  .append.batch1000    1000 records per append (one commit each)
 *   sqlite.append.batch10000                         10,000 records per append (maxBatchSize)
 *   postgres.append.batch1000.4writers               4 processes appending batches at once
 *   sqlite.phoneFacts                                getPhoneFacts calls per second on the filled file
 *
 * SQLite runs on a file in the temporary folder with the adapter's defaults (WAL,
 * synchronous=FULL). PostgreSQL runs only when CALLGATE_PG_URL is set (see .ci/postgres.sh), each
 * figure in a schema of its own, dropped afterwards. Prints nothing; returns the figures.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { memoryStorage } from "../src/adapters/memory.js";
import { postgresStorage } from "../src/adapters/postgres.js";
import { sqliteStorage } from "../src/adapters/sqlite.js";
import type { NewRecord, StorageAdapter } from "../src/storage/types.js";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const START = Date.parse("2026-01-05T14:00:00.000Z");

/** Call records as the gate writes them: time-ordered ids, 100,000 distinct numbers, a realistic payload. */
function callRecords(count: number, startMs = START): NewRecord[] {
  const random = randomBytes(count * 20);
  const out: NewRecord[] = [];
  for (let i = 0; i < count; i++) {
    const ms = startMs + i * 37;
    let id = "rec_";
    let t = ms;
    const time: string[] = [];
    for (let k = 0; k < 10; k++) {
      time.unshift(CROCKFORD[t % 32] ?? "0");
      t = Math.floor(t / 32);
    }
    id += time.join("");
    for (let k = 0; k < 16; k++) id += CROCKFORD[(random[i * 20 + k] ?? 0) % 32];
    const line = ((random[i * 20 + 16] ?? 0) << 16) | ((random[i * 20 + 17] ?? 0) << 8) | (random[i * 20 + 18] ?? 0);
    const phone = `+1617${String(2000000 + (line % 100_000)).padStart(7, "0")}`;
    out.push({
      id,
      kind: "interaction",
      sellerId: "acme-solar",
      phone,
      at: new Date(ms - 90_000),
      recordedAt: new Date(ms),
      schemaVersion: 1,
      // Keys in sorted order, as the gate builds its records (canonicalJson's fast path).
      data: {
        agentId: `agent-${i % 40}`,
        callerId: "+16175550100",
        campaignId: "winter-2026",
        consumer: { postalCode: "02139", state: "MA" },
        decisionId: `rec_${id.slice(4, 14)}DECISION00000000`,
        direction: "outbound",
        disposition: i % 7 === 0 ? "sale" : "no-answer",
        durationSeconds: i % 300,
        method: "live",
        purpose: "telemarketing",
      },
    });
  }
  return out;
}

/** Records per second of appending `records` in calls of `batch`. */
async function appendRate(storage: StorageAdapter, records: readonly NewRecord[], batch: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < records.length; i += batch) await storage.append(records.slice(i, i + batch));
  return Math.round(records.length / ((performance.now() - t0) / 1000));
}

async function benchMemory(figures: Record<string, number>): Promise<void> {
  const warm = memoryStorage();
  await appendRate(warm, callRecords(5_000), 1000);
  figures["memory.append.single"] = await appendRate(memoryStorage(), callRecords(20_000), 1);
  figures["memory.append.batch1000"] = await appendRate(memoryStorage(), callRecords(100_000), 1000);
}

async function benchSqlite(figures: Record<string, number>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "callgate-bench-"));
  try {
    const single = new Database(join(dir, "single.db"));
    const s1 = sqliteStorage({ database: single });
    await s1.migrate();
    figures["sqlite.append.single"] = await appendRate(s1, callRecords(2_000), 1);
    single.close();

    const batched = new Database(join(dir, "batched.db"));
    const s2 = sqliteStorage({ database: batched });
    await s2.migrate();
    const records = callRecords(200_000);
    figures["sqlite.append.batch1000"] = await appendRate(s2, records, 1000);
    const big = new Database(join(dir, "batched10000.db"));
    const s3 = sqliteStorage({ database: big });
    await s3.migrate();
    figures["sqlite.append.batch10000"] = await appendRate(s3, callRecords(200_000), 10_000);
    big.close();
    // Reads on the filled file: 200,000 records over 100,000 numbers.
    const t0 = performance.now();
    const n = 5_000;
    for (let i = 0; i < n; i++) {
      const r = records[(i * 7919) % records.length] as NewRecord;
      await s2.getPhoneFacts({ sellerId: r.sellerId, phone: r.phone ?? "", interactionsSince: new Date(START) });
    }
    figures["sqlite.phoneFacts"] = Math.round(n / ((performance.now() - t0) / 1000));
    batched.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SELF = fileURLToPath(import.meta.url);

/** Child mode: one of the concurrent PostgreSQL writers. Prints "ready", waits for "go", appends, prints "done". */
async function pgWriter(schema: string, batches: number, size: number, writer: number): Promise<void> {
  const pool = new pg.Pool({ connectionString: process.env["CALLGATE_PG_URL"], max: 2 });
  const storage = postgresStorage({ client: pool, schema });
  await storage.migrate();
  const records = callRecords(batches * size, START + writer * 1_000_000_000);
  process.stdout.write("ready\n");
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line === "go") break;
  for (let i = 0; i < records.length; i += size) await storage.append(records.slice(i, i + size));
  process.stdout.write("done\n");
  lines.close();
  await pool.end();
}

async function fourWriters(schema: string, batches: number, size: number): Promise<number> {
  const children = [0, 1, 2, 3].map((w) =>
    spawn(process.execPath, ["--import", "tsx", SELF, "--pg-writer", schema, String(batches), String(size), String(w)], {
      stdio: ["pipe", "pipe", "inherit"],
      env: process.env,
    }),
  );
  const said = (child: (typeof children)[number], word: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on("line", (l) => {
        if (l === word) {
          lines.close();
          resolve();
        }
      });
      child.on("exit", (code) => (code === 0 ? undefined : reject(new Error(`a writer exited with ${code}`))));
    });
  await Promise.all(children.map((c) => said(c, "ready")));
  const t0 = performance.now();
  const done = children.map((c) => said(c, "done"));
  for (const c of children) c.stdin!.write("go\n");
  await Promise.all(done);
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on("exit", r)))));
  return Math.round((4 * batches * size) / seconds);
}

async function benchPostgres(figures: Record<string, number>, url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const schemas: string[] = [];
  const fresh = async (): Promise<StorageAdapter> => {
    const schema = `cg_bench_${process.pid}_${schemas.length}`;
    schemas.push(schema);
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    const s = postgresStorage({ client: pool, schema });
    await s.migrate();
    return s;
  };
  try {
    figures["postgres.append.single"] = await appendRate(await fresh(), callRecords(2_000), 1);
    figures["postgres.append.batch1000"] = await appendRate(await fresh(), callRecords(100_000), 1000);
    const schema = `cg_bench_${process.pid}_writers`;
    schemas.push(schema);
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await postgresStorage({ client: pool, schema }).migrate();
    figures["postgres.append.batch1000.4writers"] = await fourWriters(schema, 50, 1000);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".callgate_records`);
    if ((rows[0] as { n: number }).n !== 200_000) throw new Error("the 4 writers did not store 200,000 records");
  } finally {
    for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  }
}

/** Runs the storage benchmarks; returns records (or reads) per second by figure name. */
export async function benchStorage(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  await benchMemory(figures);
  await benchSqlite(figures);
  const url = process.env["CALLGATE_PG_URL"];
  if (url) await benchPostgres(figures, url);
  return figures;
}

if (process.argv[2] === "--pg-writer" && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [schema = "", batches = "1", size = "1000", writer = "0"] = process.argv.slice(3);
  await pgWriter(schema, Number(batches), Number(size), Number(writer));
}
