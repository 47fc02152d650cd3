/**
 * Scrubbing a CSV lead list before a campaign: read the leads with csv-parse, scrub them with
 * `gate.scrub` (one decision per lead, identical to what `canCall` would say, and one summary
 * record per run), and write the verdicts with csv-stringify. The example writes its own small
 * CSV into a temporary folder, streams it through, prints the output and removes the folder.
 *
 * Run: npx tsx examples/csv-scrub/main.ts
 *
 * In your project: `import { createCallgate, createRegistry, type ScrubLead } from "callgate"`.
 */
import { strict as assert } from "node:assert";
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { parse } from "csv-parse";
import { stringify } from "csv-stringify";
import { createCallgate, createRegistry, type ScrubLead } from "../../src/index.js";
import { memoryStorage } from "../../src/adapters/memory.js";

const dir = mkdtempSync(join(tmpdir(), "callgate-csv-scrub-"));
const input = join(dir, "leads.csv");
const output = join(dir, "leads-scrubbed.csv");

// A lead list as a CRM exports it: numbers in any format, state and ZIP when known.
writeFileSync(
  input,
  [
    "lead_id,name,phone,state,zip",
    "L-001,Ada Byron,(617) 555-0142,MA,02139",
    "L-002,Alan Kay,212-555-0142,NY,10001",
    "L-003,Grace Hopper,+1 508 555 0199,MA,01602",
    "L-004,Ken Thompson,312.555.0130,,",
    "L-005,Barbara Liskov,415 555 0150,CA,94110",
    "L-006,Edsger Dijkstra,not a number,,",
    "L-007,Frances Allen,(602) 555-0150,AZ,8500",
    "L-008,Donald Knuth,+1 416 555 0123,,",
    "",
  ].join("\n"),
);

/** One CSV row as csv-parse yields it with `columns: true`. */
interface LeadRow {
  lead_id: string;
  name: string;
  phone: string;
  state: string;
  zip: string;
}

/** A CSV row as a scrub lead: the number, the consumer fields the row has, and the row itself. */
function toLead(row: LeadRow): ScrubLead {
  const consumer = {
    ...(row.state === "" ? {} : { state: row.state }),
    ...(row.zip === "" ? {} : { postalCode: row.zip }),
  };
  return { phone: row.phone, consumer, row };
}

async function* leads(path: string): AsyncGenerator<ScrubLead> {
  const rows = createReadStream(path).pipe(parse({ columns: true, skip_empty_lines: true, trim: true }));
  for await (const row of rows) yield toLead(row as LeadRow);
}

const gate = createCallgate({
  seller: { id: "acme-solar", name: "Acme Solar LLC", callerId: "+16175550100" },
  storage: memoryStorage(),
  registries: [
    createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: ["+12125550142"] }),
    createRegistry({ source: "massachusetts", edition: "2026-10-01", numbers: ["+15085550199"] }),
  ],
  clock: { now: () => new Date("2026-11-30T15:00:00Z") },
});

try {
  // Scrub for the campaign's planned call time: Tuesday 1 December 2026, 10:30 in New York
  // (a date-time without an offset is New York time), which is 07:30 in San Francisco.
  const run = gate.scrub(leads(input), { at: "2026-12-01T10:30:00", purpose: "telemarketing", method: "live" });
  const out = stringify({
    header: true,
    columns: ["lead_id", "name", "phone", "e164", "verdict", "reasons", "next_allowed_at"],
  });
  const written = finished(out.pipe(createWriteStream(output)));
  // Respect back-pressure, so a list of millions streams through in constant memory.
  const write = async (record: Record<string, string>): Promise<void> => {
    if (!out.write(record)) await once(out, "drain");
  };
  const verdicts = new Map<string, string>();
  for await (const result of run) {
    // Each result carries its lead as given, so the CSV row comes back with its verdict.
    const row = (result.lead as Exclude<ScrubLead, string>)["row"] as LeadRow;
    if (result.error !== undefined) {
      // The gate refused the lead itself as malformed (here: a ZIP that is not 12345 or 12345-6789).
      verdicts.set(row.lead_id, "invalid");
      await write({ ...row, e164: "", verdict: "invalid", reasons: result.error.message, next_allowed_at: "" });
      continue;
    }
    const d = result.decision;
    const verdict = d.allowed ? "call" : "do-not-call";
    verdicts.set(row.lead_id, verdict);
    await write({
      ...row,
      e164: d.phone,
      verdict,
      reasons: d.reasons.map((r) => `${r.code} (${r.rule})`).join("; "),
      next_allowed_at: d.nextAllowedAt?.toISOString() ?? "",
    });
  }
  out.end();
  await written;
  const summary = await run.summary;

  console.log(`scrubbed ${input} -> ${output}\n`);
  console.log(readFileSync(output, "utf8"));
  console.log(`summary ${summary.runId} (stored as record ${summary.recordId}):`);
  console.log(`  leads ${summary.leads}, allowed ${summary.allowed}, denied ${summary.denied}, invalid ${summary.invalid}`);
  console.log(`  by reason: ${JSON.stringify(summary.byReason)}`);
  console.log(`  registries: ${summary.registries.join(", ")}`);

  assert.deepEqual(Object.fromEntries(verdicts), {
    "L-001": "call",
    "L-002": "do-not-call", // National DNC
    "L-003": "do-not-call", // Massachusetts list
    "L-004": "call",
    "L-005": "do-not-call", // OUTSIDE_CALLING_HOURS: 07:30 in San Francisco
    "L-006": "do-not-call", // INVALID_NUMBER
    "L-007": "invalid", // ZIP "8500"
    "L-008": "do-not-call", // a Canadian number: INVALID_NUMBER
  });
  assert.equal(summary.leads, 8);
  assert.equal(summary.invalid, 1);
  assert.deepEqual(summary.byReason, { NATIONAL_DNC: 1, STATE_DNC: 1, OUTSIDE_CALLING_HOURS: 1, INVALID_NUMBER: 2 });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
