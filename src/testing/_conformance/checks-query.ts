/** Checks of getPhoneFacts and listRecords. */
import type { ListQuery, RecordKind, StoredRecord } from "../../storage/types.js";
import { type CheckGroup, appendChecked } from "./context.js";
import { ensure, expectRecords } from "./expect.js";
import { OTHER_PHONE, OTHER_SELLER, PHONE, SELLER, THIRD_PHONE, variedRecords } from "./fixtures.js";
import { readAll } from "./store.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What listRecords must return for `query`, computed from the records the kit appended. */
function expectedList(all: readonly StoredRecord[], q: Omit<ListQuery, "limit">): StoredRecord[] {
  return all.filter(
    (r) =>
      (q.afterSeq === undefined || r.seq > q.afterSeq) &&
      (q.sellerId === undefined || r.sellerId === q.sellerId) &&
      (q.kinds === undefined || q.kinds.includes(r.kind)) &&
      (q.phone === undefined || r.phone === q.phone) &&
      (q.from === undefined || r.at.getTime() >= q.from.getTime()) &&
      (q.to === undefined || r.at.getTime() < q.to.getTime()) &&
      (q.recordedFrom === undefined || r.recordedAt.getTime() >= q.recordedFrom.getTime()) &&
      (q.recordedBefore === undefined || r.recordedAt.getTime() < q.recordedBefore.getTime()),
  );
}

function describeQuery(q: Omit<ListQuery, "limit">, limit?: number): string {
  const parts = Object.entries(q).map(([k, v]) => `${k}=${v instanceof Date ? v.toISOString() : JSON.stringify(v)}`);
  if (limit !== undefined) parts.push(`limit=${limit}`);
  return `listRecords(${parts.join(", ")})`;
}

/** The `at` and `recordedAt` of the record at `index` (a boundary that a record sits exactly on). */
function instantsOf(all: readonly StoredRecord[], index: number): { at: Date; recordedAt: Date } {
  const r = all[index];
  if (r === undefined) throw new Error(`the kit expected a record at index ${index}`);
  return { at: new Date(r.at.getTime()), recordedAt: new Date(r.recordedAt.getTime()) };
}

export const queryChecks: CheckGroup = {
  async "phone-facts-standing"({ storage, make }) {
    const r = (kind: RecordKind, fields: { sellerId?: string; phone?: string | null; at?: Date } = {}) => make.record({ kind, ...fields });
    const records = [
      r("consent", { at: new Date("2019-02-01T15:00:00.000Z") }), // years old: standing is not limited in time
      r("interaction"),
      r("relationship"),
      r("consent", { sellerId: OTHER_SELLER }),
      r("do-not-call", { phone: OTHER_PHONE }),
      r("decision"),
      r("complaint"),
      r("amendment"),
      r("legal-hold"),
      r("scrub-summary"),
      r("do-not-call"),
      r("registry-snapshot", { phone: null }),
      r("relationship", { sellerId: OTHER_SELLER, phone: THIRD_PHONE }),
      r("consent", { at: new Date("2031-06-01T15:00:00.000Z") }), // in the future: still standing
    ];
    const stored = await appendChecked(storage, records, "setup");
    const pick = (...indexes: number[]): StoredRecord[] => indexes.map((i) => stored[i] as StoredRecord);
    const facts = await storage.getPhoneFacts({ sellerId: SELLER, phone: PHONE, interactionsSince: new Date("2100-01-01T00:00:00.000Z") });
    expectRecords(facts.standing, pick(0, 2, 10, 13), "standing facts");
    expectRecords(facts.interactions, [], "interactions before interactionsSince");
    const other = await storage.getPhoneFacts({ sellerId: OTHER_SELLER, phone: PHONE, interactionsSince: new Date(0) });
    expectRecords(other.standing, pick(3), "the other seller's standing facts");
    const none = await storage.getPhoneFacts({ sellerId: SELLER, phone: THIRD_PHONE, interactionsSince: new Date(0) });
    expectRecords(none.standing, [], "standing facts of a number only another seller holds");
  },

  async "phone-facts-interactions"({ storage, make }) {
    const since = new Date("2026-02-10T14:30:00.250Z");
    const at = (offsetMs: number): Date => new Date(since.getTime() + offsetMs);
    const records = [
      make.record({ at: at(-1) }), // 1 ms too early
      make.record({ at: at(0) }), // exactly at the bound: included
      make.record({ at: at(HOUR), recordedAt: at(-30 * DAY) }), // recorded earlier, happened after: included
      make.record({ at: at(-30 * DAY), recordedAt: at(DAY) }), // recorded later, happened before: excluded
      make.record({ at: at(1), sellerId: OTHER_SELLER }),
      make.record({ at: at(1), phone: OTHER_PHONE }),
      make.record({ at: at(1), kind: "decision" }),
      make.record({ at: at(1), kind: "scrub-summary" }),
      make.record({ at: at(2 * DAY) }),
      make.record({ at: at(1), kind: "consent" }),
      make.record({ at: at(3), kind: "amendment" }), // corrections of calls come with them
      make.record({ at: at(-1), kind: "amendment" }),
    ];
    const stored = await appendChecked(storage, records, "setup");
    const pick = (...indexes: number[]): StoredRecord[] => indexes.map((i) => stored[i] as StoredRecord);
    const facts = await storage.getPhoneFacts({ sellerId: SELLER, phone: PHONE, interactionsSince: since });
    expectRecords(facts.interactions, pick(1, 2, 8, 10), "interactions and amendments at or after interactionsSince");
    expectRecords(facts.standing, pick(9), "standing facts next to interactions");
    const later = await storage.getPhoneFacts({ sellerId: SELLER, phone: PHONE, interactionsSince: at(1) });
    expectRecords(later.interactions, pick(2, 8, 10), "interactions 1 ms later");
    const other = await storage.getPhoneFacts({ sellerId: OTHER_SELLER, phone: PHONE, interactionsSince: since });
    expectRecords(other.interactions, pick(4), "the other seller's interactions");
    const unknown = await storage.getPhoneFacts({ sellerId: SELLER, phone: "+12025550100", interactionsSince: new Date(0) });
    ensure(unknown.standing.length === 0 && unknown.interactions.length === 0, "a number with no records has facts");
  },

  async "phone-facts-order"({ storage, make }) {
    const base = Date.parse("2026-04-01T12:00:00.000Z");
    // Each record happened earlier than the one appended before it.
    const records = make.records(12, (i) => ({
      kind: i % 3 === 0 ? "interaction" : i % 3 === 1 ? "consent" : "do-not-call",
      at: new Date(base - i * HOUR - i),
    }));
    const stored = await appendChecked(storage, records, "setup");
    const facts = await storage.getPhoneFacts({ sellerId: SELLER, phone: PHONE, interactionsSince: new Date(0) });
    expectRecords(facts.interactions, stored.filter((r) => r.kind === "interaction"), "interactions in seq order");
    expectRecords(facts.standing, stored.filter((r) => r.kind !== "interaction"), "standing facts in seq order");
  },

  async "list-order"({ storage, make }) {
    const stored = await appendChecked(storage, variedRecords(make, 25), "setup");
    const page = await storage.listRecords({ limit: 100 });
    expectRecords(page.records, stored, "listRecords");
    expectRecords((await storage.listRecords({ limit: 100, phone: PHONE })).records, expectedList(stored, { phone: PHONE }), "listRecords by phone");
    expectRecords(
      (await storage.listRecords({ limit: 100, sellerId: SELLER, kinds: ["interaction", "consent"] })).records,
      expectedList(stored, { sellerId: SELLER, kinds: ["interaction", "consent"] }),
      "listRecords by seller and kinds",
    );
  },

  async "list-filters"({ storage, make }) {
    const stored = await appendChecked(storage, variedRecords(make, 48), "setup");
    const a = instantsOf(stored, 5);
    const b = instantsOf(stored, 20);
    const [early, late] = a.at < b.at ? [a.at, b.at] : [b.at, a.at];
    const queries: Omit<ListQuery, "limit">[] = [
      {},
      { sellerId: SELLER },
      { sellerId: OTHER_SELLER },
      { sellerId: "nobody" },
      { kinds: ["consent"] },
      { kinds: ["interaction", "do-not-call", "registry-snapshot"] },
      { kinds: [] },
      { phone: PHONE },
      { phone: THIRD_PHONE },
      { phone: "+12025550100" },
      { from: a.at },
      { to: a.at },
      { from: early, to: late },
      { from: late, to: early },
      { recordedFrom: b.recordedAt },
      { recordedBefore: b.recordedAt },
      { recordedFrom: a.recordedAt, recordedBefore: b.recordedAt },
      { afterSeq: 20 },
      { afterSeq: 48 },
      { sellerId: SELLER, kinds: ["interaction", "consent"], phone: PHONE, from: early, to: new Date(late.getTime() + DAY) },
      { sellerId: SELLER, phone: OTHER_PHONE, recordedFrom: a.recordedAt, afterSeq: 9 },
    ];
    for (const q of queries) {
      const want = expectedList(stored, q);
      const got = await readAll(storage, q, 10_000, describeQuery(q));
      expectRecords(got, want, describeQuery(q));
    }
  },

  async "list-pagination"({ storage, make }) {
    const stored = await appendChecked(storage, variedRecords(make, 60), "setup");
    const a = instantsOf(stored, 11);
    const b = instantsOf(stored, 40);
    const [early, late] = a.at < b.at ? [a.at, b.at] : [b.at, a.at];
    const cases: [Omit<ListQuery, "limit">, number][] = [
      [{}, 7],
      [{}, 60],
      [{}, 59],
      [{ kinds: ["interaction", "consent"], phone: PHONE }, 3],
      [{ sellerId: SELLER, kinds: ["interaction", "decision", "do-not-call"] }, 2],
      [{ from: early, to: late }, 5],
      [{ recordedFrom: a.recordedAt, recordedBefore: b.recordedAt }, 4],
      [{ sellerId: OTHER_SELLER }, 1],
      [{ phone: OTHER_PHONE, from: early }, 2],
      [{ kinds: ["legal-hold"] }, 3],
    ];
    for (const [q, limit] of cases) {
      const want = expectedList(stored, q);
      const got = await readAll(storage, q, limit, describeQuery(q, limit));
      expectRecords(got, want, `pages of ${describeQuery(q, limit)}`);
      const fromMiddle = await readAll(storage, q, limit, describeQuery(q, limit), 30);
      expectRecords(fromMiddle, expectedList(stored, { ...q, afterSeq: 30 }), `pages after seq 30 of ${describeQuery(q, limit)}`);
    }
  },

  async "list-limit"({ storage, make }) {
    const stored = await appendChecked(storage, make.records(12), "setup");
    const one = await storage.listRecords({ limit: 1 });
    expectRecords(one.records, stored.slice(0, 1), "listRecords(limit=1)");
    ensure(one.nextAfterSeq !== undefined, "a page of 1 out of 12 records must have nextAfterSeq");
    const five = await storage.listRecords({ limit: 5, afterSeq: 5 });
    expectRecords(five.records, stored.slice(5, 10), "listRecords(limit=5, afterSeq=5)");
    const all = await storage.listRecords({ limit: 10_000 });
    expectRecords(all.records, stored, "listRecords(limit=10000)");
    ensure(all.nextAfterSeq === undefined, "the last page must not have nextAfterSeq");
    const tail = await storage.listRecords({ limit: 5, afterSeq: 10 });
    expectRecords(tail.records, stored.slice(10), "listRecords(limit=5, afterSeq=10)");
    ensure(tail.nextAfterSeq === undefined, "the last page (2 of limit 5) must not have nextAfterSeq");
    expectRecords(await readAll(storage, {}, 1, "pages of 1"), stored, "pages of 1");
  },
};
