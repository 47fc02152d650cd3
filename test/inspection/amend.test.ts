/**
 * Corrections (rules.md, Records: "a correction is a new record that points at the one it
 * corrects"): amendInteraction appends, reads show the corrected view and the history, the
 * original is untouched and the chain still verifies.
 */
import { describe, expect, it } from "vitest";
import { recordHash } from "../../src/index.js";
import { NYC, call, inspectionGate, issuePaths, rejection, stored } from "./_support.js";

describe("amendInteraction", () => {
  it("appends an amendment; the corrected view applies the amendments in seq order; the original is untouched", async () => {
    const { gate, storage, clock } = inspectionGate();
    const rec = await gate.recordInteraction(
      call({ disposition: "answered", durationSeconds: 40, campaignId: "fall", notes: "typo", timing: { answeredBy: "live", agentConnectSeconds: 3.5, ringSeconds: 8 } }),
    );
    const before = await stored(storage);

    clock.advance({ minutes: 5 });
    const v1 = await gate.amendInteraction(rec.id, { disposition: "sale", timing: { agentConnectSeconds: 1.2 } }, "dialer log shows a connect at 1.2 s");
    clock.advance({ minutes: 5 });
    const v2 = await gate.amendInteraction(rec.id, { disposition: "callback", notes: null }, "the sale was cancelled on the call");

    expect(v1.current.disposition).toBe("sale");
    // timing merges member by member: the other marks stay.
    expect(v1.current.timing).toEqual({ answeredBy: "live", agentConnectSeconds: 1.2, ringSeconds: 8 });
    expect(v2.current.disposition).toBe("callback");
    expect(v2.current).not.toHaveProperty("notes");
    expect(v2.current.durationSeconds).toBe(40);

    const view = await gate.getInteraction(rec.id);
    expect(view.current).toEqual(v2.current);
    expect(view.history.map((h) => h.reason)).toEqual(["dialer log shows a connect at 1.2 s", "the sale was cancelled on the call"]);
    expect(view.history[0]?.changes).toEqual({ disposition: "sale", timing: { answeredBy: "live", agentConnectSeconds: 1.2, ringSeconds: 8 } });
    expect(view.history[0]?.previous).toEqual({ disposition: "answered", timing: { answeredBy: "live", agentConnectSeconds: 3.5, ringSeconds: 8 } });
    expect(view.history[1]?.changes).toEqual({ disposition: "callback", notes: null });
    expect(view.history[1]?.previous).toEqual({ disposition: "sale", notes: "typo" });
    expect(view.history[0]?.recordedAt.toISOString()).toBe("2026-11-30T15:05:00.000Z");

    // Nothing overwritten: the original record reads back exactly as stored, and its hash verifies.
    const orig = await storage.getRecord(rec.id);
    expect(orig).toEqual(before.find((r) => r.id === rec.id));
    expect(view.original.data.disposition).toBe("answered");
    const { hash, ...rest } = view.original;
    expect(recordHash(rest)).toBe(hash);

    const after = await stored(storage);
    const amendments = after.filter((r) => r.kind === "amendment");
    expect(amendments).toHaveLength(2);
    expect(amendments.map((a) => a.data.targetId)).toEqual([rec.id, rec.id]);
    expect(amendments[0]?.data.campaignId).toBe("fall");
    expect(after.slice(0, before.length)).toEqual(before);
    expect((await gate.verify()).ok).toBe(true);
  });

  it("validates the corrected interaction as a whole and stores nothing when it is invalid", async () => {
    const { gate, storage } = inspectionGate();
    const rec = await gate.recordInteraction(call());
    const count = (await stored(storage)).length;
    const bad = await rejection(() => gate.amendInteraction(rec.id, { disposition: "teleported" as "sale", durationSeconds: -3 }, "fix"));
    expect(bad.code).toBe("INVALID_INPUT");
    expect(issuePaths(bad).sort()).toEqual(["disposition", "durationSeconds"]);
    const unknown = await rejection(() => gate.amendInteraction(rec.id, { mood: "happy" } as never, "fix"));
    expect(unknown.code).toBe("INVALID_INPUT");
    const fixed = await rejection(() => gate.amendInteraction(rec.id, { phone: "+12125550199", startedAt: "2026-11-17" } as never, "fix"));
    expect(issuePaths(fixed).sort()).toEqual(["changes.phone", "changes.startedAt"]);
    const noReason = await rejection(() => gate.amendInteraction(rec.id, { disposition: "sale" }, "  "));
    expect(issuePaths(noReason)).toEqual(["reason"]);
    const nothing = await rejection(() => gate.amendInteraction(rec.id, { disposition: "answered" }, "same"));
    expect(issuePaths(nothing)).toEqual(["changes"]);
    const empty = await rejection(() => gate.amendInteraction(rec.id, {}, "nothing"));
    expect(issuePaths(empty)).toEqual(["changes"]);
    expect((await stored(storage)).length).toBe(count);
  });

  it("refuses an unknown id, another seller's record, and a record that is not an interaction", async () => {
    const a = inspectionGate();
    const b = inspectionGate({ storage: a.storage, seller: { id: "other-seller", name: "Other LLC" } });
    const theirs = await b.gate.recordInteraction(call());
    const consent = await a.gate.recordConsent({ action: "grant", phone: NYC, form: "verbal" });
    expect((await rejection(() => a.gate.amendInteraction("int_nope", { disposition: "sale" }, "x"))).code).toBe("NOT_FOUND");
    expect((await rejection(() => a.gate.amendInteraction(theirs.id, { disposition: "sale" }, "x"))).code).toBe("NOT_FOUND");
    expect((await rejection(() => a.gate.getInteraction(theirs.id))).code).toBe("NOT_FOUND");
    const notCall = await rejection(() => a.gate.amendInteraction(consent.id, { disposition: "sale" }, "x"));
    expect(notCall.code).toBe("INVALID_INPUT");
  });

  it("a correction to a do-not-call request enters the number on the company list at once; none lifts it", async () => {
    const { gate } = inspectionGate();
    const rec = await gate.recordInteraction(call({ phone: NYC, disposition: "answered", startedAt: "2026-11-27T15:00:00Z" }));
    expect((await gate.canCall({ phone: NYC })).allowed).toBe(true);
    await gate.amendInteraction(rec.id, { disposition: "do-not-call" }, "the consumer asked not to be called; agent missed it");
    const denied = await gate.canCall({ phone: NYC });
    expect(denied.reasons.map((r) => r.code)).toContain("COMPANY_DNC");
    const dnc = (await gate.queryRecords({ kinds: ["do-not-call"], phone: NYC })).records;
    expect(dnc).toHaveLength(1);
    expect(dnc[0]?.record.data).toMatchObject({ source: "amendment", interactionId: rec.id });
    await gate.amendInteraction(rec.id, { disposition: "answered" }, "changed back");
    expect((await gate.canCall({ phone: NYC })).allowed).toBe(false);
    expect((await gate.verify()).ok).toBe(true);
  });
});
