#!/usr/bin/env bash
# One deployment, many communes (issue #12): how long loading the Eurométropole de Strasbourg pack
# (33 communes) takes in a running installation, and how long locating a report takes inside
# PostgreSQL (commune + quartier + sector + nearest address: GeoSql.LOCATE) with Paris alone — the
# baseline, measured in the same run — and with both packs loaded.
#
#   ./bench/communes.sh        # writes bench/out/communes.md
#
# Environment: PG* as for scripts/run.sh; BENCH_DB (default sig_bench_communes); BENCH_PORT (a free port);
# BENCH_POINTS (random points per territory, default 3000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
DB=${BENCH_DB:-sig_bench_communes}
POINTS=${BENCH_POINTS:-3000}
OUT=bench/out
JAR=backend/target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || mvn -q -f backend/pom.xml package -DskipTests
PGJAR=$(ls backend/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar | head -1)
PORT=${BENCH_PORT:-$(free_port)}
mkdir -p "$OUT"
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>&1 | grep -v NOTICE || true
ensure_database "$DB"
stop() { if [ -n "${BACKEND_PID:-}" ] && kill -0 "$BACKEND_PID" 2>/dev/null; then kill "$BACKEND_PID"; wait "$BACKEND_PID" 2>/dev/null || true; fi; }
trap stop EXIT
log "Starting the backend (demo profile: it has an administrator to load packs) on 127.0.0.1:$PORT with Paris"
SIGNALEMENT_DEMO_DATA=false SIGNALEMENT_LIMITS_ENABLED=false start_backend "$PORT" "$DB" "$OUT/communes-backend.log"
locate() { java -cp "$PGJAR:backend/target/classes" bench/Communes.java "jdbc:postgresql://$PGHOST:$PGPORT/$DB" "$1" "$POINTS"; }
log "Locating $POINTS points in Paris (Paris alone: the baseline)"
read -r _ base50 base90 base99 < <(locate paris)
log "Loading the Strasbourg pack through scripts/pack.sh"
t0=$(date +%s%N)
SIGNALEMENT_URL="http://127.0.0.1:$PORT" ./scripts/pack.sh load geo-data/strasbourg >"$OUT/communes-load.json"
load_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
server_ms=$(python3 -c 'import json; print(json.load(open("bench/out/communes-load.json"))["millis"])')
t0=$(date +%s%N)
SIGNALEMENT_URL="http://127.0.0.1:$PORT" ./scripts/pack.sh load geo-data/strasbourg >/dev/null
reload_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
log "Locating $POINTS points in each territory with both packs loaded"
read -r _ p50 p90 p99 < <(locate paris)
read -r _ s50 s90 s99 < <(locate strasbourg)
ratio=$(python3 -c "print(round($p50 / $base50, 2))")
{
  echo "# Communes bench ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD))"
  echo
  echo "- Loading the Eurométropole de Strasbourg pack (33 communes, 52 quartiers, 195 IRIS, catalogue) into the running"
  echo "  installation: **${load_ms} ms** for the whole command (server side ${server_ms} ms); loading it again (nothing changed): ${reload_ms} ms."
  echo "- Locate (commune + quartier + sector + nearest address), inside PostgreSQL, $POINTS random points, ms:"
  echo
  echo "| | p50 | p90 | p99 |"
  echo "|---|---|---|---|"
  echo "| Paris, Paris alone (baseline) | $base50 | $base90 | $base99 |"
  echo "| Paris, both packs | $p50 | $p90 | $p99 |"
  echo "| Eurométropole, both packs | $s50 | $s90 | $s99 |"
  echo
  echo "Paris p50 with both packs / Paris alone: **$ratio**. Target: locate p50 < 2 ms with both packs."
  echo
  echo "Machine: $(nproc) CPUs; $(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc 'select version()' | cut -d, -f1)."
} >"$OUT/communes.md"
cat "$OUT/communes.md"
