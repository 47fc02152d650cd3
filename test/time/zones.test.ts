import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { IANAZone } from "luxon";
import { describe, it, expect } from "vitest";
import {
  KNOWN_ZONES,
  US_FALLBACK_ZONES,
  areaCodeRegion,
  isPostalCode,
  isValidTimeZone,
  postalCodeState,
  zoneForPostalCode,
  zonesForNpaNxx,
  zonesForNumber,
} from "../../src/time/zones.js";
import { writeZoneTables } from "../../scripts/generate-zone-tables.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DATA_DIR = path.resolve(REPO_ROOT, "../shared/data");
const TIMEZONES_FILE = path.join(DATA_DIR, "libphonenumber-timezones-nanp.txt");
const HAVE_DATA =
  existsSync(TIMEZONES_FILE) &&
  existsSync(path.join(DATA_DIR, "libphonenumber-geocoding-nanp-areacodes.txt")) &&
  existsSync(path.join(REPO_ROOT, "node_modules/zipcode-to-timezone/zipcodes.json"));
const NO_DATA = "(skipped: ../shared/data or node_modules/zipcode-to-timezone is absent)";

describe("zonesForNumber", () => {
  it("gives the zones of whole area codes", () => {
    expect(zonesForNumber("6175550100")).toEqual(["America/New_York"]);
    expect(zonesForNumber("6025550100")).toEqual(["America/Phoenix"]);
    expect(zonesForNumber("8085550100")).toEqual(["Pacific/Honolulu"]);
    expect(zonesForNumber("9075550100")).toEqual(["America/Adak", "America/Anchorage"]);
    expect(zonesForNumber("3125550100")).toEqual(["America/Chicago"]);
    expect(zonesForNumber("6715550100")).toEqual(["Pacific/Guam"]);
    expect(zonesForNumber("6705550100")).toEqual(["Pacific/Saipan"]);
    expect(zonesForNumber("6845550100")).toEqual(["Pacific/Pago_Pago"]);
    expect(zonesForNumber("7875550100")).toEqual(["America/Puerto_Rico"]);
  });

  it("lets the longest prefix win", () => {
    // 1928|America/Phoenix, 1928283|America/Denver&America/Phoenix (the Navajo Nation keeps DST).
    expect(zonesForNumber("9282831234")).toEqual(["America/Denver", "America/Phoenix"]);
    expect(zonesForNumber("9282841234")).toEqual(["America/Phoenix"]);
    // 12082|America/Boise&America/Los_Angeles, 1208201|America/Denver, 1208215|America/Los_Angeles.
    expect(zonesForNumber("2082001234")).toEqual(["America/Boise", "America/Los_Angeles"]);
    expect(zonesForNumber("2082011234")).toEqual(["America/Denver"]);
    expect(zonesForNumber("2082151234")).toEqual(["America/Los_Angeles"]);
    // 1907|America/Adak&America/Anchorage, 1907209|America/Juneau.
    expect(zonesForNumber("9072091234")).toEqual(["America/Juneau"]);
  });

  it("never uses the country-level 1| line: a number only it matches is unknown", () => {
    expect(zonesForNumber("8005550100")).toBeUndefined(); // toll free: no NPA line
    expect(zonesForNumber("8885550100")).toBeUndefined();
    expect(zonesForNumber("2115550100")).toBeUndefined();
    expect(zonesForNumber("0005550100")).toBeUndefined();
  });

  it("accepts the E.164 form and refuses anything else", () => {
    expect(zonesForNumber("+16175550100")).toBe(zonesForNumber("6175550100"));
    for (const bad of ["", "617555010", "61755501000", "16175550100", "617555010O", "617-555-0100", "+26175550100"]) {
      expect(zonesForNumber(bad)).toBeUndefined();
    }
  });

  it("returns interned, frozen, sorted arrays", () => {
    const a = zonesForNumber("6175550100");
    expect(a).toBe(zonesForNumber("5085550100"));
    expect(a).toBe(zonesForNumber("2125550100"));
    expect(Object.isFrozen(a)).toBe(true);
    expect(zonesForNumber("9282831234")).toBe(zonesForNumber("9286721234"));
    const distinct = new Set<readonly string[]>();
    for (let npa = 0; npa < 1000; npa++) {
      for (let nxx = 0; nxx < 1000; nxx++) {
        const zones = zonesForNpaNxx(npa, nxx);
        if (zones !== undefined) distinct.add(zones);
      }
    }
    const keys = [...distinct].map((zones) => zones.join("&"));
    expect(new Set(keys).size).toBe(keys.length); // one instance per zone set
    for (const zones of distinct) {
      expect(Object.isFrozen(zones)).toBe(true);
      expect([...zones].sort()).toEqual(zones);
    }
  });

  it("agrees with zonesForNpaNxx for every NPA-NXX", () => {
    for (let npa = 0; npa < 1000; npa++) {
      for (let nxx = 0; nxx < 1000; nxx++) {
        const national = `${String(npa).padStart(3, "0")}${String(nxx).padStart(3, "0")}5309`;
        const a = zonesForNumber(national);
        const b = zonesForNpaNxx(npa, nxx);
        if (a !== b) expect({ national, a }).toEqual({ national, a: b });
      }
    }
    expect(zonesForNpaNxx(-1, 0)).toBeUndefined();
    expect(zonesForNpaNxx(617, 1000)).toBeUndefined();
    expect(zonesForNpaNxx(Number.NaN, 555)).toBeUndefined();
  });

  it.skipIf(!HAVE_DATA)(`matches a naive longest-prefix search over the data file ${HAVE_DATA ? "" : NO_DATA}`, async () => {
    const lines = (await readFile(TIMEZONES_FILE, "utf8")).split("\n").filter((l) => /^1\d*\|/.test(l));
    const map = new Map(lines.map((l) => l.split("|") as [string, string]));
    expect(map.has("1")).toBe(true);
    const canonical = (z: string): string => (z === "America/Shiprock" ? "America/Denver" : z);
    for (let npa = 200; npa < 1000; npa++) {
      for (let nxx = 0; nxx < 1000; nxx++) {
        const digits = `1${npa}${String(nxx).padStart(3, "0")}`;
        let expected: string[] | undefined;
        for (let len = 7; len >= 2; len--) {
          const zones = map.get(digits.slice(0, len));
          if (zones !== undefined) {
            expected = [...new Set(zones.split("&").map(canonical))].sort();
            break;
          }
        }
        const got = zonesForNpaNxx(npa, nxx);
        if (expected === undefined ? got !== undefined : got?.join("&") !== expected.join("&")) {
          expect({ digits, got }).toEqual({ digits, got: expected });
        }
      }
    }
  });
});

describe("areaCodeRegion", () => {
  it("names the region of an area code", () => {
    expect(areaCodeRegion(617)).toBe("Massachusetts");
    expect(areaCodeRegion("617")).toBe("Massachusetts");
    expect(areaCodeRegion("416")).toBe("Ontario");
    expect(areaCodeRegion(210)).toBe("San Antonio, TX");
    expect(areaCodeRegion(808)).toBe("Hawaii");
    expect(areaCodeRegion(800)).toBeUndefined();
    expect(areaCodeRegion("61")).toBeUndefined();
    expect(areaCodeRegion("6a7")).toBeUndefined();
    expect(areaCodeRegion(1617)).toBeUndefined();
    expect(areaCodeRegion(617.5)).toBeUndefined();
  });

  it("knows exactly the nine Massachusetts area codes, all in New York's zone", () => {
    const ma: number[] = [];
    for (let npa = 0; npa < 1000; npa++) if (areaCodeRegion(npa) === "Massachusetts") ma.push(npa);
    expect(ma).toEqual([339, 351, 413, 508, 617, 774, 781, 857, 978]);
    for (const npa of ma) expect(zonesForNpaNxx(npa, 555)).toEqual(["America/New_York"]);
  });
});

describe("postal codes", () => {
  it("maps ZIPs to zones", () => {
    expect(zoneForPostalCode("02139")).toBe("America/New_York");
    expect(zoneForPostalCode("02139-4307")).toBe("America/New_York");
    expect(zoneForPostalCode("85001")).toBe("America/Phoenix");
    expect(zoneForPostalCode("96813")).toBe("Pacific/Honolulu");
    expect(zoneForPostalCode("99501")).toBe("America/Anchorage");
    expect(zoneForPostalCode("60601")).toBe("America/Chicago");
    expect(zoneForPostalCode("90210")).toBe("America/Los_Angeles");
    expect(zoneForPostalCode("99999")).toBeUndefined();
    expect(zoneForPostalCode("00000")).toBeUndefined();
  });

  it("canonicalises the table's legacy America/Shiprock to America/Denver", () => {
    expect(zoneForPostalCode("86515")).toBe("America/Denver"); // Window Rock, Navajo Nation
    expect(KNOWN_ZONES).not.toContain("America/Shiprock");
  });

  it("tells Massachusetts ZIPs by prefix, others by the table", () => {
    expect(postalCodeState("02139")).toBe("MA");
    expect(postalCodeState("01001")).toBe("MA");
    expect(postalCodeState("02799")).toBe("MA"); // 027xx, whether the table knows it or not
    expect(postalCodeState("05501")).toBe("MA");
    expect(postalCodeState("05544-0001")).toBe("MA");
    expect(postalCodeState("00999")).toBe("unknown");
    expect(postalCodeState("02860")).toBe("non-MA"); // Pawtucket, RI
    expect(postalCodeState("85001")).toBe("non-MA");
    expect(postalCodeState("96813")).toBe("non-MA");
    expect(postalCodeState("05401")).toBe("non-MA"); // Burlington, VT
    expect(postalCodeState("99999")).toBe("unknown");
    expect(postalCodeState("00601")).toBe("unknown"); // Puerto Rico: not in the table
  });

  it("accepts only 12345 and 12345-6789", () => {
    for (const ok of ["02139", "02139-4307"]) expect(isPostalCode(ok)).toBe(true);
    for (const bad of ["", "2139", "021390", "02139-430", "02139 4307", "0213a", "02139-43O7", " 02139"]) {
      expect(isPostalCode(bad)).toBe(false);
      expect(zoneForPostalCode(bad)).toBeUndefined();
      expect(postalCodeState(bad)).toBe("unknown");
    }
  });
});

describe("zone names", () => {
  it("has the US fallback zones, frozen", () => {
    expect(US_FALLBACK_ZONES).toEqual([
      "America/New_York",
      "America/Chicago",
      "America/Denver",
      "America/Phoenix",
      "America/Los_Angeles",
      "America/Anchorage",
      "America/Adak",
      "Pacific/Honolulu",
    ]);
    expect(Object.isFrozen(US_FALLBACK_ZONES)).toBe(true);
  });

  it("produces only valid zones, all listed in KNOWN_ZONES", () => {
    const produced = new Set<string>(US_FALLBACK_ZONES);
    for (let npa = 0; npa < 1000; npa++) {
      for (let nxx = 0; nxx < 1000; nxx++) for (const z of zonesForNpaNxx(npa, nxx) ?? []) produced.add(z);
    }
    for (let zip = 0; zip < 100_000; zip++) {
      const zone = zoneForPostalCode(String(zip).padStart(5, "0"));
      if (zone !== undefined) produced.add(zone);
    }
    expect([...produced].sort()).toEqual(KNOWN_ZONES);
    for (const zone of KNOWN_ZONES) {
      expect(isValidTimeZone(zone), zone).toBe(true);
      expect(IANAZone.isValidZone(zone), zone).toBe(true);
    }
  });

  it("validates IANA zone names", () => {
    expect(isValidTimeZone("America/New_York")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("America/New_York")).toBe(true); // cached
    for (const bad of ["", "Mars/Olympus_Mons", "EST+5", "+05:00", "-0500", "America/New York", "New_York"]) {
      expect(isValidTimeZone(bad), bad).toBe(false);
    }
  });
});

describe("generated tables", () => {
  it.skipIf(!HAVE_DATA)(`are up to date with ../shared/data and zipcode-to-timezone ${HAVE_DATA ? "" : NO_DATA}`, async () => {
    const out = await mkdtemp(path.join(tmpdir(), "callgate-zones-"));
    try {
      const written = await writeZoneTables({ dataDir: DATA_DIR, outDir: out });
      expect(written.map((f) => path.basename(f)).sort()).toEqual(["area-code-regions.ts", "nanp-zones.ts", "zip-zones.ts"]);
      for (const file of written) {
        const fresh = await readFile(file, "utf8");
        const committed = await readFile(path.join(REPO_ROOT, "src/time/_data", path.basename(file)), "utf8");
        expect(committed, `src/time/_data/${path.basename(file)} is stale: run npm run gen:zones`).toBe(fresh);
        expect(fresh).toMatch(/generated by scripts\/generate-zone-tables\.ts, do not edit/);
        expect(fresh.length).toBeLessThan(200_000);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
