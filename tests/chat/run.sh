#!/bin/sh
# tests/chat/run.sh: the chat app's Node client tests (tests/chat/*.test.js) and browser tests
# (tests/e2e/chat.e2e.js) against one server implementation.
#   CHAT_SERVER_CMD  command line that starts the server; it gets PORT (and HOST=127.0.0.1) in its
#                    environment and runs from the repository root
#                    (default: node bench/node/chat_server.js)
#   CHROMIUM         browser for the e2e suite (default /usr/bin/chromium)
#   ARTIFACT_DIR     where the e2e suite saves chat.png (default build/artifacts)
#   CHAT_SUITES      "protocol e2e" (default) or one of them
# Exits non-zero when any test fails.
set -u
cd "$(dirname "$0")/../.." || exit 2
suites=${CHAT_SUITES:-protocol e2e}
status=0
for suite in $suites; do
  case $suite in
    protocol) files="tests/chat/protocol.test.js tests/chat/http.test.js tests/chat/templates.test.js" ;;
    e2e) files="tests/e2e/chat.e2e.js" ;;
    *) echo "run.sh: unknown suite '$suite'" >&2; exit 2 ;;
  esac
  echo "== chat $suite suite against: ${CHAT_SERVER_CMD:-node bench/node/chat_server.js}"
  # shellcheck disable=SC2086 # word splitting of the file list is intended
  node --test --test-reporter=spec --test-timeout=180000 $files || status=1
done
exit $status
