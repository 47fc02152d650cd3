/**
 * What every process of the fleet shares: the seller, the registry snapshots, the leads and the
 * connection. Each dialer process builds its own gate from these over the same PostgreSQL schema.
 */
import pg from "pg";
import { createCallgate, createRegistry, type Callgate, type Registry } from "../../src/index.js";
import { postgresStorage, type PostgresStorage } from "../../src/adapters/postgres.js";

export const seller = { id: "acme-solar", name: "Acme Solar LLC", callerId: "+16175550100" };

/** The same snapshots in every process (in production: `loadRegistrySnapshot` of this month's file). */
export function fleetRegistries(): Registry[] {
  return [
    createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: ["+12125550115", "+13125550120", "+16175550122"] }),
    createRegistry({ source: "massachusetts", edition: "2026-10-01", numbers: ["+16175550118"] }),
  ];
}

/** 24 leads in the fictional 555-01XX block, in Boston, New York, Chicago and San Francisco. */
export const LEADS: readonly string[] = Array.from({ length: 24 }, (_, i) => {
  const area = ["617", "212", "312", "415"][i % 4] as string;
  return `+1${area}5550${110 + i}`;
});

/** The consumer who answers this lead asks not to be called again (whichever dialer reaches it). */
export const ASKS_NOT_TO_CALL = "+16175550110";

/** Every dialer works from 10:00 in New York on Tuesday 1 December 2026 (07:00 in San Francisco). */
export const SHIFT_START = new Date("2026-12-01T15:00:00Z");

/** A pool and a gate on the shared schema. The caller ends the pool. */
export function connect(url: string, schema: string, now: () => Date): { pool: pg.Pool; storage: PostgresStorage; gate: Callgate } {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const storage = postgresStorage({ client: pool, schema });
  const gate = createCallgate({ seller, storage, registries: fleetRegistries(), clock: { now } });
  return { pool, storage, gate };
}
