#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# libmds.so exports the public API and nothing else: every function include/mds.h declares,
# and no other symbol (the library is built with hidden visibility; MDS_API in the header
# marks what is exported).
# Usage: tests/test_exports.sh path/to/libmds.so SOURCE_DIR [CC]
set -u
lib=$1 src=$2 cc=${3:-cc}
fail=0
bad() { echo "FAIL $*"; fail=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$2 != "A" { print $3 }' | sed 's/@.*//' | sort -u >"$tmp/exported" ||
  { echo "FAIL nm -D $lib"; exit 1; }
# The functions the header declares: identifiers followed by "(" once comments and macros are
# gone (a function pointer type would read "(*name)(", which this does not match).
"$cc" -E -P -x c "$src/include/mds.h" | tr '\n' ' ' | grep -oE '\bmds_[a-z0-9_]+[[:space:]]*\(' |
  sed 's/[[:space:]]*($//' | sort -u >"$tmp/declared"
[ -s "$tmp/declared" ] || { echo "FAIL no declaration found in include/mds.h"; exit 1; }
while read -r s; do
  case $s in
    mds__*) bad "$s is exported: an internal (mds__) symbol; libmds.so exports only the API" ;;
    mds_*) bad "$s is exported but include/mds.h does not declare it: make it static, or mds__ and internal, or declare it in the header" ;;
    *) bad "$s is exported: not an mds_ name; a missing static, or a dependency linked in with default visibility" ;;
  esac
done < <(comm -23 "$tmp/exported" "$tmp/declared")
while read -r s; do
  bad "$s is declared in include/mds.h but not exported by libmds.so: mark its declaration MDS_API"
done < <(comm -13 "$tmp/exported" "$tmp/declared")
if [ $fail -eq 0 ]; then
  echo "ok   libmds.so exports the $(wc -l <"$tmp/declared") functions of include/mds.h and nothing else"
fi
exit $fail
