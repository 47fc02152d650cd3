/**
 * Candidate time zones of a consumer: from the number's NPA-NXX (libphonenumber's NANP map), from
 * a ZIP code (the `zipcode-to-timezone` table) and, for Massachusetts coverage, the state of a ZIP
 * (rules.md, "Who is covered" and "Local time"). The tables are generated modules under `_data/`
 * (scripts/generate-zone-tables.ts); this file decodes them once and answers lookups without
 * allocating.
 */
import { AREA_CODE_REGIONS, AREA_CODE_REGION_NAMES } from "./_data/area-code-regions.js";
import { NANP_PREFIXES, NANP_ZONE_SETS } from "./_data/nanp-zones.js";
import { ZIP_PRESENT, ZIP_ZONE_NAMES, ZIP_ZONE_RUNS } from "./_data/zip-zones.js";

/**
 * Every zone US area codes use: the candidates for a number with no known zone (rules.md,
 * "Local time"). Frozen.
 */
export const US_FALLBACK_ZONES: readonly string[] = Object.freeze([
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Phoenix",
  "America/Los_Angeles",
  "America/Anchorage",
  "America/Adak",
  "Pacific/Honolulu",
]);

const canonicalZones = new Map<string, string>();

/**
 * A valid zone with its name spelled as IANA spells it (`america/new_york` → `America/New_York`),
 * or `undefined` for an invalid one. Links are kept as given: ICU would turn the IANA name
 * `America/Indiana/Indianapolis` into its old link `America/Indianapolis`.
 */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!isValidTimeZone(zone)) return undefined;
  let canonical = canonicalZones.get(zone);
  if (canonical === undefined) {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
    canonical = resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
    if (canonicalZones.size < 10_000) canonicalZones.set(zone, canonical);
  }
  return canonical;
}

// ---------------------------------------------------------------------------------------------
// Number -> zones

/** Interned zone sets: `ZONE_SETS[i + 1]` is `NANP_ZONE_SETS[i]`; index 0 means no zone known. */
const ZONE_SETS: ReadonlyArray<readonly string[] | undefined> = [
  undefined,
  ...NANP_ZONE_SETS.map((set) => Object.freeze(set.split("&"))),
];

/** Set id (index into ZONE_SETS) of each NPA's own line, 0 when it has none. */
const npaSet = new Uint16Array(1000);
/** For an NPA with longer (NPA + 1-3 NXX digits) lines, the offset of its 1000-entry NXX table. */
const npaSub = new Int32Array(1000).fill(-1);
/** Per-NXX set ids of the NPAs with longer lines, longest prefix already applied. */
const nxxSets: Uint16Array = decodeNanp();

function decodeNanp(): Uint16Array {
  const text = NANP_PREFIXES.join("");
  const byLength: Array<Array<[digits: string, set: number]>> = [[], [], [], []];
  let i = 0;
  while (i < text.length) {
    const start = i;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
    const digits = text.slice(start, i);
    const read = readVarint(text, i);
    i = read.next;
    const bucket = byLength[digits.length - 3];
    if (bucket === undefined) throw new Error(`zone table: bad prefix ${digits}`);
    bucket.push([digits, read.value + 1]);
  }
  for (const [digits, set] of byLength[0] ?? []) npaSet[Number(digits)] = set;
  let tables = 0;
  for (let k = 1; k <= 3; k++) {
    for (const [digits] of byLength[k] ?? []) {
      const npa = Number(digits.slice(0, 3));
      if (npaSub[npa] === -1) npaSub[npa] = 1000 * tables++;
    }
  }
  const out = new Uint16Array(1000 * tables);
  for (let npa = 0; npa < 1000; npa++) {
    const base = npaSub[npa] as number;
    if (base >= 0) out.fill(npaSet[npa] as number, base, base + 1000);
  }
  // Shorter prefixes first, so that each longer one overwrites its range: longest prefix wins.
  for (let k = 1; k <= 3; k++) {
    const width = 10 ** (3 - k);
    for (const [digits, set] of byLength[k] ?? []) {
      const base = npaSub[Number(digits.slice(0, 3))] as number;
      const from = Number(digits.slice(3)) * width;
      out.fill(set, base + from, base + from + width);
    }
  }
  return out;
}

/**
 * The candidate zones of a NANP number, by the longest matching prefix of libphonenumber's map
 * (`1` + NPA + NXX...). The country-level `1|` line is never used: a number that only it matches
 * gets `undefined` (unknown; the caller falls back to {@link US_FALLBACK_ZONES}).
 *
 * `national` is the 10-digit national number (`6175550100`); the E.164 form (`+16175550100`) is
 * accepted too. Anything else gives `undefined`. The result is a frozen, interned array (the same
 * instance for the same zone set) sorted alphabetically; do not copy it per call.
 *
 * Canadian and Caribbean +1 numbers get their own zones (e.g. 416 -> America/Toronto): deciding
 * whether a number is a US one is the phone module's job.
 */
export function zonesForNumber(national: string): readonly string[] | undefined {
  let at: number;
  if (national.length === 10) at = 0;
  else if (national.length === 12 && national.charCodeAt(0) === 43 /* + */ && national.charCodeAt(1) === 49 /* 1 */) at = 2;
  else return undefined;
  let npa = 0;
  let nxx = 0;
  for (let i = 0; i < 10; i++) {
    const d = national.charCodeAt(at + i) - 48;
    if (d < 0 || d > 9) return undefined;
    if (i < 3) npa = npa * 10 + d;
    else if (i < 6) nxx = nxx * 10 + d;
  }
  const base = npaSub[npa] as number;
  return ZONE_SETS[base < 0 ? (npaSet[npa] as number) : (nxxSets[base + nxx] as number)];
}

/**
 * {@link zonesForNumber} for a number already split into integers: `npa` (area code, 0-999) and
 * `nxx` (exchange, 0-999). The line number is not needed: the longest prefix in the data is
 * NPA + NXX (the generator refuses longer ones). Out-of-range arguments give `undefined`.
 */
export function zonesForNpaNxx(npa: number, nxx: number): readonly string[] | undefined {
  if (!(npa >= 0 && npa < 1000 && nxx >= 0 && nxx < 1000)) return undefined;
  const base = npaSub[npa | 0] as number;
  return ZONE_SETS[base < 0 ? (npaSet[npa | 0] as number) : (nxxSets[base + (nxx | 0)] as number)];
}

// ---------------------------------------------------------------------------------------------
// Area code -> region

const regionOfNpa: Uint16Array = decodeRegions();

function decodeRegions(): Uint16Array {
  const text = AREA_CODE_REGIONS.join("");
  const out = new Uint16Array(1000);
  let i = 0;
  while (i < text.length) {
    const npa = Number(text.slice(i, i + 3));
    const read = readVarint(text, i + 3);
    out[npa] = read.value + 1;
    i = read.next;
  }
  return out;
}

/**
 * The region libphonenumber's geocoding data names for an area code (`"Massachusetts"`,
 * `"Ontario"`, `"San Antonio, TX"`), or `undefined` when the extract has no area-code line for it
 * (some area codes, e.g. 203 and 310, are only described per exchange there, and US territories and
 * Caribbean area codes are not in it). Accepts `617` or `"617"`.
 */
export function areaCodeRegion(npa: string | number): string | undefined {
  let code: number;
  if (typeof npa === "number") {
    code = npa;
  } else {
    if (npa.length !== 3) return undefined;
    code = 0;
    for (let i = 0; i < 3; i++) {
      const d = npa.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return undefined;
      code = code * 10 + d;
    }
  }
  if (!Number.isInteger(code) || code < 0 || code > 999) return undefined;
  const index = regionOfNpa[code] as number;
  return index === 0 ? undefined : AREA_CODE_REGION_NAMES[index - 1];
}

// ---------------------------------------------------------------------------------------------
// ZIP code -> zone, state

/** Zone id + 1 of every five-digit ZIP (0: not in the table); decoded on first use. */
let zipZoneIds: Uint8Array | undefined;

function zipTable(): Uint8Array {
  if (zipZoneIds !== undefined) return zipZoneIds;
  const present = decodeBase64(ZIP_PRESENT.join(""));
  const runs = ZIP_ZONE_RUNS.join("");
  const out = new Uint8Array(100_000);
  let pos = 0;
  let zone = 0;
  let left = 0;
  for (let byte = 0; byte < present.length; byte++) {
    const bits = present[byte] as number;
    if (bits === 0) continue;
    for (let bit = 0; bit < 8; bit++) {
      if ((bits & (1 << bit)) === 0) continue;
      if (left === 0) {
        const z = readVarint(runs, pos);
        const n = readVarint(runs, z.next);
        zone = z.value;
        left = n.value;
        pos = n.next;
      }
      out[byte * 8 + bit] = zone + 1;
      left--;
    }
  }
  zipZoneIds = out;
  return out;
}

/** The five-digit ZIP of `12345` or `12345-6789` as an integer, else -1. */
function zipNumber(zip: string): number {
  if (zip.length !== 5 && zip.length !== 10) return -1;
  let n = 0;
  for (let i = 0; i < 5; i++) {
    const d = zip.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  if (zip.length === 10) {
    if (zip.charCodeAt(5) !== 45 /* - */) return -1;
    for (let i = 6; i < 10; i++) {
      const d = zip.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return -1;
    }
  }
  return n;
}

/** True when `zip` has the form `12345` or `12345-6789` (anything else is `INVALID_INPUT` in a request). */
export function isPostalCode(zip: string): boolean {
  return zipNumber(zip) >= 0;
}

/**
 * The IANA zone of a US ZIP code (`12345` or `12345-6789`), or `undefined` when the table does not
 * know it or the input is not a ZIP. The table (npm `zipcode-to-timezone`) has no ZIPs of Puerto
 * Rico, the Virgin Islands or the Pacific territories.
 */
export function zoneForPostalCode(zip: string): string | undefined {
  const n = zipNumber(zip);
  if (n < 0) return undefined;
  const id = zipTable()[n] as number;
  return id === 0 ? undefined : ZIP_ZONE_NAMES[id - 1];
}

const ARIZONA_DENVER_PAIR: readonly string[] = Object.freeze(["America/Denver", "America/Phoenix"]);

/**
 * The candidate zones a ZIP gives. The source table names some Arizona ZIPs (859xx, 860xx,
 * 865xx) `America/Shiprock`, i.e. Denver time with DST; that holds on the Navajo Nation but not in
 * the Arizona towns that share those ZIP prefixes, so every Arizona ZIP (850xx–865xx) on Denver time
 * also gets `America/Phoenix` (the stricter reading: the call must fit both).
 */
export function zonesForPostalCode(zip: string): readonly string[] {
  const zone = zoneForPostalCode(zip);
  if (zone === undefined) return [];
  const prefix = (zipNumber(zip) / 100) | 0;
  if (zone === "America/Denver" && prefix >= 850 && prefix <= 865) return ARIZONA_DENVER_PAIR;
  return [zone];
}

/** Whether a ZIP places a consumer in Massachusetts (rules.md, "Who is covered"). */
export type PostalCodeState = "MA" | "non-MA" | "unknown";

/**
 * The Massachusetts question for a ZIP: `"MA"` for 010xx-027xx and 055xx (by prefix, known to the
 * table or not), `"non-MA"` for any other ZIP the ZIP table knows, `"unknown"` for a ZIP it does not
 * know and for input that is not a ZIP (validate with {@link isPostalCode} first).
 */
export function postalCodeState(zip: string): PostalCodeState {
  const n = zipNumber(zip);
  if (n < 0) return "unknown";
  const prefix = (n / 100) | 0;
  if ((prefix >= 10 && prefix <= 27) || prefix === 55) return "MA";
  return zipTable()[n] === 0 ? "unknown" : "non-MA";
}

// ---------------------------------------------------------------------------------------------
// Zone names

/** Every zone {@link zonesForNumber}, {@link zoneForPostalCode} or {@link US_FALLBACK_ZONES} can give, sorted. */
export const KNOWN_ZONES: readonly string[] = Object.freeze(
  [...new Set([...US_FALLBACK_ZONES, ...ZIP_ZONE_NAMES, ...NANP_ZONE_SETS.flatMap((s) => s.split("&"))])].sort(),
);

const validZones = new Map<string, boolean>();

/**
 * True when `zone` is an IANA time zone name that `Intl.DateTimeFormat` accepts (`America/Chicago`,
 * `UTC`); offset strings such as `+05:00` are refused. Results are cached.
 */
export function isValidTimeZone(zone: string): boolean {
  const cached = validZones.get(zone);
  if (cached !== undefined) return cached;
  let valid = /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone);
  if (valid) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
    } catch {
      valid = false;
    }
  }
  if (validZones.size < 10_000) validZones.set(zone, valid);
  return valid;
}

// ---------------------------------------------------------------------------------------------
// Decoding helpers (encodings: scripts/generate-zone-tables.ts)

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A base-26 varint: digits `a`-`z` continue, a final `A`-`Z` ends it. */
function readVarint(text: string, at: number): { value: number; next: number } {
  let value = 0;
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      value = value * 26 + (c - 97);
    } else if (c >= 65 && c <= 90) {
      return { value: value * 26 + (c - 65), next: i + 1 };
    } else {
      break;
    }
  }
  throw new Error(`zone table: bad varint at ${at}`);
}

function decodeBase64(text: string): Uint8Array {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = text.charCodeAt(i + k);
      n = (n << 6) | (c === 61 /* = */ ? 0 : Math.max(0, values[c] ?? 0));
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
