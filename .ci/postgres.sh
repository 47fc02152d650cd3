#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for callgate's adapter tests and benchmarks.
#
#   .ci/postgres.sh          install (if missing), initdb, start, create the database; prints the export line
#   .ci/postgres.sh start    same as no argument
#   .ci/postgres.sh url      prints the export line of a server this script started
#   .ci/postgres.sh stop     stops the server and removes its folder
#
#   eval "$(.ci/postgres.sh)"      # then: npx vitest run test/adapters
#
# Idempotent: running `start` while the server is up only prints the export line again, and
# `stop` when nothing runs does nothing. Settings (environment):
#   CALLGATE_PG_PORT  TCP port on 127.0.0.1            (default 54329)
#   CALLGATE_PG_DIR   data, socket and log folder      (default ${TMPDIR:-/tmp}/callgate-pg-$PORT)
#   CALLGATE_PG_DB    database to create               (default callgate)
# Authentication is `trust` on 127.0.0.1 only: this server is for tests, never for records.
# Progress goes to stderr; stdout carries only the export line, so `eval "$(...)"` works.
set -euo pipefail

PORT="${CALLGATE_PG_PORT:-54329}"
BASE="${CALLGATE_PG_DIR:-${TMPDIR:-/tmp}/callgate-pg-${PORT}}"
DB="${CALLGATE_PG_DB:-callgate}"
DATA="$BASE/data"
SOCK="$BASE/socket"
LOG="$BASE/server.log"
URL="postgres://postgres@127.0.0.1:${PORT}/${DB}"

say() { echo "postgres.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The server's own binaries (initdb, pg_ctl); pg_config may belong to a client-only install.
server_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return 0; fi
  done
  if command -v pg_config >/dev/null 2>&1; then
    dir="$(pg_config --bindir)"
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  fi
  return 1
}

install_server() {
  if server_bindir >/dev/null && { [ "$(id -u)" -ne 0 ] || id postgres >/dev/null 2>&1; }; then return 0; fi
  say "installing PostgreSQL from the Debian packages"
  as_root apt-get update >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y --no-install-recommends postgresql >&2
  server_bindir >/dev/null || { say "no initdb found after installing postgresql"; exit 1; }
}

# initdb refuses to run as root: as root the cluster belongs to the `postgres` user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
owner() { if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi; }

is_running() {
  local bin; bin="$(server_bindir)" || return 1
  [ -f "$DATA/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  install_server
  local bin; bin="$(server_bindir)"
  if ! is_running; then
    if [ ! -f "$DATA/PG_VERSION" ]; then
      say "initdb into $DATA"
      mkdir -p "$BASE"
      rm -rf "$DATA"
      mkdir -p "$DATA" "$SOCK"
      if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$BASE"; fi
      chmod 700 "$DATA"
      # The C locale exists everywhere and sorts by code point; callgate never sorts text in SQL.
      as_owner "$bin/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --no-locale >&2
    fi
    mkdir -p "$SOCK"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$SOCK"; touch "$LOG"; chown postgres: "$LOG"; fi
    say "starting on 127.0.0.1:$PORT (log: $LOG)"
    as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-p $PORT -k $SOCK -c listen_addresses=127.0.0.1 -c max_connections=200" start >&2
  fi
  if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
  fi
  echo "export CALLGATE_PG_URL=$URL"
}

stop() {
  local bin
  if bin="$(server_bindir)" && is_running; then
    say "stopping the server in $DATA"
    as_owner "$bin/pg_ctl" -D "$DATA" -m fast -w stop >&2
  fi
  rm -rf "$BASE"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  url) if is_running; then echo "export CALLGATE_PG_URL=$URL"; else say "not running"; exit 1; fi ;;
  *) echo "usage: $0 [start|stop|url]" >&2; exit 2 ;;
esac
