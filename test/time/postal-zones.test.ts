import { describe, expect, it } from "vitest";
import { zoneForPostalCode, zonesForPostalCode } from "../../src/time/zones.js";

describe("zonesForPostalCode", () => {
  it("gives an Arizona ZIP that the table puts on Denver time Phoenix as well", () => {
    const shiprock = ["85901", "86025", "86515"].find((z) => zoneForPostalCode(z) === "America/Denver");
    expect(shiprock).toBeDefined();
    expect(zonesForPostalCode(shiprock as string)).toEqual(["America/Denver", "America/Phoenix"]);
  });
  it("gives other ZIPs their one zone, and an unknown ZIP none", () => {
    expect(zonesForPostalCode("85001")).toEqual(["America/Phoenix"]);
    expect(zonesForPostalCode("80202")).toEqual(["America/Denver"]);
    expect(zonesForPostalCode("02139")).toEqual(["America/New_York"]);
    expect(zonesForPostalCode("00000")).toEqual([]);
  });
});
