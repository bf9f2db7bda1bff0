#!/usr/bin/env bash
# Sets up and starts the whole product on a fresh Debian machine: http://localhost:8080
#   citizen app at /, staff console at /console, API at /api/v1, Open311 at /open311/v2,
#   OpenAPI at /q/openapi. The Android APK is built into android-agent-app/target/.
# Uses the PostgreSQL given by PG* variables if it answers (default 127.0.0.1:5432, user postgres),
# otherwise installs and starts one with PostGIS.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_build_tools
ensure_postgis
ensure_database "${PGDATABASE:-signalement}"
build_pwa
build_console
log "Building the backend and the Android app (mvn package)"
apt_install aapt zipalign apksigner unzip
mvn -B -q package -DskipTests
log "Starting Signalement on http://localhost:${PORT:-8080} (demo accounts: see README)"
export SIGNALEMENT_PACKS_DIR="$PWD/geo-data" SIGNALEMENT_PHOTOS_DIR="${SIGNALEMENT_PHOTOS_DIR:-$PWD/var/photos}"
export PGDATABASE="${PGDATABASE:-signalement}" QUARKUS_HTTP_PORT="${PORT:-8080}" QUARKUS_PROFILE="${QUARKUS_PROFILE:-demo}"
exec java -jar backend/target/quarkus-app/quarkus-run.jar
