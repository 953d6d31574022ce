# Sourced by scripts/with-mariadb.sh and scripts/docker-env.sh.
# p15_wait_or_kill PID SECONDS: once PID has been asked to stop, waits up to SECONDS for it to
# exit, then kills it (SIGKILL) and reaps it. PID must be a child of this shell.
p15_wait_or_kill() {
  local pid=$1 tenths=$(($2 * 10))
  for _ in $(seq 1 "$tenths"); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
