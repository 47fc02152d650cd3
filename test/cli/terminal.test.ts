/**
 * The progress bar under a pseudo-terminal: the built bin runs inside `script` (util-linux) or,
 * without it, Python's `pty.spawn`, so that stderr is a TTY. On a terminal the bar redraws one
 * line with `\r`, with a rate and an ETA; on a pipe it writes plain lines.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, SAMPLE, SELLER, buildBin, callgate, removeTempDirs, tempDir } from "./_support.js";

const AT = "2026-11-30T14:00:00-05:00";

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Runs the bin under a pseudo-terminal in `cwd`; returns everything the terminal showed. */
function underTerminal(cwd: string, args: readonly string[]): { code: number; screen: string } {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(" ");
  const env: NodeJS.ProcessEnv = { ...process.env, COLUMNS: "100", LINES: "40", TERM: "xterm" };
  delete env.CALLGATE_POSTGRES_URL;
  const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
  const result = hasScript
    ? spawnSync("script", ["-qec", command, "/dev/null"], { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 })
    : spawnSync("python3", ["-c", "import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(['sh', '-c', sys.argv[1]])))", command], {
        cwd,
        env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 60_000,
      });
  if (result.error !== undefined) throw result.error;
  return { code: result.status ?? -1, screen: result.stdout };
}

let dir: string;
let leads: string;

beforeAll(async () => {
  await buildBin();
  dir = tempDir();
  expect(callgate(dir, ["init", ...SELLER]).code).toBe(0);
  expect(callgate(dir, ["registry", "import", join(SAMPLE, "national.txt"), "--source", "national", "--obtained", "2026-11-20"]).code).toBe(0);
  expect(callgate(dir, ["registry", "import", join(SAMPLE, "massachusetts.txt"), "--source", "massachusetts", "--edition", "2026-10-01"]).code).toBe(0);
  // Enough leads for the bar to redraw a few times (every 100 ms).
  const rows = ["id,phone,state"];
  for (let i = 0; i < 20_000; i++) rows.push(`${i},"(617) 555-${String(i % 10_000).padStart(4, "0")}",${i % 7 === 0 ? "NY" : "MA"}`);
  leads = join(dir, "many.csv");
  writeFileSync(leads, `${rows.join("\r\n")}\r\n`);
}, 120_000);

afterAll(removeTempDirs);

describe("progress on a terminal", () => {
  it("scrub redraws one line with \\r, showing the share read, a rate and an ETA, then the summary", () => {
    const { code, screen } = underTerminal(dir, ["scrub", leads, "--out", "callable.csv", "--rejected", "rejected.csv", "--at", AT]);
    expect(code).toBe(0);
    const redraws = screen.split("\r").filter((part) => part.startsWith("scrub  ["));
    expect(redraws.length).toBeGreaterThanOrEqual(2);
    expect(redraws[0]).toMatch(/^scrub {2}\[[#-]+\] +\d+% {2}[\d,]+ leads {2}[\d,]+ leads\/s {2}ETA /);
    expect(redraws.at(-1)).toMatch(/^scrub {2}\[#+\] +100% {2}20,000 leads {2}[\d,]+ leads\/s {2}in /);
    expect(screen).toContain("\x1b[K"); // each redraw clears the rest of the line
    expect(screen).toMatch(/Scrubbed 20000 leads from /);
    expect(existsSync(join(dir, "callable.csv"))).toBe(true);
  });

  it("registry import shows bytes, a rate and the time taken", () => {
    const { code, screen } = underTerminal(dir, ["registry", "import", join(SAMPLE, "national.txt"), "--source", "national", "--obtained", "2026-11-21"]);
    expect(code).toBe(0);
    expect(screen).toMatch(/\rimport {2}\[#+\] +100% {2}\d+ B {2}[\d.]+ [KM]?B\/s {2}in /);
  });

  it("--no-progress writes no bar, even on a terminal", () => {
    const { code, screen } = underTerminal(dir, ["scrub", join(SAMPLE, "leads.csv"), "--out", "small.csv", "--at", AT, "--no-progress"]);
    expect(code).toBe(0);
    expect(screen).not.toMatch(/scrub {2}\[/);
  });
});

describe("progress elsewhere", () => {
  it("on a pipe there is no \\r: one plain line at the end (and one every few seconds on long runs)", () => {
    const run = callgate(dir, ["scrub", leads, "--out", "callable2.csv", "--at", AT]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("\r");
    expect(run.stderr).toMatch(/^scrub {2}100% {2}20,000 leads {2}[\d,]+ leads\/s {2}in [\d.:]+s?\n$/);
  });
});
