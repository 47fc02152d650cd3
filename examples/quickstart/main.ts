/**
 * Quickstart on the embedded default (the memory adapter): build a gate, ask it about a few
 * calls, hand it the call detail record afterwards, and check the record chain.
 *
 * Run: npx tsx examples/quickstart/main.ts
 *
 * In your project the imports read `from "callgate"` and `from "callgate/adapters/memory"`; here
 * they point at the source so the example type-checks and runs without a build.
 */
import { strict as assert } from "node:assert";
import { createCallgate, createRegistry, type CallDecision } from "../../src/index.js";
import { memoryStorage } from "../../src/adapters/memory.js";

// The gate reads time only through its clock. A fixed clock makes this example repeatable:
// Monday 30 November 2026, 10:00 in New York (15:00 UTC). Leave `clock` out in production.
let now = new Date("2026-11-30T15:00:00Z");

const gate = createCallgate({
  seller: { id: "acme-solar", name: "Acme Solar LLC", callerId: "+16175550100" },
  storage: memoryStorage(),
  registries: [
    // Your copy of the National Do Not Call Registry, downloaded 10 days ago (at most 31 days old).
    createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: ["+16175550123"] }),
    // This quarter's Massachusetts Do Not Call list.
    createRegistry({ source: "massachusetts", edition: "2026-10-01", numbers: ["+15085550199"] }),
  ],
  clock: { now: () => now },
});

function show(label: string, d: CallDecision): void {
  console.log(`${label}: ${d.phone} -> ${d.allowed ? "ALLOWED" : "DENIED"}`);
  for (const r of d.reasons) console.log(`    ${r.code} [${r.rule}; ${r.citation}] ${r.message}`);
  for (const e of d.exemptions) console.log(`    exempt from ${e.rule} (${e.basis})`);
  if (d.nextAllowedAt !== undefined) console.log(`    next allowed at ${d.nextAllowedAt.toISOString()}`);
}

// 1. A number on no list, at 10:00 consumer-local time: allowed.
const first = await gate.canCall({ phone: "(617) 555-0142" });
show("1. fresh lead", first);
assert.equal(first.allowed, true);
assert.deepEqual(first.jurisdictions, ["us", "ma"]);

// 2. On the National Do Not Call Registry.
const national = await gate.canCall({ phone: "617-555-0123" });
show("2. national list", national);
assert.deepEqual(national.reasons.map((r) => r.code), ["NATIONAL_DNC"]);

// 3. On the Massachusetts list.
const state = await gate.canCall({ phone: "(508) 555-0199" });
show("3. Massachusetts list", state);
assert.deepEqual(state.reasons.map((r) => r.code), ["STATE_DNC"]);

// 4. Only the clock is in the way: 20:15 in Boston is past the Massachusetts window (8:00-20:00).
// A date-time without an offset is New York time, never the server's zone.
const late = await gate.canCall({ phone: "(617) 555-0142", at: "2026-11-30T20:15:00" });
show("4. too late", late);
assert.deepEqual(late.reasons.map((r) => r.rule), ["ma.calling-hours"]);
assert.equal(late.nextAllowedAt?.toISOString(), "2026-12-01T13:00:00.000Z"); // 08:00 the next morning

// 5. Something that is not a US number is a denial, not an exception.
const bogus = await gate.canCall({ phone: "+1 416 555 0123" });
show("5. Toronto number", bogus);
assert.deepEqual(bogus.reasons.map((r) => r.code), ["INVALID_NUMBER"]);

// 6. The call to the fresh lead is made; the consumer asks not to be called again. The call
// detail record names the decision that authorized it; "do-not-call" takes effect at once.
now = new Date("2026-11-30T15:05:00Z");
const cdr = await gate.recordInteraction({
  phone: "(617) 555-0142",
  direction: "outbound",
  startedAt: "2026-11-30T15:00:30Z",
  durationSeconds: 95,
  disposition: "do-not-call",
  decisionId: first.id,
});
console.log(`6. call detail record ${cdr.id} stored at seq ${cdr.seq}`);
const again = await gate.canCall({ phone: "(617) 555-0142" });
show("   calling back", again);
assert.deepEqual(again.reasons.map((r) => r.code), ["COMPANY_DNC"]);

// 7. Prior express written consent exempts a number from the national list.
await gate.recordConsent({
  action: "grant",
  phone: "617-555-0123",
  form: "written",
  at: "2026-11-30T15:06:00Z",
  evidence: { signature: "e-sign:7f3a", disclosure: "Consent is not a condition of purchase." },
});
now = new Date("2026-11-30T15:10:00Z");
const consented = await gate.canCall({ phone: "617-555-0123" });
show("7. with written consent", consented);
assert.equal(consented.allowed, true);
assert.deepEqual(consented.exemptions.map((e) => [e.rule, e.basis]), [["us.national-dnc", "written-consent"]]);

// 8. Every decision, record and registry snapshot is in one hash chain.
const chain = await gate.verify();
console.log(`8. record chain: ${chain.ok ? "verified" : "BROKEN"}, ${chain.checked} records`);
assert.equal(chain.ok, true);
