#!/usr/bin/env bash
# Flood bench (bench/photos/run.sh flood): reports without photo, alone and while 8 clients upload
# 4000x3000 photos, against the packaged backend on a fresh database. All traffic goes to 127.0.0.1.
# Environment: PHOTO_BENCH_PORT (default: a free port), PHOTO_BENCH_DB (signalement_photobench),
# PHOTO_BENCH_SECONDS (10 per slice), PHOTO_BENCH_ROUNDS (3 slices of each phase, alternating), PHOTO_BENCH_JFR=1 (a flight recording of the backend in bench/out/flood-backend.jfr), PHOTO_BENCH_CLIENTS (polite: photo clients wait the Retry-After
# they are given, as the citizen app does; hammer: they come back after 200 ms), PHOTO_BENCH_PHOTO_CLIENTS (8 photo
# clients; 50 for fifty photos sent at once and sent again after each Retry-After).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
OUT=bench/out
DB=${PHOTO_BENCH_DB:-signalement_photobench}
mkdir -p "$OUT"
PORT=${PHOTO_BENCH_PORT:-$(free_port)}
if [ "${PHOTO_BENCH_JFR:-0}" = 1 ]; then
  export JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=$PWD/$OUT/flood-backend.jfr,settings=profile,dumponexit=true"
fi
start_bench_backend "$PORT" "$DB" "$OUT/photo-flood-backend.log" "$PWD/$OUT/flood-photos"
unset JAVA_TOOL_OPTIONS
stop() { if [ -n "${BACKEND_PID:-}" ]; then kill "$BACKEND_PID" 2>/dev/null || true; wait "$BACKEND_PID" 2>/dev/null || true; fi; rm -rf "$OUT/flood-photos"; }
trap stop EXIT
java -Xmx1g -cp "backend/target/classes:$(cat "$OUT/photo-cp.txt")" bench/photos/PhotoBench.java flood \
  --base "http://127.0.0.1:$PORT" --jdbc "jdbc:postgresql://$PGHOST:$PGPORT/$DB?user=$PGUSER&password=${PGPASSWORD:-}" --photos "${BENCH_PHOTOS:-../shared/data/photos}" --out "$OUT" \
  --seconds "${PHOTO_BENCH_SECONDS:-10}" --rounds "${PHOTO_BENCH_ROUNDS:-3}" --clients "${PHOTO_BENCH_CLIENTS:-polite}" --photo-clients "${PHOTO_BENCH_PHOTO_CLIENTS:-8}"
