#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Peak memory per input byte: one large input file made at run time from seed documents
# (every file under SEED, whole, in name order, repeated until the size is reached, so SGML
# stays well formed), summarized by each binary; old and new side by side in one table.
#   bench/input-memory.sh --summarize BIN [--old BIN] [--old-upto SIZE] --seed SEED [SIZE...]
# SIZE as --memory takes it (100M, 1G; powers of 1024); default 100M and 1G. The repeated
# documents are mostly dropped as duplicates, so the similarity stage stays small and what
# is measured is reading, ingest, cleaning and segmenting: the stages whose memory grows
# with the input. --old-upto skips the old binary above SIZE (it needed about 27 bytes a
# byte: 1G would want 27 GB). SEED: a folder or a file, e.g. examples/putin-north-korea or a
# DUC 2006 cluster folder. Binaries that know --max-input get --max-input 4G.
# Needs GNU time (/usr/bin/time).
set -euo pipefail
new="" old="" upto="" seed=""
sizes=()
while [ $# -gt 0 ]; do
  case $1 in
    --summarize) new=$2; shift 2 ;;
    --old) old=$2; shift 2 ;;
    --old-upto) upto=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    -h|--help) sed -n '/^set -euo/q;3,$p' "$0"; exit 0 ;;
    -*) echo "input-memory.sh: unknown option $1" >&2; exit 1 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
[ -x "$new" ] || { echo "input-memory.sh: --summarize BIN is required" >&2; exit 1; }
[ -e "$seed" ] || { echo "input-memory.sh: --seed SEED (a folder or file of documents) is required" >&2; exit 1; }
[ ${#sizes[@]} -gt 0 ] || sizes=(100M 1G)

bytes() { # 100M -> 104857600
  local s=$1 n u
  n=${s%[KkMmGgTt]}; u=${s#"$n"}
  case $u in
    "") echo "$n" ;; [Kk]) echo $((n << 10)) ;; [Mm]) echo $((n << 20)) ;;
    [Gg]) echo $((n << 30)) ;; [Tt]) echo $((n << 40)) ;;
  esac
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t seeds < <(find "$seed" -type f ! -name '.*' | LC_ALL=C sort)
cat "${seeds[@]}" > "$work/seed"
[ -s "$work/seed" ] || { echo "input-memory.sh: no documents under $seed" >&2; exit 1; }

run() { # bin input -> "rss_kb seconds rc"
  local bin=$1 in=$2 extra=()
  "$bin" --help 2>/dev/null | grep -q -- '--max-input' && extra=(--max-input 4G)
  local rc=0
  /usr/bin/time -f '%M %e' -o "$work/time" "$bin" "${extra[@]}" "$in" > /dev/null 2> "$work/err" || rc=$?
  read -r kb sec < <(tail -n 1 "$work/time")
  echo "$kb $sec $rc"
}

printf '| input | binary | input bytes | peak RSS | bytes of peak per input byte | seconds | exit |\n'
printf '| --- | --- | ---: | ---: | ---: | ---: | ---: |\n'
for s in "${sizes[@]}"; do
  want=$(bytes "$s")
  in="$work/input.txt"
  : > "$in"
  # doubling: a 1 GB input in a few dozen appends
  cp "$work/seed" "$work/block"
  while [ "$(stat -c %s "$work/block")" -lt $((want / 64 + 1)) ]; do
    cat "$work/block" "$work/block" > "$work/block2" && mv "$work/block2" "$work/block"
  done
  while [ "$(stat -c %s "$in")" -lt "$want" ]; do cat "$work/block" >> "$in"; done
  got=$(stat -c %s "$in")
  for kind in old new; do
    bin=$new
    if [ $kind = old ]; then
      bin=$old
      [ -n "$bin" ] || continue
      if [ -n "$upto" ] && [ "$want" -gt "$(bytes "$upto")" ]; then
        printf '| %s | old | %s | (not run: over --old-upto %s) | | | |\n' "$s" "$got" "$upto"
        continue
      fi
    fi
    read -r kb sec rc < <(run "$bin" "$in")
    printf '| %s | %s | %s | %.0f MB | %.2f | %s | %s |\n' "$s" "$kind" "$got" \
      "$(echo "$kb / 1024" | bc -l)" "$(echo "$kb * 1024 / $got" | bc -l)" "$sec" "$rc"
  done
  rm -f "$in"
done
