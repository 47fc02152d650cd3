/**
 * A pre-call check on SQLite: the dialer asks the gate before each dial, and the records (decision
 * receipts, call detail records, do-not-call requests) live in one SQLite file that outlives the
 * process. The second "shift" below opens the same file with a new gate and still honours the
 * do-not-call request the first shift took.
 *
 * Run: npx tsx examples/sqlite-precheck/main.ts
 *
 * In your project: `import { createCallgate, createRegistry } from "callgate"` and
 * `import { sqliteStorage } from "callgate/adapters/sqlite"`; better-sqlite3 is your dependency.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { createCallgate, createRegistry, type CallDecision, type Callgate, type Registry } from "../../src/index.js";
import { sqliteStorage } from "../../src/adapters/sqlite.js";

const dir = mkdtempSync(join(tmpdir(), "callgate-sqlite-precheck-"));
const file = join(dir, "callgate.db");
const seller = { id: "acme-solar", name: "Acme Solar LLC", callerId: "+16175550100" };
const registries: Registry[] = [
  createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: ["+12125550142"] }),
  createRegistry({ source: "massachusetts", edition: "2026-10-01", numbers: ["+19785550160"] }),
];

/** Opens the shared file and binds a gate to it, with a clock the example controls. */
async function openShift(now: () => Date): Promise<{ gate: Callgate; database: Database.Database }> {
  const database = new Database(file);
  const storage = sqliteStorage({ database });
  const migration = await storage.migrate(); // optional: surfaces a bad file at start-up
  console.log(`  opened ${file} (schema ${JSON.stringify(migration)})`);
  return { gate: createCallgate({ seller, storage, registries, clock: { now } }), database };
}

/** The dialer's pre-call check: dial only when the gate says yes, and say why not otherwise. */
async function precheck(gate: Callgate, phone: string): Promise<CallDecision> {
  const decision = await gate.canCall({ phone });
  if (decision.allowed) {
    console.log(`  dial ${decision.phone} (decision ${decision.id})`);
  } else {
    const why = decision.reasons.map((r) => `${r.code} (${r.rule})`).join(", ");
    const next = decision.nextAllowedAt === undefined ? "" : `; retry at ${decision.nextAllowedAt.toISOString()}`;
    console.log(`  skip ${decision.phone}: ${why}${next}`);
  }
  return decision;
}

try {
  // Shift 1: Tuesday 1 December 2026, 14:00 in New York.
  console.log("shift 1");
  let now = new Date("2026-12-01T19:00:00Z");
  const one = await openShift(() => now);
  const leads = ["(413) 555-0101", "212-555-0142", "978-555-0160", "+1 808 555 0111"];
  const dialled: { phone: string; decisionId: string }[] = [];
  for (const phone of leads) {
    const decision = await precheck(one.gate, phone);
    if (decision.allowed) dialled.push({ phone, decisionId: decision.id });
  }
  // 14:00 in New York is 09:00 in Honolulu, inside the 8:00-21:00 federal window: both are dialled.
  assert.deepEqual(dialled.map((d) => d.phone), ["(413) 555-0101", "+1 808 555 0111"]);

  // The first call ends with a do-not-call request; the second with no answer.
  now = new Date("2026-12-01T19:03:00Z");
  await one.gate.recordInteraction({
    phone: dialled[0]!.phone,
    startedAt: "2026-12-01T19:00:10Z",
    durationSeconds: 48,
    disposition: "do-not-call",
    decisionId: dialled[0]!.decisionId,
  });
  await one.gate.recordInteraction({
    phone: dialled[1]!.phone,
    startedAt: "2026-12-01T19:01:00Z",
    durationSeconds: 0,
    disposition: "no-answer",
    decisionId: dialled[1]!.decisionId,
  });
  console.log("  recorded 2 call detail records");
  one.database.close();

  // Shift 2: the next morning, a new process opens the same file.
  console.log("shift 2");
  now = new Date("2026-12-02T13:30:00Z"); // 08:30 in New York, 03:30 in Honolulu
  const two = await openShift(() => now);
  const stopped = await precheck(two.gate, "(413) 555-0101");
  assert.deepEqual(stopped.reasons.map((r) => r.code), ["COMPANY_DNC"], "the do-not-call request from shift 1 is honoured");
  const tooEarly = await precheck(two.gate, "+1 808 555 0111");
  assert.deepEqual(tooEarly.reasons.map((r) => r.code), ["OUTSIDE_CALLING_HOURS"]);
  assert.equal(tooEarly.nextAllowedAt?.toISOString(), "2026-12-02T18:00:00.000Z"); // 08:00 in Honolulu

  const chain = await two.gate.verify();
  console.log(`  record chain: ${chain.ok ? "verified" : "BROKEN"}, ${chain.checked} records in ${file}`);
  assert.equal(chain.ok, true);
  two.database.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
