/**
 * The record commands as the built bin on a real SQLite file: `verify` (then tampering with a row
 * through better-sqlite3), `purge --dry-run`, `export`, `audit` and `report`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCallgate } from "../../src/index.js";
import { sqliteStorage } from "../../src/adapters/sqlite.js";
import { SAMPLE, SELLER, buildBin, callgate, removeTempDirs, tempDir } from "./_support.js";

const AT = "2026-11-30T14:00:00-05:00";

function workspace(): string {
  const dir = tempDir();
  expect(callgate(dir, ["init", ...SELLER]).code).toBe(0);
  expect(callgate(dir, ["registry", "import", join(SAMPLE, "national.txt"), "--source", "national", "--obtained", "2026-11-20"]).code).toBe(0);
  expect(callgate(dir, ["registry", "import", join(SAMPLE, "massachusetts.txt"), "--source", "massachusetts", "--edition", "2026-10-01"]).code).toBe(0);
  expect(callgate(dir, ["check", "617-555-0101", "--at", AT]).code).toBe(0);
  expect(callgate(dir, ["check", "617-555-0123", "--at", AT]).code).toBe(1);
  expect(callgate(dir, ["scrub", join(SAMPLE, "leads.csv"), "--out", join(dir, "ok.csv"), "--at", AT, "--no-progress"]).code).toBe(0);
  return dir;
}

function recordCount(dir: string): number {
  const db = new Database(join(dir, "callgate.db"), { readonly: true });
  const row = db.prepare("SELECT count(*) AS n FROM callgate_records").get() as { n: number };
  db.close();
  return row.n;
}

beforeAll(async () => {
  await buildBin();
}, 120_000);

afterAll(removeTempDirs);

describe("callgate verify", () => {
  it("verifies an untouched chain (exit 0), then names the record whose row was altered (exit 1)", () => {
    const dir = workspace();
    const total = recordCount(dir);
    const ok = callgate(dir, ["verify"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^OK {2}${total} records verified, head seq ${total} [0-9a-f]{64}\\n$`));

    const db = new Database(join(dir, "callgate.db"));
    const target = db.prepare("SELECT seq, id, data FROM callgate_records WHERE kind = 'decision' ORDER BY seq LIMIT 1").get() as { seq: number; id: string; data: string };
    expect(target.data).toContain('"allowed":true');
    db.prepare("UPDATE callgate_records SET data = ? WHERE seq = ?").run(target.data.replace('"allowed":true', '"allowed":false'), target.seq);
    db.close();

    const bad = callgate(dir, ["verify"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`FAILED  record ${target.id} (seq ${target.seq}) was altered: its content does not match its hash [hash-mismatch]`);
    const json = callgate(dir, ["verify", "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, checked: target.seq - 1, firstBreak: { id: target.id, seq: target.seq, problem: "hash-mismatch" } });
  });
});

describe("callgate purge", () => {
  it("--dry-run plans with the retention rules and removes nothing", () => {
    const dir = workspace();
    const total = recordCount(dir);
    // Records made now are inside the 5-year retention at any later --at before their fifth anniversary.
    const now = callgate(dir, ["purge", "--dry-run", "--at", AT]);
    expect(now.code).toBe(0);
    expect(now.stdout).toMatch(/^Dry run: would remove 0 records made before 2021-11-30T05:00:00\.000Z \(retention cutoff\)/);

    const later = callgate(dir, ["purge", "--dry-run", "--at", "2099-01-01", "--json"]);
    expect(later.code).toBe(0);
    const plan = JSON.parse(later.stdout) as { dryRun: boolean; removed: number; cutoff: string; removedByKind: Record<string, number>; checkpointId: string | null };
    expect(plan).toMatchObject({ dryRun: true, removed: total, cutoff: "2094-01-01T05:00:00.000Z", checkpointId: null });
    expect(plan.removedByKind).toMatchObject({ decision: 2, "scrub-summary": 1 });
    expect(recordCount(dir)).toBe(total);
    expect(callgate(dir, ["verify"]).code).toBe(0);

    const text = callgate(dir, ["purge", "--dry-run", "--at", "2099-01-01"]);
    expect(text.stdout).toMatch(/^Dry run: would remove \d+ records/);
    expect(text.stdout).toMatch(/decision +2/);
    expect(text.stdout).toContain("Nothing was changed.");
  });

  it("a real purge needs --yes, and refuses --at", () => {
    const dir = workspace();
    const run = callgate(dir, ["purge"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("callgate: purge removes records for good — preview with --dry-run, then run callgate purge --yes\n");
    expect(callgate(dir, ["purge", "--yes", "--at", "2099-01-01"]).code).toBe(2);
    const real = callgate(dir, ["purge", "--yes"]);
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/^Removed 0 records/);
  });
});

describe("callgate export", () => {
  it("writes CSV and a manifest beside it; JSON Lines to stdout with the manifest on stderr", () => {
    const dir = workspace();
    const total = recordCount(dir);
    const run = callgate(dir, ["export", "--out", "records.csv"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Exported ${total} records \\(csv\\) to records\\.csv`));
    const rows = parse(readFileSync(join(dir, "records.csv")), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(total);
    expect(rows.map((r) => r.kind)).toContain("scrub-summary");
    const manifest = JSON.parse(readFileSync(join(dir, "records.csv.manifest.json"), "utf8")) as { count: number; sellerId: string };
    expect(manifest).toMatchObject({ count: total, sellerId: "acme-solar" });

    const jsonl = callgate(dir, ["export", "--format", "jsonl", "--kinds", "decision"]);
    expect(jsonl.code).toBe(0);
    const lines = jsonl.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { kind: string });
    expect(lines.map((l) => l.kind)).toEqual(["decision", "decision"]);
    expect(JSON.parse(jsonl.stderr)).toMatchObject({ format: "jsonl", count: 2 });

    const badKind = callgate(dir, ["export", "--kinds", "decisions"]);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toMatch(/^callgate: unknown record kind "decisions" — use interaction, /);
  });
});

describe("callgate audit and report", () => {
  it("audit: no calls, no findings (exit 0); an ungated call is a finding (exit 1)", async () => {
    const dir = workspace();
    const clean = callgate(dir, ["audit", "--from", "2026-11-01", "--to", "2026-12-01"]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain("No findings.");

    // A dialer sharing the database records a call that never asked the gate.
    const db = new Database(join(dir, "callgate.db"));
    const gate = createCallgate({
      seller: { id: "acme-solar", name: "Acme Solar LLC", callerId: "+16175550100" },
      storage: sqliteStorage({ database: db }),
      clock: { now: () => new Date("2026-11-30T20:00:00Z") },
    });
    const call = await gate.recordInteraction({ phone: "617-555-0101", startedAt: "2026-11-30T14:05:00", durationSeconds: 60, disposition: "answered" });
    db.close();

    const run = callgate(dir, ["audit", "--from", "2026-11-01", "--to", "2026-12-01"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/audit\.never-gated +1/);
    expect(run.stdout).toContain(`records ${call.id}`);
    const json = callgate(dir, ["audit", "--from", "2026-11-01", "--to", "2026-12-01", "--json"]);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule)).toContain("audit.never-gated");
    expect(callgate(dir, ["verify"]).code).toBe(0);
  });

  it("report writes one self-contained HTML page", () => {
    const dir = workspace();
    const run = callgate(dir, ["report", "--out", "report.html", "--from", "2026-11-01", "--to", "2026-12-01"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Report for 2026-11-01T04:00:00\.000Z to 2026-12-01T05:00:00\.000Z written to report\.html/);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/i);
    expect(existsSync(join(dir, "report.html.partial"))).toBe(false);
    expect(callgate(dir, ["report"]).code).toBe(2);
  });
});
