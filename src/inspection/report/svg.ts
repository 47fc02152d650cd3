/**
 * The few SVG pieces the report's charts are drawn with, inline and self-contained (no fonts,
 * scripts or images fetched). Every attribute value and text is escaped.
 */

/** Escapes text for HTML and SVG, in content and in quoted attributes. */
export function esc(value: string | number): string {
  return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Attributes from a record: `undefined` ones are left out. */
export function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${esc(v as string | number)}"`)
    .join("");
}

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `value`. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * p >= value) return m * p;
  return 10 * p;
}

/** Rounds a coordinate to 0.01 so the markup stays short. */
export const r2 = (n: number): number => Math.round(n * 100) / 100;

/** The plot area inside a chart's margins. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Inner width and height of a frame. */
export function inner(f: Frame): { w: number; h: number } {
  return { w: f.width - f.left - f.right, h: f.height - f.top - f.bottom };
}

/** An `<svg>` element of the frame's size with an accessible title. */
export function svg(f: Frame, label: string, className: string, body: string): string {
  return (
    `<svg class="chart ${esc(className)}" role="img" aria-label="${esc(label)}" width="${f.width}" height="${f.height}" ` +
    `viewBox="0 0 ${f.width} ${f.height}"><title>${esc(label)}</title>${body}</svg>`
  );
}

/** A left value axis with ticks at 0, half and the maximum, and gridlines. */
export function valueAxis(f: Frame, max: number, format: (v: number) => string): string {
  const { w, h } = inner(f);
  let out = `<g class="axis y">`;
  for (const v of [0, max / 2, max]) {
    const y = r2(f.top + h - (v / max) * h);
    out += `<line class="grid" x1="${f.left}" x2="${f.left + w}" y1="${y}" y2="${y}"/>`;
    out += `<text class="tick" x="${f.left - 6}" y="${y + 4}" text-anchor="end">${esc(format(v))}</text>`;
  }
  return `${out}<line class="axis-line" x1="${f.left}" x2="${f.left}" y1="${f.top}" y2="${f.top + h}"/></g>`;
}
