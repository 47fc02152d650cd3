/**
 * A small, fully known month of records for the report tests (November 2026, New York):
 *
 * - calls: 2026-11-02 two `sale` and one `no-answer` (campaign A); 2026-11-03 one `abandoned`
 *   (campaign A); 2026-11-10 forty `answered` and one `abandoned` (campaign B): 45 calls.
 * - abandonment: A 1 of 3 live-answered (33.3%, above 3%); B 1 of 41 (2.4%, below).
 * - decisions on 2026-11-30: 45 allowed (one per call), 2 denied NATIONAL_DNC, 1 denied STATE_DNC.
 * - complaints: one received 2026-11-02 and never answered (overdue since 2026-11-17), one received
 *   2026-11-25 (open, due by the end of 2026-12-10), one received and resolved on 2026-11-20.
 * - registries: a national copy obtained 2026-11-29 and the Q4 Massachusetts list (2026-10-01),
 *   each listing numbers that must never appear in the page.
 */
import { BOSTON, CHICAGO, NYC, NYC_2, SPRINGFIELD, call, inspectionGate } from "./_support.js";

export const NATIONAL_LISTED = ["+13125550181", "+13125550182"];
export const MA_LISTED = ["+15085550183"];
export const NEVER_SHOWN = ["+19785550184", "+14135550185"];

export async function reportFixture() {
  const g = inspectionGate({ national: [...NATIONAL_LISTED, NEVER_SHOWN[0] as string], massachusetts: [...MA_LISTED, NEVER_SHOWN[1] as string] });
  const { gate } = g;
  const gatedCall = async (input: Parameters<typeof call>[0] & { phone: string }) => {
    const d = await gate.canCall({ phone: input.phone, ...(input.campaignId === undefined ? {} : { campaignId: input.campaignId }) });
    return gate.recordInteraction(call({ ...input, decisionId: d.id }));
  };
  await gatedCall({ phone: NYC, campaignId: "A", startedAt: "2026-11-02T15:00:00Z", disposition: "sale" });
  await gatedCall({ phone: NYC_2, campaignId: "A", startedAt: "2026-11-02T16:00:00Z", disposition: "sale" });
  await gatedCall({ phone: CHICAGO, campaignId: "A", startedAt: "2026-11-02T17:00:00Z", disposition: "no-answer", timing: { ringSeconds: 20 } });
  await gatedCall({ phone: BOSTON, campaignId: "A", startedAt: "2026-11-03T15:00:00Z", disposition: "abandoned" });
  for (let i = 0; i < 40; i++) await gatedCall({ phone: SPRINGFIELD, campaignId: "B", startedAt: "2026-11-10T15:00:00Z", disposition: "answered" });
  await gatedCall({ phone: SPRINGFIELD, campaignId: "B", startedAt: "2026-11-10T16:00:00Z", disposition: "abandoned" });
  for (const phone of [...NATIONAL_LISTED, ...MA_LISTED]) {
    const d = await gate.canCall({ phone });
    if (d.allowed) throw new Error(`fixture: ${phone} should be denied`);
  }
  const overdue = await gate.recordComplaint({ phone: NYC, channel: "email", summary: "Called after I said stop", at: "2026-11-02T15:00:00Z" });
  const open = await gate.recordComplaint({ phone: NYC_2, channel: "web", summary: "Who is calling?", at: "2026-11-25T15:00:00Z" });
  const resolved = await gate.recordComplaint({ phone: CHICAGO, channel: "call", summary: "Wrong number", at: "2026-11-20T15:00:00Z" });
  await gate.resolveComplaint(resolved.id, { resolution: "Removed", at: "2026-11-20T16:00:00Z" });
  return { ...g, overdue, open, resolved, range: { from: "2026-11-01", to: "2026-12-01" } };
}
