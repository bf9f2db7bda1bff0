#!/usr/bin/env bash
# Flood bench (bench/photos/run.sh flood): reports without photo, alone and while 8 clients upload
# 4000x3000 photos, against the packaged backend on a fresh database. All traffic goes to 127.0.0.1.
# Environment: PHOTO_BENCH_PORT (default: a free port), PHOTO_BENCH_DB (signalement_photobench),
# PHOTO_BENCH_SECONDS (10 per slice), PHOTO_BENCH_ROUNDS (3 slices of each phase, alternating), PHOTO_BENCH_JFR=1 (a flight recording of the backend in bench/out/flood-backend.jfr), PHOTO_BENCH_CLIENTS (polite: photo clients wait the Retry-After
# they are given, as the citizen app does; hammer: they come back after 200 ms).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
OUT=bench/out
DB=${PHOTO_BENCH_DB:-signalement_photobench}
JAR=backend/target/quarkus-app/quarkus-run.jar
mkdir -p "$OUT"
ensure_postgis
if [ ! -f "$JAR" ]; then
  log "Building the backend (mvn package -DskipTests)"
  mvn -B -q -f backend/pom.xml package -DskipTests -Dpwa.skip
fi
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>&1 | grep -v NOTICE || true
ensure_database "$DB"
PORT=${PHOTO_BENCH_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')}
log "Starting the backend on 127.0.0.1:$PORT (log: $OUT/photo-flood-backend.log)"
rm -rf "$OUT/flood-photos"
if [ "${PHOTO_BENCH_JFR:-0}" = 1 ]; then
  export JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=$PWD/$OUT/flood-backend.jfr,settings=profile,dumponexit=true"
fi
SIGNALEMENT_DEMO_DATA=false SIGNALEMENT_LIMITS_ENABLED=false SIGNALEMENT_ALLOW_DEV_KEYS=true \
  SIGNALEMENT_PHOTOS_DIR="$PWD/$OUT/flood-photos" QUARKUS_PROFILE=prod start_backend "$PORT" "$DB" "$OUT/photo-flood-backend.log"
unset JAVA_TOOL_OPTIONS
stop() { if [ -n "${BACKEND_PID:-}" ]; then kill "$BACKEND_PID" 2>/dev/null || true; wait "$BACKEND_PID" 2>/dev/null || true; fi; rm -rf "$OUT/flood-photos"; }
trap stop EXIT
java -Xmx1g -cp "backend/target/classes:$(cat "$OUT/photo-cp.txt")" bench/photos/PhotoBench.java flood \
  --base "http://127.0.0.1:$PORT" --jdbc "jdbc:postgresql://$PGHOST:$PGPORT/$DB?user=$PGUSER&password=${PGPASSWORD:-}" --photos "${BENCH_PHOTOS:-../shared/data/photos}" --out "$OUT" \
  --seconds "${PHOTO_BENCH_SECONDS:-10}" --rounds "${PHOTO_BENCH_ROUNDS:-3}" --clients "${PHOTO_BENCH_CLIENTS:-polite}"
