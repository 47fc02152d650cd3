/**
 * `npm run bench`: every benchmark, printed as figures and ratios measured in the same run. Speed
 * targets are checked here, never in timed unit tests (these machines are shared and noisy).
 * `npm run bench -- gate zones` runs only the named groups.
 */
import { benchGate } from "./gate.bench.js";
import { benchRegistry } from "./registry.bench.js";
import { benchScrub } from "./scrub.bench.js";
import { benchStorage } from "./storage.bench.js";
import { benchZones } from "./zones.bench.js";

const groups: Record<string, () => Promise<Record<string, number>>> = {
  gate: () => benchGate(),
  zones: () => benchZones(),
  registry: () => benchRegistry(),
  scrub: () => benchScrub(),
  storage: () => benchStorage(),
};
// A child process of the storage benchmark (a PostgreSQL writer) runs only its own part.
const child = process.argv[2] === "--pg-writer";
const wanted = process.argv.slice(2).filter((a) => a in groups);
for (const [name, run] of child ? [] : Object.entries(groups)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const figures = await run();
  console.log(`\n${name}`);
  for (const [label, value] of Object.entries(figures)) {
    console.log(`  ${label.padEnd(64)} ${value.toLocaleString("en-US")}`);
  }
}
