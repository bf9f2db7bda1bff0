#!/usr/bin/env bash
# Moves an installation's photos from its folder (signalement.photos.dir) to the S3 bucket, checking
# every one (photo/PhotoMigration): each photo a row points at is copied, read back and compared byte
# for byte. Exit 0 only when every row's photo is in the bucket. Safe to run again.
#
#   deploy/migrate-photos.sh [--remove-local]     with the environment of the backends, S3 included:
#   set -a; . /etc/signalement/signalement.env; set +a
#   SIGNALEMENT_PHOTOS_DIR=/var/lib/signalement/photos deploy/migrate-photos.sh
#
# --remove-local deletes the local files once all of them are checked in the bucket (not before).
# Procedure (docs/deploy.md): run it with the backends still on the filesystem store, stop them, run it
# again (copies what came in meanwhile), switch them to SIGNALEMENT_PHOTOS_STORE=s3, start them.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${BACKEND_JAR:-/opt/signalement/quarkus-app/quarkus-run.jar}
[ -f "$JAR" ] || JAR=$ROOT/backend/target/quarkus-app/quarkus-run.jar
: "${SIGNALEMENT_PHOTOS_S3_BUCKET:?set the S3 environment (SIGNALEMENT_PHOTOS_S3_*) first}"
export SIGNALEMENT_PHOTOS_STORE=s3
# A command, not a server: any free port, no scheduled jobs.
exec java -Dquarkus.http.port=0 -Dquarkus.scheduler.enabled=false -jar "$JAR" migrate-photos "$@"
