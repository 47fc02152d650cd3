import { federalRules } from "./federal.js";
import { massachusettsRules } from "./massachusetts.js";
import type { RuleDefinition } from "./types.js";

export * from "./types.js";
export { federalRules, type FederalRules, type WindowParams } from "./federal.js";
export { MA_AREA_CODES, massachusettsRules, type MassachusettsRules } from "./massachusetts.js";

/** The version of the law the rule packs encode; every decision carries it. */
export const RULES_VERSION = "2026.11.1";

/** Rule that denies when the number is not a valid US number (fail closed, rules.md). */
export const validNumberRule: RuleDefinition = {
  id: "core.valid-number",
  jurisdiction: "us",
  code: "INVALID_NUMBER",
  citation: "16 CFR 310; 47 CFR 64.1200 (United States numbers only); fail closed",
  summary: "The number must be a valid number of the United States or its territories",
  purposes: ["telemarketing", "informational", "debt-collection", "survey", "charitable", "political"],
  params: {},
};

/** Rule that denies when the storage adapter fails while the gate gathers facts (fail closed). */
export const storageRule: RuleDefinition = {
  id: "core.storage",
  jurisdiction: "us",
  code: "STORAGE_UNAVAILABLE",
  citation: "16 CFR 310.4(b)(3) (safe harbor: documented procedures); M.G.L. c.159C §9; fail closed",
  summary: "When the records cannot be read or the receipt cannot be written, the call is denied",
  purposes: ["telemarketing", "informational", "debt-collection", "survey", "charitable", "political"],
  params: {},
};

/** Every rule of every pack, keyed by id. */
export const ALL_RULES: ReadonlyMap<string, RuleDefinition> = new Map(
  [...Object.values(federalRules), ...Object.values(massachusettsRules), validNumberRule, storageRule].map((r) => [r.id, r as RuleDefinition]),
);
