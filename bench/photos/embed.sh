#!/usr/bin/env bash
# The annotated photos, each pasted at its own scale into the negative street scene resized to W×H,
# annotations moved with them: small plates and faces on a large photo, as a phone takes them.
#   bench/photos/embed.sh 2048 1536 /tmp/emb2048 && BENCH_PHOTOS=/tmp/emb2048 ./bench/photos/run.sh anonymise
set -euo pipefail
W=$1 H=$2 OUT=$3 SRC=${BENCH_PHOTOS:-$(cd "$(dirname "$0")/../.." && pwd)/../shared/data/photos}
command -v convert >/dev/null || { echo "needs ImageMagick's convert" >&2; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT"/plates "$OUT"/faces "$OUT"/negatives
# The Haar baseline's cascade is read from ../models beside the photos.
[ -e "$OUT"/../models ] || ln -s "$SRC"/../models "$OUT"/../models
cp $SRC/negatives/* $OUT/negatives/
BG=$OUT/bg.jpg; convert $SRC/negatives/DSC00497.JPG -resize ${W}x${H}! $BG
X=$((W*3/8)); Y=$((H*3/8))
for t in $SRC/plates/test_*.txt; do
  b=$(basename $t .txt)
  convert $BG $SRC/plates/$b.jpg -geometry +$X+$Y -composite -quality 92 $OUT/plates/$b.jpg
  awk -F'\t' -v x=$X -v y=$Y 'BEGIN{OFS="\t"}{$2+=x;$3+=y;print}' $t > $OUT/plates/$b.txt
done
for f in $SRC/faces/*.jpg; do
  convert $BG $f -geometry +$X+$Y -composite -quality 92 $OUT/faces/$(basename $f)
done
python3 - "$SRC/faces/training.xml" "$OUT/faces/training.xml" $X $Y <<'PY'
import re,sys
s=open(sys.argv[1]).read(); x=int(sys.argv[3]); y=int(sys.argv[4])
s=re.sub(r"<box top='(\d+)' left='(\d+)'", lambda m:"<box top='%d' left='%d'"%(int(m.group(1))+y,int(m.group(2))+x), s)
open(sys.argv[2],'w').write(s)
PY
rm $BG
