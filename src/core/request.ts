import { invalidInput, type InputIssue } from "../errors.js";
import { LINE_TYPES, METHODS, PURPOSES, type LineType, type Method, type Purpose } from "../rules/types.js";
import { tryParseInstant } from "../time/instant.js";
import { canonicalTimeZone } from "../time/zones.js";
import type { CallRequest } from "./types.js";

/** USPS codes of the states, DC and the territories (rules.md, "Who is covered"). */
export const USPS_STATE_CODES: ReadonlySet<string> = new Set([
  "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
  "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
  "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
  "DC", "PR", "GU", "VI", "MP", "AS",
]);

const POSTAL_CODE = /^\d{5}(?:-\d{4})?$/;
const PURPOSE_SET = new Set<string>(PURPOSES);
const METHOD_SET = new Set<string>(METHODS);
const LINE_TYPE_SET = new Set<string>(LINE_TYPES);

/** A request after validation, with defaults applied (except `callerId`, which falls back to the seller's). */
export interface NormalizedRequest {
  phone: string;
  at: Date;
  purpose: Purpose;
  method: Method;
  lineType: LineType;
  callerId: string | undefined;
  campaignId: string | undefined;
  state: string | undefined;
  postalCode: string | undefined;
  timeZone: string | undefined;
  isBusiness: boolean;
}

/**
 * Validates a {@link CallRequest} and applies defaults; throws `INVALID_INPUT` naming every bad
 * field. `now` is the instant used when `at` is absent.
 */
export function normalizeRequest(request: unknown, now: Date): NormalizedRequest {
  if (request === null || typeof request !== "object" || Array.isArray(request)) {
    throw invalidInput("call request", [{ path: "", message: "the request must be an object" }]);
  }
  const r = request as Record<string, unknown>;
  const issues: InputIssue[] = [];
  if (typeof r.phone !== "string") issues.push({ path: "phone", message: r.phone === undefined ? "is required" : "must be a string" });
  let at = now;
  if (r.at !== undefined) {
    const parsed = tryParseInstant(r.at);
    if (parsed === undefined) issues.push({ path: "at", message: "is not a date: use a Date, epoch milliseconds or an ISO-8601 string" });
    else at = parsed;
  }
  const purpose = pick(r.purpose, PURPOSE_SET, "purpose", "telemarketing", issues) as Purpose;
  const method = pick(r.method, METHOD_SET, "method", "live", issues) as Method;
  const lineType = pick(r.lineType, LINE_TYPE_SET, "lineType", "unknown", issues) as LineType;
  if (r.callerId !== undefined && typeof r.callerId !== "string") issues.push({ path: "callerId", message: "must be a string" });
  if (r.campaignId !== undefined && typeof r.campaignId !== "string") issues.push({ path: "campaignId", message: "must be a string" });

  let state: string | undefined;
  let postalCode: string | undefined;
  let timeZone: string | undefined;
  let isBusiness = false;
  if (r.consumer !== undefined) {
    if (r.consumer === null || typeof r.consumer !== "object" || Array.isArray(r.consumer)) {
      issues.push({ path: "consumer", message: "must be an object" });
    } else {
      const c = r.consumer as Record<string, unknown>;
      if (c.state !== undefined) {
        if (typeof c.state !== "string" || !USPS_STATE_CODES.has(c.state.trim().toUpperCase())) {
          issues.push({ path: "consumer.state", message: "must be the USPS code of a state, DC or territory (e.g. MA, PR)" });
        } else state = c.state.trim().toUpperCase();
      }
      if (c.postalCode !== undefined) {
        if (typeof c.postalCode !== "string" || !POSTAL_CODE.test(c.postalCode.trim())) {
          issues.push({ path: "consumer.postalCode", message: "must be a ZIP code: 12345 or 12345-6789" });
        } else postalCode = c.postalCode.trim();
      }
      if (c.timeZone !== undefined) {
        const canonical = typeof c.timeZone === "string" ? canonicalTimeZone(c.timeZone) : undefined;
        if (canonical === undefined) {
          issues.push({ path: "consumer.timeZone", message: "must be an IANA time zone such as America/New_York" });
        } else timeZone = canonical;
      }
      if (c.isBusiness !== undefined) {
        if (typeof c.isBusiness !== "boolean") issues.push({ path: "consumer.isBusiness", message: "must be a boolean" });
        else isBusiness = c.isBusiness;
      }
    }
  }
  if (issues.length > 0) throw invalidInput("call request", issues);
  return {
    phone: r.phone as string,
    at,
    purpose,
    method,
    lineType,
    callerId: r.callerId as string | undefined,
    campaignId: r.campaignId as string | undefined,
    state,
    postalCode,
    timeZone,
    isBusiness,
  };
}

function pick(value: unknown, allowed: ReadonlySet<string>, path: string, fallback: string, issues: InputIssue[]): string {
  if (value === undefined) return fallback;
  if (typeof value === "string" && allowed.has(value)) return value;
  issues.push({ path, message: `must be one of ${[...allowed].join(", ")}` });
  return fallback;
}
