#!/usr/bin/env bash
# `make smoke`: the container smoke test in two halves kept apart.
#   1. Environment preparation (this script): find a Docker engine, or, on a root Debian host without one, install
#      docker.io + docker-compose from apt and start a private engine (own socket, no bridge, no iptables), and make
#      sure the base images exist (pulled, or built as stand-ins from Debian packages + the npm-shipped Node by
#      docker/standins/build.sh where no registry answers). A failure here prints
#      "smoke: PREPARATION FAILED at step ..." and exits 75: the machine could not be prepared, the product was not tested.
#   2. The product checks (services/ops/src/smoke/smoke.ts): exit 0 all passed, 1 a product failure.
# A private engine runs every service on the host network (MONITRAX_HOST_NETWORK=1): it has no bridge to offer.
# The engine this script started is stopped again (by its pid) when it ends. DOCKER_HOST is set only in here.
#   SMOKE_DOCKER_DIR  where a private engine keeps its state (default /var/lib/monitrax-smoke-docker)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
step="finding a Docker engine"
say() { echo "smoke: $*"; }
prep_failed() { echo "smoke: PREPARATION FAILED at step \"$step\": $*" >&2; exit 75; }
engine_answers() { timeout 20 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

started_engine_pid=""
stop_engine() {
  [ -n "$started_engine_pid" ] || return 0
  if [ "${SMOKE_KEEP:-}" = 1 ]; then
    say "SMOKE_KEEP=1: the private Docker engine stays up too (pid $started_engine_pid, DOCKER_HOST=$DOCKER_HOST)"
    return 0
  fi
  say "stopping the private Docker engine (pid $started_engine_pid)"
  kill -TERM "$started_engine_pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$started_engine_pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$started_engine_pid" 2>/dev/null || true
}
trap stop_engine EXIT

if command -v docker >/dev/null 2>&1 && engine_answers; then
  say "using the Docker engine at ${DOCKER_HOST:-the default socket}"
else
  [ "$(id -u)" = 0 ] || prep_failed "no Docker engine answers, and starting one needs root (run: sudo make smoke, or start Docker)"
  command -v apt-get >/dev/null 2>&1 || prep_failed "no Docker engine answers and this is not a Debian-like host with apt to install one"
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker-compose >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
    step="installing docker.io, docker-compose and debootstrap (apt)"
    say "$step (about a minute)"
    # policy-rc.d: no package may start a service (dockerd would come up with its docker0 bridge).
    own_policy=false
    if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && own_policy=true; fi
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io docker-compose debootstrap >/dev/null; } ||
      { [ "$own_policy" = true ] && rm -f /usr/sbin/policy-rc.d; prep_failed "apt-get install failed"; }
    if [ "$own_policy" = true ]; then rm -f /usr/sbin/policy-rc.d; fi
  fi
  step="starting a private Docker engine"
  dir="${SMOKE_DOCKER_DIR:-/var/lib/monitrax-smoke-docker}"
  mkdir -p "$dir/data" "$dir/exec"
  socket="$dir/docker.sock"
  if [ -f "$dir/docker.pid" ] && kill -0 "$(cat "$dir/docker.pid")" 2>/dev/null; then
    say "a private engine from an earlier run is still up (pid $(cat "$dir/docker.pid")); using it"
  else
    rm -f "$socket" "$dir/docker.pid"
    # No bridge, no iptables, no NAT: containers here only ever use the host's network (127.0.0.1).
    dockerd -H "unix://$socket" --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/docker.pid" \
      --bridge=none --iptables=false --ip6tables=false --ip-masq=false --storage-driver=overlay2 >"$dir/dockerd.log" 2>&1 &
    started_engine_pid=$!
  fi
  export DOCKER_HOST="unix://$socket"
  for _ in $(seq 1 60); do engine_answers && break; sleep 0.5; done
  engine_answers || { tail -20 "$dir/dockerd.log" >&2; prep_failed "dockerd did not answer on $socket within 30 s"; }
  export MONITRAX_HOST_NETWORK=1
  say "private Docker engine $(docker version --format '{{.Server.Version}}') on $socket (host networking only)"
fi

step="providing the base images"
node_tag="node:$(tr -d ' \t\r\nv' < .nvmrc | cut -d. -f1)-trixie-slim"
missing=()
for image in "$node_tag" postgres:17; do
  docker image inspect "$image" >/dev/null 2>&1 && continue
  say "pulling $image"
  timeout 120 docker pull "$image" >/dev/null 2>&1 || missing+=("$image")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "no registry answered for ${missing[*]}: building stand-ins from Debian packages and the npm registry"
  [ "$(id -u)" = 0 ] || prep_failed "stand-in base images need root (debootstrap)"
  docker/standins/build.sh || prep_failed "docker/standins/build.sh failed (see above)"
fi

step=""
say "environment ready; running the product checks"
set +e
node services/ops/src/smoke/smoke.ts
status=$?
set -e
exit "$status"
