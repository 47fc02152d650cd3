/**
 * Generates the committed zone tables under `src/time/_data/` from
 *
 * - `libphonenumber-timezones-nanp.txt` and `libphonenumber-geocoding-nanp-areacodes.txt`
 *   (../shared/data, extracts of Google libphonenumber, Apache-2.0), and
 * - the ZIP table of the npm package `zipcode-to-timezone` (`zipcodes.json` plus the index-to-zone
 *   map in its `index.js`, MIT).
 *
 * The package never reads ../shared or node_modules/zipcode-to-timezone at run time: it reads the
 * generated modules. Usage:
 *
 *   npm run gen:zones [-- <dataDir>] [--out <dir>] [--zip-package <dir>] [--check]
 *
 * `--check` writes nothing and exits 1 when a committed file differs from what would be generated.
 *
 * Encodings (decoded by src/time/zones.ts):
 * - a "varint" is a non-negative integer in base 26, most significant digit first, every digit but
 *   the last written `a`-`z` and the last one `A`-`Z` (0 = "A", 25 = "Z", 26 = "bA");
 * - long strings are split into chunks of {@link CHUNK} characters, to be joined with "".
 */
import { readFile, writeFile, mkdir } from "node:fs/promises";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_DATA_DIR = path.resolve(REPO_ROOT, "../shared/data");
const DEFAULT_OUT_DIR = path.join(REPO_ROOT, "src/time/_data");
const DEFAULT_ZIP_PACKAGE_DIR = path.join(REPO_ROOT, "node_modules/zipcode-to-timezone");

const TIMEZONES_FILE = "libphonenumber-timezones-nanp.txt";
const GEOCODING_FILE = "libphonenumber-geocoding-nanp-areacodes.txt";
const CHUNK = 96;

/**
 * Legacy IANA names (tzdata `backward` links kept only for compatibility) and their current
 * names. Names of distinct places that tzdata now links elsewhere (America/St_Thomas,
 * Pacific/Saipan, America/Nassau...) are kept: they are what a person in that place would name.
 */
const LEGACY_ZONES: Readonly<Record<string, string>> = {
  "America/Shiprock": "America/Denver",
  Navajo: "America/Denver",
  "America/Atka": "America/Adak",
  "US/Aleutian": "America/Adak",
  "America/Fort_Wayne": "America/Indiana/Indianapolis",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "US/East-Indiana": "America/Indiana/Indianapolis",
  "America/Knox_IN": "America/Indiana/Knox",
  "US/Indiana-Starke": "America/Indiana/Knox",
  "America/Louisville": "America/Kentucky/Louisville",
  "US/Eastern": "America/New_York",
  "US/Central": "America/Chicago",
  "US/Mountain": "America/Denver",
  "US/Pacific": "America/Los_Angeles",
  "US/Arizona": "America/Phoenix",
  "US/Alaska": "America/Anchorage",
  "US/Hawaii": "Pacific/Honolulu",
  "US/Michigan": "America/Detroit",
  "US/Samoa": "Pacific/Pago_Pago",
  "Pacific/Samoa": "Pacific/Pago_Pago",
  "Pacific/Johnston": "Pacific/Honolulu",
  "America/Virgin": "America/St_Thomas",
  "America/Montreal": "America/Toronto",
  "America/Nipigon": "America/Toronto",
  "America/Thunder_Bay": "America/Toronto",
  "America/Rainy_River": "America/Winnipeg",
  "America/Yellowknife": "America/Edmonton",
  "America/Pangnirtung": "America/Iqaluit",
  "Canada/Newfoundland": "America/St_Johns",
  "Canada/Atlantic": "America/Halifax",
  "Canada/Eastern": "America/Toronto",
  "Canada/Central": "America/Winnipeg",
  "Canada/Saskatchewan": "America/Regina",
  "Canada/Mountain": "America/Edmonton",
  "Canada/Pacific": "America/Vancouver",
  "Canada/Yukon": "America/Whitehorse",
  Jamaica: "America/Jamaica",
};

/**
 * Current IANA names that ICU (CLDR) reports under an older alias in `resolvedOptions()`: not
 * legacy on our side, so the Intl divergence check lets them through.
 */
const CLDR_ALIASED = new Set([
  "America/Indiana/Indianapolis",
  "America/Kentucky/Louisville",
  "America/Indiana/Knox",
  "America/Argentina/Buenos_Aires",
  "Asia/Kolkata",
]);

export interface ZoneTableOptions {
  /** Directory holding the two libphonenumber extracts. @default "../shared/data" from the repo root */
  dataDir?: string;
  /** Where the modules are written. @default "src/time/_data" */
  outDir?: string;
  /** Directory of the installed `zipcode-to-timezone` package. @default "node_modules/zipcode-to-timezone" */
  zipPackageDir?: string;
}

/** One generated module: its file name inside the output directory and its text. */
export interface GeneratedFile {
  name: string;
  content: string;
}

interface Provenance {
  file: string;
  repo: string;
  commit: string;
  copyright: string;
}

/** Builds the generated modules in memory (nothing is written). */
export async function buildZoneTables(options: ZoneTableOptions = {}): Promise<GeneratedFile[]> {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  const zipDir = options.zipPackageDir ?? DEFAULT_ZIP_PACKAGE_DIR;
  const [timezones, geocoding, zipJson, zipIndex, zipPackage] = await Promise.all([
    readFile(path.join(dataDir, TIMEZONES_FILE), "utf8"),
    readFile(path.join(dataDir, GEOCODING_FILE), "utf8"),
    readFile(path.join(zipDir, "zipcodes.json"), "utf8"),
    readFile(path.join(zipDir, "index.js"), "utf8"),
    readFile(path.join(zipDir, "package.json"), "utf8"),
  ]);
  return [
    nanpZonesModule(timezones, new Canonicaliser()),
    areaCodeRegionsModule(geocoding),
    zipZonesModule(zipJson, zipIndex, zipPackage, new Canonicaliser()),
  ];
}

/** Builds the modules and writes them to `outDir`; returns the paths written. */
export async function writeZoneTables(options: ZoneTableOptions = {}): Promise<string[]> {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const files = await buildZoneTables(options);
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const file of files) {
    const target = path.join(outDir, file.name);
    await writeFile(target, file.content, "utf8");
    written.push(target);
  }
  return written;
}

// ---------------------------------------------------------------------------------------------
// Zone names

class Canonicaliser {
  private readonly checked = new Map<string, string>();

  /** The current name of `zone`; throws when Intl does not know it or it is an unmapped alias. */
  canonical(zone: string): string {
    const cached = this.checked.get(zone);
    if (cached !== undefined) return cached;
    const name = LEGACY_ZONES[zone] ?? zone;
    let resolved: string;
    try {
      resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
    } catch (cause) {
      throw new Error(`zone ${JSON.stringify(zone)} is not accepted by Intl.DateTimeFormat`, { cause });
    }
    if (resolved !== name && !CLDR_ALIASED.has(name)) {
      throw new Error(
        `zone ${JSON.stringify(name)} resolves to ${JSON.stringify(resolved)} in Intl: ` +
          "add it to LEGACY_ZONES (if legacy) or CLDR_ALIASED (if current) in scripts/generate-zone-tables.ts",
      );
    }
    this.checked.set(zone, name);
    return name;
  }

  /** Every rename applied so far, for the generated header. */
  renames(): string[] {
    return [...this.checked].filter(([from, to]) => from !== to).map(([from, to]) => `${from} -> ${to}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Modules

function nanpZonesModule(text: string, canon: Canonicaliser): GeneratedFile {
  const source = provenance(text, TIMEZONES_FILE);
  const sets: string[] = [];
  const setIndex = new Map<string, number>();
  const entries: Array<{ prefix: string; set: number }> = [];
  // Sets are numbered in order of first appearance here, renumbered alphabetically below.
  let countryLine = false;
  for (const [lineNo, line] of dataLines(text)) {
    const bar = line.indexOf("|");
    const prefix = line.slice(0, bar);
    const zones = line.slice(bar + 1);
    if (bar < 0 || !/^1\d*$/.test(prefix) || zones === "") throw new Error(`${TIMEZONES_FILE}:${lineNo}: bad line ${line}`);
    if (prefix === "1") {
      countryLine = true; // the country-level line: never used (rules.md, "Local time")
      continue;
    }
    if (prefix.length < 4 || prefix.length > 7) {
      throw new Error(`${TIMEZONES_FILE}:${lineNo}: prefix ${prefix} is not NPA + 0-3 NXX digits; zones.ts cannot index it`);
    }
    const key = [...new Set(zones.split("&").map((z) => canon.canonical(z)))].sort().join("&");
    let index = setIndex.get(key);
    if (index === undefined) {
      index = sets.length;
      sets.push(key);
      setIndex.set(key, index);
    }
    entries.push({ prefix: prefix.slice(1), set: index });
  }
  if (!countryLine) throw new Error(`${TIMEZONES_FILE}: no country-level "1|" line: is this the NANP extract?`);
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.prefix)) throw new Error(`${TIMEZONES_FILE}: duplicate prefix 1${e.prefix}`);
    seen.add(e.prefix);
  }
  entries.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  const sortedSets = [...sets].sort();
  const encoded = entries.map((e) => e.prefix + varint(sortedSets.indexOf(sets[e.set] as string))).join("");
  const renames = canon.renames();
  const content = [
    header(source, [
      `The +1 lines of ${source.file}; the country-level "1|" line is left out on purpose.`,
      ...(renames.length > 0 ? [`Zone names canonicalised: ${renames.join(", ")}.`] : []),
    ]),
    "/** Distinct zone sets, each `&`-joined with its zones sorted; the sets sorted too. */",
    `export const NANP_ZONE_SETS: readonly string[] = ${stringArray(sortedSets)};`,
    "",
    "/**",
    " * Prefix lines, sorted: the prefix digits after the leading 1 (NPA plus 0-3 NXX digits), then",
    " * the index of its set in {@link NANP_ZONE_SETS} as a varint (see scripts/generate-zone-tables.ts).",
    ` * ${entries.length} lines; join the chunks with "".`,
    " */",
    `export const NANP_PREFIXES: readonly string[] = ${stringArray(chunks(encoded))};`,
    "",
  ].join("\n");
  return { name: "nanp-zones.ts", content };
}

function areaCodeRegionsModule(text: string): GeneratedFile {
  const source = provenance(text, GEOCODING_FILE);
  const regions: string[] = [];
  const regionIndex = new Map<string, number>();
  const entries = new Map<string, number>();
  for (const [lineNo, line] of dataLines(text)) {
    const match = /^1(\d{3})\|(.+)$/.exec(line);
    if (match === null) throw new Error(`${GEOCODING_FILE}:${lineNo}: bad line ${line}`);
    const npa = match[1] as string;
    const region = (match[2] as string).trim();
    if (entries.has(npa)) throw new Error(`${GEOCODING_FILE}:${lineNo}: duplicate area code ${npa}`);
    let index = regionIndex.get(region);
    if (index === undefined) {
      index = regions.length;
      regions.push(region);
      regionIndex.set(region, index);
    }
    entries.set(npa, index);
  }
  const encoded = [...entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([npa, i]) => npa + varint(i)).join("");
  const content = [
    header(source, [`The area-code (NPA) lines of ${source.file}; NXX-level lines are not in the extract.`]),
    "/** Region names (a US state, a Canadian province or a city), as libphonenumber spells them. */",
    `export const AREA_CODE_REGION_NAMES: readonly string[] = ${stringArray(regions)};`,
    "",
    "/**",
    " * Area codes, sorted: three NPA digits, then the index of its region in",
    ` * {@link AREA_CODE_REGION_NAMES} as a varint. ${entries.size} area codes; join the chunks with "".`,
    " */",
    `export const AREA_CODE_REGIONS: readonly string[] = ${stringArray(chunks(encoded))};`,
    "",
  ].join("\n");
  return { name: "area-code-regions.ts", content };
}

function zipZonesModule(json: string, indexJs: string, packageJson: string, canon: Canonicaliser): GeneratedFile {
  const pkg = JSON.parse(packageJson) as { name?: string; version?: string; license?: string; repository?: { url?: string } };
  const map = new Map<number, string>();
  const block = /TIMEZONE_MAP\s*=\s*Object\.freeze\s*\(\s*\{([^}]*)\}/.exec(indexJs);
  if (block === null) throw new Error("zipcode-to-timezone/index.js: TIMEZONE_MAP not found");
  for (const m of (block[1] as string).matchAll(/(\d+)\s*:\s*"([^"]+)"/g)) map.set(Number(m[1]), m[2] as string);
  if (map.size === 0) throw new Error("zipcode-to-timezone/index.js: TIMEZONE_MAP is empty");

  const table = JSON.parse(json) as Record<string, unknown>;
  const zones: string[] = [];
  const zoneIndex = new Map<string, number>();
  const byZip = new Int16Array(100_000).fill(-1);
  const renamedZips = new Map<string, number>();
  for (const [zip, value] of Object.entries(table)) {
    if (!/^\d{5}$/.test(zip)) throw new Error(`zipcodes.json: key ${JSON.stringify(zip)} is not a 5-digit ZIP`);
    const raw = typeof value === "number" ? map.get(value) : undefined;
    if (raw === undefined) throw new Error(`zipcodes.json: ZIP ${zip} has unknown zone index ${String(value)}`);
    const zone = canon.canonical(raw);
    if (zone !== raw) renamedZips.set(`${raw} -> ${zone}`, (renamedZips.get(`${raw} -> ${zone}`) ?? 0) + 1);
    let index = zoneIndex.get(zone);
    if (index === undefined) {
      index = zones.length;
      zones.push(zone);
      zoneIndex.set(zone, index);
    }
    byZip[Number(zip)] = index;
  }
  // Renumber zones alphabetically so that the output does not depend on JSON key order.
  const order = [...zones].sort();
  const remap = zones.map((z) => order.indexOf(z));
  const bitmap = new Uint8Array(100_000 / 8);
  let runs = "";
  let runZone = -1;
  let runLength = 0;
  let count = 0;
  for (let zip = 0; zip < 100_000; zip++) {
    const raw = byZip[zip] as number;
    if (raw < 0) continue;
    count++;
    bitmap[zip >> 3] = (bitmap[zip >> 3] as number) | (1 << (zip & 7));
    const zone = remap[raw] as number;
    if (zone === runZone) {
      runLength++;
    } else {
      if (runLength > 0) runs += varint(runZone) + varint(runLength);
      runZone = zone;
      runLength = 1;
    }
  }
  if (runLength > 0) runs += varint(runZone) + varint(runLength);

  const repoUrl = (pkg.repository?.url ?? "").replace(/^git\+ssh:\/\/git@/, "").replace(/^git\+https:\/\//, "").replace(/\.git$/, "");
  const copyright = /Copyright \(C\)[^\n*]*/.exec(indexJs)?.[0]?.trim() ?? "";
  const renames = [...renamedZips].map(([r, n]) => `${r} (${n} ZIPs)`);
  const content = [
    "/*",
    " * generated by scripts/generate-zone-tables.ts, do not edit (regenerate: npm run gen:zones).",
    " *",
    ` * Source: npm ${pkg.name ?? "zipcode-to-timezone"} ${pkg.version ?? ""} (${repoUrl}),`,
    " *   zipcodes.json and the TIMEZONE_MAP of index.js.",
    ` * Licence: ${pkg.license ?? "MIT"}, ${copyright}. See NOTICE.`,
    ` * ${count} ZIP codes.${renames.length > 0 ? ` Zone names canonicalised: ${renames.join(", ")}.` : ""}`,
    " */",
    "",
    "/** The zones of the ZIP table, sorted alphabetically. */",
    `export const ZIP_ZONE_NAMES: readonly string[] = ${stringArray(order)};`,
    "",
    "/**",
    " * Which of the 100,000 five-digit ZIPs the table knows: a bitmap (ZIP z is bit z & 7 of byte",
    ' * z >> 3), base64 (RFC 4648, with padding); join the chunks with "".',
    " */",
    `export const ZIP_PRESENT: readonly string[] = ${stringArray(chunks(base64(bitmap)))};`,
    "",
    "/**",
    " * The zone of every known ZIP in ascending order, as runs: a varint index into",
    ` * {@link ZIP_ZONE_NAMES}, then a varint run length. Join the chunks with "".`,
    " */",
    `export const ZIP_ZONE_RUNS: readonly string[] = ${stringArray(chunks(runs))};`,
    "",
  ].join("\n");
  return { name: "zip-zones.ts", content };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function* dataLines(text: string): Generator<[number, string]> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === "" || line.startsWith("#")) continue;
    yield [i + 1, line];
  }
}

/** Reads "# ... of <file> from <repo>, commit <sha>." and the copyright line of a data header. */
function provenance(text: string, name: string): Provenance {
  const from = /^#.*? of (\S+) from (\S+?), commit ([0-9a-f]{7,40})/m.exec(text);
  if (from === null) throw new Error(`${name}: header does not name its source file, repository and commit`);
  const copyright = /^#\s*(Copyright \(C\).*)$/m.exec(text)?.[1]?.trim();
  if (copyright === undefined) throw new Error(`${name}: header has no copyright line`);
  if (!/Apache License, Version 2\.0/.test(text)) throw new Error(`${name}: header does not name the Apache License 2.0`);
  return { file: from[1] as string, repo: from[2] as string, commit: from[3] as string, copyright };
}

function header(source: Provenance, notes: string[]): string {
  return [
    "/*",
    " * generated by scripts/generate-zone-tables.ts, do not edit (regenerate: npm run gen:zones).",
    " *",
    ` * Source: ${source.repo}, ${source.file}, commit ${source.commit}.`,
    ` * Licence: Apache-2.0, ${source.copyright}. See NOTICE.`,
    ...notes.map((n) => ` * ${n}`),
    " */",
    "",
  ].join("\n");
}

function varint(value: number): string {
  if (!Number.isInteger(value) || value < 0) throw new Error(`varint: ${value} is not a non-negative integer`);
  let out = String.fromCharCode(65 + (value % 26));
  for (let rest = Math.floor(value / 26); rest > 0; rest = Math.floor(rest / 26)) {
    out = String.fromCharCode(97 + (rest % 26)) + out;
  }
  return out;
}

function chunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK) out.push(text.slice(i, i + CHUNK));
  return out;
}

function stringArray(items: readonly string[]): string {
  return `[\n${items.map((s) => `  ${JSON.stringify(s)},`).join("\n")}\n]`;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function base64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += BASE64[(n >> 18) & 63] as string;
    out += BASE64[(n >> 12) & 63] as string;
    out += b === undefined ? "=" : (BASE64[(n >> 6) & 63] as string);
    out += c === undefined ? "=" : (BASE64[n & 63] as string);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Command line

async function main(argv: readonly string[]): Promise<number> {
  const options: ZoneTableOptions = {};
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return path.resolve(next);
    };
    if (arg === "--out") options.outDir = value();
    else if (arg === "--zip-package") options.zipPackageDir = value();
    else if (arg === "--data") options.dataDir = value();
    else if (arg === "--check") check = true;
    else if (!arg.startsWith("-") && options.dataDir === undefined) options.dataDir = path.resolve(arg);
    else throw new Error(`unknown argument ${arg}; usage: generate-zone-tables [dataDir] [--out dir] [--zip-package dir] [--check]`);
  }
  if (check) {
    const outDir = options.outDir ?? DEFAULT_OUT_DIR;
    let stale = 0;
    for (const file of await buildZoneTables(options)) {
      const current = await readFile(path.join(outDir, file.name), "utf8").catch(() => undefined);
      if (current !== file.content) {
        stale++;
        console.error(`stale: ${path.relative(process.cwd(), path.join(outDir, file.name))}`);
      }
    }
    if (stale === 0) console.log("zone tables are up to date");
    return stale === 0 ? 0 : 1;
  }
  for (const target of await writeZoneTables(options)) {
    const size = (await readFile(target)).length;
    console.log(`wrote ${path.relative(process.cwd(), target)} (${size} bytes)`);
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
