/**
 * Terminal output of the command-line tool: a progress bar (written here, no dependency) and
 * plain tables. On a terminal the bar redraws one line with `\r`; elsewhere (a pipe, a log file,
 * CI) it writes a plain line now and then, so logs stay readable.
 */

/** Where progress goes: stderr by default. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** The word before the bar: `scrub`, `import`. */
  label: string;
  /** What the item count counts: `leads`, `numbers`. */
  itemName: string;
  /** The total of `done` (bytes for a file), when known: the bar, the percentage and the ETA need it. */
  total?: number;
  /** Whether `done` counts bytes (shown as MB). @default false */
  bytes?: boolean;
  /** @default process.stderr */
  stream?: ProgressStream;
  /** Off: nothing is written. @default true */
  enabled?: boolean;
  /** Milliseconds between redraws on a terminal. @default 100 */
  ttyIntervalMs?: number;
  /** Milliseconds between plain lines elsewhere. @default 5000 */
  plainIntervalMs?: number;
  /** @default performance.now */
  now?: () => number;
}

/** A progress reporter. */
export interface Progress {
  /** Reports `done` (of `total`) and, optionally, the items handled so far. Redraws when it is time. */
  update(done: number, items?: number): void;
  /** Writes the final state and ends the line. */
  finish(): void;
  /** Stops without a final state (the work failed): ends a redrawn line, writes nothing else. */
  stop(): void;
}

/** Creates a progress reporter: `\r` redraws with rate and ETA on a terminal, plain lines otherwise. */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const enabled = options.enabled ?? true;
  const tty = stream.isTTY === true;
  const now = options.now ?? (() => performance.now());
  const interval = tty ? (options.ttyIntervalMs ?? 100) : (options.plainIntervalMs ?? 5000);
  const started = now();
  let lastDraw: number | undefined;
  let done = 0;
  let items: number | undefined;
  let finished = false;

  const line = (final: boolean): string => {
    const elapsed = Math.max((now() - started) / 1000, 1e-6);
    const parts: string[] = [options.label];
    const total = options.total;
    const fraction = total !== undefined && total > 0 ? Math.min(1, done / total) : final ? 1 : undefined;
    if (fraction !== undefined && tty) parts.push(bar(fraction, barWidth(stream.columns)));
    if (fraction !== undefined) parts.push(`${Math.floor(fraction * 100).toString().padStart(3)}%`);
    if (items !== undefined) parts.push(`${formatCount(items)} ${options.itemName}`);
    if (options.bytes === true) parts.push(formatBytes(done));
    if (items !== undefined) parts.push(`${formatCount(Math.round(items / elapsed))} ${options.itemName}/s`);
    else if (options.bytes === true) parts.push(`${formatBytes(done / elapsed)}/s`);
    if (final) parts.push(`in ${formatDuration(elapsed)}`);
    else if (fraction !== undefined && fraction > 0) parts.push(`ETA ${formatDuration((elapsed * (1 - fraction)) / fraction)}`);
    else parts.push("ETA --:--");
    return parts.join("  ");
  };

  const draw = (final: boolean): void => {
    if (!enabled) return;
    lastDraw = now();
    // `\x1b[K` clears what a longer previous line left at the end.
    if (tty) stream.write(`\r${line(final)}\x1b[K${final ? "\n" : ""}`);
    else stream.write(`${line(final)}\n`);
  };

  return {
    update(value, count) {
      if (finished) return;
      done = value;
      if (count !== undefined) items = count;
      // On a terminal the first update draws at once; a plain log waits a full interval.
      const due = lastDraw === undefined ? (tty ? 0 : started + interval) : lastDraw + interval;
      if (now() >= due) draw(false);
    },
    finish() {
      if (finished) return;
      finished = true;
      if (options.total !== undefined) done = Math.max(done, options.total);
      draw(true);
    },
    stop() {
      if (finished) return;
      finished = true;
      if (enabled && tty && lastDraw !== undefined) stream.write("\n");
    },
  };
}

function barWidth(columns: number | undefined): number {
  return Math.max(10, Math.min(30, (columns ?? 80) - 60));
}

function bar(fraction: number, width: number): string {
  const full = Math.round(fraction * width);
  return `[${"#".repeat(full)}${"-".repeat(width - full)}]`;
}

/** `12,345`. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** `1.2 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** `0:07`, `1:02:03`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--:--";
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

/** A plain text table: a header row, then rows; columns padded, numbers right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly (string | number)[])[], indent = "  "): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === "number" ? formatCount(c) : c)))];
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number"));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  return cells
    .map((r) =>
      indent +
      r
        .map((c, i) => (numeric[i] === true ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** Writes text to stdout (with a final newline). */
export function say(text = ""): void {
  process.stdout.write(`${text}\n`);
}

/** Writes a JSON value to stdout, two-space indented. */
export function sayJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
