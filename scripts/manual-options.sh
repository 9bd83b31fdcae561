#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Rewrites the option tables of the manual from the program: between the lines
# <!-- options:begin COMMAND --> and <!-- options:end COMMAND --> of docs/summarize.1.md goes
# what `summarize help --manual COMMAND` prints. tests/test_manual.sh fails until this is run
# after an option or a parameter changes.
# Usage: scripts/manual-options.sh [path/to/summarize] [MANUAL]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$here/build/summarize} man=${2:-$here/docs/summarize.1.md}
[ -x "$bin" ] || { echo "manual-options.sh: $bin: not built" >&2; exit 1; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
skip=0
while IFS= read -r line || [ -n "$line" ]; do
  if [ "$skip" = 1 ]; then
    [[ $line == "<!-- options:end "*" -->" ]] || continue
    skip=0
  fi
  printf '%s\n' "$line"
  if [[ $line =~ ^'<!-- options:begin '([a-z]+)' -->'$ ]]; then
    printf '\n'
    "$bin" help --manual "${BASH_REMATCH[1]}"
    printf '\n'
    skip=1
  fi
done <"$man" >"$tmp"
[ "$skip" = 0 ] || { echo "manual-options.sh: $man: an options:begin without its end" >&2; exit 1; }
cat "$tmp" >"$man"
