/**
 * report(range): one self-contained HTML page (no network asset, no script) whose charts and
 * tables carry the numbers of the records. What a browser shows is checked in
 * report-chromium.test.ts.
 */
import { describe, expect, it } from "vitest";
import { MA_LISTED, NATIONAL_LISTED, NEVER_SHOWN, reportFixture } from "./_report-fixture.js";
import { inspectionGate } from "./_support.js";

/** The attributes of every element matching `tag` with `class` containing `className` in `html`. */
function marks(html: string, tag: string, className: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, "g"))) {
    const attrs: Record<string, string> = {};
    for (const a of (m[1] as string).matchAll(/([\w-]+)="([^"]*)"/g)) attrs[a[1] as string] = a[2] as string;
    if ((attrs.class ?? "").split(" ").includes(className)) out.push(attrs);
  }
  return out;
}

/** The markup of the `<svg>` chart of a class. */
function chart(html: string, className: string): string {
  const start = html.indexOf(`<svg class="chart ${className}"`);
  expect(start, `chart ${className}`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf("</svg>", start));
}

describe("report", () => {
  it("is self-contained: no http(s) reference, no script, no external asset, and a policy that forbids fetching", async () => {
    const { gate, range } = await reportFixture();
    const html = await gate.report(range);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
  });

  it("shows calls per day by disposition", async () => {
    const { gate, range } = await reportFixture();
    const html = await gate.report(range);
    expect(html).toMatch(/data-testid="total-calls"><b>45<\/b>/);
    const bars = marks(chart(html, "calls-per-day"), "rect", "bar");
    const byKey = new Map(bars.map((b) => [`${b["data-day"]} ${b["data-disposition"]}`, Number(b["data-count"])]));
    expect(Object.fromEntries(byKey)).toEqual({
      "2026-11-02 sale": 2,
      "2026-11-02 no-answer": 1,
      "2026-11-03 abandoned": 1,
      "2026-11-10 answered": 40,
      "2026-11-10 abandoned": 1,
    });
    const totals = marks(chart(html, "calls-per-day"), "text", "day-total").filter((t) => t["data-total"] !== "0");
    expect(totals.map((t) => [t["data-day"], t["data-total"]])).toEqual([
      ["2026-11-02", "3"],
      ["2026-11-03", "1"],
      ["2026-11-10", "41"],
    ]);
    // One slot per New York day of November.
    expect(marks(chart(html, "calls-per-day"), "text", "day-total")).toHaveLength(30);
    // A bar's height is proportional to its count.
    const h = (key: string): number => Number(bars.find((b) => `${b["data-day"]} ${b["data-disposition"]}` === key)?.height);
    expect(h("2026-11-10 answered") / h("2026-11-03 abandoned")).toBeCloseTo(40, 1);
  });

  it("shows denials by reason", async () => {
    const { gate, range } = await reportFixture();
    const html = await gate.report(range);
    const bars = marks(chart(html, "denials"), "rect", "bar");
    expect(bars.map((b) => [b["data-reason"], b["data-count"]])).toEqual([
      ["NATIONAL_DNC", "2"],
      ["STATE_DNC", "1"],
    ]);
    expect(html).toContain("45 of 48 gate decisions allowed the call; 3 denied it.");
  });

  it("shows abandonment per campaign against the 3% line", async () => {
    const { gate, range } = await reportFixture();
    const html = await gate.report(range);
    const svg = chart(html, "abandonment");
    const bars = marks(svg, "rect", "bar");
    expect(bars.map((b) => [b["data-campaign"], b["data-rate"], b["data-abandoned"], b["data-live"], b.class])).toEqual([
      ["A", "0.3333", "1", "3", "bar over"],
      ["B", "0.0244", "1", "41", "bar"],
    ]);
    const line = marks(svg, "line", "threshold");
    expect(line).toHaveLength(1);
    expect(line[0]?.["data-threshold"]).toBe("0.03");
    // In SVG coordinates (y grows downwards): A's bar rises above the line, B's stays below it.
    const y = Number(line[0]?.y1);
    expect(Number(bars[0]?.y)).toBeLessThan(y);
    expect(Number(bars[1]?.y)).toBeGreaterThan(y);
    expect(svg).toContain("3.0% limit");
    expect(html).toMatch(/data-testid="abandonment-over"><b>1<\/b>/);
  });

  it("shows open and overdue complaints at the clock", async () => {
    const { gate, range, overdue, clock } = await reportFixture();
    const html = await gate.report(range);
    const bars = Object.fromEntries(marks(chart(html, "complaints"), "rect", "bar").map((b) => [b["data-status"], Number(b["data-count"])]));
    expect(bars).toEqual({ open: 2, overdue: 1, responded: 0, resolved: 1 });
    expect(html).toMatch(/data-testid="complaints-overdue"><b>1<\/b>/);
    expect(html).toContain(overdue.id);
    clock.set("2026-12-11T05:00:00Z");
    const later = await gate.report(range);
    expect(later).toMatch(/data-testid="complaints-overdue"><b>2<\/b>/);
  });

  it("shows registry age over time, as metadata only: no listed number appears", async () => {
    const { gate, range } = await reportFixture();
    const html = await gate.report(range);
    const svg = chart(html, "registry-age");
    const series = marks(svg, "polyline", "series");
    expect(series.map((s) => [s["data-source"], s["data-last-age"]])).toEqual([
      ["massachusetts", "60"],
      ["national", "1"],
    ]);
    const points = marks(svg, "circle", "point");
    expect(points.filter((p) => p["data-source"] === "massachusetts")).toHaveLength(30);
    expect(points.find((p) => p["data-source"] === "massachusetts" && p["data-day"] === "2026-11-01")?.["data-age"]).toBe("31");
    expect(points.filter((p) => p["data-source"] === "national").map((p) => [p["data-day"], p["data-age"]])).toEqual([
      ["2026-11-29", "0"],
      ["2026-11-30", "1"],
    ]);
    expect(marks(svg, "line", "threshold")[0]?.["data-threshold"]).toBe("31");
    for (const phone of [...NATIONAL_LISTED, ...MA_LISTED, ...NEVER_SHOWN]) {
      expect(html).not.toContain(phone.slice(2));
    }
  });

  it("lists the audit findings by rule", async () => {
    const { gate, range } = await reportFixture();
    const html = await gate.report(range);
    const table = html.slice(html.indexOf('<table class="findings-table">'), html.indexOf("</table>", html.indexOf('<table class="findings-table">')));
    expect(table).toMatch(/<td>us\.abandonment-rate<\/td><td class="num">1<\/td>/);
    expect(table).toMatch(/<td>audit\.never-gated<\/td><td class="num">0<\/td>/);
  });

  it("renders an empty month without charts of nothing, and refuses a range without ends", async () => {
    const { gate } = inspectionGate();
    const html = await gate.report({ from: "2026-01-01", to: "2026-02-01" });
    expect(html).toContain("No call was denied in this period.");
    expect(html).toContain("No live-answered sales call in this period.");
    expect(html).toMatch(/data-testid="total-calls"><b>0<\/b>/);
    await expect(gate.report({ from: "2026-01-01" } as never)).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
