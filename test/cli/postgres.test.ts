/**
 * The built bin on PostgreSQL (`--postgres URL --pg-schema NAME`): the same commands, the
 * records in a schema of their own. Runs when CALLGATE_PG_URL is set (test/helpers/postgres.ts).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PG_URL, postgresAvailable, testPool, uniqueSchema } from "../helpers/postgres.js";
import { SAMPLE, SELLER, buildBin, callgate, removeTempDirs, tempDir } from "./_support.js";

const AT = "2026-11-30T14:00:00-05:00";
const available = postgresAvailable("CLI on PostgreSQL");

describe.runIf(available)("callgate --postgres", () => {
  const schema = uniqueSchema("cg_cli");
  let dir: string;
  let pg: string[];

  beforeAll(async () => {
    await buildBin();
    dir = tempDir();
    pg = ["--postgres", PG_URL ?? "", "--pg-schema", schema];
  }, 120_000);

  afterAll(async () => {
    const pool = testPool(1);
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
    removeTempDirs();
  });

  it("init, import, check, scrub and verify against the server", () => {
    expect(callgate(dir, [...pg, "init", ...SELLER]).code).toBe(0);
    expect(callgate(dir, [...pg, "registry", "import", join(SAMPLE, "national.txt"), "--source", "national", "--obtained", "2026-11-20"]).code).toBe(0);
    expect(callgate(dir, [...pg, "registry", "import", join(SAMPLE, "massachusetts.txt"), "--source", "massachusetts", "--edition", "2026-10-01"]).code).toBe(0);
    expect(callgate(dir, [...pg, "registry", "status", "--at", AT]).code).toBe(0);
    expect(callgate(dir, [...pg, "check", "617-555-0101", "--at", AT]).code).toBe(0);
    expect(callgate(dir, [...pg, "check", "617-555-0123", "--at", AT]).code).toBe(1);
    const scrub = callgate(dir, [...pg, "scrub", join(SAMPLE, "leads.csv"), "--out", "ok.csv", "--rejected", "no.csv", "--at", "2026-11-30T10:30:00-05:00"]);
    expect(scrub.code).toBe(0);
    expect(scrub.stdout).toMatch(/callable +28/);
    const verify = callgate(dir, [...pg, "verify"]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^OK {2}\d+ records verified/);
  });

  it("an unreachable server is a storage error (exit 3) with the password hidden", () => {
    const run = callgate(tempDir(), ["--postgres", "postgres://someone:secret@127.0.0.1:1/none", ...SELLER, "verify"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^callgate: PostgreSQL storage failed .* — check the database/);
    expect(run.stderr).not.toContain("secret");
  });
});
