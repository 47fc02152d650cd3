/**
 * Exit codes and the one-line error of the command-line tool (docs/guides/cli.md). Every failure
 * ends as `callgate: <what> — <how to fix>` on stderr; the stack only with `--debug`.
 */
import { isCallgateError, type CallgateError } from "../errors.js";

/** The documented exit codes. */
export const ExitCodes = {
  /** Success; `check`: the call is allowed. */
  OK: 0,
  /** `check`: denied; `verify`: the chain does not verify; `audit`, `registry status`: findings. */
  FINDINGS: 1,
  /** Usage or input error: a bad flag, a missing file, a malformed lead list or request. */
  USAGE: 2,
  /** Storage or registry error: the database, a registry file or snapshot cannot be used. */
  STORAGE: 3,
  /** Internal error: a bug; rerun with --debug and report the stack. */
  INTERNAL: 4,
} as const;

/** One of {@link ExitCodes}. */
export type ExitCode = (typeof ExitCodes)[keyof typeof ExitCodes];

/** The exit-code table, as `--help` and the guide show it. */
export const EXIT_CODE_HELP = `Exit codes:
  0  success (check: the call is allowed)
  1  check: denied; verify: the record chain does not verify; audit and registry status: findings
  2  usage or input error (bad flag, missing or malformed file, invalid request)
  3  storage or registry error (database unreachable or missing, registry snapshot missing or corrupt)
  4  internal error (rerun with --debug and report the stack)`;

/** An error the CLI reports as one line: what went wrong and how to fix it. */
export class CliError extends Error {
  override readonly name = "CliError" as const;
  readonly exitCode: ExitCode;
  readonly fix: string;

  constructor(exitCode: ExitCode, what: string, fix: string, options: { cause?: unknown } = {}) {
    super(what, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = exitCode;
    this.fix = fix;
  }
}

/** A usage or input error (exit 2). */
export function usageError(what: string, fix: string, cause?: unknown): CliError {
  return new CliError(ExitCodes.USAGE, what, fix, cause === undefined ? {} : { cause });
}

/** A storage or registry error (exit 3). */
export function storageError(what: string, fix: string, cause?: unknown): CliError {
  return new CliError(ExitCodes.STORAGE, what, fix, cause === undefined ? {} : { cause });
}

/** The exit code and the one line for any error. */
export function describeError(error: unknown): { exitCode: ExitCode; line: string } {
  if (error instanceof CliError) return { exitCode: error.exitCode, line: oneLine(`callgate: ${error.message} — ${error.fix}`) };
  if (isCallgateError(error)) return describeCallgateError(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && FILE_ERRORS[code] !== undefined) {
    const path = (error as { path?: unknown }).path;
    return {
      exitCode: ExitCodes.USAGE,
      line: oneLine(`callgate: ${FILE_ERRORS[code]}${typeof path === "string" ? `: ${path}` : ""} — ${FILE_FIXES[code] ?? "check the path"}`),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: ExitCodes.INTERNAL, line: oneLine(`callgate: internal error: ${message} — rerun with --debug and report the stack`) };
}

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EISDIR: "a directory where a file was expected",
  ENOTDIR: "not a directory",
  EEXIST: "the file already exists",
};
const FILE_FIXES: Readonly<Record<string, string>> = {
  ENOENT: "check the path",
  EACCES: "check the file's permissions",
  EISDIR: "name a file",
  ENOTDIR: "check the path",
  EEXIST: "choose another path or remove the file",
};

function describeCallgateError(error: CallgateError): { exitCode: ExitCode; line: string } {
  switch (error.code) {
    case "INVALID_INPUT":
      return { exitCode: ExitCodes.USAGE, line: oneLine(`callgate: ${error.message} — correct the value and retry`) };
    case "INVALID_CONFIG":
      return { exitCode: ExitCodes.USAGE, line: oneLine(`callgate: ${error.message} — fix callgate.config.json or the --seller-* flags`) };
    case "REGISTRY_LOAD_FAILED":
      return { exitCode: ExitCodes.STORAGE, line: oneLine(`callgate: ${error.message} — check the file is the registry download for --source`) };
    case "INTEGRITY_VIOLATION":
      return { exitCode: ExitCodes.STORAGE, line: oneLine(`callgate: ${error.message} — re-import the registry file or restore the database from a backup`) };
    default:
      return { exitCode: ExitCodes.STORAGE, line: oneLine(`callgate: ${error.message} — check the database (--db or --postgres) is reachable and writable`) };
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

/** The stack of an error and of its causes, for `--debug`. */
export function debugStack(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    parts.push(depth === 0 ? stackOf(current) : `Caused by: ${stackOf(current)}`);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join("\n");
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}
