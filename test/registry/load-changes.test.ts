import { describe, expect, it } from "vitest";
import { CallgateError } from "../../src/errors.js";
import { createRegistry, loadRegistry, type Registry } from "../../src/registry/index.js";

const base = createRegistry({
  source: "national",
  obtainedAt: "2026-11-20T12:00:00Z",
  areaCodes: ["617", "508"],
  numbers: ["6175550101", "6175550102", "6175550103", "5085550104"],
});
const next = { source: "national", obtainedAt: "2026-11-21T12:00:00Z", changes: true, base } as const;

async function failure(promise: Promise<unknown>): Promise<CallgateError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CallgateError);
  return error as CallgateError;
}

describe("loadRegistry: change lists", () => {
  it("adds and deletes into a new registry and leaves the base alone", async () => {
    const text = "6175550104,A\n6175550101,D\n508-555-0105,A\n5085550104,D\n";
    const applied = await loadRegistry(Buffer.from(text), next);
    expect([...applied.numbers()]).toEqual(["5085550105", "6175550102", "6175550103", "6175550104"]);
    expect(applied.meta.kind).toBe("changes-applied");
    expect(applied.meta.baseId).toBe(base.meta.id);
    expect(applied.meta.id).not.toBe(base.meta.id);
    expect(applied.meta.edition).toBe("2026-11-21");
    expect(applied.meta.obtainedAt.toISOString()).toBe("2026-11-21T12:00:00.000Z");
    expect(applied.meta.areaCodes).toEqual(["508", "617"]);
    expect(applied.meta.count).toBe(4);
    expect(applied.meta.badLines).toBe(0);
    expect([...base.numbers()]).toEqual(["5085550104", "6175550101", "6175550102", "6175550103"]);
    expect(base.has("6175550101")).toBe(true);
  });

  it("reads every marker in either column order", async () => {
    const adds = ["6175550111,A", "6175550112,add", "+,6175550113", "ADD 617-555-0114", "617,5550115,a", "a\t6175550116", '"6175550117","A"'];
    const deletes = ["6175550101,D", "delete,6175550102", "6175550103 -", "D,6175550111"];
    const applied = await loadRegistry(Buffer.from(["Number,Change", ...adds, ...deletes].join("\r\n")), { ...next, badLineThreshold: 0 });
    expect([...applied.numbers()]).toEqual(["5085550104", "6175550112", "6175550113", "6175550114", "6175550115", "6175550116", "6175550117"]);
  });

  it("applies operations in file order: the last word on a number wins", async () => {
    const applied = await loadRegistry(Buffer.from("6175550101,D\n6175550101,A\n6175550120,A\n6175550120,D\n"), next);
    expect(applied.has("6175550101")).toBe(true);
    expect(applied.has("6175550120")).toBe(false);
  });

  it("fails closed on an unreadable marker: the number is listed and the line counted", async () => {
    const text = "6175550101,X\n6175550130,?\n6175550131\n6175550101,D\n";
    const applied = await loadRegistry(Buffer.from(text), { ...next, badLineThreshold: 1 });
    expect(applied.has("6175550130")).toBe(true);
    expect(applied.has("6175550131")).toBe(true);
    // The unreadable line outweighs a later readable deletion of the same number.
    expect(applied.has("6175550101")).toBe(true);
    expect(applied.meta.badLines).toBe(3);
    expect(applied.report.badLines.map((b) => [b.line, b.reason])).toEqual([
      [1, "the add/delete marker cannot be read"],
      [2, "the add/delete marker cannot be read"],
      [3, "the add/delete marker cannot be read"],
    ]);
    const refused = await failure(loadRegistry(Buffer.from(text), next));
    expect(refused.code).toBe("REGISTRY_LOAD_FAILED");
  });

  it("refuses numbers outside the base's area codes", async () => {
    const applied = await loadRegistry(Buffer.from("2125550100,A\n6175550140,A\n"), { ...next, badLineThreshold: 1 });
    expect(applied.has("2125550100")).toBe(false);
    expect(applied.has("6175550140")).toBe(true);
    expect(applied.report.badLines[0]?.reason).toContain("not covered");
  });

  it("allows an empty change list", async () => {
    const applied = await loadRegistry(Buffer.from(""), next);
    expect([...applied.numbers()]).toEqual([...base.numbers()]);
    expect(applied.meta.kind).toBe("changes-applied");
  });

  it("builds on a base that was itself changed, and on a large (bitmap) base", async () => {
    const first = await loadRegistry(Buffer.from("6175550150,A\n"), next);
    const second = await loadRegistry(Buffer.from("6175550150,D\n6175550151,A\n"), { ...next, obtainedAt: "2026-11-22T12:00:00Z", base: first });
    expect(second.meta.baseId).toBe(first.meta.id);
    expect(second.has("6175550150")).toBe(false);
    expect(second.has("6175550151")).toBe(true);

    const many = Array.from({ length: 70_000 }, (_, i) => String(6172000000 + i * 7));
    const big = createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: many });
    const changed = await loadRegistry(Buffer.from(`${many[0]},D\n6179999999,A\n`), { ...next, base: big as Registry });
    expect(changed.meta.count).toBe(70_000);
    expect(changed.has(many[0]!)).toBe(false);
    expect(changed.has(many[1]!)).toBe(true);
    expect(changed.has("6179999999")).toBe(true);
    expect(big.has(many[0]!)).toBe(true);
  });

  it("validates the options", async () => {
    const text = Buffer.from("6175550101,A\n");
    expect((await failure(loadRegistry(text, { source: "national", edition: "2026-11-21", changes: true }))).code).toBe("INVALID_INPUT");
    expect((await failure(loadRegistry(text, { source: "national", edition: "2026-11-21", base }))).code).toBe("INVALID_INPUT");
    expect((await failure(loadRegistry(text, { ...next, source: "massachusetts", edition: "2026-10-01", obtainedAt: "2026-11-21T12:00:00Z" }))).message).toContain("source");
    expect((await failure(loadRegistry(text, { ...next, obtainedAt: "2026-11-19T12:00:00Z" }))).message).toContain("older");
    expect((await failure(loadRegistry(text, { ...next, areaCodes: ["617"] }))).message).toContain("areaCodes");
    expect((await failure(loadRegistry(text, { ...next, badLineThreshold: 2 }))).message).toContain("badLineThreshold");
  });
});
