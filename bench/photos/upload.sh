#!/usr/bin/env bash
# Anonymisation through the API, as a citizen's upload gets it: each annotated photo (plates and faces)
# is pasted at its own scale into a street scene resized to W×H (default 1600×1200, the citizen app's
# largest), sent to POST /api/v1/reports of the packaged backend on a fresh database, and once its
# public version exists the blur boxes the backend chose (the staff API's blurBoxes) are compared with
# the annotations: a box counts when >= 80 % of its area is blurred. The photo goes through everything
# an upload goes through (content sniffing, EXIF, the intake's scaling and re-encoding, the queue).
#   bench/photos/upload.sh [W H]                  BG=/path/scene.jpg (default: the repository's street photo)
#   UPLOAD_NATIVE=1 bench/photos/upload.sh        the annotated photos as they are, not pasted
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
W=${1:-1600} H=${2:-1200}
SRC=${BENCH_PHOTOS:-$PWD/../shared/data/photos}
BG=${BG:-$PWD/backend/src/test/resources/photos/street.jpg}
OUT=bench/out/upload; DB=${UPLOAD_BENCH_DB:-signalement_uploadbench}
JAR=backend/target/quarkus-app/quarkus-run.jar
command -v convert >/dev/null || apt_install imagemagick
ensure_postgis
[ -f "$JAR" ] || mvn -B -q -f backend/pom.xml package -DskipTests -Dpwa.skip
rm -rf "$OUT"; mkdir -p "$OUT/set"
# The set: one JPEG per annotated photo and the annotations moved with it (x y w h kind per line).
# The scene's EXIF orientation is applied first: pasted onto a sideways-stored scene the car would be
# turned by the backend, as it turns the scene.
convert "$BG" -auto-orient -resize "${W}x${H}!" -strip "$OUT/bg.jpg"
X=$((W*3/8)); Y=$((H*3/8))
[ "${UPLOAD_NATIVE:-0}" = 1 ] && X=0 && Y=0
for t in "$SRC"/plates/test_*.txt; do
  b=$(basename "$t" .txt)
  if [ "${UPLOAD_NATIVE:-0}" = 1 ]; then cp "$SRC/plates/$b.jpg" "$OUT/set/$b.jpg"
  else convert "$OUT/bg.jpg" "$SRC/plates/$b.jpg" -geometry +$X+$Y -composite -quality 92 "$OUT/set/$b.jpg"; fi
  awk -F'\t' -v x=$X -v y=$Y '{print $2+x, $3+y, $4, $5, "plate"}' "$t" > "$OUT/set/$b.txt"
done
python3 - "$SRC/faces/training.xml" "$OUT/set" $X $Y <<'PY'
import re, sys
s = open(sys.argv[1]).read(); x = int(sys.argv[3]); y = int(sys.argv[4])
for image in re.finditer(r"<image file='([^']+)'.*?</image>", s, re.S):
    boxes = re.findall(r"<box top='(\d+)' left='(\d+)' width='(\d+)' height='(\d+)'", image.group(0))
    name = image.group(1).rsplit('.', 1)[0]
    with open(f"{sys.argv[2]}/{name}.txt", "w") as f:
        for top, left, w, h in boxes:
            f.write(f"{int(left)+x} {int(top)+y} {w} {h} face\n")
PY
for f in "$SRC"/faces/*.jpg; do
  if [ "${UPLOAD_NATIVE:-0}" = 1 ]; then cp "$f" "$OUT/set/"
  else convert "$OUT/bg.jpg" "$f" -geometry +$X+$Y -composite -quality 92 "$OUT/set/$(basename "$f")"; fi
done
# The scene alone: what is blurred there is false blur (it has no face, and its plates are too far to read).
cp "$OUT/bg.jpg" "$OUT/set/scene.jpg"; : > "$OUT/set/scene.txt"
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>&1 | grep -v NOTICE || true
ensure_database "$DB"
PORT=$(free_port)
log "Starting the backend on 127.0.0.1:$PORT (log: $OUT/backend.log)"
# Demo profile for its staff accounts (to read the blur boxes), without the demo reports; limits off.
SIGNALEMENT_DEMO_DATA=false SIGNALEMENT_LIMITS_ENABLED=false SIGNALEMENT_PHOTOS_DIR="$PWD/$OUT/photos" \
  QUARKUS_PROFILE=demo start_backend "$PORT" "$DB" "$OUT/backend.log"
trap 'kill $BACKEND_PID 2>/dev/null || true; wait $BACKEND_PID 2>/dev/null || true' EXIT
python3 bench/photos/upload_eval.py "http://127.0.0.1:$PORT" "$OUT/set" "${W}x${H}$([ "${UPLOAD_NATIVE:-0}" = 1 ] && echo ' (native)')" | tee "$OUT/summary.md"
