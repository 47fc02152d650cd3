/**
 * Time ranges of the inspection methods: `[from, to)` on each record's own instant (`at`), read as
 * every instant in callgate is (a bare date is the start of that day in New York).
 */
import { invalidInput, type InputIssue } from "../errors.js";
import { tryParseInstant, type InstantInput } from "../time/instant.js";

/** A half-open time range on the records' own instant: `from` inclusive, `to` exclusive. */
export interface TimeRange {
  /** Inclusive. A bare date (`"2026-11-01"`) is the start of that day in New York. */
  from?: InstantInput;
  /** Exclusive. A bare date is the start of that day in New York. */
  to?: InstantInput;
}

/** A time range whose ends are both required. */
export interface ClosedRange {
  /** Inclusive. A bare date (`"2026-11-01"`) is the start of that day in New York. */
  from: InstantInput;
  /** Exclusive; must be after `from`. A bare date is the start of that day in New York. */
  to: InstantInput;
}

/** A range with its ends read. */
export interface ResolvedRange {
  from?: Date;
  to?: Date;
}

/** Reads an optional range; throws `INVALID_INPUT` naming the bad end. */
export function resolveRange(range: TimeRange | undefined, what: string): ResolvedRange {
  if (range === undefined) return {};
  if (range === null || typeof range !== "object") throw invalidInput(what, [{ path: "", message: "must be an object { from?, to? }" }]);
  const issues: InputIssue[] = [];
  const out: ResolvedRange = {};
  for (const key of ["from", "to"] as const) {
    const v = range[key];
    if (v === undefined) continue;
    const at = tryParseInstant(v);
    if (at === undefined) issues.push({ path: key, message: "is not a date: use a Date, epoch milliseconds or an ISO-8601 string" });
    else out[key] = at;
  }
  if (out.from !== undefined && out.to !== undefined && out.to.getTime() <= out.from.getTime()) {
    issues.push({ path: "to", message: "must be after from" });
  }
  if (issues.length > 0) throw invalidInput(what, issues);
  return out;
}

/** Reads a range whose ends are both required. */
export function resolveClosedRange(range: ClosedRange | undefined, what: string): { from: Date; to: Date } {
  if (range === undefined || range === null || typeof range !== "object") {
    throw invalidInput(what, [{ path: "", message: "must be an object { from, to }" }]);
  }
  const missing = (["from", "to"] as const).filter((k) => range[k] === undefined);
  if (missing.length > 0) throw invalidInput(what, missing.map((k) => ({ path: k, message: "is required" })));
  const r = resolveRange(range, what);
  return { from: r.from as Date, to: r.to as Date };
}
