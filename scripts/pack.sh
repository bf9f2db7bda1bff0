#!/usr/bin/env bash
# Loads or updates a commune's (or an EPCI's) pack into a running installation, idempotently:
#
#   ./scripts/pack.sh load geo-data/strasbourg      # then: ./scripts/pack.sh list
#
# The backend reads the pack from its own pack folder (signalement.packs.dir, geo-data/ by default):
# this script names the pack (the folder's name) to the ADMIN endpoint POST /api/v1/admin/packs/{name},
# which loads only the parts whose files changed and answers what it did. Loading twice changes
# nothing. To load a pack at every start as well, add it to signalement.packs.load.
#
# Environment: SIGNALEMENT_URL (default http://localhost:8080), SIGNALEMENT_ADMIN_USER and
# SIGNALEMENT_ADMIN_PASSWORD (default: the demo administrator admin / admin-demo).
set -euo pipefail
url="${SIGNALEMENT_URL:-http://localhost:${PORT:-8080}}"
user="${SIGNALEMENT_ADMIN_USER:-admin}"
password="${SIGNALEMENT_ADMIN_PASSWORD:-admin-demo}"

usage() { echo "usage: $0 load geo-data/<pack> | $0 list" >&2; exit 2; }
[ $# -ge 1 ] || usage

token() {
  local body answer
  body=$(python3 -c 'import json,sys; print(json.dumps({"username": sys.argv[1], "password": sys.argv[2]}))' "$user" "$password")
  answer=$(curl -sS --fail-with-body "$url/api/v1/auth/login" -H 'Content-Type: application/json' -d "$body") \
    || { echo "Sign-in as $user at $url failed: $answer" >&2; exit 1; }
  python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])' <<<"$answer"
}

case "$1" in
  load)
    [ $# -eq 2 ] || usage
    [ -f "$2/pack.json" ] || { echo "$2 is not a pack: no pack.json in it" >&2; exit 1; }
    name=$(basename "$(cd "$2" && pwd)")
    echo "Loading the pack « $name » into $url (may take a minute for a large address file)…" >&2
    curl -sS --fail-with-body -X POST "$url/api/v1/admin/packs/$name" -H "Authorization: Bearer $(token)" \
      --max-time 600 | python3 -m json.tool
    ;;
  list)
    curl -sS --fail-with-body "$url/api/v1/admin/packs" -H "Authorization: Bearer $(token)" | python3 -m json.tool
    ;;
  *) usage ;;
esac
