/**
 * Support for the CLI tests: the built bin (dist/cli/index.js, rebuilt with tsup when any source
 * file is newer), a temp workspace, and a runner that spawns the bin as a child process.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = join(ROOT, "dist/cli/index.js");
export const SAMPLE = join(ROOT, "examples/sample");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the bin with tsup when dist/cli/index.js is missing or older than a source file. Only
 * the CLI entry is built (ESM, no declarations) into a private folder and moved into place, so a
 * test run never cleans or half-writes the rest of dist/ (the full build is `npm run build`).
 */
export async function buildBin(): Promise<string> {
  const newest = Math.max(newestSource(join(ROOT, "src")), statSync(join(ROOT, "package.json")).mtimeMs);
  if (existsSync(BIN) && statSync(BIN).mtimeMs >= newest) return BIN;
  const { build } = await import("tsup");
  const outDir = join(ROOT, ".tmp", `cli-build-${process.pid}-${Date.now()}`);
  try {
    await build({
      entry: { "cli/index": join(ROOT, "src/cli/index.ts") },
      format: ["esm"],
      outDir,
      target: "node20",
      platform: "node",
      dts: false,
      clean: false,
      splitting: false,
      sourcemap: false,
      silent: true,
      config: false,
      external: ["better-sqlite3", "pg", "commander", "csv-parse", "csv-stringify", "libphonenumber-js", "luxon", "zod"],
    });
    mkdirSync(dirname(BIN), { recursive: true });
    renameSync(join(outDir, "cli/index.js"), BIN);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  return BIN;
}

const made: string[] = [];

/** A fresh temp folder for one test's files (removed by {@link removeTempDirs}). */
export function tempDir(prefix = "callgate-cli-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes the temp folders this test file made (call it in `afterAll`). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** What a run of the bin gave. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built bin with `args` in `cwd` (no terminal: stdin, stdout and stderr are pipes). */
export function callgate(cwd: string, args: readonly string[], env: Record<string, string> = {}): Run {
  const environment: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete environment.CALLGATE_POSTGRES_URL;
  const result: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: environment,
    timeout: 60_000,
  });
  if (result.error !== undefined) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The seller flags every test uses. */
export const SELLER = ["--seller-id", "acme-solar", "--seller-name", "Acme Solar LLC", "--caller-id", "+16175550100"];
