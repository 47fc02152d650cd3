#!/usr/bin/env bash
# Packaging checks (style.md habit 9): pack the package as npm would publish it, lint the tarball
# with @arethetypeswrong/cli and publint, then install it into a fresh folder and load every entry
# point of package.json `exports` from ESM (import) and from CommonJS (require).
#
#   npm run build && bash scripts/check-package.sh
#
# Needs dist/ (it does not build). The fresh install takes callgate's dependencies from the npm
# registry. Exits non-zero on the first problem; every step prints one "check-package:" line.
# Environment: KEEP_TMP=1 keeps the temporary folder for inspection; ATTW_PROFILE=strict also
# checks TypeScript's node10 resolution (needs `typesVersions` in package.json for the subpaths).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { echo "check-package: $*"; }
fail() { echo "check-package: FAILED: $*" >&2; exit 1; }

[ -f dist/index.js ] || fail "dist/ is missing: run npm run build first"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/callgate-check-package.XXXXXX")"
cleanup() { if [ "${KEEP_TMP:-}" = "1" ]; then echo "check-package: kept $TMP" >&2; else rm -rf "$TMP"; fi; }
trap cleanup EXIT

# 1. Pack. --ignore-scripts: what is packed is dist/ as built, nothing is rebuilt behind our back.
TGZ_NAME="$(npm pack --ignore-scripts --silent --pack-destination "$TMP" | tail -n 1)"
TGZ="$TMP/$TGZ_NAME"
[ -f "$TGZ" ] || fail "npm pack did not produce a tarball (got '$TGZ_NAME')"
tar -tzf "$TGZ" | sed 's#^package/##' | sort > "$TMP/files.txt"
say "packed $TGZ_NAME: $(wc -l < "$TMP/files.txt" | tr -d ' ') files, $(du -k "$TGZ" | cut -f1) kB"

# Only the published files: dist/, the README, CHANGELOG, NOTICE, LICENSE and package.json.
UNEXPECTED="$(grep -Ev '^(dist/|package\.json$|README\.md$|CHANGELOG\.md$|NOTICE$|LICEN[CS]E(\.md)?$)' "$TMP/files.txt" || true)"
[ -z "$UNEXPECTED" ] || fail "unexpected files in the tarball:
$UNEXPECTED"
# No test helpers, fixtures or sources leak into dist/ (the test kit is its own entry, testing/).
LEAKED="$(grep -E '^dist/.*\.(test|spec)\.' "$TMP/files.txt" || true)"
[ -z "$LEAKED" ] || fail "test files in dist/:
$LEAKED"

# 2. Are the types wrong? Every entry, ESM and CommonJS, under node16/nodenext and bundler
#    resolution. The default `node16` profile leaves out node10 resolution (TypeScript's old
#    `node` moduleResolution cannot see subpath exports without `typesVersions`).
PROFILE="${ATTW_PROFILE:-node16}"
say "attw (profile $PROFILE)"
npx --no-install attw "$TGZ" --profile "$PROFILE" --format table-flipped --no-emoji --no-color \
  || fail "@arethetypeswrong/cli found problems (above)"

# 3. publint, warnings as errors.
say "publint --strict"
npx --no-install publint run "$TGZ" --strict || fail "publint found problems (above)"

# 4. A fresh folder installs the tarball and loads every entry point.
CONSUMER="$TMP/consumer"
mkdir -p "$CONSUMER"
cat > "$CONSUMER/package.json" <<'JSON'
{ "name": "callgate-consumer", "version": "1.0.0", "private": true }
JSON
say "npm install the tarball into a fresh folder"
(cd "$CONSUMER" && npm install --no-audit --no-fund --loglevel=error "$TGZ") || fail "npm install of the tarball failed"

# The entry points, from the packed package.json (not from this checkout).
ENTRIES="$(node -e '
  const pkg = require(process.argv[1]);
  console.log(Object.keys(pkg.exports).filter((k) => k !== "./package.json").map((k) => k === "." ? pkg.name : pkg.name + k.slice(1)).join("\n"));
' "$CONSUMER/node_modules/callgate/package.json")"
[ -n "$ENTRIES" ] || fail "no entry points in the packed package.json"

# ESM: import every entry, then gate one call on the memory adapter.
{
  echo 'const entries = process.argv.slice(2);'
  echo 'for (const id of entries) {'
  echo '  const m = await import(id);'
  echo '  const names = Object.keys(m).filter((k) => k !== "default");'
  echo '  if (names.length === 0) throw new Error(`${id}: no exports`);'
  echo '  console.log(`  import ${id}: ${names.length} exports`);'
  echo '}'
  echo 'const { createCallgate, createRegistry } = await import("callgate");'
  echo 'const { memoryStorage } = await import("callgate/adapters/memory");'
  echo 'const gate = createCallgate({'
  echo '  seller: { id: "s", name: "Seller LLC", callerId: "+16175550100" },'
  echo '  storage: memoryStorage(),'
  echo '  registries: [createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: ["+16175550123"] }),'
  echo '               createRegistry({ source: "massachusetts", edition: "2026-10-01", numbers: [] })],'
  echo '  clock: { now: () => new Date("2026-11-30T15:00:00Z") },'
  echo '});'
  echo 'const d = await gate.canCall({ phone: "617-555-0123" });'
  echo 'if (d.allowed || d.reasons[0]?.code !== "NATIONAL_DNC") throw new Error("ESM: unexpected decision " + JSON.stringify(d));'
  echo 'console.log("  ESM: canCall on the memory adapter works");'
} > "$CONSUMER/check.mjs"

# CommonJS: require every entry, then the same call.
{
  echo 'const entries = process.argv.slice(2);'
  echo 'for (const id of entries) {'
  echo '  const m = require(id);'
  echo '  const names = Object.keys(m);'
  echo '  if (names.length === 0) throw new Error(`${id}: no exports`);'
  echo '  console.log(`  require ${id}: ${names.length} exports`);'
  echo '}'
  echo 'const { createCallgate, createRegistry } = require("callgate");'
  echo 'const { memoryStorage } = require("callgate/adapters/memory");'
  echo 'const gate = createCallgate({'
  echo '  seller: { id: "s", name: "Seller LLC", callerId: "+16175550100" },'
  echo '  storage: memoryStorage(),'
  echo '  registries: [createRegistry({ source: "national", obtainedAt: "2026-11-20T12:00:00Z", numbers: ["+16175550123"] }),'
  echo '               createRegistry({ source: "massachusetts", edition: "2026-10-01", numbers: [] })],'
  echo '  clock: { now: () => new Date("2026-11-30T15:00:00Z") },'
  echo '});'
  echo 'gate.canCall({ phone: "617-555-0123" }).then((d) => {'
  echo '  if (d.allowed || d.reasons[0]?.code !== "NATIONAL_DNC") throw new Error("CJS: unexpected decision " + JSON.stringify(d));'
  echo '  console.log("  CommonJS: canCall on the memory adapter works");'
  echo '});'
} > "$CONSUMER/check.cjs"

# shellcheck disable=SC2086 # one argument per entry point
(cd "$CONSUMER" && node check.mjs $ENTRIES) || fail "an entry point does not import from ESM"
# shellcheck disable=SC2086
(cd "$CONSUMER" && node check.cjs $ENTRIES) || fail "an entry point does not require from CommonJS"

say "ok: $(echo "$ENTRIES" | wc -l | tr -d ' ') entry points pack, lint clean, install, import and require"
