#!/usr/bin/env bash
# Dashboard benchmark (issue #4): seeds 100,000 alerts into a fresh database, times every
# statistics query (the production SQL) against `SELECT count(*) FROM alert` measured in the same
# run, with and without the V8 indexes, then times the console pages in Chromium against the
# packaged backend. Writes the results into bench/console/README.md.
# Usage: bench/console/run.sh   (PG* variables as in scripts/lib.sh; default 127.0.0.1:5432 postgres)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
DB=${BENCH_DB:-signalement_bench_console}
PORT=${BENCH_PORT:-18191}
mkdir -p target
rm -f target/stats-benchmark.md target/page-load.md
LOAD_START=$(cut -d" " -f1-3 /proc/loadavg)

log "Fresh database $DB"
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
ensure_database "$DB"

[ -f backend/target/quarkus-app/quarkus-run.jar ] || { log "Building the backend"; mvn -q -f backend/pom.xml package -DskipTests; }
log "Schema and geography: starting the packaged backend (demo accounts) against $DB"
SIGNALEMENT_DEMO_DATA=false SIGNALEMENT_PHOTOS_DIR="$PWD/target/bench-photos" start_backend "$PORT" "$DB" target/bench-console-backend.log
trap 'kill $BACKEND_PID 2>/dev/null || true' EXIT

log "Seeding 100,000 alerts"
start=$(date +%s)
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" -f bench/console/seed.sql
echo "seeded in $(( $(date +%s) - start )) s"

log "Timing the dashboard queries"
# The packaged backend's classes and libraries: StatsBenchmark calls fr.signalement.stats.StatsQueries itself.
BENCH_JDBC="jdbc:postgresql://$PGHOST:$PGPORT/$DB" BENCH_OUT="$PWD/target/stats-benchmark.md" \
  java -cp "backend/target/quarkus-app/app/*:backend/target/quarkus-app/lib/main/*" bench/console/StatsBenchmark.java

if [ -d node_modules/@playwright/test ] && command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null; then
  log "Timing the console pages in Chromium"
  (cd staff-console && BASE_URL="http://127.0.0.1:$PORT" PAGE_LOAD_OUT="$PWD/../target/page-load.md" \
    npx playwright test -c playwright.bench.config.ts) || echo "page timing failed" >&2
else
  echo "staff-console dependencies or Chromium missing: page timing skipped" >&2
fi
kill "$BACKEND_PID" 2>/dev/null || true

{
  sed -n '1,/<!-- results -->/p' bench/console/README.md
  echo
  echo "Run of $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) CPUs, $(free -g | awk '/Mem:/{print $2}') GB RAM; load average $LOAD_START at the start, $(cut -d" " -f1-3 /proc/loadavg) at the end (machine shared with other builds: compare ratios, not absolute times)."
  echo
  echo "### Statistics queries (JDBC, production SQL)"
  echo
  cat target/stats-benchmark.md
  if [ -f target/page-load.md ]; then
    echo
    echo "### Console pages in Chromium (packaged backend, same database)"
    echo
    cat target/page-load.md
  fi
  echo
  sed -n '/<!-- \/results -->/,$p' bench/console/README.md
} > target/bench-readme.md
mv target/bench-readme.md bench/console/README.md
log "Results written to bench/console/README.md"
[ -n "${BENCH_KEEP:-}" ] || psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
