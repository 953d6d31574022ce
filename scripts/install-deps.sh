#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the local run need, and swagger/'s npm
# packages (Swagger UI's files, the ecosystem tests' tools) with `npm ci` (idempotent).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
packages=(
  build-essential cmake pkg-config ca-certificates curl
  libcpprest-dev libssl-dev libmariadb-dev libyaml-cpp-dev prometheus-cpp-dev libspdlog-dev
  libgtest-dev libgmock-dev libglpk-dev libhowardhinnant-date-dev libcli11-dev libfccp-dev tzdata
  clang libclang-rt-14-dev
  mariadb-server mariadb-client
  chromium prometheus docker-compose wrk debootstrap
)
# The docker test (scripts/docker-test.sh) needs a Docker engine: Debian's unless one is there
# already (docker.io conflicts with Docker's own docker-ce packages).
command -v dockerd >/dev/null || packages+=(docker.io iptables)
# Node.js and npm are on the build machines already (newer than Debian's); Debian's only if not.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  # The server package must not start a system MariaDB: the project runs its own, privately.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# node_modules from the committed lock files; each skipped when it was installed from this very
# lock file. --ignore-scripts: no install script is needed, and one (swagger-ui-dist's analytics
# dependency) would phone home.
# swagger/: Swagger UI and the tests' tools; web/: the owner's page (uPlot) and axe-core.
for dir in swagger web; do
  lock="$root/$dir/package-lock.json"
  stamp="$root/$dir/node_modules/.p15-lock.sha256"
  want=$(sha256sum "$lock" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    echo "install-deps: $dir/node_modules up to date"
  else
    echo "install-deps: npm ci in $dir/"
    (cd "$root/$dir" && SCARF_ANALYTICS=false npm ci --ignore-scripts --no-audit --no-fund)
    echo "$want" >"$stamp"
  fi
done
