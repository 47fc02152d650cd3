/**
 * canCall decisions per second on the memory adapter, against a bare libphonenumber-js parse of
 * the same numbers in the same run (issue: at least 200,000 decisions/s, parse alone ~100,000/s).
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { createCallgate, createRegistry, DEFAULT_POLICY, evaluateCall, type CallFacts } from "../src/index.js";
import { memoryStorage } from "../src/adapters/memory.js";

function numbers(n: number): string[] {
  const npas = [617, 508, 212, 312, 602, 808, 415, 713];
  const out: string[] = [];
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    // xorshift32: distinct numbers, no short cycles in the low digits.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const r = x >>> 0;
    const npa = npas[i % npas.length] as number;
    out.push(`+1${npa}${200 + (r % 800)}${String(Math.floor(r / 800) % 10000).padStart(4, "0")}`);
  }
  return out;
}

/** Measures the gate; returns figures (no printing). */
export async function benchGate(count = 200_000): Promise<Record<string, number>> {
  const phones = numbers(count);
  const listed = phones.filter((_, i) => i % 10 === 0);
  let now = Date.parse("2026-11-30T16:00:00Z");
  const gate = createCallgate({
    seller: { id: "bench", name: "Bench Seller", callerId: "+16175550100" },
    storage: memoryStorage(),
    registries: [
      createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: listed }),
      createRegistry({ source: "massachusetts", edition: "2026-10-01", numbers: listed.filter((p) => p.startsWith("+1617")) }),
    ],
    clock: { now: () => new Date(now++) },
  });
  // Warm up both paths.
  for (let i = 0; i < 5000; i++) {
    await gate.canCall({ phone: phones[i] as string });
    parsePhoneNumberFromString(phones[i] as string, "US")?.isValid();
  }
  let t0 = performance.now();
  let allowed = 0;
  for (const phone of phones) if ((await gate.canCall({ phone })).allowed) allowed++;
  const gateSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  let valid = 0;
  for (const phone of phones) if (parsePhoneNumberFromString(phone, "US")?.isValid()) valid++;
  const parseSeconds = (performance.now() - t0) / 1000;
  // The pure core alone (no storage, no receipt), for the share the receipt and the log take.
  const facts: CallFacts = { seller: gate.seller, registries: gate.registries, standing: [], interactions: [] };
  const evalNow = new Date(now);
  t0 = performance.now();
  let pureAllowed = 0;
  for (const phone of phones) if (evaluateCall(facts, { phone }, DEFAULT_POLICY, evalNow, { decisionId: "bench" }).allowed) pureAllowed++;
  const pureSeconds = (performance.now() - t0) / 1000;
  if (pureAllowed < 0) throw new Error("unreachable");
  const decisionsPerSecond = count / gateSeconds;
  const parsesPerSecond = count / parseSeconds;
  return {
    "canCall decisions/s (memory adapter, receipts stored)": Math.round(decisionsPerSecond),
    "libphonenumber-js parse+isValid/s": Math.round(parsesPerSecond),
    "ratio canCall / parse": Number((decisionsPerSecond / parsesPerSecond).toFixed(2)),
    "evaluateCall decisions/s (pure core, no receipt)": Math.round(count / pureSeconds),
    "share allowed": Number((allowed / count).toFixed(3)),
    "share valid": Number((valid / count).toFixed(3)),
  };
}
