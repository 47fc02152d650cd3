/**
 * exportRecords: CSV (RFC 4180) and JSON Lines parse back to exactly the stored records; the
 * manifest's SHA-256 is the hash of the concatenated chunks; filters; a consistent cut at the
 * chain head; no registry contents, ever.
 */
import { describe, expect, it } from "vitest";
import { recordHash, type StoredRecord } from "../../src/index.js";
import { CSV_COLUMNS } from "../../src/inspection/index.js";
import { BOSTON, NYC, NYC_2, WORCESTER, call, inspectionGate, parseCsv, readAll, rejection, sha256, stored } from "./_support.js";

/** A gate whose records exercise the exporter: awkward text, every common kind, two sellers in one store. */
async function richGate() {
  const g = inspectionGate();
  const other = inspectionGate({ storage: g.storage, seller: { id: "other-seller", name: "Other LLC" } });
  const d = await g.gate.canCall({ phone: NYC, campaignId: "fall" });
  await g.gate.recordInteraction(
    call({
      phone: NYC,
      decisionId: d.id,
      campaignId: "fall",
      disposition: "sale",
      notes: 'Said "yes, please", then:\r\nline two, with commas,, and a tab\there',
      offers: ["solar, 10 kW", 'lease "plus"'],
      consumer: { name: "Zoë Ünïcode 東京", state: "ny" },
      timing: { answeredBy: "live", agentConnectSeconds: 0.8 },
      startedAt: "2026-11-10T15:00:00Z",
    }),
  );
  await g.gate.recordInteraction(call({ phone: NYC_2, disposition: "no-answer", startedAt: "2026-11-12T15:00:00Z", timing: { ringSeconds: 20 } }));
  await g.gate.recordConsent({ action: "grant", phone: BOSTON, form: "written", at: "2026-11-05T15:00:00Z", evidence: { signature: "e-sign:abc", disclosure: "v3" } });
  await g.gate.recordConsent({ action: "revoke", phone: BOSTON, channel: "text", words: "STOP", at: "2026-11-20T15:00:00Z" });
  await g.gate.recordComplaint({ phone: NYC, channel: "email", summary: "=HYPERLINK(\"x\") not a formula", at: "2026-11-21T15:00:00Z" });
  await other.gate.recordInteraction(call({ phone: NYC }));
  return g;
}

function fromJsonl(line: string): StoredRecord {
  const o = JSON.parse(line) as Record<string, unknown>;
  return { ...(o as unknown as StoredRecord), at: new Date(String(o.at)), recordedAt: new Date(String(o.recordedAt)) };
}

describe("exportRecords", () => {
  it("JSON Lines: one canonical record per line, equal to the stored records, each hash verifying", async () => {
    const { gate, storage } = await richGate();
    const mine = (await stored(storage)).filter((r) => r.sellerId === "acme-solar");
    const exp = gate.exportRecords({ format: "jsonl" });
    const { text, chunks } = await readAll(exp);
    const manifest = await exp.manifest;
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.slice(0, -1).split("\n");
    expect(lines).toHaveLength(mine.length);
    const parsed = lines.map(fromJsonl);
    expect(parsed).toEqual(mine);
    for (const r of parsed) {
      const { hash, ...rest } = r;
      expect(recordHash(rest)).toBe(hash);
    }
    // Canonical: keys sorted at every level.
    const first = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual([...Object.keys(first)].sort());

    expect(manifest.count).toBe(mine.length);
    expect(manifest.files).toHaveLength(1);
    expect(manifest.files[0]?.sha256).toBe(sha256(chunks.join("")));
    expect(manifest.files[0]?.bytes).toBe(Buffer.byteLength(text, "utf8"));
    expect(manifest.files[0]?.name).toBe("acme-solar-records-20261130T150000Z.jsonl");
    expect(manifest.chainHead).toEqual(await storage.head());
    expect(manifest.seqRange).toEqual({ first: mine[0]?.seq, last: mine.at(-1)?.seq });
    const ats = mine.map((r) => r.at.getTime());
    expect(manifest.timeRange).toEqual({ first: new Date(Math.min(...ats)), last: new Date(Math.max(...ats)) });
    expect(manifest.countsByKind.interaction).toBe(2);
    expect(manifest.generatedAt.toISOString()).toBe("2026-11-30T15:00:00.000Z");
    expect(manifest.fieldsWithheld).toBe(0);
  });

  it("CSV: RFC 4180 with a header, one row per record; envelope, flattened data and the whole data parse back", async () => {
    const { gate, storage } = await richGate();
    const mine = (await stored(storage)).filter((r) => r.sellerId === "acme-solar");
    const exp = gate.exportRecords({ format: "csv" });
    const { text, chunks } = await readAll(exp.chunks);
    const manifest = await exp.manifest;
    expect(manifest.files[0]?.sha256).toBe(sha256(chunks.join("")));
    expect(manifest.columns).toEqual([...CSV_COLUMNS]);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(mine.length);
    const col = (name: string): number => (header as string[]).indexOf(name);
    rows.forEach((row, i) => {
      const r = mine[i] as StoredRecord;
      expect(row).toHaveLength(CSV_COLUMNS.length);
      const back: StoredRecord = {
        seq: Number(row[col("seq")]),
        id: row[col("id")] as string,
        kind: row[col("kind")] as StoredRecord["kind"],
        sellerId: row[col("sellerId")] as string,
        phone: row[col("phone")] === "" ? null : (row[col("phone")] as string),
        at: new Date(row[col("at")] as string),
        recordedAt: new Date(row[col("recordedAt")] as string),
        schemaVersion: Number(row[col("schemaVersion")]),
        prevHash: row[col("prevHash")] as string,
        hash: row[col("hash")] as string,
        data: JSON.parse(row[col("data")] as string) as Record<string, unknown>,
      };
      expect(back).toEqual(r);
    });
    const sale = rows.find((row) => row[col("data.disposition")] === "sale") as string[];
    expect(sale[col("data.campaignId")]).toBe("fall");
    expect(sale[col("data.timing.answeredBy")]).toBe("live");
    expect(sale[col("data.timing.agentConnectSeconds")]).toBe("0.8");
    expect(sale[col("data.consumer.state")]).toBe("ny");
    expect(JSON.parse(sale[col("data")] as string).notes).toBe('Said "yes, please", then:\r\nline two, with commas,, and a tab\there');
    // Inside the quoted `data` cell, the JSON's \" became \"" (RFC 4180 doubles every quote).
    expect(text).toContain('\\""yes, please\\""');
    const complaint = rows.find((row) => row[col("kind")] === "complaint") as string[];
    expect(complaint[col("data.dueAt")]).toBe("2026-12-08T05:00:00.000Z");
    const consent = rows.find((row) => row[col("data.action")] === "grant") as string[];
    expect(consent[col("data.form")]).toBe("written");
  });

  it("exports the records of a time range and kinds only, and an empty export is a header (CSV) or nothing (JSON Lines)", async () => {
    const { gate, storage } = await richGate();
    const mine = (await stored(storage)).filter((r) => r.sellerId === "acme-solar");
    const from = new Date("2026-11-06T00:00:00Z");
    const to = new Date("2026-11-21T00:00:00Z");
    const exp = gate.exportRecords({ format: "jsonl", from, to, kinds: ["interaction", "consent"] });
    const { text } = await readAll(exp);
    const ids = text.trim().split("\n").map((l) => (JSON.parse(l) as { id: string }).id);
    const want = mine.filter((r) => (r.kind === "interaction" || r.kind === "consent") && r.at >= from && r.at < to).map((r) => r.id);
    expect(ids).toEqual(want);
    expect(want).toHaveLength(3);
    const m = await exp.manifest;
    expect(m.query).toEqual({ from, to, kinds: ["interaction", "consent"] });
    expect(m.count).toBe(3);

    const byPhone = gate.exportRecords({ format: "jsonl", phone: "(617) 555-0101" });
    const phones = (await readAll(byPhone)).text.trim().split("\n").map((l) => (JSON.parse(l) as { phone: string }).phone);
    expect(new Set(phones)).toEqual(new Set([BOSTON]));

    const none = gate.exportRecords({ format: "csv", from: "2020-01-01", to: "2020-02-01" });
    expect((await readAll(none)).text).toBe(`${CSV_COLUMNS.join(",")}\r\n`);
    expect((await none.manifest).count).toBe(0);
    expect((await none.manifest).timeRange).toBeNull();
    const noneJsonl = gate.exportRecords({ format: "jsonl", from: "2020-01-01", to: "2020-02-01" });
    const empty = await readAll(noneJsonl);
    expect(empty.text).toBe("");
    expect((await noneJsonl.manifest).files[0]?.sha256).toBe(sha256(""));
  });

  it("is a consistent cut: records appended while it streams are left out, the manifest names the head it stopped at", async () => {
    const { gate, storage } = inspectionGate();
    for (let i = 0; i < 3000; i++) await storage.append([{ id: `int_${String(i).padStart(8, "0")}`, kind: "interaction", sellerId: "acme-solar", phone: NYC, at: new Date(Date.UTC(2026, 10, 1, 12, 0, i)), recordedAt: new Date("2026-11-30T15:00:00Z"), schemaVersion: 1, data: { disposition: "answered", notes: "x".repeat(40) } }]);
    const head = await storage.head();
    const exp = gate.exportRecords({ format: "jsonl" });
    let lines = 0;
    let appended = false;
    for await (const chunk of exp) {
      lines += chunk.split("\n").length - 1;
      if (!appended) {
        await gate.recordInteraction(call({ phone: NYC }));
        appended = true;
      }
    }
    const m = await exp.manifest;
    expect(m.chainHead).toEqual(head);
    expect(lines).toBe(3000);
    expect(m.count).toBe(3000);
    expect(((await storage.head())?.seq ?? 0) > (head?.seq ?? 0)).toBe(true);
  });

  it("never contains registry contents: no listed number, and registry snapshots as metadata only", async () => {
    const national = ["+12125550190", "+13125550191", "+17815550192"];
    const ma = ["+16175550193", "+15085550194", "+14135550195"];
    const { gate } = inspectionGate({ national, massachusetts: ma });
    for (const phone of [NYC, NYC_2, WORCESTER]) {
      const d = await gate.canCall({ phone });
      await gate.recordInteraction(call({ phone, decisionId: d.id }));
    }
    await gate.recordConsent({ action: "grant", phone: BOSTON, form: "verbal" });
    for (const format of ["csv", "jsonl"] as const) {
      const exp = gate.exportRecords({ format });
      const { text } = await readAll(exp);
      for (const listed of [...national, ...ma]) {
        const digits = listed.slice(2);
        expect(text).not.toContain(digits);
        expect(text).not.toContain(`${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`);
      }
      const m = await exp.manifest;
      expect(m.countsByKind["registry-snapshot"]).toBe(2);
      expect(m.fieldsWithheld).toBe(0);
    }
    const { text } = await readAll(gate.exportRecords({ format: "jsonl", kinds: ["registry-snapshot"] }));
    const snaps = text.trim().split("\n").map((l) => JSON.parse(l) as { data: Record<string, unknown> });
    for (const s of snaps) {
      expect(Object.keys(s.data).sort()).toEqual(["areaCodes", "badLines", "count", "edition", "obtainedAt", "registryId", "sha256", "snapshotKind", "source"]);
      expect(s.data.count).toBe(3);
    }
  });

  it("withholds anything but metadata from a registry-snapshot record, and says so", async () => {
    const { gate, storage } = inspectionGate();
    await storage.append([
      {
        id: "snap_forged",
        kind: "registry-snapshot",
        sellerId: "acme-solar",
        phone: null,
        at: new Date("2026-11-01T12:00:00Z"),
        recordedAt: new Date("2026-11-01T12:00:00Z"),
        schemaVersion: 1,
        data: { count: 1, numbers: ["6175550196"], source: "massachusetts" },
      },
    ]);
    const exp = gate.exportRecords({ format: "csv" });
    const { text } = await readAll(exp);
    expect(text).not.toContain("6175550196");
    expect((await exp.manifest).fieldsWithheld).toBe(1);
  });

  it("is read once; bad options throw at once; an export stopped early rejects its manifest", async () => {
    const { gate, storage } = inspectionGate();
    for (let i = 0; i < 2000; i++) await gate.recordInteraction(call({ notes: "n".repeat(60) }));
    const exp = gate.exportRecords({ format: "jsonl" });
    for await (const _ of exp) break;
    await expect(exp.manifest).rejects.toThrow(/not read to its end/);
    expect(() => exp[Symbol.asyncIterator]()).toThrow(/read once/);

    const e = await rejection(() => gate.exportRecords({ format: "xml" as "csv", kinds: ["nope" as "interaction"], from: "soon" }));
    expect(e.code).toBe("INVALID_INPUT");
    expect(((e.details.issues ?? []) as { path: string }[]).map((i) => i.path).sort()).toEqual(["format", "from", "kinds"]);

    const broken = { ...storage, listRecords: async () => Promise.reject(new Error("connection reset")) };
    const { gate: g2 } = inspectionGate({ storage: broken });
    const failing = g2.exportRecords({ format: "csv" });
    await expect(readAll(failing)).rejects.toMatchObject({ code: "STORAGE_FAILURE" });
    await expect(failing.manifest).rejects.toMatchObject({ code: "STORAGE_FAILURE" });
  });
});
