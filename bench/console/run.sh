#!/usr/bin/env bash
# Dashboard benchmark (issue #4): seeds 100,000 alerts into a fresh database and times every
# statistics query (the production SQL) against `SELECT count(*) FROM alert` measured in the same
# run, with and without the V8 indexes. Writes the table into bench/console/README.md.
# Usage: bench/console/run.sh   (PG* variables as in scripts/lib.sh; default 127.0.0.1:5432 postgres)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
DB=${BENCH_DB:-signalement_bench_console}
PORT=${BENCH_PORT:-18191}
mkdir -p target

log "Fresh database $DB"
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
ensure_database "$DB"

[ -f backend/target/quarkus-app/quarkus-run.jar ] || { log "Building the backend"; mvn -q -f backend/pom.xml package -DskipTests; }
log "Schema and geography: starting the backend once against $DB"
QUARKUS_PROFILE=prod start_backend "$PORT" "$DB" target/bench-console-backend.log
kill "$BACKEND_PID"; wait "$BACKEND_PID" 2>/dev/null || true

log "Seeding 100,000 alerts"
start=$(date +%s)
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" -f bench/console/seed.sql
echo "seeded in $(( $(date +%s) - start )) s"

log "Timing the dashboard queries"
BENCH_JDBC="jdbc:postgresql://$PGHOST:$PGPORT/$DB" BENCH_OUT="$PWD/target/stats-benchmark.md" \
  mvn -q -f backend/pom.xml test -Dtest=StatsBenchmark -Dsurefire.failIfNoSpecifiedTests=false
{
  sed -n '1,/<!-- results -->/p' bench/console/README.md
  echo
  echo "Run of $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GB RAM:"
  echo
  cat target/stats-benchmark.md
  echo
  sed -n '/<!-- \/results -->/,$p' bench/console/README.md
} > target/bench-readme.md
mv target/bench-readme.md bench/console/README.md
log "Results written to bench/console/README.md"
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
