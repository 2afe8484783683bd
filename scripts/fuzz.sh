#!/usr/bin/env bash
# Builds every libFuzzer target with clang and runs each for a short, fixed time.
# Usage: scripts/fuzz.sh [seconds-per-target]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCORIO_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz
shopt -s nullglob
status=0
for bin in build-fuzz/bin/fuzz_*; do
  name="${bin##*/fuzz_}"
  corpus="build-fuzz/corpus/$name"
  mkdir -p "$corpus"
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0)
  [[ -f "tests/fuzz/dict/$name.dict" ]] && args+=(-dict="tests/fuzz/dict/$name.dict")
  seeds=()
  [[ -d "tests/fuzz/corpus/$name" ]] && seeds+=("tests/fuzz/corpus/$name")
  echo "fuzz: $name for ${seconds}s"
  if ! "$bin" "${args[@]}" "$corpus" "${seeds[@]}" >"build-fuzz/$name.log" 2>&1; then
    echo "fuzz: $name FAILED"; tail -40 "build-fuzz/$name.log"; status=1
  fi
done
exit $status
