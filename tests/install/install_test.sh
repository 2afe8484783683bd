#!/usr/bin/env bash
# Installs corio from an existing build into a temporary prefix, builds tests/install/consumer
# against it with find_package(corio), and runs it.
# Usage: install_test.sh <build-dir>
set -euo pipefail
build="$1"
src="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src/consumer" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build "$work/build" >/dev/null
out="$(timeout 30 "$work/build/consumer")"
echo "$out"
[[ "$out" == "consumer ok" ]]
