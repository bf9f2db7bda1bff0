#!/usr/bin/env bash
# Runs every test of the product against real parts: PostgreSQL + PostGIS, Debian's Chromium,
# the packaged backend. Installs what is missing (Debian packages, Maven and npm dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_build_tools
apt_install chromium aapt zipalign apksigner unzip curl
ensure_postgis

build_pwa
log "Citizen app unit tests (Vitest)"
(cd pwa-citizen && npm test)

build_console
log "Staff console unit tests (Vitest)"
(cd staff-console && npm test)

log "Backend and Android app: build and tests (Maven)"
# The Android sync tests start the packaged backend themselves; here they must not skip.
mvn -B verify -Dsignalement.backend.required=true

log "End-to-end tests of the citizen app in Chromium against the packaged backend"
E2E_DB=signalement_e2e
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "DROP DATABASE IF EXISTS $E2E_DB WITH (FORCE)"
ensure_database "$E2E_DB"
E2E_PORT=${E2E_PORT:-18080}
mkdir -p target
# Demo accounts yes (the tests sign in with them), demo data no (the tests make their own).
SIGNALEMENT_DEMO_DATA=false SIGNALEMENT_PHOTOS_DIR="$PWD/target/e2e-photos" start_backend "$E2E_PORT" "$E2E_DB" target/e2e-backend.log
trap 'kill $BACKEND_PID 2>/dev/null || true' EXIT
(cd pwa-citizen && BASE_URL="http://127.0.0.1:$E2E_PORT" npm run e2e)

log "End-to-end tests of the staff console in Chromium against the packaged backend"
(cd staff-console && BASE_URL="http://127.0.0.1:$E2E_PORT" E2E_DB="$E2E_DB" npm run e2e)
