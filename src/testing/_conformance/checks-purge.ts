/** Checks of purge: exactly the given ids, the checkpoint and its runs, and the chain after it. */
import { ErrorCodes } from "../../errors.js";
import { purgeRuns, recordHash } from "../../records/chain.js";
import type { ChainHead, NewRecord, StorageAdapter, StoredRecord } from "../../storage/types.js";
import { type CheckGroup, appendChecked } from "./context.js";
import { canonicalData, ensure, expectRecord, expectRecords, expectRejection } from "./expect.js";
import { PHONE, SELLER, recordId, variedRecords } from "./fixtures.js";
import { expectVerifiedChain, readAll } from "./store.js";

const UNKNOWN_ID = recordId(Date.parse("2020-01-01T00:00:00.000Z"));

/** Records at the given 1-based seqs of `stored`. */
function atSeqs(stored: readonly StoredRecord[], seqs: readonly number[]): StoredRecord[] {
  return seqs.map((s) => {
    const r = stored.find((x) => x.seq === s);
    if (r === undefined) throw new Error(`the kit expected a record at seq ${s}`);
    return r;
  });
}

/** Checks the checkpoint a purge returned against the request, the head before and what it removed. */
async function expectCheckpoint(
  storage: StorageAdapter,
  returned: StoredRecord | null,
  request: NewRecord,
  headBefore: ChainHead | null,
  removed: readonly StoredRecord[],
  where: string,
): Promise<StoredRecord> {
  ensure(returned !== null, `${where}: purge returned no checkpoint`);
  const problems: string[] = [];
  if (returned.id !== request.id) problems.push(`id is ${returned.id}, expected ${request.id}`);
  if (returned.kind !== request.kind) problems.push(`kind is ${returned.kind}, expected ${request.kind}`);
  if (returned.sellerId !== request.sellerId) problems.push(`sellerId is ${returned.sellerId}`);
  if (returned.phone !== request.phone) problems.push(`phone is ${String(returned.phone)}`);
  if (returned.at?.getTime() !== request.at.getTime()) problems.push("at differs from the request");
  if (returned.recordedAt?.getTime() !== request.recordedAt.getTime()) problems.push("recordedAt differs from the request");
  if (returned.schemaVersion !== request.schemaVersion) problems.push(`schemaVersion is ${returned.schemaVersion}`);
  if (returned.seq !== (headBefore?.seq ?? 0) + 1) problems.push(`seq is ${returned.seq}, expected ${(headBefore?.seq ?? 0) + 1} (after the head)`);
  if (headBefore !== null && returned.prevHash !== headBefore.hash) problems.push("prevHash is not the hash of the head before the purge");
  const data = returned.data as Record<string, unknown>;
  for (const [k, v] of Object.entries(request.data)) {
    if (k !== "runs" && canonicalData(data[k]) !== canonicalData(v)) problems.push(`data.${k} is ${canonicalData(data[k])}, expected ${canonicalData(v)}`);
  }
  const wantRuns = purgeRuns(removed);
  if (canonicalData(data["runs"]) !== canonicalData(wantRuns)) {
    problems.push(`data.runs is ${canonicalData(data["runs"])}, expected ${canonicalData(wantRuns)}`);
  }
  const { hash, ...rest } = returned;
  if (recordHash(rest) !== hash) problems.push("hash is not recordHash of the checkpoint");
  ensure(problems.length === 0, `${where}: the checkpoint ${request.id} is wrong: ${problems.join("; ")}`);
  expectRecord(await storage.getRecord(request.id), returned, `${where} (the stored checkpoint)`);
  return returned;
}

export const purgeChecks: CheckGroup = {
  async "purge-removes-exactly"({ storage, make }) {
    const stored = await appendChecked(storage, variedRecords(make, 14), "setup");
    // Seq 1 and seq 3 stay: an adapter deleting a range (seq 2..14) or the oldest record is caught.
    const doomed = atSeqs(stored, [2, 4, 5, 6, 9, 14]);
    const checkpoint = make.checkpoint();
    const result = await storage.purge({ ids: [...doomed.map((r) => r.id), UNKNOWN_ID, doomed[1]?.id ?? ""], checkpoint });
    ensure(result.removed === doomed.length, `purge of ${doomed.length} stored ids (and an unknown one) reported ${result.removed} removed`);
    for (const r of doomed) ensure((await storage.getRecord(r.id)) === null, `purged record ${r.id} (seq ${r.seq}) is still stored`);
    const doomedIds = new Set(doomed.map((r) => r.id));
    const kept = stored.filter((r) => !doomedIds.has(r.id));
    const after = await readAll(storage, {}, 5, "after the purge");
    expectRecords(after.filter((r) => r.id !== checkpoint.id), kept, "the records a purge keeps");
    ensure(after.length === kept.length + 1, `after the purge ${after.length} records are stored, expected ${kept.length} and the checkpoint`);
    const facts = await storage.getPhoneFacts({ sellerId: SELLER, phone: PHONE, interactionsSince: new Date(0) });
    const stillThere = kept.filter((r) => r.sellerId === SELLER && r.phone === PHONE);
    expectRecords(
      [...facts.standing, ...facts.interactions].sort((x, y) => x.seq - y.seq),
      stillThere.filter((r) => ["consent", "relationship", "do-not-call", "interaction"].includes(r.kind)),
      "phone facts after a purge",
    );
  },

  async "purge-checkpoint"({ storage, make }) {
    const stored = await appendChecked(storage, variedRecords(make, 12), "setup");
    const doomed = atSeqs(stored, [2, 3, 4, 7, 11]);
    const headBefore = await storage.head();
    const request = make.checkpoint({ reason: "retention", cutoff: "2021-01-05T05:00:00.000Z", kinds: ["interaction"], note: "" });
    const result = await storage.purge({ ids: doomed.map((r) => r.id), checkpoint: request });
    const checkpoint = await expectCheckpoint(storage, result.checkpoint, request, headBefore, doomed, "purge of seqs 2-4, 7, 11");
    const head = await storage.head();
    ensure(head?.seq === checkpoint.seq && head.hash === checkpoint.hash, "head() after a purge is not its checkpoint");
  },

  async "purge-empty"({ storage, make }) {
    const stored = await appendChecked(storage, make.records(4), "setup");
    for (const ids of [[], [UNKNOWN_ID]]) {
      const headBefore = await storage.head();
      const request = make.checkpoint();
      const result = await storage.purge({ ids, checkpoint: request });
      ensure(result.removed === 0, `a purge of ${ids.length === 0 ? "no ids" : "an unknown id"} reported ${result.removed} removed`);
      if (result.checkpoint === null) {
        const head = await storage.head();
        ensure(head?.seq === headBefore?.seq, "a purge that returned no checkpoint moved the head");
      } else {
        await expectCheckpoint(storage, result.checkpoint, request, headBefore, [], "a purge that removes nothing");
      }
    }
    const after = await readAll(storage, {}, 100, "after purges that removed nothing");
    expectRecords(after.filter((r) => r.kind !== "checkpoint"), stored, "after purges that removed nothing");
    await expectVerifiedChain(storage, "after purges that removed nothing");
  },

  async "purge-keeps-seq"({ storage, make }) {
    const stored = await appendChecked(storage, make.records(5), "setup");
    const newest = stored[4] as StoredRecord;
    const first = await storage.purge({ ids: [newest.id], checkpoint: make.checkpoint() });
    ensure(first.checkpoint?.seq === 6, `the checkpoint after purging seq 5 (the head) took seq ${first.checkpoint?.seq ?? "none"}, expected 6`);
    const next = await appendChecked(storage, [make.record()], "the append after purging the head");
    ensure(next[0]?.seq === 7, `the append after the checkpoint took seq ${next[0]?.seq}, expected 7`);
    const everything = (await readAll(storage, {}, 100, "before purging everything")).filter((r) => r.kind !== "checkpoint");
    const second = await storage.purge({ ids: everything.map((r) => r.id), checkpoint: make.checkpoint() });
    ensure(second.removed === everything.length, `purging every record removed ${second.removed} of ${everything.length}`);
    ensure(second.checkpoint?.seq === 8, `the checkpoint after purging everything took seq ${second.checkpoint?.seq ?? "none"}, expected 8`);
    const last = await appendChecked(storage, [make.record()], "the append after purging everything");
    ensure(last[0]?.seq === 9, `the append after purging everything took seq ${last[0]?.seq}, expected 9`);
    await expectVerifiedChain(storage, "after purging the head and everything");
  },

  async "purge-chain-verifies"({ storage, make }) {
    const stored = await appendChecked(storage, variedRecords(make, 20), "setup");
    await storage.purge({ ids: atSeqs(stored, [1, 2, 3, 7, 10, 11, 20]).map((r) => r.id), checkpoint: make.checkpoint() });
    await expectVerifiedChain(storage, "after the first purge (seqs 1-3, 7, 10-11 and the head)");
    const more = await appendChecked(storage, variedRecords(make, 5), "appends after a purge");
    await storage.purge({
      ids: [...atSeqs(stored, [8, 9, 12, 13, 14, 15]), ...more.slice(1, 3)].map((r) => r.id),
      checkpoint: make.checkpoint({ reason: "retention", second: true }),
    });
    await expectVerifiedChain(storage, "after the second purge (seqs 8-9 next to an earlier run, 12-15, two new ones)");
    await appendChecked(storage, [make.record()], "an append after two purges");
    await expectVerifiedChain(storage, "after two purges and an append");
  },

  async "purge-duplicate-checkpoint-rejected"({ storage, make }) {
    const stored = await appendChecked(storage, make.records(6), "setup");
    const taken = stored[4] as StoredRecord;
    const checkpoint = { ...make.checkpoint(), id: taken.id };
    await expectRejection(
      storage.purge({ ids: atSeqs(stored, [2, 3]).map((r) => r.id), checkpoint }),
      ErrorCodes.DUPLICATE_RECORD,
      "a purge whose checkpoint id is stored",
    );
    expectRecords(await readAll(storage, {}, 100, "after a rejected purge"), stored, "after a rejected purge");
    const head = await storage.head();
    ensure(head?.seq === 6, `a rejected purge moved the head to ${head?.seq ?? "null"}`);
  },
};
