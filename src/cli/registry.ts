/**
 * `callgate registry import` and `callgate registry status`: registry downloads become binary
 * snapshot files in the snapshot folder and `registry-snapshot` records in the store (the proof
 * that the 31-day and quarterly processes ran); status reads them back with their age, coverage
 * and freshness as the rule packs judge it.
 */
import { existsSync } from "node:fs";
import { mkdir, open, stat } from "node:fs/promises";
import { Option, type Command } from "commander";
import { loadRegistry, loadRegistrySnapshot, saveRegistrySnapshot, type LoadedRegistry, type LoadRegistryOptions, type Registry, type RegistrySource } from "../index.js";
import { REGISTRY_SOURCES } from "../registry/types.js";
import { calendarDate, tryParseInstant } from "../time/instant.js";
import { ExitCodes, storageError, usageError, type ExitCode } from "./_errors.js";
import { createProgress, formatCount, formatTable, say, sayJson, type Progress } from "./_io.js";
import { areaCodesInUse, snapshotFile, snapshotStanding, type RecordedSnapshot } from "./_snapshots.js";
import { requireInstant, withWorkspace, type GlobalOptions, type Workspace } from "./_workspace.js";

interface ImportOptions {
  source: RegistrySource;
  obtained?: string;
  edition?: string;
  areaCodes?: string;
  changes?: boolean;
  badLineThreshold?: string;
  progress: boolean;
  json?: boolean;
}

interface StatusOptions {
  at?: string;
  json?: boolean;
}

/** Adds `registry import` and `registry status` to the program. */
export function registerRegistry(program: Command, finish: (code: ExitCode) => void): void {
  const registry = program.command("registry").summary("import registry downloads; show the snapshots in use").description("Registry snapshots: the National Do Not Call Registry and the Massachusetts list.");

  registry
    .command("import")
    .summary("import a registry download as a snapshot")
    .description(
      "Reads a National DNC file (AAANNNNNNN, AAA,NNNNNNN or AAA-NNN-NNNN a line) or the Massachusetts list (number and last name; names are dropped), plain or zipped. Several files make one snapshot (a subscription delivered per area code). The snapshot is saved as a file in the snapshot folder and recorded in the store.",
    )
    .argument("<files...>", "the downloaded file(s)")
    .addOption(new Option("--source <source>", "which list the files are").choices(REGISTRY_SOURCES).makeOptionMandatory())
    .option("--obtained <date>", "when the copy was downloaded (drives the 31-day rule) (default: the edition's day, else now)")
    .option("--edition <date>", "publication date YYYY-MM-DD; for the Massachusetts list the first day of its quarter (default: from --obtained)")
    .option("--area-codes <list>", "area codes the subscription covers, comma-separated (default: every area code)")
    .option("--changes", "the files are a change list (additions and deletions) applied to the newest snapshot of the source")
    .option("--bad-line-threshold <share>", "largest share of unreadable lines accepted, 0..1 (default: 0.001)")
    .option("--no-progress", "no progress bar")
    .option("--json", "print the snapshot's meta as JSON")
    .action(async (files: string[], options: ImportOptions, command: Command) => {
      finish(await importRegistry(files, options, command.optsWithGlobals<GlobalOptions>()));
    });

  registry
    .command("status")
    .summary("each snapshot's edition, age and coverage; stale ones flagged")
    .description("Lists the snapshots on record: edition, download date, age in New York calendar days, coverage, and whether the gate uses it. A snapshot in use that the freshness rules (us.registry-fresh: 31 days; ma.registry-current: the current quarter) would refuse is flagged STALE.")
    .option("--at <iso>", "judge freshness on this day (default: now)")
    .option("--json", "print the snapshots as JSON")
    .addHelpText("after", "\nExit code: 0 every snapshot in use is current, 1 one is stale or missing (or a list has none), 2 usage error, 3 storage error.")
    .action(async (options: StatusOptions, command: Command) => {
      finish(await registryStatus(options, command.optsWithGlobals<GlobalOptions>()));
    });
}

async function importRegistry(files: string[], options: ImportOptions, globals: GlobalOptions): Promise<ExitCode> {
  const sizes: number[] = [];
  for (const file of files) {
    let info;
    try {
      info = await stat(file);
    } catch (error) {
      throw usageError(`cannot read the registry file ${file}`, "check the path", error);
    }
    if (!info.isFile()) throw usageError(`${file} is not a file`, "name the downloaded registry file");
    sizes.push(info.size);
  }
  if (files.length > 1) {
    for (const file of files) {
      if (await isZipFile(file)) throw usageError(`${file} is a ZIP archive`, "import a ZIP on its own (its entries make one snapshot), or unzip it first");
    }
  }
  const threshold = options.badLineThreshold === undefined ? undefined : Number(options.badLineThreshold);
  if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) {
    throw usageError(`--bad-line-threshold ${options.badLineThreshold} is not a share from 0 to 1`, "pass e.g. 0.001 (one line in a thousand)");
  }
  const areaCodes = options.areaCodes?.split(/[\s,]+/).filter((c) => c !== "");

  return withWorkspace(globals, { create: true, registries: false }, async (ws) => {
    const loadOptions: LoadRegistryOptions = { source: options.source };
    if (options.obtained !== undefined) loadOptions.obtainedAt = options.obtained;
    else if (options.edition === undefined) loadOptions.obtainedAt = new Date();
    if (options.edition !== undefined) loadOptions.edition = options.edition;
    if (areaCodes !== undefined) loadOptions.areaCodes = areaCodes;
    if (threshold !== undefined) loadOptions.badLineThreshold = threshold;
    if (options.changes === true) {
      loadOptions.changes = true;
      loadOptions.base = await newestSnapshot(ws, options.source);
    }

    const total = sizes.reduce((a, b) => a + b, 0);
    const progress = createProgress({ label: "import", itemName: "bytes", total, bytes: true, enabled: options.progress });
    let registry: LoadedRegistry;
    try {
      registry = await loadRegistry(readFiles(files, progress), loadOptions);
    } catch (error) {
      progress.stop();
      throw error;
    }
    progress.finish();

    const meta = registry.meta;
    const file = snapshotFile(ws.paths.registries, meta.id);
    const already = ws.snapshots.some((s) => s.id === meta.id);
    if (!already || !existsSync(file)) {
      await mkdir(ws.paths.registries, { recursive: true });
      await saveRegistrySnapshot(registry, file);
    }
    if (!already) await ws.gate.addRegistry(registry);

    if (options.json === true) {
      sayJson({ ...meta, file, alreadyImported: already, report: registry.report });
      return ExitCodes.OK;
    }
    say(describeImport(registry, file, already));
    return ExitCodes.OK;
  });
}

// The files as one stream of chunks (one list), counting bytes for the progress bar. A file that
// does not end its last line gets a newline, so two files never glue two numbers together.
async function* readFiles(files: readonly string[], progress: Progress): AsyncGenerator<Uint8Array> {
  let done = 0;
  const newline = Buffer.from("\n");
  for (const [i, file] of files.entries()) {
    let last = 10;
    const handle = await open(file, "r");
    try {
      const buffer = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        done += bytesRead;
        last = buffer[bytesRead - 1] ?? last;
        progress.update(done);
        // The loader copies what it keeps; the buffer is reused for the next read.
        yield buffer.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
    if (i < files.length - 1 && last !== 10) yield newline;
  }
}

async function isZipFile(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}

async function newestSnapshot(ws: Workspace, source: RegistrySource): Promise<Registry> {
  const candidates = ws.snapshots.filter((s) => s.source === source);
  const newest = candidates.reduce<RecordedSnapshot | undefined>(
    (best, s) => (best === undefined || s.obtainedAt.getTime() > best.obtainedAt.getTime() || (s.obtainedAt.getTime() === best.obtainedAt.getTime() && s.edition > best.edition) ? s : best),
    undefined,
  );
  if (newest === undefined) throw usageError(`no ${source} snapshot to apply the change list to`, "import a full list first (without --changes)");
  const file = snapshotFile(ws.paths.registries, newest.id);
  if (!existsSync(file)) throw storageError(`the snapshot file ${file} of ${newest.id} is missing`, "restore it, or import a full list");
  return loadRegistrySnapshot(file);
}

function describeImport(registry: LoadedRegistry, file: string, already: boolean): string {
  const m = registry.meta;
  const lines = [
    `${already ? "Already imported" : "Imported"} ${m.source} snapshot ${m.id}`,
    `  edition     ${m.edition}`,
    `  obtained    ${m.obtainedAt.toISOString()} (New York date ${calendarDate(m.obtainedAt)})`,
    `  numbers     ${formatCount(m.count)}${m.kind === "changes-applied" ? ` (changes applied to ${m.baseId ?? "?"})` : ""}`,
    `  coverage    ${coverage(m.areaCodes)}`,
    `  sha256      ${m.sha256}`,
    `  unreadable  ${formatCount(m.badLines)} of ${formatCount(registry.report.dataLines)} lines`,
  ];
  for (const bad of registry.report.badLines.slice(0, 5)) lines.push(`    line ${bad.line}${bad.entry === undefined ? "" : ` (${bad.entry})`}: ${bad.reason}: ${JSON.stringify(bad.text)}`);
  lines.push(`  file        ${file}`);
  return lines.join("\n");
}

function coverage(areaCodes: readonly string[] | null): string {
  if (areaCodes === null) return "all area codes";
  if (areaCodes.length <= 6) return areaCodes.join(", ");
  return `${areaCodes.length} area codes (${areaCodes.slice(0, 5).join(", ")}, …)`;
}

async function registryStatus(options: StatusOptions, globals: GlobalOptions): Promise<ExitCode> {
  const at = options.at === undefined ? new Date() : requireInstant(options.at, "--at", tryParseInstant);
  return withWorkspace(globals, { create: false, registries: false }, async (ws) => {
    const inUse = areaCodesInUse(ws.snapshots);
    const rows = [...ws.snapshots]
      .sort((a, b) => a.source.localeCompare(b.source) || b.obtainedAt.getTime() - a.obtainedAt.getTime())
      .map((s) => {
        const standing = snapshotStanding(s, at, ws.gate.policy);
        const file = snapshotFile(ws.paths.registries, s.id);
        const fileExists = existsSync(file);
        const uses = inUse.get(s.id) ?? 0;
        const status = uses === 0 ? "superseded" : !fileExists ? "MISSING FILE" : standing.stale !== undefined ? "STALE" : "current";
        return { snapshot: s, standing, file, fileExists, uses, status };
      });
    const missingSources = REGISTRY_SOURCES.filter((source) => !ws.snapshots.some((s) => s.source === source));
    const findings = rows.some((r) => r.status === "STALE" || r.status === "MISSING FILE") || missingSources.length > 0;

    if (options.json === true) {
      sayJson({
        at,
        snapshots: rows.map((r) => ({
          id: r.snapshot.id,
          source: r.snapshot.source,
          edition: r.snapshot.edition,
          obtainedAt: r.snapshot.obtainedAt,
          ageDays: r.standing.ageDays,
          areaCodes: r.snapshot.areaCodes,
          count: r.snapshot.count,
          badLines: r.snapshot.badLines,
          inUseForAreaCodes: r.uses,
          status: r.status,
          stale: r.standing.stale ?? null,
          file: r.file,
          fileExists: r.fileExists,
        })),
        missingSources,
      });
      return findings ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    say(`Registry snapshots on ${calendarDate(at)} (New York), folder ${ws.paths.registries}`);
    if (rows.length > 0) {
      say(
        formatTable(
          ["source", "snapshot", "edition", "obtained", "age (days)", "coverage", "numbers", "status"],
          rows.map((r) => [
            r.snapshot.source,
            r.snapshot.id,
            r.snapshot.edition,
            calendarDate(r.snapshot.obtainedAt),
            r.standing.ageDays,
            coverage(r.snapshot.areaCodes),
            r.snapshot.count,
            r.status,
          ]),
        ),
      );
    }
    for (const r of rows) {
      if (r.status === "STALE" && r.standing.stale !== undefined) {
        say(`STALE ${r.snapshot.id}: ${r.standing.stale.message} (${r.standing.stale.rule}; ${r.standing.stale.citation}) — import a fresh download`);
      }
      if (r.status === "MISSING FILE") say(`MISSING ${r.snapshot.id}: ${r.file} is gone — restore it or import the download again`);
    }
    for (const source of missingSources) {
      say(`NONE ${source}: no snapshot on record, so every telemarketing call it governs is denied — run callgate registry import --source ${source} FILE`);
    }
    return findings ? ExitCodes.FINDINGS : ExitCodes.OK;
  });
}
