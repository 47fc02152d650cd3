import { DateTime } from "luxon";
import type { InputIssue } from "../errors.js";
import { calendarDate, LEGAL_ZONE, tryParseInstant } from "../time/instant.js";
import { REGISTRY_SOURCES, type RegistrySource } from "./types.js";

/** The options every way of building a registry shares. */
export interface SnapshotFactsInput {
  /** Which list the snapshot copies. */
  source: RegistrySource;
  /** When the copy was downloaded. @default the start of `edition`'s day in New York */
  obtainedAt?: Date | string | number;
  /** `YYYY-MM-DD` publication date. @default the New York date of `obtainedAt` (MA: its quarter's first day) */
  edition?: string;
  /** 3-digit area codes covered. @default every area code */
  areaCodes?: readonly string[];
}

/** Validated facts of a snapshot. */
export interface SnapshotFacts {
  source: RegistrySource;
  obtainedAt: Date;
  edition: string;
  areaCodes: readonly string[] | null;
}

const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads source, obtainedAt, edition and areaCodes, with the defaults of api.md: obtainedAt and
 * edition default to each other, a bare date is that day in New York (rules.md, "Times and
 * dates"). The MA list is published quarterly: without an edition, its edition is the first day of
 * the quarter of `obtainedAt`; an edition given on another day is kept as given and stands for its
 * quarter (`ma.registry-current` counts quarters). Returns the facts or the issues found; `prefix`
 * is prepended to each issue path.
 */
export function readSnapshotFacts(input: Partial<Record<keyof SnapshotFactsInput, unknown>>, prefix = ""): SnapshotFacts | InputIssue[] {
  const issues: InputIssue[] = [];
  const source = input.source;
  if (typeof source !== "string" || !(REGISTRY_SOURCES as readonly string[]).includes(source)) {
    issues.push({ path: `${prefix}source`, message: `must be one of ${REGISTRY_SOURCES.map((s) => `"${s}"`).join(", ")}` });
  }
  let obtainedAt: Date | undefined;
  if (input.obtainedAt !== undefined) {
    obtainedAt = tryParseInstant(input.obtainedAt);
    if (obtainedAt === undefined) issues.push({ path: `${prefix}obtainedAt`, message: "is not a date: use a Date, epoch milliseconds or an ISO-8601 string" });
  }
  let edition: string | undefined;
  if (input.edition !== undefined) {
    if (typeof input.edition !== "string" || !BARE_DATE.test(input.edition) || !DateTime.fromISO(input.edition, { zone: LEGAL_ZONE }).isValid) {
      issues.push({ path: `${prefix}edition`, message: "must be a calendar date YYYY-MM-DD" });
    } else edition = input.edition;
  }
  if (input.obtainedAt === undefined && input.edition === undefined) {
    issues.push({ path: `${prefix}obtainedAt`, message: "obtainedAt or edition is required (when the copy was downloaded)" });
  }
  const areaCodes = readAreaCodes(input.areaCodes, `${prefix}areaCodes`, issues);
  if (issues.length > 0) return issues;

  const knownSource = source as RegistrySource;
  const resolvedObtainedAt = obtainedAt ?? (tryParseInstant(edition) as Date);
  let resolvedEdition = edition ?? calendarDate(resolvedObtainedAt);
  if (knownSource === "massachusetts" && edition === undefined) resolvedEdition = quarterStart(resolvedEdition);
  return { source: knownSource, obtainedAt: resolvedObtainedAt, edition: resolvedEdition, areaCodes };
}

/** The first day (`YYYY-MM-DD`) of the calendar quarter of a `YYYY-MM-DD` date. */
export function quarterStart(date: string): string {
  const month = Number(date.slice(5, 7));
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return `${date.slice(0, 4)}-${String(first).padStart(2, "0")}-01`;
}

function readAreaCodes(value: unknown, path: string, issues: InputIssue[]): readonly string[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value)) {
    issues.push({ path, message: "must be an array of 3-digit area codes" });
    return null;
  }
  if (value.length === 0) issues.push({ path, message: "must not be empty (omit it to cover every area code)" });
  const codes = new Set<string>();
  value.forEach((code: unknown, i) => {
    if (typeof code === "string" && /^[2-9]\d{2}$/.test(code)) codes.add(code);
    else issues.push({ path: `${path}[${i}]`, message: "is not a 3-digit area code (a string such as \"617\")" });
  });
  return Object.freeze([...codes].sort());
}
