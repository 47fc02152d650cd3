/**
 * Phone numbers: the only place libphonenumber-js is imported (style.md). Everything else works
 * with the branded {@link E164} string and the integer parts of the national number.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/** An E.164 number of the United States or its territories, e.g. `+16175550123`. */
export type E164 = string & { readonly __brand: "E164" };

/** The NANP countries the US rules protect: the 50 states and DC, and the territories. */
export const US_NANP_REGIONS: ReadonlySet<string> = new Set(["US", "PR", "GU", "VI", "MP", "AS"]);

/** A number that parsed as a valid US number. */
export interface UsPhone {
  ok: true;
  e164: E164;
  /** The 10-digit national number. */
  national: string;
  /** Area code, 200..999. */
  npa: number;
  /** Exchange and line, NXX*10000+XXXX. */
  line: number;
  /** ISO region of the number (US, PR, GU, VI, MP, AS). */
  region: string;
}

/** A string that holds no valid US number. */
export interface NotUsPhone {
  ok: false;
  /** `unparseable`: no phone number at all; `invalid`: not a valid number; `not-us`: valid, of another country. */
  reason: "unparseable" | "invalid" | "not-us";
  /** The country a `not-us` number belongs to. */
  region?: string;
  /** One sentence for a denial message. */
  message: string;
}

/** The outcome of {@link parseUsPhone}. */
export type PhoneParse = UsPhone | NotUsPhone;

// Validity of a +1 number under libphonenumber-js `max` metadata depends only on its first six
// national digits for the US and its territories (every pattern is a prefix of at most six digits
// followed by \d{4}; test/phone checks this against the metadata). So the fast path caches the
// verdict per NPA-NXX: 0 = not yet known, 1 = not a valid US number (fall back to the full
// parse for its exact message), 2.. = valid, index into REGION_CODES + 2.
const REGION_CODES = ["US", "PR", "GU", "VI", "MP", "AS"] as const;
const prefixVerdict = new Uint8Array(800_000);
const CLEAN_10 = /^[2-9]\d{9}$/;
const CLEAN_E164 = /^\+1[2-9]\d{9}$/;

function fullParse(input: string): PhoneParse {
  const parsed = parsePhoneNumberFromString(input, "US");
  if (parsed === undefined) {
    return { ok: false, reason: "unparseable", message: `"${input}" is not a phone number` };
  }
  if (!parsed.isValid()) {
    return { ok: false, reason: "invalid", message: `${parsed.number} is not a valid phone number` };
  }
  const region = parsed.country ?? "";
  if (parsed.countryCallingCode !== "1" || !US_NANP_REGIONS.has(region)) {
    const where = region === "" ? "another country" : region;
    return {
      ok: false,
      reason: "not-us",
      region,
      message: `${parsed.number} is a number of ${where}, outside the United States and its territories (Canada and the other +1 countries are outside these rules)`,
    };
  }
  const national = parsed.nationalNumber;
  return {
    ok: true,
    e164: parsed.number as E164,
    national,
    npa: Number(national.slice(0, 3)),
    line: Number(national.slice(3)),
    region,
  };
}

function fromNational(national: string): PhoneParse {
  const npa = Number(national.slice(0, 3));
  const line = Number(national.slice(3));
  const key = npa * 1000 + Math.floor(line / 10_000) - 200_000;
  let verdict = prefixVerdict[key] ?? 0;
  if (verdict === 0) {
    const full = fullParse(`+1${national}`);
    verdict = full.ok ? 2 + REGION_CODES.indexOf(full.region as (typeof REGION_CODES)[number]) : 1;
    prefixVerdict[key] = verdict;
    return full;
  }
  if (verdict === 1) return fullParse(`+1${national}`);
  return { ok: true, e164: `+1${national}` as E164, national, npa, line, region: REGION_CODES[verdict - 2] as string };
}

/**
 * Parses a phone number in any common US format and keeps it only if it is a valid number of the
 * United States or its territories (libphonenumber-js, `max` metadata, `isValid()`). Clean input
 * (10 digits, or `+1` and 10 digits) takes a cached fast path with identical results.
 */
export function parseUsPhone(input: string): PhoneParse {
  if (input.length === 10 && CLEAN_10.test(input)) return fromNational(input);
  if (input.length === 12 && CLEAN_E164.test(input)) return fromNational(input.slice(2));
  return fullParse(input);
}

/** The slow path alone, for tests that compare it with {@link parseUsPhone}. */
export function parseUsPhoneUncached(input: string): PhoneParse {
  return fullParse(input);
}

/**
 * The hot path of the bulk scrub: whether the 10-digit national number `national` (already known to
 * be `[2-9]` and nine digits) is a valid US number, as {@link parseUsPhone} would say, without
 * building a result. Same cache, same verdicts.
 */
export function isValidUsNational(national: string, npa: number, nxx: number): boolean {
  const key = npa * 1000 + nxx - 200_000;
  const verdict = prefixVerdict[key] ?? 0;
  if (verdict === 0) return fromNational(national).ok;
  return verdict >= 2;
}
