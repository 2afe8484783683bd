#!/usr/bin/env bash
# bench/run.sh: the chat app side by side — corio (apps/chat, build/bin/chat) against the Node
# reference (bench/node/chat_server.js: Express 5 + Socket.IO 4 + EJS) — in one command.
#
# Each scenario runs on corio, then on Node, under identical conditions: the server alone on CPU
# $SERVER_CPU, the load generator (corio-loadgen or wrk) on CPU $LOAD_CPU, a fresh server per
# scenario (per run for fanout and idle), RUNS runs of DURATION seconds, medians reported.
#   hello   GET /hello of bench/http's servers (bench_http_server vs express_server.js), wrk
#   page    GET /?nickname=bench of the chat app: chat.ejs with the lobby's 100-message history
#   echo    ECHO_CONNECTIONS clients emit `ping` with an ack, closed loop (corio-loadgen echo)
#   fanout  FANOUT_RECEIVERS receivers in room FANOUT_ROOM, one sender, FANOUT_WINDOW unacked
#   idle    IDLE_CONNECTIONS idle clients: server RSS per connection; then IDLE_MAX clients
# Server CPU time (utime+stime from /proc/PID/stat) is taken over the measured phase only (the
# fanout setup is excluded), giving throughput per server CPU-second; a load generator at >= 90%
# of its core marks the figure as load-generator-bound.
#
# Env: RUNS (3) DURATION (5) WARMUP (1) QUICK (0; 1 = 1 run of 2 s, smaller N)
#      SCENARIOS ("hello page echo fanout idle") BUILD_DIR (build) PORT (18090)
#      SERVER_CPU (0) LOAD_CPU (1) HTTP_CONNECTIONS (64) ECHO_CONNECTIONS (100)
#      FANOUT_RECEIVERS (1000) FANOUT_WINDOW (16) FANOUT_ROOM (lobby) FANOUT_RUNS (RUNS)
#      FANOUT_SETUP_TIMEOUT (600 s) IDLE_CONNECTIONS (10000) IDLE_MAX (fd hard limit - 200)
#      SOURCE_IPS (127.0.0.1,...,127.0.0.4) SKIP_SETUP (0) SKIP_BUILD (0)
# Output: a table on stdout, $BUILD_DIR/bench/results.json, $BUILD_DIR/bench/latency.png, raw
# logs and loadgen JSON in $BUILD_DIR/bench/sbs/. See bench/README.md.
set -euo pipefail
export LC_ALL=C  # "." as the decimal point in $EPOCHREALTIME, awk and printf

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
QUICK=${QUICK:-0}
if [[ "$QUICK" == 1 ]]; then q_runs=1 q_dur=2 q_recv=200 q_idle=2000 q_max=4000
else q_runs=3 q_dur=5 q_recv=1000 q_idle=10000 q_max=""; fi
RUNS=${RUNS:-$q_runs}
DURATION=${DURATION:-$q_dur}
WARMUP=${WARMUP:-1}
SCENARIOS=${SCENARIOS:-hello page echo fanout idle}
BUILD_DIR=${BUILD_DIR:-$root/build}
PORT=${PORT:-18090}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
HTTP_CONNECTIONS=${HTTP_CONNECTIONS:-64}
ECHO_CONNECTIONS=${ECHO_CONNECTIONS:-100}
FANOUT_RECEIVERS=${FANOUT_RECEIVERS:-$q_recv}
FANOUT_WINDOW=${FANOUT_WINDOW:-16}
FANOUT_ROOM=${FANOUT_ROOM:-lobby}
FANOUT_RUNS=${FANOUT_RUNS:-$RUNS}
FANOUT_SETUP_TIMEOUT=${FANOUT_SETUP_TIMEOUT:-600}
IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-$q_idle}
SOURCE_IPS=${SOURCE_IPS:-127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # servers and load generators inherit it
fd_limit=$(ulimit -n)
IDLE_MAX=${IDLE_MAX:-${q_max:-$((fd_limit - 200))}}
out="$BUILD_DIR/bench"
logs="$out/sbs"
ticks_per_s=$(getconf CLK_TCK)
loadgen="$BUILD_DIR/bin/corio-loadgen"
declare -A row     # "<server>|<scenario>" -> median sample (columns: see the COLUMNS_* below)
declare -A limits  # "<server>|<scenario>" -> wrk | loadgen | server | neither
declare -a notes=()
server_pid="" load_pid="" sampler_pid=""
started_at=$SECONDS
# Columns of each scenario's sample lines (one line per run; medians per column).
COLUMNS_http="rps p99_ms server_cpu_s rps_per_cpu_s load_pct server_pct errors kernel_us_per_req"
COLUMNS_echo="acks_per_s p50_ms p99_ms p999_ms max_ms server_cpu_s acks_per_cpu_s load_pct server_pct \
kernel_us_per_ack"
COLUMNS_fanout="deliveries_per_s messages_per_s p50_ms p99_ms p999_ms max_ms ack_p99_ms \
server_cpu_s deliveries_per_cpu_s load_pct server_pct setup_s"
COLUMNS_idle="connected kib_per_conn rss_before_kib rss_after_kib load_pct server_pct"

log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; exit 1; }
note() { notes+=("$*"); log "  note: $*"; }

# ---- processes ---------------------------------------------------------------------------------

kill_pid() {  # $1: pid; TERM, up to 5 s, then KILL
  [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null || return 0
  kill "$1" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}
stop_sampler() { kill_pid "$sampler_pid"; sampler_pid=""; }
stop_server() { kill_pid "$server_pid"; server_pid=""; }
cleanup() { stop_sampler; kill_pid "$load_pid"; load_pid=""; stop_server; }
trap cleanup EXIT
trap 'exit 130' INT TERM

check_tools() {
  local tool
  for tool in wrk taskset node curl jq gnuplot; do command -v "$tool" >/dev/null || die "$tool not found"; done
  [[ -d "$root/bench/node/node_modules/socket.io" ]] || die "run scripts/setup.sh --bench (npm ci in bench/node)"
  ! curl -s -o /dev/null "http://127.0.0.1:$PORT/" || die "port $PORT is already in use"
  (( $(nproc) > LOAD_CPU && $(nproc) > SERVER_CPU )) || die "CPUs $SERVER_CPU and $LOAD_CPU do not both exist"
}

build() {  # the three executables, one target at a time (one failing does not stop the others)
  [[ -f "$BUILD_DIR/CMakeCache.txt" ]] || cmake -S "$root" -B "$BUILD_DIR" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
  local type target
  type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD_DIR/CMakeCache.txt")
  [[ "$type" == Release || "$type" == RelWithDebInfo ]] || note "$BUILD_DIR is a '$type' build: figures are not representative"
  for target in chat corio-loadgen bench_http_server; do
    cmake --build "$BUILD_DIR" --target "$target" -j2 >"$logs/build-$target.log" 2>&1 && continue
    [[ -x "$BUILD_DIR/bin/$target" ]] || die "$target does not build and $BUILD_DIR/bin/$target is missing (see $logs/build-$target.log)"
    note "$target did not build; benchmarking the existing $BUILD_DIR/bin/$target"
  done
}

# The Node chat server, with its per-socket rate limit off when RATE_LIMIT=0 (as apps/chat does):
# chat_server.js has no RATE_LIMIT variable, so a zero window is set in its config before loading.
node_chat_script() {
  if grep -q RATE_LIMIT "$root/bench/node/config.js" "$root/bench/node/chat_server.js"; then
    printf 'require(%s)' "'$root/bench/node/chat_server.js'"
  else
    printf '%s' "const c = require('$root/bench/node/config.js');" \
      "if (process.env.RATE_LIMIT === '0') c.rateLimit.windowMs = 0;" \
      "require('$root/bench/node/chat_server.js');"
  fi
}

start_server() {  # $1: corio | node, $2: chat | http; sets server_pid (exec keeps the pid)
  local log="$logs/server-$1-$2.log" probe=/healthz
  case "$1-$2" in
    corio-chat) (cd "$root" && PORT=$PORT HOST=127.0.0.1 RATE_LIMIT=0 HISTORY_SIZE=100 \
                 CORIO_ENV=production exec taskset -c "$SERVER_CPU" "$BUILD_DIR/bin/chat") >"$log" 2>&1 & ;;
    node-chat) (cd "$root" && PORT=$PORT HOST=127.0.0.1 RATE_LIMIT=0 HISTORY_SIZE=100 \
                NODE_ENV=production exec taskset -c "$SERVER_CPU" node -e "$(node_chat_script)") >"$log" 2>&1 & ;;
    corio-http) (CORIO_ENV=production exec taskset -c "$SERVER_CPU" "$BUILD_DIR/bin/bench_http_server" \
                 "$PORT") >"$log" 2>&1 & probe=/hello ;;
    node-http) (NODE_ENV=production exec taskset -c "$SERVER_CPU" node "$root/bench/http/express_server.js" \
                "$PORT") >"$log" 2>&1 & probe=/hello ;;
  esac
  server_pid=$!
  for _ in $(seq 150); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT$probe" && { sleep 0.3; return 0; }
    kill -0 "$server_pid" 2>/dev/null || die "$1 $2 server exited (see $log)"
    sleep 0.1
  done
  die "$1 $2 server did not answer within 15 s (see $log)"
}

# ---- CPU accounting ----------------------------------------------------------------------------

cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
sys_ticks() { awk '{ sub(/^.*\) /, ""); print $13 }' "/proc/$1/stat"; }  # kernel time alone

sampler() {  # $1: pid; prints "<epoch s> <utime+stime ticks> <stime ticks>" every 50 ms while it lives
  local line f
  while read -r line <"/proc/$1/stat"; do
    read -ra f <<<"${line##*) }"
    printf '%s %d %d\n' "$EPOCHREALTIME" $((f[11] + f[12])) "${f[12]}"
    sleep 0.05
  done 2>/dev/null
}

cpu_between() {  # $1: sampler file, $2 $3: epoch seconds, [$4: column, 2 = all, 3 = kernel]
  awk -v t0="$2" -v t1="$3" -v hz="$ticks_per_s" -v col="${4:-2}" '
    function at(x,  i) {
      if (x <= t[1]) return v[1]
      for (i = 2; i <= n; i++) if (t[i] >= x) return v[i - 1] + (v[i] - v[i - 1]) * (x - t[i - 1]) / (t[i] - t[i - 1])
      return v[n] }
    { t[++n] = $1; v[n] = $col }
    END { if (n < 2) print 0; else printf "%.3f\n", (at(t1) - at(t0)) / hz }' "$1"
}

# Runs corio-loadgen on $LOAD_CPU while sampling the server's CPU time. $1: JSON path, $2: time
# limit (s), rest: loadgen arguments. Sets lg_start and lg_end (epoch s); returns its status.
run_loadgen() {
  local json=$1 limit=$2 rc=0
  shift 2
  rm -f "$json"
  sampler "$server_pid" >"${json%.json}.cpu" &
  sampler_pid=$!
  taskset -pc "$LOAD_CPU" "$sampler_pid" >/dev/null
  lg_start=$EPOCHREALTIME
  taskset -c "$LOAD_CPU" timeout -s INT -k 10 "$limit" "$loadgen" "$@" --port "$PORT" --json "$json" \
    >"${json%.json}.txt" 2>&1 &
  load_pid=$!
  wait "$load_pid" || rc=$?
  lg_end=$EPOCHREALTIME
  load_pid=""
  stop_sampler
  return "$rc"
}

# CPU seconds the server used during the loadgen's measured phase: the last `wall` seconds before
# it exited (its JSON's loadgen_cpu.wall_seconds; closing and reporting take milliseconds).
measured_cpu() {  # $1: loadgen JSON; prints "<server cpu s> <wall s> <server kernel cpu s>"
  local wall t0
  wall=$(jq -r '.loadgen_cpu.wall_seconds // 0' "$1")
  t0=$(awk -v e="$lg_end" -v w="$wall" 'BEGIN { printf "%.6f", e - w }')
  printf '%s %s %s\n' "$(cpu_between "${1%.json}.cpu" "$t0" "$lg_end")" "$wall" \
    "$(cpu_between "${1%.json}.cpu" "$t0" "$lg_end" 3)"
}

loadgen_ok() {  # $1: JSON, $2: what; notes the loadgen's errors; false when it wrote nothing
  [[ -s "$1" ]] || { note "$2: the load generator wrote no report (see ${1%.json}.txt)"; return 1; }
  local errors
  errors=$(jq -r '(.errors // []) | join("; ")' "$1")
  [[ -z "$errors" ]] || note "$2: ${errors:0:300}"
  [[ "$(jq -r '.warnings // [] | map(select(test("saturated"))) | length' "$1")" == 0 ]] ||
    note "$2: load generator saturated"
  return 0
}

median_columns() {  # stdin: samples, one per line; prints the per-column median
  awk '{ for (i = 1; i <= NF; i++) v[i, NR] = $i; nf = NF }
    END { for (i = 1; i <= nf; i++) {
            n = 0; for (r = 1; r <= NR; r++) a[++n] = v[i, r]
            for (x = 2; x <= n; x++) for (y = x; y > 1 && a[y - 1] > a[y]; y--) { t = a[y]; a[y] = a[y - 1]; a[y - 1] = t }
            m = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
            printf "%.6g%s", m, (i < nf ? " " : "\n") } }'
}

record() {  # $1: server, $2: scenario, $3: samples (lines); stores the medians and the limit
  local samples
  samples=$(grep -v '^$' <<<"$3" || true)
  [[ -n "$samples" ]] || { log "  $1 $2: no valid run"; return 0; }
  row["$1|$2"]=$(median_columns <<<"$samples")
  [[ "$2" == idle* ]] && { log "  $1 $2: ${row["$1|$2"]}  [$(columns_of "$2")]"; return 0; }
  limits["$1|$2"]=$(col "$1" "$2" load_pct server_pct | awk '{
    if ($1 >= 90) print "load-generator"; else if ($2 >= 90) print "server"; else print "neither" }')
  log "  $1 $2 (median of $(wc -l <<<"$samples")): ${row["$1|$2"]}  [$(columns_of "$2")]"
}

columns_of() {  # $1: scenario; its column names
  case "$1" in hello | page) printf '%s' "$COLUMNS_http" ;; idle | idle_max) printf '%s' "$COLUMNS_idle" ;;
    *) local name="COLUMNS_$1"; printf '%s' "${!name}" ;; esac
}

col() {  # $1: server, $2: scenario, rest: column names; prints their median values (null if none)
  local server=$1 scenario=$2 name values=() i
  shift 2
  local -a names
  read -ra names <<<"$(columns_of "$scenario")"
  local -a medians
  read -ra medians <<<"${row["$server|$scenario"]:-}"
  for name in "$@"; do
    local value=null
    for i in "${!names[@]}"; do [[ "${names[$i]}" == "$name" && -n "${medians[$i]:-}" ]] && value=${medians[$i]}; done
    values+=("$value")
  done
  printf '%s\n' "${values[*]}"
}

# ---- scenarios ---------------------------------------------------------------------------------

run_wrk() {  # $1: seconds, $2: url, $3: log file; prints wrk's user+sys seconds
  local TIMEFORMAT='%U %S'
  { time timeout $(($1 + 20)) taskset -c "$LOAD_CPU" wrk -t1 "-c$HTTP_CONNECTIONS" "-d${1}s" --latency \
      --timeout 5s "$2" >"$3" 2>&1; } 2>"$3.time" || die "wrk failed (see $3)"
  awk '{ print $1 + $2 }' "$3.time"
}

parse_wrk() {  # $1: wrk log; prints "rps p99_ms requests errors"
  awk 'function ms(v) {
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

measure_wrk() {  # $1: server, $2: scenario, $3: url, $4: run; prints one sample line
  local file="$logs/$1-$2-$4.txt" before after sys_before sys_after wrk_cpu rps p99 requests errors
  before=$(cpu_ticks "$server_pid") sys_before=$(sys_ticks "$server_pid")
  wrk_cpu=$(run_wrk "$DURATION" "$3" "$file")
  after=$(cpu_ticks "$server_pid") sys_after=$(sys_ticks "$server_pid")
  read -r rps p99 requests errors < <(parse_wrk "$file")
  ((errors == 0)) || note "$1 $2 run $4: $errors HTTP errors"
  awk -v rps="$rps" -v p99="$p99" -v n="$requests" -v err="$errors" -v cpu="$((after - before))" \
      -v hz="$ticks_per_s" -v wcpu="$wrk_cpu" -v d="$DURATION" -v sys="$((sys_after - sys_before))" 'BEGIN {
        s = cpu / hz; k = sys / hz
        printf "%s %s %.2f %.0f %.0f %.0f %d %.2f\n", rps, p99, s, (s > 0 ? n / s : 0), 100 * wcpu / d,
               100 * s / d, err, (n > 0 ? 1e6 * k / n : 0) }'
}

bench_http() {  # $1: scenario, $2: server kind (http | chat), $3: path
  local server url run samples
  for server in corio node; do
    start_server "$server" "$2"
    url="http://127.0.0.1:$PORT$3"
    [[ "$2" == chat ]] && seed_history "$server"
    curl -sf -o "$logs/$server-$1.body" "$url" || die "$server $3 does not answer 200"
    run_wrk "$WARMUP" "$url" "$logs/$server-$1-warmup.txt" >/dev/null
    samples=""
    for run in $(seq "$RUNS"); do samples+="$(measure_wrk "$server" "$1" "$url" "$run")"$'\n'; done
    record "$server" "$1" "$samples"
    stop_server
  done
  [[ "$2" == chat ]] && compare_pages "$1"
  return 0
}

# Fills the lobby's history (100 messages) so that the page renders real content: a 2-receiver
# fanout at 250 messages/s for 0.5 s, identical for both servers.
seed_history() {
  local json="$logs/$1-seed.json"
  run_loadgen "$json" 60 fanout --receivers 2 --room lobby --rate 250 --duration 0.5 \
    --window "$FANOUT_WINDOW" || true
  loadgen_ok "$json" "$1 history seeding" || true
}

compare_pages() {  # notes when the two servers' pages differ much in size (not the same content)
  local c n
  c=$(wc -c <"$logs/corio-$1.body") n=$(wc -c <"$logs/node-$1.body")
  log "  page bytes: corio $c, node $n"
  awk -v c="$c" -v n="$n" 'BEGIN { exit !(c < 0.9 * n || n < 0.9 * c) }' &&
    note "$1: corio's page is $c bytes, Node's $n: not the same content" || true
}

scenario_hello() { log "== hello: GET /hello (bench/http servers)"; bench_http hello http /hello; }
scenario_page() { log "== page: GET /?nickname=bench (chat.ejs, 100 messages of history)"; bench_http page chat "/?nickname=bench"; }

measure_echo() {  # $1: server, $2: run; prints one sample line
  local json="$logs/$1-echo-$2.json" cpu wall sys
  run_loadgen "$json" $((DURATION + 40)) echo --connections "$ECHO_CONNECTIONS" --duration "$DURATION" || true
  loadgen_ok "$json" "$1 echo run $2" || return 0
  read -r cpu wall sys < <(measured_cpu "$json")
  jq -r --argjson cpu "$cpu" --argjson wall "$wall" --argjson sys "$sys" '[.acks_per_s, .ack_latency.p50_ms,
    .ack_latency.p99_ms, .ack_latency.p999_ms, .ack_latency.max_ms, $cpu,
    (if $cpu > 0 then .acks / $cpu else 0 end), .loadgen_cpu.utilisation * 100,
    (if $wall > 0 then 100 * $cpu / $wall else 0 end),
    (if .acks > 0 then 1e6 * $sys / .acks else 0 end)] | map(tostring) | join(" ")' "$json"
}

scenario_echo() {
  log "== echo: $ECHO_CONNECTIONS clients, ping + ack, closed loop"
  local server run samples
  for server in corio node; do
    start_server "$server" chat
    run_loadgen "$logs/$server-echo-warmup.json" $((WARMUP + 40)) echo \
      --connections "$ECHO_CONNECTIONS" --duration "$WARMUP" || true
    samples=""
    for run in $(seq "$RUNS"); do samples+="$(measure_echo "$server" "$run")"$'\n'; done
    record "$server" echo "$samples"
    stop_server
  done
}

measure_fanout() {  # $1: server, $2: run; prints one sample line (fresh server per run)
  local json="$logs/$1-fanout-$2.json" cpu wall
  start_server "$1" chat
  run_loadgen "$json" $((FANOUT_SETUP_TIMEOUT + DURATION + 30)) fanout --receivers "$FANOUT_RECEIVERS" \
    --window "$FANOUT_WINDOW" --room "$FANOUT_ROOM" --duration "$DURATION" \
    --connect-timeout "$FANOUT_SETUP_TIMEOUT" --source-ips "$SOURCE_IPS" || true
  stop_server
  loadgen_ok "$json" "$1 fanout run $2" || return 0
  [[ "$(jq -r '.deliveries // 0' "$json")" != 0 ]] || return 0
  read -r cpu wall _ < <(measured_cpu "$json")
  jq -r --argjson cpu "$cpu" --argjson wall "$wall" --argjson total "$(awk -v a="$lg_start" -v b="$lg_end" 'BEGIN { print b - a }')" \
    '[.deliveries_per_s, .messages_per_s, .delivery_latency.p50_ms, .delivery_latency.p99_ms,
      .delivery_latency.p999_ms, .delivery_latency.max_ms, .ack_latency.p99_ms, $cpu,
      (if $cpu > 0 then .deliveries / $cpu else 0 end), .loadgen_cpu.utilisation * 100,
      (if $wall > 0 then 100 * $cpu / $wall else 0 end), ($total - $wall)] | map(tostring) | join(" ")' "$json"
}

scenario_fanout() {
  log "== fanout: $FANOUT_RECEIVERS receivers in '$FANOUT_ROOM', window $FANOUT_WINDOW, $FANOUT_RUNS run(s)"
  local server run samples
  for server in corio node; do
    samples=""
    for run in $(seq "$FANOUT_RUNS"); do samples+="$(measure_fanout "$server" "$run")"$'\n'; done
    record "$server" fanout "$samples"
  done
}

measure_idle() {  # $1: server, $2: connections, $3: tag; prints one sample line (fresh server)
  local json="$logs/$1-$3.json"
  start_server "$1" chat
  run_loadgen "$json" $(($2 / 100 + DURATION + 60)) idle --connections "$2" --duration "$DURATION" \
    --server-pid "$server_pid" --source-ips "$SOURCE_IPS" --connect-timeout 30 || true
  stop_server
  loadgen_ok "$json" "$1 $3" || return 0
  jq -r '[.still_connected, .server_kib_per_connection, .server_rss_kib.before,
    .server_rss_kib.connected, .loadgen_cpu.utilisation * 100, 0] | map(tostring) | join(" ")' "$json"
}

scenario_idle() {
  log "== idle: $IDLE_CONNECTIONS idle clients ($RUNS runs), then $IDLE_MAX (once)"
  local server run samples
  for server in corio node; do
    samples=""
    for run in $(seq "$RUNS"); do samples+="$(measure_idle "$server" "$IDLE_CONNECTIONS" "idle-$run")"$'\n'; done
    record "$server" idle "$samples"
    ((IDLE_MAX > 0)) && record "$server" idle_max "$(measure_idle "$server" "$IDLE_MAX" idle-max)"
  done
  return 0
}

estimate_s() {  # rough upper bound of the whole run, in seconds
  local per_server=0 s
  for s in $SCENARIOS; do
    case "$s" in
      hello) per_server=$((per_server + 3 + WARMUP + RUNS * DURATION)) ;;
      page) per_server=$((per_server + 5 + WARMUP + RUNS * DURATION)) ;;
      echo) per_server=$((per_server + 3 + WARMUP + RUNS * (DURATION + 1))) ;;
      # corio sets up 1000 receivers in seconds, Node in minutes (O(R^2) user lists)
      fanout) per_server=$((per_server + FANOUT_RUNS * (DURATION + 8 + FANOUT_RECEIVERS * FANOUT_RECEIVERS / 10000))) ;;
      idle) per_server=$((per_server + RUNS * (DURATION + 3 + IDLE_CONNECTIONS / 1000) + DURATION + 3 + IDLE_MAX / 1000)) ;;
    esac
  done
  echo $((2 * per_server))
}

# ---- results -----------------------------------------------------------------------------------

# key | scenario | column | unit | better (higher: ratio corio/node; lower: node/corio; info: none)
figures=(
  "http_hello_rps|hello|rps|req/s|higher"
  "http_hello_rps_per_cpu_s|hello|rps_per_cpu_s|req per server CPU-s|higher"
  "http_hello_kernel_us_per_req|hello|kernel_us_per_req|µs of server kernel CPU per request|info"
  "page_render_rps|page|rps|req/s|higher"
  "page_render_p99_ms|page|p99_ms|ms|lower"
  "page_render_rps_per_cpu_s|page|rps_per_cpu_s|req per server CPU-s|higher"
  "echo_acks_per_s|echo|acks_per_s|acks/s|higher"
  "echo_p50_ms|echo|p50_ms|ms|lower"
  "echo_p99_ms|echo|p99_ms|ms|lower"
  "echo_p999_ms|echo|p999_ms|ms|lower"
  "echo_acks_per_cpu_s|echo|acks_per_cpu_s|acks per server CPU-s|higher"
  "echo_kernel_us_per_ack|echo|kernel_us_per_ack|µs of server kernel CPU per ack|info"
  "fanout_deliveries_per_s|fanout|deliveries_per_s|deliveries/s|higher"
  "fanout_messages_per_s|fanout|messages_per_s|messages/s|higher"
  "fanout_p50_ms|fanout|p50_ms|ms (delivery)|lower"
  "fanout_p99_ms|fanout|p99_ms|ms (delivery)|lower"
  "fanout_deliveries_per_cpu_s|fanout|deliveries_per_cpu_s|deliveries per server CPU-s|higher"
  "fanout_setup_s|fanout|setup_s|s to log in + join R receivers|lower"
  "idle_kib_per_conn|idle|kib_per_conn|KiB server RSS per connection|lower"
  "idle_max_conns|idle_max|connected|connections held|higher"
)
load_scenarios=(hello page echo fanout)

ratio() {  # $1: corio, $2: node, $3: higher | lower | info
  awk -v c="$1" -v n="$2" -v b="$3" 'BEGIN {
    if (b == "info" || c == "null" || n == "null" || c + 0 == 0 || n + 0 == 0) { print "null"; exit }
    printf "%.2f\n", (b == "higher" ? c / n : n / c) }'
}

figure_rows() {  # prints "key corio node ratio unit bound" (TAB-separated) for each figure measured
  local entry key scenario column unit better c n s
  for entry in "${figures[@]}"; do
    IFS='|' read -r key scenario column unit better <<<"$entry"
    c=$(col corio "$scenario" "$column") n=$(col node "$scenario" "$column")
    [[ "$c$n" != nullnull ]] || continue
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$c" "$n" "$(ratio "$c" "$n" "$better")" "$unit" \
      "${limits["corio|$scenario"]:--}/${limits["node|$scenario"]:--}"
  done
  for s in "${load_scenarios[@]}"; do
    for column in server_pct load_pct; do
      c=$(col corio "$s" "$column") n=$(col node "$s" "$column")
      [[ "$c$n" != nullnull ]] || continue
      unit="% of one core (server)"; [[ "$column" == load_pct ]] && unit="% of one core (load generator)"
      printf '%s\t%s\t%s\tnull\t%s\t-\n' "${s}_${column%_pct}_cpu_pct" "$c" "$n" "$unit"
    done
  done
}

print_table() {
  printf '\n%-28s %12s %12s %7s  %-32s %s\n' figure corio node ratio unit "bound (corio/node)"
  figure_rows | awk -F'\t' 'function f(v) { return v == "null" ? "-" : (v >= 1000 ? sprintf("%.0f", v) : sprintf("%.3g", v)) }
    { printf "%-28s %12s %12s %7s  %-32s %s\n", $1, f($2), f($3), $4, $5, $6 }'
  printf '\nratio > 1 = corio better (throughput, connections: corio/node; latency, memory, setup: node/corio).\n'
  printf 'Medians of %s run(s) of %s s (fanout: %s run(s)); server on CPU %s, load generator on CPU %s.\n' \
    "$RUNS" "$DURATION" "$FANOUT_RUNS" "$SERVER_CPU" "$LOAD_CPU"
  printf 'bound: load-generator (its CPU >= 90%% of its core: the server had headroom), server (>= 90%%),\n'
  printf 'neither (CPU taken by other processes). Load average: before %s, after %s.\n' "$load_before" "$load_after"
  ((${#notes[@]} == 0)) || { printf '\nNotes:\n'; printf '  - %s\n' "${notes[@]}"; }
}

write_json() {
  local config
  config=$(jq -n --argjson runs "$RUNS" --argjson duration "$DURATION" --argjson quick "$QUICK" \
    --argjson echo "$ECHO_CONNECTIONS" --argjson receivers "$FANOUT_RECEIVERS" --argjson window "$FANOUT_WINDOW" \
    --arg room "$FANOUT_ROOM" --argjson fanout_runs "$FANOUT_RUNS" --argjson idle "$IDLE_CONNECTIONS" \
    --argjson idle_max "$IDLE_MAX" --argjson http "$HTTP_CONNECTIONS" --arg before "$load_before" \
    --arg after "$load_after" --argjson server_cpu "$SERVER_CPU" --argjson load_cpu "$LOAD_CPU" \
    '{runs: $runs, duration_s: $duration, quick: ($quick == 1), http_connections: $http,
      echo_connections: $echo, fanout_receivers: $receivers, fanout_window: $window,
      fanout_room: $room, fanout_runs: $fanout_runs, idle_connections: $idle, idle_max: $idle_max,
      server_cpu: $server_cpu, load_cpu: $load_cpu, loadavg_before: $before, loadavg_after: $after}')
  figure_rows | jq -R -s --argjson config "$config" --args '
    def num: if . == "null" or . == "" then null else tonumber end;
    (split("\n") | map(select(length > 0) | split("\t"))) as $rows
    | ($rows | map({key: .[0], value: {corio: (.[1] | num), node: (.[2] | num), ratio: (.[3] | num),
                                       unit: .[4]}}) | from_entries)
    + {bound: ($rows | map(select(.[5] != "-")) | map({key: .[0], value: .[5]}) | from_entries),
       config: $config, notes: $ARGS.positional}' "${notes[@]}" >"$out/results.json"
  log "wrote $out/results.json"
}

draw_latency() {  # percentile curves of echo acks and fanout deliveries (median run)
  local dat="$out/latency.dat" label x column
  {
    echo "# percentile x echo_corio echo_node fanout_corio fanout_node (ms; x = 1/(1-p))"
    for label in p50:2:p50_ms p99:100:p99_ms p99.9:1000:p999_ms max:10000:max_ms; do
      IFS=: read -r label x column <<<"$label"
      echo "$label $x $(col corio echo "$column") $(col node echo "$column") $(col corio fanout "$column") $(col node fanout "$column")" |
        sed 's/null/NaN/g'
    done
  } >"$dat"
  local has_echo=0 has_fanout=0
  [[ -n "${row[corio|echo]:-}${row[node|echo]:-}" ]] && has_echo=1
  [[ -n "${row[corio|fanout]:-}${row[node|fanout]:-}" ]] && has_fanout=1
  ((has_echo + has_fanout > 0)) || return 0
  gnuplot -e "has_echo=$has_echo; has_fanout=$has_fanout; datafile='$dat'; outfile='$out/latency.png'; subtitle='$FANOUT_RECEIVERS receivers, $ECHO_CONNECTIONS echo clients, median of $RUNS run(s)'" \
    "$here/plot.gnuplot" 2>"$logs/gnuplot.log" && log "wrote $out/latency.png" ||
    log "run.sh: gnuplot failed (see $logs/gnuplot.log)"
}

# ---- main --------------------------------------------------------------------------------------


main() {
  [[ "${SKIP_SETUP:-0}" == 1 ]] || "$root/scripts/setup.sh" --bench >&2
  check_tools
  mkdir -p "$logs"
  [[ "${SKIP_BUILD:-0}" == 1 ]] || build
  log "run.sh: scenarios: $SCENARIOS; RUNS=$RUNS DURATION=${DURATION}s; server on CPU $SERVER_CPU," \
      "load on CPU $LOAD_CPU; fd limit $fd_limit"
  log "run.sh: estimated time: $(estimate_s) s (fanout setup dominates on Node; capped per step)"
  log "run.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  local scenario
  for scenario in $SCENARIOS; do "scenario_$scenario"; done
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
  print_table
  write_json
  draw_latency
  log "run.sh: done in $((SECONDS - started_at)) s; load average after: $load_after"
}

main "$@"
