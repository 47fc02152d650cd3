#!/usr/bin/env bash
# Installs Debian's `chromium` package for the report rendering tests (test/inspection), unless
# /usr/bin/chromium is already there. Idempotent: a second run does nothing.
#
#   bash .ci/chromium.sh          # then: npx vitest run test/inspection
#
# Progress goes to stderr.
set -euo pipefail

say() { echo "chromium.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ -x /usr/bin/chromium ]; then
  say "already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

say "installing chromium from the Debian packages"
as_root apt-get update >&2
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y --no-install-recommends chromium >&2
[ -x /usr/bin/chromium ] || { say "no /usr/bin/chromium after installing the chromium package"; exit 1; }
say "installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
