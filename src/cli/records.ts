/**
 * `callgate verify` and `callgate purge`: the record chain walked link by link, and retention
 * applied (or, with `--dry-run`, planned without touching a record).
 */
import type { Command } from "commander";
import type { PurgeReport, StorageAdapter } from "../index.js";
import { tryParseInstant } from "../time/instant.js";
import { ExitCodes, usageError, type ExitCode } from "./_errors.js";
import { formatTable, say, sayJson } from "./_io.js";
import { requireInstant, withWorkspace, type GlobalOptions } from "./_workspace.js";

interface VerifyOptions {
  json?: boolean;
}

interface PurgeOptions {
  dryRun?: boolean;
  yes?: boolean;
  at?: string;
  json?: boolean;
}

/** Adds `verify` and `purge` to the program. */
export function registerRecords(program: Command, finish: (code: ExitCode) => void): void {
  program
    .command("verify")
    .summary("walk the tamper-evident record chain")
    .description("Checks every record's hash and its link to the record before it, and that every gap is a purge a checkpoint accounts for. Names the first record that fails.")
    .option("--json", "print the verification as JSON")
    .addHelpText("after", "\nExit code: 0 the chain verifies, 1 it does not (the record is named), 3 storage error.")
    .action(async (options: VerifyOptions, command: Command) => {
      finish(await verify(options, command.optsWithGlobals<GlobalOptions>()));
    });

  program
    .command("purge")
    .summary("remove records past retention (preview with --dry-run)")
    .description("Removes the records the retention policy allows (5 years by default), sparing records under legal hold, consents in force and honoured do-not-call requests, and appends a checkpoint that keeps the chain verifiable. --dry-run reports what would go and changes nothing.")
    .option("--dry-run", "report what would be removed; change nothing")
    .option("--yes", "confirm a real purge")
    .option("--at <iso>", "with --dry-run: plan as of this instant (default: now)")
    .option("--json", "print the report as JSON")
    .action(async (options: PurgeOptions, command: Command) => {
      finish(await purge(options, command.optsWithGlobals<GlobalOptions>()));
    });
}

async function verify(options: VerifyOptions, globals: GlobalOptions): Promise<ExitCode> {
  return withWorkspace(globals, { create: false, registries: false }, async (ws) => {
    const result = await ws.gate.verify();
    if (options.json === true) sayJson(result);
    else if (result.ok) {
      say(`OK  ${result.checked} records verified${result.head === null ? " (empty chain)" : `, head seq ${result.head.seq} ${result.head.hash}`}`);
    } else {
      const b = result.firstBreak;
      say(`FAILED  ${b === undefined ? "the chain does not verify" : `${b.message} [${b.problem}]`}`);
      say(`  ${result.checked} records verified before it — restore the store from a backup and investigate who changed it`);
    }
    return result.ok ? ExitCodes.OK : ExitCodes.FINDINGS;
  });
}

async function purge(options: PurgeOptions, globals: GlobalOptions): Promise<ExitCode> {
  const dryRun = options.dryRun === true;
  if (!dryRun && options.yes !== true) throw usageError("purge removes records for good", "preview with --dry-run, then run callgate purge --yes");
  if (!dryRun && options.at !== undefined) throw usageError("--at plans a purge as of another day and is refused for a real purge", "use --at with --dry-run only");
  const at = options.at === undefined ? undefined : requireInstant(options.at, "--at", tryParseInstant);
  const report = await withWorkspace(
    globals,
    {
      create: false,
      registries: false,
      ...(dryRun ? { wrapStorage: planOnly } : {}),
      ...(at === undefined ? {} : { now: () => new Date(at.getTime()) }),
    },
    (ws) => ws.gate.purgeExpired(),
  );
  if (options.json === true) sayJson({ dryRun, ...report });
  else say(describePurge(report, dryRun));
  return ExitCodes.OK;
}

/** The store as it is, except that a purge is only counted: the dry run plans with the gate's own rules and removes nothing. */
function planOnly(storage: StorageAdapter): StorageAdapter {
  return {
    ...(storage.capabilities === undefined ? {} : { capabilities: storage.capabilities }),
    append: () => Promise.reject(new Error("a dry run appends nothing")),
    getPhoneFacts: (q) => storage.getPhoneFacts(q),
    listRecords: (q) => storage.listRecords(q),
    getRecord: (id) => storage.getRecord(id),
    head: () => storage.head(),
    purge: async (request) => ({ removed: new Set(request.ids).size, checkpoint: null }),
  };
}

function describePurge(r: PurgeReport, dryRun: boolean): string {
  const lines = [`${dryRun ? "Dry run: would remove" : "Removed"} ${r.removed} records made before ${r.cutoff.toISOString()} (retention cutoff)`];
  const kinds = Object.entries(r.removedByKind);
  if (kinds.length > 0) lines.push(formatTable(["kind", "records"], kinds.map(([k, n]) => [k, n ?? 0])));
  lines.push(
    `Kept although past the cutoff: ${r.kept.legalHold} under legal hold, ${r.kept.consentInForce} consents in force, ${r.kept.doNotCallHonoured} do-not-call requests honoured`,
  );
  if (!dryRun && r.checkpointId !== null) lines.push(`checkpoint ${r.checkpointId}`);
  if (dryRun) lines.push("Nothing was changed. Run callgate purge --yes to remove them.");
  return lines.join("\n");
}
