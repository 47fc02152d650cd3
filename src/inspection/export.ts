/**
 * Export for a regulator (the seed article: records "easily accessible for inspection by
 * regulatory bodies"): CSV or JSON Lines, streamed page by page through the adapter so that a
 * million records never sit in memory, with a manifest (count, time range, chain head, SHA-256 of
 * the file) settled when the last chunk has been read.
 *
 * The Massachusetts list is confidential (201 CMR 12.03(6)): an export holds the seller's own
 * records only. No record kind holds a registry's list; a `registry-snapshot` record holds the
 * snapshot's metadata (source, edition, download time, count, file hash), and the export keeps
 * only those fields of it, whatever else such a record might carry.
 */
import { createHash } from "node:crypto";
import { CallgateError, ErrorCodes, invalidInput, type InputIssue } from "../errors.js";
import type { GateInternals } from "../gate/internals.js";
import { parseUsPhone } from "../phone/index.js";
import { canonicalJson } from "../records/canonical.js";
import { RECORD_KINDS, type ChainHead, type ListQuery, type RecordKind, type StoredRecord } from "../storage/types.js";
import type { InstantInput } from "../time/instant.js";
import { CSV_COLUMNS, csvField, csvRow, jsonlLine } from "./export-format.js";
import { resolveRange } from "./range.js";
import { readStorage, scanStorage } from "./storage-read.js";

/** Options of {@link InspectionMethods.exportRecords}. */
export interface ExportOptions {
  /** `csv` (RFC 4180, a header row, CRLF) or `jsonl` (one canonical JSON record per line, LF). */
  format: "csv" | "jsonl";
  /** Inclusive lower bound on the record's own instant `at`. */
  from?: InstantInput;
  /** Exclusive upper bound on `at`. */
  to?: InstantInput;
  /** Only these kinds. @default every kind */
  kinds?: readonly RecordKind[];
  /** Only the records about this number (any common US format). */
  phone?: string;
}

/** One file of an export, as the manifest describes it. */
export interface ExportFile {
  /** Suggested file name, e.g. `acme-solar-records-20261130T150000Z.csv`. */
  name: string;
  /** The file's media type: `text/csv; charset=utf-8; header=present` or `application/jsonl; charset=utf-8`. */
  mediaType: string;
  /** Size in bytes, UTF-8. */
  bytes: number;
  /** Hex SHA-256 of the file's bytes: the chunks concatenated, UTF-8. */
  sha256: string;
  /** Records in the file. */
  records: number;
}

/** What an export holds; settled when the last chunk has been read. */
export interface ExportManifest {
  /** The format of the file: `csv` or `jsonl`. */
  format: "csv" | "jsonl";
  /** The seller whose records were exported (an export holds one seller's records only). */
  sellerId: string;
  /** Clock reading when the export was asked for. */
  generatedAt: Date;
  /** The filters applied (instants as read). */
  query: {
    /** Inclusive lower bound on the record's own instant `at`, when given. */
    from?: Date;
    /** Exclusive upper bound on `at`, when given. */
    to?: Date;
    /** The kinds exported, when limited (without repeats). */
    kinds?: RecordKind[];
    /** The number exported (E.164), when limited to one. */
    phone?: string;
  };
  /** Records exported. */
  count: number;
  /** Records exported per kind (kinds with none are absent). */
  countsByKind: Partial<Record<RecordKind, number>>;
  /** Earliest and latest `at` among the records exported; `null` when none was. */
  timeRange: {
    /** The earliest `at`. */
    first: Date;
    /** The latest `at`. */
    last: Date;
  } | null;
  /** Lowest and highest `seq` exported; `null` when none was. */
  seqRange: {
    /** The lowest `seq`. */
    first: number;
    /** The highest `seq`. */
    last: number;
  } | null;
  /**
   * The chain head when the export began: records are exported up to it and no further, so the
   * export is a consistent cut of the log (`null` for an empty log).
   */
  chainHead: ChainHead | null;
  /** The CSV header, in order (CSV only). */
  columns?: string[];
  /** The files of the export: one, the file the chunks make up. */
  files: ExportFile[];
  /** Fields left out of `registry-snapshot` records because they were not snapshot metadata (0 for records the gate made). */
  fieldsWithheld: number;
}

/**
 * An export: itself an async iterable of text chunks (also as `chunks`), read once, and the
 * manifest, which settles when the iteration ends (it rejects if the iteration fails or stops early).
 */
export interface RecordExport extends AsyncIterable<string> {
  /** The chunks of the file, in order: concatenated, they are the file. Can be iterated once. */
  readonly chunks: AsyncIterable<string>;
  /** Resolves when the last chunk has been read; rejects when the export failed or was abandoned. */
  readonly manifest: Promise<ExportManifest>;
}

/** The fields of a `registry-snapshot` record an export keeps: metadata, never numbers. */
export const REGISTRY_SNAPSHOT_FIELDS: ReadonlySet<string> = new Set([
  "areaCodes",
  "badLines",
  "baseId",
  "count",
  "edition",
  "obtainedAt",
  "registryId",
  "sha256",
  "snapshotKind",
  "source",
]);

const CHUNK_CHARS = 64 * 1024;

interface ParsedExport {
  format: "csv" | "jsonl";
  filter: Omit<ListQuery, "limit" | "afterSeq">;
  query: ExportManifest["query"];
}

function parseOptions(options: ExportOptions, sellerId: string): ParsedExport {
  if (options === null || typeof options !== "object") throw invalidInput("export", [{ path: "", message: "must be an object { format, from?, to?, kinds? }" }]);
  const issues: InputIssue[] = [];
  if (options.format !== "csv" && options.format !== "jsonl") issues.push({ path: "format", message: 'must be "csv" or "jsonl"' });
  const filter: Omit<ListQuery, "limit" | "afterSeq"> = { sellerId };
  const query: ExportManifest["query"] = {};
  if (options.kinds !== undefined) {
    if (!Array.isArray(options.kinds) || options.kinds.length === 0) issues.push({ path: "kinds", message: "must be a non-empty array of record kinds" });
    else {
      const bad = options.kinds.filter((k) => !RECORD_KINDS.includes(k));
      if (bad.length > 0) issues.push({ path: "kinds", message: `unknown kinds ${bad.join(", ")}` });
      filter.kinds = [...new Set(options.kinds)];
      query.kinds = [...filter.kinds];
    }
  }
  if (options.phone !== undefined) {
    const p = typeof options.phone === "string" ? parseUsPhone(options.phone) : undefined;
    if (p === undefined || !p.ok) issues.push({ path: "phone", message: p === undefined ? "must be a string" : p.message });
    else filter.phone = query.phone = p.e164;
  }
  try {
    const r = resolveRange({ ...(options.from === undefined ? {} : { from: options.from }), ...(options.to === undefined ? {} : { to: options.to }) }, "export");
    if (r.from !== undefined) filter.from = query.from = r.from;
    if (r.to !== undefined) filter.to = query.to = r.to;
  } catch (error) {
    issues.push(...(((error as { details?: { issues?: InputIssue[] } }).details?.issues) ?? []));
  }
  if (issues.length > 0) throw invalidInput("export", issues);
  return { format: options.format, filter, query };
}

/** A registry-snapshot record's data cut to snapshot metadata; `withheld` counts the fields left out. */
function snapshotMetadata(record: StoredRecord): { record: StoredRecord; withheld: number } {
  const keys = Object.keys(record.data);
  const kept = keys.filter((k) => REGISTRY_SNAPSHOT_FIELDS.has(k));
  if (kept.length === keys.length) return { record, withheld: 0 };
  const data: Record<string, unknown> = {};
  for (const k of kept) data[k] = record.data[k];
  return { record: { ...record, data }, withheld: keys.length - kept.length };
}

function fileName(sellerId: string, generatedAt: Date, format: "csv" | "jsonl"): string {
  const safe = sellerId.replace(/[^A-Za-z0-9._-]+/g, "_");
  const stamp = generatedAt.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
  return `${safe}-records-${stamp}.${format}`;
}

/** Starts an export (nothing is read until the chunks are). Options are checked at once. */
export function exportRecords(internals: GateInternals, now: Date, options: ExportOptions): RecordExport {
  const parsed = parseOptions(options, internals.seller.id);
  let settle: { resolve: (m: ExportManifest) => void; reject: (e: unknown) => void } | undefined;
  const manifest = new Promise<ExportManifest>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A caller who only iterates must not get an unhandled rejection; awaiting `manifest` still rejects.
  manifest.catch(() => undefined);
  const { resolve, reject } = settle as NonNullable<typeof settle>;
  let settled = false;

  async function* generate(): AsyncGenerator<string> {
    const sha = createHash("sha256");
    let bytes = 0;
    let count = 0;
    let withheld = 0;
    const countsByKind: Partial<Record<RecordKind, number>> = {};
    let first: StoredRecord | undefined;
    let last: StoredRecord | undefined;
    let minAt = Infinity;
    let maxAt = -Infinity;
    let buffer = parsed.format === "csv" ? `${CSV_COLUMNS.map(csvField).join(",")}\r\n` : "";
    try {
      const head = await readStorage("read the chain head", () => internals.storage.head());
      if (head !== null) {
        for await (const stored of scanStorage(internals.storage, parsed.filter, "export records")) {
          if (stored.seq > head.seq) break; // appended after the export began: not part of this cut
          let r = stored;
          if (r.kind === "registry-snapshot") {
            const cut = snapshotMetadata(r);
            r = cut.record;
            withheld += cut.withheld;
          }
          const dataText = canonicalJson(r.data);
          buffer += parsed.format === "csv" ? csvRow(r, dataText) : jsonlLine(r, dataText);
          count++;
          countsByKind[r.kind] = (countsByKind[r.kind] ?? 0) + 1;
          first ??= r;
          last = r;
          const t = r.at.getTime();
          if (t < minAt) minAt = t;
          if (t > maxAt) maxAt = t;
          if (buffer.length >= CHUNK_CHARS) {
            sha.update(buffer, "utf8");
            bytes += Buffer.byteLength(buffer, "utf8");
            const chunk = buffer;
            buffer = "";
            yield chunk;
          }
        }
      }
      if (buffer.length > 0) {
        sha.update(buffer, "utf8");
        bytes += Buffer.byteLength(buffer, "utf8");
        const chunk = buffer;
        buffer = "";
        yield chunk;
      }
      const m: ExportManifest = {
        format: parsed.format,
        sellerId: internals.seller.id,
        generatedAt: new Date(now.getTime()),
        query: parsed.query,
        count,
        countsByKind,
        timeRange: count === 0 ? null : { first: new Date(minAt), last: new Date(maxAt) },
        seqRange: first === undefined || last === undefined ? null : { first: first.seq, last: last.seq },
        chainHead: head,
        files: [
          {
            name: fileName(internals.seller.id, now, parsed.format),
            mediaType: parsed.format === "csv" ? "text/csv; charset=utf-8; header=present" : "application/jsonl; charset=utf-8",
            bytes,
            sha256: sha.digest("hex"),
            records: count,
          },
        ],
        fieldsWithheld: withheld,
      };
      if (parsed.format === "csv") m.columns = [...CSV_COLUMNS];
      settled = true;
      resolve(m);
    } catch (error) {
      settled = true;
      reject(error);
      throw error;
    } finally {
      if (!settled) {
        settled = true;
        reject(new CallgateError(ErrorCodes.INVALID_INPUT, "The export was not read to its end: no manifest", { details: { records: count } }));
      }
    }
  }

  let iterated = false;
  const iterate = (): AsyncIterator<string> => {
    if (iterated) throw new CallgateError(ErrorCodes.INVALID_INPUT, "An export can be read once: call exportRecords again");
    iterated = true;
    return generate();
  };
  const chunks: AsyncIterable<string> = { [Symbol.asyncIterator]: iterate };
  return { chunks, manifest, [Symbol.asyncIterator]: iterate };
}
