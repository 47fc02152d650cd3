/**
 * Fixture builders for tests of call-gating logic: a seller, registries and a gate on the memory
 * adapter with a manual clock, and facts for the pure `evaluateCall`.
 */
import { memoryStorage } from "../adapters/memory.js";
import type { CallFacts, PolicyInput, Seller } from "../core/types.js";
import { createCallgate, type Callgate } from "../gate/index.js";
import { createRegistry } from "../registry/index.js";
import type { Registry } from "../registry/types.js";
import type { NewRecord, RecordKind, StorageAdapter, StoredRecord } from "../storage/types.js";
import { sealBatch } from "../records/chain.js";
import { manualClock, type ManualClock } from "./clocks.js";

/** A seller for tests: Acme Solar LLC with a valid (fictional 555-01XX) caller ID. */
export function testSeller(overrides: Partial<Seller> = {}): Seller {
  return { id: "acme-solar", name: "Acme Solar LLC", callerId: "+16175550100", ...overrides };
}

/** Options of {@link testGate}. */
export interface TestGateOptions {
  /** @default "2026-11-30T15:00:00Z" (10:00 in New York) */
  now?: Date | string | number;
  /** Numbers on the national registry copy (obtained the day before `now`). */
  national?: readonly string[];
  /** Numbers on the Massachusetts list (edition: first day of `now`'s quarter, New York). */
  massachusetts?: readonly string[];
  /** Replaces the default registries entirely. */
  registries?: readonly Registry[];
  /** Overrides of the test seller's fields (see {@link testSeller}). */
  seller?: Partial<Seller>;
  /** Overrides of the gate's policy; without them the gate runs the default policy. */
  policy?: PolicyInput;
  /** Where the gate keeps its records. @default a new memoryStorage() */
  storage?: StorageAdapter;
}

/** A gate on the memory adapter with a manual clock and fresh registries: the usual test setup. */
export function testGate(options: TestGateOptions = {}): {
  /** The gate under test. */
  gate: Callgate;
  /** The gate's clock: move it with `advance()` or `set()`. */
  clock: ManualClock;
  /** The gate's storage adapter, to read or seed records directly. */
  storage: StorageAdapter;
} {
  const clock = manualClock(options.now ?? "2026-11-30T15:00:00Z");
  const now = clock.now();
  const storage = options.storage ?? memoryStorage();
  const registries = options.registries ?? [
    createRegistry({ source: "national", obtainedAt: new Date(now.getTime() - 86_400_000), numbers: options.national ?? [] }),
    createRegistry({ source: "massachusetts", edition: quarterStart(now), numbers: options.massachusetts ?? [] }),
  ];
  const gate = createCallgate({
    seller: testSeller(options.seller),
    storage,
    registries,
    clock,
    ...(options.policy === undefined ? {} : { policy: options.policy }),
  });
  return { gate, clock, storage };
}

/** The first day (`YYYY-MM-DD`) of the New York calendar quarter of an instant. */
export function quarterStart(at: Date): string {
  const ny = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York", year: "numeric", month: "2-digit" }).formatToParts(at);
  const year = ny.find((p) => p.type === "year")?.value ?? "1970";
  const month = Number(ny.find((p) => p.type === "month")?.value ?? "1");
  const q = Math.floor((month - 1) / 3) * 3 + 1;
  return `${year}-${String(q).padStart(2, "0")}-01`;
}

/** A record for {@link callFacts}: kind, number, instant and data. */
export interface FactInput {
  /** The record's kind: an interaction goes to the facts' interactions, any other kind to their standing. */
  kind: Extract<RecordKind, "consent" | "relationship" | "do-not-call" | "interaction">;
  /** The number the record is about, as stored records hold it (E.164, e.g. `+16175550101`). */
  phone: string;
  /** The record's own instant (also its recording instant): a Date or an ISO-8601 string. */
  at: Date | string;
  /** The record's data, as the gate stores it (e.g. `{ action: "grant", form: "written" }`). */
  data: Record<string, unknown>;
}

/** Builds {@link CallFacts} for the pure `evaluateCall` from plain descriptions of records. */
export function callFacts(options: { seller?: Partial<Seller>; registries?: readonly Registry[]; records?: readonly FactInput[] } = {}): CallFacts {
  const seller = testSeller(options.seller);
  const fresh: NewRecord[] = (options.records ?? []).map((r, i) => ({
    id: `fix_${String(i).padStart(26, "0")}`,
    kind: r.kind,
    sellerId: seller.id,
    phone: r.phone,
    at: new Date(r.at),
    recordedAt: new Date(r.at),
    schemaVersion: 1,
    data: r.data,
  }));
  const sealed: StoredRecord[] = sealBatch(null, fresh);
  return {
    seller,
    registries: options.registries ?? [],
    standing: sealed.filter((r) => r.kind !== "interaction"),
    interactions: sealed.filter((r) => r.kind === "interaction"),
  };
}
