# Shared steps of run.sh and test.sh: install what is missing (Debian), prepare PostgreSQL + PostGIS.
# Sourced, not executed.

log() { printf '\033[1;34m==> %s\033[0m\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "Installing Debian packages: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_build_tools() {
  command -v javac >/dev/null && javac -version 2>&1 | grep -qE 'javac (1[7-9]|2[0-9])' || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null || apt_install maven
  # libjpeg-turbo with SIMD for the backend's photo codec (photo/TurboJpeg); OpenCV itself comes from Maven Central.
  apt_install libturbojpeg0
  if ! command -v node >/dev/null; then apt_install nodejs npm; fi
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "Node.js >= 20 is needed to build the citizen app (found $(node --version))." >&2; exit 1
  fi
}

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}

# Uses the PostgreSQL at PG* if it answers; otherwise installs and starts Debian's. Makes sure
# PostGIS is installed on a local server.
ensure_postgis() {
  if ! command -v psql >/dev/null; then apt_install postgresql-client; fi
  if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" -t 3; then
    case "$PGHOST" in
      127.0.0.1|localhost|::1) ;;
      *) echo "PostgreSQL at $PGHOST:$PGPORT does not answer." >&2; exit 1 ;;
    esac
    log "Installing and starting PostgreSQL with PostGIS"
    apt_install postgresql
    local v; v=$(ls /etc/postgresql | sort -n | tail -1)
    apt_install "postgresql-$v-postgis-3"
    as_root pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null || as_root pg_ctlcluster "$v" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
    # A fresh Debian cluster asks for a password over TCP: give the app its own superuser role.
    if ! psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc 'select 1' >/dev/null 2>&1; then
      export PGUSER=signalement PGPASSWORD=${PGPASSWORD:-signalement}
      as_root su postgres -c "psql -q -p $PGPORT -c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'signalement') THEN CREATE ROLE signalement LOGIN SUPERUSER PASSWORD '$PGPASSWORD'; END IF; END \\\$\\\$;\""
    fi
  fi
  local has; has=$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc "select count(*) from pg_available_extensions where name = 'postgis'")
  if [ "$has" = 0 ]; then
    case "$PGHOST" in
      127.0.0.1|localhost|::1)
        local major; major=$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc "show server_version_num" | cut -c1-2)
        apt_install "postgresql-$major-postgis-3" ;;
      *) echo "PostGIS is not installed on $PGHOST." >&2; exit 1 ;;
    esac
  fi
}

# Creates the database if needed, with PostGIS.
ensure_database() {
  local db=$1
  if [ "$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc "select count(*) from pg_database where datname = '$db'")" = 0 ]; then
    psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "CREATE DATABASE $db"
  fi
  psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$db" -c "CREATE EXTENSION IF NOT EXISTS postgis" 2>&1 | grep -v NOTICE || true
}

# The front ends are one npm workspace (web-common, pwa-citizen, staff-console) with one lock file at the
# root: one `npm ci` installs all three. Done once per script run.
NPM_INSTALLED=
install_web() {
  [ -n "$NPM_INSTALLED" ] && return 0
  log "Installing the front ends' npm dependencies (root workspace)"
  npm ci --no-audit --no-fund --loglevel=error
  NPM_INSTALLED=1
}

build_pwa() {
  install_web
  log "Building the citizen app (pwa-citizen)"
  (cd pwa-citizen && npm run build --silent)
}

build_console() {
  install_web
  log "Building the staff console (staff-console)"
  (cd staff-console && npm run build --silent)
}

# Starts the packaged backend in the background on port $1 against database $2; waits until ready.
# A free TCP port of 127.0.0.1.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# The packaged backend for a bench, on a fresh database: production profile, no demo data, rate limits off
# (a bench sends from one address). Builds the jar if missing, drops and creates database $2, starts on
# port $1 with its log in $3 and its photos in $4 (emptied first). Sets BACKEND_PID.
start_bench_backend() {
  local port=$1 db=$2 log_file=$3 photos=$4
  ensure_postgis
  if [ ! -f backend/target/quarkus-app/quarkus-run.jar ]; then
    log "Building the backend (mvn package -DskipTests)"
    mvn -B -q -f backend/pom.xml package -DskipTests -Dpwa.skip
  fi
  psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>&1 | grep -v NOTICE || true
  ensure_database "$db"
  rm -rf "$photos"
  log "Starting the backend on 127.0.0.1:$port (log: $log_file)"
  SIGNALEMENT_DEMO_DATA=false SIGNALEMENT_LIMITS_ENABLED=false SIGNALEMENT_ALLOW_DEV_KEYS=true \
    SIGNALEMENT_PHOTOS_DIR="$photos" QUARKUS_PROFILE=prod start_backend "$port" "$db" "$log_file"
}

start_backend() {
  local port=$1 db=$2 log_file=$3
  SIGNALEMENT_PACKS_DIR="$PWD/geo-data" QUARKUS_HTTP_PORT="$port" PGDATABASE="$db" \
    SIGNALEMENT_PUBLIC_URL="http://127.0.0.1:$port" QUARKUS_PROFILE="${QUARKUS_PROFILE:-demo}" \
    SIGNALEMENT_PHOTOS_DIR="${SIGNALEMENT_PHOTOS_DIR:-$PWD/var/photos}" \
    java -jar backend/target/quarkus-app/quarkus-run.jar >"$log_file" 2>&1 &
  BACKEND_PID=$!
  for _ in $(seq 1 300); do
    if curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; then return 0; fi
    kill -0 "$BACKEND_PID" 2>/dev/null || { echo "The backend failed to start:" >&2; tail -50 "$log_file" >&2; return 1; }
    sleep 1
  done
  echo "The backend did not become ready in 300 s" >&2; tail -50 "$log_file" >&2; return 1
}
