#!/usr/bin/env bash
# Runs the benchmarks and prints their results (copy them into docs/benchmarks.md with the
# machine and date). Usage: bench/run.sh [all|vad]   (EMOVOX_BUILD_TARGET picks the build folder)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${EMOVOX_BUILD_TARGET:-target}"
mvn -B -q -Demovox.target="$target" -pl bench -am package -DskipTests
cp="bench/$target/emovox-bench-0.1.0-SNAPSHOT.jar:bench/$target/lib/*"
what="${1:-all}"

echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

if [[ $what == all || $what == vad ]]; then
  # VAD: a 1-hour stream in a 256 MB heap, then 900 whole clips one by one and batched.
  java -Xmx256m -cp "$cp" io.emovox.bench.VadBench --seconds 3600
  java -Xmx512m -cp "$cp" io.emovox.bench.VadBench --many 900
fi
