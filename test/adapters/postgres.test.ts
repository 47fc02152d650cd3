import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresStorage, postgresStorage } from "../../src/adapters/postgres.js";
import { canonicalJson } from "../../src/records/canonical.js";
import { sealBatch } from "../../src/records/chain.js";
import { RecordFactory } from "../../src/testing/_conformance/fixtures.js";
import { verifyStore } from "../../src/testing/_conformance/store.js";
import { runStorageConformance } from "../../src/testing/conformance.js";
import { PG_URL, createSchema, dropSchema, postgresAvailable, testPool, uniqueSchema } from "../helpers/postgres.js";
import { fixture, runScript } from "./_support/child.js";
import { type RawDatabase, TAMPER_CASES, expectTamperSeen, seedTen } from "./_support/tamper.js";

const available = postgresAvailable("postgresStorage");

describe("postgresStorage without a server", () => {
  it("reports a failing connection as STORAGE_FAILURE, with the driver's error as cause", async () => {
    const refused = new Error("connect ECONNREFUSED 127.0.0.1:5432");
    const s = postgresStorage({ client: { query: () => Promise.reject(refused) }, schema: "nowhere" });
    await expect(s.head()).rejects.toMatchObject({ code: "STORAGE_FAILURE", cause: refused, message: expect.stringContaining("ECONNREFUSED") });
    // The failed migration is retried by the next call rather than remembered.
    await expect(s.append([new RecordFactory().record()])).rejects.toMatchObject({ code: "STORAGE_FAILURE" });
  });

  it("takes a node-postgres Pool and Client as they are (structural types)", () => {
    type Accepts<T> = T extends Parameters<typeof postgresStorage>[0]["client"] ? true : false;
    const pool: Accepts<pg.Pool> = true;
    const client: Accepts<pg.Client> = true;
    const pooled: Accepts<pg.PoolClient> = true;
    expect([pool, client, pooled]).toEqual([true, true, true]);
  });
});

describe.runIf(available)("postgresStorage", () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = testPool(20);
  });
  afterAll(async () => {
    await pool.end();
  });

  /** An adapter over a new, empty schema, dropped by `dispose`. */
  type InSchema = PostgresStorage & { schema: string };
  const inNewSchema = async (client: "pool" | "client" = "pool"): Promise<InSchema & { end(): Promise<void> }> => {
    const schema = uniqueSchema();
    await createSchema(pool, schema);
    if (client === "pool") {
      return Object.assign(postgresStorage({ client: pool, schema }), { schema, end: () => dropSchema(pool, schema) });
    }
    const single = await pool.connect();
    return Object.assign(postgresStorage({ client: single, schema }), {
      schema,
      async end() {
        single.release();
        await dropSchema(pool, schema);
      },
    });
  };

  describe("conformance through a Pool", () => {
    runStorageConformance({ test: it, createStorage: () => inNewSchema("pool"), dispose: (s) => s.end() });
  });

  describe("conformance through a single Client", () => {
    runStorageConformance({ test: it, createStorage: () => inNewSchema("client"), dispose: (s) => s.end() });
  });

  it("stores data as canonical text and instants as BIGINT milliseconds", async () => {
    const s = await inNewSchema();
    try {
      const [r] = await s.append([new RecordFactory().record({ data: { z: 1, a: { y: [1, 2], b: "é" } } })]);
      const { rows } = await pool.query(
        `SELECT data, at_ms, pg_typeof(data)::text AS data_type, pg_typeof(at_ms)::text AS at_type FROM "${s.schema}".callgate_records`,
      );
      expect(rows[0]).toEqual({ data: canonicalJson(r?.data), at_ms: String(r?.at.getTime()), data_type: "text", at_type: "bigint" });
    } finally {
      await s.end();
    }
  });

  it("creates its schema when missing, in the default schema when none is given", async () => {
    const schema = uniqueSchema();
    try {
      const s = postgresStorage({ client: pool, schema });
      expect(await s.migrate()).toEqual({ from: 0, to: 2 });
      expect(await s.head()).toBeNull();
    } finally {
      await dropSchema(pool, schema);
    }
  });

  it("upgrades a version-1 schema and continues its chain", async () => {
    const s = await inNewSchema();
    try {
      const q = `"${s.schema}"`;
      await pool.query(`
        CREATE TABLE ${q}.callgate_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL);
        CREATE TABLE ${q}."callgate_records" (
          seq BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, seller_id TEXT NOT NULL, phone TEXT,
          at_ms BIGINT NOT NULL, recorded_at_ms BIGINT NOT NULL, schema_version INTEGER NOT NULL,
          data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
        CREATE INDEX callgate_records_phone_seller ON ${q}."callgate_records" (phone, seller_id);
        INSERT INTO ${q}.callgate_migrations VALUES (1, 'records', 1767621600000);
      `);
      const old = sealBatch(null, new RecordFactory().records(3));
      for (const r of old) {
        await pool.query(`INSERT INTO ${q}.callgate_records VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
          r.seq, r.id, r.kind, r.sellerId, r.phone, r.at.getTime(), r.recordedAt.getTime(), r.schemaVersion, canonicalJson(r.data), r.prevHash, r.hash,
        ]);
      }
      expect(await s.migrate()).toEqual({ from: 1, to: 2 });
      expect(await s.head()).toEqual({ seq: 3, hash: old[2]?.hash });
      const [next] = await s.append([new RecordFactory().record({ id: "rec_01KE77A8VVXNYV4H150HFCV20N" })]);
      expect(next).toMatchObject({ seq: 4, prevHash: old[2]?.hash });
      expect((await verifyStore(s, "upgraded")).verification).toMatchObject({ ok: true, checked: 4 });
      const { rows } = await pool.query(`SELECT version, name FROM ${q}.callgate_migrations ORDER BY version`);
      expect(rows).toEqual([{ version: 1, name: "records" }, { version: 2, name: "chain-head" }]);
    } finally {
      await s.end();
    }
  });

  it("answers getPhoneFacts from the (phone, seller_id) index", async () => {
    const s = await inNewSchema();
    try {
      await s.append(new RecordFactory().records(50, (i) => ({ phone: `+1617555${String(1000 + i)}` })));
      const client = await pool.connect();
      try {
        await client.query("SET enable_seqscan = off");
        const { rows } = await client.query(
          `EXPLAIN SELECT * FROM "${s.schema}".callgate_records WHERE phone = $1 AND seller_id = $2 AND (kind IN ('consent') OR (kind = 'interaction' AND at_ms >= $3)) ORDER BY seq`,
          ["+16175551001", "acme-solar", 0],
        );
        expect(rows.map((r: { "QUERY PLAN": string }) => r["QUERY PLAN"]).join("\n")).toContain("callgate_records_phone_seller");
      } finally {
        client.release();
      }
    } finally {
      await s.end();
    }
  });

  describe("tamper evidence", () => {
    for (const c of TAMPER_CASES) {
      it(`verifyChain names ${c.name}`, async () => {
        const s = await inNewSchema();
        try {
          const stored = await seedTen(s);
          const raw: RawDatabase = {
            records: `"${s.schema}"."callgate_records"`,
            run: async (sql, params = []) => void (await pool.query(sql, params)),
          };
          await c.tamper(raw, stored);
          await expectTamperSeen(s, stored, c);
        } finally {
          await s.end();
        }
      });
    }
  });

  it("keeps one linear chain with 4 processes appending at once, each through its own pool", async () => {
    const schema = uniqueSchema();
    try {
      // No migrate() first: the four writers also race to create the schema.
      const perWriter = 150;
      const outputs = await Promise.all(
        [0, 1, 2, 3].map((w) => runScript(fixture("pg-writer.ts"), [schema, String(perWriter), `w${w}`, w === 3 ? "7" : "1"], { CALLGATE_PG_URL: PG_URL ?? "" })),
      );
      expect(outputs.map((o) => o.trim())).toEqual(["done", "done", "done", "done"]);
      const s = postgresStorage({ client: pool, schema });
      const { records, verification } = await verifyStore(s, "after 4 writer processes");
      expect(verification).toMatchObject({ ok: true, checked: 4 * perWriter });
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 4 * perWriter }, (_, i) => i + 1));
      expect(new Set(records.map((r) => (r.data as { writer: string }).writer))).toEqual(new Set(["w0", "w1", "w2", "w3"]));
      expect(await s.head()).toEqual({ seq: 4 * perWriter, hash: records[records.length - 1]?.hash });
    } finally {
      await dropSchema(pool, schema);
    }
  });
});
