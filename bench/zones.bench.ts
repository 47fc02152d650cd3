/**
 * Micro-benchmark of the time-zone hot path of a bulk scrub: number -> candidate zones, ZIP ->
 * zone, and the UTC offset of a zone at an instant, against luxon's offset lookup in the same run.
 * Returns operations per second (higher is better); `bench/run.ts` prints them.
 */
import { DateTime, IANAZone } from "luxon";
import { utcOffsetMinutes } from "../src/time/offsets.js";
import { US_FALLBACK_ZONES, zoneForPostalCode, zonesForNpaNxx, zonesForNumber } from "../src/time/zones.js";

const SAMPLES = 65_536;

/** A deterministic generator, so that runs are comparable. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

/** Runs `body(i)` over and over for about `ms` milliseconds; returns calls per second. */
function measure(body: (i: number) => unknown, ms = 300): number {
  let sink = 0;
  const batch = 16_384;
  for (let i = 0; i < batch; i++) if (body(i) !== undefined) sink++; // warm up
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < batch; i++) if (body(calls + i) !== undefined) sink++;
    calls += batch;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  if (sink < 0) console.log(sink); // keep the results alive
  return Math.round((calls / elapsed) * 1000);
}

export async function benchZones(): Promise<Record<string, number>> {
  const random = lcg(20_260_308);
  const areaCodes = [617, 212, 602, 928, 208, 907, 808, 312, 415, 713, 305, 404, 503, 303, 800, 416];
  const numbers: string[] = [];
  const npas = new Uint16Array(SAMPLES);
  const nxxs = new Uint16Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) {
    const npa = areaCodes[Math.floor(random() * areaCodes.length)] as number;
    const nxx = 200 + Math.floor(random() * 800);
    const line = Math.floor(random() * 10_000);
    npas[i] = npa;
    nxxs[i] = nxx;
    numbers.push(`${npa}${nxx}${String(line).padStart(4, "0")}`);
  }
  const zips: string[] = [];
  for (let i = 0; i < SAMPLES; i++) zips.push(String(Math.floor(random() * 100_000)).padStart(5, "0"));
  const zones: string[] = [];
  const instants = new Float64Array(SAMPLES);
  const year = Date.UTC(2026, 0, 1);
  for (let i = 0; i < SAMPLES; i++) {
    zones.push(US_FALLBACK_ZONES[Math.floor(random() * US_FALLBACK_ZONES.length)] as string);
    instants[i] = year + Math.floor(random() * 365 * 86_400_000);
  }
  const mask = SAMPLES - 1;
  const luxonZones = new Map(US_FALLBACK_ZONES.map((z) => [z, IANAZone.create(z)]));

  const numberLookups = measure((i) => zonesForNumber(numbers[i & mask] as string));
  const npaNxxLookups = measure((i) => zonesForNpaNxx(npas[i & mask] as number, nxxs[i & mask] as number));
  const zipLookups = measure((i) => zoneForPostalCode(zips[i & mask] as string));
  const offsets = measure((i) => utcOffsetMinutes(zones[i & mask] as string, instants[i & mask] as number));
  const luxonZoneOffsets = measure(
    (i) => (luxonZones.get(zones[i & mask] as string) as IANAZone).offset(instants[i & mask] as number),
    200,
  );
  const luxonDateTimeOffsets = measure(
    (i) => DateTime.fromMillis(instants[i & mask] as number, { zone: zones[i & mask] as string }).offset,
    200,
  );

  return {
    "zonesForNumber lookups/s": numberLookups,
    "zonesForNpaNxx lookups/s": npaNxxLookups,
    "zoneForPostalCode lookups/s": zipLookups,
    "utcOffsetMinutes calls/s": offsets,
    "luxon IANAZone.offset calls/s": luxonZoneOffsets,
    "luxon DateTime.fromMillis().offset calls/s": luxonDateTimeOffsets,
    "utcOffsetMinutes speed-up over luxon DateTime": Math.round((offsets / luxonDateTimeOffsets) * 10) / 10,
  };
}
