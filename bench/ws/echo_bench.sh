#!/usr/bin/env bash
# WebSocket echo benchmark: corio (app.ws) vs Node's npm `ws`, same load on both.
# Server pinned to CPU 0, load generator to CPU 1; medians of `runs` runs. Usage:
#   bench/ws/echo_bench.sh [build-dir=build] [connections=50] [seconds=5] [runs=3] [payload=32] [window=1]
# window 1 is a closed loop (one message in flight per connection: each message costs the
# server a receive and a send system call); window W writes W frames at once and reads their W
# echoes, so system calls are shared by W messages and the servers' own work shows.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}; conns=${2:-50}; secs=${3:-5}; runs=${4:-3}; payload=${5:-32}; window=${6:-1}
[[ $build = /* ]] || build="$root/$build"
server_bin="$build/bin/ws_echo_server"; load_bin="$build/bin/ws_load"
[[ -x $server_bin && -x $load_bin ]] || { echo "build ws_echo_server and ws_load in $build first"; exit 1; }
tick=$(getconf CLK_TCK)

cpu_of() { awk -v t="$tick" '{ print ($14 + $15) / t }' "/proc/$1/stat"; }

wait_port() {
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done
  echo "server on port $1 did not start"; return 1
}

# run_side <name> <port> <command...>: prints "msgs/s server_cpu_s load_cpu_s" per run.
run_side() {
  local name=$1 port=$2; shift 2
  taskset -c 0 "$@" > /dev/null 2>&1 &
  local pid=$!
  wait_port "$port"
  for r in $(seq "$runs"); do
    local before; before=$(cpu_of "$pid")
    local out; out=$(taskset -c 1 "$load_bin" "$port" "$conns" "$secs" "$payload" "$window")
    local after; after=$(cpu_of "$pid")
    local rate; rate=$(sed -E 's/.*msgs\/s ([0-9]+).*/\1/' <<< "$out")
    local load_cpu; load_cpu=$(sed -E 's/.*load_cpu_s ([0-9.]+).*/\1/' <<< "$out")
    local server_cpu; server_cpu=$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }')
    echo "$name run $r: $rate msgs/s, server cpu ${server_cpu}s, load cpu ${load_cpu}s / ${secs}s" >&2
    echo "$rate $server_cpu $load_cpu"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

summary() {  # the median run of each side (by messages per second)
  sort -n | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'
}

echo "ws echo: $conns connections, ${payload}-byte text messages, window $window, ${secs}s x $runs runs (medians)" >&2
corio=$(run_side corio 9101 "$server_bin" 9101 | summary)
node=$(run_side node 9102 node "$root/bench/ws/ws_echo_server.js" 9102 | summary)
read -r c_rate c_cpu c_load <<< "$corio"
read -r n_rate n_cpu n_load <<< "$node"
awk -v cr="$c_rate" -v cc="$c_cpu" -v cl="$c_load" -v nr="$n_rate" -v nc="$n_cpu" -v nl="$n_load" -v s="$secs" '
function side(name, rate, cpu, load) {
  printf "%-6s %9d msgs/s  server cpu %5.2fs (%3.0f%%)  load cpu %5.2fs (%3.0f%%)  %9.0f msgs per server-cpu-s\n",
         name, rate, cpu, 100 * cpu / s, load, 100 * load / s, (cpu > 0) ? rate * s / cpu : 0
  if (cpu / s > 0.9) printf "       -> %s server saturated its CPU\n", name
  else if (load / s > 0.9) printf "       -> load generator saturated (the %s server had spare CPU)\n", name
}
BEGIN {
  side("corio", cr, cc, cl); side("node", nr, nc, nl)
  printf "ratio corio/node: %.2fx throughput, %.2fx per server-cpu-s\n", cr / nr, (cr / cc) / (nr / nc)
}'
