import { ALL_RULES, MA_AREA_CODES, RULES_VERSION } from "../src/index.js";

function params(p: unknown): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(p as Record<string, unknown>)) {
    if (v !== null && typeof v === "object" && "startMinute" in v && "endMinute" in v) {
      const w = v as { startMinute: number; endMinute: number };
      const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
      parts.push(`${k}: [${hm(w.startMinute)}, ${hm(w.endMinute)})`);
    } else parts.push(`${k}: ${JSON.stringify(v)}`);
  }
  return parts.length === 0 ? "—" : parts.join("; ");
}

/** The rules guide, rendered from the rule packs. */
export function renderRulesGuide(): string {
  const rows = [...ALL_RULES.values()].map(
    (r) => `| \`${r.id}\` | \`${r.code}\` | ${r.summary} | ${r.purposes.join(", ")} | ${params(r.params)} | ${r.citation} |`,
  );
  return `# The rules callgate enforces

Generated from the rule packs (\`src/rules\`) by \`scripts/generate-rules-doc.ts\`; do not edit by
hand. Rules version: **${RULES_VERSION}**. Not legal advice.

A call is allowed only if no applicable rule denies it. Every rule that denies adds its own reason
(\`rule\` is the id below, \`code\` the reason code, \`citation\` the law). Massachusetts rules apply
when the consumer's state is MA, or, when the state is unknown, when the area code is one of
${MA_AREA_CODES.join(", ")}.

| rule | code | what | purposes | parameters | citation |
|---|---|---|---|---|---|
${rows.join("\n")}
`;
}
