/**
 * `callgate scrub` as the built bin on the bundled sample lead list (a byte-order mark, CRLF,
 * quoted fields with commas, quotes and a line break, and bad rows): the callable and rejected
 * files, their columns, the summary, and the usage errors.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE, SELLER, buildBin, callgate, removeTempDirs, tempDir } from "./_support.js";

const AT = "2026-11-30T10:30:00-05:00"; // 07:30 on the Pacific coast, 05:30 in Honolulu
const ADDED = ["callgate_allowed", "callgate_reasons", "callgate_rules", "callgate_next_allowed_at", "callgate_e164"];

let dir: string;

function rowsOf(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { bom: true, columns: true }) as Record<string, string>[];
}

beforeAll(async () => {
  await buildBin();
  dir = tempDir();
  expect(callgate(dir, ["init", ...SELLER]).code).toBe(0);
  expect(callgate(dir, ["registry", "import", join(SAMPLE, "national.txt"), "--source", "national", "--obtained", "2026-11-20"]).code).toBe(0);
  expect(callgate(dir, ["registry", "import", join(SAMPLE, "massachusetts.txt"), "--source", "massachusetts", "--edition", "2026-10-01"]).code).toBe(0);
}, 120_000);

afterAll(removeTempDirs);

describe("callgate scrub", () => {
  let run: ReturnType<typeof callgate>;
  let callable: Record<string, string>[];
  let rejected: Record<string, string>[];

  beforeAll(() => {
    run = callgate(dir, ["scrub", join(SAMPLE, "leads.csv"), "--out", "callable.csv", "--rejected", "rejected.csv", "--at", AT]);
    callable = rowsOf(join(dir, "callable.csv"));
    rejected = rowsOf(join(dir, "rejected.csv"));
  });

  it("exits 0 and splits the 50 leads into callable and rejected, in input order", () => {
    expect(run.code).toBe(0);
    expect(callable).toHaveLength(28);
    expect(rejected).toHaveLength(22);
    const ids = [...callable, ...rejected].map((r) => r.lead_id).sort();
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => `L${String(i + 1).padStart(3, "0")}`));
    const order = (rows: Record<string, string>[]) => rows.map((r) => r.lead_id);
    expect(order(callable)).toEqual([...order(callable)].sort());
    expect(order(rejected)).toEqual([...order(rejected)].sort());
  });

  it("keeps the input columns and adds the decision's; the rejected file adds callgate_error", () => {
    const input = ["lead_id", "first_name", "last_name", "Phone Number", "State", "ZIP", "notes"];
    expect(Object.keys(callable[0] ?? {})).toEqual([...input, ...ADDED]);
    expect(Object.keys(rejected[0] ?? {})).toEqual([...input, ...ADDED, "callgate_error"]);
    expect(callable.every((r) => r.callgate_allowed === "true" && r.callgate_reasons === "" && /^\+1\d{10}$/.test(r.callgate_e164 ?? ""))).toBe(true);
    expect(rejected.every((r) => r.callgate_allowed === "false")).toBe(true);
  });

  it("keeps the byte-order mark, CRLF line ends and quoted fields (commas, quotes, a line break)", () => {
    const bytes = readFileSync(join(dir, "callable.csv"));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text.split("\r\n")[0]).toBe(`\ufefflead_id,first_name,last_name,Phone Number,State,ZIP,notes,${ADDED.join(",")}`);
    const byId = new Map(callable.map((r) => [r.lead_id, r]));
    expect(byId.get("L001")?.notes).toBe("web form, wants a quote");
    expect(byId.get("L030")?.notes).toBe('He said "call after 5", so we did');
    expect(byId.get("L029")?.notes).toBe("Line one of a note\r\nline two, after a line break");
    expect(text).toContain('"He said ""call after 5"", so we did"');
  });

  it("denied rows carry their reason codes, rule ids, and the next allowed time for calling hours", () => {
    const byId = new Map(rejected.map((r) => [r.lead_id, r]));
    expect(byId.get("L003")).toMatchObject({ callgate_reasons: "NATIONAL_DNC", callgate_rules: "us.national-dnc", callgate_e164: "+16175550123", callgate_error: "" });
    expect(byId.get("L004")).toMatchObject({ callgate_reasons: "STATE_DNC", callgate_rules: "ma.state-dnc" });
    expect(byId.get("L035")).toMatchObject({ callgate_reasons: "NATIONAL_DNC;STATE_DNC", callgate_rules: "us.national-dnc;ma.state-dnc" });
    expect(byId.get("L013")).toMatchObject({ callgate_reasons: "OUTSIDE_CALLING_HOURS", callgate_next_allowed_at: "2026-11-30T18:00:00.000Z" });
    expect(byId.get("L014")).toMatchObject({ callgate_reasons: "OUTSIDE_CALLING_HOURS", callgate_next_allowed_at: "2026-11-30T16:00:00.000Z" });
    for (const id of ["L022", "L023", "L024", "L025"]) expect(byId.get(id)).toMatchObject({ callgate_reasons: "INVALID_NUMBER", callgate_e164: "" });
  });

  it("rows the gate cannot read go to rejected with the error", () => {
    const byId = new Map(rejected.map((r) => [r.lead_id, r]));
    expect(byId.get("L026")).toMatchObject({ callgate_reasons: "INVALID_INPUT", callgate_e164: "+16175550117" });
    expect(byId.get("L026")?.callgate_error).toMatch(/consumer\.state: must be the USPS code/);
    expect(byId.get("L027")?.callgate_error).toMatch(/consumer\.postalCode: must be a ZIP code/);
    // Five fields where the header has seven: kept, padded, with the line it is on.
    expect(byId.get("L028")).toMatchObject({ "Phone Number": "617-555-0103", State: "MA", ZIP: "", callgate_reasons: "INVALID_INPUT" });
    expect(byId.get("L028")?.callgate_error).toBe("line 29: 5 fields where the header has 7");
  });

  it("a state column decides the jurisdiction; a lower-case state is read", () => {
    const byId = new Map(callable.map((r) => [r.lead_id, r]));
    expect(byId.get("L036")?.callgate_allowed).toBe("true"); // on the MA list, lives in New York
    expect(byId.get("L007")?.callgate_allowed).toBe("true"); // "ma"
  });

  it("prints a summary table by reason and stores one scrub-summary record", () => {
    expect(run.stdout).toMatch(/^Scrubbed 50 leads from .*leads\.csv for calls at 2026-11-30T15:30:00\.000Z/);
    expect(run.stdout).toMatch(/callable +28 +callable\.csv/);
    expect(run.stdout).toMatch(/rejected +22 +rejected\.csv/);
    expect(run.stdout).toMatch(/denied +19/);
    expect(run.stdout).toMatch(/invalid input +3/);
    expect(run.stdout).toMatch(/reason +leads\n +NATIONAL_DNC +7\n +STATE_DNC +5\n +INVALID_NUMBER +4\n +OUTSIDE_CALLING_HOURS +4\n +INVALID_INPUT +3/);
    // The malformed row never reached the gate; INVALID_NUMBER is a denial, a bad state or ZIP an invalid lead.
    // Not a terminal: one plain progress line at the end, no carriage returns.
    expect(run.stderr).not.toContain("\r");
    expect(run.stderr).toMatch(/^scrub +100% +50 leads +[\d,]+ leads\/s +in /);

    const db = new Database(join(dir, "callgate.db"), { readonly: true });
    const summaries = db.prepare("SELECT data FROM callgate_records WHERE kind = 'scrub-summary'").all() as { data: string }[];
    const receipts = db.prepare("SELECT count(*) AS n FROM callgate_records WHERE kind = 'decision'").get() as { n: number };
    db.close();
    expect(summaries).toHaveLength(1);
    expect(JSON.parse(summaries[0]?.data ?? "{}")).toMatchObject({ leads: 49, allowed: 28, denied: 19, invalid: 2 });
    expect(receipts.n).toBe(0);
  });

  it("--json prints the summary; without --rejected only the callable file is written", () => {
    const out = tempDir();
    const json = callgate(dir, ["scrub", join(SAMPLE, "leads.csv"), "--out", join(out, "ok.csv"), "--at", AT, "--json", "--no-progress"]);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe("");
    expect(JSON.parse(json.stdout)).toMatchObject({ rows: 50, callable: 28, rejected: 22, leadsByReason: { NATIONAL_DNC: 7 }, rejectedFile: null });
    expect(readdirSync(out)).toEqual(["ok.csv"]);
  });

  it("to stdout: the CSV on stdout, the summary on stderr", () => {
    const run2 = callgate(dir, ["scrub", join(SAMPLE, "leads.csv"), "--at", AT, "--no-progress"]);
    expect(run2.code).toBe(0);
    expect(rowsOf2(run2.stdout)).toHaveLength(28);
    expect(run2.stderr).toMatch(/^Scrubbed 50 leads/);
  });

  it("a plain LF file without a BOM stays so; --phone-column names the column; previous callgate_* columns are replaced", () => {
    const work = tempDir();
    const leads = join(work, "leads.csv");
    writeFileSync(leads, "id,Tel,callgate_allowed\n1,617-555-0101,false\n2,617-555-0123,true\n");
    const run3 = callgate(dir, ["scrub", leads, "--phone-column", "tel", "--out", join(work, "ok.csv"), "--rejected", join(work, "no.csv"), "--at", "2026-11-30T14:00", "--no-progress"]);
    expect(run3.code).toBe(0);
    const ok = readFileSync(join(work, "ok.csv"), "utf8");
    expect(ok).toBe(`id,Tel,${ADDED.join(",")}\n1,617-555-0101,true,,,,+16175550101\n`);
    expect(readFileSync(join(work, "no.csv"), "utf8")).toContain("2,617-555-0123,false,NATIONAL_DNC,us.national-dnc,,+16175550123,\n");
  });

  it("no phone column: exit 2 naming the columns and --phone-column", () => {
    const work = tempDir();
    const leads = join(work, "leads.csv");
    writeFileSync(leads, "id,tel\n1,617-555-0101\n");
    const run4 = callgate(dir, ["scrub", leads, "--out", join(work, "ok.csv"), "--at", AT]);
    expect(run4.code).toBe(2);
    expect(run4.stderr).toBe(`callgate: ${leads} has no phone column (looked for phone, phone_number, telephone, number, mobile); its columns are "id", "tel" — name it with --phone-column\n`);
    expect(existsSync(join(work, "ok.csv"))).toBe(false);
  });

  it("an unclosed quote: exit 2 naming the line, and no output file left behind", () => {
    const work = tempDir();
    const leads = join(work, "leads.csv");
    writeFileSync(leads, 'id,phone\n1,617-555-0101\n2,"617-555-0102\n3,617-555-0104\n');
    const run5 = callgate(dir, ["scrub", leads, "--out", join(work, "ok.csv"), "--rejected", join(work, "no.csv"), "--at", AT]);
    expect(run5.code).toBe(2);
    expect(run5.stderr).toMatch(/^callgate: .*leads\.csv is not valid CSV: Quote Not Closed: .* at line \d+ — close the quoted field/);
    expect(readdirSync(work)).toEqual(["leads.csv"]);
  });

  it("refuses to overwrite the lead list, or to write both files to one path (exit 2)", () => {
    const work = tempDir();
    const leads = join(work, "leads.csv");
    writeFileSync(leads, "phone\n617-555-0101\n");
    const same = callgate(dir, ["scrub", leads, "--out", leads, "--at", AT]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/would be overwritten by the scrub's output — /);
    expect(readFileSync(leads, "utf8")).toBe("phone\n617-555-0101\n");
    expect(callgate(dir, ["scrub", leads, "--out", join(work, "x.csv"), "--rejected", join(work, "x.csv"), "--at", AT]).code).toBe(2);
    const nowhere = callgate(dir, ["scrub", leads, "--out", join(work, "missing", "x.csv"), "--at", AT]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/^callgate: --out .*x\.csv: the folder .*missing does not exist — create it/);
  });

  it("a missing lead list: exit 2", () => {
    const run6 = callgate(dir, ["scrub", join(dir, "nope.csv"), "--at", AT]);
    expect(run6.code).toBe(2);
    expect(run6.stderr).toMatch(/^callgate: cannot read the lead list .*nope\.csv — check the path\n$/);
  });
});

function rowsOf2(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true }) as Record<string, string>[];
}
