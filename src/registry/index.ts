/**
 * Do-Not-Call registry snapshots: building them from numbers or delivered files, compact
 * membership, and binary snapshot files.
 */
export type { BadLine, LoadedRegistry, LoadReport, Registry, RegistryMeta, RegistrySource } from "./types.js";
export { createRegistry, type CreateRegistryOptions } from "./create-registry.js";
export { DEFAULT_BAD_LINE_THRESHOLD, loadRegistry, type LoadRegistryOptions } from "./load-registry.js";
export type { RegistryInput } from "./input.js";
export { loadRegistrySnapshot, saveRegistrySnapshot } from "./snapshot.js";
