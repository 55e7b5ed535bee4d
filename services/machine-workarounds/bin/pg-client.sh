#!/usr/bin/env bash
# Builds, once, a project-local PostgreSQL 17 client (pg_dump, pg_restore, psql) for Debian/Ubuntu hosts.
#
# Why: backups are `pg_dump` custom-format archives, and pg_dump refuses a server newer than itself.
# Debian bookworm ships pg_dump 15; Debian trixie has postgresql-client-17, but its binaries need
# glibc 2.38 (bookworm has 2.36). So we keep a minimal trixie root filesystem under .tools/ and run
# the trixie binaries inside it with chroot. A chroot shares the host's network namespace, so
# 127.0.0.1 inside it is the host's PostgreSQL; file paths differ, so callers use stdin/stdout only.
#
# Usage (root):  services/machine-workarounds/bin/pg-client.sh             build if needed, print where the tools are
#                services/machine-workarounds/bin/pg-client.sh --upgrade   also apt-get upgrade inside the root filesystem
# Result:        .tools/pg-client-17/bin/{pg_dump,pg_restore,psql}
# Remove it:     rm -rf --one-file-system .tools/pg-client-17
#
# It changes nothing on the host outside .tools/pg-client-17, except apt-installing debootstrap (and, on
# Ubuntu, debian-archive-keyring) when missing.
# Env: PG_CLIENT_MIRROR (Debian mirror URL) and PG_CLIENT_SECURITY_MIRROR override the ones taken from apt.
set -euo pipefail

MAJOR=17
SUITE=trixie
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
dir="$root/.tools/pg-client-$MAJOR"
rootfs="$dir/rootfs"
partial="$dir/rootfs.partial"
bindir="$dir/bin"
marker="$dir/.complete"
started=$SECONDS

step=""
say() { echo "pg-client: $*"; }
begin() {
  step="$1"
  say "[$((SECONDS - started))s] $step"
}
trap 'status=$?; [ $status -ne 0 ] && [ -n "$step" ] && echo "pg-client: FAILED at step \"$step\" (exit $status); see the output above" >&2' EXIT

upgrade=false
for arg in "$@"; do
  case "$arg" in
    --upgrade) upgrade=true ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "pg-client: unknown argument $arg (try --help)" >&2; exit 1 ;;
  esac
done

wrapper_ok() { [ -f "$marker" ] && "$bindir/pg_dump" --version 2>/dev/null | grep -q "(PostgreSQL) $MAJOR\."; }

if [ "$(uname -s)" != Linux ]; then
  echo "pg-client: this builds a Debian chroot and works on Linux only. On macOS: brew install postgresql@$MAJOR" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "pg-client: needs root (debootstrap and chroot). Run: sudo make pg-client" >&2
  echo "           Or install a PostgreSQL $MAJOR client another way (apt.postgresql.org) and set PG_BIN_DIR." >&2
  exit 1
fi

mkdir -p "$dir"
# One build at a time: a second `make pg-client` waits for the first instead of racing it.
exec 9>"$dir/.lock"
flock 9

if wrapper_ok && [ "$upgrade" = false ]; then
  say "PostgreSQL $MAJOR client already built: $bindir ($("$bindir/pg_dump" --version))"
  exit 0
fi

chroot_run() { env -u LD_LIBRARY_PATH -u LD_PRELOAD DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 \
  PATH=/usr/sbin:/usr/bin:/sbin:/bin chroot "$rootfs" "$@"; }

if [ "$upgrade" = true ] && wrapper_ok; then
  begin "upgrading packages inside $rootfs"
  chroot_run apt-get update -q
  chroot_run apt-get -y -q -o Dpkg::Options::=--force-confold upgrade
  chroot_run apt-get clean
  rm -rf "$rootfs"/var/lib/apt/lists/*
  step=""
  say "upgraded: $("$bindir/pg_dump" --version)"
  exit 0
fi

# ---- debootstrap on the host --------------------------------------------------------------------
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
need=()
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
[ -f "$keyring" ] || need+=(debian-archive-keyring)
if [ ${#need[@]} -gt 0 ]; then
  begin "installing ${need[*]} on the host with apt-get"
  command -v apt-get >/dev/null 2>&1 || { echo "pg-client: no apt-get here; install ${need[*]} yourself" >&2; exit 1; }
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# ---- which Debian mirror ------------------------------------------------------------------------
begin "choosing the Debian mirror"
# shellcheck source=debian-mirrors.sh
. "$(dirname "${BASH_SOURCE[0]}")/debian-mirrors.sh"
debian_mirrors "${PG_CLIENT_MIRROR:-}" "${PG_CLIENT_SECURITY_MIRROR:-}"
say "mirror $mirror, security $security"

# ---- minimal trixie root filesystem -------------------------------------------------------------
# Anything left mounted inside our tree by a killed debootstrap (it mounts proc/sys in the target)
# must be unmounted before we delete the tree.
unmount_inside() {
  local mounts
  mounts="$(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r)"
  [ -z "$mounts" ] || echo "$mounts" | while read -r m; do umount -l "$m"; done
}
if [ ! -x "$rootfs/usr/bin/apt-get" ]; then
  begin "debootstrap --variant=minbase $SUITE into $partial (20-30 s)"
  unmount_inside
  [ ! -e "$partial" ] || say "removing an unfinished earlier build ($partial)"
  rm -rf --one-file-system "$partial" "$rootfs"
  debootstrap --variant=minbase --keyring="$keyring" "$SUITE" "$partial" "$mirror"
  mv "$partial" "$rootfs"
fi

begin "configuring apt inside the root filesystem"
cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $mirror $SUITE main
deb $mirror $SUITE-updates main
deb $security $SUITE-security main
EOF
# Name resolution and apt's network settings (proxy, snapshot-mirror date checks) as on the host.
cp -L /etc/resolv.conf "$rootfs/etc/resolv.conf"
grep -qw localhost "$rootfs/etc/hosts" 2>/dev/null || printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' >>"$rootfs/etc/hosts"
apt-config dump | grep -E '^Acquire::(([a-z]+::)?Proxy|https?::|Check-Valid-Until|Check-Date|Retries)' \
  >"$rootfs/etc/apt/apt.conf.d/90host-acquire" || true
# An https CA the host's apt trusts must exist at the same path inside.
for ca in $(apt-config dump | sed -n 's/^Acquire::https\(::[^ ]*\)\{0,1\}::CaInfo "\(.*\)";$/\2/p'); do
  mkdir -p "$rootfs$(dirname "$ca")" && cp -L "$ca" "$rootfs$ca"
done
# No pseudo-terminal inside the chroot (no /dev/pts): dpkg would complain it cannot log through one.
echo 'Dpkg::Use-Pty "0";' >"$rootfs/etc/apt/apt.conf.d/90no-pty"
# No daemons may start inside the chroot (a client package should start none anyway).
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
chmod 755 "$rootfs/usr/sbin/policy-rc.d"

begin "apt-get install postgresql-client-$MAJOR inside the root filesystem"
chroot_run apt-get update -q
chroot_run apt-get install -y -q --no-install-recommends "postgresql-client-$MAJOR"
# Package lists and downloaded .debs are ~100 MB we never read again (--upgrade fetches fresh lists).
chroot_run apt-get clean
rm -rf "$rootfs"/var/lib/apt/lists/*

begin "writing wrappers in $bindir"
mkdir -p "$bindir"
for tool in pg_dump pg_restore psql; do
  cat >"$bindir/$tool" <<EOF
#!/bin/sh
# Generated by services/machine-workarounds/bin/pg-client.sh: PostgreSQL $MAJOR's $tool from a Debian $SUITE root filesystem.
# It runs in a chroot: file paths are the chroot's, so use stdin/stdout (pg_dump -Fc > file, pg_restore < file).
rootfs="\$(cd "\$(dirname "\$0")/../rootfs" && pwd)" || exit 1
if [ "\$(id -u)" != 0 ]; then
  echo "$tool: this PostgreSQL $MAJOR client runs in a chroot (\$rootfs) and needs root" >&2
  exit 1
fi
# Runs as nobody: the tool only needs the network and the stdin/stdout it inherits.
exec env -u LD_LIBRARY_PATH -u LD_PRELOAD HOME=/nonexistent chroot --userspec=65534:65534 "\$rootfs" /usr/lib/postgresql/$MAJOR/bin/$tool "\$@"
EOF
  chmod 755 "$bindir/$tool"
done

begin "checking the wrappers"
version="$("$bindir/pg_dump" --version)"
echo "$version" | grep -q "(PostgreSQL) $MAJOR\." || { echo "pg-client: unexpected version: $version" >&2; exit 1; }
"$bindir/pg_restore" --version >/dev/null
date -u +%Y-%m-%dT%H:%M:%SZ >"$marker"
step=""
say "done in $((SECONDS - started))s: $version"
say "tools: $bindir (found automatically; or PG_BIN_DIR=$bindir); size $(du -sh --one-file-system "$dir" | cut -f1)"
