import { describe, expect, it } from "vitest";
import { createCallgate, createRegistry } from "../../src/index.js";
import { memoryStorage } from "../../src/adapters/memory.js";
import { fixedClock } from "../../src/testing/clocks.js";
import { scanRecords } from "../../src/records/scan.js";

describe("registry-snapshot records", () => {
  it("records each snapshot once per store, whichever gate (process) uses it first", async () => {
    const storage = memoryStorage();
    const national = createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: ["+16175550123"] });
    const ma = createRegistry({ source: "massachusetts", edition: "2026-10-01", numbers: [] });
    const open = () =>
      createCallgate({ seller: { id: "acme", name: "Acme", callerId: "+16175550100" }, storage, registries: [national, ma], clock: fixedClock("2026-11-30T15:00:00Z") });
    await open().canCall({ phone: "6175550123" });
    await open().canCall({ phone: "6175550124" });
    const second = open();
    await second.addRegistry(createRegistry({ source: "national", obtainedAt: "2026-11-29T12:00:00Z", numbers: [] }));
    await second.canCall({ phone: "6175550125" });
    const snaps = [];
    for await (const r of scanRecords(storage, { kinds: ["registry-snapshot"] })) snaps.push(r);
    expect(snaps.map((r) => r.data.registryId)).toEqual([national.meta.id, ma.meta.id, expect.stringMatching(/^national-2026-11-29-/)]);
    expect(snaps[0]?.data).toMatchObject({ source: "national", edition: "2026-11-20", count: 1, sha256: national.meta.sha256 });
  });
});

describe("an MA edition given on a day other than its quarter's first", () => {
  it("stands for its quarter: current within it, stale in the next", async () => {
    const registries = [
      createRegistry({ source: "national", obtainedAt: "2026-12-30T12:00:00Z", numbers: [] }),
      createRegistry({ source: "massachusetts", edition: "2026-11-20", numbers: ["+15085550199"] }),
    ];
    const gate = createCallgate({ seller: { id: "acme", name: "Acme", callerId: "+16175550100" }, registries, clock: fixedClock("2026-12-31T15:00:00Z") });
    const q4 = await gate.canCall({ phone: "5085550199", at: "2026-12-31T10:00:00" });
    expect(q4.reasons.map((r) => r.rule)).toEqual(["ma.state-dnc"]);
    const q1 = await gate.canCall({ phone: "5085550198", at: "2027-01-04T10:00:00" });
    expect(q1.reasons.map((r) => r.rule)).toEqual(["ma.registry-current"]);
  });
});
