import { describe, expect, it } from "vitest";
import { createCallgate } from "../../src/index.js";
import { memoryStorage } from "../../src/adapters/memory.js";
import type { StorageAdapter } from "../../src/storage/types.js";
import { fixedClock } from "../../src/testing/clocks.js";

describe("gate.verify", () => {
  it("finds records removed from the end of the log, which the chain alone cannot show", async () => {
    const inner = memoryStorage();
    let hideAfter = Number.POSITIVE_INFINITY;
    // A store whose listing loses its newest records while its head still names them.
    const storage: StorageAdapter = {
      ...inner,
      append: (r) => inner.append(r),
      getPhoneFacts: (q) => inner.getPhoneFacts(q),
      getRecord: (id) => inner.getRecord(id),
      head: () => inner.head(),
      purge: (r) => inner.purge(r),
      async listRecords(q) {
        const page = await inner.listRecords(q);
        const records = page.records.filter((r) => r.seq <= hideAfter);
        return records.length === page.records.length ? page : { records };
      },
    };
    const gate = createCallgate({ seller: { id: "s", name: "S", callerId: "+16175550100" }, storage, clock: fixedClock("2026-11-30T15:00:00Z") });
    for (let i = 0; i < 5; i++) await gate.recordInteraction({ phone: "6175550123", startedAt: "2026-11-30T10:00:00", durationSeconds: 5, disposition: "no-answer" });
    expect((await gate.verify()).ok).toBe(true);
    hideAfter = 3;
    const broken = await gate.verify();
    expect(broken.ok).toBe(false);
    expect(broken.firstBreak?.problem).toBe("missing-records");
    expect(broken.firstBreak?.message).toMatch(/ends at seq 3 but its head is seq 5/);
  });
});
