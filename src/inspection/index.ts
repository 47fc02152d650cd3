/**
 * Records that answer an inspection: query and export, corrections, complaints, the post-call
 * audit, legal holds and the compliance report, as one group of gate methods bound to the gate's
 * internals. Each method reads the clock at most once.
 */
import { CallgateError, ErrorCodes, invalidInput } from "../errors.js";
import type { GateInternals } from "../gate/internals.js";
import { tryParseInstant } from "../time/instant.js";
import { amendInteraction, getInteraction, type InteractionChanges, type InteractionView } from "./amend.js";
import { auditInteractions, type AuditRange, type AuditReport } from "./audit.js";
import { DEFAULT_COMPLAINT_RESPONSE_BUSINESS_DAYS } from "./audit-rules.js";
import {
  getComplaint,
  listComplaints,
  recordComplaint,
  resolveComplaint,
  respondToComplaint,
  type ComplaintInput,
  type ComplaintQuery,
  type ComplaintResolutionInput,
  type ComplaintResponseInput,
  type ComplaintView,
} from "./complaints.js";
import { exportRecords, type ExportOptions, type RecordExport } from "./export.js";
import { listLegalHolds, placeLegalHold, releaseLegalHold, type LegalHold, type LegalHoldInput } from "./holds.js";
import { queryRecords, type RecordQuery, type RecordQueryPage } from "./query.js";
import type { ClosedRange } from "./range.js";
import { renderReport } from "./report/index.js";

export type { AmendmentEntry, InteractionChanges, InteractionView } from "./amend.js";
export type { AbandonmentPeriod, AuditFinding, AuditRange, AuditReport } from "./audit.js";
export { AUDIT_RULES, DEFAULT_COMPLAINT_RESPONSE_BUSINESS_DAYS, auditRules, complaintRules, type AuditRule } from "./audit-rules.js";
export type { ComplaintInput, ComplaintQuery, ComplaintResolutionInput, ComplaintResponseInput, ComplaintStatus, ComplaintView } from "./complaints.js";
export { CSV_COLUMNS, CSV_DATA_PATHS, CSV_ENVELOPE_COLUMNS } from "./export-format.js";
export type { ExportFile, ExportManifest, ExportOptions, RecordExport } from "./export.js";
export { MASSACHUSETTS_LEGAL_HOLIDAYS, addBusinessDays, isBusinessDay, massachusettsHolidays, type BusinessDeadline, type HolidayRule } from "./holidays.js";
export { holdCovers, type LegalHold, type LegalHoldInput } from "./holds.js";
export type { RecordQuery, RecordQueryPage, RecordView } from "./query.js";
export type { ClosedRange, TimeRange } from "./range.js";

/** Options of {@link inspectionMethods}. */
export interface InspectionOptions {
  /** Business days a complaint's response is due after the day it is received (Massachusetts legal holidays excluded). @default 10 */
  complaintResponseBusinessDays?: number;
}

/** The gate methods that make the records answer an inspection. */
export interface InspectionMethods {
  /**
   * One page of this seller's records matching every filter given (number, kinds, `[from, to)` on
   * the record's own instant, campaign, corrected disposition), in seq order. Interactions come
   * with their corrected view and history. Pass `nextCursor` back as `cursor` until it is absent:
   * no record is skipped or repeated, even while records are appended.
   */
  queryRecords(query?: RecordQuery): Promise<RecordQueryPage>;

  /**
   * Streams this seller's records for a regulator as CSV (RFC 4180, header row, CRLF; envelope
   * columns, fixed flattened `data.*` columns and the whole `data` as canonical JSON) or JSON Lines
   * (one canonical JSON record per line, verifiable with `recordHash`). The result is an async
   * iterable of text chunks (also `chunks`), read once, page by page; `manifest` (count, time
   * range, chain head, SHA-256 and size of the file) settles when the last chunk has been read.
   * Records appended after the export began are left out. Never holds registry contents.
   * Bad options throw `INVALID_INPUT` at once.
   *
   * @example
   * const exp = gate.exportRecords({ format: "jsonl", from: "2026-11-01", to: "2026-12-01" });
   * for await (const chunk of exp) out.write(chunk);
   * const { count, files } = await exp.manifest;
   */
  exportRecords(options: ExportOptions): RecordExport;

  /**
   * Corrects interaction `id` by appending an amendment that points at it (the original is never
   * changed): `changes` names the fields and their new values (`null` removes one; `timing` and
   * `consumer` merge member by member), `reason` says why. The number and the start of a call
   * cannot be corrected. Returns the corrected view with its history. `NOT_FOUND` for an unknown id.
   */
  amendInteraction(id: string, changes: InteractionChanges, reason: string): Promise<InteractionView>;

  /** Interaction `id` as first recorded, its corrected view and its amendments. `NOT_FOUND` for an unknown id. */
  getInteraction(id: string): Promise<InteractionView>;

  /**
   * Records a consumer complaint received at `input.at` (default: now). Its response is due by the
   * end of the `complaintResponseBusinessDays`-th business day after that day (New York;
   * weekends and Massachusetts legal holidays are not business days).
   */
  recordComplaint(input: ComplaintInput): Promise<ComplaintView>;

  /** Records a response to complaint `id` (at `input.at`, default now). A resolved complaint takes no more responses. */
  respondToComplaint(id: string, input: ComplaintResponseInput): Promise<ComplaintView>;

  /** Records the resolution of complaint `id`; a resolution with no response before it also counts as the response. */
  resolveComplaint(id: string, input: ComplaintResolutionInput): Promise<ComplaintView>;

  /** Complaint `id` with its status, judged at the clock. `NOT_FOUND` for an unknown id. */
  getComplaint(id: string): Promise<ComplaintView>;

  /** This seller's complaints matching the filters, oldest first, `overdue` judged at `asOf` (default: the clock). */
  listComplaints(query?: ComplaintQuery): Promise<ComplaintView[]>;

  /** Complaints with no response whose deadline has passed at `asOf` (default: the clock), oldest first. */
  overdueComplaints(asOf?: Date | string | number): Promise<ComplaintView[]>;

  /**
   * The post-call audit over calls started in `[from, to)` (corrected views): findings for
   * rules.md's post-call table (`us.abandonment-rate` per campaign per 30-day period from `from`,
   * `us.abandon-2s`, `us.ring-time`, `ma.disclosure-1min`, `ma.ads-release`), calls never gated
   * (`audit.never-gated`) or placed against a denial (`audit.against-denial`), and written
   * consents granted in the range without signature or disclosure evidence
   * (`us.robocall-consent.evidence`). Each finding names its rule, citation and records.
   */
  auditInteractions(range: AuditRange): Promise<AuditReport>;

  /**
   * Places a legal hold on every record matching all the scopes given (a number, a campaign, a
   * time range on the record's own instant); `purgeExpired` never removes a held record.
   */
  placeLegalHold(input: LegalHoldInput): Promise<LegalHold>;

  /** Releases hold `holdId`: its records become purgeable again by age. `NOT_FOUND` when no such hold exists. */
  releaseLegalHold(holdId: string, reason: string): Promise<LegalHold>;

  /** The legal holds in force (every hold ever placed, with `includeReleased`). */
  listLegalHolds(options?: { includeReleased?: boolean }): Promise<LegalHold[]>;

  /**
   * The compliance report of `[from, to)` as one self-contained HTML page (inline SVG and CSS, no
   * network asset): calls per day by disposition, denials by reason, abandonment per campaign
   * against the 3% line, open and overdue complaints (at the clock), registry copy age over time,
   * and the audit findings.
   */
  report(range: ClosedRange): Promise<string>;
}

/** Binds the inspection methods to a gate's internals. */
export function inspectionMethods(internals: GateInternals, options: InspectionOptions = {}): InspectionMethods {
  const businessDays = options.complaintResponseBusinessDays ?? DEFAULT_COMPLAINT_RESPONSE_BUSINESS_DAYS;
  if (!Number.isInteger(businessDays) || businessDays < 1 || businessDays > 365) {
    throw new CallgateError(ErrorCodes.INVALID_CONFIG, "complaintResponseBusinessDays must be a whole number of days from 1 to 365", {
      details: { key: "complaintResponseBusinessDays" },
    });
  }
  const asOfInstant = (asOf: unknown): Date => {
    if (asOf === undefined) return internals.readClock();
    const at = tryParseInstant(asOf);
    if (at === undefined) throw invalidInput("complaint query", [{ path: "asOf", message: "is not a date" }]);
    return at;
  };
  return {
    queryRecords: (query) => queryRecords(internals, query),
    exportRecords: (options) => exportRecords(internals, internals.readClock(), options),
    amendInteraction: async (id, changes, reason) => amendInteraction(internals, internals.readClock(), id, changes, reason),
    getInteraction: (id) => getInteraction(internals, id),
    recordComplaint: async (input) => recordComplaint(internals, internals.readClock(), input, businessDays),
    respondToComplaint: async (id, input) => respondToComplaint(internals, internals.readClock(), id, input),
    resolveComplaint: async (id, input) => resolveComplaint(internals, internals.readClock(), id, input),
    getComplaint: async (id) => getComplaint(internals, id, internals.readClock()),
    listComplaints: async (query = {}) => {
      const { asOf, ...rest } = query;
      return listComplaints(internals, asOfInstant(asOf), rest);
    },
    overdueComplaints: async (asOf) => listComplaints(internals, asOfInstant(asOf), { overdue: true }),
    auditInteractions: (range) => auditInteractions(internals, range),
    placeLegalHold: async (input) => placeLegalHold(internals, internals.readClock(), input),
    releaseLegalHold: async (holdId, reason) => releaseLegalHold(internals, internals.readClock(), holdId, reason),
    listLegalHolds: async (opts = {}) => listLegalHolds(internals.storage, internals.seller.id, opts.includeReleased === true),
    report: async (range) => renderReport(internals, internals.readClock(), range),
  };
}
