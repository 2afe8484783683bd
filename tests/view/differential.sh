#!/bin/sh
# Differential test: renders every template of tests/view/corpus with the real `ejs` (Node) and
# with corio-ejs, and requires byte-identical output. Fails if node or ejs is missing.
# usage: differential.sh PATH/TO/corio-ejs
set -u
here=$(cd "$(dirname "$0")" && pwd)
corio_ejs=${1:?usage: differential.sh PATH/TO/corio-ejs}
if ! command -v node >/dev/null 2>&1; then
  echo "FAIL: node is not installed" >&2; exit 1
fi
if [ ! -d "$here/../node/node_modules/ejs" ]; then
  echo "FAIL: ejs missing: run 'npm ci' in tests/node" >&2; exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node "$here/render_with_ejs.js" "$work/ejs" || { echo "FAIL: node runner failed" >&2; exit 1; }
mkdir -p "$work/corio"
failed=0
count=0
for tpl in "$here"/corpus/*.ejs; do
  name=$(basename "$tpl" .ejs)
  count=$((count + 1))
  data="$here/corpus/$name.json"
  if [ -f "$work/ejs/$name.error" ]; then
    if "$corio_ejs" "$tpl" -f "$data" --views "$here/corpus" >/dev/null 2>&1; then
      echo "MISMATCH $name: ejs fails ($(head -c 200 "$work/ejs/$name.error")) but corio renders"
      failed=$((failed + 1))
    fi
    continue
  fi
  if ! "$corio_ejs" "$tpl" -f "$data" --views "$here/corpus" -o "$work/corio/$name.html" \
       2>"$work/corio/$name.err"; then
    echo "MISMATCH $name: corio failed: $(cat "$work/corio/$name.err")"
    failed=$((failed + 1))
  elif ! cmp -s "$work/ejs/$name.html" "$work/corio/$name.html"; then
    echo "MISMATCH $name:"
    diff "$work/ejs/$name.html" "$work/corio/$name.html" | head -20
    failed=$((failed + 1))
  fi
done
echo "$count templates, $failed mismatches"
[ "$failed" -eq 0 ]
