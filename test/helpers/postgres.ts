/**
 * PostgreSQL for tests. `CALLGATE_PG_URL` names the server (start one with `.ci/postgres.sh`).
 * Without it, PostgreSQL tests skip with a printed notice, except under CI (`CI=true`), where
 * a missing server is a failure: CI never skips them silently.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { it } from "vitest";

/** The server's URL, or undefined. */
export const PG_URL: string | undefined = process.env["CALLGATE_PG_URL"] || undefined;

/** True under CI (`CI=true` or `CI=1`). */
export const IN_CI: boolean = ["true", "1"].includes((process.env["CI"] ?? "").toLowerCase());

/**
 * Whether the PostgreSQL tests of `suite` can run. When they cannot: under CI it registers a
 * failing test; elsewhere it prints why they are skipped.
 */
export function postgresAvailable(suite: string): boolean {
  if (PG_URL !== undefined) return true;
  if (IN_CI) {
    it(`${suite}: CALLGATE_PG_URL is set (required under CI)`, () => {
      throw new Error("CALLGATE_PG_URL is not set: run `eval \"$(.ci/postgres.sh)\"` before the tests");
    });
  } else {
    console.warn(`[callgate] ${suite}: skipped, CALLGATE_PG_URL is not set (eval "$(.ci/postgres.sh)" to run them)`);
  }
  return false;
}

/** A pool on the test server. */
export function testPool(max = 10): pg.Pool {
  if (PG_URL === undefined) throw new Error("CALLGATE_PG_URL is not set");
  return new pg.Pool({ connectionString: PG_URL, max });
}

/** A schema name no other test uses. */
export function uniqueSchema(prefix = "cg_test"): string {
  return `${prefix}_${process.pid}_${randomBytes(5).toString("hex")}`;
}

/** Creates a schema for one test. */
export async function createSchema(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`CREATE SCHEMA "${schema}"`);
}

/** Drops a test's schema and everything in it. */
export async function dropSchema(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
