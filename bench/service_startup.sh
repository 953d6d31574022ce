#!/usr/bin/env bash
# Start-up time and RSS of p15-service against a private MariaDB, polling every second.
# Usage: scripts/with-mariadb.sh bash bench/service_startup.sh [BUILD_DIR]
# Prints the time to the first HTTP answer (spawn included), the service's own startup_ms, and
# RSS at start and after 2,000 requests.
set -euo pipefail
build=${1:-$(cd "$(dirname "$0")/.." && pwd)/build}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
db=p15m
mariadb --no-defaults --socket="$P15_TEST_DB_SOCKET" -uroot -e "CREATE DATABASE $db"
mariadb --no-defaults --socket="$P15_TEST_DB_SOCKET" -uroot $db < "$(dirname "$0")/../config/schema.sql"
now=$(date -u +'%F %T')
mariadb --no-defaults --socket="$P15_TEST_DB_SOCKET" -uroot $db -e "INSERT INTO battery_model(data,timestamp) VALUES ('{\"solar_power\":5000,\"load_power\":800,\"grid_power\":-3000,\"battery_power\":-1200,\"energy_left\":9000,\"total_pack_energy\":13500,\"backup_reserve_percent\":20}', '$now'); INSERT INTO vehicle_model(data,timestamp) VALUES ('{\"state\":\"online\",\"charge_state\":{\"charging_state\":\"Disconnected\",\"charger_actual_current\":0,\"battery_level\":50,\"battery_range\":150}}', '$now');"
start=$(date +%s%N)
P15_DATABASE_SOCKET=$P15_TEST_DB_SOCKET P15_DATABASE_USER=root P15_DATABASE_NAME=$db P15_POLL_INTERVAL_S=1 P15_POLL_AUTOSTART=true "$build/p15-service" --config "$(dirname "$0")/../config/config.yml" -p $port > "$log" 2>&1 &
pid=$!
until curl -s -o /dev/null localhost:$port/healthcheck; do sleep 0.005; done
end=$(date +%s%N)
echo "first HTTP answer after $(( (end-start)/1000000 )) ms"
grep -o 'startup_ms=[0-9.]*' "$log"
grep VmRSS /proc/$pid/status
for i in $(seq 1 2000); do curl -s -o /dev/null localhost:$port/project_15th_street/battery-status; done
sleep 5
grep VmRSS /proc/$pid/status
curl -s localhost:$port/project_15th_street/status-poll; echo
kill $pid
