#!/usr/bin/env bash
# A simulated month of the production topology (issue 15): p15-sim (Tesla's cloud, the gateway,
# the Wall Connector, the house and the car, driven daily), p15-collector and p15-service, stepped
# together five simulated minutes at a time as the HomeDay e2e test does, on a private MariaDB.
# Prints Tesla's bill by category for collector + service (the simulator's billing ledger), each
# process's RSS at the start and the end (the soak), decisions recorded against cycles run, and
# the warnings and errors each program logged, by message.
# Usage: scripts/with-mariadb.sh bash bench/month.sh [BUILD_DIR] [DAYS] [local|cloud]
#   local: the Powerwall from the gateway, the plug from the Wall Connector (the default);
#   cloud: neither, the Powerwall from Fleet's live_status and the car's state polled.
set -euo pipefail
build=${1:-$(cd "$(dirname "$0")/.." && pwd)/build}
days=${2:-30}
mode=${3:-local}
db=p15month
source "$(dirname "$0")/bench_db.sh"
work=$(mktemp -d)
free() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
fleet=$(free) simp=$(free) gw=$(free) wc=$(free) colp=$(free)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; sql -e "DROP DATABASE IF EXISTS $db"' EXIT
devices=()
[ "$mode" = local ] && devices=(--gateway-port "$gw" --wall-connector-port "$wc")
"$build/p15-sim" --fleet-port "$fleet" --http-port "$simp" --step-mode external --tick-s 30 \
  --dataset opsd --start 2016-06-01T00:00 --plug schedule --car-soc 50 --duration-h $((days * 24)) \
  --tls-dir "$work/tls" --issue-tokens "$work" --wake-delay-s 0 --log-level warn "${devices[@]}" \
  > "$work/sim.log" 2>&1 &
pids+=($!)
until [ -s "$work/refresh-token" ]; do sleep 0.1; done
cat > "$work/config.yml" <<YAML
service: {log_level: info}
database: {socket: "$P15_TEST_DB_SOCKET", user: root, name: $db}
poll: {interval_s: 1, stale_after_s: 600, autostart: false}
vehicle:
  adapter: fleet
  vin: "5YJ3E1EA1KF000001"
  fleet_base_url: "https://127.0.0.1:$fleet"
  fleet_ca_file: "$work/tls/ca.pem"
  fleet_token_file: "$work/access-token"
  fleet_client_id: p15-sim
  fleet_refresh_token_file: "$work/refresh-token"
  fleet_auth_url: "https://127.0.0.1:$fleet/oauth2/v3/token"
  request_timeout_s: 5
  wake_timeout_s: 10
clock: {source: simulator, simulator_url: "http://127.0.0.1:$simp"}
collector:
  port: $colp
  url: "http://127.0.0.1:$colp"
  interval_s: 30
YAML
if [ "$mode" = local ]; then
  cat >> "$work/config.yml" <<YAML
  gateway_url: "https://127.0.0.1:$gw"
  gateway_email: owner@example.com
  gateway_ca_file: "$work/tls/ca.pem"
  wall_connector_url: "http://127.0.0.1:$wc"
YAML
fi
P15_COLLECTOR_GATEWAY_PASSWORD=sim-gateway-password "$build/p15-collector" \
  --config "$work/config.yml" --step-mode external > "$work/collector.log" 2>&1 &
pids+=($!)
col_pid=$!
"$build/p15-service" --config "$work/config.yml" -p "$port" > "$work/service.log" 2>&1 &
pids+=($!)
svc_pid=$!
until curl -s -o /dev/null "localhost:$port/healthcheck" && curl -s -o /dev/null "localhost:$colp/healthcheck"; do sleep 0.05; done
rss() { awk '/VmRSS/ {print $2 / 1024 " MB"}' "/proc/$1/status"; }
echo "RSS at start: collector $(rss "$col_pid"), service $(rss "$svc_pid"), sim $(rss "${pids[0]}")"
start=$(date +%s)
steps=$((days * 288)) cycles=0 failed=0
for _ in $(seq 1 "$steps"); do
  status=$(curl -s -X POST "localhost:$simp/advance?s=300")
  [[ $status == *'"done":true'* ]] && break
  curl -s -o /dev/null -X POST "localhost:$colp/collect"
  code=$(curl -s -o /dev/null -w '%{http_code}' "localhost:$port/project_15th_street/manage-vehicle")
  cycles=$((cycles + 1))
  [ "$code" = 200 ] || failed=$((failed + 1))
done
echo "$days simulated days ($mode) in $(( $(date +%s) - start )) s real; $cycles cycles, $failed not answered 200"
echo "RSS at end:   collector $(rss "$col_pid"), service $(rss "$svc_pid"), sim $(rss "${pids[0]}")"
echo "decisions recorded: $(sql -N "$db" -e 'SELECT COUNT(*) FROM smart_charger_model') (cycles run: $cycles)"
echo "rows written: battery $(sql -N "$db" -e 'SELECT COUNT(*) FROM battery_model'), vehicle $(sql -N "$db" -e 'SELECT COUNT(*) FROM vehicle_model')"
curl -s "localhost:$simp/status" | python3 -c '
import json, sys
s = json.load(sys.stdin)
t = s["tesla_billing"]
print("Tesla bill (collector + service): $%.2f" % t["usd"])
for name, c in sorted(t["categories"].items()):
    print("  %-16s %6d requests, %6d billed, $%.2f  by status %s" % (name, c["requests"], c["billed"], c["usd"], c["by_fleet_status"]))
c = s["car"]
e = s["energy"]
print("car: %.1f kWh (%.1f from the grid), %d wake-ups, fell asleep %d times, %d trips" % (e["car_kwh"], e["car_from_grid_kwh"], c["wake_ups"], c["times_fell_asleep"], c["trips"]))'
for p in collector service; do
  echo "$p warnings and errors by message:"
  { grep -E 'level=(warning|error)' "$work/$p.log" || true; } | sed -E 's/^ts=[^ ]+ //; s/[0-9]+/N/g' | sort | uniq -c | sort -rn | head -8
done
