#!/usr/bin/env bash
# Usage: scripts/docker-test.sh [image|compose]...   (default: both; docs/docker.md)
#
# Builds the image and runs it for real, on a machine with Debian's docker.io:
#   image    builds docker/Dockerfile, runs it against a private MariaDB (host network) and checks
#            health turns healthy, /healthcheck, Swagger UI, /metrics and start-poll answer, the
#            process is not root, a bad setting and a missing token stop it with their messages
#   compose  docker/compose.yml + compose.debian.yml: MariaDB, the simulator, the service and
#            Prometheus together; the service decides, the simulated car follows, Prometheus scrapes
# A running daemon is used when one answers; else a private one runs in a temporary directory and
# is removed afterwards (scripts/docker-env.sh), as are the base images made with debootstrap.
# Without P15_TEST_DB_* in the environment it runs itself under scripts/with-mariadb.sh.
# Settings: P15_UI_SOURCE (checkout|npm, default checkout: npm inside a container build cannot
# reach the registry on these machines), P15_DOCKER_IMAGE (default project_15th_street:latest).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [[ -z "${P15_TEST_DB_PORT:-}" ]]; then
  exec "$root/scripts/with-mariadb.sh" bash "$0" "$@"
fi
# shellcheck source=scripts/docker-env.sh
source "$root/scripts/docker-env.sh"
source "$root/scripts/docker-checks.sh"

phases=("$@")
((${#phases[@]})) || phases=(image compose)
image=${P15_DOCKER_IMAGE:-project_15th_street:latest}
work=$(mktemp -d /tmp/p15-docker-test.XXXXXX)
failures=0

cleanup() {
  compose_down 2>/dev/null || true
  docker rm -f p15-dt-service >/dev/null 2>&1 || true
  p15_docker_down
  rm -rf "$work"
}
trap cleanup EXIT

build_image() {
  local ui=${P15_UI_SOURCE:-checkout} args=()
  args=(--build-arg "UI_SOURCE=$ui")
  [[ "$ui" != checkout ]] || args+=(--build-arg NODE_IMAGE=debian:12-slim)
  local pkg
  for pkg in swagger/node_modules/swagger-ui-dist/swagger-ui-bundle.js \
    web/node_modules/uplot/dist/uPlot.iife.min.js; do
    if [[ "$ui" = checkout && ! -f "$root/$pkg" ]]; then
      echo "FAIL ${pkg%%/node_modules/*}/node_modules is not installed: run scripts/install-deps.sh" >&2
      return 1
    fi
  done
  local start=$SECONDS
  echo "docker-test: docker build (UI_SOURCE=$ui) -> $image"
  if ! DOCKER_BUILDKIT=0 docker build -f "$root/docker/Dockerfile" "${args[@]}" -t "$image" \
    "$root" >"$work/build.log" 2>&1; then
    echo "FAIL docker build; the end of its log:"
    tail -n 40 "$work/build.log"
    return 1
  fi
  local bytes
  bytes=$(docker image inspect -f '{{.Size}}' "$image")
  echo "ok   image built in $((SECONDS - start)) s, $((bytes / 1000000)) MB"
}

p15_docker_up
p15_docker_base_images
build_image
for phase in "${phases[@]}"; do
  case "$phase" in
    image) image_checks "$image" || failures=$((failures + 1)) ;;
    compose) compose_checks "$image" || failures=$((failures + 1)) ;;
    *) echo "docker-test: unknown phase $phase (image, compose)" >&2; exit 2 ;;
  esac
done
echo "docker-test: $((${#phases[@]} - failures)) passed, $failures failed"
((failures == 0))
