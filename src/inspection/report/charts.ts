/**
 * The report's charts, as inline SVG. Each mark carries `data-*` attributes with the number it
 * shows, and a `<title>` for a tooltip, so that what the page shows can be checked.
 */
import { auditRules } from "../audit-rules.js";
import { federalRules } from "../../rules/federal.js";
import { calendarDate } from "../../time/instant.js";
import type { ReportData } from "./data.js";
import { attrs, esc, inner, niceCeiling, r2, svg, valueAxis, type Frame } from "./svg.js";

const PALETTE: Record<string, string> = {
  sale: "#2e7d32",
  answered: "#66bb6a",
  connected: "#81c784",
  transferred: "#26a69a",
  callback: "#42a5f5",
  "not-interested": "#90a4ae",
  voicemail: "#7e57c2",
  "no-answer": "#bdbdbd",
  busy: "#8d6e63",
  "wrong-number": "#ffb74d",
  "do-not-call": "#d81b60",
  abandoned: "#e53935",
  dropped: "#f4511e",
  failed: "#6d4c41",
};
const SPARE = ["#5c6bc0", "#ab47bc", "#26c6da", "#9ccc65", "#ffa726", "#78909c"];

/** The colour of a disposition in every chart and legend. */
export function dispositionColour(disposition: string, index: number): string {
  return PALETTE[disposition] ?? (SPARE[index % SPARE.length] as string);
}

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
const whole = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** Calls per day, stacked by disposition. */
export function callsPerDayChart(data: ReportData): string {
  const slot = Math.max(6, Math.min(28, Math.floor(900 / Math.max(1, data.days.length))));
  const f: Frame = { width: 70 + slot * data.days.length + 20, height: 280, left: 56, right: 20, top: 16, bottom: 48 };
  const { h } = inner(f);
  const totals = data.days.map((d) => Object.values(data.callsByDay[d] ?? {}).reduce((a, b) => a + b, 0));
  const max = niceCeiling(Math.max(1, ...totals));
  let body = valueAxis(f, max, whole);
  const labelEvery = Math.ceil(data.days.length / 15);
  data.days.forEach((day, i) => {
    const x = f.left + i * slot + 1;
    let y = f.top + h;
    const row = data.callsByDay[day] ?? {};
    data.dispositions.forEach((disposition, k) => {
      const count = row[disposition] ?? 0;
      if (count === 0) return;
      const bh = (count / max) * h;
      y -= bh;
      body +=
        `<rect${attrs({ class: "bar", "data-day": day, "data-disposition": disposition, "data-count": count, x: r2(x), y: r2(y), width: slot - 2, height: r2(bh), fill: dispositionColour(disposition, k) })}>` +
        `<title>${esc(`${day} ${disposition}: ${count}`)}</title></rect>`;
    });
    body += `<text${attrs({ class: "day-total", "data-day": day, "data-total": totals[i] ?? 0, x: r2(x + (slot - 2) / 2), y: r2(y - 3), "text-anchor": "middle" })}>${totals[i] ? esc(totals[i] ?? 0) : ""}</text>`;
    if (i % labelEvery === 0) {
      body += `<text class="tick" x="${r2(x + (slot - 2) / 2)}" y="${f.top + h + 14}" text-anchor="end" transform="rotate(-45 ${r2(x + (slot - 2) / 2)} ${f.top + h + 14})">${esc(day.slice(5))}</text>`;
    }
  });
  const legend = data.dispositions
    .map((d, k) => `<li><span class="swatch" style="background:${dispositionColour(d, k)}"></span>${esc(d)}</li>`)
    .join("");
  return `${svg(f, "Calls per day by disposition", "calls-per-day", body)}<ul class="legend">${legend}</ul>`;
}

/** Denied decisions by reason code, horizontal bars. */
export function denialsChart(data: ReportData): string {
  const rows = data.denialsByReason;
  if (rows.length === 0) return `<p class="empty" data-chart="denials">No call was denied in this period.</p>`;
  const f: Frame = { width: 720, height: 24 * rows.length + 30, left: 190, right: 60, top: 10, bottom: 20 };
  const { w } = inner(f);
  const max = niceCeiling(Math.max(...rows.map((r) => r.count)));
  let body = "";
  rows.forEach((row, i) => {
    const y = f.top + i * 24;
    const bw = (row.count / max) * w;
    body += `<text class="label" x="${f.left - 8}" y="${y + 15}" text-anchor="end">${esc(row.code)}</text>`;
    body += `<rect${attrs({ class: "bar", "data-reason": row.code, "data-count": row.count, x: f.left, y: y + 3, width: r2(Math.max(bw, 1)), height: 16, fill: "#c62828" })}><title>${esc(`${row.code} (${row.rules.join(", ")}): ${row.count}`)}</title></rect>`;
    body += `<text class="value" x="${r2(f.left + bw + 6)}" y="${y + 15}">${esc(row.count)}</text>`;
  });
  return svg(f, "Denials by reason", "denials", body);
}

/** Abandonment rate per campaign and 30-day period, against the 3% line. */
export function abandonmentChart(data: ReportData): string {
  const periods = data.audit.abandonment.filter((p) => p.rate !== null);
  if (periods.length === 0) return `<p class="empty" data-chart="abandonment">No live-answered sales call in this period.</p>`;
  const limit = auditRules.abandonmentRate.params.maxRate;
  const slot = 100;
  const f: Frame = { width: 70 + slot * periods.length + 60, height: 280, left: 56, right: 60, top: 16, bottom: 70 };
  const { w, h } = inner(f);
  const max = niceCeiling(Math.max(limit * 1.5, ...periods.map((p) => p.rate ?? 0)) * 100) / 100;
  let body = valueAxis(f, max, pct);
  periods.forEach((p, i) => {
    const rate = p.rate ?? 0;
    const x = f.left + i * slot + 8;
    const bh = (rate / max) * h;
    const campaign = p.campaignId ?? "(none)";
    const period = calendarDate(p.from);
    body +=
      `<rect${attrs({ class: p.overLimit ? "bar over" : "bar", "data-campaign": campaign, "data-period": period, "data-rate": rate.toFixed(4), "data-abandoned": p.abandoned, "data-live": p.liveAnswered, x, y: r2(f.top + h - bh), width: slot - 16, height: r2(Math.max(bh, 0.5)), fill: p.overLimit ? "#c62828" : "#1e88e5" })}>` +
      `<title>${esc(`${campaign}, from ${period}: ${p.abandoned} of ${p.liveAnswered} (${pct(rate)})`)}</title></rect>`;
    body += `<text class="value" x="${x + (slot - 16) / 2}" y="${r2(f.top + h - bh - 4)}" text-anchor="middle">${esc(pct(rate))}</text>`;
    body += `<text class="tick" x="${x + (slot - 16) / 2}" y="${f.top + h + 14}" text-anchor="middle">${esc(campaign)}</text>`;
    body += `<text class="tick" x="${x + (slot - 16) / 2}" y="${f.top + h + 28}" text-anchor="middle">${esc(period)}</text>`;
  });
  const ly = r2(f.top + h - (limit / max) * h);
  body += `<line${attrs({ class: "threshold", "data-threshold": limit, x1: f.left, x2: f.left + w, y1: ly, y2: ly })}/>`;
  body += `<text class="threshold-label" x="${f.left + w + 4}" y="${ly + 4}">${esc(pct(limit))} limit</text>`;
  return svg(f, "Abandonment rate per campaign against the 3% limit", "abandonment", body);
}

/** Complaints by status, and how many are overdue. */
export function complaintsChart(data: ReportData): string {
  const c = data.complaints;
  const rows: [string, number, string][] = [
    ["open", c.open, "#fb8c00"],
    ["overdue", c.overdue.length, "#c62828"],
    ["responded", c.responded, "#1e88e5"],
    ["resolved", c.resolved, "#2e7d32"],
  ];
  const f: Frame = { width: 520, height: 24 * rows.length + 20, left: 100, right: 60, top: 10, bottom: 10 };
  const { w } = inner(f);
  const max = niceCeiling(Math.max(1, ...rows.map((r) => r[1])));
  let body = "";
  rows.forEach(([status, count, colour], i) => {
    const y = f.top + i * 24;
    const bw = (count / max) * w;
    body += `<text class="label" x="${f.left - 8}" y="${y + 15}" text-anchor="end">${esc(status)}</text>`;
    body += `<rect${attrs({ class: "bar", "data-status": status, "data-count": count, x: f.left, y: y + 3, width: r2(Math.max(bw, count > 0 ? 1 : 0)), height: 16, fill: colour })}><title>${esc(`${status}: ${count}`)}</title></rect>`;
    body += `<text class="value" x="${r2(f.left + bw + 6)}" y="${y + 15}">${esc(count)}</text>`;
  });
  return svg(f, "Complaints by status", "complaints", body);
}

/** Age of the registry copies over the range, with the 31-day line of the national registry. */
export function registryAgeChart(data: ReportData): string {
  const series = data.registryAge.filter((s) => s.points.some((p) => p.ageDays !== null));
  if (series.length === 0) return `<p class="empty" data-chart="registry-age">No registry snapshot was recorded.</p>`;
  const limit = federalRules.registryFresh.params.maxAgeDays;
  const n = Math.max(1, data.days.length);
  const f: Frame = { width: Math.max(520, 70 + 10 * n + 120), height: 260, left: 56, right: 120, top: 16, bottom: 40 };
  const { w, h } = inner(f);
  const max = niceCeiling(Math.max(limit * 1.2, ...series.flatMap((s) => s.points.map((p) => p.ageDays ?? 0))));
  const xOf = (i: number): number => r2(f.left + (n === 1 ? w / 2 : (i / (n - 1)) * w));
  const yOf = (v: number): number => r2(f.top + h - (v / max) * h);
  let body = valueAxis(f, max, (v) => `${whole(v)} d`);
  const colours: Record<string, string> = { national: "#1e88e5", massachusetts: "#8e24aa" };
  for (const s of series) {
    const colour = colours[s.source] ?? "#546e7a";
    const pts = s.points.map((p, i) => (p.ageDays === null ? undefined : `${xOf(i)},${yOf(p.ageDays)}`)).filter((p): p is string => p !== undefined);
    const last = [...s.points].reverse().find((p) => p.ageDays !== null);
    body += `<polyline${attrs({ class: "series", "data-source": s.source, "data-last-age": last?.ageDays ?? undefined, points: pts.join(" "), fill: "none", stroke: colour, "stroke-width": 2 })}/>`;
    s.points.forEach((p, i) => {
      if (p.ageDays === null) return;
      body += `<circle${attrs({ class: "point", "data-source": s.source, "data-day": p.day, "data-age": p.ageDays, cx: xOf(i), cy: yOf(p.ageDays), r: 2.5, fill: colour })}><title>${esc(`${s.source} ${p.day}: ${p.ageDays} days`)}</title></circle>`;
    });
  }
  const ly = yOf(limit);
  body += `<line${attrs({ class: "threshold", "data-threshold": limit, x1: f.left, x2: f.left + w, y1: ly, y2: ly })}/>`;
  body += `<text class="threshold-label" x="${f.left + w + 4}" y="${ly + 4}">${limit} days (national)</text>`;
  const legend = series.map((s) => `<li><span class="swatch" style="background:${colours[s.source] ?? "#546e7a"}"></span>${esc(s.source)}</li>`).join("");
  return `${svg(f, "Registry copy age over time", "registry-age", body)}<ul class="legend">${legend}</ul>`;
}
