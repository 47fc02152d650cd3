import { createHash, type Hash } from "node:crypto";
import { CallgateError, ErrorCodes, invalidInput, type InputIssue } from "../errors.js";
import { inputChunks, type RegistryInput } from "./input.js";
import type { LineFormat } from "./line-readers.js";
import { LineScanner } from "./line-scanner.js";
import { LoadTally } from "./load-tally.js";
import { Membership } from "./membership.js";
import { MembershipBuilder } from "./membership-builder.js";
import { isNationalNumber, LINES_PER_AREA } from "./nanp.js";
import { buildRegistry, membershipOf } from "./registry-object.js";
import { readSnapshotFacts, type SnapshotFacts, type SnapshotFactsInput } from "./snapshot-facts.js";
import type { LoadedRegistry, Registry } from "./types.js";
import { entryChunks, isZip, zipEntries } from "./zip.js";

/** Options of {@link loadRegistry}. */
export interface LoadRegistryOptions extends SnapshotFactsInput {
  /**
   * The largest share of unreadable lines (unreadable / data lines) the load accepts; past it the
   * load fails with `REGISTRY_LOAD_FAILED`. @default 0.001
   */
  badLineThreshold?: number;
  /** The file is a change list (additions and deletions) to apply to `base`. @default false */
  changes?: boolean;
  /** The snapshot a change list applies to (required with `changes: true`). Its area codes are kept. */
  base?: Registry;
}

/** @default share of unreadable lines a load accepts. */
export const DEFAULT_BAD_LINE_THRESHOLD = 0.001;

/**
 * Loads a registry file as delivered: a National DNC full list (one number a line, `AAANNNNNNN`,
 * `AAA,NNNNNNN` or `AAA-NNN-NNNN`), the Massachusetts quarterly list (number and last name; the
 * names are dropped), or, with `changes: true`, a change list applied to `base`. Plain text or
 * ZIP; from a path, bytes or a stream. A header line, CRLF, blank lines and surrounding
 * whitespace are tolerated; every other unreadable line is counted in `meta.badLines` and the
 * first 100 are kept in `report.badLines`. Numbers found in an unreadable line are listed anyway
 * (fail closed). Fails with `REGISTRY_LOAD_FAILED` past `badLineThreshold`, for a malformed ZIP,
 * or for a full list with no numbers; with `INVALID_INPUT` for bad options.
 *
 * @example
 * const national = await loadRegistry("/data/dnc-617-2026-11-20.zip", { source: "national", obtainedAt: "2026-11-20T12:00:00Z" });
 * national.meta.sha256; // SHA-256 of the zip as delivered
 */
export async function loadRegistry(input: RegistryInput, options: LoadRegistryOptions): Promise<LoadedRegistry> {
  const plan = readPlan(options);
  const chunks = inputChunks(input);
  const builder = plan.base === undefined ? new MembershipBuilder() : MembershipBuilder.from(plan.base);
  const covered = coveredMask(plan.facts.areaCodes);
  const tally = new LoadTally(plan.facts.source === "massachusetts");
  const hash = createHash("sha256");
  let zipNames: string[] | null = null;
  try {
    zipNames = await scanInput(chunks, hash, () => new LineScanner(plan.format, builder, covered, tally), tally);
  } catch (cause) {
    if (cause instanceof CallgateError) throw cause;
    throw new CallgateError(ErrorCodes.REGISTRY_LOAD_FAILED, "Could not read the registry input", { cause });
  }
  for (const value of tally.stickyAdds) builder.add(Math.floor(value / LINES_PER_AREA), value % LINES_PER_AREA);

  const details = {
    badLines: tally.badLineCount,
    dataLines: tally.dataLines,
    badLineThreshold: plan.threshold,
    firstBadLines: tally.badLines,
  };
  const share = tally.dataLines === 0 ? 0 : tally.badLineCount / tally.dataLines;
  if (share > plan.threshold) {
    throw new CallgateError(
      ErrorCodes.REGISTRY_LOAD_FAILED,
      `Registry file refused: ${tally.badLineCount} of ${tally.dataLines} lines unreadable (more than ${plan.threshold * 100}%); first at line ${tally.badLines[0]?.line}`,
      { details },
    );
  }
  const membership = builder.build();
  if (plan.base === undefined && membership.count === 0) {
    throw new CallgateError(ErrorCodes.REGISTRY_LOAD_FAILED, "Registry file refused: a full list with no numbers (a broken download?)", { details });
  }
  const registry = buildRegistry(
    {
      ...plan.facts,
      badLines: tally.badLineCount,
      sha256: hash.digest("hex"),
      kind: plan.base === undefined ? "full" : "changes-applied",
      ...(plan.baseId === undefined ? {} : { baseId: plan.baseId }),
    },
    membership,
    { dataLines: tally.dataLines, badLineCount: tally.badLineCount, badLines: tally.badLines, zipEntries: zipNames },
  );
  return registry as LoadedRegistry;
}

interface LoadPlan {
  facts: SnapshotFacts;
  format: LineFormat;
  threshold: number;
  base: Membership | undefined;
  baseId: string | undefined;
}

function readPlan(options: LoadRegistryOptions): LoadPlan {
  if (typeof options !== "object" || options === null) throw invalidInput("loadRegistry options", [{ path: "", message: "must be an object" }]);
  const issues: InputIssue[] = [];
  const threshold = options.badLineThreshold ?? DEFAULT_BAD_LINE_THRESHOLD;
  if (typeof threshold !== "number" || !(threshold >= 0 && threshold <= 1)) {
    issues.push({ path: "badLineThreshold", message: "must be a number from 0 to 1" });
  }
  if (options.changes !== undefined && typeof options.changes !== "boolean") issues.push({ path: "changes", message: "must be a boolean" });
  const changes = options.changes === true;
  const base = options.base;
  if (changes && base === undefined) issues.push({ path: "base", message: "a change list needs the base snapshot it applies to" });
  if (!changes && base !== undefined) issues.push({ path: "base", message: "is only used with changes: true" });
  if (base !== undefined && !isRegistry(base)) issues.push({ path: "base", message: "must be a registry" });
  const baseMeta = changes && base !== undefined && isRegistry(base) ? base.meta : undefined;
  const facts = readSnapshotFacts(
    baseMeta === undefined || options.areaCodes !== undefined ? options : { ...options, areaCodes: baseMeta.areaCodes ?? undefined },
  );
  if (Array.isArray(facts)) issues.push(...facts);
  else if (baseMeta !== undefined) {
    if (facts.source !== baseMeta.source) issues.push({ path: "source", message: `must match the base snapshot's source (${baseMeta.source})` });
    if (String(facts.areaCodes) !== String(baseMeta.areaCodes)) {
      issues.push({ path: "areaCodes", message: "a change list keeps the base snapshot's area codes: load a full list for a new subscription" });
    }
    if (facts.obtainedAt.getTime() < baseMeta.obtainedAt.getTime() || facts.edition < baseMeta.edition) {
      issues.push({ path: "obtainedAt", message: "a change list cannot be older than the snapshot it applies to" });
    }
  }
  if (issues.length > 0 || Array.isArray(facts)) throw invalidInput("loadRegistry options", issues);
  const format: LineFormat = changes ? "changes" : facts.source === "massachusetts" ? "massachusetts" : "national";
  return {
    facts,
    format,
    threshold,
    base: base === undefined ? undefined : membershipOf(base) ?? membershipFromNumbers(base),
    baseId: baseMeta?.id,
  };
}

// Reads every chunk, hashing the bytes as delivered; unzips when the input is a ZIP archive.
async function scanInput(
  chunks: AsyncIterable<Uint8Array>,
  hash: Hash,
  newScanner: () => LineScanner,
  tally: LoadTally,
): Promise<string[] | null> {
  const iterator = chunks[Symbol.asyncIterator]();
  // Enough leading bytes to see the ZIP magic (a stream may deliver them one at a time).
  const head: Uint8Array[] = [];
  let headLength = 0;
  let done = false;
  while (headLength < 4) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    head.push(next.value.slice());
    headLength += next.value.length;
  }
  const first = Buffer.concat(head);
  if (isZip(first)) {
    const parts = [first];
    hash.update(first);
    while (!done) {
      const next = await iterator.next();
      if (next.done === true) break;
      hash.update(next.value);
      parts.push(Buffer.from(next.value));
    }
    const names: string[] = [];
    for (const entry of zipEntries(Buffer.concat(parts))) {
      names.push(entry.name);
      tally.entry = entry.name;
      const scanner = newScanner();
      for await (const chunk of entryChunks(entry)) scanner.push(chunk);
      scanner.end();
    }
    return names;
  }
  const scanner = newScanner();
  hash.update(first);
  scanner.push(first);
  while (!done) {
    const next = await iterator.next();
    if (next.done === true) break;
    hash.update(next.value);
    scanner.push(next.value);
  }
  scanner.end();
  return null;
}

/** `covered[npa] === 1` for each covered area code (every NANP area code when `areaCodes` is null). */
function coveredMask(areaCodes: readonly string[] | null): Uint8Array {
  const mask = new Uint8Array(1000);
  if (areaCodes === null) mask.fill(1, 200);
  else for (const code of areaCodes) mask[Number(code)] = 1;
  return mask;
}

function isRegistry(value: unknown): value is Registry {
  return typeof value === "object" && value !== null && "meta" in value && typeof (value as Registry).numbers === "function";
}

// A base registry not built by this module: rebuild its membership from its numbers.
function membershipFromNumbers(registry: Registry): Membership {
  const builder = new MembershipBuilder();
  for (const digits of registry.numbers()) {
    if (!isNationalNumber(digits)) continue;
    const value = Number(digits);
    builder.add(Math.floor(value / LINES_PER_AREA), value % LINES_PER_AREA);
  }
  return builder.build();
}
