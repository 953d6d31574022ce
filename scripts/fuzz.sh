#!/usr/bin/env bash
# The long fuzz campaign (the test suite runs each target for 20 s only). Builds the libFuzzer
# targets with clang in ${P15_FUZZ_BUILD_DIR:-build-fuzz} (-DP15_FUZZ=ON: nothing else) and runs
# them one after another, P15_FUZZ_SECONDS each (default 600), on one core: the machines are shared.
#   bash scripts/fuzz.sh                      # all four targets
#   P15_FUZZ_SECONDS=60 bash scripts/fuzz.sh config decision
# The corpus grows across campaigns in <build>/campaign/<target>/corpus (seeds from
# tests/fuzz/corpus/<target>); a crash leaves its input in <build>/campaign/<target>/artifacts/ and
# the script exits non-zero after the other targets ran. Add a fixed crash's input to
# tests/fuzz/corpus/<target>/found_<what> (and a unit test) so every later run replays it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${P15_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${P15_FUZZ_SECONDS:-600}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(powerwall_json vehicle_json config decision)
"$root/scripts/install-deps.sh"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -DP15_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
cmake --build "$build" -j"${P15_JOBS:-2}"
failed=0
summary=()
for t in "${targets[@]}"; do
  echo "fuzz.sh: $t for $seconds s"
  if line=$(bash "$root/tests/fuzz/run_target.sh" "$build/p15-fuzz-$t" "$root/tests/fuzz" "$t" \
    "$build/campaign/$t" "$seconds"); then
    summary+=("$line")
  else
    summary+=("fuzz $t: FAILED, see $build/campaign/$t/artifacts/")
    failed=1
  fi
done
printf '%s\n' "${summary[@]}"
exit $failed
