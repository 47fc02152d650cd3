/**
 * Several dialer processes sharing one PostgreSQL: each process runs its own gate over the same
 * schema, and every decision receipt and call detail record lands in one linear hash chain. A
 * do-not-call request taken by one dialer stops every other at once.
 *
 * Run: CALLGATE_PG_URL=postgres://... npx tsx examples/postgres-fleet/main.ts
 * (`eval "$(.ci/postgres.sh)"` starts a throw-away server and sets the variable.) Without
 * CALLGATE_PG_URL the example prints that it is skipped and exits 0. It works in a schema of its
 * own and drops it at the end.
 *
 * In your project: `import { postgresStorage } from "callgate/adapters/postgres"`; pg is your
 * dependency.
 */
import { strict as assert } from "node:assert";
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { ASKS_NOT_TO_CALL, LEADS, SHIFT_START, connect } from "./shared.js";

const DIALERS = 3;
const url = process.env["CALLGATE_PG_URL"];

/** What a dialer reports when it is done. */
interface DialerReport {
  decisions: number;
  calls: number;
}

/** Starts one dialer process and resolves with its report. */
function runDialer(schema: string, which: number): Promise<DialerReport> {
  const script = fileURLToPath(new URL("./dialer.ts", import.meta.url));
  // fork() reuses this process's execArgv, so the child runs TypeScript through tsx as well.
  const child = fork(script, [schema, String(which), String(DIALERS)], { env: process.env });
  let report: DialerReport | undefined;
  child.on("message", (m) => {
    report = m as DialerReport;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => { // after the child's last message
      if (code === 0 && report !== undefined) resolve(report);
      else reject(new Error(`dialer-${which} exited with code ${code}`));
    });
  });
}

if (url === undefined || url === "") {
  console.log("skipped: CALLGATE_PG_URL not set (eval \"$(.ci/postgres.sh)\" starts a local server)");
} else {
  const schema = `callgate_fleet_${process.pid}_${randomBytes(4).toString("hex")}`;
  const now = new Date(SHIFT_START.getTime() + 10 * 60_000);
  const { pool, storage, gate } = connect(url, schema, () => now);
  try {
    // Create the tables once before the fleet starts (each process would also do it, in turn).
    await storage.migrate();
    console.log(`schema ${schema}: ${DIALERS} dialer processes, ${LEADS.length} leads`);
    const reports = await Promise.all(Array.from({ length: DIALERS }, (_, i) => runDialer(schema, i)));

    // One chain, whatever the interleaving of the processes' appends.
    const chain = await gate.verify();
    console.log(`record chain: ${chain.ok ? "verified" : "BROKEN"}, ${chain.checked} records`);
    assert.equal(chain.ok, true);
    const kinds: Record<string, number> = {};
    const page = await storage.listRecords({ limit: 10_000 });
    for (const r of page.records) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
    console.log(`  by kind: ${Object.entries(kinds).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    assert.equal(page.records.length, chain.checked);
    assert.equal(reports.reduce((n, r) => n + r.decisions, 0), LEADS.length);
    assert.equal(kinds["decision"], LEADS.length);
    assert.equal(kinds["interaction"], reports.reduce((n, r) => n + r.calls, 0));
    assert.equal(kinds["do-not-call"], 1);
    // Each snapshot is recorded once per store; processes whose first writes race may each record it.
    const snapshots = kinds["registry-snapshot"] ?? 0;
    assert.ok(snapshots >= 2 && snapshots <= 2 * DIALERS, `registry-snapshot records: ${snapshots}`);

    // The do-not-call request one dialer took binds this process too.
    const decision = await gate.canCall({ phone: ASKS_NOT_TO_CALL });
    console.log(`${ASKS_NOT_TO_CALL} from the coordinator: ${decision.allowed ? "ALLOWED" : decision.reasons.map((r) => r.code).join(", ")}`);
    assert.deepEqual(decision.reasons.map((r) => r.code), ["COMPANY_DNC"]);
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  }
}
