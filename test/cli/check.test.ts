/**
 * `callgate init` and `callgate check` run as the built bin on a real SQLite file: decisions with
 * their exit codes, JSON output, usage errors as one line, and the stack only with --debug.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, SAMPLE, SELLER, buildBin, callgate, removeTempDirs, tempDir } from "./_support.js";

const AT = "2026-11-30T14:00:00-05:00"; // a Monday, 14:00 in New York

let dir: string;

beforeAll(async () => {
  await buildBin();
  dir = tempDir();
  expect(callgate(dir, ["init", ...SELLER]).code).toBe(0);
  expect(callgate(dir, ["registry", "import", join(SAMPLE, "national.txt"), "--source", "national", "--obtained", "2026-11-20"]).code).toBe(0);
  expect(callgate(dir, ["registry", "import", join(SAMPLE, "massachusetts.txt"), "--source", "massachusetts", "--edition", "2026-10-01"]).code).toBe(0);
}, 120_000);

afterAll(removeTempDirs);

describe("callgate init", () => {
  it("writes the config beside the database and creates the database and snapshot folder", () => {
    expect(BIN.endsWith(join("dist", "cli", "index.js"))).toBe(true);
    const config = JSON.parse(readFileSync(join(dir, "callgate.config.json"), "utf8")) as { seller: Record<string, string> };
    expect(config.seller).toEqual({ id: "acme-solar", name: "Acme Solar LLC", callerId: "+16175550100" });
    expect(existsSync(join(dir, "callgate.db"))).toBe(true);
    expect(existsSync(join(dir, "callgate-registries"))).toBe(true);
  });

  it("refuses to overwrite a config without --force (exit 2)", () => {
    const run = callgate(dir, ["init", ...SELLER]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^callgate: .*callgate\.config\.json already exists — .*--force/);
  });
});

describe("callgate check", () => {
  it("allowed: exit 0, the decision and its registries", () => {
    const run = callgate(dir, ["check", "(617) 555-0101", "--at", AT]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ALLOWED {2}\(617\) 555-0101 \(\+16175550101\)/);
    expect(run.stdout).toContain("14:00 America/New_York");
    expect(run.stdout).toMatch(/registries {2}national-2026-11-20-[0-9a-f]{16} \(national, 2026-11-20\), massachusetts-2026-10-01-/);
    expect(run.stderr).toBe("");
  });

  it("denied: exit 1 with each reason, its rule and its citation", () => {
    const run = callgate(dir, ["check", "508-555-0126", "--at", AT]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^DENIED/);
    expect(run.stdout).toContain("NATIONAL_DNC  us.national-dnc");
    expect(run.stdout).toContain("16 CFR 310.4(b)(1)(iii)(B)");
    expect(run.stdout).toContain("STATE_DNC  ma.state-dnc");
    expect(run.stdout).toContain("M.G.L. c.159C");
  });

  it("--json prints the CallDecision; a calling-hours denial has the next allowed time", () => {
    const run = callgate(dir, ["check", "808-555-0111", "--at", "2026-11-30T10:30", "--json"]);
    expect(run.code).toBe(1);
    const decision = JSON.parse(run.stdout) as Record<string, unknown> & { reasons: { code: string; rule: string; citation: string }[] };
    expect(decision.allowed).toBe(false);
    expect(decision.phone).toBe("+18085550111");
    expect(decision.at).toBe("2026-11-30T15:30:00.000Z");
    expect(decision.reasons.map((r) => r.code)).toEqual(["OUTSIDE_CALLING_HOURS"]);
    expect(decision.reasons[0]?.citation).toContain("16 CFR 310.4(c)");
    expect(decision.nextAllowedAt).toBe("2026-11-30T18:00:00.000Z"); // 08:00 in Honolulu
    expect(String(decision.id)).toMatch(/^dec_/);
  });

  it("--method and --state reach the request", () => {
    const prerecorded = callgate(dir, ["check", "617-555-0101", "--at", AT, "--method", "prerecorded", "--json"]);
    expect(prerecorded.code).toBe(1);
    const rules = (JSON.parse(prerecorded.stdout) as { reasons: { rule: string }[] }).reasons.map((r) => r.rule);
    expect(rules).toEqual(expect.arrayContaining(["us.robocall-consent", "ma.recorded-message"]));

    // On the MA list, but the consumer lives in New York: the Massachusetts pack does not apply.
    expect(callgate(dir, ["check", "508-555-0199", "--at", AT]).code).toBe(1);
    const elsewhere = callgate(dir, ["check", "508-555-0199", "--at", AT, "--state", "NY", "--json"]);
    expect(elsewhere.code).toBe(0);
    expect((JSON.parse(elsewhere.stdout) as { jurisdictions: string[] }).jurisdictions).toEqual(["us"]);
  });

  it("an invalid number is a denial (exit 1), not an error", () => {
    const run = callgate(dir, ["check", "not a number", "--at", AT]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("INVALID_NUMBER");
  });
});

describe("errors", () => {
  it("a bad value is one line naming what to fix, exit 2, no stack", () => {
    const run = callgate(dir, ["check", "617-555-0101", "--at", "yesterday-ish"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^callgate: --at "yesterday-ish" is not a date — use ISO-8601/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("with --debug the same error prints its stack", () => {
    const run = callgate(dir, ["check", "617-555-0101", "--state", "XX", "--at", AT, "--debug"]);
    expect(run.code).toBe(2);
    const [first, ...rest] = run.stderr.trimEnd().split("\n");
    expect(first).toMatch(/^callgate: Invalid call request: consumer\.state: .* — /);
    expect(rest.join("\n")).toMatch(/CallgateError: Invalid call request[\s\S]*\n\s+at /);
  });

  it("the same error without --debug has no stack", () => {
    const run = callgate(dir, ["check", "617-555-0101", "--state", "XX", "--at", AT]);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("an unknown option or a bad choice is a usage error (exit 2) in the same form", () => {
    const unknown = callgate(dir, ["check", "617-555-0101", "--colour"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^callgate: unknown option '--colour' — see callgate --help/);
    const choice = callgate(dir, ["check", "617-555-0101", "--method", "robot"]);
    expect(choice.code).toBe(2);
    expect(choice.stderr).toMatch(/^callgate: .*'robot' is invalid.*live, autodialed, prerecorded, text, fax/);
  });

  it("no database: exit 3 naming the path and the fix", () => {
    const run = callgate(dir, ["verify", "--db", join(dir, "nowhere.db")]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^callgate: no database at .*nowhere\.db — pass --db PATH/);
    expect(existsSync(join(dir, "nowhere.db"))).toBe(false);
  });

  it("no seller: exit 2 pointing at callgate init", () => {
    const empty = tempDir();
    const run = callgate(empty, ["check", "617-555-0101"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^callgate: no seller configured .* — run callgate init --seller-id/);
  });

  it("--help documents the exit codes; --version answers", () => {
    const help = callgate(dir, ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit codes:");
    for (const code of ["0  success", "1  check: denied", "2  usage or input error", "3  storage or registry error", "4  internal error"]) {
      expect(help.stdout).toContain(code);
    }
    for (const command of ["check", "registry", "scrub", "export", "verify", "purge", "audit", "report"]) expect(help.stdout).toContain(`  ${command}`);
    const version = callgate(dir, ["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+ \(rules /);
  });
});
