/**
 * queryRecords: filters by number, time range, campaign, corrected disposition and kind combine;
 * paging with cursors visits every matching record once, in seq order, even while records are
 * appended; bad queries name their fields.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RecordKind, StoredRecord } from "../../src/index.js";
import type { RecordQuery, RecordView } from "../../src/inspection/index.js";
import { BOSTON, CHICAGO, NYC, NYC_2, call, inspectionGate, issuePaths, rejection, stored } from "./_support.js";

const PHONES = [BOSTON, NYC, NYC_2, CHICAGO];
const CAMPAIGNS = ["spring", "fall", undefined];
const DISPOSITIONS = ["answered", "no-answer", "sale", "abandoned", "voicemail"] as const;

/** A gate with `n` interactions spread over phones, campaigns, dispositions and days, plus a few other records. */
async function populated(n: number) {
  const g = inspectionGate();
  for (let i = 0; i < n; i++) {
    const campaignId = CAMPAIGNS[i % 3];
    await g.gate.recordInteraction(
      call({
        phone: PHONES[i % 4] as string,
        startedAt: new Date(Date.UTC(2026, 10, 1 + (i % 28), 15, i % 60)),
        disposition: DISPOSITIONS[i % 5] as (typeof DISPOSITIONS)[number],
        ...(campaignId === undefined ? {} : { campaignId }),
      }),
    );
    if (i % 10 === 0) await g.gate.canCall({ phone: PHONES[i % 4] as string, ...(campaignId === undefined ? {} : { campaignId }) });
  }
  await g.gate.recordConsent({ action: "grant", phone: BOSTON, form: "verbal", at: "2026-11-02T15:00:00Z", campaignId: "spring" });
  return g;
}

async function walk(gate: ReturnType<typeof inspectionGate>["gate"], query: RecordQuery): Promise<RecordView[]> {
  const out: RecordView[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await gate.queryRecords({ ...query, ...(cursor === undefined ? {} : { cursor }) });
    out.push(...page.records);
    if (page.nextCursor === undefined) return out;
    cursor = page.nextCursor;
  }
  throw new Error("paging did not end");
}

function campaignOf(r: StoredRecord): string | undefined {
  if (typeof r.data.campaignId === "string") return r.data.campaignId;
  const req = r.data.request as { campaignId?: string } | undefined;
  return req?.campaignId;
}

function expected(all: StoredRecord[], q: { phone?: string; kinds?: readonly RecordKind[]; from?: Date; to?: Date; campaignId?: string; disposition?: readonly string[] }) {
  return all.filter(
    (r) =>
      r.sellerId === "acme-solar" &&
      (q.phone === undefined || r.phone === q.phone) &&
      (q.kinds === undefined || q.kinds.includes(r.kind)) &&
      (q.disposition === undefined || (r.kind === "interaction" && q.disposition.includes(String(r.data.disposition)))) &&
      (q.from === undefined || r.at >= q.from) &&
      (q.to === undefined || r.at < q.to) &&
      (q.campaignId === undefined || campaignOf(r) === q.campaignId),
  );
}

describe("queryRecords", () => {
  it("filters by number, kind, time range, campaign and disposition together", async () => {
    const { gate, storage } = await populated(60);
    const all = await stored(storage);
    const from = new Date("2026-11-05T00:00:00Z");
    const to = new Date("2026-11-20T00:00:00Z");
    const page = await gate.queryRecords({ phone: "(212) 555-0105", from, to, campaignId: "spring", disposition: ["answered", "sale"], limit: 1000 });
    const want = expected(all, { phone: NYC, from, to, campaignId: "spring", disposition: ["answered", "sale"] });
    expect(want.length).toBeGreaterThan(0);
    expect(page.records.map((v) => v.record.id)).toEqual(want.map((r) => r.id));
    expect(page.nextCursor).toBeUndefined();
    for (const v of page.records) {
      expect(v.record.kind).toBe("interaction");
      expect(v.record.phone).toBe(NYC);
      expect(["answered", "sale"]).toContain(v.current.disposition);
    }
  });

  it("finds decisions by the campaign of their request, and kinds narrow the result", async () => {
    const { gate, storage } = await populated(30);
    const all = await stored(storage);
    const page = await gate.queryRecords({ kinds: ["decision"], campaignId: "spring", limit: 1000 });
    const want = expected(all, { kinds: ["decision"], campaignId: "spring" });
    expect(want.length).toBeGreaterThan(0);
    expect(page.records.map((v) => v.record.id)).toEqual(want.map((r) => r.id));
    const consents = await gate.queryRecords({ kinds: ["consent"], phone: BOSTON });
    expect(consents.records).toHaveLength(1);
    expect(consents.records[0]?.record.data.form).toBe("verbal");
  });

  it("pages through every matching record once, in seq order, with no gap and no repeat", async () => {
    const { gate, storage } = await populated(120);
    const all = await stored(storage);
    for (const [query, want] of [
      [{ limit: 7 }, expected(all, {})],
      [{ limit: 5, campaignId: "fall" }, expected(all, { campaignId: "fall" })],
      [{ limit: 3, disposition: "abandoned" }, expected(all, { disposition: ["abandoned"] })],
      [{ limit: 4, phone: CHICAGO, kinds: ["interaction", "decision"] as RecordKind[] }, expected(all, { phone: CHICAGO, kinds: ["interaction", "decision"] })],
    ] as const) {
      const got = await walk(gate, query);
      expect(got.map((v) => v.record.id)).toEqual(want.map((r) => r.id));
      expect(new Set(got.map((v) => v.record.id)).size).toBe(got.length);
      const seqs = got.map((v) => v.record.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    }
  });

  it("matches a brute-force filter for any combination of filters and page size (property)", async () => {
    const { gate, storage } = await populated(80);
    const all = await stored(storage);
    const days = [undefined, ...Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2026, 10, 1 + i)))];
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          phone: fc.constantFrom(undefined, ...PHONES),
          kinds: fc.constantFrom(undefined, ["interaction"] as RecordKind[], ["decision", "consent"] as RecordKind[], ["interaction", "decision"] as RecordKind[]),
          campaignId: fc.constantFrom(undefined, "spring", "fall", "winter"),
          disposition: fc.constantFrom(undefined, ["sale"], ["no-answer", "abandoned"]),
          from: fc.constantFrom(...days),
          span: fc.integer({ min: 1, max: 40 }),
          limit: fc.integer({ min: 1, max: 25 }),
        }),
        async (q) => {
          const to = q.from === undefined ? undefined : new Date(q.from.getTime() + q.span * 86_400_000);
          const query: RecordQuery = { limit: q.limit };
          if (q.phone !== undefined) query.phone = q.phone;
          if (q.disposition !== undefined) query.disposition = q.disposition;
          else if (q.kinds !== undefined) query.kinds = q.kinds;
          if (q.campaignId !== undefined) query.campaignId = q.campaignId;
          if (q.from !== undefined && to !== undefined) {
            query.from = q.from;
            query.to = to;
          }
          const want = expected(all, {
            ...(q.phone === undefined ? {} : { phone: q.phone }),
            ...(q.disposition === undefined && q.kinds !== undefined ? { kinds: q.kinds } : {}),
            ...(q.disposition === undefined ? {} : { disposition: q.disposition }),
            ...(q.campaignId === undefined ? {} : { campaignId: q.campaignId }),
            ...(q.from === undefined || to === undefined ? {} : { from: q.from, to }),
          });
          const got = await walk(gate, query);
          expect(got.map((v) => v.record.id)).toEqual(want.map((r) => r.id));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keeps its place while records are appended between pages: nothing skipped, nothing repeated", async () => {
    const { gate, storage } = await populated(40);
    const before = expected(await stored(storage), { kinds: ["interaction"] });
    const seen: string[] = [];
    let cursor: string | undefined;
    let appended = 0;
    for (;;) {
      const page = await gate.queryRecords({ kinds: ["interaction"], limit: 6, ...(cursor === undefined ? {} : { cursor }) });
      seen.push(...page.records.map((v) => v.record.id));
      if (appended < 5) {
        await gate.recordInteraction(call({ phone: NYC, disposition: "busy" }));
        appended++;
      }
      if (page.nextCursor === undefined) break;
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    // Every record that existed when paging began was seen, in order; the appended ones came last.
    expect(seen.slice(0, before.length)).toEqual(before.map((r) => r.id));
    const after = expected(await stored(storage), { kinds: ["interaction"] });
    expect(seen).toEqual(after.map((r) => r.id).slice(0, seen.length));
  });

  it("shows an amended interaction corrected, with its history, and filters on the corrected disposition", async () => {
    const { gate } = inspectionGate();
    const rec = await gate.recordInteraction(call({ disposition: "answered", campaignId: "spring" }));
    await gate.amendInteraction(rec.id, { disposition: "sale" }, "agent picked the wrong button");
    expect((await gate.queryRecords({ disposition: "answered" })).records).toHaveLength(0);
    const page = await gate.queryRecords({ disposition: "sale" });
    expect(page.records).toHaveLength(1);
    const v = page.records[0] as RecordView;
    expect(v.record.id).toBe(rec.id);
    expect(v.record.data.disposition).toBe("answered");
    expect(v.current.disposition).toBe("sale");
    expect(v.history.map((h) => h.reason)).toEqual(["agent picked the wrong button"]);
  });

  it("refuses a malformed query, naming each field", async () => {
    const { gate } = inspectionGate();
    const e = await rejection(() =>
      gate.queryRecords({ phone: "not a phone", kinds: ["calls" as RecordKind], limit: 0, cursor: "abc", from: "yesterday-ish", campaignId: "" }),
    );
    expect(e.code).toBe("INVALID_INPUT");
    expect(issuePaths(e).sort()).toEqual(["campaignId", "cursor", "from", "kinds", "limit", "phone"]);
    const e2 = await rejection(() => gate.queryRecords({ kinds: ["consent"], disposition: "sale" }));
    expect(issuePaths(e2)).toEqual(["disposition"]);
    const e3 = await rejection(() => gate.queryRecords({ from: "2026-11-10", to: "2026-11-01" }));
    expect(issuePaths(e3)).toEqual(["to"]);
  });

  it("returns only this seller's records from a shared store", async () => {
    const a = inspectionGate();
    const b = inspectionGate({ storage: a.storage, seller: { id: "other-seller", name: "Other LLC" } });
    await a.gate.recordInteraction(call({ phone: NYC }));
    await b.gate.recordInteraction(call({ phone: NYC }));
    const mine = await a.gate.queryRecords({ phone: NYC });
    expect(mine.records.map((v) => v.record.sellerId)).toEqual(["acme-solar"]);
  });
});
