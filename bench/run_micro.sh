#!/usr/bin/env bash
# bench/run_micro.sh: builds and runs every Google Benchmark executable (bench_*, defined in
# bench/micro/<layer>.cmake) and writes a combined summary:
#   $BUILD_DIR/bench/micro.txt   one line per benchmark: executable, name, ns/op (wall), cpu ns/op
#                                (on a shared machine the CPU time is the steadier figure)
#   $BUILD_DIR/bench/micro.json  {"benchmarks": [{"executable", "name", "ns_per_op", ...}]}
# Env: BUILD_DIR (build-bench), MIN_TIME (0.2 s per benchmark), FILTER (--benchmark_filter regex).
# A target that does not build (a layer in progress) is reported and skipped.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$root/build-bench}
MIN_TIME=${MIN_TIME:-0.2}
FILTER=${FILTER:-.}
out="$BUILD_DIR/bench"
raw="$out/micro"
# Executables named bench_* that are not Google Benchmark programs.
not_micro="bench_http_server"

log() { printf '%s\n' "$*" >&2; }

configure() {
  [[ -f "$BUILD_DIR/CMakeCache.txt" ]] && return 0
  cmake -S "$root" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCORIO_BUILD_TESTS=OFF -DCORIO_BUILD_APPS=OFF >&2
}

micro_targets() {
  cmake --build "$BUILD_DIR" --target help | grep -o '^bench_[A-Za-z0-9_]*' | sort -u |
    grep -vxF -e "$not_micro" || true
}

build_target() {  # $1: target; returns non-zero when it does not build
  if ! cmake --build "$BUILD_DIR" --target "$1" -j2 >"$raw/$1.build.log" 2>&1; then
    log "  $1: build failed (see $raw/$1.build.log); skipped"
    return 1
  fi
}

run_target() {  # $1: target; writes $raw/$1.json
  log "== $1"
  "$BUILD_DIR/bin/$1" --benchmark_min_time="$MIN_TIME" --benchmark_filter="$FILTER" \
    --benchmark_out="$raw/$1.json" --benchmark_out_format=json >&2
}

# Merges the per-executable JSON files into micro.json (times converted to ns/op).
combine() {
  jq -s '{context: (.[0].context // {}), benchmarks: [.[] | (.context.executable | split("/") | last) as $exe
           | .benchmarks[] | select(.run_type != "aggregate")
           | {executable: $exe, name, iterations,
              ns_per_op: (.real_time * ({ns: 1, us: 1e3, ms: 1e6, s: 1e9}[.time_unit])),
              cpu_ns_per_op: (.cpu_time * ({ns: 1, us: 1e3, ms: 1e6, s: 1e9}[.time_unit]))}
             + (if .items_per_second then {items_per_second} else {} end)
             + (if .bytes_per_second then {bytes_per_second} else {} end)]}' "$@" >"$out/micro.json"
  jq -r '.benchmarks[] | [.executable, .name, .ns_per_op, .cpu_ns_per_op] | @tsv' "$out/micro.json" |
    awk -F'\t' 'BEGIN { printf "%-24s %-40s %12s %12s\n", "executable", "benchmark", "ns/op", "cpu ns/op" }
      { printf "%-24s %-40s %12.1f %12.1f\n", $1, $2, $3, $4 }' >"$out/micro.txt"
}

main() {
  command -v jq >/dev/null || { log "run_micro.sh: jq not found"; exit 1; }
  configure
  mkdir -p "$raw"
  local target results=() failed=()
  for target in $(micro_targets); do
    if build_target "$target" && run_target "$target"; then
      results+=("$raw/$target.json")
    else
      failed+=("$target")
    fi
  done
  ((${#results[@]} > 0)) || { log "run_micro.sh: no benchmark ran"; exit 1; }
  combine "${results[@]}"
  cat "$out/micro.txt"
  log "wrote $out/micro.txt and $out/micro.json"
  ((${#failed[@]} == 0)) || { log "not run: ${failed[*]}"; exit 1; }
}

main "$@"
