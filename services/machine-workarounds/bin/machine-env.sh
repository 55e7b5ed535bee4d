#!/usr/bin/env bash
# The workarounds this machine needs, switched on from outside the product: prints one NAME=value line for each
# variable to export (nothing when the machine has what a laptop or Render has). The Makefile exports them for
# every target, .ci/run and the fresh-clone test take them the same way; by hand:
#   export $(services/machine-workarounds/bin/machine-env.sh)
#
#   PRISMA_SCHEMA_ENGINE_BINARY  the WebAssembly stand-in (bin/schema-engine), when Prisma's native schema engine is
#                                not installed and Prisma's binary server cannot be reached to download it
#                                (`npm ci` fetches it where it can). A value already set is Prisma's own override
#                                and is left alone.
#   CHECKPOINT_DISABLE=1         with the stand-in: the Prisma CLI's update check cannot reach Prisma either.
#   PG_BIN_DIR                   the PostgreSQL 17 client `make pg-client` built in .tools/ (bin/pg-client.sh), when
#                                it exists and PG_BIN_DIR is not set already.
#   VERCEL_CLI_NPM_OVERRIDES     npm overrides for installing the pinned Vercel CLI (make vercel-build;
#                                services/dev-tools/src/vercel/tool.ts), when this machine's npm registry lacks a
#                                version it depends on: vercel@64.0.2 wants sandbox@4.4.0 (the CLI of Vercel Sandbox,
#                                which `vercel build` never runs); sandbox@4.5.0 stands in. Asked of the registry once
#                                a week (`npm view`, under a second), the answer kept in .tools/machine-env/.
# Status lines (why each is on) go to stderr when MACHINE_ENV_VERBOSE=1. Needs a node on PATH for the probe.
#   machine-env.sh --names   the names it may print, one a line (for tests that start processes with an environment
#                            of their own: they pass these on, as a host gives them to its services)
set -euo pipefail
if [ "${1:-}" = --names ]; then printf '%s\n' PRISMA_SCHEMA_ENGINE_BINARY CHECKPOINT_DISABLE PG_BIN_DIR VERCEL_CLI_NPM_OVERRIDES; exit 0; fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
door="$root/services/machine-workarounds"
say() { if [ "${MACHINE_ENV_VERBOSE:-}" = 1 ]; then echo "machine-env: $*" >&2; fi; }

native_engine_installed() {
  local file
  for file in "$root"/node_modules/@prisma/engines/schema-engine-*; do
    case "$file" in *.sha256 | *.gz | *.tmp | *.partial | *.lock) continue ;; esac
    [ -f "$file" ] && return 0
  done
  return 1
}

prisma_binaries_reachable() {
  # A name lookup answers in milliseconds either way here; three seconds at most where a resolver hangs.
  timeout 3 node -e "require('node:dns').lookup('binaries.prisma.sh', (error) => process.exit(error ? 1 : 0))" >/dev/null 2>&1
}

if [ -z "${PRISMA_SCHEMA_ENGINE_BINARY:-}" ]; then
  if native_engine_installed; then
    say "Prisma's native schema engine is installed"
  elif prisma_binaries_reachable; then
    say "Prisma's native schema engine is not installed, but binaries.prisma.sh answers: Prisma downloads it"
  else
    say "Prisma's native schema engine is missing and binaries.prisma.sh cannot be reached: the WebAssembly stand-in"
    echo "PRISMA_SCHEMA_ENGINE_BINARY=$door/bin/schema-engine"
    echo "CHECKPOINT_DISABLE=${CHECKPOINT_DISABLE:-1}"
  fi
fi

pg_client="$root/.tools/pg-client-17/bin"
if [ -z "${PG_BIN_DIR:-}" ] && [ -x "$pg_client/pg_dump" ]; then
  say "a PostgreSQL 17 client was built by make pg-client: $pg_client"
  echo "PG_BIN_DIR=$pg_client"
fi

# The registry's answer for the Vercel CLI's one missing dependency, kept for a week: every make target runs this
# script, and a registry question costs most of a second. A failure to ask (offline) is kept too, as "unknown" (no
# override), so that an offline laptop asks once a week, not on every make.
vercel_dependency_missing() {
  local wanted=sandbox@4.4.0 cache="$root/.tools/machine-env/npm-registry-lacks-sandbox@4.4.0" answer
  if [ -z "$(find "$cache" -mtime -7 2>/dev/null)" ]; then
    command -v npm >/dev/null 2>&1 || return 1
    if answer="$(timeout 10 npm view "$wanted" version 2>&1)"; then
      answer=present
    elif printf '%s' "$answer" | grep -q 'E404'; then
      answer=missing
    else
      answer=unknown
    fi
    mkdir -p "$(dirname "$cache")" && echo "$answer" >"$cache"
  fi
  [ "$(cat "$cache")" = missing ]
}

if [ -z "${VERCEL_CLI_NPM_OVERRIDES:-}" ] && vercel_dependency_missing; then
  say "this npm registry lacks sandbox@4.4.0 (a dependency of the pinned Vercel CLI): sandbox@4.5.0 stands in"
  echo "VERCEL_CLI_NPM_OVERRIDES=sandbox@4.5.0"
fi
