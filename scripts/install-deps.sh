#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the local run need (idempotent).
set -euo pipefail
packages=(
  build-essential cmake pkg-config ca-certificates curl
  libcpprest-dev libssl-dev libmariadb-dev libyaml-cpp-dev prometheus-cpp-dev libspdlog-dev
  libgtest-dev libgmock-dev libglpk-dev
  mariadb-server mariadb-client
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
# The server package must not start a system MariaDB: the project runs its own, privately.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
