#!/usr/bin/env bash
# Runs every test of the product against real parts: PostgreSQL + PostGIS, Debian's Chromium,
# the packaged backend. Installs what is missing (Debian packages, Maven and npm dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_build_tools
# haproxy: the cluster failure test (ClusterIT) drives two backends through Debian's HAProxy.
apt_install chromium aapt zipalign apksigner unzip curl haproxy
ensure_postgis

install_web
log "Shared web toolkit unit tests (web-common: type-check and Vitest)"
(cd web-common && npm test)

build_pwa
log "Citizen app unit tests (Vitest)"
(cd pwa-citizen && npm test)

build_console
log "Staff console unit tests (Vitest)"
(cd staff-console && npm test)

log "Backend and Android app: build and tests (Maven)"
# The Android sync tests start the packaged backend themselves; here they must not skip.
mvn -B verify -Dsignalement.backend.required=true

log "Agent app release build: signed with a commune key, not debuggable, no cleartext; bad settings refused"
android-agent-app/release-check.sh

log "Front ends' API types against the backend's OpenAPI document"
# The build just wrote backend/target/openapi/openapi.json. The committed web-common/src/api.gen.ts must be
# what it generates: the apps were type-checked against that file above, so they match the backend too.
npm run gen:api --silent
if ! git diff --exit-code --stat -- web-common/src/api.gen.ts; then
  echo "web-common/src/api.gen.ts is not what the backend's OpenAPI document generates." >&2
  echo "The API changed: run 'npm run gen:api' after building the backend, fix the front ends if they no longer" >&2
  echo "type-check (npm run build), and commit the new api.gen.ts." >&2
  exit 1
fi

log "End-to-end tests of the citizen app in Chromium against the packaged backend"
E2E_DB=signalement_e2e
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "DROP DATABASE IF EXISTS $E2E_DB WITH (FORCE)"
ensure_database "$E2E_DB"
E2E_PORT=${E2E_PORT:-18080}
mkdir -p target
# Demo accounts yes (the tests sign in with them), demo data no (the tests make their own). Rate limits
# off: every browser here is 127.0.0.1, and a bucket's refill depends on the clock (limit/RateLimitTest tests them).
# The citizen app is served from a copy of its build in a directory (signalement.web.citizen-dir), which
# e2e/upgrade.spec.ts replaces with a new build to check that an upgrade reaches an installed app.
E2E_CITIZEN_DIR="$PWD/target/e2e-citizen"
rm -rf "$E2E_CITIZEN_DIR" && cp -r pwa-citizen/dist "$E2E_CITIZEN_DIR"
SIGNALEMENT_WEB_CITIZEN_DIR="$E2E_CITIZEN_DIR" SIGNALEMENT_DEMO_DATA=false SIGNALEMENT_LIMITS_ENABLED=false SIGNALEMENT_PHOTOS_DIR="$PWD/target/e2e-photos" start_backend "$E2E_PORT" "$E2E_DB" target/e2e-backend.log
trap 'kill $BACKEND_PID 2>/dev/null || true' EXIT
(cd pwa-citizen && BASE_URL="http://127.0.0.1:$E2E_PORT" E2E_CITIZEN_DIR="$E2E_CITIZEN_DIR" npm run e2e)

log "End-to-end tests of the staff console in Chromium against the packaged backend"
(cd staff-console && BASE_URL="http://127.0.0.1:$E2E_PORT" E2E_DB="$E2E_DB" npm run e2e)
