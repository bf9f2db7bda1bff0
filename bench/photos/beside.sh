#!/usr/bin/env bash
# Beside bench: does work running beside the backend slow it down whatever its priority? Reports
# without photo (2 connections, wrk) alone, then beside one thread spinning at the lowest priorities
# Linux has (SCHED_IDLE, then nice 19), alternating, against the packaged backend on a fresh database.
# If the spinner costs the reports a large share of their rate, scheduling priorities cannot protect
# requests from photo work on this machine, and only taking turns in time can (photo/Turns).
# Environment: BESIDE_PORT (default: a free port), BESIDE_DB (signalement_beside), BESIDE_SECONDS (8
# per slice), BESIDE_ROUNDS (4). Needs wrk (Debian's, installed if missing). All traffic to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
OUT=bench/out
DB=${BESIDE_DB:-signalement_beside}
SECONDS_PER=${BESIDE_SECONDS:-8}
ROUNDS=${BESIDE_ROUNDS:-4}
mkdir -p "$OUT"
command -v wrk >/dev/null || apt_install wrk
PORT=${BESIDE_PORT:-$(free_port)}
start_bench_backend "$PORT" "$DB" "$OUT/beside-backend.log" "$PWD/$OUT/beside-photos"
SPINNER=
stop() {
  if [ -n "$SPINNER" ]; then kill "$SPINNER" 2>/dev/null || true; fi
  if [ -n "${BACKEND_PID:-}" ]; then kill "$BACKEND_PID" 2>/dev/null || true; wait "$BACKEND_PID" 2>/dev/null || true; fi
  rm -rf "$OUT/beside-photos"
}
trap stop EXIT
cat > "$OUT/beside-report.lua" <<'LUA'
math.randomseed(14)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local body = string.format('{"categoryCode":"autres-objets-encombrants-abandonnes","lat":%.6f,"lon":%.6f,"description":"Banc"}',
    48.845 + math.random() * 0.03, 2.30 + math.random() * 0.06)
  return wrk.format(nil, "/api/v1/reports", nil, body)
end
LUA
rate() { wrk -t1 -c2 -d"${1}s" -s "$OUT/beside-report.lua" "http://127.0.0.1:$PORT" | awk '/Requests\/sec/ {print $2}'; }
spin() { "$@" bash -c 'while :; do :; done' & SPINNER=$!; sleep 0.3; }
unspin() { kill "$SPINNER"; wait "$SPINNER" 2>/dev/null || true; SPINNER=; }
log "Warming up (20 s, not recorded)"
rate 20 >/dev/null
# Statistics for the merge lookup, as autovacuum would (this machine's PostgreSQL may run without it).
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" -c "ANALYZE"
alone=(); idle=(); nice19=()
for round in $(seq 1 "$ROUNDS"); do
  alone+=("$(rate "$SECONDS_PER")")
  spin chrt --idle 0; idle+=("$(rate "$SECONDS_PER")"); unspin
  spin nice -n 19; nice19+=("$(rate "$SECONDS_PER")"); unspin
  log "round $round: alone ${alone[-1]}/s, beside a SCHED_IDLE spinner ${idle[-1]}/s, beside a nice-19 spinner ${nice19[-1]}/s"
done
python3 - "$OUT/photos-beside.md" "${alone[*]}" "${idle[*]}" "${nice19[*]}" <<'PY'
import sys, statistics
out, a, i, n = sys.argv[1], *[[float(x) for x in s.split()] for s in sys.argv[2:]]
m = statistics.median
md = f"""| reports without photo, 2 connections | reports/s (median of {len(a)} slices) | ratio to alone |
|---|---|---|
| alone | {m(a):.1f} | 1.00 |
| beside one thread spinning under SCHED_IDLE | {m(i):.1f} | **{m(i)/m(a):.2f}** |
| beside one thread spinning at nice 19 | {m(n):.1f} | **{m(n)/m(a):.2f}** |
"""
print(md)
open(out, "w").write(md)
PY
