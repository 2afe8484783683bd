#!/usr/bin/env bash
# Installs what corio needs on Debian (idempotent; quiet when everything is there).
# Usage: scripts/setup.sh [--test] [--bench]
#   (no flag)  build tools, libraries, and the socket.io-client bundle the server serves
#   --test     also the test tools: clang/libFuzzer, redis-server, Chromium, npm test packages
#   --bench    also the benchmark tools: wrk, gnuplot, the Node reference servers
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0 want_bench=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    --bench) want_bench=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

packages=(g++ cmake ninja-build ccache pkg-config libasio-dev libfmt-dev nlohmann-json3-dev
  libssl-dev zlib1g-dev libgtest-dev libgmock-dev libbenchmark-dev libhiredis-dev openssl)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
if (( want_test )); then
  packages+=(clang libclang-rt-14-dev redis-server chromium curl)
fi
if (( want_bench )); then
  packages+=(wrk gnuplot-nox util-linux)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages: installed from the committed lockfiles, only when missing or stale.
npm_install() {
  local dir="$1"
  if [[ ! -d "$dir/node_modules" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    echo "setup: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}
npm_install framework/client
(( want_test )) && npm_install tests/node
(( want_bench )) && npm_install bench/node
exit 0
