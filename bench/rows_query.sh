#!/usr/bin/env bash
# The cycle's database time against large collector tables (issue 15): fills battery_model and
# vehicle_model with ROWS rows each (30 s apart, ending now, today's live_status and vehicle_data
# shapes) on a private MariaDB, then times the newest-row reads: the query the service ran before
# (ORDER BY `timestamp` over the whole table) and the one it runs now (the last 64 ids), with
# their EXPLAIN, and 20 GET /battery-status (one Powerwall read) and 20 GET /manage-vehicle (both
# reads, a decision recorded; vehicle.adapter none) from the real p15-service.
# Usage: scripts/with-mariadb.sh bash bench/rows_query.sh [BUILD_DIR] [ROWS]
set -euo pipefail
build=${1:-$(cd "$(dirname "$0")/.." && pwd)/build}
rows=${2:-10000000}
db=p15rows
source "$(dirname "$0")/bench_db.sh"
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
t0=$(date +%s%N)
sql $db -e "INSERT INTO battery_model (data, \`timestamp\`)
  SELECT JSON_OBJECT('solar_power', 4000 + seq % 97, 'load_power', 800, 'battery_power', -1000,
    'grid_power', -2200, 'generator_power', 0, 'percentage_charged', 80.5,
    'grid_status', 'Active', 'island_status', 'on_grid', 'storm_mode_active', false,
    'backup_reserve_percent', 20, 'default_real_mode', 'self_consumption',
    'nameplate_energy', 13500, 'timestamp', '2024-06-15T12:00:00-07:00', 'source', 'gateway',
    'age_s', 1), UTC_TIMESTAMP() - INTERVAL (seq - 1) * 30 SECOND
  FROM seq_${rows}_to_1_step_1"
sql $db -e "INSERT INTO vehicle_model (data, \`timestamp\`)
  SELECT JSON_OBJECT('state', 'online', 'vin', '5YJ3E1EA1KF000001', 'charge_state_age_s', 3,
    'charge_state', JSON_OBJECT('charging_state', 'Stopped', 'charger_actual_current', 0,
    'charge_current_request', 16, 'charge_current_request_max', 32, 'charger_voltage', 240,
    'charger_phases', 1, 'charger_power', 0, 'battery_level', 60, 'battery_range', 180.5,
    'charge_limit_soc', 90, 'charge_energy_added', 0, 'timestamp', 1718478000000)),
    UTC_TIMESTAMP() - INTERVAL (seq - 1) * 30 SECOND
  FROM seq_${rows}_to_1_step_1"
echo "filled $rows rows in each table in $(ms "$t0") ms; on disk: $(sql -N -e "SELECT ROUND(SUM(data_length + index_length) / 1048576) FROM information_schema.tables WHERE table_schema = '$db' AND table_name IN ('battery_model', 'vehicle_model')") MB"
old="SELECT id, UNIX_TIMESTAMP(\`timestamp\`), LENGTH(data) FROM battery_model ORDER BY \`timestamp\` DESC, id DESC LIMIT 1"
new="SELECT id, UNIX_TIMESTAMP(\`timestamp\`), LENGTH(data) FROM (SELECT id, \`timestamp\`, data FROM battery_model ORDER BY id DESC LIMIT 64) AS recent ORDER BY \`timestamp\` DESC, id DESC LIMIT 1"
for q in old new; do
  echo "$q query, EXPLAIN:"; sql "$db" -t -e "EXPLAIN ${!q}"
  # The server's own time (SHOW PROFILES), three reads in one session: no client start-up.
  sql "$db" -N -e "SET profiling = 1; ${!q}; ${!q}; ${!q}; SHOW PROFILES" |
    awk -v q="$q" '$3 == "SELECT" {t[++n] = $2} END {printf "%s query: %.4f s, %.4f s, %.4f s (server time of 3 reads)\n", q, t[1], t[2], t[3]}'
done
P15_DATABASE_SOCKET=$P15_TEST_DB_SOCKET P15_DATABASE_USER=root P15_DATABASE_NAME=$db \
  P15_POLL_STALE_AFTER_S=86400 "$build/p15-service" --config "$(dirname "$0")/../config/config.yml" \
  -p "$port" > "$log" 2>&1 &
pid=$!
until curl -s -o /dev/null "localhost:$port/healthcheck"; do sleep 0.005; done
for path in battery-status manage-vehicle; do
  curl -s "localhost:$port/project_15th_street/$path" | head -c 300; echo
  for _ in $(seq 1 20); do
    curl -s -o /dev/null -w '%{time_total}\n' "localhost:$port/project_15th_street/$path"
  done | sort -n | awk -v p="$path" '{t[NR]=$1} END {printf "20 GET /%s: min %.4f s, median %.4f s, max %.4f s\n", p, t[1], t[int((NR+1)/2)], t[NR]}'
done
kill "$pid"
sql -e "DROP DATABASE $db"
