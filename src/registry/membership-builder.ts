import { BITMAP_WORDS, Membership, SPARSE_LIMIT, popcount, type AreaSet } from "./membership.js";

/**
 * Accumulates numbers (and, for change lists, deletions) into a {@link Membership}. Operations
 * apply in order: the last add or delete of a number wins. Each area code starts as a growing
 * array of lines and turns into a bitmap once it holds more than {@link SPARSE_LIMIT} entries.
 */
export class MembershipBuilder {
  /** Bitmap of each area code in bitmap mode; the loader's fast path writes these directly. */
  readonly bitmaps: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(1000).fill(undefined);
  readonly #sparse: (Uint32Array | undefined)[] = new Array<Uint32Array | undefined>(1000).fill(undefined);
  readonly #sparseLength = new Int32Array(1000);
  // Deletions not yet applied to a sparse area (applied when it is built or becomes a bitmap).
  readonly #deleted: (Set<number> | undefined)[] = new Array<Set<number> | undefined>(1000).fill(undefined);

  /** A builder holding a copy of `membership` (which stays untouched). */
  static from(membership: Membership): MembershipBuilder {
    const builder = new MembershipBuilder();
    for (const area of membership.areas()) {
      if (area.encoding === "bitmap") builder.bitmaps[area.npa] = area.words.slice();
      else {
        builder.#sparse[area.npa] = area.lines.slice();
        builder.#sparseLength[area.npa] = area.lines.length;
      }
    }
    return builder;
  }

  /** Lists `npa`/`line` (both already validated: npa 200..999, line 0..9_999_999). */
  add(npa: number, line: number): void {
    const words = this.bitmaps[npa];
    if (words !== undefined) {
      words[line >>> 5] = words[line >>> 5]! | (1 << (line & 31));
      return;
    }
    this.#deleted[npa]?.delete(line);
    let lines = this.#sparse[npa];
    const length = this.#sparseLength[npa]!;
    if (lines === undefined || length === lines.length) {
      const grown = new Uint32Array(Math.max(16, length * 2));
      if (lines !== undefined) grown.set(lines);
      lines = grown;
      this.#sparse[npa] = lines;
    }
    lines[length] = line;
    this.#sparseLength[npa] = length + 1;
    if (length + 1 > SPARSE_LIMIT) this.#toBitmap(npa);
  }

  /** Unlists `npa`/`line`. */
  delete(npa: number, line: number): void {
    const words = this.bitmaps[npa];
    if (words !== undefined) {
      words[line >>> 5] = words[line >>> 5]! & ~(1 << (line & 31));
      return;
    }
    if (this.#sparse[npa] === undefined) return;
    let deleted = this.#deleted[npa];
    if (deleted === undefined) {
      deleted = new Set();
      this.#deleted[npa] = deleted;
    }
    deleted.add(line);
  }

  /** The finished membership. Encoding depends on the count only, so equal sets build equal snapshots. */
  build(): Membership {
    const areas: AreaSet[] = [];
    for (let npa = 0; npa < 1000; npa++) {
      const words = this.bitmaps[npa];
      const lines = words === undefined ? this.#finishSparse(npa) : undefined;
      if (words !== undefined) {
        const count = popcount(words);
        if (count > SPARSE_LIMIT) areas.push({ npa, encoding: "bitmap", words, count });
        else if (count > 0) areas.push({ npa, encoding: "sparse", lines: bitmapLines(words, count), count });
      } else if (lines !== undefined && lines.length > 0) {
        areas.push({ npa, encoding: "sparse", lines, count: lines.length });
      }
    }
    return new Membership(areas);
  }

  #toBitmap(npa: number): void {
    const lines = this.#finishSparse(npa) ?? new Uint32Array(0);
    const words = new Uint32Array(BITMAP_WORDS);
    for (const line of lines) words[line >>> 5] = words[line >>> 5]! | (1 << (line & 31));
    this.bitmaps[npa] = words;
    this.#sparse[npa] = undefined;
    this.#sparseLength[npa] = 0;
  }

  // Sorted, duplicate-free lines of a sparse area with its pending deletions applied.
  #finishSparse(npa: number): Uint32Array | undefined {
    const raw = this.#sparse[npa];
    if (raw === undefined) return undefined;
    const sorted = raw.subarray(0, this.#sparseLength[npa]!).sort();
    const deleted = this.#deleted[npa];
    let kept = 0;
    for (let i = 0; i < sorted.length; i++) {
      const line = sorted[i]!;
      if ((kept > 0 && sorted[kept - 1] === line) || deleted?.has(line) === true) continue;
      sorted[kept++] = line;
    }
    this.#deleted[npa] = undefined;
    return sorted.slice(0, kept);
  }
}

function bitmapLines(words: Uint32Array, count: number): Uint32Array {
  const lines = new Uint32Array(count);
  let n = 0;
  for (let w = 0; w < words.length; w++) {
    let bits = words[w]!;
    while (bits !== 0) {
      const low = bits & -bits;
      lines[n++] = w * 32 + (31 - Math.clz32(low));
      bits ^= low;
    }
  }
  return lines;
}
