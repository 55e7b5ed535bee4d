#!/usr/bin/env bash
# The S3-compatible server image of compose.yaml's `s3` profile, and the stand-in that takes its place where no
# container registry answers (standins/build.sh builds it, compose.s3-standin.yaml runs it, docker-engine.sh decides):
#   s3-server-image.sh            compose.yaml's services.s3.image (e.g. chrislusf/seaweedfs:4.44)
#   s3-server-image.sh --standin  the stand-in's tag: monitrax-standin/s3rver:<the s3rver version package-lock.json has>
# Exit 1 with a message when compose.yaml has no s3 service image (or the lockfile no s3rver).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
if [ "${1:-}" = --standin ]; then
  version="$(node -p 'require(process.argv[1]).packages["node_modules/s3rver"]?.version ?? ""' "$root/package-lock.json")"
  [ -n "$version" ] || { echo "s3-server-image: package-lock.json has no s3rver" >&2; exit 1; }
  echo "monitrax-standin/s3rver:$version"
  exit 0
fi
# The `image:` line of the top-level service `s3:` (two-space indent, as compose.yaml is written).
image="$(awk '/^  [A-Za-z0-9_.-]+:[[:space:]]*$/ { in_s3 = ($1 == "s3:") } in_s3 && /^    image:/ { print $2; exit }' "$root/compose.yaml")"
[ -n "$image" ] || { echo "s3-server-image: compose.yaml has no services.s3.image" >&2; exit 1; }
echo "$image"
