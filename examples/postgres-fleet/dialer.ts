/**
 * One dialer process of the fleet (started by main.ts): works its share of the leads, asking the
 * shared gate before each call and recording each call it makes. Arguments: schema, dialer number,
 * number of dialers. Reports to its parent how many decisions it asked for and calls it recorded.
 */
import { ASKS_NOT_TO_CALL, LEADS, SHIFT_START, connect } from "./shared.js";

const [schema, which, of] = process.argv.slice(2);
const url = process.env["CALLGATE_PG_URL"];
if (schema === undefined || which === undefined || of === undefined || url === undefined) {
  throw new Error("usage: dialer.ts <schema> <dialer> <dialers>, with CALLGATE_PG_URL set");
}
const me = Number(which);
const name = `dialer-${me}`;
let now = new Date(SHIFT_START.getTime() + me * 1000);
const { pool, gate } = connect(url, schema, () => now);

let decisions = 0;
let calls = 0;
const tally: Record<string, number> = {};
try {
  const mine = LEADS.filter((_, i) => i % Number(of) === me);
  for (const phone of mine) {
    const decision = await gate.canCall({ phone });
    decisions++;
    const outcome = decision.allowed ? "allowed" : decision.reasons.map((r) => r.code).join("+");
    tally[outcome] = (tally[outcome] ?? 0) + 1;
    if (!decision.allowed) continue;
    const disposition = phone === ASKS_NOT_TO_CALL ? "do-not-call" : "no-answer";
    now = new Date(now.getTime() + 30_000);
    await gate.recordInteraction({ phone, startedAt: decision.at, durationSeconds: 20, disposition, decisionId: decision.id, agentId: name });
    calls++;
    if (disposition === "do-not-call") console.log(`  [${name}] ${phone} asked not to be called`);
  }
  console.log(`  [${name}] ${mine.length} leads: ${Object.entries(tally).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  process.send?.({ decisions, calls });
} finally {
  await pool.end();
}
