import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderRulesGuide } from "../../scripts/rules-doc.js";

describe("docs/guides/rules.md", () => {
  it("is the guide generated from the current rule packs (run scripts/generate-rules-doc.ts)", () => {
    const onDisk = readFileSync(new URL("../../docs/guides/rules.md", import.meta.url), "utf8");
    expect(onDisk).toBe(renderRulesGuide());
  });
});
