#!/usr/bin/env bash
# Configures and builds everything into ${P15_BUILD_DIR:-build}.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${P15_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE="${P15_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
# P15_TARGETS limits the build (the run command needs only the two programs).
targets=()
for t in ${P15_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build" -j"${P15_JOBS:-2}" "${targets[@]}"
