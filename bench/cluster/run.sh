#!/usr/bin/env bash
# Capacity through HAProxy, one command from the repository root:   ./bench/cluster/run.sh
#
# Starts a fresh local cluster with deploy/local-cluster.sh (PostgreSQL primary + streaming replica,
# s3proxy, 2 backend replicas, HAProxy; pg_stat_statements loaded on the primary), seeds open alerts,
# then measures through HAProxy with 1 backend replica (the second killed and out of HAProxy), then with
# 2, with bench/Bench.java: reports without photo, reports with a 1600 px JPEG (as the citizen app sends
# it), nearby lookups, each next to the raw SQL of the same statements in the same run; and the cost per
# request (CPU ms of the backends, PostgreSQL, s3proxy and HAProxy from /proc, statements from
# pg_stat_statements, transactions, WAL, table and bucket bytes). Writes bench/out/cluster/summary.md
# and each pass's results.json; stops the cluster (its folder is kept until the next run).
#
# Environment: CLUSTER_DIR (/tmp/signalement-capacity) and the ports of deploy/local-cluster.sh
# (HAPROXY_PORT, BACKEND_PORT_1/2, STATS_PORT, S3_PORT, PG_PRIMARY_PORT, PG_REPLICA_PORT);
# BENCH_CLIENTS (8); BENCH_SEED_OPEN (20000 open alerts seeded before measuring);
# BENCH_ARGS (more options for Bench.java, e.g. "--rounds 2").
# Needs what deploy/local-cluster.sh needs (mvn -pl backend package -DskipTests first), ImageMagick.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
source scripts/lib.sh

export CLUSTER_DIR=${CLUSTER_DIR:-/tmp/signalement-capacity}
export HAPROXY_PORT=${HAPROXY_PORT:-18130} BACKEND_PORT_1=${BACKEND_PORT_1:-18131} BACKEND_PORT_2=${BACKEND_PORT_2:-18132}
export STATS_PORT=${STATS_PORT:-18139} S3_PORT=${S3_PORT:-25130}
export PG_PRIMARY_PORT=${PG_PRIMARY_PORT:-25131} PG_REPLICA_PORT=${PG_REPLICA_PORT:-25132}
export PG_EXTRA_CONF="shared_preload_libraries = 'pg_stat_statements'"
CLIENTS=${BENCH_CLIENTS:-8}
CSV=${BENCH_CSV:-../shared/data/reports/dansmarue_paris_sample_2023-07_2024-09.csv}
OUT=bench/out/cluster
CLUSTER=deploy/local-cluster.sh
JDBC="jdbc:postgresql://127.0.0.1:$PG_PRIMARY_PORT/signalement"

[ -f "$CSV" ] || { echo "The DansMaRue sample is not at $CSV (set BENCH_CSV)." >&2; exit 1; }
if ! command -v convert >/dev/null || ! convert -version >/dev/null 2>&1; then apt_install imagemagick; fi
PGJAR=$(ls backend/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar | head -1)
rm -rf "$OUT"; mkdir -p "$OUT"
convert backend/src/test/resources/photos/street.jpg -resize 1600x1600 -quality 82 "$OUT/photo-1600.jpg"

# A fresh cluster: the database and the bucket start empty, pg_stat_statements is loaded from the start.
$CLUSTER stop 2>/dev/null || true
rm -rf "$CLUSTER_DIR"
trap '$CLUSTER stop' EXIT
log "Starting the cluster in $CLUSTER_DIR"
$CLUSTER start
psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d signalement -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"

# The processes whose CPU time a request costs (PostgreSQL's sessions are children of the postmaster).
pids() {
  {
    for n in 1 2; do [ -f "$CLUSTER_DIR/backend-$n.pid" ] && echo "backend $(cat "$CLUSTER_DIR/backend-$n.pid")"; done
    echo "postgres $(head -1 "$CLUSTER_DIR/pg/primary/postmaster.pid")"
    echo "postgres-replica $(head -1 "$CLUSTER_DIR/pg/replica/postmaster.pid")"
    echo "s3proxy $(cat "$CLUSTER_DIR/s3proxy.pid")"
    echo "haproxy $(cat "$CLUSTER_DIR/haproxy.pid")"
  } > "$OUT/pids.txt"
}

# Waits until HAProxy has exactly N replicas UP (its stats page, CSV).
replicas_up() {
  for _ in $(seq 1 120); do
    up=$(curl -fs "http://127.0.0.1:$STATS_PORT/;csv" | awk -F, '$1 == "signalement" && $2 ~ /^replica/ && $18 == "UP"' | wc -l)
    [ "$up" = "$1" ] && return 0
    sleep 0.5
  done
  log "HAProxy does not have $1 replica(s) up"; return 1
}

bench() { # out-dir, Bench options...
  local dir=$1; shift
  # shellcheck disable=SC2086
  timeout 3600 java -Xmx1g -cp "$PGJAR:backend/target/classes" bench/Bench.java --base "http://127.0.0.1:$HAPROXY_PORT" \
    --jdbc "$JDBC" --csv "$CSV" --jpeg "$OUT/photo-1600.jpg" --out "$dir" --clients "$CLIENTS" "$@"
}

# Each pass: a warm-up of every backend up (the JIT; a fresh JVM is several times slower for its first
# few thousand requests, bench/README.md), not recorded, then the measured pass.
measure() { # replicas
  replicas_up "$1"
  pids
  log "Warm-up through HAProxy, $1 replica(s)"
  bench "$OUT/warm-up-$1" --phases ingest,nearby --rounds 1 --ingest $((1500 * $1)) --nearby 500 > "$OUT/warm-up-$1.log" 2>&1
  log "Measuring through HAProxy, $1 replica(s)"
  # shellcheck disable=SC2086
  bench "$OUT/$1-replica" --phases ingest,photo,nearby --photos 60 --rounds 4 \
    --cost-pids "$OUT/pids.txt" --bucket-dir "$CLUSTER_DIR/s3/photos" ${BENCH_ARGS:-} 2>&1 | tee "$OUT/$1-replica.log"
}

log "Seeding ${BENCH_SEED_OPEN:-20000} open alerts"
bench "$OUT/seed" --phases seed --seed-open "${BENCH_SEED_OPEN:-20000}" > "$OUT/seed.log" 2>&1

$CLUSTER kill 2
measure 1
$CLUSTER start-replica 2
measure 2

python3 - "$OUT" "$CLIENTS" <<'PY' | tee "$OUT/summary.md"
import json, sys
out, clients = sys.argv[1], sys.argv[2]
r = {n: json.load(open(f"{out}/{n}-replica/results.json")) for n in (1, 2)}
def rate(n, *path):
    x = r[n]
    for p in path: x = x[p]
    return x["perSecond"]
print(f"# Capacity through HAProxy, {clients} clients\n")
print("| | 1 replica | 2 replicas | 2 / 1 |\n|---|---|---|---|")
rows = [("reports without photo, HTTP (reports/s)", ("ingest", "noPhoto", "http")),
        ("same statements, raw SQL (reports/s)", ("ingest", "noPhoto", "rawSql")),
        ("reports with a 1600 px JPEG, HTTP (reports/s)", ("ingest", "photo", "http")),
        ("same + photo row, raw SQL (reports/s)", ("ingest", "photo", "rawSql")),
        (f"nearby, {clients} clients, HTTP (req/s)", ("nearby", f"http{clients}")),
        (f"nearby, {clients} clients, raw SQL (req/s)", ("nearby", f"rawSql{clients}"))]
for label, path in rows:
    a, b = rate(1, *path), rate(2, *path)
    print(f"| {label} | {a:.1f} | {b:.1f} | {b / a:.2f} |")
for n in (1, 2):
    i = r[n]["ingest"]["noPhoto"]
    print(f"\n{n} replica(s): HTTP / raw SQL without photo = **{100 * i['ratio']:.0f} %** (slices {[round(100 * x) for x in i['sliceRatios']]})")
print("\n## Cost per request (CPU ms per process role; database work; bytes stored)\n")
print("| replicas | measurement | req/s | backend | postgres | postgres-replica | s3proxy | haproxy | statements | transactions | WAL B | table B | bucket B |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for n in (1, 2):
    for name, c in r[n].get("costPerRequest", {}).items():
        cpu = c["cpuMsPerRequest"]
        print(f"| {n} | {name} | {c['perSecond']:.1f} | " + " | ".join(f"{cpu.get(k, 0):.2f}" for k in ("backend", "postgres", "postgres-replica", "s3proxy", "haproxy"))
              + f" | {c['statementsPerRequest']} | {c['transactionsPerRequest']} | {c['walBytesPerRequest']} | {c['tableBytesPerRequest']} | {c['bucketBytesPerRequest']} |")
c = r[1]["costPerRequest"].get("ingest-http", {})
if c.get("topStatements"):
    print("\n## Statements per report without photo, HTTP, 1 replica (pg_stat_statements)\n")
    for s in c["topStatements"]:
        print(f"- {s['perRequest']:.2f} × `{s['statement'][:140]}`")
PY
{
  echo
  echo "Machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(java -version 2>&1 | head -1);"
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- backend || echo ' (backend modified)'), $(date -u +%Y-%m-%dT%H:%MZ)."
} >> "$OUT/summary.md"
log "Summary: $OUT/summary.md"
