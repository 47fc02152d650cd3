/**
 * `report(range)`: the compliance report as one self-contained HTML page (see ./html.ts), from the
 * records of `[from, to)` and the complaints as they stand at the clock reading.
 */
import type { GateInternals } from "../../gate/internals.js";
import { resolveClosedRange, type ClosedRange } from "../range.js";
import { gatherReportData, type ReportData } from "./data.js";
import { renderReportHtml } from "./html.js";

export type { ReportData } from "./data.js";

/** Gathers and renders the report; `now` is the operation's one clock reading. */
export async function renderReport(internals: GateInternals, now: Date, range: ClosedRange): Promise<string> {
  const { from, to } = resolveClosedRange(range, "report range");
  const data: ReportData = await gatherReportData(internals, now, from, to);
  return renderReportHtml(data);
}
