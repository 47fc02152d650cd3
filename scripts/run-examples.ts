/**
 * Runs every example (examples/<name>/main.ts) with tsx, each in a child process, and prints one
 * line per example. Fails (exit 1) when an example exits non-zero or times out, and then prints
 * that example's output. examples/demo is the README's demo (`npm run demo`) and is not run here;
 * examples/custom-adapter runs only once it has a main.ts; a folder without TypeScript (the CLI's
 * examples/sample data) is not an example. Any other folder must have a main.ts.
 *
 *   npx tsx scripts/run-examples.ts                 # every example
 *   npx tsx scripts/run-examples.ts quickstart      # only the named ones
 *   npx tsx scripts/run-examples.ts --verbose       # also print each example's output
 *   npx tsx scripts/run-examples.ts --no-skips      # an example that skips itself fails (for CI)
 *
 * An example that has nothing to run against (postgres-fleet without CALLGATE_PG_URL) exits 0
 * after printing a line that starts with "skipped:"; that line is shown as the example's result.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const examplesDir = join(root, "examples");
const TIMEOUT_MS = 180_000;
/** Folders that are not examples of this runner, and why. */
const NOT_RUN: Readonly<Record<string, string>> = { demo: "the README demo, run by `npm run demo`" };
/** Folders whose main.ts may not exist yet (written by another change): skipped until it does. */
const OPTIONAL_MAIN = new Set(["custom-adapter"]);

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const noSkips = args.includes("--no-skips");
const only = args.filter((a) => !a.startsWith("--"));
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  timedOut: boolean;
  ms: number;
}

function runExample(file: string): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, file], { cwd: root, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, timedOut, ms: performance.now() - started });
    });
  });
}

const folders = readdirSync(examplesDir)
  .filter((name) => statSync(join(examplesDir, name)).isDirectory())
  .sort();
const unknown = only.filter((name) => !folders.includes(name));
if (unknown.length > 0) {
  console.error(`no such example: ${unknown.join(", ")} (have: ${folders.join(", ")})`);
  process.exit(2);
}

let failed = 0;
let ran = 0;
for (const name of folders) {
  if (only.length > 0 && !only.includes(name)) continue;
  const label = name.padEnd(16);
  const why = NOT_RUN[name];
  if (why !== undefined) {
    console.log(`skip  ${label} ${why}`);
    continue;
  }
  const main = join(examplesDir, name, "main.ts");
  if (!existsSync(main)) {
    if (OPTIONAL_MAIN.has(name)) {
      console.log(`skip  ${label} no main.ts yet`);
      continue;
    }
    if (!readdirSync(join(examplesDir, name)).some((f) => f.endsWith(".ts"))) {
      console.log(`skip  ${label} data, not an example (no TypeScript)`);
      continue;
    }
    console.log(`FAIL  ${label} ${relative(root, main)} is missing: every example has a main.ts`);
    failed++;
    continue;
  }
  ran++;
  const outcome = await runExample(main);
  const seconds = `${(outcome.ms / 1000).toFixed(1)}s`;
  const skipped = outcome.output.split("\n").find((line) => line.startsWith("skipped:"));
  if (outcome.code === 0 && skipped !== undefined && noSkips) {
    failed++;
    console.log(`FAIL  ${label} ${skipped} (--no-skips)`);
  } else if (outcome.code === 0) {
    console.log(`${skipped === undefined ? "ok  " : "skip"}  ${label} ${skipped ?? relative(root, main)} (${seconds})`);
    if (verbose) process.stdout.write(indent(outcome.output));
  } else {
    failed++;
    const how = outcome.timedOut ? `timed out after ${TIMEOUT_MS / 1000}s` : outcome.signal !== null ? `killed by ${outcome.signal}` : `exit code ${outcome.code}`;
    console.log(`FAIL  ${label} ${relative(root, main)}: ${how} (${seconds})`);
    process.stdout.write(indent(outcome.output));
  }
}

console.log(failed === 0 ? `examples: ${ran} run, all passed` : `examples: ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;

function indent(text: string): string {
  if (text === "") return "";
  return `${text.replace(/\n$/, "").split("\n").map((line) => `      | ${line}`).join("\n")}\n`;
}
