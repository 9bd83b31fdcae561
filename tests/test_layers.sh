#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The layering of the sources, read from every #include "..." in src/ and kernels/.
#   tests/test_layers.sh [SOURCE_DIR]     (default: the folder above this script)
#
# The rule. The library's folders are layers, bottom to top:
#     util < text < embed < compute < select < api
# 1. Names. An include names its folder under src/ ("text/segment.h", src/ is on the library's
#    quote path) and the header exists. The only names without a folder:
#      "mds.h"   the public header (include/mds.h), for any file of src/;
#      "x.cuh"   a kernel launcher of kernels/, for kernels/ itself and for src/compute/ (the
#                CUDA backend; kernels/ is on its include path);
#      "x.h"     in src/cli/, a header of src/cli/.
# 2. Layers. A file of a layer includes headers of its own layer or of lower ones, never higher.
#    eval/ (ROUGE, beside api) includes util/, text/, embed/, eval/ and, of api/, only
#    api/context.h (the handles and mds__fail, shared by every file behind the public API);
#    only eval/ includes eval/. cli/ includes mds.h, its own headers and util/ headers (the
#    bottom layer's stateless primitives, as zstd's programs use lib/common) and nothing else
#    of the library: src/ is on the program's quote path, so only this rule keeps it out.
#    kernels/ includes only kernels/*.cuh and, of src/, only compute/edge.h (an edge rule
#    shared with the CPU, should one move there). A file outside these folders (in src/
#    itself, or a new folder) fails until this rule names its place.
# 3. No cycle between modules: a module is a file without its extension (select/mmr.c and
#    select/mmr.h are one), an edge is an include; cycles are found by tsort.
# Prints each offending file, line and include, and exits 1; exits 0 when all hold. Before the
# real tree it checks that planted violations of each kind, in a scratch copy, are caught.
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
[ -d "$root/src" ] || { echo "test_layers.sh: no src/ in $root" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# check DIR: the rule over DIR/src and DIR/kernels; prints violations, returns 1 if any
check() {
  local dir=$1 files bad=0
  files=$(cd "$dir" && find src kernels -type f \( -name '*.c' -o -name '*.h' -o -name '*.cu' \
          -o -name '*.cuh' \) 2>/dev/null | LC_ALL=C sort)
  [ -n "$files" ] || { echo "no sources under $dir/src"; return 1; }
  printf '%s\n' "$files" >"$tmp/files"
  (cd "$dir" && grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' $files) |
  awk -v edges="$tmp/edges" '
    BEGIN {
      split("util text embed compute select api", L, " "); for (i in L) rank[L[i]] = i
      rank["eval"] = rank["api"]
      evalok["util"] = evalok["text"] = evalok["embed"] = evalok["eval"] = 1
      printf "" > edges
    }
    function fail(why) { printf "%s:%s: #include \"%s\": %s\n", file, line, inc, why; bad = 1 }
    function module(p) { sub(/\.[^.\/]*$/, "", p); return p }
    FILENAME != "-" { have[$0] = 1; next }
    {
      file = $0; sub(/:.*/, "", file)
      line = substr($0, length(file) + 2); sub(/:.*/, "", line)
      inc = $0; sub(/^[^"]*"/, "", inc); sub(/".*/, "", inc)
      if (file ~ /^kernels\//) from = "kernels"
      else if (file ~ /^src\/[^\/]+\/[^\/]+$/) { from = file; sub(/^src\//, "", from); sub(/\/.*/, "", from) }
      else { fail("file outside the layer folders"); next }
      if (from != "kernels" && from != "cli" && !(from in rank)) { fail("folder src/" from "/ is in no layer of this rule"); next }

      # 1. what the name resolves to
      if (inc == "mds.h") target = "include/mds.h"
      else if (inc ~ /^[a-z_]+\/[^\/]+$/) {
        dirname = inc; sub(/\/.*/, "", dirname)
        if (!(dirname in rank)) { fail("no library folder " dirname "/ under src/"); next }
        if (!(("src/" inc) in have)) { fail("no such header src/" inc); next }
        target = "src/" inc
      } else if (inc !~ /\//) {
        if (from == "cli" && (("src/cli/" inc) in have)) target = "src/cli/" inc
        else if ((from == "kernels" || from == "compute") && inc ~ /\.cuh$/ && (("kernels/" inc) in have))
          target = "kernels/" inc
        else { fail("does not name its folder"); next }
      } else { fail("not a header of src/ named by its folder"); next }
      to = target; sub(/^(src|include)\//, "", to); sub(/\/.*/, "", to)
      if (target ~ /^kernels\//) to = "kernels"

      # 2. layers
      if (from == "cli") {
        if (target != "include/mds.h" && to != "cli" && to != "util")
          fail("cli/ includes only mds.h, its own headers and util/ headers")
      } else if (from == "kernels") {
        if (to != "kernels" && target != "src/compute/edge.h") fail("kernels/ includes nothing of src/ but compute/edge.h")
      } else if (target == "include/mds.h" || to == "kernels") {
        # the public header; the launchers (resolved above only for compute/)
      } else if (from == "eval") {
        if (!(to in evalok) && target != "src/api/context.h")
          fail("eval/ includes util/, text/, embed/, eval/ and api/context.h only")
      } else if (to == "eval") {
        if (from != "eval") fail("only eval/ includes eval/")
      } else if (rank[to] > rank[from]) {
        fail("goes up a layer (" from "/ is below " to "/)")
      }
      if (module(file) != module(target)) print module(target), module(file) >> edges
    }
    END { exit bad }' "$tmp/files" - || bad=1
  # 3. cycles
  if ! tsort "$tmp/edges" >/dev/null 2>"$tmp/tsort"; then
    echo "include cycle between modules:" $(sed -n 's/^tsort: //p' "$tmp/tsort" | grep -v 'contains a loop')
    bad=1
  fi
  return $bad
}

# plant NAME FILE TEXT [FILE TEXT...]: a scratch copy with each TEXT appended to its FILE
# must fail the check
plant() {
  local name=$1 file=$2 text=$3
  rm -rf "$tmp/tree"; mkdir -p "$tmp/tree"
  cp -R "$root/src" "$root/kernels" "$tmp/tree/"
  shift
  while [ $# -ge 2 ]; do printf '%s\n' "$2" >>"$tmp/tree/$1"; shift 2; done
  if check "$tmp/tree" >"$tmp/out"; then
    echo "FAIL the check misses a planted violation: $name ($file: $text)"; return 1
  fi
  echo "ok   planted violation caught: $name ($(head -1 "$tmp/out"))"
}

selfbad=0
plant "up a layer" src/text/doc.h '#include "select/mmr.h"' || selfbad=1
plant "no folder" src/text/segment.c '#include "buf.h"' || selfbad=1
plant "missing header" src/util/buf.c '#include "util/nothing.h"' || selfbad=1
plant "cycle" src/select/mmr.h '#include "select/coverage.h"' \
  src/select/coverage.h '#include "select/mmr.h"' || selfbad=1
plant "cli reaches inside" src/cli/main.c '#include "api/context.h"' || selfbad=1
plant "cli reaches a stage" src/cli/io.c '#include "text/segment.h"' || selfbad=1
plant "eval above its layers" src/eval/rouge.c '#include "compute/graph.h"' || selfbad=1
plant "api includes eval" src/api/summarize.c '#include "eval/rouge.h"' || selfbad=1
plant "kernel includes src" kernels/topk.cuh '#include "compute/graph.h"' || selfbad=1
plant "launcher outside compute" src/select/mmr.c '#include "topk.cuh"' || selfbad=1
[ "$selfbad" = 0 ] || exit 1

if check "$root"; then
  echo "ok   src/ and kernels/: every include names its folder, none goes up a layer, no cycle"
else
  echo "FAIL layering of $root (rule: the header of tests/test_layers.sh)"
  exit 1
fi
