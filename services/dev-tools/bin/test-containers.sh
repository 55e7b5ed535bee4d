#!/usr/bin/env bash
# `make test-containers`: the production images under Testcontainers. Builds monitrax-api:local and
# monitrax-web:local from Dockerfile.api and Dockerfile.web (the same tags compose.yaml runs, so `make smoke` after
# it reuses them), then runs the Vitest project `containers` (services/dev-tools/test/images), which starts postgres:17 and
# those images. The engine comes from services/machine-workarounds/bin/docker-engine.sh (found, or started privately and stopped
# afterwards; host networking only where it has no bridge).
# Exit 0 passed; 1 failed; 75 the machine could not be prepared (the step is named above).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"

if [ "${1:-}" != --inside ]; then
  exec services/machine-workarounds/bin/docker-engine.sh run "$0" --inside
fi
mkdir -p test-results
for image in api web; do
  started=$SECONDS
  echo "test-containers: docker build -f Dockerfile.$image -t monitrax-$image:local"
  # --network host: an engine without a bridge has no other network for RUN steps (harmless where it has one).
  if ! docker build --network host -f "Dockerfile.$image" -t "monitrax-$image:local" . >"test-results/build-$image.log" 2>&1; then
    tail -40 "test-results/build-$image.log" >&2
    echo "test-containers: building monitrax-$image failed (full log: test-results/build-$image.log)" >&2
    exit 1
  fi
  echo "test-containers: monitrax-$image:local built in $((SECONDS - started)) s"
done
exec npx vitest run --project containers
