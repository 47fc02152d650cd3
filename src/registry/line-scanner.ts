import { lineReader, looksLikeHeader, salvageNumbers, type LineFormat, type LineReading } from "./line-readers.js";
import type { LoadTally } from "./load-tally.js";
import type { MembershipBuilder } from "./membership-builder.js";
import { LINES_PER_AREA, MIN_LINE } from "./nanp.js";

const NEWLINE = 10;
const CR = 13;
const COMMA = 44;
const DASH = 45;
const SPACE = 32;
const TAB = 9;

/** Longest line kept for reading; a longer one is unreadable (registry lines are under 100 bytes). */
export const MAX_LINE_BYTES = 4096;

// Digit value of a byte; 256 for anything else, so OR-ing ten lookups tests all ten at once.
const DIGIT = new Int32Array(256).fill(256);
for (let b = 48; b <= 57; b++) DIGIT[b] = b - 48;

/**
 * The byte loop of the registry loaders, for one file (or ZIP entry). Lines in the delivered
 * fixed-width shapes (`NNNNNNNNNN`, `NNN,NNNNNNN`, `NNN-NNN-NNNN`, LF or CRLF; for the MA list
 * followed by a name) are read with integer math straight from the bytes; any other line goes
 * through the slow path (`line-readers.ts`). A line cut by a chunk boundary is carried over.
 */
export class LineScanner {
  readonly #format: LineFormat;
  readonly #read: (text: string) => LineReading;
  readonly #builder: MembershipBuilder;
  readonly #covered: Uint8Array;
  readonly #tally: LoadTally;
  readonly #decoder = new TextDecoder("utf-8");
  #carry = new Uint8Array(256);
  #carryLength = 0;
  #overlong = false;
  #lineNumber = 0;
  #seenData = false;

  /** `covered[npa] === 1` for each covered area code. */
  constructor(format: LineFormat, builder: MembershipBuilder, covered: Uint8Array, tally: LoadTally) {
    this.#format = format;
    this.#read = lineReader(format);
    this.#builder = builder;
    this.#covered = covered;
    this.#tally = tally;
  }

  /** Reads a chunk. The chunk may be reused by the caller afterwards: whatever is kept is copied. */
  push(chunk: Uint8Array): void {
    let start = 0;
    if (this.#carryLength > 0 || this.#overlong) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) {
        this.#keep(chunk);
        return;
      }
      this.#keep(chunk.subarray(0, newline + 1));
      this.#flushCarry();
      start = newline + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start) {
      this.#scan(chunk, start, last + 1);
      start = last + 1;
    }
    if (start < chunk.length) this.#keep(chunk.subarray(start));
  }

  /** Reads the last line when the file does not end with a newline. */
  end(): void {
    if (this.#carryLength === 0 && !this.#overlong) return;
    this.#keep(Uint8Array.of(NEWLINE));
    this.#flushCarry();
  }

  #keep(bytes: Uint8Array): void {
    const room = MAX_LINE_BYTES + 1 - this.#carryLength;
    if (bytes.length > room) this.#overlong = true;
    const taken = Math.min(bytes.length, room);
    if (this.#carryLength + taken > this.#carry.length) {
      const grown = new Uint8Array(Math.max(this.#carry.length * 2, this.#carryLength + taken));
      grown.set(this.#carry.subarray(0, this.#carryLength));
      this.#carry = grown;
    }
    this.#carry.set(bytes.subarray(0, taken), this.#carryLength);
    this.#carryLength += taken;
  }

  #flushCarry(): void {
    if (this.#overlong) {
      this.#lineNumber++;
      this.#overlongLine(this.#carry);
    } else {
      this.#scan(this.#carry, 0, this.#carryLength);
    }
    this.#carryLength = 0;
    this.#overlong = false;
  }

  // Reads the lines in bytes[i, end); bytes[end - 1] is a newline.
  #scan(bytes: Uint8Array, i: number, end: number): void {
    const covered = this.#covered;
    const builder = this.#builder;
    const massachusetts = this.#format === "massachusetts";
    const fast = this.#format !== "changes";
    let lineNumber = this.#lineNumber;
    let fastLines = 0;
    let currentNpa = -1;
    let words: Uint32Array | undefined;
    while (i < end) {
      if (fast && i + 11 <= end) {
        const a0 = DIGIT[bytes[i]!]!;
        const a1 = DIGIT[bytes[i + 1]!]!;
        const a2 = DIGIT[bytes[i + 2]!]!;
        const b3 = bytes[i + 3]!;
        let digits = 256;
        let line = 0;
        let p = -1;
        if (b3 >= 48 && b3 <= 57) {
          const d0 = b3 - 48, d1 = DIGIT[bytes[i + 4]!]!, d2 = DIGIT[bytes[i + 5]!]!, d3 = DIGIT[bytes[i + 6]!]!;
          const d4 = DIGIT[bytes[i + 7]!]!, d5 = DIGIT[bytes[i + 8]!]!, d6 = DIGIT[bytes[i + 9]!]!;
          digits = d1 | d2 | d3 | d4 | d5 | d6;
          line = d0 * 1_000_000 + d1 * 100_000 + d2 * 10_000 + d3 * 1_000 + d4 * 100 + d5 * 10 + d6;
          p = i + 10;
        } else if (b3 === COMMA && !massachusetts && i + 12 <= end) {
          const d0 = DIGIT[bytes[i + 4]!]!, d1 = DIGIT[bytes[i + 5]!]!, d2 = DIGIT[bytes[i + 6]!]!, d3 = DIGIT[bytes[i + 7]!]!;
          const d4 = DIGIT[bytes[i + 8]!]!, d5 = DIGIT[bytes[i + 9]!]!, d6 = DIGIT[bytes[i + 10]!]!;
          digits = d0 | d1 | d2 | d3 | d4 | d5 | d6;
          line = d0 * 1_000_000 + d1 * 100_000 + d2 * 10_000 + d3 * 1_000 + d4 * 100 + d5 * 10 + d6;
          p = i + 11;
        } else if (b3 === DASH && i + 13 <= end && bytes[i + 7] === DASH) {
          const d0 = DIGIT[bytes[i + 4]!]!, d1 = DIGIT[bytes[i + 5]!]!, d2 = DIGIT[bytes[i + 6]!]!, d3 = DIGIT[bytes[i + 8]!]!;
          const d4 = DIGIT[bytes[i + 9]!]!, d5 = DIGIT[bytes[i + 10]!]!, d6 = DIGIT[bytes[i + 11]!]!;
          digits = d0 | d1 | d2 | d3 | d4 | d5 | d6;
          line = d0 * 1_000_000 + d1 * 100_000 + d2 * 10_000 + d3 * 1_000 + d4 * 100 + d5 * 10 + d6;
          p = i + 12;
        }
        const npa = a0 * 100 + a1 * 10 + a2;
        if (((digits | a0 | a1 | a2) & 256) === 0 && covered[npa] === 1 && line >= MIN_LINE) {
          const t = bytes[p]!;
          let next = -1;
          if (t === NEWLINE) next = p + 1;
          else if (t === CR && bytes[p + 1] === NEWLINE) next = p + 2;
          else if (massachusetts && (t === COMMA || t === SPACE || t === TAB)) next = nameEnd(bytes, p + 1);
          if (next > 0) {
            if (npa === currentNpa && words !== undefined) {
              words[line >>> 5] = words[line >>> 5]! | (1 << (line & 31));
            } else {
              builder.add(npa, line);
              currentNpa = npa;
              words = builder.bitmaps[npa];
            }
            lineNumber++;
            fastLines++;
            i = next;
            continue;
          }
        }
      }
      const newline = bytes.indexOf(NEWLINE, i);
      if (fastLines > 0) this.#seenData = true;
      lineNumber++;
      this.#lineNumber = lineNumber;
      this.#slowLine(bytes.subarray(i, newline));
      // The slow path may have turned an area code into a bitmap.
      currentNpa = -1;
      i = newline + 1;
    }
    this.#lineNumber = lineNumber;
    this.#tally.dataLines += fastLines;
    if (fastLines > 0) this.#seenData = true;
  }

  // A line too long to be a registry record (binary junk, a missing newline): unreadable as is.
  #overlongLine(start: Uint8Array): void {
    this.#seenData = true;
    this.#tally.dataLines++;
    this.#tally.bad(this.#lineNumber, this.#decoder.decode(start.subarray(0, 200)).trim(), `line longer than ${MAX_LINE_BYTES} bytes`);
  }

  #slowLine(raw: Uint8Array): void {
    if (raw.length > MAX_LINE_BYTES) {
      this.#overlongLine(raw);
      return;
    }
    const lineNumber = this.#lineNumber;
    let text = this.#decoder.decode(raw);
    if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    text = text.trim();
    if (text === "") return;
    const first = !this.#seenData;
    this.#seenData = true;
    const reading = this.#read(text);
    if ("value" in reading) {
      const npa = Math.floor(reading.value / LINES_PER_AREA);
      if (this.#covered[npa] === 1) {
        this.#tally.dataLines++;
        if (reading.op === "add") this.#builder.add(npa, reading.value % LINES_PER_AREA);
        else this.#builder.delete(npa, reading.value % LINES_PER_AREA);
        return;
      }
      this.#tally.dataLines++;
      this.#tally.bad(lineNumber, text, `area code ${npa} is not covered by this snapshot (areaCodes)`);
      return;
    }
    if (first && looksLikeHeader(text)) return;
    this.#tally.dataLines++;
    this.#tally.bad(lineNumber, text, reading.reason);
    for (const value of salvageNumbers(text)) {
      if (this.#covered[Math.floor(value / LINES_PER_AREA)] === 1) this.#tally.stickyAdds.push(value);
    }
  }
}

// After the MA list's number and separator: the end of the line (past its newline) when the rest
// holds no digit (a name), else -1 so the slow path reports it.
function nameEnd(bytes: Uint8Array, from: number): number {
  const newline = bytes.indexOf(NEWLINE, from);
  for (let k = from; k < newline; k++) {
    const b = bytes[k]!;
    if (b >= 48 && b <= 57) return -1;
  }
  return newline + 1;
}
