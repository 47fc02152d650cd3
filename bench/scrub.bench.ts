/**
 * Bulk scrub speed on clean input with every rule evaluated, against a bare `Set.has` loop over the
 * same numbers in the same run (issue target: >= 2 million leads/s on one core).
 */
import { createCallgate, createRegistry } from "../src/index.js";
import { memoryStorage } from "../src/adapters/memory.js";

function leads(n: number): string[] {
  const npas = [617, 508, 978, 212, 312, 602, 808, 415];
  const out: string[] = [];
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const r = x >>> 0;
    out.push(`${npas[i % npas.length]}${200 + (r % 800)}${String(Math.floor(r / 800) % 10000).padStart(4, "0")}`);
  }
  return out;
}

/** Measures the scrub; returns figures (no printing). */
export async function benchScrub(count = 2_000_000): Promise<Record<string, number>> {
  const list = leads(count);
  const national = list.filter((_, i) => i % 9 === 0);
  const gate = createCallgate({
    seller: { id: "bench", name: "Bench Seller", callerId: "+16175550100" },
    storage: memoryStorage(),
    clock: { now: () => new Date("2026-11-30T18:00:00Z") },
    registries: [
      createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: national }),
      createRegistry({ source: "massachusetts", edition: "2026-10-01", numbers: list.filter((p, i) => i % 13 === 0 && p.startsWith("617")) }),
    ],
  });
  for (let i = 0; i < 2000; i++) await gate.recordConsent({ action: "revoke", phone: list[i * 97] as string, channel: "call", at: "2026-11-01" });

  const best = async (fn: () => Promise<number>): Promise<number> => {
    let top = 0;
    for (let k = 0; k < 3; k++) top = Math.max(top, await fn());
    return top;
  };
  const batched = await best(async () => {
    const t = performance.now();
    let n = 0;
    for await (const batch of gate.scrub(list).batches()) n += batch.length;
    return n / ((performance.now() - t) / 1000);
  });
  const perLead = await best(async () => {
    const t = performance.now();
    let n = 0;
    for await (const _ of gate.scrub(list)) n++;
    return n / ((performance.now() - t) / 1000);
  });
  const set = new Set<number>(national.map(Number));
  const setRate = await best(async () => {
    const t = performance.now();
    let hits = 0;
    for (const p of list) if (set.has(Number(p))) hits++;
    if (hits < 0) throw new Error("unreachable");
    return list.length / ((performance.now() - t) / 1000);
  });
  return {
    "scrub leads/s, batches (clean input, every rule)": Math.round(batched),
    "scrub leads/s, one result at a time": Math.round(perLead),
    "bare Set.has loop over the same numbers/s": Math.round(setRate),
    "ratio scrub (batches) / Set.has": Number((batched / setRate).toFixed(3)),
  };
}
