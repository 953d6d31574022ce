#!/usr/bin/env bash
# Usage: scripts/fault-matrix.sh [--readme]
#
# Prints the fault matrix as a Markdown table from the rows the fault tests recorded in
# ${P15_BUILD_DIR:-build}/artifacts/fault-matrix/ (one file per passing test; a failing test leaves
# none, so run the suite first, e.g.
#   cd build && ../scripts/with-mariadb.sh ./p15-e2e-tests --gtest_filter='*Fault*:*SlowQuery*:*CollectorStops*'
# ). With --readme it also replaces the table between the fault-matrix markers in docs/fault-matrix.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${P15_BUILD_DIR:-$root/build}/artifacts/fault-matrix
shopt -s nullglob
rows=("$dir"/*.md)
if ((${#rows[@]} == 0)); then
  echo "fault-matrix: no rows in $dir; run the fault tests first" >&2
  exit 1
fi
table=$(
  echo "| fault | what the service did | what the user saw |"
  echo "|---|---|---|"
  LC_ALL=C sort -z -- < <(printf '%s\0' "${rows[@]}") | xargs -0 cat
)
echo "$table"
if [[ "${1:-}" == "--readme" ]]; then
  readme=$root/docs/fault-matrix.md
  begin='<!-- fault-matrix:begin'
  end='<!-- fault-matrix:end -->'
  grep -q "^$begin" "$readme" && grep -q "^$end" "$readme" || {
    echo "fault-matrix: docs/fault-matrix.md has no fault-matrix markers" >&2
    exit 1
  }
  TABLE="$table" awk -v b="$begin" -v e="$end" '
    index($0, b) == 1 { print; print ENVIRON["TABLE"]; skip = 1; next }
    index($0, e) == 1 { skip = 0 }
    !skip { print }' "$readme" >"$readme.tmp"
  mv "$readme.tmp" "$readme"
  echo "fault-matrix: docs/fault-matrix.md updated (${#rows[@]} rows)" >&2
fi
