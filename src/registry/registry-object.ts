import { createHash } from "node:crypto";
import type { Membership } from "./membership.js";
import { areaCodeNumber, LINES_PER_AREA, nationalNumber } from "./nanp.js";
import type { LoadReport, Registry, RegistryMeta, RegistrySource } from "./types.js";

/** The facts of a snapshot from which its id is derived. */
export interface RegistryIdentity {
  source: RegistrySource;
  edition: string;
  obtainedAt: Date;
  sha256: string;
  areaCodes: readonly string[] | null;
  baseId?: string;
}

/**
 * The deterministic id of a snapshot: `<source>-<edition>-<16 hex>`, the hex being a SHA-256 over
 * source, edition, obtainedAt, the content hash, the area codes covered (the same file read for
 * other area codes is another snapshot) and, for applied changes, the base's id.
 */
export function registryId(identity: RegistryIdentity): string {
  const digest = createHash("sha256")
    .update(
      [
        identity.source,
        identity.edition,
        identity.obtainedAt.toISOString(),
        identity.sha256,
        identity.areaCodes === null ? "*" : identity.areaCodes.join(","),
        identity.baseId ?? "",
      ].join("\n"),
    )
    .digest("hex");
  return `${identity.source}-${identity.edition}-${digest.slice(0, 16)}`;
}

const memberships = new WeakMap<Registry, Membership>();

/** The membership behind a registry built by this module, or `undefined` for a foreign object. */
export function membershipOf(registry: Registry): Membership | undefined {
  return memberships.get(registry);
}

/** Meta without `id` and `count`: both are derived here (the count from the membership). */
export type RegistryMetaInput = Omit<RegistryMeta, "id" | "count">;

/**
 * Freezes a meta object: `areaCodes` frozen, `obtainedAt` an accessor that hands out a fresh Date
 * each time, so no caller can move a snapshot's download time.
 */
function frozenMeta(input: RegistryMetaInput, count: number): RegistryMeta {
  const obtainedAtMs = input.obtainedAt.getTime();
  const identity: RegistryIdentity = {
    source: input.source,
    edition: input.edition,
    obtainedAt: input.obtainedAt,
    sha256: input.sha256,
    areaCodes: input.areaCodes,
    ...(input.baseId === undefined ? {} : { baseId: input.baseId }),
  };
  const meta: RegistryMeta = {
    id: registryId(identity),
    source: input.source,
    edition: input.edition,
    get obtainedAt(): Date {
      return new Date(obtainedAtMs);
    },
    areaCodes: input.areaCodes === null ? null : Object.freeze([...input.areaCodes]),
    count,
    badLines: input.badLines,
    sha256: input.sha256,
    kind: input.kind,
    ...(input.baseId === undefined ? {} : { baseId: input.baseId }),
  };
  return Object.freeze(meta);
}

/** The one Registry implementation: frozen meta over an immutable {@link Membership}. */
class SnapshotRegistry implements Registry {
  readonly meta: RegistryMeta;
  readonly report?: LoadReport;
  readonly #membership: Membership;
  readonly #covered: Uint8Array | null;

  constructor(meta: RegistryMeta, membership: Membership, report: LoadReport | undefined) {
    this.meta = meta;
    if (report !== undefined) this.report = report;
    this.#membership = membership;
    if (meta.areaCodes === null) this.#covered = null;
    else {
      this.#covered = new Uint8Array(1000);
      for (const code of meta.areaCodes) this.#covered[Number(code)] = 1;
    }
    Object.freeze(this);
  }

  has(phone: string): boolean {
    if (typeof phone !== "string") return false;
    const digits = nationalNumber(phone);
    if (digits === undefined) return false;
    const value = Number(digits);
    return this.#membership.has(Math.floor(value / LINES_PER_AREA), value % LINES_PER_AREA);
  }

  hasNational(npa: number, line: number): boolean {
    return this.#membership.has(npa, line);
  }

  covers(areaCode: string | number): boolean {
    const npa = areaCodeNumber(areaCode);
    if (npa === undefined) return false;
    return this.#covered === null || this.#covered[npa] === 1;
  }

  *numbers(): Generator<string> {
    for (const value of this.#membership.values()) yield String(value);
  }
}

/** Builds the frozen registry for `meta` (its id and count derived here) over `membership`. */
export function buildRegistry(meta: RegistryMetaInput, membership: Membership, report?: LoadReport): Registry {
  const frozenReport = report === undefined ? undefined : Object.freeze({ ...report, badLines: Object.freeze([...report.badLines]) });
  const registry = new SnapshotRegistry(frozenMeta(meta, membership.count), membership, frozenReport);
  memberships.set(registry, membership);
  return registry;
}
