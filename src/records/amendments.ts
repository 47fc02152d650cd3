import type { StoredRecord } from "../storage/types.js";
import { jsonData } from "../gate/records.js";

/**
 * The data of a record with its amendments (in seq order) applied: each amendment's `changes`
 * replace fields, and a change to `null` removes one. Pure: the gate uses it for the facts it
 * decides on, inspection for the corrected view.
 */
export function applyAmendments(data: Readonly<Record<string, unknown>>, amendments: readonly StoredRecord[] | undefined): Readonly<Record<string, unknown>> {
  if (amendments === undefined || amendments.length === 0) return data;
  const out: Record<string, unknown> = { ...data };
  for (const a of amendments) {
    const changes = (a.data.changes ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) delete out[k];
      else out[k] = v;
    }
  }
  return jsonData(out);
}

/**
 * Interactions as corrected: amendment records among `records` are applied to the interactions
 * they correct (and dropped from the list). Records of other kinds pass through.
 */
export function correctedInteractions(records: readonly StoredRecord[]): StoredRecord[] {
  const byTarget = new Map<string, StoredRecord[]>();
  for (const r of records) {
    if (r.kind !== "amendment") continue;
    const target = String(r.data.targetId);
    const list = byTarget.get(target);
    if (list === undefined) byTarget.set(target, [r]);
    else list.push(r);
  }
  if (byTarget.size === 0) return records as StoredRecord[];
  const out: StoredRecord[] = [];
  for (const r of records) {
    if (r.kind === "amendment") continue;
    const amendments = byTarget.get(r.id);
    out.push(amendments === undefined ? r : { ...r, data: applyAmendments(r.data, amendments) });
  }
  return out;
}
