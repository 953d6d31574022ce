#!/usr/bin/env bash
# Checks the Docker files statically, before scripts/docker-test.sh builds and runs them.
#   docker_checks.sh compose    ARTIFACT_DIR   docker-compose config on docker/compose.yml, alone
#                                              and with the Debian override
#   docker_checks.sh dockerfile ARTIFACT_DIR   two linters on every Dockerfile under docker/
#   docker_checks.sh self-test  ARTIFACT_DIR   shows both checks fail on broken files
# A missing tool fails the check (exit 1); the outputs are kept in ARTIFACT_DIR.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
what=${1:?usage: docker_checks.sh compose|dockerfile|self-test ARTIFACT_DIR}
artifacts=${2:?usage: docker_checks.sh compose|dockerfile|self-test ARTIFACT_DIR}
mkdir -p "$artifacts"
bin="$root/swagger/node_modules/.bin"

need() {
  if [ ! -x "$1" ] && ! command -v "$1" >/dev/null; then
    echo "FAIL $1 not found: $2 (scripts/install-deps.sh installs it)"
    exit 1
  fi
}

# docker-compose config resolves and validates the file; it needs no engine.
check_compose() {  # OUTPUT FILE...
  need docker-compose "Debian package docker-compose"
  local out=$1 files=()
  shift
  for f in "$@"; do files+=(-f "$f"); done
  # Throw-away values: compose requires the secrets from the environment.
  P15_DB_PASSWORD=check P15_DB_ROOT_PASSWORD=check GRAFANA_ADMIN_PASSWORD=check \
    P15_SIM_FLEET_TOKEN=check P15_API_TOKEN=check docker-compose "${files[@]}" config >"$out" 2>&1
}

# dockerfilelint exits with the number of issues; dockerfile-utils always exits 0 and prints
# one block per problem, so any output is a failure.
check_dockerfile() {  # FILE OUTPUT
  need "$bin/dockerfilelint" "npm ci --prefix swagger"
  need "$bin/dockerfile-utils" "npm ci --prefix swagger"
  local rc=0 problems
  {
    echo "\$ dockerfilelint $1"
    "$bin/dockerfilelint" "$1" || rc=$?
    echo "[exit $rc]"
    echo "\$ dockerfile-utils lint $1"
    problems=$("$bin/dockerfile-utils" lint "$1" 2>&1)
    echo "${problems:-(no problems)}"
  } >"$2" 2>&1
  [ "$rc" -eq 0 ] && [ -z "$problems" ]
}

case "$what" in
  compose)
    out="$artifacts/docker-compose-config.txt"
    if check_compose "$out" "$root/docker/compose.yml"; then
      # The resolved file must still hold the five services with their wiring.
      for s in mariadb sim service prometheus grafana; do
        grep -q "^  $s:" "$out" || { echo "FAIL service $s missing"; cat "$out"; exit 1; }
      done
      grep -q "network_mode: service:sim" "$out" || { echo "FAIL service not in sim's namespace"; exit 1; }
      echo "ok   docker-compose config: docker/compose.yml is valid (resolved file: $out)"
    else
      echo "FAIL docker-compose config:"; cat "$out"; exit 1
    fi
    out="$artifacts/docker-compose-debian-config.txt"
    if check_compose "$out" "$root/docker/compose.yml" "$root/docker/compose.debian.yml" &&
      grep -q "image: p15-mariadb:debian" "$out" && grep -q "image: p15-prometheus:debian" "$out" &&
      grep -q "UI_SOURCE: checkout" "$out"; then
      echo "ok   with docker/compose.debian.yml: MariaDB and Prometheus from Debian, UI from the checkout"
    else
      echo "FAIL docker-compose config with docker/compose.debian.yml:"; cat "$out"; exit 1
    fi
    ;;
  dockerfile)
    for f in "$root"/docker/Dockerfile "$root"/docker/debian/*/Dockerfile; do
      name=${f#"$root"/}
      out="$artifacts/dockerfile-lint-$(echo "$name" | tr '/' '_').txt"
      if check_dockerfile "$f" "$out"; then
        cat "$out"; echo "ok   $name passes dockerfilelint and dockerfile-utils"
      else
        echo "FAIL $name:"; cat "$out"; exit 1
      fi
    done
    ;;
  self-test)
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    printf 'services:\n  a:\n    image: x\n    ports: 5000\n' >"$tmp/compose.yml"
    printf 'FROM debian\nRUN apt-get install curl\nEXPOSE 99999\n' >"$tmp/Dockerfile"
    printf 'FROM debian:12\nRUN echo ok\nCMD ["true"]\nCMD\n' >"$tmp/Dockerfile.utils"
    failed=0
    if check_compose "$tmp/c.txt" "$tmp/compose.yml"; then echo "FAIL broken compose passed"; failed=1;
    else echo "ok   broken compose rejected: $(head -c 200 "$tmp/c.txt" | tr '\n' ' ')"; fi
    if check_dockerfile "$tmp/Dockerfile" "$tmp/d.txt"; then echo "FAIL bad Dockerfile passed"; failed=1;
    else echo "ok   bad Dockerfile rejected ($(grep -c 'Possible Bug\|Clarity\|Optimization' "$tmp/d.txt") dockerfilelint findings)"; fi
    if check_dockerfile "$tmp/Dockerfile.utils" "$tmp/u.txt"; then echo "FAIL bad CMD passed"; failed=1;
    else echo "ok   Dockerfile with an empty CMD rejected"; fi
    exit "$failed"
    ;;
  *) echo "unknown check: $what" >&2; exit 2 ;;
esac
