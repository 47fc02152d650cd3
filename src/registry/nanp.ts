/**
 * NANP number shapes as registries list them. This is deliberately not libphonenumber-js (which
 * only `src/phone/` imports): a registry stores 10-digit NANP numbers, and only their shape matters.
 */

/** Lines per area code: the seven digits after the area code, `NXX * 10000 + XXXX`. */
export const LINES_PER_AREA = 10_000_000;

/** The smallest valid line: an exchange (NXX) starts with 2..9. */
export const MIN_LINE = 2_000_000;

// "+1 617-555-0123", "1-617-555-0123", "(617) 555-0123", "617.555.0123", "6175550123".
const COMMON_US_FORMAT = /^(?:\+?1[\s.-]*)?(?:\(\s*(\d{3})\s*\)|(\d{3}))[\s.-]*(\d{3})[\s.-]*(\d{4})$/;

/**
 * The 10-digit national number in a phone string of any common US format, or `undefined` when it
 * is not a NANP number (area code and exchange must start with 2..9).
 */
export function nationalNumber(phone: string): string | undefined {
  const match = COMMON_US_FORMAT.exec(phone.trim());
  if (match === null) return undefined;
  const digits = `${match[1] ?? match[2] ?? ""}${match[3] ?? ""}${match[4] ?? ""}`;
  return isNationalNumber(digits) ? digits : undefined;
}

/** True for exactly ten digits whose area code and exchange start with 2..9. */
export function isNationalNumber(digits: string): boolean {
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(digits);
}

/** The area code (NPA) as a number, when `value` is a 3-digit area code (`"617"` or `617`). */
export function areaCodeNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value >= 200 && value <= 999 ? value : undefined;
  if (typeof value === "string" && /^[2-9]\d{2}$/.test(value)) return Number(value);
  return undefined;
}

