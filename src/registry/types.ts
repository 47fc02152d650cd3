/**
 * The public shapes of a Do-Not-Call registry snapshot: what it is (meta) and what it answers
 * (membership). A registry is built by `createRegistry`, `loadRegistry` or `loadRegistrySnapshot`
 * and is immutable once built.
 */

/** Which list a snapshot is a copy of: the National DNC Registry or the Massachusetts list. */
export type RegistrySource = "national" | "massachusetts";

/** Every source this library knows, in a fixed order (for validation and messages). */
export const REGISTRY_SOURCES: readonly RegistrySource[] = Object.freeze(["national", "massachusetts"]);

/**
 * What a snapshot is. Stored with every decision that used it: this is the "record documenting
 * the process" that the federal safe harbors (16 CFR 310.4(b)(3)) and M.G.L. c.159C §9 ask for.
 */
export interface RegistryMeta {
  /** Deterministic id, derived from source, edition, obtainedAt and the content's SHA-256. */
  id: string;
  /** Which list this is a copy of. */
  source: RegistrySource;
  /** `YYYY-MM-DD` (New York calendar date); for the MA list, the first day of its quarter. */
  edition: string;
  /** When the copy was downloaded: drives the 31-day rule (`us.registry-fresh`). */
  obtainedAt: Date;
  /** The 3-digit area codes covered, ascending; `null` = every area code. */
  areaCodes: readonly string[] | null;
  /** How many distinct numbers are listed. */
  count: number;
  /** Lines the loader could not read (0 for `createRegistry`). */
  badLines: number;
  /** Hex SHA-256 of the file as delivered (`createRegistry`: of the sorted numbers, one per line). */
  sha256: string;
  /** A full list, or a base snapshot with a change list applied. */
  kind: "full" | "changes-applied";
  /** For `kind: "changes-applied"`: the id of the snapshot the changes were applied to. */
  baseId?: string;
}

/** A read-only Do-Not-Call snapshot. */
export interface Registry {
  /** What this snapshot is (frozen; `obtainedAt` reads as a fresh Date each time). */
  readonly meta: RegistryMeta;
  /**
   * True when the number is listed. Takes any common US format; a string that is not a 10-digit
   * NANP number gives `false`. A number outside the covered area codes is never listed: ask
   * {@link Registry.covers} first, since "not covered" must deny, not allow (fail closed).
   */
  has(phone: string): boolean;
  /**
   * The hot path: O(1) for dense area codes. `npa` is the area code (200..999), `line` the
   * remaining seven digits as an integer (`NXX * 10000 + XXXX`, 0..9_999_999). Out-of-range or
   * non-integer arguments give `false`.
   */
  hasNational(npa: number, line: number): boolean;
  /** True when the snapshot covers the area code (`"617"` or `617`); anything else gives `false`. */
  covers(areaCode: string | number): boolean;
  /** The listed 10-digit national numbers, ascending (for snapshots and tests; never exported in records). */
  numbers(): Iterable<string>;
}

/** One line a loader could not read. */
export interface BadLine {
  /** 1-based line number in the file (in the ZIP entry, when `entry` is set). */
  line: number;
  /** The line as read, cut to 200 characters; for the MA list, letters are masked so no name is kept. */
  text: string;
  /** Why the line was refused. */
  reason: string;
  /** The ZIP entry the line came from, for zipped input. */
  entry?: string;
}

/** What a loader read, beside the registry itself. */
export interface LoadReport {
  /** Data lines read: every line except blank lines and a header line. */
  dataLines: number;
  /** Unreadable lines (all of them); equals `meta.badLines`. */
  badLineCount: number;
  /** The first 100 unreadable lines. */
  badLines: readonly BadLine[];
  /** Whether the input was a ZIP archive, and the entries read from it. */
  zipEntries: readonly string[] | null;
}

/** A registry built by `loadRegistry`, with the loader's report. */
export interface LoadedRegistry extends Registry {
  /** What the loader read and refused. */
  readonly report: LoadReport;
}
