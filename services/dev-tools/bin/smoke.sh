#!/usr/bin/env bash
# `make smoke`: the compose stack as a person runs it (services/dev-tools/src/smoke/smoke.ts), on a Docker engine that
# services/machine-workarounds/bin/docker-engine.sh finds or starts (private socket, host networking only, Compose v2, stand-in base
# images where no registry answers) and stops again afterwards.
# Exit 0 every check passed; 1 a product failure; 75 the machine could not be prepared (the step is named above).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
exec services/machine-workarounds/bin/docker-engine.sh run node services/dev-tools/src/smoke/smoke.ts
