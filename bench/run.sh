#!/usr/bin/env bash
# Signalement benchmark, one command from the repository root:   ./bench/run.sh
#
# Builds the backend jar if missing, creates a fresh database signalement_bench, starts the backend on a
# free port, replays the real DansMaRue reports, seeds >= 100,000 open alerts, measures ingest and nearby
# over HTTP and the same SQL straight against PostgreSQL, stops the backend, and writes
# bench/out/results.json and bench/out/summary.md. All traffic goes to 127.0.0.1.
#
# Environment: PG* as for scripts/run.sh; BENCH_DB (default signalement_bench); BENCH_CLIENTS (8);
# BENCH_ARGS (extra options for Bench.java, e.g. "--replay-limit 5000 --rounds 1" for a quick try);
# BENCH_JFR=1 records a Java Flight Recording of the backend into bench/out/backend.jfr.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

DB=${BENCH_DB:-signalement_bench}
CLIENTS=${BENCH_CLIENTS:-8}
CSV=${BENCH_CSV:-../shared/data/reports/dansmarue_paris_sample_2023-07_2024-09.csv}
OUT=bench/out
JAR=backend/target/quarkus-app/quarkus-run.jar

[ -f "$CSV" ] || { echo "The DansMaRue sample is not at $CSV (set BENCH_CSV)." >&2; exit 1; }
command -v javac >/dev/null && javac -version 2>&1 | grep -qE 'javac (1[7-9]|2[0-9])' || apt_install openjdk-17-jdk-headless
command -v python3 >/dev/null || apt_install python3
ensure_postgis
if [ ! -f "$JAR" ]; then
  log "Building the backend (mvn package -DskipTests)"
  command -v mvn >/dev/null || apt_install maven
  mvn -q -f backend/pom.xml package -DskipTests
fi
PGJAR=$(ls backend/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar | head -1)

mkdir -p "$OUT"
rm -rf "$OUT/photos"
# A ~1 MB real JPEG: the repository's street photo (1200x800) scaled to 3000x2000, and the same photo as
# the citizen app sends it (at most 1600 px, under 450 KB).
if ! command -v convert >/dev/null || ! convert -version >/dev/null 2>&1; then apt_install imagemagick; fi
convert backend/src/test/resources/photos/street.jpg -resize 250% -quality 97 "$OUT/photo-1mb.jpg"
convert backend/src/test/resources/photos/street.jpg -resize 1600x1600 -quality 82 "$OUT/photo-pwa.jpg"

log "Fresh database $DB"
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>&1 | grep -v NOTICE || true
ensure_database "$DB"

PORT=$(free_port)
if [ "${BENCH_JFR:-0}" = 1 ]; then
  export JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=$PWD/$OUT/backend.jfr,settings=profile,dumponexit=true"
fi
log "Starting the backend on 127.0.0.1:$PORT (log: $OUT/backend.log)"
# Production profile, as a commune runs it; the published dev token key is fine for a throwaway bench database.
# Rate limits off: the bench measures capacity, from one address, not the abuse protection.
SIGNALEMENT_LIMITS_ENABLED=false SIGNALEMENT_ALLOW_DEV_KEYS=true SIGNALEMENT_PHOTOS_DIR="$PWD/$OUT/photos" QUARKUS_PROFILE=prod start_backend "$PORT" "$DB" "$OUT/backend.log"
unset JAVA_TOOL_OPTIONS
stop() {
  if [ -n "${BACKEND_PID:-}" ] && kill -0 "$BACKEND_PID" 2>/dev/null; then
    kill "$BACKEND_PID"
    for _ in $(seq 1 30); do kill -0 "$BACKEND_PID" 2>/dev/null || break; sleep 1; done
  fi
}
trap stop EXIT

# CPU cost per request: the backend, and PostgreSQL (its sessions are the postmaster's children; the
# server is shared with whatever else runs on it, so read these figures on a quiet machine).
DATA_DIR=$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc 'SHOW data_directory')
{
  echo "backend $BACKEND_PID"
  [ -r "$DATA_DIR/postmaster.pid" ] && echo "postgres $(head -1 "$DATA_DIR/postmaster.pid")"
} > "$OUT/pids.txt"
log "Running the bench ($CLIENTS clients)"
# shellcheck disable=SC2086
timeout 3600 java -Xmx1g -cp "$PGJAR:backend/target/classes" bench/Bench.java --base "http://127.0.0.1:$PORT" \
  --jdbc "jdbc:postgresql://$PGHOST:$PGPORT/$DB" --csv "$CSV" --jpeg "$OUT/photo-1mb.jpg" \
  --pwa-jpeg "$OUT/photo-pwa.jpg" --out "$OUT" --clients "$CLIENTS" --cost-pids "$OUT/pids.txt" ${BENCH_ARGS:-}

stop
rm -rf "$OUT/photos"
{
  echo
  echo "Machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM; $(java -version 2>&1 | head -1);"
  echo "$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc 'select version()' | cut -d, -f1);"
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- backend || echo ' (backend modified)'), $(date -u +%Y-%m-%dT%H:%MZ)."
} >>"$OUT/summary.md"
log "Summary: $OUT/summary.md, figures: $OUT/results.json"
