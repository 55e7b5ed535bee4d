#!/usr/bin/env bash
# Provides the Docker CLI plugins the project's container tooling uses, where the machine lacks them, from Debian's
# own archive:
#   docker compose  Compose v2 (2.24 or newer: services/machine-workarounds/compose.host-network.yaml uses `!reset`)
#   docker buildx   BuildKit for `docker build`, so that `docker build` (make test-containers) and `docker compose
#                   build` (make up) share one build cache instead of building every image twice
#
# Why from Debian trixie: Compose v1 (docker-compose 1.29, Debian bookworm's package) has been end-of-life since 2023,
# laptops and GitHub runners have v2, and bookworm packages neither v2 nor buildx. Trixie's `docker-compose` and
# `docker-buildx` packages are the Go plugins, linked only against glibc, and run on bookworm. They are fetched like
# any Debian package, with the archive's signature checked: InRelease (gpgv, debian-archive-keyring) -> Packages.xz
# (SHA-256) -> each .deb (SHA-256). The plugins go where Docker's docs put a manually installed one:
# ${DOCKER_CONFIG:-~/.docker}/cli-plugins.
#
# Usage: services/machine-workarounds/bin/docker-cli-plugins.sh   exit 0 when both plugins answer afterwards
# Env:   DEBIAN_PLUGIN_MIRROR (Debian mirror URL; default the host's apt mirror, else deb.debian.org)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
SUITE=trixie
say() { echo "docker-cli-plugins: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

compose_ok() {
  local version
  version="$(docker compose version --short 2>/dev/null)" || return 1
  version="${version#v}"
  local major="${version%%.*}" rest="${version#*.}"
  local minor="${rest%%.*}"
  [ "$major" -gt 2 ] 2>/dev/null || { [ "$major" -eq 2 ] && [ "$minor" -ge 24 ]; } 2>/dev/null
}
buildx_ok() { docker buildx version >/dev/null 2>&1; }

wanted=()
compose_ok || wanted+=(docker-compose)
buildx_ok || wanted+=(docker-buildx)
if [ ${#wanted[@]} -eq 0 ]; then
  say "docker compose $(docker compose version --short) and $(docker buildx version | cut -d' ' -f1-2) are here"
  exit 0
fi
command -v docker >/dev/null || fail "no docker client on PATH"
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) fail "no Debian package for $(uname -m) known here; install ${wanted[*]} by hand (docs.docker.com)" ;;
esac
for tool in curl gpgv xz dpkg-deb sha256sum; do command -v "$tool" >/dev/null || fail "$tool is needed (a Debian host has it)"; done
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || fail "$keyring is missing (apt-get install debian-archive-keyring)"

# shellcheck source=debian-mirrors.sh
. "$root/services/machine-workarounds/bin/debian-mirrors.sh"
debian_mirrors "${DEBIAN_PLUGIN_MIRROR:-}" ""
mirror="${mirror%/}"
work="$(mktemp -d /tmp/monitrax-docker-plugins.XXXXXX)"
trap 'rm -rf "$work"' EXIT

say "fetching Debian $SUITE's ${wanted[*]} from $mirror"
curl -fsS --retry 3 -o "$work/InRelease" "$mirror/dists/$SUITE/InRelease" || fail "could not download $mirror/dists/$SUITE/InRelease"
gpgv --keyring "$keyring" --output "$work/Release" "$work/InRelease" 2>"$work/gpgv.log" || { cat "$work/gpgv.log" >&2; fail "the $SUITE InRelease signature does not verify"; }
index="main/binary-$arch/Packages.xz"
index_sha="$(awk -v f="$index" '/^SHA256:/ { in_sha = 1; next } /^[A-Za-z]/ { in_sha = 0 } in_sha && $3 == f { print $1; exit }' "$work/Release")"
[ -n "$index_sha" ] || fail "$index is not listed in the $SUITE Release file"
curl -fsS --retry 3 -o "$work/Packages.xz" "$mirror/dists/$SUITE/$index" || fail "could not download $index"
echo "$index_sha  $work/Packages.xz" | sha256sum --check --status || fail "$index does not match its SHA-256 in the signed Release file"
xz -dc "$work/Packages.xz" >"$work/Packages"

target="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
mkdir -p "$target"
for package in "${wanted[@]}"; do
  read -r filename deb_sha < <(awk -v want="$package" '
    /^Package: / { pkg = $2 } /^Filename: / { file = $2 } /^SHA256: / { sha = $2 }
    /^$/ { if (pkg == want && file != "") { print file, sha; exit } pkg = ""; file = ""; sha = "" }' "$work/Packages")
  [ -n "${filename:-}" ] || fail "no $package package in $SUITE's index"
  curl -fsS --retry 3 -o "$work/$package.deb" "$mirror/$filename" || fail "could not download $mirror/$filename"
  echo "$deb_sha  $work/$package.deb" | sha256sum --check --status || fail "$(basename "$filename") does not match its SHA-256 in the signed index"
  dpkg-deb -x "$work/$package.deb" "$work/$package"
  plugin="$(find "$work/$package" -path "*/cli-plugins/$package" -type f | head -1)"
  [ -n "$plugin" ] || fail "$(basename "$filename") has no cli-plugins/$package"
  install -m 0755 "$plugin" "$target/$package"
  say "installed $(basename "$filename") -> $target/$package"
  filename=""
done
compose_ok || fail "\`docker compose version\` does not answer with 2.24 or newer"
buildx_ok || fail "\`docker buildx version\` does not answer"
say "docker compose $(docker compose version --short), $(docker buildx version | cut -d' ' -f1-2)"
