#!/usr/bin/env bash
# Runs one libFuzzer target: its committed seeds first, then mutations for <seconds>.
#   run_target.sh <binary> <tests/fuzz dir> <target> <work dir> <seconds> [libFuzzer flags...]
# New inputs go to <work dir>/corpus (kept between runs), crashes to <work dir>/artifacts/. Exits
# non-zero on a crash, a sanitizer report or a broken invariant, naming the input that did it.
# Last line: "fuzz <target>: <runs> runs, <exec/s> exec/s, cov <edges>, ft <features>, corpus <n>".
set -euo pipefail
bin=$1 dir=$2 target=$3 work=$4 seconds=$5
shift 5
[ -x "$bin" ] || { echo "run_target: $bin is not built (the p15-fuzz-targets build step)" >&2; exit 1; }
rm -rf "$work/artifacts"
mkdir -p "$work/corpus" "$work/artifacts"
flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -max_len=8192
       -print_final_stats=1 -artifact_prefix="$work/artifacts/")
[ -f "$dir/dict/$target.dict" ] && flags+=(-dict="$dir/dict/$target.dict")
log="$work/last.log"
set +e
"$bin" "${flags[@]}" "$@" "$work/corpus" "$dir/corpus/$target" >"$log" 2>&1
rc=$?
set -e
status=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status")
ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status")
corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$status")
if [ "$rc" -ne 0 ]; then
  # The report: what broke (invariant, sanitizer, libFuzzer), the input, then the stack's top.
  grep -E -A2 'fuzz invariant broken|terminate called|ERROR: |runtime error:|SUMMARY:|^Base64:' "$log" >&2 || true
  grep -E '^ +#[0-9]+ ' "$log" | head -15 >&2 || true
  echo "fuzz $target: FAILED (exit $rc); inputs: $(ls "$work/artifacts" | tr '\n' ' ')" >&2
  echo "reproduce: $bin $work/artifacts/<file>   (full log: $log)" >&2
  exit 1
fi
echo "fuzz $target: ${runs:-?} runs, ${rate:-?} exec/s, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}"
