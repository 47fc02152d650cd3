/**
 * Shared builders for the inspection tests: a gate on the memory adapter with a manual clock,
 * an interaction builder, an RFC 4180 CSV reader written independently of the exporter, and
 * helpers to read stored records and export chunks.
 */
import { createHash } from "node:crypto";
import { expect } from "vitest";
import { CallgateError, type StorageAdapter, type StoredRecord } from "../../src/index.js";
import type { InteractionInput } from "../../src/gate/create.js";
import { testGate, type TestGateOptions } from "../../src/testing/fixtures.js";

/** Boston (617), Worcester (508), Springfield (413): Massachusetts area codes. */
export const BOSTON = "+16175550101";
export const BOSTON_2 = "+16175550102";
export const WORCESTER = "+15085550103";
export const SPRINGFIELD = "+14135550104";
/** New York City, Chicago: not Massachusetts. */
export const NYC = "+12125550105";
export const NYC_2 = "+12125550106";
export const CHICAGO = "+13125550107";

/** The usual gate: now is Monday 2026-11-30 10:00 in New York. */
export function inspectionGate(options: TestGateOptions = {}) {
  return testGate({ now: "2026-11-30T15:00:00Z", ...options });
}

/** A call detail record with sensible defaults. */
export function call(overrides: Partial<InteractionInput> & { phone?: string } = {}): InteractionInput {
  return {
    phone: NYC,
    startedAt: "2026-11-16T15:00:00Z",
    durationSeconds: 60,
    disposition: "answered",
    ...overrides,
  } as InteractionInput;
}

/** Every stored record, in seq order. */
export async function stored(storage: StorageAdapter): Promise<StoredRecord[]> {
  const out: StoredRecord[] = [];
  let afterSeq: number | undefined;
  for (;;) {
    const page = await storage.listRecords({ limit: 1000, ...(afterSeq === undefined ? {} : { afterSeq }) });
    out.push(...page.records);
    if (page.nextAfterSeq === undefined) return out;
    afterSeq = page.nextAfterSeq;
  }
}

/** Reads an async iterable of chunks to the end. */
export async function readAll(chunks: AsyncIterable<string>): Promise<{ text: string; chunks: string[] }> {
  const parts: string[] = [];
  for await (const c of chunks) parts.push(c);
  return { text: parts.join(""), chunks: parts };
}

export const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

/**
 * An RFC 4180 reader: fields separated by commas, records by CRLF, a quoted field may hold commas,
 * CR, LF and doubled quotes. Throws on a malformed quote.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < text.length && text[i] !== "," && text[i] !== "\r") throw new Error(`text after a closing quote at ${i}`);
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === '"') throw new Error(`a quote inside an unquoted field at ${i}`);
    if (c === ",") {
      row.push(field);
      field = "";
      fieldStarted = false;
      i++;
      continue;
    }
    if (c === "\r") {
      if (text[i + 1] !== "\n") throw new Error(`a bare CR at ${i}`);
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      fieldStarted = false;
      i += 2;
      continue;
    }
    if (c === "\n") throw new Error(`a bare LF outside quotes at ${i}`);
    field += c;
    fieldStarted = true;
    i++;
  }
  if (quoted) throw new Error("unterminated quoted field");
  if (fieldStarted || row.length > 0) throw new Error("the last record does not end with CRLF");
  return rows;
}

/** The CallgateError a promise (or function) rejects with; fails the test when it does not reject. */
export async function rejection(run: () => unknown): Promise<CallgateError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(CallgateError);
    return error as CallgateError;
  }
  throw new Error("expected a CallgateError, nothing was thrown");
}

/** The failing field paths of an INVALID_INPUT error. */
export function issuePaths(error: CallgateError): string[] {
  return ((error.details.issues ?? []) as { path: string }[]).map((i) => i.path);
}
