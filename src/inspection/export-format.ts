/**
 * The two export formats, one record per row or line: CSV (RFC 4180: a header, CRLF, a field
 * quoted when it holds a comma, a quote, CR or LF, quotes doubled) with fixed columns, and JSON
 * Lines (canonical JSON, keys sorted, LF).
 */
import { canonicalJson } from "../records/canonical.js";
import type { StoredRecord } from "../storage/types.js";

/** The envelope columns of the CSV, first. */
export const CSV_ENVELOPE_COLUMNS = ["seq", "id", "kind", "sellerId", "phone", "at", "recordedAt", "schemaVersion", "prevHash", "hash"] as const;

/**
 * Data fields flattened into their own CSV columns (`data.<path>`), the same for every export so
 * that one import script reads them all; empty where a record has no such field. Objects and
 * arrays are written as canonical JSON. The last column, `data`, holds the whole data as canonical
 * JSON, so nothing is lost.
 */
export const CSV_DATA_PATHS = [
  "campaignId",
  "action",
  "disposition",
  "direction",
  "purpose",
  "method",
  "lineType",
  "durationSeconds",
  "agentId",
  "callerId",
  "decisionId",
  "consumer.state",
  "consumer.postalCode",
  "timing.answeredBy",
  "timing.ringSeconds",
  "timing.rings",
  "timing.agentConnectSeconds",
  "timing.disclosureSeconds",
  "timing.paymentRequestSeconds",
  "timing.lineReleaseSeconds",
  "form",
  "expiresAt",
  "channel",
  "source",
  "kind",
  "endsAt",
  "allowed",
  "reasons",
  "rulesVersion",
  "registryId",
  "edition",
  "obtainedAt",
  "count",
  "sha256",
  "targetId",
  "reason",
  "complaintId",
  "dueAt",
  "holdId",
] as const;

/** Every CSV column, in order. */
export const CSV_COLUMNS: readonly string[] = Object.freeze([...CSV_ENVELOPE_COLUMNS, ...CSV_DATA_PATHS.map((p) => `data.${p}`), "data"]);

const DATA_PATHS = CSV_DATA_PATHS.map((p) => p.split("."));

/** A CSV field per RFC 4180: quoted when it holds a comma, a quote, CR or LF; quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return canonicalJson(value);
}

function pathValue(data: Readonly<Record<string, unknown>>, path: readonly string[]): unknown {
  let v: unknown = data;
  for (const key of path) {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** One CSV row (CRLF-terminated) of a record. */
export function csvRow(record: StoredRecord, dataText: string = canonicalJson(record.data)): string {
  const cells = [
    String(record.seq),
    record.id,
    record.kind,
    record.sellerId,
    record.phone ?? "",
    record.at.toISOString(),
    record.recordedAt.toISOString(),
    String(record.schemaVersion),
    record.prevHash,
    record.hash,
  ];
  for (const path of DATA_PATHS) cells.push(cellText(pathValue(record.data, path)));
  cells.push(dataText);
  return `${cells.map(csvField).join(",")}\r\n`;
}

/** One JSON Lines line (LF-terminated) of a record: canonical JSON, keys sorted, instants as ISO strings. */
export function jsonlLine(record: StoredRecord, dataText: string = canonicalJson(record.data)): string {
  return (
    `{"at":${JSON.stringify(record.at.toISOString())},"data":${dataText},"hash":${JSON.stringify(record.hash)},` +
    `"id":${JSON.stringify(record.id)},"kind":${JSON.stringify(record.kind)},"phone":${JSON.stringify(record.phone)},` +
    `"prevHash":${JSON.stringify(record.prevHash)},"recordedAt":${JSON.stringify(record.recordedAt.toISOString())},` +
    `"schemaVersion":${JSON.stringify(record.schemaVersion)},"sellerId":${JSON.stringify(record.sellerId)},"seq":${JSON.stringify(record.seq)}}\n`
  );
}
