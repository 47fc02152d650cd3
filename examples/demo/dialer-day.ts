/**
 * A simulated dialer day on the embedded default (memory adapter): a few hundred calls across
 * Massachusetts, New York, Arizona and Hawaii, with registries, consents, a revocation, a sale and
 * a do-not-call request, printed as allowed/denied by reason plus a few decisions in full.
 *
 * Run: npm run demo
 */
import { createCallgate, createRegistry, type CallDecision } from "../../src/index.js";
import { memoryStorage } from "../../src/adapters/memory.js";

const day = "2026-11-30"; // a Monday; New York is on EST (UTC-5)
let clockNow = new Date(`${day}T12:00:00Z`);
const storage = memoryStorage();

// Every number below uses the fictional 555-01XX block.
const onNational = ["+16175550123", "+12125550142", "+16025550150", "+18085550111"];
const onMassachusetts = ["+15085550199", "+19785550160"];

const gate = createCallgate({
  seller: { id: "acme-solar", name: "Acme Solar LLC", callerId: "+16175550100" },
  storage,
  registries: [
    createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: onNational }),
    createRegistry({ source: "massachusetts", edition: "2026-10-01", numbers: onMassachusetts }),
  ],
  clock: { now: () => clockNow },
});

// Standing facts recorded before the day's calls.
await gate.recordConsent({ action: "grant", phone: "617-555-0123", form: "written", at: "2026-11-02", evidence: { signature: "e-sign:7f3a", disclosure: "not a condition of purchase" } });
await gate.recordRelationship({ phone: "(508) 555-0199", kind: "purchase", at: "2024-03-15" });
await gate.recordConsent({ action: "grant", phone: "+16175550177", form: "written", at: "2026-10-01" });
await gate.recordConsent({ action: "revoke", phone: "+16175550177", channel: "text", at: "2026-11-15T14:00:00Z", words: "STOP" });
await gate.recordInteraction({ phone: "+12125550188", startedAt: "2026-11-20T16:00:00Z", durationSeconds: 42, disposition: "do-not-call", campaignId: "fall-promo" });

const leads = [
  "617-555-0123", "(508) 555-0199", "+16175550177", "+12125550188", "+12125550142", "+16025550150",
  "+18085550111", "+16175550104", "+19785550160", "+14165550123", "not a number", "+13125550130",
];
const tally = new Map<string, number>();
let allowed = 0;
let total = 0;
const samples: CallDecision[] = [];
// The dialer works from 07:30 to 21:30 New York time, every 30 minutes through the list.
for (let minute = 7 * 60 + 30; minute <= 21 * 60 + 30; minute += 30) {
  const at = new Date(Date.parse(`${day}T00:00:00-05:00`) + minute * 60_000);
  clockNow = at;
  for (const phone of leads) {
    const method = minute === 11 * 60 && phone === "+16175550104" ? "prerecorded" : "live";
    const decision = await gate.canCall({ phone, at, method });
    total++;
    if (decision.allowed) allowed++;
    for (const reason of decision.reasons) tally.set(reason.code, (tally.get(reason.code) ?? 0) + 1);
    const interesting =
      (minute === 7 * 60 + 30 && phone === "+18085550111") ||
      (minute === 20 * 60 && phone === "+16175550104") ||
      (minute === 11 * 60 && (phone === "617-555-0123" || phone === "+16175550177" || phone === "+16175550104" || phone === "+14165550123"));
    if (interesting) samples.push(decision);
  }
}

console.log(`callgate demo: a dialer day (${day}), ${total} call attempts on the memory adapter\n`);
console.log(`  allowed  ${String(allowed).padStart(5)}`);
console.log(`  denied   ${String(total - allowed).padStart(5)}`);
console.log("\nDenial reasons (a call can have several):");
for (const [code, n] of [...tally].sort((a, b) => b[1] - a[1])) console.log(`  ${code.padEnd(24)} ${String(n).padStart(5)}`);
console.log("\nA few decisions:");
for (const d of samples) {
  console.log(`\n  ${d.phone} at ${d.at.toISOString()} -> ${d.allowed ? "ALLOWED" : "DENIED"} (zones: ${d.timeZones.join(", ") || "none"}; ${d.jurisdictions.join("+")})`);
  for (const r of d.reasons) console.log(`    ${r.code} [${r.rule}, ${r.citation}]: ${r.message}`);
  for (const e of d.exemptions) console.log(`    exempt from ${e.rule} (${e.basis}) [${e.citation}]`);
  if (d.nextAllowedAt !== undefined) console.log(`    next allowed at ${d.nextAllowedAt.toISOString()}`);
}
const verification = await gate.verify();
console.log(`\nRecord chain: ${verification.ok ? "verified" : "BROKEN"}, ${verification.checked} records (decision receipts, consents, relationships, interactions, do-not-call requests, registry snapshots).`);
