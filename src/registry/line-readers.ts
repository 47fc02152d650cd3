import { isNationalNumber } from "./nanp.js";

/**
 * Line readers for the slow path of the loader: each reads one trimmed line of a registry file.
 * The byte loop in `line-scanner.ts` reads the common fixed-width lines itself and falls back here.
 */

/** The kinds of registry file, as delivered. */
export type LineFormat = "national" | "massachusetts" | "changes";

/** What one line says: a number (`npa * 10^7 + line`) to add or delete, or why it is unreadable. */
export type LineReading = { value: number; op: "add" | "delete" } | { reason: string };

// National DNC files: "AAANNNNNNN", "AAA,NNNNNNN" or "AAA-NNN-NNNN"; nothing else.
const NATIONAL_NUMBER = /^(\d{3})(?:(\d{7})|,(\d{7})|-(\d{3})-(\d{4}))$/;

/** Reads a line of a National DNC full list: exactly one number in one of its three shapes. */
export function readNationalLine(text: string): LineReading {
  const match = NATIONAL_NUMBER.exec(text);
  if (match === null) return { reason: "not a number in the form AAANNNNNNN, AAA,NNNNNNN or AAA-NNN-NNNN" };
  return added(`${match[1]}${match[2] ?? match[3] ?? `${match[4]}${match[5]}`}`);
}

// A number in any common US format, optionally quoted (CSV).
const ANY_NUMBER = String.raw`(?:\+?1[\s.-]*)?(?:\(\s*\d{3}\s*\)|\d{3})[\s.-]*\d{3}[\s.-]*\d{4}`;
const MA_NUMBER_FIRST = new RegExp(String.raw`^"?\s*(${ANY_NUMBER})\s*"?(?:\s*[,;|\t ]\s*(.*))?$`);
const MA_NAME_FIRST = new RegExp(String.raw`^(.*?)\s*[,;|\t ]\s*"?\s*(${ANY_NUMBER})\s*"?$`);

/**
 * Reads a line of the Massachusetts list: a number and the consumer's last name, in either order,
 * comma-, tab- or space-separated, possibly quoted. The name is checked (no digits in it, so a
 * second number is never mistaken for a name) and then dropped: it is never stored.
 */
export function readMassachusettsLine(text: string): LineReading {
  const numberFirst = MA_NUMBER_FIRST.exec(text);
  const match = numberFirst ?? MA_NAME_FIRST.exec(text);
  if (match === null) return { reason: "no phone number followed by a last name" };
  const phone = (numberFirst === null ? match[2] : match[1]) ?? "";
  const name = (numberFirst === null ? match[1] : match[2]) ?? "";
  if (/\d/.test(name)) return { reason: "digits where the last name should be" };
  return added(phone.replace(/\D/g, "").replace(/^1(?=\d{10}$)/, ""));
}

const ADD_MARKERS = new Set(["a", "add", "added", "addition", "+"]);
const DELETE_MARKERS = new Set(["d", "del", "delete", "deleted", "deletion", "-"]);
const DASHED = /^\d{3}-\d{3}-\d{4}$/;

/**
 * Reads a line of a change list: a number and an add/delete marker (`A`/`D`, `add`/`delete`,
 * `+`/`-`, any case) in either order. A line whose marker cannot be read is unreadable; the
 * loader then lists its number anyway (fail closed).
 */
export function readChangeLine(text: string): LineReading {
  const tokens = text.split(/\s*[,;|\t]\s*|\s+/).map((t) => t.replace(/^"(.*)"$/, "$1"));
  // "AAA,NNNNNNN" splits in two: join it back.
  const joined: string[] = [];
  for (const token of tokens) {
    const previous = joined[joined.length - 1];
    if (previous !== undefined && /^\d{3}$/.test(previous) && /^\d{7}$/.test(token)) joined[joined.length - 1] = previous + token;
    else joined.push(token);
  }
  const numbers = joined.filter((t) => /^\d{10}$/.test(t) || DASHED.test(t));
  const markers = joined.filter((t) => !numbers.includes(t));
  if (numbers.length !== 1) return { reason: numbers.length === 0 ? "no number in the form AAANNNNNNN or AAA-NNN-NNNN" : "more than one number" };
  const marker = markers.length === 1 ? (markers[0] ?? "").toLowerCase() : undefined;
  const op = marker === undefined ? undefined : ADD_MARKERS.has(marker) ? "add" : DELETE_MARKERS.has(marker) ? "delete" : undefined;
  if (op === undefined) return { reason: "the add/delete marker cannot be read" };
  const reading = added((numbers[0] ?? "").replace(/-/g, ""));
  return "value" in reading ? { value: reading.value, op } : reading;
}

/** The reader for a file format. */
export function lineReader(format: LineFormat): (text: string) => LineReading {
  return format === "national" ? readNationalLine : format === "massachusetts" ? readMassachusettsLine : readChangeLine;
}

// Numbers salvaged from unreadable lines: the three file shapes, digits not running on.
const SALVAGE = /(?<![\d-])\d{3}(?:\d{7}|,\d{7}|-\d{3}-\d{4})(?![\d-])/g;

/** Every well-formed NANP number in an unreadable line, as `npa * 10^7 + line` (fail closed). */
export function salvageNumbers(text: string): number[] {
  const values: number[] = [];
  for (const match of text.matchAll(SALVAGE)) {
    const digits = match[0].replace(/\D/g, "");
    if (isNationalNumber(digits)) values.push(Number(digits));
  }
  return values;
}

/** True when an unreadable first line is a header: it starts with a letter (after an optional quote or `#`). */
export function looksLikeHeader(text: string): boolean {
  return /^["'#]?\s*\p{L}/u.test(text);
}

function added(digits: string): LineReading {
  if (!isNationalNumber(digits)) return { reason: "not a NANP number (area code and exchange start with 2-9)" };
  return { value: Number(digits), op: "add" };
}
