#!/usr/bin/env bash
# The README's test command: installs what it needs, builds, starts a private MariaDB in a
# temporary directory and runs every test suite (unit, integration, end-to-end) through ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
start=$(date +%s)
"$root/scripts/build.sh"
echo "test.sh: build took $(( $(date +%s) - start )) s"
build=${P15_BUILD_DIR:-$root/build}
cd "$build"
"$root/scripts/with-mariadb.sh" ctest --output-on-failure -j2 --timeout 300 "$@"
