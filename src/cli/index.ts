#!/usr/bin/env node
/**
 * The `callgate` command-line tool (docs/guides/cli.md): the gate over an embedded SQLite file
 * (`./callgate.db`) or PostgreSQL (`--postgres URL`). Exit codes are documented in `--help`; an
 * error is one line naming what to fix, with the stack only under `--debug`.
 */
import { Command, CommanderError, Option } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { RULES_VERSION } from "../rules/index.js";
import { debugStack, describeError, EXIT_CODE_HELP, ExitCodes, type ExitCode } from "./_errors.js";
import { registerCheck } from "./check.js";
import { registerInit } from "./init.js";
import { registerInspection } from "./inspection.js";
import { registerRecords } from "./records.js";
import { registerRegistry } from "./registry.js";
import { registerScrub } from "./scrub.js";

const VERSION: string = packageJson.version;

/** Builds the program; `finish` receives each command's exit code. */
export function buildProgram(finish: (code: ExitCode) => void): Command {
  const program = new Command("callgate");
  program
    .description("Massachusetts and federal Do Not Call gate with tamper-evident records.\nWorks on ./callgate.db (SQLite) unless --db or --postgres says otherwise; the seller comes from callgate.config.json beside it (callgate init) or the --seller-* flags.")
    .version(`${VERSION} (rules ${RULES_VERSION})`, "-V, --version")
    .option("--db <path>", "the SQLite database file", "./callgate.db")
    .addOption(new Option("--postgres <url>", "use PostgreSQL instead of SQLite").env("CALLGATE_POSTGRES_URL"))
    .option("--pg-schema <name>", "with --postgres: the schema of callgate's tables (default: public)")
    .option("--config <path>", "the config file (default: callgate.config.json beside the database)")
    .option("--registries <dir>", "the registry snapshot folder (default: callgate-registries beside the database)")
    .option("--seller-id <id>", "seller id (overrides the config)")
    .option("--seller-name <name>", "seller name (overrides the config)")
    .option("--caller-id <number>", "the caller ID transmitted (overrides the config)")
    .option("--debug", "print the stack of an error")
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      outputError: (text, write) => write(`callgate: ${text.replace(/^error: /, "").trim()} — see callgate --help\n`),
    })
    .addHelpText(
      "after",
      `\n${EXIT_CODE_HELP}\n\nExamples:\n  callgate init --seller-id acme-solar --seller-name "Acme Solar LLC" --caller-id +16175550100\n  callgate registry import national.txt --source national --obtained 2026-11-20\n  callgate check "(617) 555-0142" --at 2026-11-30T10:00\n  callgate scrub leads.csv --out callable.csv --rejected rejected.csv\n  callgate verify`,
    );
  registerInit(program, finish);
  registerCheck(program, finish);
  registerRegistry(program, finish);
  registerScrub(program, finish);
  registerRecords(program, finish);
  registerInspection(program, finish);
  return program;
}

/** Runs the tool on `argv` (as `process.argv`) and resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCodes.OK;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with 0; every other parser error is a usage error (already printed).
      return error.exitCode === 0 ? ExitCodes.OK : ExitCodes.USAGE;
    }
    const { exitCode: code, line } = describeError(error);
    process.stderr.write(`${line}\n`);
    if (argv.includes("--debug")) process.stderr.write(`${debugStack(error)}\n`);
    return code;
  }
}

// A reader that stops early (`callgate export | head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : ExitCodes.OK);
  throw error;
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`callgate: internal error: ${String(error)} — rerun with --debug and report the stack\n`);
    process.exitCode = ExitCodes.INTERNAL;
  },
);
