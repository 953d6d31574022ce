#!/usr/bin/env bash
# The test suite under sanitizers (see docs/sanitizers.md):
#   asan: everything built in build-asan with AddressSanitizer + UndefinedBehaviorSanitizer
#         (-fno-sanitize-recover=all, LeakSanitizer on), the whole ctest suite (unit, integration,
#         e2e, ecosystem) beside a private MariaDB; the p15-service and p15-sim processes the tests
#         spawn are the instrumented binaries of the same build tree.
#   tsan: build-tsan with ThreadSanitizer, the parts with threads: the integration suite (Fleet and
#         companion clients on cpprestsdk's thread pool against the fake Fleet API's listener, the
#         store), the end-to-end suite (the service's HTTP listener threads, poller thread,
#         commander, endpoint calls while a cycle runs) and the unit tests that start threads
#         (CommanderTest). The rest of the unit suite is single-threaded pure code. Debian's
#         libcpprest is not instrumented, so scripts/sanitizers/tsan_triage.py sorts the reports:
#         a race whose two accesses are both made by project code, or any crash, fails the run.
#   bash scripts/sanitize.sh            # both
#   bash scripts/sanitize.sh tsan       # one
# Every report (also from a spawned service, which the test may not see) is written to
# <build>/sanitizer-reports/; the script fails if ctest fails or any (asan) or any project (tsan)
# report was written.
# Suppressions (third-party libraries only, each with its reason): scripts/sanitizers/*.supp.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(asan tsan)
supp=$root/scripts/sanitizers
"$root/scripts/install-deps.sh"

configure_and_build() {  # <build dir> <sanitizer flags> [targets...]
  local build=$1 flags=$2
  shift 2
  local launcher=() targets=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  for t in "$@"; do targets+=(--target "$t"); done
  # P15_FUZZ_TESTS=OFF: the fuzz targets have their own sanitizers (tests/fuzz).
  # clang, not the default g++: GCC 12's ASan+UBSan runtime prints UBSan reports to stderr
  # whatever UBSAN_OPTIONS log_path says, and a spawned service's stderr is not the test's.
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DP15_FUZZ_TESTS=OFF \
    -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null || return 1
  local start=$SECONDS
  if ! cmake --build "$build" -j"${P15_JOBS:-2}" "${targets[@]}"; then
    echo "sanitize: building $(basename "$build") failed" >&2
    return 1
  fi
  echo "sanitize: $(basename "$build") built in $((SECONDS - start)) s"
}

# Judges of a run's report files (one argument each): exit status 0 when none counts.
any_report_fails() {
  echo "sanitize: $# report file(s):" >&2
  for f in "$@"; do echo "=== $f" >&2; head -60 "$f" >&2; done
  return 1
}
tsan_triage() { python3 "$supp/tsan_triage.py" "$@"; }

# Runs "ctest <args>" for each argument group beside one MariaDB, then lets <judge> read the
# reports.
run_tests() {  # <build dir> <label> <judge> <ctest argument string>...
  local build=$1 label=$2 judge=$3
  shift 3
  local reports=$build/sanitizer-reports
  rm -rf "$reports" && mkdir -p "$reports"
  local script="set -e"
  for args in "$@"; do script+="; ctest --output-on-failure -j2 --timeout 600 $args"; done
  local start=$SECONDS rc=0
  (cd "$build" && "$root/scripts/with-mariadb.sh" bash -c "$script") || rc=$?
  echo "sanitize: $label tests ran in $((SECONDS - start)) s (ctest exit $rc)"
  local found=()
  mapfile -t found < <(find "$reports" -type f | sort)
  if [ ${#found[@]} -eq 0 ]; then
    echo "sanitize: $label: no sanitizer reports"
  else
    "$judge" "${found[@]}" || rc=1
  fi
  return $rc
}

asan() {
  local build=$root/build-asan
  configure_and_build "$build" \
    "-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" || return 1
  export ASAN_OPTIONS="log_path=$build/sanitizer-reports/asan:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
  export UBSAN_OPTIONS="log_path=$build/sanitizer-reports/ubsan:print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp"
  export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
  run_tests "$build" asan any_report_fails "-E '^fuzz\.'"
}

tsan_canary() {  # <build dir>: the judge must fail on a race between two pieces of project code
  local dir=$1/canary
  mkdir -p "$dir" && rm -f "$dir"/report.*
  clang++ -std=c++20 -g -O1 -fsanitize=thread "$supp/tsan_canary.cpp" -o "$dir/canary" || return 1
  TSAN_OPTIONS="log_path=$dir/report:exitcode=0" "$dir/canary"
  if tsan_triage "$dir"/report.* >/dev/null 2>&1; then
    echo "sanitize: tsan_triage.py let a deliberate project race through" >&2
    return 1
  fi
  echo "sanitize: tsan canary: tsan_triage.py fails on a deliberate project race"
}

tsan() {
  local build=$root/build-tsan
  configure_and_build "$build" "-fsanitize=thread -fno-omit-frame-pointer" \
    p15-service p15-sim p15-unit-tests p15-integration-tests p15-e2e-tests || return 1
  tsan_canary "$build" || return 1
  # exitcode=0: a report alone does not fail a test; tsan_triage.py judges them all afterwards.
  export TSAN_OPTIONS="log_path=$build/sanitizer-reports/tsan:suppressions=$supp/tsan.supp:second_deadlock_stack=1:halt_on_error=0:exitcode=0:print_suppressions=0"
  run_tests "$build" tsan tsan_triage "-L 'integration|e2e'" "-R '^CommanderTest\.'"
}

# Inside "|| failed=1" set -e is off, so each step that must stop a mode says so with "|| return".
failed=0
for m in "${modes[@]}"; do
  case $m in
    # Each in a subshell with only its own options: TSan also reads UBSAN_OPTIONS, and would
    # write its reports to the asan run's directory if that were still set.
    asan) (unset TSAN_OPTIONS && asan) || failed=1 ;;
    tsan) (unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS && tsan) || failed=1 ;;
    *) echo "usage: $0 [asan] [tsan]" >&2; exit 2 ;;
  esac
done
exit $failed
