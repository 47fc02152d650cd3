import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRegistry } from "../../src/registry/index.js";
import { BITMAP_WORDS, SPARSE_LIMIT } from "../../src/registry/membership.js";
import { MembershipBuilder } from "../../src/registry/membership-builder.js";
import { membershipOf } from "../../src/registry/registry-object.js";

describe("membership", () => {
  it("stores a small area code as a sorted array, a dense one as a 1.25 MB bitmap", () => {
    const builder = new MembershipBuilder();
    for (let i = 0; i < 10; i++) builder.add(617, 5_550_100 + i);
    for (let i = 0; i <= SPARSE_LIMIT; i++) builder.add(508, 2_000_000 + i * 100);
    const membership = builder.build();
    const areas = membership.areas();
    expect(areas.map((a) => [a.npa, a.encoding, a.count])).toEqual([
      [508, "bitmap", SPARSE_LIMIT + 1],
      [617, "sparse", 10],
    ]);
    expect(membership.byteLength()).toBe(BITMAP_WORDS * 4 + 10 * 4);
    expect(BITMAP_WORDS * 4).toBeLessThanOrEqual(1.3e6);
    expect(membership.has(508, 2_000_000 + SPARSE_LIMIT * 100)).toBe(true);
    expect(membership.has(508, 2_000_001)).toBe(false);
    expect(membership.has(617, 5_550_109)).toBe(true);
    expect(membership.has(617, 5_550_110)).toBe(false);
    expect(membership.has(212, 5_550_100)).toBe(false);
  });

  it("never allocates a bitmap for a small registry", () => {
    const numbers = Array.from({ length: 500 }, (_, i) => `${200 + i}5550123`);
    const registry = createRegistry({ source: "national", edition: "2026-11-20", numbers });
    const membership = membershipOf(registry)!;
    expect(membership.byteLength()).toBe(500 * 4);
    expect(membership.areas().every((a) => a.encoding === "sparse")).toBe(true);
  });

  it("depends on the set only, not on the order or duplicates of the input", () => {
    const lines = Array.from({ length: SPARSE_LIMIT + 10 }, (_, i) => 2_000_000 + i * 37);
    const forward = new MembershipBuilder();
    const backward = new MembershipBuilder();
    for (const line of lines) forward.add(212, line);
    for (const line of [...lines].reverse()) backward.add(212, line), backward.add(212, line);
    const a = forward.build();
    const b = backward.build();
    expect(a.count).toBe(lines.length);
    expect(b.count).toBe(lines.length);
    expect([...a.values()]).toEqual([...b.values()]);
    expect(a.areas()[0]?.encoding).toBe("bitmap");
  });

  it("turns a bitmap that shrank back into an array, and drops an emptied area code", () => {
    const builder = new MembershipBuilder();
    for (let i = 0; i <= SPARSE_LIMIT; i++) builder.add(212, 2_000_000 + i);
    builder.delete(212, 2_000_000);
    builder.add(617, 5_550_123);
    builder.delete(617, 5_550_123);
    const membership = builder.build();
    expect(membership.areas().map((a) => [a.npa, a.encoding, a.count])).toEqual([[212, "sparse", SPARSE_LIMIT]]);
    expect(membership.has(212, 2_000_000)).toBe(false);
    expect(membership.has(212, 2_000_001)).toBe(true);
  });

  it("agrees with a Set under random adds and deletes (property)", () => {
    const op = fc.record({
      add: fc.boolean(),
      npa: fc.constantFrom(212, 617),
      line: fc.integer({ min: 2_000_000, max: 2_000_400 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.integer({ min: 0, max: 399 }), (ops, split) => {
        const builder = new MembershipBuilder();
        const set = new Set<number>();
        ops.forEach((o, i) => {
          const key = o.npa * 1e7 + o.line;
          if (o.add || i < split) {
            builder.add(o.npa, o.line);
            set.add(key);
          } else {
            builder.delete(o.npa, o.line);
            set.delete(key);
          }
        });
        const membership = builder.build();
        expect([...membership.values()]).toEqual([...set].sort((x, y) => x - y));
        expect(membership.count).toBe(set.size);
      }),
    );
  });

  it("lists a dense area code's numbers in ascending order", () => {
    const lines = Array.from({ length: SPARSE_LIMIT + 1 }, (_, i) => 9_999_999 - i * 97);
    const builder = new MembershipBuilder();
    for (const line of lines) builder.add(999, line);
    const values = [...builder.build().values()];
    expect(values).toEqual(lines.map((l) => 999 * 1e7 + l).sort((x, y) => x - y));
  });
});
