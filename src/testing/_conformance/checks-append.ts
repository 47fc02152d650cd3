/** Checks of append, duplicates, round trips, getRecord and head. */
import { ErrorCodes } from "../../errors.js";
import { sealBatch } from "../../records/chain.js";
import type { NewRecord, StoredRecord } from "../../storage/types.js";
import { type CheckGroup, appendChecked, expectStored } from "./context.js";
import { canonicalData, ensure, expectRecord, expectRecords, expectRejection } from "./expect.js";
import { OTHER_SELLER, PHONE, variedRecords } from "./fixtures.js";
import { expectVerifiedChain, readAll } from "./store.js";

const DUPLICATE = ErrorCodes.DUPLICATE_RECORD;

/** Everything the contract's JSON `data` may hold that a store could get wrong. */
function trickyData(): Record<string, unknown> {
  return {
    name: "Zoë Ñúñez-O'Brien 李小龙 Δ",
    emoji: "📞🙅‍♀️👍🏽🇺🇸",
    escapes: 'she said "stop"\n\ttab \\ backslash / slash',
    control: "\u0000\u0001\u001f\u007f\u2028\u2029",
    zero: 0,
    negative: -17,
    fraction: 0.1,
    third: 1 / 3,
    tiny: 5e-324,
    exponent: 1.5e-7,
    largeInteger: 2 ** 53 - 1,
    largeNegative: -(2 ** 53 - 1),
    huge: 1e21,
    max: Number.MAX_VALUE,
    yes: true,
    no: false,
    nothing: null,
    emptyString: "",
    emptyArray: [],
    emptyObject: {},
    nested: { list: [1, "two", { three: [3, null, { four: [] }] }, [[[]]]], deep: { a: { b: { c: { d: "e" } } } } },
    "key with spaces": 1,
    ключ: "значение",
    "🔑": "🗝️",
    "": "empty key",
    "__proto__x": "not a prototype",
    ordered: { z: 1, a: 2, m: 3, "10": "ten", "9": "nine" },
  };
}

/** Keys whose value is not `undefined` (an `undefined` member is the same as an absent one). */
function presentKeys(value: unknown): string[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).filter(([, v]) => v !== undefined).map(([k]) => k);
}

export const appendChecks: CheckGroup = {
  async "capabilities-declared"({ storage }) {
    const caps: unknown = storage.capabilities;
    if (caps === undefined) return;
    ensure(typeof caps === "object" && caps !== null, "capabilities must be an object when declared");
    const { durable, multiProcess, maxBatchSize } = caps as Record<string, unknown>;
    ensure(durable === undefined || typeof durable === "boolean", `capabilities.durable must be a boolean, got ${String(durable)}`);
    ensure(
      multiProcess === undefined || typeof multiProcess === "boolean",
      `capabilities.multiProcess must be a boolean, got ${String(multiProcess)}`,
    );
    ensure(
      maxBatchSize === undefined || (typeof maxBatchSize === "number" && Number.isSafeInteger(maxBatchSize) && maxBatchSize >= 1),
      `capabilities.maxBatchSize must be a positive integer, got ${String(maxBatchSize)}`,
    );
  },

  async "max-batch-accepted"({ storage, make }) {
    const size = Math.min(storage.capabilities?.maxBatchSize ?? 1000, 10_000);
    const records = make.records(size, (i) => ({ data: { n: i } }));
    const returned = await storage.append(records);
    ensure(returned.length === size, `append of ${size} records returned ${returned.length}`);
    const stored = await readAll(storage, {}, 10_000, "after one large append");
    ensure(stored.length === size, `a batch of ${size} records left ${stored.length} records stored`);
    ensure(
      stored.every((r, i) => r.id === records[i]?.id && r.seq === i + 1),
      "a large batch was not stored in order, at seq 1..n",
    );
    await expectVerifiedChain(storage, "after one large append");
  },

  async "empty-store"({ storage }) {
    ensure((await storage.head()) === null, "head() of an empty store must be null");
    const page = await storage.listRecords({ limit: 10 });
    ensure(page.records.length === 0, `an empty store listed ${page.records.length} records`);
    ensure(page.nextAfterSeq === undefined, "the only page of an empty store must not have nextAfterSeq");
    ensure((await storage.getRecord("rec_01KB0000000000000000000000")) === null, "getRecord of an unknown id must be null");
    const facts = await storage.getPhoneFacts({ sellerId: "acme-solar", phone: PHONE, interactionsSince: new Date(0) });
    ensure(facts.standing.length === 0 && facts.interactions.length === 0, "an empty store returned phone facts");
  },

  async "append-seals-records"({ storage, make }) {
    const records = make.records(5, (i) => ({ kind: i % 2 === 0 ? "interaction" : "decision" }));
    const returned = await storage.append(records);
    const expected = sealBatch(null, records);
    ensure(returned.length === 5, `append of 5 records returned ${returned.length}`);
    ensure(
      returned.every((r, i) => r.seq === i + 1),
      `the first records must take seq 1..5, got ${returned.map((r) => r.seq).join(", ")}`,
    );
    expectRecords(returned, expected, "append's result");
    await expectStored(storage, expected, "after the first append");
  },

  async "append-continues-chain"({ storage, make }) {
    const expected: StoredRecord[] = [];
    for (const size of [1, 3, 1, 1, 4, 1]) {
      expected.push(...(await appendChecked(storage, make.records(size), `append of ${size} after seq ${expected.length}`)));
      const head = await storage.head();
      const last = expected[expected.length - 1] as StoredRecord;
      ensure(head !== null && head.seq === last.seq && head.hash === last.hash, `head() after seq ${last.seq} is ${head?.seq ?? "null"}`);
    }
    await expectStored(storage, expected, "after six appends");
    expectRecords(await readAll(storage, {}, 10_000, "after six appends"), expected, "after six appends");
  },

  async "append-empty-batch"({ storage, make }) {
    const before = await appendChecked(storage, make.records(2), "setup");
    const returned = await storage.append([]);
    ensure(Array.isArray(returned) && returned.length === 0, "append([]) must return []");
    const head = await storage.head();
    ensure(head?.seq === 2, `append([]) moved the head to ${head?.seq ?? "null"}`);
    expectRecords(await readAll(storage, {}, 100, "after append([])"), before, "after append([])");
  },

  async "duplicate-id-rejected"({ storage, make }) {
    const original = await appendChecked(storage, [make.record({ data: { version: "original" } })], "setup");
    const first = original[0] as StoredRecord;
    const again = make.record({ id: first.id, kind: "consent", sellerId: OTHER_SELLER, data: { version: "overwrite" } });
    const error = await expectRejection(storage.append([again]), DUPLICATE, "appending a stored id");
    ensure(error instanceof Error, "the rejection must be an Error");
    expectRecord(await storage.getRecord(first.id), first, "the record after a duplicate append");
    expectRecords(await readAll(storage, {}, 100, "after a duplicate append"), original, "after a duplicate append");
    const head = await storage.head();
    ensure(head?.seq === 1 && head.hash === first.hash, "a rejected duplicate moved the head");
  },

  async "duplicate-in-batch-rejected"({ storage, make }) {
    const stored = await appendChecked(storage, make.records(3), "setup");
    const taken = stored[1] as StoredRecord;
    const fresh1 = make.record();
    const fresh2 = make.record();
    const batch = [fresh1, make.record({ id: taken.id, data: { overwrite: true } }), fresh2];
    await expectRejection(storage.append(batch), DUPLICATE, "a batch with one stored id");
    ensure((await storage.getRecord(fresh1.id)) === null, "the record before the duplicate in the batch was stored");
    ensure((await storage.getRecord(fresh2.id)) === null, "the record after the duplicate in the batch was stored");
    expectRecords(await readAll(storage, {}, 100, "after a rejected batch"), stored, "after a rejected batch");
    const head = await storage.head();
    ensure(head?.seq === 3, `a rejected batch moved the head to ${head?.seq ?? "null"}`);
    // The chain continues where it was: a rejected batch used up no seq.
    await appendChecked(storage, [make.record()], "the append after a rejected batch");
  },

  async "duplicate-within-batch-rejected"({ storage, make }) {
    const stored = await appendChecked(storage, make.records(2), "setup");
    const twice = make.record();
    const batch = [make.record(), twice, { ...twice, data: { second: true } }];
    await expectRejection(storage.append(batch), DUPLICATE, "a batch naming one id twice");
    for (const r of batch) ensure((await storage.getRecord(r.id)) === null, `record ${r.id} of a rejected batch was stored`);
    expectRecords(await readAll(storage, {}, 100, "after a rejected batch"), stored, "after a rejected batch");
  },

  async "round-trip-instants"({ storage, make }) {
    const pairs: [string, string][] = [
      ["2026-03-08T06:59:59.999Z", "2026-03-08T07:00:00.001Z"], // around the start of US daylight time
      ["2026-11-01T05:59:59.500Z", "2026-11-01T06:00:00.007Z"], // around its end
      ["1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00.000Z"], // before the epoch
      ["1901-12-13T20:45:51.001Z", "2038-01-19T03:14:08.001Z"], // past 32-bit seconds
      ["2999-12-31T23:59:59.999Z", "2026-01-05T14:00:00.123Z"], // far ahead
    ];
    const records = pairs.map(([at, recordedAt]) => make.record({ at: new Date(at), recordedAt: new Date(recordedAt) }));
    const expected = await appendChecked(storage, records, "records with sharp instants");
    await expectStored(storage, expected, "records with sharp instants");
    const facts = await storage.getPhoneFacts({ sellerId: records[0]?.sellerId ?? "", phone: PHONE, interactionsSince: new Date("1900-01-01T00:00:00Z") });
    expectRecords(facts.interactions, expected, "getPhoneFacts of records with sharp instants");
  },

  async "round-trip-data"({ storage, make }) {
    const records = [make.record({ data: trickyData() }), make.record({ kind: "consent", data: { evidence: trickyData() } })];
    const expected = await appendChecked(storage, records, "records with tricky data");
    await expectStored(storage, expected, "records with tricky data");
    const facts = await storage.getPhoneFacts({ sellerId: records[0]?.sellerId ?? "", phone: PHONE, interactionsSince: new Date(0) });
    expectRecords([...facts.interactions, ...facts.standing], expected, "getPhoneFacts of records with tricky data");
    const back = (await storage.getRecord(expected[0]?.id ?? ""))?.data as Record<string, unknown> | undefined;
    ensure(back !== undefined, "the record with tricky data is missing");
    ensure(back["fraction"] === 0.1 && back["largeInteger"] === 2 ** 53 - 1, "numbers did not come back as the same numbers");
    ensure(typeof back["nothing"] === "object" && back["nothing"] === null, "a null came back as something else");
  },

  async "round-trip-absent-fields"({ storage, make }) {
    const records = [
      make.record({ data: {} }),
      make.record({ data: { note: "", tags: [], extra: {}, missing: null } }),
      make.record({ kind: "consent", data: { note: undefined, evidence: { signature: undefined, source: "web" } } }),
    ];
    const expected = await appendChecked(storage, records, "records with absent and empty fields");
    await expectStored(storage, expected, "records with absent and empty fields");
    const [none, empty, absent] = await Promise.all(expected.map((r) => storage.getRecord(r.id)));
    ensure(presentKeys(none?.data).length === 0, `data {} came back as ${canonicalData(none?.data)}`);
    const e = (empty?.data ?? {}) as Record<string, unknown>;
    ensure(e["note"] === "", `an empty string came back as ${String(e["note"])}`);
    ensure(Array.isArray(e["tags"]) && e["tags"].length === 0, "an empty array did not come back empty");
    ensure(presentKeys(e["extra"]).length === 0 && typeof e["extra"] === "object" && !Array.isArray(e["extra"]), "an empty object did not come back empty");
    ensure("missing" in e && e["missing"] === null, "a null member came back absent");
    const a = (absent?.data ?? {}) as Record<string, unknown>;
    ensure(a["note"] === undefined, `an absent member came back as ${canonicalData(a["note"])}`);
    const evidence = a["evidence"] as Record<string, unknown> | undefined;
    ensure(evidence?.["signature"] === undefined && evidence?.["source"] === "web", "a nested absent member came back present");
  },

  async "round-trip-null-phone"({ storage, make }) {
    const records = [
      make.record({ kind: "registry-snapshot", phone: null, data: { source: "national" } }),
      make.record({ kind: "scrub-summary", phone: null, data: { leads: 0 } }),
      make.record(),
    ];
    const expected = await appendChecked(storage, records, "records without a phone");
    await expectStored(storage, expected, "records without a phone");
    for (const r of expected.slice(0, 2)) {
      const back = await storage.getRecord(r.id);
      ensure(back?.phone === null, `a null phone came back as ${JSON.stringify(back?.phone)}`);
    }
    const byPhone = await readAll(storage, { phone: PHONE }, 100, "listRecords by phone");
    expectRecords(byPhone, expected.slice(2), "listRecords by phone next to records without one");
  },

  async "records-are-isolated"({ storage, make }) {
    const input: NewRecord = make.record({ data: { offers: ["solar"], consumer: { name: "Ana" } } });
    const expected = sealBatch(await storage.head(), [input]).map((r) => ({ ...r, data: JSON.parse(canonicalData(r.data)) as Record<string, unknown> }));
    const returned = await storage.append([input]);
    // The caller changes what it handed over and what it got back.
    const tamper = (r: { at: Date; recordedAt: Date; data: unknown }): void => {
      try {
        r.at.setTime(0);
        r.recordedAt.setTime(0);
        const data = r.data as { offers: string[]; consumer: { name: string }; injected?: boolean };
        data.offers.push("roofing");
        data.consumer.name = "Eve";
        data.injected = true;
      } catch {
        // A frozen record refusing the change is fine.
      }
    };
    tamper(input);
    for (const r of returned) tamper(r);
    const read = await storage.getRecord(input.id);
    ensure(read !== null, "the appended record is missing");
    tamper(read);
    for (const r of (await storage.listRecords({ limit: 10 })).records) tamper(r);
    for (const r of (await storage.getPhoneFacts({ sellerId: input.sellerId, phone: PHONE, interactionsSince: new Date(0) })).interactions) tamper(r);
    await expectStored(storage, expected, "after the caller changed its objects");
    await expectVerifiedChain(storage, "after the caller changed its objects");
  },

  async "get-record"({ storage, make }) {
    const expected = await appendChecked(storage, variedRecords(make, 16), "setup");
    for (const r of [...expected].reverse()) expectRecord(await storage.getRecord(r.id), r, "getRecord");
    for (const unknown of ["rec_01KB0000000000000000000000", "", (expected[0]?.id ?? "") + "X", (expected[0]?.id ?? "").slice(0, -1)]) {
      ensure((await storage.getRecord(unknown)) === null, `getRecord(${JSON.stringify(unknown)}) of an unknown id must be null`);
    }
  },

  async "head"({ storage, make }) {
    ensure((await storage.head()) === null, "head() of an empty store must be null");
    const expected = await appendChecked(storage, make.records(3), "setup");
    const last = expected[2] as StoredRecord;
    const head = await storage.head();
    ensure(head !== null && head.seq === 3 && head.hash === last.hash, `head() is ${JSON.stringify(head)}, expected seq 3 and ${last.hash}`);
    ensure(typeof head.seq === "number", `head().seq must be a number, got ${typeof head.seq}`);
  },
};
