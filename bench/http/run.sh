#!/usr/bin/env bash
# bench/http/run.sh: corio vs Express 5 on the same small app (corio_server.cpp and
# express_server.js), one endpoint at a time, server pinned to one CPU and wrk to another.
#
# For each server (corio, then Node) and endpoint (/hello /json /users/42 /page): start the server
# on CPU $SERVER_CPU, warm up, run `wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency` $RUNS times on
# CPU $WRK_CPU, and record requests/s, p99, and the CPU time the server and wrk used during each
# run (utime+stime). wrk near 100% of its core means the load generator, not the server, was the
# limit; hence also "requests per server CPU-second". With PIPELINE>0 a second pass sends
# $PIPELINE requests per write (wrk -s pipeline.lua) to load the server harder.
#
# With "floor" in SERVERS, bench_http_floor (floor_server.cpp: a bare epoll responder, no
# framework) is measured on /hello and /json too, and on /page with the bytes corio rendered
# (served without rendering): the least a request can cost on this machine, so the best ratio
# any server could reach against Express here.
#
# Env: DURATION (5) RUNS (3) CONNECTIONS (64) WARMUP (2) PIPELINE (16; 0 skips the pass)
#      PORT (18080) SERVER_CPU (0) WRK_CPU (1) BUILD_DIR (build-bench)
#      SERVERS ("corio node"; add "floor" for the floor)
# Output: a table on stdout, $BUILD_DIR/bench/http_results.json, wrk logs in $BUILD_DIR/bench/http/.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
DURATION=${DURATION:-5}
RUNS=${RUNS:-3}
CONNECTIONS=${CONNECTIONS:-64}
WARMUP=${WARMUP:-2}
PIPELINE=${PIPELINE:-16}
PORT=${PORT:-18080}
SERVER_CPU=${SERVER_CPU:-0}
WRK_CPU=${WRK_CPU:-1}
BUILD_DIR=${BUILD_DIR:-$root/build-bench}
SERVERS=${SERVERS:-corio node}
out="$BUILD_DIR/bench"
logs="$out/http"
ticks=$(getconf CLK_TCK)
# endpoint name : path : JSON key prefix
endpoints=("hello:/hello:http_hello" "json:/json:http_json" "users:/users/42:http_users_param"
           "page:/page:page_render")
declare -A result  # "<server>|<mode>|<endpoint>" -> "rps p99_ms server_cpu_s rps_per_cpu_s wrk_cpu_pct errors"
server_pid=""

log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; exit 1; }

stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap stop_server EXIT
trap 'exit 130' INT TERM

build() {
  [[ -f "$BUILD_DIR/CMakeCache.txt" ]] || cmake -S "$root" -B "$BUILD_DIR" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DCORIO_BUILD_TESTS=OFF -DCORIO_BUILD_APPS=OFF >&2
  if ! cmake --build "$BUILD_DIR" --target bench_http_server bench_http_floor -j2 >&2; then
    [[ -x "$BUILD_DIR/bin/bench_http_server" ]] || die "build failed"
    log "run.sh: build failed; benchmarking the existing $BUILD_DIR/bin/bench_http_server"
  fi
}

check_tools() {
  for tool in wrk taskset node curl; do command -v "$tool" >/dev/null || die "$tool not found"; done
  [[ -d "$root/bench/node/node_modules/express" ]] || die "run npm ci in bench/node first"
  ! curl -s -o /dev/null "http://127.0.0.1:$PORT/" || die "port $PORT is already in use"
}

start_server() {  # $1: corio | node
  case "$1" in
    corio) CORIO_ENV=production taskset -c "$SERVER_CPU" "$BUILD_DIR/bin/bench_http_server" "$PORT" \
             >"$logs/$1.log" 2>&1 & ;;
    node) NODE_ENV=production taskset -c "$SERVER_CPU" node "$here/express_server.js" "$PORT" \
            >"$logs/$1.log" 2>&1 & ;;
    floor) taskset -c "$SERVER_CPU" "$BUILD_DIR/bin/bench_http_floor" "$PORT" $(page_file) >"$logs/$1.log" 2>&1 & ;;
  esac
  server_pid=$!
  for _ in $(seq 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/hello" && return 0
    kill -0 "$server_pid" 2>/dev/null || die "$1 server exited (see $logs/$1.log)"
    sleep 0.1
  done
  die "$1 server did not answer within 10 s"
}

cpu_ticks() {  # utime+stime of every thread of process $1, in clock ticks
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

wrk_args() {  # $1: mode (plain | pipelined), $2: seconds
  local args=(-t1 "-c$CONNECTIONS" "-d${2}s" --latency --timeout 5s)
  [[ "$1" == pipelined ]] && args+=(-s "$here/pipeline.lua")
  printf '%s\n' "${args[@]}"
}

run_wrk() {  # $1: mode, $2: seconds, $3: url, $4: log file; prints "user+sys" seconds of wrk
  local -a args
  mapfile -t args < <(wrk_args "$1" "$2")
  local extra=()
  [[ "$1" == pipelined ]] && extra=(-- "$PIPELINE")
  local TIMEFORMAT='%U %S'
  { time timeout $(($2 + 20)) taskset -c "$WRK_CPU" wrk "${args[@]}" "$3" "${extra[@]}" \
      >"$4" 2>&1; } 2>"$4.time" || die "wrk failed (see $4)"
  awk '{ print $1 + $2 }' "$4.time"
}

parse_wrk() {  # $1: wrk log; prints "rps p99_ms requests errors"
  awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0
      if (v ~ /m$/) return v * 60000; return v * 1000 }
    /Latency Distribution/ { dist = 1 }
    dist && $1 == "99%" { p99 = ms($2) }
    / requests in / { n = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /Socket errors:/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx/ { err += $NF }
    END { printf "%.2f %.3f %d %d\n", rps, p99, n, err }' "$1"
}

measure() {  # $1: server, $2: mode, $3: endpoint name, $4: path, $5: run; prints one sample
  local file="$logs/$1-$2-$3-$5.txt" before after wrk_cpu
  before=$(cpu_ticks "$server_pid")
  wrk_cpu=$(run_wrk "$2" "$DURATION" "http://127.0.0.1:$PORT$4" "$file")
  after=$(cpu_ticks "$server_pid")
  read -r rps p99 requests errors < <(parse_wrk "$file")
  # wrk times only the first request of a pipelined batch: its percentiles mean nothing there.
  [[ "$2" == pipelined ]] && p99=null
  awk -v rps="$rps" -v p99="$p99" -v n="$requests" -v err="$errors" -v cpu="$(( after - before ))" \
      -v hz="$ticks" -v wcpu="$wrk_cpu" -v d="$DURATION" 'BEGIN {
        s = cpu / hz; printf "%s %s %.2f %.0f %.0f %d\n", rps, p99, s, (s > 0 ? n / s : 0), 100 * wcpu / d, err }'
}

median_columns() {  # stdin: samples (one per line); prints the per-column median
  awk '{ for (i = 1; i <= NF; i++) v[i, NR] = $i; nf = NF }
    END { for (i = 1; i <= nf; i++) {
            n = 0; for (r = 1; r <= NR; r++) a[++n] = v[i, r]
            for (x = 2; x <= n; x++) for (y = x; y > 1 && a[y - 1] > a[y]; y--) { t = a[y]; a[y] = a[y - 1]; a[y - 1] = t }
            m = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
            printf "%s%s", m, (i < nf ? " " : "\n") } }'
}

page_file() {  # the page corio rendered, saved for the floor server (nothing before corio ran)
  [[ -s "$logs/page.html" ]] && echo "$logs/page.html"
  return 0
}

bench_endpoint() {  # $1: server, $2: mode, $3: endpoint name, $4: path
  curl -sf -o /dev/null "http://127.0.0.1:$PORT$4" || die "$1 $4 does not answer 200"
  [[ "$1" == corio && "$3" == page ]] && curl -sf -o "$logs/page.html" "http://127.0.0.1:$PORT$4"
  run_wrk "$2" "$WARMUP" "http://127.0.0.1:$PORT$4" "$logs/$1-$2-$3-warmup.txt" >/dev/null
  local samples="" run
  for run in $(seq "$RUNS"); do
    samples+="$(measure "$@" "$run")"$'\n'
  done
  result["$1|$2|$3"]=$(printf '%s' "$samples" | median_columns)
  log "  $1 $2 $4: ${result["$1|$2|$3"]}  (rps p99ms cpu_s rps/cpu_s wrk% errors)"
}

bench_server() {  # $1: corio | node
  local modes=(plain) entry
  ((PIPELINE > 0)) && modes+=(pipelined)
  log "== $1"
  start_server "$1"
  for mode in "${modes[@]}"; do
    for entry in "${endpoints[@]}"; do
      IFS=: read -r name path _ <<<"$entry"
      # The floor answers /hello, /json, and /page once corio's page is saved.
      [[ "$1" == floor && "$name" == users ]] && continue
      [[ "$1" == floor && "$name" == page && -z "$(page_file)" ]] && continue
      bench_endpoint "$1" "$mode" "$name" "$path"
    done
  done
  stop_server
}

field() {  # $1: key, $2: column (1 rps, 2 p99, 3 cpu_s, 4 rps/cpu_s, 5 wrk%, 6 errors)
  local row=${result["$1"]:-}
  [[ -n "$row" ]] && awk -v c="$2" '{ print $c }' <<<"$row" || echo "null"
}

limit() {  # $1: key; who bounded throughput: wrk, the server, or neither (CPU stolen by others)
  local row=${result["$1"]:-}
  [[ -n "$row" ]] || { echo "-"; return; }
  awk -v d="$DURATION" '{ if ($5 >= 90) print "wrk"; else if ($3 >= 0.9 * d) print "server"; else print "neither" }' <<<"$row"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "null" || b == "null" || b == 0) print "null"; else printf "%.2f\n", a / b }'; }

print_table() {
  local mode entry name path c n
  printf '\n%-9s %-9s | %9s %9s %5s | %7s %7s | %5s %5s | %10s %10s %5s | %5s %5s | %s\n' mode endpoint \
    "corio rps" "node rps" ratio "c p99ms" "n p99ms" "c cpu" "n cpu" "c req/cpu" "n req/cpu" ratio \
    "c wrk%" "n wrk%" "limit c/n"
  for mode in plain pipelined; do
    for entry in "${endpoints[@]}"; do
      IFS=: read -r name path _ <<<"$entry"
      c="corio|$mode|$name" n="node|$mode|$name"
      [[ -n "${result[$c]:-}${result[$n]:-}" ]] || continue
      printf '%-9s %-9s | %9s %9s %5s | %7s %7s | %5s %5s | %10s %10s %5s | %5s %5s | %s\n' "$mode" "$path" \
        "$(field "$c" 1)" "$(field "$n" 1)" "$(ratio "$(field "$c" 1)" "$(field "$n" 1)")" \
        "$(field "$c" 2)" "$(field "$n" 2)" "$(field "$c" 3)" "$(field "$n" 3)" \
        "$(field "$c" 4)" "$(field "$n" 4)" "$(ratio "$(field "$c" 4)" "$(field "$n" 4)")" \
        "$(field "$c" 5)" "$(field "$n" 5)" "$(limit "$c")/$(limit "$n")"
    done
  done
  printf '\ncpu = server CPU seconds per %ss run (%s s = one core saturated); wrk%% = load generator CPU\n' \
    "$DURATION" "$DURATION"
  printf '(wrk near 100%% = wrk-bound, the server had headroom). limit: wrk >= 90%% -> wrk; server\n'
  printf 'cpu >= 90%% of the run -> server; else neither (CPU taken by other processes). Pipelined: %s requests per write,\n' "$PIPELINE"
  printf 'no p99 (wrk cannot time pipelined requests). Ratios are corio/node; errors: see JSON.\n'
  local f
  for mode in plain pipelined; do
    for entry in "${endpoints[@]}"; do
      IFS=: read -r name path _ <<<"$entry"
      f="floor|$mode|$name" c="corio|$mode|$name" n="node|$mode|$name"
      [[ -n "${result[$f]:-}" ]] || continue
      printf 'floor %-9s %-9s: %10s req per CPU-s = %5sx node (the most any server can reach here); corio = %s of the floor\n' \
        "$mode" "$path" "$(field "$f" 4)" "$(ratio "$(field "$f" 4)" "$(field "$n" 4)")" \
        "$(ratio "$(field "$c" 4)" "$(field "$f" 4)")"
    done
  done
}

json_entry() {  # $1: key, $2: mode, $3: endpoint, $4: column, $5: unit, $6: with ratio (1/0)
  local c n
  c=$(field "corio|$2|$3" "$4") n=$(field "node|$2|$3" "$4")
  if [[ "$6" == 1 ]]; then
    printf '  "%s": {"corio": %s, "node": %s, "ratio": %s, "unit": "%s"}' "$1" "$c" "$n" "$(ratio "$c" "$n")" "$5"
  else
    printf '  "%s": {"corio": %s, "node": %s, "unit": "%s"}' "$1" "$c" "$n" "$5"
  fi
}

write_json() {
  local entries=() mode entry name prefix suffix
  for mode in plain pipelined; do
    suffix=""; [[ "$mode" == pipelined ]] && suffix="_pipelined"
    for entry in "${endpoints[@]}"; do
      IFS=: read -r name _ prefix <<<"$entry"
      [[ -n "${result["corio|$mode|$name"]:-}${result["node|$mode|$name"]:-}" ]] || continue
      entries+=("$(json_entry "${prefix}${suffix}_rps" "$mode" "$name" 1 "req/s" 1)"
                "$(json_entry "${prefix}${suffix}_p99" "$mode" "$name" 2 "ms" 1)"
                "$(json_entry "${prefix}${suffix}_rps_per_cpu_s" "$mode" "$name" 4 "req per server CPU-second" 1)"
                "$(json_entry "${prefix}${suffix}_server_cpu_s" "$mode" "$name" 3 "s of server CPU per ${DURATION}s run" 0)"
                "$(json_entry "${prefix}${suffix}_wrk_cpu" "$mode" "$name" 5 "% of one core" 0)"
                "$(json_entry "${prefix}${suffix}_errors" "$mode" "$name" 6 "non-2xx + socket errors" 0)")
      if [[ -n "${result["floor|$mode|$name"]:-}" ]]; then
        entries+=("$(printf '  "%s": {"floor": %s, "node": %s, "ratio": %s, "unit": "req per server CPU-second"}' \
          "${prefix}${suffix}_floor_rps_per_cpu_s" "$(field "floor|$mode|$name" 4)" "$(field "node|$mode|$name" 4)" \
          "$(ratio "$(field "floor|$mode|$name" 4)" "$(field "node|$mode|$name" 4)")")")
      fi
    done
  done
  entries+=("$(printf '  "config": {"duration_s": %s, "runs": %s, "connections": %s, "pipeline": %s, "server_cpu": %s, "wrk_cpu": %s, "loadavg_at_end": "%s"}' \
    "$DURATION" "$RUNS" "$CONNECTIONS" "$PIPELINE" "$SERVER_CPU" "$WRK_CPU" "$(cut -d' ' -f1-3 /proc/loadavg)")")
  { echo "{"; local IFS=$'\n'; printf '%s' "${entries[*]}" | sed '$!s/$/,/'; printf '\n}\n'; } \
    >"$out/http_results.json"
  log "wrote $out/http_results.json"
}

main() {
  check_tools
  build
  mkdir -p "$logs"
  rm -f "$logs/page.html"
  log "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: expect noise)"
  for server in $SERVERS; do bench_server "$server"; done
  print_table
  write_json
}

main "$@"
