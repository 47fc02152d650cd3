/**
 * Writes docs/guides/rules.md from the rule packs, so the guide cannot drift from the code.
 * Run: npx tsx scripts/generate-rules-doc.ts (test/docs/rules-doc.test.ts checks it is current).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderRulesGuide } from "./rules-doc.js";

const target = fileURLToPath(new URL("../docs/guides/rules.md", import.meta.url));
writeFileSync(target, renderRulesGuide());
console.log(`wrote ${target}`);
