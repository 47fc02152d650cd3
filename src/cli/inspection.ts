/**
 * `callgate export`, `callgate audit` and `callgate report`: the records answering an inspection,
 * through the gate's inspection methods (`exportRecords`, `auditInteractions`, `report`).
 */
import { createWriteStream } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import { once } from "node:events";
import { Option, type Command } from "commander";
import type { AuditReport, ExportManifest, ExportOptions } from "../inspection/index.js";
import { RECORD_KINDS, type RecordKind } from "../index.js";
import { addCalendar, tryParseInstant } from "../time/instant.js";
import { ExitCodes, usageError, type ExitCode } from "./_errors.js";
import { formatTable, say, sayJson } from "./_io.js";
import { checkOutputPath, requireInstant, withWorkspace, type GlobalOptions } from "./_workspace.js";

interface ExportCliOptions {
  format: "csv" | "jsonl";
  out: string;
  manifest?: string;
  from?: string;
  to?: string;
  kinds?: string;
  phone?: string;
}

interface RangeOptions {
  from?: string;
  to?: string;
  campaign?: string;
  json?: boolean;
  out?: string;
}

/** Adds `export`, `audit` and `report` to the program. */
export function registerInspection(program: Command, finish: (code: ExitCode) => void): void {
  program
    .command("export")
    .summary("export the seller's records for a regulator (CSV or JSON Lines)")
    .description("Streams the seller's records (never a registry's list) as CSV or JSON Lines, with a manifest: count, time range, chain head and the file's SHA-256. Written beside --out and renamed when complete.")
    .addOption(new Option("--format <format>", "file format").choices(["csv", "jsonl"]).default("csv"))
    .option("--out <file>", "the export file ('-' for stdout)", "-")
    .option("--manifest <file>", "where the manifest goes (default: <out>.manifest.json; stderr with --out -)")
    .option("--from <iso>", "records whose own instant is at or after this")
    .option("--to <iso>", "records whose own instant is before this")
    .option("--kinds <list>", `record kinds, comma-separated (${RECORD_KINDS.join(", ")})`)
    .option("--phone <number>", "only the records about this number")
    .action(async (options: ExportCliOptions, command: Command) => {
      finish(await exportCommand(options, command.optsWithGlobals<GlobalOptions>()));
    });

  program
    .command("audit")
    .summary("the post-call audit: abandonment, ring time, disclosures, ungated calls")
    .description("Audits the calls started in [--from, --to): abandonment rate per campaign (3%), 2-second abandonment, ring time, the Massachusetts disclosures, calls never gated or placed against a denial, and written consents without evidence. Each finding names its rule, citation and records.")
    .option("--from <iso>", "start of the range (default: 30 days before --to)")
    .option("--to <iso>", "end of the range, exclusive (default: now)")
    .option("--campaign <id>", "only this campaign")
    .option("--json", "print the audit as JSON")
    .addHelpText("after", "\nExit code: 0 no findings, 1 findings, 2 usage error, 3 storage error.")
    .action(async (options: RangeOptions, command: Command) => {
      finish(await auditCommand(options, command.optsWithGlobals<GlobalOptions>()));
    });

  program
    .command("report")
    .summary("the compliance report as one self-contained HTML page")
    .description("Calls per day by disposition, denials by reason, abandonment per campaign against the 3% line, open and overdue complaints, registry copy age over time and the audit findings, for [--from, --to), as one HTML file with no network asset.")
    .requiredOption("--out <file>", "the HTML file ('-' for stdout)")
    .option("--from <iso>", "start of the range (default: 30 days before --to)")
    .option("--to <iso>", "end of the range, exclusive (default: now)")
    .action(async (options: RangeOptions, command: Command) => {
      finish(await reportCommand(options, command.optsWithGlobals<GlobalOptions>()));
    });
}

async function exportCommand(options: ExportCliOptions, globals: GlobalOptions): Promise<ExitCode> {
  const exportOptions: ExportOptions = { format: options.format };
  if (options.from !== undefined) exportOptions.from = requireInstant(options.from, "--from", tryParseInstant);
  if (options.to !== undefined) exportOptions.to = requireInstant(options.to, "--to", tryParseInstant);
  if (options.phone !== undefined) exportOptions.phone = options.phone;
  if (options.kinds !== undefined) {
    const kinds = options.kinds.split(/[\s,]+/).filter((k) => k !== "");
    const unknown = kinds.filter((k) => !(RECORD_KINDS as readonly string[]).includes(k));
    if (unknown.length > 0) throw usageError(`unknown record kind ${unknown.map((k) => JSON.stringify(k)).join(", ")}`, `use ${RECORD_KINDS.join(", ")}`);
    exportOptions.kinds = kinds as RecordKind[];
  }
  checkOutputPath(options.out, "--out");
  if (options.manifest !== undefined) checkOutputPath(options.manifest, "--manifest");
  const toStdout = options.out === "-";
  const manifestPath = options.manifest ?? (toStdout ? undefined : `${options.out}.manifest.json`);

  const manifest = await withWorkspace(globals, { create: false, registries: false }, async (ws) => {
    const exp = ws.gate.exportRecords(exportOptions);
    if (toStdout) {
      for await (const chunk of exp) if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
      return exp.manifest;
    }
    const temporary = `${options.out}.${process.pid}.partial`;
    const file = createWriteStream(temporary);
    try {
      for await (const chunk of exp) if (!file.write(chunk)) await once(file, "drain");
      file.end();
      await once(file, "close");
      const m = await exp.manifest;
      await rename(temporary, options.out);
      return m;
    } catch (error) {
      file.destroy();
      await rm(temporary, { force: true });
      throw error;
    }
  });
  const manifestJson = `${JSON.stringify(manifest, null, 2)}\n`;
  if (manifestPath !== undefined) await writeFile(manifestPath, manifestJson);
  else process.stderr.write(manifestJson);
  if (!toStdout) say(describeExport(manifest, options.out, manifestPath));
  return ExitCodes.OK;
}

function describeExport(m: ExportManifest, out: string, manifestPath: string | undefined): string {
  const file = m.files[0];
  const lines = [
    `Exported ${m.count} records (${m.format}) to ${out}${file === undefined ? "" : `, ${file.bytes} bytes, sha256 ${file.sha256}`}`,
  ];
  const kinds = Object.entries(m.countsByKind);
  if (kinds.length > 0) lines.push(formatTable(["kind", "records"], kinds.map(([k, n]) => [k, n ?? 0])));
  if (m.timeRange !== null) lines.push(`records from ${m.timeRange.first.toISOString()} to ${m.timeRange.last.toISOString()}`);
  if (m.chainHead !== null) lines.push(`chain head seq ${m.chainHead.seq} ${m.chainHead.hash}`);
  if (manifestPath !== undefined) lines.push(`manifest ${manifestPath}`);
  return lines.join("\n");
}

function rangeOf(options: RangeOptions): { from: Date; to: Date } {
  const to = options.to === undefined ? new Date() : requireInstant(options.to, "--to", tryParseInstant);
  const from = options.from === undefined ? addCalendar(to, { days: -30 }) : requireInstant(options.from, "--from", tryParseInstant);
  if (to.getTime() <= from.getTime()) throw usageError("--to must be after --from", "pass a range such as --from 2026-11-01 --to 2026-12-01");
  return { from, to };
}

async function auditCommand(options: RangeOptions, globals: GlobalOptions): Promise<ExitCode> {
  const range = rangeOf(options);
  const audit = await withWorkspace(globals, { create: false, registries: false }, (ws) =>
    ws.gate.auditInteractions({ ...range, ...(options.campaign === undefined ? {} : { campaignId: options.campaign }) }),
  );
  if (options.json === true) sayJson(audit);
  else say(describeAudit(audit));
  return audit.findings.length > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
}

function describeAudit(a: AuditReport): string {
  const e = a.examined;
  const lines = [
    `Audit of calls from ${a.range.from.toISOString()} to ${a.range.to.toISOString()}${a.campaignId === undefined ? "" : ` (campaign ${a.campaignId})`}`,
    `  examined: ${e.interactions} interactions, ${e.outbound} outbound, ${e.liveAnswered} answered by a person, ${e.writtenConsents} written consents`,
    "",
    formatTable(["rule", "findings"], Object.entries(a.countsByRule).map(([rule, n]) => [rule, n])),
  ];
  if (a.abandonment.length > 0) {
    lines.push(
      "",
      formatTable(
        ["campaign", "from", "to", "answered", "abandoned", "rate", ""],
        a.abandonment.map((p) => [
          p.campaignId ?? "(none)",
          p.from.toISOString().slice(0, 10),
          p.to.toISOString().slice(0, 10),
          p.liveAnswered,
          p.abandoned,
          p.rate === null ? "—" : `${(p.rate * 100).toFixed(2)}%`,
          p.overLimit ? "OVER 3%" : "",
        ]),
      ),
    );
  }
  if (a.findings.length > 0) {
    lines.push("", "Findings");
    for (const f of a.findings) {
      const ids = f.recordIds.length > 3 ? `${f.recordIds.slice(0, 3).join(", ")} and ${f.recordIds.length - 3} more` : f.recordIds.join(", ");
      lines.push(`  ${f.at.toISOString()}  ${f.rule}${f.phone === undefined ? "" : `  ${f.phone}`}${f.campaignId === undefined ? "" : `  campaign ${f.campaignId}`}`);
      lines.push(`    ${f.message}`);
      lines.push(`    ${f.citation}; records ${ids}`);
    }
  } else lines.push("", "No findings.");
  return lines.join("\n");
}

async function reportCommand(options: RangeOptions, globals: GlobalOptions): Promise<ExitCode> {
  const range = rangeOf(options);
  const out = options.out ?? "-";
  checkOutputPath(out, "--out");
  const html = await withWorkspace(globals, { create: false, registries: false }, (ws) => ws.gate.report(range));
  if (out === "-") {
    process.stdout.write(html);
    return ExitCodes.OK;
  }
  const temporary = `${out}.${process.pid}.partial`;
  await writeFile(temporary, html);
  await rename(temporary, out);
  say(`Report for ${range.from.toISOString()} to ${range.to.toISOString()} written to ${out} (${Buffer.byteLength(html)} bytes)`);
  return ExitCodes.OK;
}
