#!/usr/bin/env bash
# Photo bench, one command from the repository root:   ./bench/photos/run.sh [pipeline] [anonymise] [flood]
#
# pipeline:  the intake's photo work (fr.signalement.photo.Pixels, the backend's own compiled class) and
#            libjpeg-turbo's command-line tools (djpeg -scale | cjpeg -quality 85, and the thumbnail) on the
#            same files, alternating in the same run; prints both medians and the ratio.
# anonymise: face and plate detection + blur over ../shared/data/photos (annotated), per image.
# variants:  plate and face recall on variants of the annotated set (rescaled, re-encoded, pasted into larger
#            scenes), each uploaded through the intake's own path; BENCH_VARIANTS="×2,in 2048×1536" for some only.
# flood:     reports without photo while 8 clients upload large photos, against a packaged backend.
# beside:    reports without photo alone and beside one thread spinning at the lowest priorities (needs wrk).
# Without arguments: all three. Writes bench/out/photos-*.md. All traffic goes to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

OUT=bench/out
PHOTOS=${BENCH_PHOTOS:-../shared/data/photos}
MODEL=backend/src/main/resources/models/face_detection_yunet_2023mar.onnx
PHASES=${*:-pipeline anonymise flood}
mkdir -p "$OUT"
command -v djpeg >/dev/null && command -v cjpeg >/dev/null || apt_install libjpeg-turbo-progs
command -v mvn >/dev/null || apt_install maven
log "Compiling the backend and resolving its class path"
mvn -B -q ${MVN_OFFLINE:+-o} -f backend/pom.xml compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/photo-cp.txt"
CP="backend/target/classes:$(cat "$OUT/photo-cp.txt")"

for phase in $PHASES; do
  case $phase in
    pipeline|anonymise)
      log "Photo bench: $phase"
      java -Xmx1g -cp "$CP" bench/photos/PhotoBench.java "$phase" --photos "$PHOTOS" --model "$MODEL" --out "$OUT" ;;
    variants)
      log "Photo bench: $phase"
      java -Xmx1g -cp "$CP" bench/photos/PhotoBench.java "$phase" --photos "$PHOTOS" --out "$OUT" --variants "${BENCH_VARIANTS:-all}" ;;
    flood)
      bench/photos/flood.sh ;;
    beside)
      bench/photos/beside.sh ;;
    *) echo "unknown phase $phase" >&2; exit 2 ;;
  esac
done
