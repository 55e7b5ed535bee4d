#!/bin/sh
# pg_dump / pg_restore run inside the compose stack's `db` container, so a host without a PostgreSQL 17
# client can back up and restore (make db-backup / make db-restore with the compose stack running).
# The backup code (services/schema-sync/src/backup) finds these through PG_BIN_DIR=docker/compose-pg-bin and calls
# them like any pg_dump: archives on stdin/stdout, connection as --host/--port/--username/--dbname.
#   - --host/--port are dropped: inside the container the tools use its own server over the Unix socket
#     (trusted there, as in the official image), so no password has to cross into the container;
#   - archives are staged in a temporary file in the container: pg_dump then records data offsets and
#     pg_restore reads a seekable file (both need it to restore tables in dependency order).
# MONITRAX_COMPOSE is the compose command with its files and project (the Makefile sets it).
set -eu
tool="$(basename "$0")"
[ -n "${MONITRAX_COMPOSE:-}" ] || { echo "$tool: MONITRAX_COMPOSE is not set (run through make, e.g. make db-backup)" >&2; exit 1; }

# Keep every argument but --host/--port (and their values), as "$@" for the container.
skip=""
for arg in "$@"; do
  shift
  if [ -n "$skip" ]; then skip=""; continue; fi
  case "$arg" in
    --host|--port|-h|-p) skip=1 ;;
    --host=*|--port=*) ;;
    *) set -- "$@" "$arg" ;;
  esac
done

case "$tool" in
  pg_dump) script='f="$(mktemp)"; trap "rm -f \"$f\"" EXIT; pg_dump "$@" --file "$f" && cat "$f"' ;;
  pg_restore) script='f="$(mktemp)"; trap "rm -f \"$f\"" EXIT; cat > "$f"; pg_restore "$@" "$f"' ;;
  *) echo "pg-tool-in-db.sh: run it as pg_dump or pg_restore, not $tool" >&2; exit 1 ;;
esac
# --version needs no archive and no database.
for arg in "$@"; do [ "$arg" = --version ] && script="$tool --version"; done
# MONITRAX_COMPOSE is a shell-quoted command line (services/dev-tools/src/containers/stack.ts, commandLine): eval reads
# its quotes, so a checkout path with spaces works; the rest is single-quoted and expands only inside eval.
eval "exec $MONITRAX_COMPOSE"' exec -T --user postgres db sh -c "$script" "$tool" "$@"'
