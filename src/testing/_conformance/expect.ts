/**
 * Assertions of the kit. It runs under any test runner, so it throws plain `Error`s whose
 * messages say what the contract promised and what the adapter did.
 */
import { canonicalJson } from "../../records/canonical.js";
import type { StoredRecord } from "../../storage/types.js";

/** Fails the check with `message` unless `condition` holds. */
export function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function describeValue(value: unknown): string {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString() : "Invalid Date";
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return canonicalJson(value);
  } catch {
    return String(value);
  }
}

function sameInstant(actual: unknown, expected: Date): boolean {
  return actual instanceof Date && actual.getTime() === expected.getTime();
}

/** The canonical JSON of `data`, or a marker when it cannot be encoded. */
export function canonicalData(data: unknown): string {
  try {
    return canonicalJson(data);
  } catch (error) {
    return `<not JSON: ${error instanceof Error ? error.message : String(error)}>`;
  }
}

/** Checks every field of a stored record against what was expected. */
export function expectRecord(actual: StoredRecord | null | undefined, expected: StoredRecord, where: string): void {
  ensure(actual !== null && actual !== undefined, `${where}: record ${expected.id} (seq ${expected.seq}) is missing`);
  const problems: string[] = [];
  const field = (name: string, ok: boolean, got: unknown, want: unknown): void => {
    if (!ok) problems.push(`${name} is ${describeValue(got)}, expected ${describeValue(want)}`);
  };
  field("id", actual.id === expected.id, actual.id, expected.id);
  field("kind", actual.kind === expected.kind, actual.kind, expected.kind);
  field("sellerId", actual.sellerId === expected.sellerId, actual.sellerId, expected.sellerId);
  field("phone", actual.phone === expected.phone, actual.phone, expected.phone);
  field("at", sameInstant(actual.at, expected.at), actual.at, expected.at);
  field("recordedAt", sameInstant(actual.recordedAt, expected.recordedAt), actual.recordedAt, expected.recordedAt);
  field("schemaVersion", actual.schemaVersion === expected.schemaVersion, actual.schemaVersion, expected.schemaVersion);
  field("seq", actual.seq === expected.seq, actual.seq, expected.seq);
  field("prevHash", actual.prevHash === expected.prevHash, actual.prevHash, expected.prevHash);
  field("hash", actual.hash === expected.hash, actual.hash, expected.hash);
  const isObject = typeof actual.data === "object" && actual.data !== null && !Array.isArray(actual.data);
  const got = canonicalData(actual.data);
  const want = canonicalData(expected.data);
  field("data", isObject && got === want, isObject ? got : actual.data, want);
  ensure(problems.length === 0, `${where}: record ${expected.id} (seq ${expected.seq}) differs: ${problems.join("; ")}`);
}

/** Checks a list of records, in order, against what was expected. */
export function expectRecords(actual: readonly StoredRecord[], expected: readonly StoredRecord[], where: string): void {
  const seqs = (list: readonly StoredRecord[]): string => {
    const shown = list.slice(0, 30).map((r) => r.seq).join(", ");
    return `[${shown}${list.length > 30 ? `, ... (${list.length})` : ""}]`;
  };
  ensure(
    actual.length === expected.length && actual.every((r, i) => r.id === expected[i]?.id),
    `${where}: got seqs ${seqs(actual)}, expected ${seqs(expected)}`,
  );
  actual.forEach((r, i) => expectRecord(r, expected[i] as StoredRecord, where));
}

/** Awaits `promise` and checks that it rejects with a callgate error of `code`. Returns the error. */
export async function expectRejection(promise: Promise<unknown>, code: string, where: string): Promise<unknown> {
  let outcome: { resolved: unknown } | { error: unknown };
  try {
    outcome = { resolved: await promise };
  } catch (error) {
    outcome = { error };
  }
  ensure("error" in outcome, `${where}: expected a rejection with code ${code}, but it resolved`);
  const got = (outcome.error as { code?: unknown } | null)?.code;
  ensure(
    got === code,
    `${where}: expected a rejection with code ${code}, got ${String(got)} (${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)})`,
  );
  return outcome.error;
}
