/**
 * `callgate registry import` and `callgate registry status` as the built bin: snapshots persist as
 * files and records, are loaded back by the commands that gate, and stale ones are flagged by the
 * freshness rules themselves.
 */
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE, SELLER, buildBin, callgate, removeTempDirs, tempDir } from "./_support.js";

const AT = "2026-11-30T14:00:00-05:00";

function fresh(): string {
  const dir = tempDir();
  expect(callgate(dir, ["init", ...SELLER]).code).toBe(0);
  return dir;
}

interface StatusJson {
  snapshots: { id: string; source: string; edition: string; ageDays: number; areaCodes: string[] | null; count: number; status: string; stale: { rule: string; message: string } | null }[];
  missingSources: string[];
}

beforeAll(async () => {
  await buildBin();
}, 120_000);

afterAll(removeTempDirs);

describe("callgate registry import", () => {
  it("saves a snapshot file and a registry-snapshot record, and reports what it read", () => {
    const dir = fresh();
    const run = callgate(dir, ["registry", "import", join(SAMPLE, "national.txt"), "--source", "national", "--obtained", "2026-11-20"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Imported national snapshot (national-2026-11-20-[0-9a-f]{16})/);
    expect(run.stdout).toContain("numbers     18");
    expect(run.stdout).toContain("coverage    all area codes");
    const id = /snapshot (\S+)/.exec(run.stdout)?.[1] ?? "";
    expect(readdirSync(join(dir, "callgate-registries"))).toEqual([`${id}.cgdnc`]);

    const db = new Database(join(dir, "callgate.db"), { readonly: true });
    const rows = db.prepare("SELECT kind, data FROM callgate_records").all() as { kind: string; data: string }[];
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.kind).toBe("registry-snapshot");
    expect(JSON.parse(rows[0]?.data ?? "{}")).toMatchObject({ registryId: id, source: "national", edition: "2026-11-20", count: 18 });

    // The same download again: nothing new.
    const again = callgate(dir, ["registry", "import", join(SAMPLE, "national.txt"), "--source", "national", "--obtained", "2026-11-20"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Already imported national snapshot/);
  });

  it("several files make one snapshot; --area-codes limits its coverage, and an uncovered area code is denied", () => {
    const dir = fresh();
    const a = join(dir, "dnc-617.txt");
    const b = join(dir, "dnc-212.txt");
    writeFileSync(a, "6175550123\n6175550124"); // no final newline: the next file must not glue on
    writeFileSync(b, "2125550142\r\n");
    const run = callgate(dir, ["registry", "import", a, b, "--source", "national", "--obtained", "2026-11-20", "--area-codes", "617,212", "--json", "--no-progress"]);
    expect(run.code).toBe(0);
    const meta = JSON.parse(run.stdout) as { count: number; areaCodes: string[]; report: { badLineCount: number } };
    expect(meta).toMatchObject({ count: 3, areaCodes: ["212", "617"] });
    expect(meta.report.badLineCount).toBe(0);
    expect(callgate(dir, ["registry", "import", join(SAMPLE, "massachusetts.txt"), "--source", "massachusetts", "--edition", "2026-10-01"]).code).toBe(0);

    expect(callgate(dir, ["check", "617-555-0124", "--at", AT]).code).toBe(1);
    expect(callgate(dir, ["check", "212-555-0106", "--at", AT]).code).toBe(0);
    const uncovered = callgate(dir, ["check", "312-555-0130", "--at", AT, "--json"]);
    expect(uncovered.code).toBe(1);
    const reasons = (JSON.parse(uncovered.stdout) as { reasons: { code: string; rule: string; message: string }[] }).reasons;
    expect(reasons).toEqual([expect.objectContaining({ code: "REGISTRY_STALE", rule: "us.registry-fresh", message: expect.stringContaining("312") })]);
  });

  it("--changes applies a change list to the newest snapshot of the source", () => {
    const dir = fresh();
    callgate(dir, ["registry", "import", join(SAMPLE, "national.txt"), "--source", "national", "--obtained", "2026-11-20"]);
    callgate(dir, ["registry", "import", join(SAMPLE, "massachusetts.txt"), "--source", "massachusetts", "--edition", "2026-10-01"]);
    const changes = join(dir, "changes.txt");
    writeFileSync(changes, "6175550101,A\n6175550123,D\n");
    const run = callgate(dir, ["registry", "import", changes, "--source", "national", "--changes", "--obtained", "2026-11-27"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/numbers {5}18 \(changes applied to national-2026-11-20-\w+\)/);
    expect(callgate(dir, ["check", "617-555-0101", "--at", AT]).code).toBe(1);
    expect(callgate(dir, ["check", "617-555-0123", "--at", AT]).code).toBe(0);
    const noBase = callgate(fresh(), ["registry", "import", changes, "--source", "national", "--changes"]);
    expect(noBase.code).toBe(2);
    expect(noBase.stderr).toMatch(/^callgate: no national snapshot to apply the change list to — import a full list first/);
  });

  it("a file that is not a registry download is refused: exit 3, one line", () => {
    const dir = fresh();
    const junk = join(dir, "junk.txt");
    writeFileSync(junk, "this is\nnot a registry\nfile at all\n");
    const run = callgate(dir, ["registry", "import", junk, "--source", "national", "--obtained", "2026-11-20"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^callgate: Registry file refused: .* — check the file is the registry download for --source\n$/);
  });

  it("a missing file or a missing --source is a usage error (exit 2)", () => {
    const dir = fresh();
    const missing = callgate(dir, ["registry", "import", join(dir, "nope.txt"), "--source", "national"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^callgate: cannot read the registry file .*nope\.txt — check the path/);
    const noSource = callgate(dir, ["registry", "import", join(SAMPLE, "national.txt")]);
    expect(noSource.code).toBe(2);
    expect(noSource.stderr).toMatch(/^callgate: required option '--source <source>' not specified/);
  });
});

describe("callgate registry status", () => {
  it("current snapshots: edition, age in New York days and coverage; exit 0", () => {
    const dir = fresh();
    callgate(dir, ["registry", "import", join(SAMPLE, "national.txt"), "--source", "national", "--obtained", "2026-11-20"]);
    callgate(dir, ["registry", "import", join(SAMPLE, "massachusetts.txt"), "--source", "massachusetts", "--edition", "2026-10-01"]);
    const run = callgate(dir, ["registry", "status", "--at", AT]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Registry snapshots on 2026-11-30 (New York)");
    expect(run.stdout).toMatch(/national +national-2026-11-20-\w+ +2026-11-20 +2026-11-20 +10 +all area codes +18 +current/);
    expect(run.stdout).toMatch(/massachusetts +massachusetts-2026-10-01-\w+ +2026-10-01 +2026-10-01 +60 +all area codes +7 +current/);
    expect(run.stdout).not.toContain("STALE");
  });

  it("a national copy obtained 40 days before --at is flagged STALE by us.registry-fresh (exit 1); a newer one supersedes it", () => {
    const dir = fresh();
    callgate(dir, ["registry", "import", join(SAMPLE, "national.txt"), "--source", "national", "--obtained", "2026-10-21"]); // 40 days before AT
    callgate(dir, ["registry", "import", join(SAMPLE, "massachusetts.txt"), "--source", "massachusetts", "--edition", "2026-10-01"]);
    const run = callgate(dir, ["registry", "status", "--at", AT]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/national +national-2026-10-21-\w+ +2026-10-21 +2026-10-21 +40 +all area codes +18 +STALE/);
    expect(run.stdout).toMatch(/^STALE national-2026-10-21-\w+: The national registry copy .* is 40 days old on the day of the call \(at most 31\) \(us\.registry-fresh; 16 CFR 310\.4\(b\)\(3\)\(iv\)/m);
    // The gate agrees: a call on that day is denied for the stale copy.
    const check = callgate(dir, ["check", "212-555-0106", "--at", AT, "--json"]);
    expect(check.code).toBe(1);
    expect((JSON.parse(check.stdout) as { reasons: { rule: string }[] }).reasons.map((r) => r.rule)).toEqual(["us.registry-fresh"]);

    // Still fresh 31 days after, stale 32 days after (New York calendar days).
    expect(callgate(dir, ["registry", "status", "--at", "2026-11-21T23:59", "--json"]).code).toBe(0);
    expect(callgate(dir, ["registry", "status", "--at", "2026-11-22T00:01", "--json"]).code).toBe(1);

    callgate(dir, ["registry", "import", join(SAMPLE, "national.txt"), "--source", "national", "--obtained", "2026-11-20"]);
    const after = callgate(dir, ["registry", "status", "--at", AT, "--json"]);
    expect(after.code).toBe(0);
    const status = JSON.parse(after.stdout) as StatusJson;
    expect(status.snapshots.map((s) => [s.edition, s.ageDays, s.status])).toEqual([
      ["2026-10-01", 60, "current"],
      ["2026-11-20", 10, "current"],
      ["2026-10-21", 40, "superseded"],
    ]);
    expect(callgate(dir, ["check", "212-555-0106", "--at", AT]).code).toBe(0);
  });

  it("a Massachusetts list from an earlier quarter is STALE by ma.registry-current; a list with no snapshot is reported", () => {
    const dir = fresh();
    callgate(dir, ["registry", "import", join(SAMPLE, "massachusetts.txt"), "--source", "massachusetts", "--edition", "2026-07-01"]);
    const run = callgate(dir, ["registry", "status", "--at", AT, "--json"]);
    expect(run.code).toBe(1);
    const status = JSON.parse(run.stdout) as StatusJson;
    expect(status.snapshots).toHaveLength(1);
    expect(status.snapshots[0]).toMatchObject({ source: "massachusetts", status: "STALE", stale: { rule: "ma.registry-current" } });
    expect(status.snapshots[0]?.stale?.message).toContain("earlier quarter");
    expect(status.missingSources).toEqual(["national"]);
    const text = callgate(dir, ["registry", "status", "--at", AT]);
    expect(text.stdout).toMatch(/^NONE national: no snapshot on record/m);
  });

  it("a snapshot file gone missing: status flags it, gating commands stop with exit 3", () => {
    const dir = fresh();
    callgate(dir, ["registry", "import", join(SAMPLE, "national.txt"), "--source", "national", "--obtained", "2026-11-20"]);
    rmSync(join(dir, "callgate-registries"), { recursive: true });
    const status = callgate(dir, ["registry", "status", "--at", AT]);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/MISSING FILE/);
    const check = callgate(dir, ["check", "212-555-0106", "--at", AT]);
    expect(check.code).toBe(3);
    expect(check.stderr).toMatch(/^callgate: the national registry snapshot national-2026-11-20-\w+ is on record but its file .* is missing — restore the file/);
  });

  it("a corrupt snapshot file: exit 3", () => {
    const dir = fresh();
    callgate(dir, ["registry", "import", join(SAMPLE, "national.txt"), "--source", "national", "--obtained", "2026-11-20"]);
    const folder = join(dir, "callgate-registries");
    const [file] = readdirSync(folder);
    writeFileSync(join(folder, file ?? "x"), "garbage");
    const check = callgate(dir, ["check", "212-555-0106", "--at", AT]);
    expect(check.code).toBe(3);
    expect(check.stderr).toMatch(/^callgate: Registry snapshot .* is corrupt: .* — re-import the registry file/);
  });
});
