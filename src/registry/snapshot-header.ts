import { z } from "zod";
import { REGISTRY_SOURCES, type RegistryMeta } from "./types.js";

/**
 * The JSON header of a registry snapshot file: the meta (obtainedAt as ISO-8601) and, per area
 * code, how its numbers are stored. The payloads follow in the same order.
 */

/** Bytes at the start of every snapshot file. */
export const SNAPSHOT_MAGIC = Buffer.from("\x89CGDNC\r\n", "latin1");

/** Version of the snapshot layout written by this code. */
export const SNAPSHOT_VERSION = 1;

const AreaSchema = z
  .object({
    npa: z.number().int().min(200).max(999),
    encoding: z.enum(["bitmap", "sparse"]),
    count: z.number().int().nonnegative(),
    /** 32-bit words in the payload. */
    length: z.number().int().nonnegative(),
  })
  .strict();

const MetaSchema = z
  .object({
    id: z.string().min(1),
    source: z.enum(REGISTRY_SOURCES as [RegistryMeta["source"], ...RegistryMeta["source"][]]),
    edition: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    obtainedAt: z.string().refine((text) => Number.isFinite(Date.parse(text)), "not an instant"),
    areaCodes: z.array(z.string().regex(/^[2-9]\d{2}$/)).nullable(),
    count: z.number().int().nonnegative(),
    badLines: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    kind: z.enum(["full", "changes-applied"]),
    baseId: z.string().min(1).optional(),
  })
  .strict();

/** The header's schema. */
export const SnapshotHeaderSchema = z.object({ meta: MetaSchema, areas: z.array(AreaSchema) }).strict();

/** The header as stored. */
export type SnapshotHeader = z.infer<typeof SnapshotHeaderSchema>;

/** The meta as stored in a header (obtainedAt as an ISO string). */
export function metaToJson(meta: RegistryMeta): SnapshotHeader["meta"] {
  return {
    id: meta.id,
    source: meta.source,
    edition: meta.edition,
    obtainedAt: meta.obtainedAt.toISOString(),
    areaCodes: meta.areaCodes === null ? null : [...meta.areaCodes],
    count: meta.count,
    badLines: meta.badLines,
    sha256: meta.sha256,
    kind: meta.kind,
    ...(meta.baseId === undefined ? {} : { baseId: meta.baseId }),
  };
}
