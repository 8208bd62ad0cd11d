#!/usr/bin/env bash
# Builds the bench module and runs one named benchmark. Results go to stdout as Markdown table
# rows; copy them into docs/benchmarks.md with the machine line this script prints first.
#
#   bench/run.sh decode              decode + resample 10- and 60-minute mp3 and 48 kHz wav
#   bench/run.sh emotion2vec         emovox vs PyTorch, base and large, 5/30/300 s of audio
#   bench/run.sh emotion2vec-windows one window of 30/45/60/90 s: time per audio second, peak RSS
#   bench/run.sh NAME [ARGS...]      runs io.emovox.bench.<Name>Bench (e.g. "vad" -> VadBench)
#
# Environment: EMOVOX_BUILD_TARGET (build folder, default "target"), BENCH_XMX (max heap,
# default 128m), EMOVOX_BENCH_DATA (where generated inputs are kept, default $TMPDIR/emovox-bench),
# EMOVOX_MVN_FLAGS (extra Maven flags, e.g. -o).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${EMOVOX_BUILD_TARGET:-target}"
name="${1:?usage: bench/run.sh NAME [ARGS...] (NAME: decode, vad, ...)}"
shift

(cd "$root" && mvn -B -q ${EMOVOX_MVN_FLAGS:-} -Demovox.target="$target" -DskipTests -pl bench -am package >&2)
cp_="$root/bench/$target/emovox-bench-0.1.0-SNAPSHOT.jar:$root/bench/$target/lib/*"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/emovox/javacpp"
mkdir -p "$cache"
java_run() {
  java -Xmx"${BENCH_XMX:-128m}" -Dorg.bytedeco.javacpp.cachedir="$cache" -Demovox.repo.root="$root" \
    -cp "$cp_" "$@"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
  "$(free -g | awk '/Mem:/ {print $2}') GB RAM, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"

case "$name" in
  decode)
    data="${EMOVOX_BENCH_DATA:-${TMPDIR:-/tmp}/emovox-bench}"
    mkdir -p "$data"
    if [ ! -f "$data/hour-44k-stereo.mp3" ] || [ ! -f "$data/hour-48k-stereo.wav" ]; then
      echo "making 1-hour inputs from the EmoDB clips in $data (takes a minute)..." >&2
      list="$data/clips.ffconcat"
      echo "ffconcat version 1.0" > "$list"
      for _ in 1 2 3 4; do   # 535 clips x 2 s x 4 > 1 hour
        for f in "$root"/../shared/data/emodb/wav/*.wav; do echo "file '$(realpath "$f")'" >> "$list"; done
      done
      ffmpeg -hide_banner -loglevel error -nostdin -y -f concat -safe 0 -i "$list" -t 3600 \
        -ar 44100 -ac 2 -c:a libmp3lame -b:a 128k "$data/hour-44k-stereo.mp3"
      ffmpeg -hide_banner -loglevel error -nostdin -y -f concat -safe 0 -i "$list" -t 3600 \
        -ar 48000 -ac 2 -c:a pcm_s16le "$data/hour-48k-stereo.wav"
      ffmpeg -hide_banner -loglevel error -nostdin -y -i "$data/hour-44k-stereo.mp3" -t 600 -c copy \
        "$data/10min-44k-stereo.mp3"
      ffmpeg -hide_banner -loglevel error -nostdin -y -i "$data/hour-48k-stereo.wav" -t 600 -c copy \
        "$data/10min-48k-stereo.wav"
    fi
    # One JVM per file, each under a 32 MB heap: finishing an hour in it shows memory is bounded.
    for f in 10min-44k-stereo.mp3 hour-44k-stereo.mp3 10min-48k-stereo.wav hour-48k-stereo.wav; do
      BENCH_XMX="${BENCH_XMX:-32m}" java_run io.emovox.bench.DecodeBench "$data/$f"
    done
    ;;
  emotion2vec)
    # emovox vs PyTorch eager (Debian torch + OpenBLAS, 2 threads) on random-weight base/large
    # checkpoints made here by the reference script (not committed); E2V_SIZES="base large",
    # E2V_SECONDS="5 30 300", E2V_RUNS (default 3, 1 for 300 s).
    data="${EMOVOX_BENCH_DATA:-${TMPDIR:-/tmp}/emovox-bench}/emotion2vec"
    ref="$root/tools/emotion2vec-reference"
    mkdir -p "$data"
    java_run io.emovox.bench.Emotion2VecMatmulBench --threads 2
    /usr/bin/python3 "$ref/bench_torch.py" --matmul 1024 --threads 2
    for size in ${E2V_SIZES:-base large}; do
      if [ ! -f "$data/$size/model.pt" ]; then
        case "$size" in
          base) shape="--dim 768 --heads 12 --prenet 4" ;;
          large) shape="--dim 1024 --heads 16 --prenet 16" ;;
        esac
        /usr/bin/python3 "$ref/e2v_reference.py" "$data/$size" $shape --depth 8 --seed 7 >&2
      fi
      rm -rf "$data/$size-onnx"   # the first run below times the import too
      for s in ${E2V_SECONDS:-5 30 300}; do
        runs=${E2V_RUNS:-$([ "$s" = 300 ] && echo 1 || echo 3)}
        BENCH_XMX=1g java_run io.emovox.bench.Emotion2VecBench --source "$data/$size" \
          --converted "$data/$size-onnx" --seconds "$s" --runs "$runs" --threads 2
        /usr/bin/python3 "$ref/bench_torch.py" --source "$data/$size" --seconds "$s" --runs "$runs" --threads 2
      done
    done
    ;;
  emotion2vec-windows)
    # The window trade-off (docs/benchmarks.md "Window length"): one window of W seconds per run
    # for W in E2V_WINDOWS (default 30 45 60 90), time per audio second and peak RSS, base and
    # large; PyTorch eager on the same weights and audio at E2V_TORCH_WINDOWS (default 60, the
    # default window) in the same run. E2V_RUNS (default 2).
    data="${EMOVOX_BENCH_DATA:-${TMPDIR:-/tmp}/emovox-bench}/emotion2vec"
    ref="$root/tools/emotion2vec-reference"
    mkdir -p "$data"
    uptime
    for size in ${E2V_SIZES:-base large}; do
      if [ ! -f "$data/$size/model.pt" ]; then
        case "$size" in
          base) shape="--dim 768 --heads 12 --prenet 4" ;;
          large) shape="--dim 1024 --heads 16 --prenet 16" ;;
        esac
        /usr/bin/python3 "$ref/e2v_reference.py" "$data/$size" $shape --depth 8 --seed 7 >&2
      fi
      for w in ${E2V_WINDOWS:-30 45 60 90}; do
        BENCH_XMX=1g java_run io.emovox.bench.Emotion2VecBench --source "$data/$size" \
          --converted "$data/$size-onnx" --seconds "$w" --window "$w" --runs "${E2V_RUNS:-2}" --threads 2
        for tw in ${E2V_TORCH_WINDOWS:-60}; do
          if [ "$tw" = "$w" ]; then
            /usr/bin/python3 "$ref/bench_torch.py" --source "$data/$size" --seconds "$w" --window "$w" \
              --runs "${E2V_RUNS:-2}" --threads 2
          fi
        done
        uptime
      done
    done
    ;;
  *)
    class="io.emovox.bench.${name^}Bench"
    java_run "$class" "$@"
    ;;
esac
