#!/usr/bin/env bash
# Installs what is needed, builds, and starts the chat app on http://localhost:3000.
# Usage: scripts/run.sh   (PORT, HOST, DEBUG=corio:* are honoured)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh -DCORIO_BUILD_TESTS=OFF -DCORIO_BUILD_BENCH=OFF
app=chat
[[ -x build/bin/chat ]] || app=hello
exec "build/bin/$app"
