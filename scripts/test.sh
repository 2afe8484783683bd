#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test: the unit and integration suite
# (GoogleTest + Node clients + Chromium), the same suite under ASan+UBSan, and each fuzz
# target briefly.
# Usage: scripts/test.sh [--quick]   (--quick: the normal build's suite only)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1
jobs=$(nproc)

scripts/setup.sh --test
start=$(date +%s)

echo "== build (warnings as errors)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCORIO_WERROR=ON >/dev/null
cmake --build build
passed=0
# Runs ctest in $1 (extra args after), adding its count to $passed; ctest's exit status stops
# the script on any failure (set -e with pipefail).
run_ctest() {
  local dir="$1"; shift
  local log="$dir/ctest-summary.log"
  (cd "$dir" && ctest -j"$jobs" --output-on-failure "$@") | tee "$log"
  local n
  n=$(sed -n 's/.*tests passed, 0 tests failed out of \([0-9]*\).*/\1/p' "$log" | tail -1)
  passed=$(( passed + ${n:-0} ))
}

echo "== tests"
run_ctest build --timeout 300

if (( ! quick )); then
  echo "== build under AddressSanitizer + UndefinedBehaviorSanitizer"
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCORIO_SANITIZE=ON \
    -DCORIO_BUILD_BENCH=OFF -DCMAKE_CXX_FLAGS="-O1" >/dev/null
  cmake --build build-asan
  echo "== tests under sanitizers"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    run_ctest build-asan --timeout 600 -E "${CORIO_ASAN_EXCLUDE:-^$}"
  echo "== fuzz targets (${CORIO_FUZZ_SECONDS:-15}s each)"
  scripts/fuzz.sh "${CORIO_FUZZ_SECONDS:-15}"
fi
echo "== all tests done in $(( $(date +%s) - start ))s"
echo "tests: $passed passed, 0 failed"
