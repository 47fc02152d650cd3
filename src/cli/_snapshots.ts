/**
 * Registry snapshots as the command-line tool keeps them: each import is a binary snapshot file
 * (`<snapshot id>.cgdnc` in the snapshot folder) and a `registry-snapshot` record in the store,
 * the proof that the download was made. The records say which snapshots exist; the gate's own
 * choice (`pickRegistry`: the newest copy of each list covering an area code) says which ones a
 * command must load, and the rule packs themselves (through `evaluateCall`) say which are stale.
 */
import { join } from "node:path";
import { existsSync } from "node:fs";
import { evaluateCall, loadRegistrySnapshot, type Policy, type Registry, type RegistryMeta, type RegistrySource, type StorageAdapter } from "../index.js";
import { pickRegistry } from "../core/evaluate.js";
import { scanRecords } from "../records/scan.js";
import { REGISTRY_SOURCES } from "../registry/types.js";
import { calendarDaysBetween } from "../time/instant.js";
import { storageError } from "./_errors.js";

/** A snapshot as its `registry-snapshot` record describes it. */
export interface RecordedSnapshot extends Omit<RegistryMeta, "baseId"> {
  /** The first record of it (processes whose first writes race may each record it once). */
  recordId: string;
  recordedAt: Date;
}

/** The snapshot file of a snapshot id. */
export function snapshotFile(folder: string, id: string): string {
  return join(folder, `${id}.cgdnc`);
}

/** Every snapshot recorded for the seller, one entry per snapshot id, in the order first recorded. */
export async function listRecordedSnapshots(storage: StorageAdapter, sellerId: string): Promise<RecordedSnapshot[]> {
  const byId = new Map<string, RecordedSnapshot>();
  for await (const r of scanRecords(storage, { sellerId, kinds: ["registry-snapshot"] })) {
    const d = r.data;
    const id = d.registryId;
    const source = d.source;
    if (typeof id !== "string" || byId.has(id)) continue;
    if (typeof source !== "string" || !(REGISTRY_SOURCES as readonly string[]).includes(source)) continue;
    const obtainedAt = new Date(String(d.obtainedAt));
    if (!Number.isFinite(obtainedAt.getTime())) continue;
    byId.set(id, {
      id,
      source: source as RegistrySource,
      edition: String(d.edition),
      obtainedAt,
      areaCodes: Array.isArray(d.areaCodes) ? d.areaCodes.map(String) : null,
      count: Number(d.count ?? 0),
      badLines: Number(d.badLines ?? 0),
      sha256: String(d.sha256 ?? ""),
      kind: d.snapshotKind === "changes-applied" ? "changes-applied" : "full",
      recordId: r.id,
      recordedAt: r.recordedAt,
    });
  }
  return [...byId.values()];
}

/**
 * A registry that knows only its meta and coverage: enough for `pickRegistry` and for the
 * freshness rules, which never look at membership. Lists nobody.
 */
export function coverageOnly(s: RecordedSnapshot): Registry {
  const covered = s.areaCodes === null ? null : new Set(s.areaCodes);
  const meta: RegistryMeta = {
    id: s.id,
    source: s.source,
    edition: s.edition,
    obtainedAt: s.obtainedAt,
    areaCodes: s.areaCodes,
    count: s.count,
    badLines: s.badLines,
    sha256: s.sha256,
    kind: s.kind,
  };
  return {
    meta,
    has: () => false,
    hasNational: () => false,
    covers: (areaCode) => {
      const code = String(areaCode);
      return /^[2-9]\d{2}$/.test(code) && (covered === null || covered.has(code));
    },
    numbers: () => [],
  };
}

/** How many area codes each snapshot is the gate's pick for (absent: superseded everywhere). */
export function areaCodesInUse(snapshots: readonly RecordedSnapshot[]): Map<string, number> {
  const stand = snapshots.map(coverageOnly);
  const uses = new Map<string, number>();
  for (const source of REGISTRY_SOURCES) {
    for (let npa = 200; npa <= 999; npa++) {
      const picked = pickRegistry(stand, source, npa);
      if (picked !== undefined) uses.set(picked.meta.id, (uses.get(picked.meta.id) ?? 0) + 1);
    }
  }
  return uses;
}

/** Loads the snapshot files the gate would pick from (the others are superseded everywhere). */
export async function loadSnapshotsInUse(snapshots: readonly RecordedSnapshot[], folder: string): Promise<Registry[]> {
  const inUse = areaCodesInUse(snapshots);
  const out: Registry[] = [];
  for (const s of snapshots) {
    if (!inUse.has(s.id)) continue;
    const path = snapshotFile(folder, s.id);
    if (!existsSync(path)) {
      throw storageError(
        `the ${s.source} registry snapshot ${s.id} is on record but its file ${path} is missing`,
        "restore the file, pass --registries DIR, or import the registry download again",
      );
    }
    const registry = await loadRegistrySnapshot(path);
    if (registry.meta.id !== s.id) {
      throw storageError(`the snapshot file ${path} holds ${registry.meta.id}, not ${s.id}`, "restore the right file or import the registry download again");
    }
    out.push(registry);
  }
  return out;
}

/** A snapshot's standing on a day: age in New York calendar days, and the rule that finds it stale. */
export interface SnapshotStanding {
  ageDays: number;
  /** The denial the freshness rule gives a call on that day, or `undefined` when the copy is current. */
  stale?: { rule: string; citation: string; message: string };
}

/**
 * Asks the rule packs themselves (through the pure core) whether a call on `at` could rely on the
 * snapshot: `us.registry-fresh` (31 days) for the national copy, `ma.registry-current` (the
 * current quarter) for the Massachusetts list. A probe number in a covered area code is
 * evaluated against this snapshot alone, and only the freshness rule's outcome is read.
 */
export function snapshotStanding(s: RecordedSnapshot, at: Date, policy: Policy): SnapshotStanding {
  const ageDays = calendarDaysBetween(s.obtainedAt, at);
  const rule = s.source === "national" ? "us.registry-fresh" : "ma.registry-current";
  const registry = coverageOnly(s);
  const seller = { id: "registry-status", name: "registry status", callerId: "+16175550100" };
  const areaCodes = s.areaCodes ?? (s.source === "massachusetts" ? ["617"] : ["212"]);
  for (const npa of areaCodes) {
    const decision = evaluateCall(
      { seller, registries: [registry], standing: [], interactions: [] },
      { phone: `+1${npa}5550100`, at, ...(s.source === "massachusetts" ? { consumer: { state: "MA" } } : {}) },
      policy,
      at,
    );
    if (decision.reasons.some((r) => r.code === "INVALID_NUMBER")) continue;
    const reason = decision.reasons.find((r) => r.rule === rule);
    return reason === undefined ? { ageDays } : { ageDays, stale: { rule, citation: reason.citation, message: reason.message } };
  }
  return { ageDays };
}
