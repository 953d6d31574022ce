-- wrk's summary as one key=value line, so bench/load.sh can read and check it. wrk counts a
-- status >= 400 in errors.status; socket errors are connect/read/write/timeout.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "requests=%d duration_s=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "status_errors=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect, e.read, e.write, e.timeout))
end
