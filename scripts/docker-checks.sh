# Sourced by scripts/docker-test.sh: the checks of the image and of the compose stack. Each check
# prints "ok   what was seen" or "FAIL what was expected and what came"; a function returns 1 when
# any of its checks failed. Needs $root, $work and the P15_TEST_DB_* of scripts/with-mariadb.sh.

p15_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

p15_secret() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }

# expect NAME COMMAND...: runs COMMAND, prints ok or FAIL with what it printed.
expect() {
  local name=$1 out rc=0
  shift
  out=$("$@" 2>&1) || rc=$?
  out=${out//$'\n'/ }
  if ((rc == 0)); then
    echo "ok   $name${out:+: ${out:0:300}}"
  else
    echo "FAIL $name (exit $rc): ${out:0:600}"
    checks_failed=1
  fi
}

# http_has URL STATUS TEXT [CURL ARGS...]: the answer has that status and contains TEXT.
http_has() {
  local url=$1 status=$2 text=$3 body code
  shift 3
  body=$(curl -sS -o - -w '\n%{http_code}' --max-time 10 "$@" "$url") || return 1
  code=${body##*$'\n'}
  body=${body%$'\n'*}
  if [[ "$code" != "$status" ]] || ! grep -qF -- "$text" <<<"$body"; then
    echo "wanted $status with \"$text\", got $code: ${body:0:300}"
    return 1
  fi
  echo "$code, $(wc -c <<<"$body") bytes"
}

wait_healthy() {  # CONTAINER SECONDS
  local status=""
  for _ in $(seq 1 "$2"); do
    status=$(docker inspect -f '{{.State.Health.Status}}' "$1" 2>/dev/null || echo gone)
    if [[ "$status" = healthy ]]; then
      echo "docker inspect: healthy after $((SECONDS - health_start)) s"
      return 0
    fi
    [[ "$status" != gone ]] || break
    sleep 1
  done
  echo "health is '$status'; last probe: $(docker inspect -f '{{json .State.Health}}' "$1" 2>&1 | tail -c 400)"
  docker logs --tail 20 "$1" 2>&1
  return 1
}

# exits_with CODE TEXT IMAGE [docker run args]: the container stops by itself with CODE and TEXT.
exits_with() {
  local code=$1 text=$2 out rc=0
  shift 2
  out=$(timeout 60 docker run --rm --network none "$@" 2>&1) || rc=$?
  if ((rc != code)) || ! grep -qF -- "$text" <<<"$out"; then
    echo "wanted exit $code with \"$text\", got exit $rc: ${out:0:400}"
    return 1
  fi
  echo "exit $rc: $(grep -F -- "$text" <<<"$out" | head -n1 | cut -c1-220)"
}

not_in_logs() {  # CONTAINER SECRET...
  local logs
  logs=$(docker logs "$1" 2>&1)
  shift
  for s in "$@"; do
    if grep -qF -- "$s" <<<"$logs"; then
      echo "a secret appears in the container's log"
      return 1
    fi
  done
  echo "$(wc -l <<<"$logs") log lines, no secret in them"
}

image_checks() {
  local image=$1 port token password db=p15_docker
  checks_failed=0
  port=$(p15_free_port)
  token=$(p15_secret)
  password=$(p15_secret)
  local sql=(mariadb --no-defaults --socket="$P15_TEST_DB_SOCKET" --user=root)
  "${sql[@]}" -e "CREATE DATABASE $db; CREATE USER 'p15docker'@'127.0.0.1' IDENTIFIED BY '$password';
    GRANT ALL ON $db.* TO 'p15docker'@'127.0.0.1';"
  "${sql[@]}" "$db" <"$root/config/schema.sql"
  # Secrets go through a file, not the command line (which every user of the machine can read).
  local env_file="$work/service.env"
  (umask 077 && cat >"$env_file" <<EOF
P15_DATABASE_HOST=127.0.0.1
P15_DATABASE_PORT=$P15_TEST_DB_PORT
P15_DATABASE_USER=p15docker
P15_DATABASE_PASSWORD=$password
P15_DATABASE_NAME=$db
P15_SERVICE_PORT=$port
EOF
  )
  echo "docker-test: image checks (service on 127.0.0.1:$port, host network, MariaDB :$P15_TEST_DB_PORT)"
  health_start=$SECONDS
  docker run -d --name p15-dt-service --network host --env-file "$env_file" \
    -e "P15_SERVICE_API_TOKEN=$token" --health-interval=1s --health-start-period=30s \
    "$image" >/dev/null
  local base="http://127.0.0.1:$port" app="http://127.0.0.1:$port/project_15th_street"
  expect "health follows P15_SERVICE_PORT=$port" wait_healthy p15-dt-service 90
  expect "GET /healthcheck" http_has "$base/healthcheck" 200 '"status"'
  expect "Swagger UI" http_has "$app/ui/" 200 "swagger-ui"
  expect "Swagger UI's bundle" http_has "$app/ui/swagger-ui-bundle.js" 200 "SwaggerUI"
  expect "the OpenAPI spec" http_has "$app/openapi.yaml" 200 "openapi:"
  expect "the home's page" http_has "$app/home/" 200 "Home energy and the car"
  expect "the home page's script" http_has "$app/home/home.js" 200 "EventSource"
  expect "the home page's chart (uPlot)" http_has "$app/home/vendor/uPlot.iife.min.js" 200 "uPlot"
  expect "the home page's live state" http_has "$app/home/state" 200 '"power"'
  expect "GET /metrics" http_has "$base/metrics" 200 "p15_poll_cycles_total"
  expect "start-poll without the token" http_has "$app/start-poll" 401 ""
  expect "start-poll with the token" http_has "$app/start-poll" 200 "" \
    -H "Authorization: Bearer $token"
  expect "status-poll after start-poll" http_has "$app/status-poll" 200 '"running":true'
  expect "runs as user p15" bash -c "[[ \$(docker exec p15-dt-service id -un) = p15 ]] &&
    [[ \$(docker exec p15-dt-service id -u) != 0 ]] && docker exec p15-dt-service id"
  expect "the probe fails on a port nothing serves" bash -c "! docker exec p15-dt-service \
    p15-service --probe --config /opt/p15/config/config.yml -p 1 && echo '-> exit 1'"
  expect "no secret in the log" not_in_logs p15-dt-service "$token" "$password"
  docker rm -f p15-dt-service >/dev/null
  expect "a bad setting stops it, naming the variable" exits_with 2 P15_POLL_INTERVAL_S \
    --env-file "$env_file" -e P15_SERVICE_API_TOKEN=x -e P15_POLL_INTERVAL_S=often "$image"
  expect "no token on 0.0.0.0: refuses to start" exits_with 2 service.api_token \
    --env-file "$env_file" "$image"
  expect "p15-sim is in the image" exits_with 0 "--fleet-port" --entrypoint p15-sim "$image" --help
  expect "p15-collector is in the image" exits_with 0 "--step-mode" --entrypoint p15-collector \
    "$image" --help
  expect "p15-backtest is in the image" exits_with 0 "--policy" --entrypoint p15-backtest \
    "$image" --help
  "${sql[@]}" -e "DROP DATABASE $db; DROP USER 'p15docker'@'127.0.0.1';"
  return "$checks_failed"
}

source "$root/scripts/compose-checks.sh"
