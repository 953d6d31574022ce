# Sourced by scripts/docker-checks.sh: the compose stack (docker/compose.yml with the Debian
# override) brought up for real and watched until the service decides, the simulated car follows
# and Prometheus has scraped the service. Grafana has no Debian package: it is not started.

compose_cmd=()

compose_down() {
  ((${#compose_cmd[@]})) || return 0
  "${compose_cmd[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
}

# The simulator's GET /status, from inside its network namespace (it listens on loopback only).
sim_status() {
  local pid
  pid=$(docker inspect -f '{{.State.Pid}}' "$("${compose_cmd[@]}" ps -q sim)")
  nsenter -t "$pid" -n curl -sS --max-time 5 http://127.0.0.1:8090/status
}

# Waits until the car charges on the service's commands; prints what it saw.
car_follows() {
  local status="" start=$SECONDS
  for _ in $(seq 1 "$1"); do
    status=$(sim_status 2>/dev/null || true)
    if python3 - "$status" <<'EOF' 2>/dev/null; then
import json, sys
car = json.loads(sys.argv[1])["car"]
if car["commands"] < 1 or car["charge_starts"] < 1 or car["charger_actual_current"] <= 0:
    sys.exit(1)
print(f"car {car['charging_state']} at {car['charger_actual_current']} A, soc {car['soc_percent']} %, "
      f"{car['commands']} commands, {car['wake_ups']} wake-ups received", end="")
EOF
      echo " (after $((SECONDS - start)) s)"
      return 0
    fi
    sleep 2
  done
  echo "the car never charged on a command; last status: ${status:0:500}"
  return 1
}

decisions_recorded() {
  local n
  n=$("${compose_cmd[@]}" exec -T -e "MYSQL_PWD=$P15_DB_ROOT_PASSWORD" mariadb \
    mariadb -uroot -N project_15th_street -e 'SELECT COUNT(*) FROM smart_charger_model')
  n=${n//[^0-9]/}
  ((n > 0)) || { echo "no decision rows"; return 1; }
  echo "$n decision rows in smart_charger_model"
}

collector_rows() {  # the collector, not the simulator, wrote the rows the service read
  local n
  n=$("${compose_cmd[@]}" exec -T -e "MYSQL_PWD=$P15_DB_ROOT_PASSWORD" mariadb \
    mariadb -uroot -N project_15th_street -e \
    "SELECT COUNT(*) FROM vehicle_model WHERE JSON_EXISTS(data, '$.wall_connector')")
  n=${n//[^0-9]/}
  ((n > 0)) || { echo "no vehicle row with the Wall Connector's vitals"; return 1; }
  echo "$n vehicle rows from p15-collector (with the Wall Connector's vitals)"
}

prometheus_scrapes() {
  local url="http://127.0.0.1:$P15_PROMETHEUS_PORT/api/v1/query" answer=""
  for _ in $(seq 1 "$1"); do
    answer=$(curl -sS --max-time 5 "$url" \
      --data-urlencode 'query=sum(p15_poll_cycles_total{job="p15"}) and on() (up{job="p15"} == 1)' \
      2>/dev/null || true)
    if python3 - "$answer" <<'EOF' 2>/dev/null; then
import json, sys
r = json.loads(sys.argv[1])["data"]["result"]
if not r or float(r[0]["value"][1]) <= 0:
    sys.exit(1)
print(f"up{{job=\"p15\"}} == 1, sum(p15_poll_cycles_total) = {r[0]['value'][1]}")
EOF
      return 0
    fi
    sleep 2
  done
  echo "Prometheus has no p15 samples; last answer: ${answer:0:300}"
  return 1
}

compose_checks() {
  checks_failed=0
  local data=${P15_DATA_DIR:-$root/../shared/data}
  if [[ ! -d "$data" ]] || ! command -v docker-compose >/dev/null; then
    echo "FAIL compose: needs docker-compose (scripts/install-deps.sh) and the household data" \
      "in $data (P15_DATA_DIR)"
    return 1
  fi
  # Noon with a nearly full Powerwall: the surplus goes to export within minutes, so smart starts
  # the car soon (from 08:00 at 50 % it took 184 s of real time).
  export P15_SIM_START=2016-06-15T12:00 P15_SIM_POWERWALL_SOC=90
  export P15_DATA_DIR P15_DB_PASSWORD P15_DB_ROOT_PASSWORD P15_SIM_FLEET_TOKEN P15_API_TOKEN \
    GRAFANA_ADMIN_PASSWORD P15_PORT P15_PROMETHEUS_PORT P15_GRAFANA_PORT
  P15_DATA_DIR=$(cd "$data" && pwd)
  P15_DB_PASSWORD=$(p15_secret) P15_DB_ROOT_PASSWORD=$(p15_secret)
  P15_SIM_FLEET_TOKEN=$(p15_secret) P15_API_TOKEN=$(p15_secret) GRAFANA_ADMIN_PASSWORD=unused
  P15_PORT=$(p15_free_port) P15_PROMETHEUS_PORT=$(p15_free_port) P15_GRAFANA_PORT=$(p15_free_port)
  compose_cmd=(docker-compose -p p15dt -f "$root/docker/compose.yml"
    -f "$root/docker/compose.debian.yml")
  local start=$SECONDS
  echo "docker-test: compose: building MariaDB and Prometheus from Debian's packages"
  if ! "${compose_cmd[@]}" build mariadb prometheus >"$work/compose-build.log" 2>&1; then
    echo "FAIL compose build:"; tail -n 30 "$work/compose-build.log"
    return 1
  fi
  echo "ok   compose build in $((SECONDS - start)) s"
  start=$SECONDS
  if ! "${compose_cmd[@]}" up -d mariadb sim collector service prometheus >"$work/compose-up.log" 2>&1; then
    echo "FAIL compose up:"; tail -n 30 "$work/compose-up.log"
    return 1
  fi
  echo "ok   compose up -d mariadb sim collector service prometheus in $((SECONDS - start)) s"
  local app="http://127.0.0.1:$P15_PORT/project_15th_street"
  expect "the service's /healthcheck through the published port" \
    bash -c "for i in \$(seq 1 60); do curl -fsS --max-time 5 'http://127.0.0.1:$P15_PORT/healthcheck' && exit 0; sleep 2; done; exit 1"
  expect "the service decides and the simulated car follows" car_follows 150
  expect "decisions recorded" decisions_recorded
  expect "p15-collector wrote the rows" collector_rows
  expect "status-poll" http_has "$app/status-poll" 200 '"last_result":"ok"'
  expect "Prometheus scrapes the service" prometheus_scrapes 60
  if ((checks_failed)); then
    "${compose_cmd[@]}" ps
    "${compose_cmd[@]}" logs --tail 25 2>&1 | grep -vF -e "$P15_DB_PASSWORD" -e "$P15_API_TOKEN"
  fi
  compose_down
  return "$checks_failed"
}
