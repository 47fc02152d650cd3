import type { BadLine } from "./types.js";

/** How many unreadable lines a load keeps verbatim (all are counted). */
export const MAX_KEPT_BAD_LINES = 100;

const MAX_BAD_TEXT = 200;

/**
 * The running account of one load: data lines, unreadable lines (the first 100 kept), and the
 * numbers salvaged from unreadable lines, which are listed after everything else (fail closed).
 */
export class LoadTally {
  dataLines = 0;
  badLineCount = 0;
  readonly badLines: BadLine[] = [];
  /** Numbers (`npa * 10^7 + line`) to list whatever the rest of the file says. */
  readonly stickyAdds: number[] = [];
  /** The ZIP entry being read, if any. */
  entry: string | undefined = undefined;

  readonly #maskNames: boolean;

  /** `maskNames` hides letters, so the MA list's last names never reach the report. */
  constructor(maskNames: boolean) {
    this.#maskNames = maskNames;
  }

  /** Records an unreadable line. */
  bad(line: number, text: string, reason: string): void {
    this.badLineCount++;
    if (this.badLines.length >= MAX_KEPT_BAD_LINES) return;
    let shown = text.length > MAX_BAD_TEXT ? `${text.slice(0, MAX_BAD_TEXT)}…` : text;
    if (this.#maskNames) shown = shown.replace(/[^\d\s+\-().,;|"…]/gu, "*");
    this.badLines.push(this.entry === undefined ? { line, text: shown, reason } : { line, text: shown, reason, entry: this.entry });
  }
}
