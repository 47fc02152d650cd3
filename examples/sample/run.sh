#!/usr/bin/env bash
# The bundled synthetic sample, end to end through the `callgate` command-line tool on a fresh
# SQLite database in a temp folder: import both registries, check a few numbers, scrub a lead list,
# verify the record chain, plan a purge and export the records.
#
#   bash examples/sample/run.sh              # from a source checkout (runs src/cli through tsx)
#   CALLGATE_BIN="node dist/cli/index.js" bash examples/sample/run.sh   # the built bin
#
# Every number is in the fictional 555-01XX block; every name is made up. The calls are placed on
# Monday 2026-11-30 at 10:30 New York time, so the output is the same on any day.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
read -r -a BIN <<< "${CALLGATE_BIN:-node --import tsx $ROOT/src/cli/index.ts}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/callgate-sample.XXXXXX")"
AT="2026-11-30T10:30:00-05:00"

# Runs callgate on the sample database and checks its exit code (default 0).
cg() {
  local expected=0
  if [ "$1" = "--expect" ]; then expected="$2"; shift 2; fi
  printf '\n$ callgate %s\n' "$*"
  local code=0
  (cd "$ROOT" && "${BIN[@]}" --db "$WORK/callgate.db" "$@") || code=$?
  if [ "$code" -ne "$expected" ]; then
    echo "run.sh: callgate $1 exited with $code, expected $expected" >&2
    exit 1
  fi
}

cg init --seller-id acme-solar --seller-name "Acme Solar LLC" --caller-id +16175550100
cg registry import "$HERE/national.txt" --source national --obtained 2026-11-20
cg registry import "$HERE/massachusetts.txt" --source massachusetts --edition 2026-10-01
cg registry status --at "$AT"

cg check "(617) 555-0101" --at "$AT"                        # allowed: exit 0
cg --expect 1 check "617-555-0123" --at "$AT"               # on the national registry: exit 1
cg --expect 1 check "508-555-0199" --at "$AT"               # on the Massachusetts list
cg --expect 1 check "808-555-0111" --at "$AT"               # 05:30 in Honolulu: next allowed time
cg --expect 1 check "617-555-0101" --at "$AT" --method prerecorded   # needs written consent

cg scrub "$HERE/leads.csv" --out "$WORK/callable.csv" --rejected "$WORK/rejected.csv" --at "$AT"
printf '\nFirst rows of callable.csv:\n'
head -n 4 "$WORK/callable.csv"
printf '\nFirst rows of rejected.csv:\n'
head -n 4 "$WORK/rejected.csv"

cg verify
cg purge --dry-run
cg export --out "$WORK/records.csv"

printf '\nThe database, snapshots and files are in %s\n' "$WORK"
