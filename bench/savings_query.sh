#!/usr/bin/env bash
# GET /savings against a year of ledger rows (one per 30 s poll: 1,051,200), on a private MariaDB.
# Usage: scripts/with-mariadb.sh bash bench/savings_query.sh [BUILD_DIR] [ROWS]
# Prints the time to fill the tables, the answer, then the wall time of 20 /savings requests
# (each one sums today, the month and the total from the hourly sums in one statement).
set -euo pipefail
build=${1:-$(cd "$(dirname "$0")/.." && pwd)/build}
rows=${2:-1051200}
db=p15s
source "$(dirname "$0")/bench_db.sh"
t0=$(date +%s%N)
# Rows 30 s apart ending now, each 0.032 kWh (16 A x 240 V for 30 s) split 50/25/25.
sql $db -e "INSERT INTO p15_energy_ledger (decision_id, policy, \`timestamp\`, elapsed_s, car_kwh,
  solar_kwh, powerwall_kwh, grid_kwh, import_price, export_price, grid_cost, export_forgone,
  powerwall_value, cost, baseline_at, baseline_price, baseline_cost)
  SELECT seq, 'smart', UTC_TIMESTAMP() - INTERVAL seq * 30 SECOND, 30, 0.032, 0.016, 0.008, 0.008,
  0.2291, 0.062, 0.008 * 0.2291, 0.016 * 0.062, 0.008 * 0.062 / 0.9,
  0.008 * 0.2291 + 0.016 * 0.062 + 0.008 * 0.062 / 0.9, UTC_TIMESTAMP(), 0.2291, 0.032 * 0.2291
  FROM seq_1_to_$rows"
# The hourly sums the service keeps as it writes rows, built the way config/schema.sql says.
sql $db -e "INSERT INTO p15_energy_ledger_hourly SELECT DATE_FORMAT(\`timestamp\`, '%Y-%m-%d %H:00:00'),
  COUNT(*), SUM(car_kwh), SUM(solar_kwh), SUM(powerwall_kwh), SUM(grid_kwh), SUM(grid_cost),
  SUM(export_forgone), SUM(powerwall_value), SUM(cost), SUM(baseline_cost)
  FROM p15_energy_ledger GROUP BY 1"
t1=$(date +%s%N)
echo "filled $rows rows in $(( (t1-t0)/1000000 )) ms"
P15_DATABASE_SOCKET=$P15_TEST_DB_SOCKET P15_DATABASE_USER=root P15_DATABASE_NAME=$db \
  "$build/p15-service" --config "$(dirname "$0")/../config/config.yml" -p $port > "$log" 2>&1 &
pid=$!
until curl -s -o /dev/null localhost:$port/healthcheck; do sleep 0.005; done
curl -s localhost:$port/project_15th_street/savings; echo
for i in $(seq 1 20); do
  curl -s -o /dev/null -w '%{time_total}\n' localhost:$port/project_15th_street/savings
done | sort -n | awk '{t[NR]=$1} END {printf "20 requests: min %.3f s, median %.3f s, max %.3f s\n", t[1], t[int((NR+1)/2)], t[NR]}'
kill $pid
