#!/bin/bash
# codec round trips of every shared clip: mp3 24 kbit/s (LAME) and opus 12 kbit/s (VoIP), back to 16 kHz mono wav
set -u
# Usage: bench/codec-copies.sh DATA_DIR OUT_DIR (Issue13Screen reads OUT_DIR = CACHE_DIR/codec). Needs ffmpeg
# with libmp3lame and libopus (research only: nothing shipped calls it).
D=${1:?DATA_DIR}; O=${2:?OUT_DIR}
job() {
  c=$1; p=$2
  for k in mp3 opus; do
    out=$O/$k/$c/$p; mkdir -p "$(dirname "$out")"
    [ -s "$out" ] && continue
    if [ $k = mp3 ]; then enc="-c:a libmp3lame -b:a 24k -f mp3"; else enc="-c:a libopus -b:a 12k -application voip -f ogg"; fi
    ffmpeg -nostdin -v error -i "$D/$c/$p" -ac 1 -ar 16000 $enc - | ffmpeg -nostdin -v error -i - -ac 1 -ar 16000 -c:a pcm_s16le -y "$out"
  done
}
export -f job; export D O
for c in emodb casia urdu; do tail -n +2 $D/$c/manifest.csv | cut -d, -f1 | sed "s|^|$c |"; done | xargs -P 2 -n 2 bash -c 'job "$0" "$1"'
echo done
