/**
 * The documentation check for CI. Fails (exit 1) when:
 *
 * 1. typedoc, run on typedoc.json with `treatWarningsAsErrors` and every validation on
 *    (`notDocumented`, `notExported`, `invalidLink`, ...), warns about anything: an export or a
 *    member of one without a doc comment, a type the API uses but does not export, a broken
 *    `{@link}`. Each problem is printed with the file and line of the declaration.
 * 2. docs/guides/errors.md lacks a `## CODE` section for an entry of `ErrorCodes` (src/errors.ts)
 *    or of `ReasonCodes` (src/rules/types.ts), or has one for a code that no longer exists.
 * 3. docs/README.md does not link every guide in docs/guides/.
 * 4. A relative link in README.md, CHANGELOG.md, docs/ or examples/ points at a file that does not
 *    exist, or at a `#heading` that the target Markdown file does not have.
 *
 *   npx tsx scripts/check-docs.ts
 *
 * The site itself is rendered into a temporary folder and thrown away (`npm run docs` builds
 * docs/api/). Git is not consulted for source links here, so a checkout without a remote passes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  Application,
  DeclarationReflection,
  Logger,
  LogLevel,
  ReflectionKind,
  TSConfigReader,
  TypeDocReader,
  type MinimalNode,
  type MinimalSourceFile,
  type ProjectReflection,
} from "typedoc";
import { ErrorCodes } from "../src/errors.js";
import { ReasonCodes } from "../src/rules/types.js";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);
const problems: string[] = [];

// ---------------------------------------------------------------------------------------------
// 1. typedoc, strict

/** Keeps every warning and error instead of printing it, so each can be printed with its location. */
class CollectingLogger extends Logger {
  readonly messages: { level: LogLevel; text: string }[] = [];
  override log(message: string, level: LogLevel): void {
    super.log(message, level); // counts errors and warnings
    if (level === LogLevel.Warn || level === LogLevel.Error) this.messages.push({ level, text: message });
  }
  protected override addContext(message: string, _level: LogLevel, ...args: [MinimalNode?] | [number, MinimalSourceFile]): string {
    let at: string | undefined;
    if (typeof args[0] === "number" && args[1] !== undefined) {
      const file = args[1] as MinimalSourceFile;
      at = `${relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(args[0]).line + 1}`;
    } else if (args[0] !== undefined && typeof args[0] === "object") {
      const node = args[0] as MinimalNode;
      const file = node.getSourceFile();
      at = `${relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    }
    return at === undefined ? message : `${at}: ${message}`;
  }
}

/** `file:line` of every reflection, by the friendly full name typedoc's messages use. */
function locations(project: ProjectReflection): Map<string, string> {
  const out = new Map<string, string>();
  for (const reflection of project.getReflectionsByKind(ReflectionKind.All)) {
    const source = reflection instanceof DeclarationReflection ? reflection.sources?.[0] : undefined;
    if (source === undefined) continue;
    const file = source.fullFileName === "" ? source.fileName : relative(root, source.fullFileName);
    const name = reflection.getFriendlyFullName();
    if (!out.has(name)) out.set(name, `${file}:${source.line}`);
  }
  return out;
}

const out = mkdtempSync(join(tmpdir(), "callgate-docs-"));
const logger = new CollectingLogger();
let project: ProjectReflection | undefined;
try {
  const app = await Application.bootstrapWithPlugins(
    {
      out,
      treatWarningsAsErrors: true,
      validation: { notExported: true, invalidLink: true, invalidPath: true, notDocumented: true, rewrittenLink: true, unusedMergeModuleWith: true },
      // Source links need a git remote; this check needs only the file and line of each declaration.
      disableGit: true,
      sourceLinkTemplate: "https://invalid.example/{path}#L{line}",
    },
    [new TypeDocReader(), new TSConfigReader()],
  );
  app.logger = logger;
  project = await app.convert();
  if (project === undefined) {
    problems.push("typedoc could not convert the project (see the errors above)");
  } else {
    app.validate(project);
    await app.generateDocs(project, out);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

const where = project === undefined ? new Map<string, string>() : locations(project);
const undocumented = /^(.+?) \((\w+)\), defined in .*, does not have any documentation$/;
let typedocProblems = 0;
for (const { level, text } of logger.messages) {
  const plain = text.replace(/\u001b\[[0-9;]*m/g, "");
  const match = undocumented.exec(plain);
  const location = match === null ? undefined : where.get(match[1] as string);
  const shown = match === null ? plain : `${location ?? "?"}: ${match[1]} (${match[2]}) has no doc comment`;
  console.log(`typedoc ${level === LogLevel.Error ? "error" : "warning"}: ${shown}`);
  typedocProblems++;
}
if (typedocProblems > 0 || logger.hasErrors() || logger.hasWarnings()) {
  problems.push(`typedoc: ${logger.errorCount} errors and ${logger.warningCount} warnings (treatWarningsAsErrors)`);
} else {
  console.log("typedoc: no warnings, every export documented");
}

// ---------------------------------------------------------------------------------------------
// 2. docs/guides/errors.md: a section per error code and per reason code

const errorsGuide = "docs/guides/errors.md";
if (!existsSync(errorsGuide)) problems.push(`${errorsGuide} is missing`);
else {
  const headings = new Set(
    [...readFileSync(errorsGuide, "utf8").matchAll(/^##\s+`?([A-Z][A-Z0-9_]+)`?\s*$/gm)].map((m) => m[1] as string),
  );
  const codes = new Set([...Object.values(ErrorCodes), ...Object.values(ReasonCodes)]);
  const missing = [...codes].filter((c) => !headings.has(c));
  const stale = [...headings].filter((h) => !codes.has(h as never));
  if (missing.length > 0) problems.push(`${errorsGuide}: no "## CODE" section for ${missing.join(", ")}`);
  if (stale.length > 0) problems.push(`${errorsGuide}: sections for codes that do not exist: ${stale.join(", ")}`);
  if (missing.length === 0 && stale.length === 0) console.log(`${errorsGuide}: a section for each of the ${codes.size} codes`);
}

// ---------------------------------------------------------------------------------------------
// 3. docs/README.md indexes every guide

const guides = readdirSync("docs/guides").filter((f) => f.endsWith(".md")).sort();
const index = existsSync("docs/README.md") ? readFileSync("docs/README.md", "utf8") : "";
if (index === "") problems.push("docs/README.md is missing");
const unindexed = guides.filter((g) => !index.includes(`(guides/${g})`) && !index.includes(`(./guides/${g})`));
if (unindexed.length > 0) problems.push(`docs/README.md does not link ${unindexed.map((g) => `guides/${g}`).join(", ")}`);
else console.log(`docs/README.md: links all ${guides.length} guides`);

// ---------------------------------------------------------------------------------------------
// 4. Relative links resolve (files and #headings)

function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "api") return [];
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith(".md") ? [path] : [];
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const text = markdown.replace(/^```[\s\S]*?^```/gm, "");
  for (const m of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (m[1] as string)
      .toLowerCase()
      .replace(/<[^>]+>/g, "")
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .trim()
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(m[1] as string);
  return anchors;
}

const linkFiles = ["README.md", "CHANGELOG.md", ...markdownFiles("docs"), ...markdownFiles("examples")].filter((f) => existsSync(f));
let links = 0;
for (const file of linkFiles) {
  const text = readFileSync(file, "utf8").replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
  for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1] as string;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    links++;
    const [path, anchor] = target.split("#") as [string, string | undefined];
    const resolved = path === "" ? file : resolve(dirname(file), decodeURIComponent(path));
    if (!existsSync(resolved)) {
      problems.push(`${file}: link to ${target}: no such file`);
      continue;
    }
    if (anchor !== undefined && anchor !== "" && resolved.endsWith(".md") && !anchorsOf(readFileSync(resolved, "utf8")).has(anchor)) {
      problems.push(`${file}: link to ${target}: no heading #${anchor} in ${relative(root, resolved)}`);
    }
  }
}
console.log(`links: ${links} relative links checked in ${linkFiles.length} Markdown files`);

// ---------------------------------------------------------------------------------------------

if (problems.length > 0) {
  console.log(`\ncheck-docs: FAILED\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exitCode = 1;
} else {
  console.log("\ncheck-docs: ok");
}
