#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Puts the license tag `SPDX-License-Identifier: MIT` at the top of every source file that
# lacks it, in the file's own comment syntax: line 1, or line 2 after a `#!` line.
#   scripts/spdx.sh [DIR]           add the missing tags (DIR: the source tree, default ours)
#   scripts/spdx.sh --check [DIR]   list the files without one; exit 1 if there are any
# A source file: a tracked (git ls-files; find where there is no git) C, header, CUDA,
# CMake, shell, Python or awk file, or any file that starts with `#!`. Tests' data and
# fuzz corpora are inputs, not sources, whatever their names.
set -euo pipefail
check=0
[ "${1:-}" = "--check" ] && { check=1; shift; }
root=${1:-"$(dirname "$0")/.."}
cd "$root"

list() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z
  else
    find . -path ./.git -prune -o -path './build*' -prune -o -type f -print0 | sed -z 's|^\./||'
  fi
}

# The comment syntax of a source file, or nothing for any other file.
style() {
  case $1 in
    tests/data/* | tests/fuzz/corpus/* | tests/fuzz/known/*) return ;;
    *.c | *.h | *.cu | *.cuh) echo c ;;
    *.sh | *.py | *.cmake | */CMakeLists.txt | CMakeLists.txt | *.awk | *.sbatch) echo hash ;;
    *) [ "$(head -c 2 "$1" 2>/dev/null)" = "#!" ] && echo hash ;;
  esac
}

tag='SPDX-License-Identifier: MIT'
missing=0
while IFS= read -r -d '' f; do
  [ -f "$f" ] || continue
  s=$(style "$f") || true
  [ -n "$s" ] || continue
  # The tag is at the top: within the first two lines (the second after a #! line).
  head -n 2 "$f" | grep -q "$tag" && continue
  missing=$((missing + 1))
  if [ $check -eq 1 ]; then
    echo "$f: no '$tag' in its first lines (scripts/spdx.sh adds it)"
    continue
  fi
  if [ "$s" = c ]; then line="/* $tag */"; else line="# $tag"; fi
  tmp=$(mktemp "$f.XXXXXX")
  if [ "$(head -c 2 "$f")" = "#!" ]; then
    { head -n 1 "$f"; echo "$line"; tail -n +2 "$f"; } >"$tmp"
  else
    { echo "$line"; cat "$f"; } >"$tmp"
  fi
  chmod --reference="$f" "$tmp"
  mv "$tmp" "$f"
  echo "spdx: tagged $f"
done < <(list)
if [ $check -eq 1 ] && [ $missing -gt 0 ]; then
  echo "spdx: $missing source files lack the license tag" >&2
  exit 1
fi
exit 0
