/**
 * The compliance report page: one self-contained HTML document (inline CSS and SVG, no script, no
 * font, image or stylesheet fetched; a Content-Security-Policy forbids fetching anything), so it
 * can be mailed to a regulator or opened offline. Numbers are shown in tables beside the charts.
 */
import { AUDIT_RULES } from "../audit-rules.js";
import { abandonmentChart, callsPerDayChart, complaintsChart, denialsChart, registryAgeChart } from "./charts.js";
import type { ReportData } from "./data.js";
import { esc } from "./svg.js";

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#555;margin:0 0 16px}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:120px}.card b{display:block;font-size:22px}
.card.alert b{color:#c62828}table{border-collapse:collapse;margin:8px 0;font-size:13px}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f5f5f5}td.num{text-align:right}
.chart{display:block;max-width:100%;height:auto;overflow:visible}.chart text{font-size:11px;fill:#333}
.chart .grid{stroke:#eee}.chart .axis-line{stroke:#999}.chart .threshold{stroke:#c62828;stroke-width:2;stroke-dasharray:6 4}
.chart .threshold-label{fill:#c62828;font-weight:600}.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:12px;font-size:12px}
.swatch{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}.empty{color:#777;font-style:italic}
.over{font-weight:600;color:#c62828}footer{margin-top:32px;color:#777;font-size:12px}
@media print{body{margin:0}h2{break-after:avoid}}
`;

const iso = (d: Date): string => d.toISOString().replace(".000Z", "Z");
const pct = (v: number | null): string => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

function card(label: string, value: string | number, testId: string, alert = false): string {
  return `<div class="card${alert ? " alert" : ""}" data-testid="${esc(testId)}"><b>${esc(value)}</b>${esc(label)}</div>`;
}

function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[], className: string, numeric: ReadonlySet<number> = new Set()): string {
  if (rows.length === 0) return `<p class="empty">None.</p>`;
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ""}>${esc(c)}</td>`).join("")}</tr>`).join("");
  return `<table class="${esc(className)}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const MAX_FINDINGS_LISTED = 200;

/** Renders the page. */
export function renderReportHtml(data: ReportData): string {
  const a = data.audit;
  const findingsTotal = a.findings.length;
  const overLimit = a.abandonment.filter((p) => p.overLimit).length;
  const title = `Compliance report: ${data.seller.name}`;
  const nyDays = data.days.length === 0 ? "" : ` (New York days ${data.days[0]} to ${data.days[data.days.length - 1]})`;
  const period = `${iso(data.range.from)} to ${iso(data.range.to)}${nyDays}`;

  const dispositionRows = data.dispositions.map((d) => [d, data.days.reduce((n, day) => n + (data.callsByDay[day]?.[d] ?? 0), 0)] as const);
  const findingRows = Object.entries(a.countsByRule).map(([rule, n]) => [rule, n, AUDIT_RULES.get(rule)?.summary ?? "", AUDIT_RULES.get(rule)?.citation ?? ""] as const);
  const listed = a.findings.slice(0, MAX_FINDINGS_LISTED);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="meta">Seller <code>${esc(data.seller.id)}</code> · calls and decisions from ${esc(period)} · generated ${esc(iso(data.generatedAt))} ·
chain head ${data.chainHead === null ? "(empty log)" : `seq ${esc(data.chainHead.seq)}, <code>${esc(data.chainHead.hash.slice(0, 16))}…</code>`}</p>
<div class="cards">
${card("calls recorded", data.totalCalls, "total-calls")}
${card("decisions", data.decisions.total, "decisions")}
${card("denied", data.decisions.denied, "denied")}
${card("audit findings", findingsTotal, "findings", findingsTotal > 0)}
${card("campaign periods above 3%", overLimit, "abandonment-over", overLimit > 0)}
${card("complaints open", data.complaints.open, "complaints-open")}
${card("complaints overdue", data.complaints.overdue.length, "complaints-overdue", data.complaints.overdue.length > 0)}
</div>
</header>

<section id="calls-per-day">
<h2>Calls per day by disposition</h2>
${callsPerDayChart(data)}
${table(["disposition", "calls"], dispositionRows, "dispositions", new Set([1]))}
</section>

<section id="denials">
<h2>Denials by reason</h2>
<p>${esc(data.decisions.allowed)} of ${esc(data.decisions.total)} gate decisions allowed the call; ${esc(data.decisions.denied)} denied it.</p>
${denialsChart(data)}
${table(["reason", "rules", "denied decisions"], data.denialsByReason.map((r) => [r.code, r.rules.join(", "), r.count]), "denials-table", new Set([2]))}
</section>

<section id="abandonment">
<h2>Abandonment rate per campaign (30-day periods)</h2>
${abandonmentChart(data)}
${table(
  ["campaign", "period from", "period to", "live-answered", "abandoned", "rate"],
  a.abandonment.map((p) => [p.campaignId ?? "(none)", iso(p.from), iso(p.to), p.liveAnswered, p.abandoned, `${pct(p.rate)}${p.overLimit ? " (above 3%)" : ""}`]),
  "abandonment-table",
  new Set([3, 4, 5]),
)}
</section>

<section id="complaints">
<h2>Complaints</h2>
<p>${esc(data.complaints.openedInRange)} received in this period. As of ${esc(iso(data.generatedAt))}: ${esc(data.complaints.open)} open without a response, ${esc(data.complaints.overdue.length)} overdue.</p>
${complaintsChart(data)}
<h3>Overdue</h3>
${table(["complaint", "phone", "received", "response due by", "channel"], data.complaints.overdue.map((c) => [c.id, c.phone ?? "", iso(c.openedAt), c.dueDate, c.channel]), "overdue-table")}
</section>

<section id="registry-age">
<h2>Registry copy age over time</h2>
${registryAgeChart(data)}
${table(["source", "edition", "obtained", "numbers listed"], data.snapshots.map((s) => [s.source, s.edition, iso(s.obtainedAt), s.count ?? ""]), "snapshots-table", new Set([3]))}
</section>

<section id="findings">
<h2>Post-call audit findings</h2>
${table(["rule", "findings", "what", "citation"], findingRows, "findings-table", new Set([1]))}
${listed.length === 0 ? "" : table(["rule", "at", "records", "finding"], listed.map((f) => [f.rule, iso(f.at), f.recordIds.length > 3 ? `${f.recordIds.slice(0, 3).join(", ")} and ${f.recordIds.length - 3} more` : f.recordIds.join(", "), f.message]), "finding-list")}
${findingsTotal > listed.length ? `<p>${esc(findingsTotal - listed.length)} more findings are in the audit (auditInteractions).</p>` : ""}
</section>

<footer>Made by callgate from the seller's tamper-evident records. Registries appear as metadata only (source, edition, download time, count): the page holds no Do Not Call list's contents (201 CMR 12.03(6)). Not legal advice.</footer>
</body>
</html>
`;
}
