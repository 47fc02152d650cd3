/**
 * Consumer complaints (rules.md, Records: "open, respond, resolve, with a response deadline and its
 * status"). Each step is an appended `complaint` record; the complaint is the view of its records.
 * The response is due a number of business days after the day the complaint was received
 * (policy, default 10; Massachusetts legal holidays are not business days).
 */
import { z } from "zod";
import { CallgateError, ErrorCodes, invalidInput } from "../errors.js";
import type { GateInternals } from "../gate/internals.js";
import { envelope, jsonData } from "../gate/records.js";
import { parseUsPhone } from "../phone/index.js";
import { instantSchema, parseInput } from "../records/schemas.js";
import type { StoredRecord } from "../storage/types.js";
import type { InstantInput } from "../time/instant.js";
import { addBusinessDays } from "./holidays.js";
import { readStorage, scanStorage } from "./storage-read.js";

/** How a complaint reached the seller. */
export const COMPLAINT_CHANNELS = ["call", "text", "email", "web", "mail", "agent", "regulator", "other"] as const;

const text = z.string().trim().min(1, "must not be empty").max(10_000, "is too long");

const complaintInputSchema = z
  .object({
    phone: z.string().trim().min(1).optional(),
    at: instantSchema.optional(),
    channel: z.enum(COMPLAINT_CHANNELS),
    summary: text,
    campaignId: text.optional(),
    interactionId: text.optional(),
    consumerName: z.string().max(1000).optional(),
    reference: z.string().max(1000).optional(),
  })
  .strict();

const responseInputSchema = z
  .object({ at: instantSchema.optional(), response: text, by: z.string().max(1000).optional(), channel: z.enum(COMPLAINT_CHANNELS).optional() })
  .strict();

const resolutionInputSchema = z
  .object({ at: instantSchema.optional(), resolution: text, by: z.string().max(1000).optional() })
  .strict();

/** Input of {@link InspectionMethods.recordComplaint}. */
export interface ComplaintInput {
  /** The complaining consumer's number, any common US format; absent when the complaint names none. */
  phone?: string | undefined;
  /** When the complaint was received (not in the future); the response deadline counts from its day. @default the clock's instant */
  at?: InstantInput | undefined;
  /** How the complaint reached the seller. */
  channel: "call" | "text" | "email" | "web" | "mail" | "agent" | "regulator" | "other";
  /** What the consumer complains of, in their words or the seller's summary. */
  summary: string;
  /** The campaign the complaint is about. */
  campaignId?: string | undefined;
  /** The id of the interaction (call detail record) the complaint is about. */
  interactionId?: string | undefined;
  /** The consumer's name, as given. */
  consumerName?: string | undefined;
  /** The seller's or the regulator's own reference for the complaint (ticket or case number). */
  reference?: string | undefined;
}

/** Input of {@link InspectionMethods.respondToComplaint}. */
export interface ComplaintResponseInput {
  /** When the response was made: not in the future, not before the complaint was received. @default the clock's instant */
  at?: InstantInput | undefined;
  /** What the seller answered the consumer. */
  response: string;
  /** Who responded (an agent, a team). */
  by?: string | undefined;
  /** How the response reached the consumer. */
  channel?: "call" | "text" | "email" | "web" | "mail" | "agent" | "regulator" | "other" | undefined;
}

/** Input of {@link InspectionMethods.resolveComplaint}. */
export interface ComplaintResolutionInput {
  /** When the complaint was resolved: not in the future, not before it was received. @default the clock's instant */
  at?: InstantInput | undefined;
  /** How the complaint was resolved. */
  resolution: string;
  /** Who resolved it. */
  by?: string | undefined;
}

// The interfaces above spell out the schemas' input types for the documentation; these aliases
// stop compiling when the two drift apart (types only: nothing of this reaches the build).
type SameType<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type MustBeTrue<T extends true> = T;
type _ComplaintInputsMatchSchemas = [
  MustBeTrue<SameType<ComplaintInput, z.input<typeof complaintInputSchema>>>,
  MustBeTrue<SameType<ComplaintResponseInput, z.input<typeof responseInputSchema>>>,
  MustBeTrue<SameType<ComplaintResolutionInput, z.input<typeof resolutionInputSchema>>>,
];

/** A complaint's status: no response yet, responded, or resolved. */
export type ComplaintStatus = "open" | "responded" | "resolved";

const COMPLAINT_STATUSES: readonly ComplaintStatus[] = ["open", "responded", "resolved"];

/** A complaint as its records show it. */
export interface ComplaintView {
  /** The complaint's id: the id of the record that opened it. */
  id: string;
  /** The complaining consumer's number (E.164), or `null` when the complaint names none. */
  phone: string | null;
  /** When the complaint was received. */
  openedAt: Date;
  /** How the complaint reached the seller. */
  channel: string;
  /** What the consumer complained of. */
  summary: string;
  /** The campaign the complaint is about, when named. */
  campaignId?: string;
  /** The id of the interaction the complaint is about, when named. */
  interactionId?: string;
  /** The last business day for the response, `YYYY-MM-DD` in New York. */
  dueDate: string;
  /** The response is late from this instant on (the start of the day after `dueDate`, New York). */
  dueAt: Date;
  /** Open (no response yet), responded, or resolved. */
  status: ComplaintStatus;
  /** When the first response (or the resolution, if it came first) was made. */
  respondedAt?: Date;
  /** When the complaint was resolved; absent until it is. */
  resolvedAt?: Date;
  /** No response yet, and the deadline has passed at `asOf`. */
  overdue: boolean;
  /** The first response came at or after `dueAt`. */
  respondedLate: boolean;
  /** The instant `overdue` was judged at. */
  asOf: Date;
  /** The complaint's records, in seq order. */
  records: StoredRecord[];
}

/** Filters of {@link InspectionMethods.listComplaints}. */
export interface ComplaintQuery {
  /** Only complaints with this status (or one of these). */
  status?: ComplaintStatus | readonly ComplaintStatus[];
  /** Only overdue complaints (true) or only those that are not (false), judged at `asOf`. */
  overdue?: boolean;
  /** Only complaints about this number. */
  phone?: string;
  /** The instant to judge `overdue` at. @default the clock */
  asOf?: InstantInput;
}

/** Records a complaint received at `at` (default: now); its response is due `businessDays` business days later. */
export async function recordComplaint(internals: GateInternals, now: Date, input: ComplaintInput, businessDays: number): Promise<ComplaintView> {
  const parsed = parseInput(complaintInputSchema, input, "complaint");
  let phone: string | null = null;
  if (parsed.phone !== undefined) {
    const p = parseUsPhone(parsed.phone);
    if (!p.ok) throw invalidInput("complaint", [{ path: "phone", message: p.message }]);
    phone = p.e164;
  }
  const at = parsed.at ?? now;
  if (at.getTime() > now.getTime()) throw invalidInput("complaint", [{ path: "at", message: "is in the future: record a complaint once it is received" }]);
  const due = addBusinessDays(at, businessDays);
  const { phone: _p, at: _a, ...rest } = parsed;
  const record = envelope(internals.context(now), "complaint", "cmp", phone, at, {
    ...rest,
    action: "open",
    dueDate: due.dueDate,
    dueAt: due.dueAt,
    responseBusinessDays: businessDays,
  });
  record.data = jsonData({ ...record.data, complaintId: record.id });
  const [stored] = await internals.append([record], now);
  return complaintView([stored as StoredRecord], now);
}

/** Records a response to complaint `id`. */
export async function respondToComplaint(internals: GateInternals, now: Date, id: string, input: ComplaintResponseInput): Promise<ComplaintView> {
  const parsed = parseInput(responseInputSchema, input, "complaint response");
  const records = await complaintRecords(internals, id);
  const view = complaintView(records, now);
  if (view.status === "resolved") throw invalidInput("complaint response", [{ path: "id", message: `complaint ${id} is resolved` }]);
  const at = stepInstant(parsed.at, now, view, "complaint response");
  const { at: _a, ...rest } = parsed;
  const record = envelope(internals.context(now), "complaint", "cmp", view.phone, at, { ...rest, action: "respond", complaintId: id, campaignId: view.campaignId });
  const [stored] = await internals.append([record], now);
  return complaintView([...records, stored as StoredRecord], now);
}

/** Records the resolution of complaint `id`. */
export async function resolveComplaint(internals: GateInternals, now: Date, id: string, input: ComplaintResolutionInput): Promise<ComplaintView> {
  const parsed = parseInput(resolutionInputSchema, input, "complaint resolution");
  const records = await complaintRecords(internals, id);
  const view = complaintView(records, now);
  if (view.status === "resolved") throw invalidInput("complaint resolution", [{ path: "id", message: `complaint ${id} is already resolved` }]);
  const at = stepInstant(parsed.at, now, view, "complaint resolution");
  const { at: _a, ...rest } = parsed;
  const record = envelope(internals.context(now), "complaint", "cmp", view.phone, at, { ...rest, action: "resolve", complaintId: id, campaignId: view.campaignId });
  const [stored] = await internals.append([record], now);
  return complaintView([...records, stored as StoredRecord], now);
}

function stepInstant(at: Date | undefined, now: Date, view: ComplaintView, what: string): Date {
  const t = at ?? now;
  if (t.getTime() > now.getTime()) throw invalidInput(what, [{ path: "at", message: "is in the future" }]);
  if (t.getTime() < view.openedAt.getTime()) throw invalidInput(what, [{ path: "at", message: "is before the complaint was received" }]);
  return t;
}

/** One complaint, judged at `asOf`; `NOT_FOUND` when there is none. */
export async function getComplaint(internals: GateInternals, id: string, asOf: Date): Promise<ComplaintView> {
  return complaintView(await complaintRecords(internals, id), asOf);
}

/** Every complaint of the seller matching `query`, oldest first, judged at `asOf`. */
export async function listComplaints(internals: GateInternals, asOf: Date, query: Omit<ComplaintQuery, "asOf"> = {}): Promise<ComplaintView[]> {
  const filter: { sellerId: string; kinds: ["complaint"]; phone?: string } = { sellerId: internals.seller.id, kinds: ["complaint"] };
  if (query.phone !== undefined) {
    const p = typeof query.phone === "string" ? parseUsPhone(query.phone) : undefined;
    if (p === undefined || !p.ok) throw invalidInput("complaint query", [{ path: "phone", message: p?.ok === false ? p.message : "must be a string" }]);
    filter.phone = p.e164;
  }
  const statuses = query.status === undefined ? undefined : new Set<ComplaintStatus>(typeof query.status === "string" ? [query.status] : query.status);
  const bad = [...(statuses ?? [])].filter((s) => !COMPLAINT_STATUSES.includes(s));
  if (bad.length > 0) throw invalidInput("complaint query", [{ path: "status", message: `unknown status ${bad.join(", ")}; statuses are ${COMPLAINT_STATUSES.join(", ")}` }]);
  const byId = new Map<string, StoredRecord[]>();
  for await (const r of scanStorage(internals.storage, filter, "read complaints")) {
    const id = String(r.data.complaintId ?? r.id);
    const list = byId.get(id);
    if (list === undefined) byId.set(id, [r]);
    else list.push(r);
  }
  const out: ComplaintView[] = [];
  for (const records of byId.values()) {
    if (!records.some((r) => r.data.action === "open")) continue;
    const v = complaintView(records, asOf);
    if (statuses !== undefined && !statuses.has(v.status)) continue;
    if (query.overdue !== undefined && v.overdue !== query.overdue) continue;
    out.push(v);
  }
  return out.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime() || a.id.localeCompare(b.id));
}

async function complaintRecords(internals: GateInternals, id: unknown): Promise<StoredRecord[]> {
  if (typeof id !== "string" || id.trim() === "") throw invalidInput("complaint id", [{ path: "id", message: "must be a non-empty string" }]);
  const open = await readStorage("read a record", () => internals.storage.getRecord(id));
  if (open === null || open.sellerId !== internals.seller.id || open.kind !== "complaint" || open.data.action !== "open") {
    throw new CallgateError(ErrorCodes.NOT_FOUND, `No complaint ${id} of seller ${internals.seller.id}`, { details: { id } });
  }
  const filter = open.phone === null ? { sellerId: internals.seller.id, kinds: ["complaint" as const] } : { sellerId: internals.seller.id, kinds: ["complaint" as const], phone: open.phone };
  const records: StoredRecord[] = [];
  for await (const r of scanStorage(internals.storage, filter, "read complaints")) {
    if (r.id === id || r.data.complaintId === id) records.push(r);
  }
  return records;
}

/** The view of a complaint's records (in seq order), judged at `asOf`. */
export function complaintView(records: readonly StoredRecord[], asOf: Date): ComplaintView {
  const open = records.find((r) => r.data.action === "open");
  if (open === undefined) throw new CallgateError(ErrorCodes.INTEGRITY_VIOLATION, "A complaint has no opening record", { details: { ids: records.map((r) => r.id) } });
  const d = open.data;
  const dueAt = new Date(String(d.dueAt));
  let respondedAt: Date | undefined;
  let resolvedAt: Date | undefined;
  for (const r of records) {
    if (r.data.action === "respond" || r.data.action === "resolve") {
      if (respondedAt === undefined || r.at.getTime() < respondedAt.getTime()) respondedAt = new Date(r.at.getTime());
    }
    if (r.data.action === "resolve" && resolvedAt === undefined) resolvedAt = new Date(r.at.getTime());
  }
  const status: ComplaintStatus = resolvedAt !== undefined ? "resolved" : respondedAt !== undefined ? "responded" : "open";
  const view: ComplaintView = {
    id: open.id,
    phone: open.phone,
    openedAt: new Date(open.at.getTime()),
    channel: String(d.channel),
    summary: String(d.summary),
    dueDate: String(d.dueDate),
    dueAt,
    status,
    overdue: respondedAt === undefined && asOf.getTime() >= dueAt.getTime(),
    respondedLate: respondedAt !== undefined && respondedAt.getTime() >= dueAt.getTime(),
    asOf: new Date(asOf.getTime()),
    records: [...records],
  };
  if (typeof d.campaignId === "string") view.campaignId = d.campaignId;
  if (typeof d.interactionId === "string") view.interactionId = d.interactionId;
  if (respondedAt !== undefined) view.respondedAt = respondedAt;
  if (resolvedAt !== undefined) view.resolvedAt = resolvedAt;
  return view;
}
