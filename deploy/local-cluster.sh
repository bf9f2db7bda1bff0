#!/usr/bin/env bash
# A whole Signalement cluster on one machine, for tests and demos (docs/deploy.md):
#   PostgreSQL primary (WAL archived) + streaming replica (pg_basebackup), s3proxy (a real S3 server,
#   objects on local disk), 2 backend replicas (photos in S3, statistics from the replica), HAProxy.
# Needs: the packaged backend and s3proxy (mvn -pl backend package -DskipTests -Dpwa.skip builds
# backend/target/quarkus-app and backend/target/s3proxy/s3proxy.jar), Debian's postgresql-15 + postgis
# and haproxy. No Docker.
#
#   deploy/local-cluster.sh start            everything; prints the addresses
#   deploy/local-cluster.sh stop             everything; the state folder is kept (rm -rf it to start afresh)
#   deploy/local-cluster.sh kill N           SIGKILL backend replica N (1 or 2): a crash
#   deploy/local-cluster.sh start-replica N  start backend replica N again
#   deploy/local-cluster.sh status
#   deploy/local-cluster.sh drill            backup and restore drill: base backup + WAL archive + bucket copy,
#                                            restored into a fresh cluster and folder; every report, alert,
#                                            timeline step, photo (row and objects) and audit row compared
#
# Ports and folder (environment): CLUSTER_DIR (/tmp/signalement-cluster), HAPROXY_PORT (18130),
# BACKEND_PORT_1/2 (18131/18132), STATS_PORT (18139), S3_PORT (25130), PG_PRIMARY_PORT (25131),
# PG_REPLICA_PORT (25132), PG_EXTRA_CONF (lines added to the primary's postgresql.conf when it is created,
# e.g. "shared_preload_libraries = 'pg_stat_statements'" for bench/cluster/run.sh). The database is
# "signalement" on the primary.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${CLUSTER_DIR:-/tmp/signalement-cluster}
HAPROXY_PORT=${HAPROXY_PORT:-18130}
BACKEND_PORT_1=${BACKEND_PORT_1:-18131}
BACKEND_PORT_2=${BACKEND_PORT_2:-18132}
STATS_PORT=${STATS_PORT:-18139}
S3_PORT=${S3_PORT:-25130}
PG_PRIMARY_PORT=${PG_PRIMARY_PORT:-25131}
PG_REPLICA_PORT=${PG_REPLICA_PORT:-25132}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
JAR=${BACKEND_JAR:-$ROOT/backend/target/quarkus-app/quarkus-run.jar}
S3JAR=${S3PROXY_JAR:-$ROOT/backend/target/s3proxy/s3proxy.jar}
BUCKET=photos
S3_KEY=signalement-local
S3_SECRET=signalement-local-secret
DB=signalement

log() { echo "[cluster] $*" >&2; }
# PostgreSQL refuses to run as root.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_running() { as_pg "$PGBIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_http() { # url seconds
  local url=$1 n=$2
  for _ in $(seq 1 $((n * 2))); do
    if curl -fs -o /dev/null "$url"; then return 0; fi
    sleep 0.5
  done
  log "not ready after ${n}s: $url"; return 1
}

start_postgres() {
  mkdir -p "$DIR/pg" "$DIR/wal-archive"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR/pg" "$DIR/wal-archive"
  if [ ! -d "$DIR/pg/primary" ]; then
    log "primary: initdb on port $PG_PRIMARY_PORT (WAL archived to $DIR/wal-archive)"
    as_pg "$PGBIN/initdb" -D "$DIR/pg/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$DIR/pg/primary/postgresql.conf" <<CONF
port = $PG_PRIMARY_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR/pg'
max_connections = 200
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $DIR/wal-archive/%f && cp %p $DIR/wal-archive/%f'
${PG_EXTRA_CONF:-}
CONF
  fi
  pg_running "$DIR/pg/primary" || as_pg "$PGBIN/pg_ctl" -D "$DIR/pg/primary" -l "$DIR/pg/primary.log" -w start >/dev/null
  if ! psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -qc "CREATE DATABASE $DB"
    psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d $DB -qc "CREATE EXTENSION IF NOT EXISTS postgis"
  fi
  if [ ! -d "$DIR/pg/replica" ]; then
    log "replica: pg_basebackup -R from the primary, port $PG_REPLICA_PORT"
    as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -D "$DIR/pg/replica" -R -X stream -c fast
    as_pg sh -c "echo 'port = $PG_REPLICA_PORT' >> '$DIR/pg/replica/postgresql.conf'; echo \"archive_mode = off\" >> '$DIR/pg/replica/postgresql.conf'"
  fi
  pg_running "$DIR/pg/replica" || as_pg "$PGBIN/pg_ctl" -D "$DIR/pg/replica" -l "$DIR/pg/replica.log" -w start >/dev/null
}

start_s3() {
  alive "$DIR/s3proxy.pid" && return 0
  [ -f "$S3JAR" ] || { log "missing $S3JAR: mvn -pl backend package -DskipTests"; exit 1; }
  mkdir -p "$DIR/s3/$BUCKET"
  cat > "$DIR/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_KEY
s3proxy.credential=$S3_SECRET
jclouds.provider=filesystem
jclouds.filesystem.basedir=$DIR/s3
CONF
  log "s3proxy on port $S3_PORT, bucket '$BUCKET' in $DIR/s3/$BUCKET"
  nohup java -Xmx256m -jar "$S3JAR" --properties "$DIR/s3proxy.conf" > "$DIR/s3proxy.log" 2>&1 &
  echo $! > "$DIR/s3proxy.pid"
  for _ in $(seq 1 120); do
    # Its own answer, not another server's already on the port.
    alive "$DIR/s3proxy.pid" || { log "s3proxy exited: $(tail -3 "$DIR/s3proxy.log")"; exit 1; }
    if curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && grep -q "Started Server" "$DIR/s3proxy.log"; then return 0; fi
    sleep 0.5
  done
  log "s3proxy did not start"; exit 1
}

backend_port() { if [ "$1" = 1 ]; then echo "$BACKEND_PORT_1"; else echo "$BACKEND_PORT_2"; fi; }

start_backend() { # N
  local n=$1 port; port=$(backend_port "$1")
  alive "$DIR/backend-$n.pid" && return 0
  [ -f "$JAR" ] || { log "missing $JAR: mvn -pl backend package -DskipTests"; exit 1; }
  log "backend replica $n on port $port"
  (
    cd "$ROOT/backend"
    export QUARKUS_PROFILE=prod SIGNALEMENT_ALLOW_DEV_KEYS=true \
      QUARKUS_HTTP_PORT=$port SIGNALEMENT_PUBLIC_URL="http://127.0.0.1:$HAPROXY_PORT" \
      QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PRIMARY_PORT/$DB" \
      QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
      QUARKUS_DATASOURCE_READS_ACTIVE=true \
      QUARKUS_DATASOURCE_READS_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_REPLICA_PORT/$DB" \
      QUARKUS_DATASOURCE_READS_USERNAME=postgres QUARKUS_DATASOURCE_READS_PASSWORD= \
      SIGNALEMENT_PHOTOS_STORE=s3 SIGNALEMENT_PHOTOS_S3_ENDPOINT="http://127.0.0.1:$S3_PORT" \
      SIGNALEMENT_PHOTOS_S3_BUCKET=$BUCKET SIGNALEMENT_PHOTOS_S3_ACCESS_KEY=$S3_KEY SIGNALEMENT_PHOTOS_S3_SECRET_KEY=$S3_SECRET \
      SIGNALEMENT_PHOTOS_DIR="$DIR/no-local-photos-$n" \
      SIGNALEMENT_PACKS_DIR="$ROOT/geo-data" \
      QUARKUS_MAILER_MOCK=${QUARKUS_MAILER_MOCK:-true} \
      SIGNALEMENT_LIMITS_ENABLED=${SIGNALEMENT_LIMITS_ENABLED:-false}
    nohup java -Xmx512m -jar "$JAR" >> "$DIR/backend-$n.log" 2>&1 &
    echo $! > "$DIR/backend-$n.pid"
  )
  wait_http "http://127.0.0.1:$port/q/health/ready" 240
}

start_haproxy() {
  alive "$DIR/haproxy.pid" && return 0
  log "HAProxy on port $HAPROXY_PORT (stats on $STATS_PORT)"
  SIGNALEMENT_LISTEN="127.0.0.1:$HAPROXY_PORT" SIGNALEMENT_STATS="127.0.0.1:$STATS_PORT" \
    SIGNALEMENT_BACKEND_1="127.0.0.1:$BACKEND_PORT_1" SIGNALEMENT_BACKEND_2="127.0.0.1:$BACKEND_PORT_2" \
    haproxy -f "$ROOT/deploy/haproxy.cfg" -D -p "$DIR/haproxy.pid" > "$DIR/haproxy.log" 2>&1
  wait_http "http://127.0.0.1:$HAPROXY_PORT/q/health/ready" 30
}

stop_pid() { if alive "$1"; then kill "$(cat "$1")" 2>/dev/null || true; fi; rm -f "$1"; }

case "${1:-}" in
  start)
    mkdir -p "$DIR"
    start_postgres
    start_s3
    # The first one migrates the schema and loads the geography; the second starts on a ready database.
    start_backend 1
    start_backend 2
    start_haproxy
    echo "Signalement:  http://127.0.0.1:$HAPROXY_PORT/        (HAProxy stats: http://127.0.0.1:$STATS_PORT/)"
    echo "Replicas:     http://127.0.0.1:$BACKEND_PORT_1/  http://127.0.0.1:$BACKEND_PORT_2/"
    echo "PostgreSQL:   primary 127.0.0.1:$PG_PRIMARY_PORT, replica 127.0.0.1:$PG_REPLICA_PORT, database $DB"
    echo "S3 (s3proxy): http://127.0.0.1:$S3_PORT bucket $BUCKET ($DIR/s3/$BUCKET)"
    ;;
  stop)
    stop_pid "$DIR/haproxy.pid"
    stop_pid "$DIR/backend-1.pid"
    stop_pid "$DIR/backend-2.pid"
    stop_pid "$DIR/s3proxy.pid"
    for c in replica primary; do
      pg_running "$DIR/pg/$c" && as_pg "$PGBIN/pg_ctl" -D "$DIR/pg/$c" -m fast -w stop >/dev/null || true
    done
    log "stopped (state kept in $DIR)"
    ;;
  kill)
    n=${2:?replica number}
    alive "$DIR/backend-$n.pid" && kill -9 "$(cat "$DIR/backend-$n.pid")"
    rm -f "$DIR/backend-$n.pid"
    log "backend replica $n killed (SIGKILL)"
    ;;
  start-replica)
    start_backend "${2:?replica number}"
    ;;
  drill)
    # 1. The backup: a base backup (taken while the cluster runs) and the bucket copied; the WAL archive
    #    fills continuously (archive_command), closed up to now by pg_switch_wal.
    B="$DIR/backup-$(date +%s)"
    mkdir -p "$B"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$B"
    as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -D "$B/base" -X none -c fast
    cp -a "$DIR/s3/$BUCKET" "$B/bucket"
    CHECK="SELECT t, count(*), md5(string_agg(x, ',' ORDER BY x)) FROM (
      SELECT 'report' t, r::text x FROM report r UNION ALL SELECT 'alert', a::text FROM alert a
      UNION ALL SELECT 'alert_event', e::text FROM alert_event e UNION ALL SELECT 'photo', p::text FROM photo p
      UNION ALL SELECT 'audit_log', l::text FROM audit_log l) all_rows GROUP BY t ORDER BY t"
    psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d $DB -Atc "$CHECK" > "$B/expected.txt"
    WAL=$(psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -d $DB -Atc "SELECT pg_walfile_name(pg_switch_wal())")
    for _ in $(seq 1 120); do [ -f "$DIR/wal-archive/$WAL" ] && break; sleep 0.5; done
    [ -f "$DIR/wal-archive/$WAL" ] || { log "WAL $WAL not archived"; exit 1; }
    # 2. The restore, into a fresh cluster on a free port: base backup + every archived WAL segment.
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_pg sh -c "cp -a '$B/base' '$B/restored' && touch '$B/restored/recovery.signal' && cat >> '$B/restored/postgresql.conf' <<CONF
port = $PORT
archive_mode = off
restore_command = 'cp $DIR/wal-archive/%f %p'
recovery_target_action = promote
CONF"
    as_pg "$PGBIN/pg_ctl" -D "$B/restored" -l "$B/restored.log" -w -t 300 start >/dev/null
    for _ in $(seq 1 240); do
      [ "$(psql -h 127.0.0.1 -p "$PORT" -U postgres -d $DB -Atc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ] && break; sleep 0.5
    done
    psql -h 127.0.0.1 -p "$PORT" -U postgres -d $DB -Atc "$CHECK" > "$B/restored.txt"
    # 3. Every photo row's two objects in the restored bucket.
    MISSING=0
    while read -r key; do
      for f in "$B/bucket/$key.jpg" "$B/bucket/${key}_thumb.jpg"; do [ -s "$f" ] || { log "missing object $f"; MISSING=$((MISSING + 1)); }; done
    done < <(psql -h 127.0.0.1 -p "$PORT" -U postgres -d $DB -Atc "SELECT storage_key FROM photo")
    as_pg "$PGBIN/pg_ctl" -D "$B/restored" -m fast -w stop >/dev/null
    if diff "$B/expected.txt" "$B/restored.txt" && [ "$MISSING" = 0 ]; then
      echo "drill: OK — restored from base backup + WAL archive + bucket copy ($B):"; cat "$B/restored.txt"
      rm -rf "$B"
    else
      echo "drill: FAILED (kept in $B)"; exit 1
    fi
    ;;
  status)
    for f in haproxy s3proxy backend-1 backend-2; do
      if alive "$DIR/$f.pid"; then echo "$f: running (pid $(cat "$DIR/$f.pid"))"; else echo "$f: stopped"; fi
    done
    for c in primary replica; do
      if pg_running "$DIR/pg/$c"; then echo "postgres $c: running"; else echo "postgres $c: stopped"; fi
    done
    ;;
  *)
    sed -n '2,20p' "$0"; exit 2
    ;;
esac
