/**
 * Records by number, time range, campaign, disposition and kind, paged: the "organized and easily
 * accessible" records of the seed article. Paging follows the adapter's `afterSeq` cursors, so a
 * walk from the first page to the last sees every matching record once, in seq order, even while
 * records are appended. Interactions are shown corrected (their amendments applied in seq order).
 */
import { invalidInput, type InputIssue } from "../errors.js";
import type { GateInternals } from "../gate/internals.js";
import { parseUsPhone } from "../phone/index.js";
import { RECORD_KINDS, type ListQuery, type RecordKind, type StoredRecord } from "../storage/types.js";
import type { InstantInput } from "../time/instant.js";
import { amendmentEntry, applyAmendments, loadAmendments, type AmendmentEntry, type AmendmentIndex } from "./amend.js";
import { resolveRange } from "./range.js";
import { readStorage } from "./storage-read.js";

/** A query of {@link InspectionMethods.queryRecords}. Every filter is optional; they combine with AND. */
export interface RecordQuery {
  /** The number the records are about, any common US format. */
  phone?: string;
  /** Only these kinds. @default every kind */
  kinds?: readonly RecordKind[];
  /** Inclusive lower bound on the record's own instant (`at`: a call's start, a consent's grant). */
  from?: InstantInput;
  /** Exclusive upper bound on `at`. */
  to?: InstantInput;
  /** Records of this campaign: `data.campaignId` (corrected, for an interaction), or the request's campaign of a decision. */
  campaignId?: string;
  /** Interactions whose corrected disposition is one of these (implies `kinds: ["interaction"]`). */
  disposition?: string | readonly string[];
  /** Page size. @default 100, at most 1000 */
  limit?: number;
  /** The `nextCursor` of the previous page; omit for the first page. */
  cursor?: string;
}

/** A record as the inspection methods show it. */
export interface RecordView {
  /** The record exactly as stored (its hash verifies). */
  record: StoredRecord;
  /** Its data, with the amendments of an interaction applied in seq order (else `record.data`). */
  current: Readonly<Record<string, unknown>>;
  /** The amendments of an interaction, oldest first (empty for other kinds and for unamended interactions). */
  history: AmendmentEntry[];
}

/** One page of a query. */
export interface RecordQueryPage {
  /** The page's records, in seq order. */
  records: RecordView[];
  /** Pass as `cursor` for the next page; absent on the last page. A page may be short, even empty, and still have a next one. */
  nextCursor?: string;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const SCAN_PAGE = 500;

/** The campaign a record belongs to: `campaignId` in its (corrected) data, or in a decision's request. */
export function campaignOf(record: StoredRecord, current: Readonly<Record<string, unknown>> = record.data): string | undefined {
  if (typeof current.campaignId === "string") return current.campaignId;
  const request = current.request;
  if (request !== null && typeof request === "object" && typeof (request as Record<string, unknown>).campaignId === "string") {
    return (request as Record<string, unknown>).campaignId as string;
  }
  return undefined;
}

interface ParsedQuery {
  list: Omit<ListQuery, "limit" | "afterSeq">;
  limit: number;
  afterSeq?: number;
  campaignId?: string;
  dispositions?: ReadonlySet<string>;
}

function parseQuery(query: RecordQuery, sellerId: string): ParsedQuery {
  if (query === null || typeof query !== "object") throw invalidInput("record query", [{ path: "", message: "must be an object" }]);
  const issues: InputIssue[] = [];
  const list: Omit<ListQuery, "limit" | "afterSeq"> = { sellerId };
  const out: ParsedQuery = { list, limit: DEFAULT_LIMIT };
  if (query.phone !== undefined) {
    const p = typeof query.phone === "string" ? parseUsPhone(query.phone) : undefined;
    if (p === undefined || !p.ok) issues.push({ path: "phone", message: p === undefined ? "must be a string" : p.message });
    else list.phone = p.e164;
  }
  let kinds: RecordKind[] | undefined;
  if (query.kinds !== undefined) {
    if (!Array.isArray(query.kinds) || query.kinds.length === 0) issues.push({ path: "kinds", message: "must be a non-empty array of record kinds" });
    else {
      const bad = query.kinds.filter((k) => !RECORD_KINDS.includes(k));
      if (bad.length > 0) issues.push({ path: "kinds", message: `unknown kinds ${bad.join(", ")}; kinds are ${RECORD_KINDS.join(", ")}` });
      kinds = [...new Set(query.kinds)];
    }
  }
  if (query.disposition !== undefined) {
    const d = typeof query.disposition === "string" ? [query.disposition] : query.disposition;
    if (!Array.isArray(d) || d.length === 0 || d.some((x) => typeof x !== "string")) {
      issues.push({ path: "disposition", message: "must be a disposition or a non-empty array of them" });
    } else {
      out.dispositions = new Set(d);
      if (kinds !== undefined && !kinds.includes("interaction")) {
        issues.push({ path: "disposition", message: "filters interactions: kinds must include interaction" });
      }
      kinds = ["interaction"];
    }
  }
  if (kinds !== undefined) list.kinds = kinds;
  if (query.campaignId !== undefined) {
    if (typeof query.campaignId !== "string" || query.campaignId === "") issues.push({ path: "campaignId", message: "must be a non-empty string" });
    else out.campaignId = query.campaignId;
  }
  if (query.limit !== undefined) {
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_LIMIT) issues.push({ path: "limit", message: `must be a whole number from 1 to ${MAX_LIMIT}` });
    else out.limit = query.limit;
  }
  if (query.cursor !== undefined) {
    if (typeof query.cursor !== "string" || !/^\d{1,15}$/.test(query.cursor)) issues.push({ path: "cursor", message: "is not a cursor returned by queryRecords" });
    else out.afterSeq = Number(query.cursor);
  }
  try {
    const range = resolveRange({ ...(query.from === undefined ? {} : { from: query.from }), ...(query.to === undefined ? {} : { to: query.to }) }, "record query");
    if (range.from !== undefined) list.from = range.from;
    if (range.to !== undefined) list.to = range.to;
  } catch (error) {
    issues.push(...(((error as { details?: { issues?: InputIssue[] } }).details?.issues) ?? []));
  }
  if (issues.length > 0) throw invalidInput("record query", issues);
  return out;
}

/** The view of any record, given the amendment index. */
export function recordView(record: StoredRecord, amendments: AmendmentIndex): RecordView {
  if (record.kind !== "interaction") return { record, current: record.data, history: [] };
  const list = amendments.get(record.id);
  return { record, current: applyAmendments(record.data, list), history: (list ?? []).map(amendmentEntry) };
}

/** One page of records matching `query`, in seq order. */
export async function queryRecords(internals: GateInternals, query: RecordQuery = {}): Promise<RecordQueryPage> {
  const q = parseQuery(query, internals.seller.id);
  const postFilter = q.campaignId !== undefined || q.dispositions !== undefined;
  const matches = (v: RecordView): boolean =>
    (q.campaignId === undefined || campaignOf(v.record, v.current) === q.campaignId) &&
    (q.dispositions === undefined || q.dispositions.has(String(v.current.disposition)));
  let amendments: AmendmentIndex | undefined;
  const viewOf = async (r: StoredRecord): Promise<RecordView> => {
    if (r.kind === "interaction" && amendments === undefined) {
      amendments = await loadAmendments(internals.storage, internals.seller.id, q.list.phone);
    }
    return recordView(r, amendments ?? new Map());
  };

  const out: RecordView[] = [];
  let afterSeq = q.afterSeq;
  for (;;) {
    const page = await readStorage("list records", () =>
      internals.storage.listRecords({
        ...q.list,
        limit: postFilter ? Math.max(q.limit, SCAN_PAGE) : q.limit - out.length,
        ...(afterSeq === undefined ? {} : { afterSeq }),
      }),
    );
    const views: RecordView[] = [];
    for (const r of page.records) views.push(await viewOf(r));
    for (let i = 0; i < views.length; i++) {
      const v = views[i] as RecordView;
      if (!matches(v)) continue;
      out.push(v);
      if (out.length < q.limit) continue;
      const restMatches = views.slice(i + 1).some(matches);
      if (restMatches) return { records: out, nextCursor: String(v.record.seq) };
      if (page.nextAfterSeq === undefined) return { records: out };
      return { records: out, nextCursor: String(page.nextAfterSeq) };
    }
    if (page.nextAfterSeq === undefined) return { records: out };
    afterSeq = page.nextAfterSeq;
  }
}
