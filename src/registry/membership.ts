import { LINES_PER_AREA } from "./nanp.js";

/** 32-bit words in one area code's bitmap: one bit per line, 10^7 bits = 1.25 MB. */
export const BITMAP_WORDS = LINES_PER_AREA / 32;

/**
 * Above this many numbers an area code is stored as a bitmap; at or below, as a sorted
 * `Uint32Array` (4 bytes a number, at most 256 KiB), so small registries never pay 1.25 MB per
 * area code and a lookup stays within 16 probes.
 */
export const SPARSE_LIMIT = 65_536;

/** One area code's numbers, as a bitmap or a sorted, duplicate-free array of lines. */
export type AreaSet =
  | { readonly npa: number; readonly encoding: "bitmap"; readonly words: Uint32Array; readonly count: number }
  | { readonly npa: number; readonly encoding: "sparse"; readonly lines: Uint32Array; readonly count: number };

/**
 * Compact, immutable membership over 10-digit NANP numbers: per area code a bitmap (O(1)) or a
 * sorted array (binary search). Memory never exceeds 1.25 MB per area code that has numbers.
 */
export class Membership {
  readonly #bitmaps: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(1000).fill(undefined);
  readonly #sparse: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(1000).fill(undefined);
  readonly #areas: readonly AreaSet[];
  /** How many distinct numbers are listed. */
  readonly count: number;

  /** Takes ownership of the arrays in `areas` (never mutated afterwards). */
  constructor(areas: readonly AreaSet[]) {
    const sorted = [...areas].sort((a, b) => a.npa - b.npa);
    let count = 0;
    for (const area of sorted) {
      if (area.encoding === "bitmap") this.#bitmaps[area.npa] = area.words;
      else this.#sparse[area.npa] = area.lines;
      count += area.count;
    }
    this.#areas = Object.freeze(sorted);
    this.count = count;
  }

  /** True when `npa`/`line` is listed; any out-of-range or non-integer argument gives false. */
  has(npa: number, line: number): boolean {
    if ((line >>> 0) !== line || line >= LINES_PER_AREA || (npa >>> 0) !== npa || npa > 999) return false;
    const words = this.#bitmaps[npa];
    if (words !== undefined) return ((words[line >>> 5]! >>> (line & 31)) & 1) === 1;
    const lines = this.#sparse[npa];
    return lines !== undefined && sortedIncludes(lines, line);
  }

  /** The area codes that have numbers, ascending, with their storage (for snapshots). */
  areas(): readonly AreaSet[] {
    return this.#areas;
  }

  /** Bytes held by the membership arrays. */
  byteLength(): number {
    let bytes = 0;
    for (const area of this.#areas) bytes += area.encoding === "bitmap" ? area.words.byteLength : area.lines.byteLength;
    return bytes;
  }

  /** The listed numbers as integers (`npa * 10^7 + line`), ascending. */
  *values(): Generator<number> {
    for (const area of this.#areas) {
      const base = area.npa * LINES_PER_AREA;
      if (area.encoding === "sparse") {
        for (const line of area.lines) yield base + line;
        continue;
      }
      const words = area.words;
      for (let w = 0; w < words.length; w++) {
        let bits = words[w]!;
        while (bits !== 0) {
          const low = bits & -bits;
          yield base + w * 32 + (31 - Math.clz32(low));
          bits ^= low;
        }
      }
    }
  }
}

/** Binary search in an ascending array. */
export function sortedIncludes(lines: Uint32Array, line: number): boolean {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = lines[mid]!;
    if (value === line) return true;
    if (value < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Set bits in a bitmap. */
export function popcount(words: Uint32Array): number {
  let total = 0;
  for (let i = 0; i < words.length; i++) {
    let x = words[i]!;
    if (x === 0) continue;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    total += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  return total;
}
