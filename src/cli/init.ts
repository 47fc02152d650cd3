/**
 * `callgate init`: writes `callgate.config.json` (the seller) beside the database, creates the
 * database's tables and the snapshot folder.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { createCallgate } from "../index.js";
import { ExitCodes, usageError, type ExitCode } from "./_errors.js";
import { say } from "./_io.js";
import { openStore, workspacePaths, type ConfigFile, type GlobalOptions } from "./_workspace.js";

interface InitOptions {
  timeZone?: string;
  force?: boolean;
}

/** Adds `init` to the program. */
export function registerInit(program: Command, finish: (code: ExitCode) => void): void {
  program
    .command("init")
    .summary("write the config (seller) and create the database")
    .description("Writes callgate.config.json beside the database with the seller given by --seller-id, --seller-name and --caller-id, creates the database's tables and the registry snapshot folder.")
    .option("--time-zone <zone>", "the seller's IANA time zone for retention (default: America/New_York)")
    .option("--force", "overwrite an existing config file")
    .addHelpText("after", "\nExample:\n  callgate init --seller-id acme-solar --seller-name \"Acme Solar LLC\" --caller-id +16175550100")
    .action(async (options: InitOptions, command: Command) => {
      finish(await init(options, command.optsWithGlobals<GlobalOptions>()));
    });
}

async function init(options: InitOptions, globals: GlobalOptions): Promise<ExitCode> {
  const paths = workspacePaths(globals);
  if (globals.sellerId === undefined || globals.sellerName === undefined) {
    throw usageError("init needs the seller", "pass --seller-id ID --seller-name NAME (and --caller-id NUMBER, the number consumers see)");
  }
  if (existsSync(paths.config) && options.force !== true) {
    throw usageError(`${paths.config} already exists`, "edit it, or pass --force to overwrite it");
  }
  const seller = {
    id: globals.sellerId,
    name: globals.sellerName,
    ...(globals.callerId === undefined ? {} : { callerId: globals.callerId }),
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
  };
  createCallgate({ seller }); // validates the seller (INVALID_CONFIG names the bad field)
  const config: ConfigFile = { seller };

  const store = await openStore(globals, true);
  await store.close();
  await mkdir(paths.registries, { recursive: true });
  await writeFile(paths.config, `${JSON.stringify(config, null, 2)}\n`);
  say(`Config      ${paths.config}`);
  say(`Database    ${paths.store}`);
  say(`Registries  ${paths.registries}`);
  if (globals.callerId === undefined) say("Note: no --caller-id: telemarketing calls are denied until the config has seller.callerId (us.caller-id).");
  say("Next: callgate registry import --source national FILE, then --source massachusetts FILE.");
  return ExitCodes.OK;
}
