#!/usr/bin/env bash
# Load: wrk on loopback against /healthcheck, /metrics and /project_15th_street/battery-status,
# one run each, while p15-service polls every second against a private MariaDB with fresh rows.
# Prints requests/s, p50/p99/max latency and errors per endpoint, the service's RSS before, between
# and after the runs, and checks: 0 non-2xx answers, 0 socket errors, the poll kept running.
#
#   scripts/with-mariadb.sh bash bench/load.sh [BUILD_DIR]        (BUILD_DIR default: build)
#   P15_LOAD_DURATION=30s P15_LOAD_CONNECTIONS=64 P15_LOAD_THREADS=2 override wrk's settings.
# Exit code 1 when any check fails. Needs wrk (scripts/install-deps.sh installs it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
duration=${P15_LOAD_DURATION:-30s}
connections=${P15_LOAD_CONNECTIONS:-64}
threads=${P15_LOAD_THREADS:-2}
: "${P15_TEST_DB_SOCKET:?run under scripts/with-mariadb.sh}"
command -v wrk >/dev/null || { echo "load: wrk not found (scripts/install-deps.sh installs it)" >&2; exit 2; }

db=p15_load
sql() { mariadb --no-defaults --socket="$P15_TEST_DB_SOCKET" -uroot "$@"; }
sql -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
sql "$db" <"$root/config/schema.sql"
# Fresh rows (UTC, as the collector writes them); the runs take ~2 min, well inside stale_after_s.
now=$(date -u +'%F %T')
sql "$db" -e "INSERT INTO battery_model(data,timestamp) VALUES ('{\"solar_power\":5000,\"load_power\":800,\"grid_power\":-3000,\"battery_power\":-1200,\"energy_left\":9000,\"total_pack_energy\":13500,\"backup_reserve_percent\":20}', '$now');
INSERT INTO vehicle_model(data,timestamp) VALUES ('{\"state\":\"online\",\"charge_state\":{\"charging_state\":\"Stopped\",\"charger_actual_current\":0,\"charge_current_request\":16,\"charge_current_request_max\":32,\"battery_level\":50,\"battery_range\":150}}', '$now');"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
P15_DATABASE_SOCKET=$P15_TEST_DB_SOCKET P15_DATABASE_USER=root P15_DATABASE_NAME=$db \
  P15_POLL_INTERVAL_S=1 P15_POLL_AUTOSTART=true P15_VEHICLE_ADAPTER=none \
  "$build/p15-service" --config "$root/config/config.yml" -p "$port" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 200); do curl -s -o /dev/null "127.0.0.1:$port/healthcheck" && break; sleep 0.05; done
base="http://127.0.0.1:$port"
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
cycles() { curl -s "$base/project_15th_street/status-poll" | python3 -c 'import json,sys; print(json.load(sys.stdin)["cycles"])'; }

echo "load: p15-service pid $pid on $base, wrk -t$threads -c$connections -d$duration --latency"
echo "load: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
failed=0
paths="/healthcheck /metrics /project_15th_street/battery-status"
rss_idle=$(rss)
# The first seconds of load grow the heap to its working size (the listener's 40 pool threads
# each touch their stack and a malloc arena): warm up, then measure growth from there.
for path in $paths; do wrk -t"$threads" -c"$connections" -d5s "$base$path" >/dev/null; done
rss_start=$(rss)
cycles_start=$(cycles)
started=$(date +%s)
echo "rss_kb idle=$rss_idle after_warmup=$rss_start"
for path in $paths; do
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$root/bench/wrk_report.lua" "$base$path")
  line=$(grep '^requests=' <<<"$out")
  echo "$path $line rss_kb=$(rss)"
  # wrk reports non-2xx/3xx answers separately from socket errors; both must be 0.
  if grep -q 'Non-2xx' <<<"$out" || ! grep -q 'status_errors=0 connect_errors=0 read_errors=0 write_errors=0 timeouts=0' <<<"$line"; then
    echo "FAIL $path: errors"; grep -E 'Non-2xx|Socket errors' <<<"$out" || true
    failed=1
  fi
done
sleep 2  # let the connections close and a cycle run
rss_end=$(rss)
cycles_end=$(cycles)
elapsed=$(($(date +%s) - started))
echo "rss_kb end=$rss_end (after warm-up $rss_start, $((rss_end - rss_start)) kB)"
# A leak of even 100 bytes a request would add several MB over these runs.
if ((rss_end - rss_start > 5120)); then echo "FAIL RSS grew by more than 5 MB under load"; failed=1; fi
echo "poll cycles during the runs: $((cycles_end - cycles_start)) in ${elapsed} s (interval 1 s)"
health=$(curl -s -o /dev/null -w '%{http_code}' "$base/healthcheck")
[ "$health" = 200 ] || { echo "FAIL /healthcheck answers $health after the load"; failed=1; }
kill -0 $pid || { echo "FAIL the service died"; failed=1; }
if grep -q 'level=error\|level=critical' "$log"; then
  echo "FAIL errors in the service log:"; grep 'level=error\|level=critical' "$log" | head
  failed=1
fi
exit $failed
