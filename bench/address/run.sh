#!/usr/bin/env bash
# Address search latency as people type (see README.md). Uses the packaged backend and a database of
# its own (signalement_bench_address), on a free port of 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
[ -f backend/target/quarkus-app/quarkus-run.jar ] || mvn -B -q -pl backend package -DskipTests
DB=${BENCH_DB:-signalement_bench_address}
PORT=${BENCH_PORT:-$(free_port)}
psql -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
mkdir -p bench/out
SIGNALEMENT_DEMO_DATA=false SIGNALEMENT_LIMITS_ENABLED=false start_backend "$PORT" "$DB" bench/out/address-backend.log
trap 'kill $BACKEND_PID 2>/dev/null || true' EXIT
java bench/address/AddressBench.java "http://127.0.0.1:$PORT" geo-data/paris/ban_adresses-75.csv.gz "${BENCH_ADDRESSES:-300}" | tee bench/out/address.txt
