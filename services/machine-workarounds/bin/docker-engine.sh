#!/usr/bin/env bash
# The Docker engine the container tests run on (integration tests through Testcontainers, `make test-containers`,
# `make smoke`): found, or started privately, with Compose v2, buildx and the base images ready. Environment preparation
# only; it tests nothing.
#
#   docker-engine.sh start   Prints `export NAME=value` lines for the commands that use the engine (stdout), status
#                            lines on stderr. Exit 0 ready; 75 the machine could not be prepared, with the step named.
#   docker-engine.sh stop    Stops the engine `start` started (MONITRAX_DOCKER_STARTED), by its pid, after checking
#                            that no container outlived the run. Exit 1 when one did (it is removed, and named).
#   docker-engine.sh run CMD...  start, CMD with the exports, stop (also when CMD fails or is interrupted); exit CMD's
#                            status (75 when the engine could not be prepared, 1 when CMD left a container behind).
#                            `make test-containers` and `make smoke` run this way, on their own or inside .ci/run.
#
# An engine that already answers (DOCKER_HOST or the default socket: a laptop, a GitHub runner) is used as it is.
# Otherwise, on a root Debian host: docker.io and debootstrap from apt, then a private dockerd on its own socket with
# no bridge, no iptables and no NAT, so containers only ever use the host's network (127.0.0.1). On an engine without
# a bridge network, the exports also say so to the tools: COMPOSE_FILE=compose.yaml plus ../compose.host-network.yaml
# (Compose's own variable: every service on the host network),
# TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 (Testcontainers otherwise looks up the bridge's gateway and gives up) and
# TESTCONTAINERS_RYUK_DISABLED=true (the Ryuk image cannot be pulled; the tests remove their own containers, and
# `stop` checks that they did).
# Base images: pulled, or stand-ins built from Debian packages + the npm-shipped Node (services/machine-workarounds/standins/build.sh)
# where no registry answers. The same for the S3 server of compose's `s3` profile (SeaweedFS): where its image cannot
# be pulled, the s3rver stand-in is built and ../compose.s3-standin.yaml joins COMPOSE_FILE, which runs it instead.
#   MONITRAX_DOCKER_DIR  where a private engine keeps its state (default /var/lib/monitrax-docker)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
say() { echo "docker-engine: $*" >&2; }
step="starting"
prep_failed() { echo "docker-engine: PREPARATION FAILED at step \"$step\": $*" >&2; exit 75; }
engine_answers() { timeout 20 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
dir="${MONITRAX_DOCKER_DIR:-/var/lib/monitrax-docker}"

start() {
  local exports=()
  step="finding a Docker engine"
  if command -v docker >/dev/null 2>&1 && engine_answers; then
    say "using the Docker engine at ${DOCKER_HOST:-the default socket}"
  else
    [ "$(id -u)" = 0 ] || prep_failed "no Docker engine answers, and starting one needs root (start Docker, or run as root)"
    command -v apt-get >/dev/null 2>&1 || prep_failed "no Docker engine answers and this is not a Debian-like host with apt to install one"
    if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
      step="installing docker.io and debootstrap (apt)"
      say "$step (about a minute)"
      # policy-rc.d: no package may start a service (dockerd would come up with its docker0 bridge).
      local own_policy=false
      if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && own_policy=true; fi
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io debootstrap >/dev/null; } ||
        { [ "$own_policy" = true ] && rm -f /usr/sbin/policy-rc.d; prep_failed "apt-get install failed"; }
      if [ "$own_policy" = true ]; then rm -f /usr/sbin/policy-rc.d; fi
    fi
    step="starting a private Docker engine"
    mkdir -p "$dir/data" "$dir/exec"
    local socket="$dir/docker.sock"
    export DOCKER_HOST="unix://$socket"
    if [ -f "$dir/docker.pid" ] && kill -0 "$(cat "$dir/docker.pid")" 2>/dev/null && engine_answers; then
      say "a private engine from an earlier run is still up (pid $(cat "$dir/docker.pid")); using it, and leaving it up"
    else
      rm -f "$socket" "$dir/docker.pid"
      # setsid and no inherited descriptors: the engine outlives this script (its caller stops it with `stop`).
      setsid dockerd -H "$DOCKER_HOST" --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/docker.pid" \
        --bridge=none --iptables=false --ip6tables=false --ip-masq=false --storage-driver=overlay2 \
        </dev/null >"$dir/dockerd.log" 2>&1 &
      local pid=$!
      for _ in $(seq 1 60); do engine_answers && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      engine_answers || { tail -20 "$dir/dockerd.log" >&2; prep_failed "dockerd did not answer on $socket within 30 s"; }
      exports+=("MONITRAX_DOCKER_STARTED=$pid")
      say "private Docker engine $(docker version --format '{{.Server.Version}}') (pid $pid) on $socket: no bridge, host networking only"
    fi
    exports+=("DOCKER_HOST=$DOCKER_HOST")
    # A container here belongs to an earlier run that was killed before it could clean up.
    local leftovers
    leftovers="$(docker ps -aq)"
    if [ -n "$leftovers" ]; then
      say "removing $(echo "$leftovers" | wc -l) container(s) an earlier, interrupted run left behind"
      echo "$leftovers" | xargs docker rm -f >/dev/null
    fi
  fi
  local compose_files=("$root/compose.yaml")
  if ! docker network inspect bridge >/dev/null 2>&1; then
    compose_files+=("$root/services/machine-workarounds/compose.host-network.yaml")
    exports+=(TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 TESTCONTAINERS_RYUK_DISABLED=true)
    say "the engine has no bridge network: compose and Testcontainers use the host network"
  fi

  step="providing Docker Compose v2 and buildx"
  "$root/services/machine-workarounds/bin/docker-cli-plugins.sh" || prep_failed "no Docker Compose v2 or buildx (see the line above)"

  step="providing the base images and the S3 server"
  local node_tag standins=() image s3_image s3_standin
  node_tag="node:$(tr -d ' \t\r\nv' < .nvmrc | cut -d. -f1)-trixie-slim"
  s3_image="$(services/machine-workarounds/bin/s3-server-image.sh)" || prep_failed "could not read the S3 server image from compose.yaml"
  s3_standin="$(services/machine-workarounds/bin/s3-server-image.sh --standin)" || prep_failed "could not name the S3 stand-in"
  for image in "$node_tag" postgres:17 "$s3_image"; do
    if docker image inspect "$image" >/dev/null 2>&1; then
      # A stand-in from an earlier run is refreshed when its inputs changed (build.sh compares them).
      [ "$(docker image inspect --format '{{ index .Config.Labels "monitrax.standin" }}' "$image")" = true ] && standins+=("$image")
      continue
    fi
    # The S3 stand-in has a tag of its own: one built for this image says that the registry did not answer before
    # (as a node or postgres stand-in does by being there), so it is refreshed rather than pulled for again.
    if [ "$image" = "$s3_image" ] && [ "$(docker image inspect --format '{{ index .Config.Labels "monitrax.standin.for" }}' "$s3_standin" 2>/dev/null)" = "$s3_image" ]; then
      standins+=("$image")
      continue
    fi
    say "pulling $image"
    timeout 120 docker pull "$image" >/dev/null 2>&1 || standins+=("$image")
  done
  if [ ${#standins[@]} -gt 0 ]; then
    say "no registry answers for ${standins[*]}: stand-ins built from Debian packages and the npm registry"
    [ "$(id -u)" = 0 ] || prep_failed "stand-in base images need root (debootstrap)"
    services/machine-workarounds/standins/build.sh >&2 || prep_failed "services/machine-workarounds/standins/build.sh failed (see above)"
  fi
  if ! docker image inspect "$s3_image" >/dev/null 2>&1; then
    docker image inspect "$s3_standin" >/dev/null 2>&1 || prep_failed "neither $s3_image nor its stand-in $s3_standin is here"
    compose_files+=("$root/services/machine-workarounds/compose.s3-standin.yaml")
    say "compose's s3 profile runs the S3 STAND-IN $s3_standin (s3rver), not $s3_image (services/machine-workarounds/compose.s3-standin.yaml)"
  fi
  if [ ${#compose_files[@]} -gt 1 ]; then exports+=("COMPOSE_FILE=$(IFS=:; echo "${compose_files[*]}")"); fi
  say "ready: Docker $(docker version --format '{{.Server.Version}}'), docker compose $(docker compose version --short)"
  local line
  for line in "${exports[@]}"; do printf 'export %q\n' "$line"; done
}

stop() {
  local status=0 leftovers
  if engine_answers; then
    leftovers="$(docker ps -a --format '{{.ID}} {{.Image}} {{.Names}} ({{.Status}})')"
    if [ -n "$leftovers" ] && [ -n "${MONITRAX_DOCKER_STARTED:-}" ]; then
      say "FAILED: these containers outlived the run (removed now):"
      echo "$leftovers" | sed 's/^/  /' >&2
      echo "$leftovers" | cut -d' ' -f1 | xargs docker rm -f >/dev/null
      status=1
    elif [ -z "${MONITRAX_DOCKER_STARTED:-}" ]; then
      # Someone else's engine: the test suites' own containers carry Testcontainers' label.
      leftovers="$(docker ps -a --filter label=org.testcontainers=true --format '{{.ID}} {{.Image}} {{.Names}} ({{.Status}})')"
      if [ -n "$leftovers" ]; then
        say "FAILED: Testcontainers containers outlived the run:"
        echo "$leftovers" | sed 's/^/  /' >&2
        status=1
      fi
    fi
  fi
  local pid="${MONITRAX_DOCKER_STARTED:-}"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    say "stopping the private Docker engine (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  return "$status"
}

finish() {
  local status=$1
  trap - EXIT
  stop || { [ "$status" = 0 ] && status=1; }
  exit "$status"
}

run() {
  [ $# -gt 0 ] || { echo "usage: $0 run COMMAND [ARG...]" >&2; exit 2; }
  # An engine that a caller (.ci/run) started is theirs to stop, not this run's.
  unset MONITRAX_DOCKER_STARTED
  local lines
  lines="$(start)"
  eval "$lines"
  trap 'finish $?' EXIT
  "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  run) shift; run "$@" ;;
  *) echo "usage: $0 start | stop | run COMMAND [ARG...]" >&2; exit 2 ;;
esac
