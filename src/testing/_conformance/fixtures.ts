/**
 * Records for the conformance checks, built with explicit instants from a manual clock: the kit
 * never sleeps and never reads the system clock.
 */
import { getRandomValues } from "node:crypto";
import type { NewRecord, RecordKind } from "../../storage/types.js";
import { type ManualClock, manualClock } from "../clocks.js";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** `rec_` + a 26-character ULID: 10 characters of milliseconds, 16 random (80 bits). */
export function recordId(atMs: number): string {
  let time = "";
  let t = Math.max(0, Math.floor(atMs));
  for (let i = 0; i < 10; i++) {
    time = (CROCKFORD[t % 32] ?? "0") + time;
    t = Math.floor(t / 32);
  }
  const bytes = getRandomValues(new Uint8Array(16));
  let random = "";
  for (const b of bytes) random += CROCKFORD[b % 32] ?? "0";
  return `rec_${time}${random}`;
}

/** Sellers and numbers the checks use (the fictional 555-01XX block). */
export const SELLER = "acme-solar";
export const OTHER_SELLER = "bay-state-windows";
export const PHONE = "+16175550123";
export const OTHER_PHONE = "+15085550199";
export const THIRD_PHONE = "+14135550142";

/** What a check may set on a record; the rest takes defaults. */
export type RecordFields = Partial<Omit<NewRecord, "data">> & { data?: Record<string, unknown> };

/** Builds new records with time-ordered ids; each record moves the clock by 1.007 s. */
export class RecordFactory {
  readonly clock: ManualClock = manualClock("2026-01-05T14:00:00.123Z");

  record(fields: RecordFields = {}): NewRecord {
    const now = this.clock.now();
    this.clock.advance(1007);
    return {
      id: fields.id ?? recordId(now.getTime()),
      kind: fields.kind ?? "interaction",
      sellerId: fields.sellerId ?? SELLER,
      phone: fields.phone === undefined ? PHONE : fields.phone,
      at: fields.at ?? now,
      recordedAt: fields.recordedAt ?? now,
      schemaVersion: fields.schemaVersion ?? 1,
      data: fields.data ?? { disposition: "answered", durationSeconds: 42 },
    };
  }

  records(count: number, fields: (i: number) => RecordFields = () => ({})): NewRecord[] {
    return Array.from({ length: count }, (_, i) => this.record(fields(i)));
  }

  /** A checkpoint for a purge request, as the gate would build it. */
  checkpoint(data: Record<string, unknown> = { reason: "retention", cutoff: "2021-01-05T05:00:00.000Z" }): NewRecord {
    return this.record({ kind: "checkpoint", phone: null, data });
  }
}

/** A varied log: two sellers, three numbers and none, every kind, `at` out of step with seq. */
export function variedRecords(make: RecordFactory, count: number): NewRecord[] {
  const kinds: RecordKind[] = ["interaction", "consent", "decision", "do-not-call", "relationship", "interaction", "complaint", "registry-snapshot"];
  const phones = [PHONE, OTHER_PHONE, THIRD_PHONE, null];
  const base = Date.parse("2025-06-01T12:00:00.000Z");
  return make.records(count, (i) => {
    const kind = kinds[i % kinds.length] ?? "interaction";
    return {
      kind,
      sellerId: i % 3 === 2 ? OTHER_SELLER : SELLER,
      phone: kind === "registry-snapshot" ? null : (phones[i % phones.length] ?? null),
      // The record's own instant jumps back and forth: 37 hours apart, folded over 11 steps.
      at: new Date(base + ((i * 7) % 11) * 37 * 3_600_000 + i),
      data: { n: i },
    };
  });
}
