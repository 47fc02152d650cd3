import { createHash } from "node:crypto";
import { invalidInput, type InputIssue } from "../errors.js";
import type { Membership } from "./membership.js";
import { MembershipBuilder } from "./membership-builder.js";
import { LINES_PER_AREA, nationalNumber } from "./nanp.js";
import { buildRegistry } from "./registry-object.js";
import { readSnapshotFacts, type SnapshotFactsInput } from "./snapshot-facts.js";
import type { Registry } from "./types.js";

/** Options of {@link createRegistry}. */
export interface CreateRegistryOptions extends SnapshotFactsInput {
  /** The listed numbers, in any common US format ("+1 617-555-0123", "(617) 555-0123", "6175550123"). */
  numbers: Iterable<string>;
}

// Past this many refused numbers the error stops listing them (it still counts them).
const MAX_LISTED_ISSUES = 20;

/**
 * Builds an in-memory registry snapshot from a list of numbers.
 *
 * `obtainedAt` and `edition` default to each other: a bare date is that day in New York, so
 * `{ edition: "2026-10-01" }` was obtained at 2026-10-01T04:00:00Z. Throws `INVALID_INPUT` for an
 * unknown source, neither date, a number that is not a 10-digit NANP number (naming `numbers[i]`)
 * or a number outside `areaCodes`.
 *
 * @example
 * const national = createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: ["+16175550123"] });
 * national.has("(617) 555-0123"); // true
 */
export function createRegistry(options: CreateRegistryOptions): Registry {
  if (typeof options !== "object" || options === null) throw invalidInput("registry", [{ path: "", message: "must be an object" }]);
  const facts = readSnapshotFacts(options);
  const issues: InputIssue[] = Array.isArray(facts) ? facts : [];
  const covered = Array.isArray(facts) || facts.areaCodes === null ? null : new Set(facts.areaCodes);
  const builder = new MembershipBuilder();
  let refused = 0;
  const refuse = (issue: InputIssue): void => {
    refused++;
    if (refused <= MAX_LISTED_ISSUES) issues.push(issue);
  };
  const numbers: unknown = options.numbers;
  if (typeof numbers !== "object" || numbers === null || typeof (numbers as Iterable<unknown>)[Symbol.iterator] !== "function") {
    issues.push({ path: "numbers", message: "must be an array of phone numbers" });
  } else {
    let i = 0;
    for (const phone of numbers as Iterable<unknown>) {
      const digits = typeof phone === "string" ? nationalNumber(phone) : undefined;
      if (digits === undefined) refuse({ path: `numbers[${i}]`, message: "is not a 10-digit US (NANP) phone number" });
      else if (covered !== null && !covered.has(digits.slice(0, 3))) {
        refuse({ path: `numbers[${i}]`, message: `area code ${digits.slice(0, 3)} is not in areaCodes` });
      } else {
        const value = Number(digits);
        builder.add(Math.floor(value / LINES_PER_AREA), value % LINES_PER_AREA);
      }
      i++;
    }
  }
  if (refused > MAX_LISTED_ISSUES) issues.push({ path: "numbers", message: `${refused - MAX_LISTED_ISSUES} more numbers refused` });
  if (issues.length > 0 || Array.isArray(facts)) throw invalidInput("registry", issues);

  const membership = builder.build();
  return buildRegistry({ ...facts, badLines: 0, sha256: numbersSha256(membership), kind: "full" }, membership);
}

/** SHA-256 of the sorted 10-digit numbers, each followed by a newline. */
function numbersSha256(membership: Membership): string {
  const hash = createHash("sha256");
  let batch = "";
  for (const value of membership.values()) {
    batch += `${value}\n`;
    if (batch.length >= 1 << 16) {
      hash.update(batch);
      batch = "";
    }
  }
  return hash.update(batch).digest("hex");
}
