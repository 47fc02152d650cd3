/**
 * `callgate scrub leads.csv`: list hygiene over a CSV lead list. Each row keeps its columns and
 * gains the decision's (`callgate_allowed`, `callgate_reasons`, `callgate_rules`,
 * `callgate_next_allowed_at`, `callgate_e164`); allowed rows go to `--out`, the others (denied,
 * and rows the gate cannot read, with `callgate_error`) to `--rejected`. The file streams through
 * csv-parse, `gate.scrub` and csv-stringify; one summary record is stored per run.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { Option, type Command } from "commander";
import type { CallDecision, ConsumerInfo, ScrubLead, ScrubOptions } from "../index.js";
import { parseUsPhone } from "../phone/index.js";
import { LINE_TYPES, METHODS, PURPOSES } from "../rules/types.js";
import { tryParseInstant } from "../time/instant.js";
import { ExitCodes, usageError, type ExitCode } from "./_errors.js";
import { createProgress, formatTable } from "./_io.js";
import { readCsv, sniffLayout, writeCsv, type CsvRow, type CsvWriter } from "./_csv.js";
import { checkOutputPath, requireInstant, withWorkspace, type GlobalOptions } from "./_workspace.js";

interface ScrubCliOptions {
  out: string;
  rejected?: string;
  at?: string;
  method: string;
  purpose: string;
  lineType: string;
  campaign?: string;
  phoneColumn?: string;
  stateColumn?: string;
  zipColumn?: string;
  progress: boolean;
  json?: boolean;
}

/** The columns a scrub adds to every row. */
export const DECISION_COLUMNS = ["callgate_allowed", "callgate_reasons", "callgate_rules", "callgate_next_allowed_at", "callgate_e164"] as const;
/** The column the rejected file adds for rows the gate could not read. */
export const ERROR_COLUMN = "callgate_error";

const PHONE_COLUMNS = ["phone", "phone_number", "telephone", "number", "mobile"];
const STATE_COLUMNS = ["state", "st", "state_code"];
const ZIP_COLUMNS = ["zip", "zip_code", "zipcode", "postal_code", "postalcode", "postcode"];

/** Adds `scrub` to the program. */
export function registerScrub(program: Command, finish: (code: ExitCode) => void): void {
  program
    .command("scrub")
    .summary("scrub a CSV lead list into callable and rejected files")
    .description(
      `Decides every row of a CSV lead list (a header row first) as the gate would at --at, and writes the callable rows to --out and the rest to --rejected, each with its input columns plus ${DECISION_COLUMNS.join(", ")} (rejected rows also ${ERROR_COLUMN}). The phone column is found by name (${PHONE_COLUMNS.join(", ")}; any case) or --phone-column; optional state (${STATE_COLUMNS.join(", ")}) and ZIP (${ZIP_COLUMNS.join(", ")}) columns are used for the consumer's location. A byte-order mark and CRLF line ends are kept.`,
    )
    .argument("<leads>", "the lead list (CSV)")
    .option("--out <file>", "callable rows ('-' for stdout)", "-")
    .option("--rejected <file>", "denied and unreadable rows (default: not written)")
    .option("--at <iso>", "instant of the calls (ISO-8601; a bare date or a time without offset is New York time) (default: now)")
    .addOption(new Option("--method <method>", "how the calls are made").choices(METHODS).default("live"))
    .addOption(new Option("--purpose <purpose>", "why the calls are made").choices(PURPOSES).default("telemarketing"))
    .addOption(new Option("--line-type <type>", "the lines called").choices(LINE_TYPES).default("unknown"))
    .option("--campaign <id>", "campaign id")
    .option("--phone-column <name>", "the phone column's header")
    .option("--state-column <name>", "the state column's header")
    .option("--zip-column <name>", "the ZIP code column's header")
    .option("--no-progress", "no progress bar")
    .option("--json", "print the summary as JSON")
    .addHelpText("after", "\nExit code: 0 scrubbed (whatever the decisions), 2 usage or input error (no phone column, malformed CSV), 3 storage or registry error.")
    .action(async (leads: string, options: ScrubCliOptions, command: Command) => {
      finish(await scrub(leads, options, command.optsWithGlobals<GlobalOptions>()));
    });
}

/** The header: which input columns are kept and where the lead's fields are. */
interface Columns {
  header: string[];
  /** Input columns kept (a previous scrub's callgate_* columns are replaced). */
  kept: number[];
  phone: number;
  state: number | undefined;
  zip: number | undefined;
}

/** A row that never reached the gate, waiting for its place in the rejected file. */
interface MalformedRow {
  /** How many leads went to the gate before it. */
  before: number;
  fields: string[];
  error: string;
}

type RowLead = { phone: string; consumer?: ConsumerInfo; fields: string[] };

async function scrub(leadsFile: string, options: ScrubCliOptions, globals: GlobalOptions): Promise<ExitCode> {
  let info;
  try {
    info = await stat(leadsFile);
  } catch (error) {
    throw usageError(`cannot read the lead list ${leadsFile}`, "check the path", error);
  }
  if (!info.isFile()) throw usageError(`${leadsFile} is not a file`, "name the CSV lead list");
  const size = info.size;
  const input = resolve(leadsFile);
  const targets = [options.out, ...(options.rejected === undefined ? [] : [options.rejected])].filter((t) => t !== "-").map((t) => resolve(t));
  if (targets.includes(input)) throw usageError(`${leadsFile} would be overwritten by the scrub's output`, "write --out and --rejected to other files");
  checkOutputPath(options.out, "--out");
  if (options.rejected !== undefined) checkOutputPath(options.rejected, "--rejected");
  if (targets.length === 2 && targets[0] === targets[1]) throw usageError("--out and --rejected name the same file", "give the rejected rows a file of their own");
  if (options.at !== undefined) requireInstant(options.at, "--at", tryParseInstant);
  const scrubOptions: ScrubOptions = {
    method: options.method as NonNullable<ScrubOptions["method"]>,
    purpose: options.purpose as NonNullable<ScrubOptions["purpose"]>,
    lineType: options.lineType as NonNullable<ScrubOptions["lineType"]>,
  };
  if (options.at !== undefined) scrubOptions.at = options.at;
  if (options.campaign !== undefined) scrubOptions.campaignId = options.campaign;
  const layout = await sniffLayout(leadsFile);
  const summaryToStderr = options.out === "-";

  return withWorkspace(globals, { create: true, registries: true }, async (ws) => {
    const reader = readCsv(leadsFile);
    const rows = reader[Symbol.asyncIterator]();
    const first = await rows.next();
    if (first.done === true) throw usageError(`${leadsFile} is empty`, "the first line must be a header naming the phone column");
    const columns = findColumns(first.value.fields, options, leadsFile);

    const callable = writeCsv(options.out, layout);
    const rejected = options.rejected === undefined ? undefined : writeCsv(options.rejected, layout);
    const writers = [callable, ...(rejected === undefined ? [] : [rejected])];
    const progress = createProgress({ label: "scrub", itemName: "leads", total: size, enabled: options.progress });
    const malformed: MalformedRow[] = [];
    const leadsPerCode = new Map<string, number>();
    const counts = { rows: 0, callable: 0, denied: 0, invalid: 0 };
    let sent = 0;

    async function* leads(): AsyncGenerator<ScrubLead> {
      for (let step = await rows.next(); step.done !== true; step = await rows.next()) {
        const lead = rowLead(step.value, columns);
        if ("error" in lead) malformed.push({ before: sent, fields: lead.fields, error: lead.error });
        else {
          sent++;
          yield lead;
        }
      }
    }
    const rejectRow = async (fields: readonly string[], decision: readonly string[], error: string): Promise<void> => {
      counts.invalid++;
      tallyCode(leadsPerCode, "INVALID_INPUT");
      await rejected?.write([...keep(fields, columns), ...decision, error]);
    };
    const flushMalformed = async (upTo: number): Promise<void> => {
      while (malformed.length > 0 && (malformed[0]?.before ?? Infinity) <= upTo) {
        const row = malformed.shift() as MalformedRow;
        counts.rows++;
        await rejectRow(row.fields, ["false", "INVALID_INPUT", "", "", e164Of(row.fields[columns.phone] ?? "")], row.error);
      }
    };

    try {
      const headerOut = [...columns.kept.map((i) => columns.header[i] ?? ""), ...DECISION_COLUMNS];
      await callable.write(headerOut);
      await rejected?.write([...headerOut, ERROR_COLUMN]);
      const run = ws.gate.scrub(leads(), scrubOptions);
      for await (const batch of run.batches(256)) {
        for (const result of batch) {
          await flushMalformed(result.index);
          counts.rows++;
          const fields = (result.lead as RowLead).fields;
          if (result.decision !== undefined) {
            const d = result.decision;
            if (d.allowed) {
              counts.callable++;
              await callable.write([...keep(fields, columns), ...decisionColumns(d)]);
            } else {
              counts.denied++;
              for (const code of new Set(d.reasons.map((r) => r.code))) tallyCode(leadsPerCode, code);
              await rejected?.write([...keep(fields, columns), ...decisionColumns(d), ""]);
            }
          } else {
            const phone = (result.lead as RowLead).phone;
            await rejectRow(fields, ["false", "INVALID_INPUT", "", "", e164Of(phone)], result.error.message);
          }
        }
        progress.update(reader.bytesRead, counts.rows);
      }
      await flushMalformed(Infinity);
      const summary = await run.summary;
      for (const w of writers) await w.close();
      progress.finish();

      const report = {
        file: leadsFile,
        at: summary.at,
        rows: counts.rows,
        callable: counts.callable,
        rejected: counts.denied + counts.invalid,
        denied: counts.denied,
        invalid: counts.invalid,
        leadsByReason: Object.fromEntries([...leadsPerCode].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))),
        runId: summary.runId,
        recordId: summary.recordId,
        registries: summary.registries,
        out: options.out,
        rejectedFile: options.rejected ?? null,
      };
      const print = summaryToStderr ? (text: string) => process.stderr.write(`${text}\n`) : (text: string) => process.stdout.write(`${text}\n`);
      if (options.json === true) print(JSON.stringify(report, null, 2));
      else print(describeScrub(report));
      return ExitCodes.OK;
    } catch (error) {
      progress.stop();
      await Promise.all(writers.map((w: CsvWriter) => w.abort()));
      await rows.return?.();
      throw error;
    }
  });
}

function findColumns(header: string[], options: ScrubCliOptions, file: string): Columns {
  const names = header.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, "_"));
  const find = (flag: string | undefined, flagName: string, candidates: readonly string[], required: boolean): number | undefined => {
    if (flag !== undefined) {
      const wanted = flag.trim().toLowerCase().replace(/[\s-]+/g, "_");
      const i = names.indexOf(wanted);
      if (i < 0) throw usageError(`${file} has no column ${JSON.stringify(flag)} (${flagName}); its columns are ${header.map((h) => JSON.stringify(h)).join(", ")}`, `pass ${flagName} with one of those names`);
      return i;
    }
    for (const c of candidates) {
      const i = names.indexOf(c);
      if (i >= 0) return i;
    }
    if (required) {
      throw usageError(`${file} has no phone column (looked for ${candidates.join(", ")}); its columns are ${header.map((h) => JSON.stringify(h)).join(", ")}`, "name it with --phone-column");
    }
    return undefined;
  };
  const phone = find(options.phoneColumn, "--phone-column", PHONE_COLUMNS, true) as number;
  const kept = names.flatMap((name, i) => ((DECISION_COLUMNS as readonly string[]).includes(name) || name === ERROR_COLUMN ? [] : [i]));
  return {
    header,
    kept,
    phone,
    state: find(options.stateColumn, "--state-column", STATE_COLUMNS, false),
    zip: find(options.zipColumn, "--zip-column", ZIP_COLUMNS, false),
  };
}

function rowLead(row: CsvRow, columns: Columns): RowLead | { fields: string[]; error: string } {
  const { fields, line } = row;
  if (fields.length !== columns.header.length) {
    return { fields, error: `line ${line}: ${fields.length} fields where the header has ${columns.header.length}` };
  }
  const lead: RowLead = { phone: (fields[columns.phone] ?? "").trim(), fields };
  const consumer: ConsumerInfo = {};
  const state = columns.state === undefined ? "" : (fields[columns.state] ?? "").trim();
  const zip = columns.zip === undefined ? "" : (fields[columns.zip] ?? "").trim();
  if (state !== "") consumer.state = state;
  if (zip !== "") consumer.postalCode = zip;
  if (state !== "" || zip !== "") lead.consumer = consumer;
  return lead;
}

// The kept input columns, padded or cut to the header's width.
function keep(fields: readonly string[], columns: Columns): string[] {
  return columns.kept.map((i) => fields[i] ?? "");
}

function decisionColumns(d: CallDecision): string[] {
  return [
    d.allowed ? "true" : "false",
    [...new Set(d.reasons.map((r) => r.code))].join(";"),
    d.reasons.map((r) => r.rule).join(";"),
    d.nextAllowedAt?.toISOString() ?? "",
    d.reasons.some((r) => r.code === "INVALID_NUMBER") ? "" : d.phone,
  ];
}

function e164Of(phone: string): string {
  const parsed = parseUsPhone(phone);
  return parsed.ok ? parsed.e164 : "";
}

function tallyCode(map: Map<string, number>, code: string): void {
  map.set(code, (map.get(code) ?? 0) + 1);
}

function describeScrub(r: {
  file: string;
  at: Date;
  rows: number;
  callable: number;
  rejected: number;
  denied: number;
  invalid: number;
  leadsByReason: Record<string, number>;
  runId: string;
  recordId: string;
  registries: string[];
  out: string;
  rejectedFile: string | null;
}): string {
  const lines = [
    `Scrubbed ${r.rows} leads from ${r.file} for calls at ${r.at.toISOString()}`,
    formatTable(
      ["", "leads", "file"],
      [
        ["callable", r.callable, r.out === "-" ? "stdout" : r.out],
        ["rejected", r.rejected, r.rejectedFile ?? "(not written: pass --rejected FILE)"],
        ["  denied", r.denied, ""],
        ["  invalid input", r.invalid, ""],
      ],
    ),
  ];
  const reasons = Object.entries(r.leadsByReason);
  if (reasons.length > 0) {
    lines.push("", formatTable(["reason", "leads"], reasons), "  (a lead denied for several reasons counts under each)");
  }
  lines.push("", `run ${r.runId}, summary record ${r.recordId}`);
  if (r.registries.length > 0) lines.push(`registries ${r.registries.join(", ")}`);
  return lines.join("\n");
}
