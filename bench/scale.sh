#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Scaling of one huge cluster: real news text, the DUC 2006 documents (1,250
# articles in 50 topic folders) then the Reuters-21578 SGML files (21,578 stories), concatenated
# into ONE cluster and repeated where more text is needed, at about 1k, 10k, 100k... candidate
# sentences; either corpus may be left out, and generated text added or used alone (--generate).
# For each point and each backend: summarize --format json, then one table with candidates,
# graph kind, wall seconds, seconds in similarity (gram + graph), gram and rank seconds, peak host
# RSS, peak device MiB, gram TFLOP/s and, on a GPU, its share of the device's dense peak for the
# precision.
#   bench/scale.sh [--reuters DIR] [--duc DIR] [--generate D] [--summarize PATH]
#                  [--sizes 1000,10000,100000] [--backends cpu,cuda]
#                  [--graph auto|dense|sparse[,...]] [--memory 4G] [--precision fp32|tf32|fp16]
#                  [--neighbors K] [--timeout S] [--repeat R] [--work DIR] [-- summarize options]
#   bench/scale.sh --crossover [--reuters DIR] [--duc DIR] [--generate D] [...]
#     cpu against cuda at 100 ... 20,000 candidates, best of 3, and where cuda starts winning:
#     the figures for the cost model of --backend auto. To be run where a GPU is lent.
#
# --reuters DIR holds reut2-*.sgm (Reuters-21578, Distribution 1.0, from the UCI KDD archive);
# --duc DIR is duc2006_docs (its D06*/ folders; _DS_Store entries are skipped; DUC 2006 comes
# from NIST under its data agreement). Neither is in the repository. --generate D adds D
# generated documents (10 to 30 sentences of 10 to 30 words each, drawn with a fixed seed from
# the words of examples/putin-north-korea, 25 documents a chunk) after the corpora: for a machine
# that has neither (a GPU machine, CI). Generated sentences are no news, so their similarity
# graph is not one of real text; the timing of the gram does not depend on the words, the graph
# and rank a little (fewer near-duplicates). At least one of the three is required. Cluster
# inputs are built under --work (default $TMPDIR/mds-scale, or /tmp/mds-scale), never in the
# repository: the corpus is split once into chunks (one DUC topic, or 100 Reuters stories), each
# chunk's candidate count is measured once (chunks/counts.tsv), and a point of N candidates is
# the first chunks of the stream (DUC, Reuters, generated), then again from the start (copy 2,
# 3...), the last chunk cut at the document that brings the count nearest N. The candidate count
# in the table is the one summarize reports. One run of the script per --work at a time.
#
# Repeats and the cleaner: every run uses --no-clean. The cleaner drops exact-duplicate
# paragraphs and short lines repeated across documents, so a second copy of the corpus would add
# no candidates (measured: two copies of reut2-000.sgm give 4,794 candidates, one copy 4,827).
# Making each copy distinct would mean editing the news text (a tag word in each paragraph
# changes the embeddings and the idf; look-alike characters change segmentation), so the text is
# left byte for byte as published and the cleaner is turned off instead. Without it the sentences
# of different documents do not interact before the graph, so candidates add up over chunks and
# the points land where asked. The cost: boilerplate lines (e.g. Reuters' "Reuter" sign-off) are
# candidates too, and the cleaner's own time is not in these figures.
#
# Reuters-21578 is ASCII but for one byte, 0xFC in reut2-017.sgm (in an <UNKNOWN> field, not
# the story), for which summarize refuses the whole file as invalid UTF-8; bytes over 0x7F in
# the Reuters files are therefore read as '?'.
#
# Needs only bash, coreutils, awk and sed. Peak RSS: GNU time (/usr/bin/time -f %M) when it is
# there, else the highest VmHWM read from /proc every 0.1 s (n/a for runs shorter than that).
# OPENBLAS_NUM_THREADS is left as set (OpenBLAS default: every core); the header says which.
set -euo pipefail

prog=${0##*/}
bin=build/summarize reuters="" duc="" work=${TMPDIR:-/tmp}/mds-scale
sizes="" backends="" graphs=auto memory=4G precision=fp32 neighbors="" timeout_s=3600 repeat=""
crossover=0 extra=() generate=0
usage() { sed -n '3,32p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "$prog: $*" >&2; exit 1; }
need() { [ $# -ge 2 ] || die "$1 needs a value"; }
while [ $# -gt 0 ]; do
  case $1 in
    --summarize) need "$@"; bin=$2; shift 2 ;;
    --reuters) need "$@"; reuters=$2; shift 2 ;;
    --duc) need "$@"; duc=$2; shift 2 ;;
    --generate) need "$@"; generate=$2; shift 2 ;;
    --work) need "$@"; work=$2; shift 2 ;;
    --sizes) need "$@"; sizes=$2; shift 2 ;;
    --backends) need "$@"; backends=$2; shift 2 ;;
    --graph) need "$@"; graphs=$2; shift 2 ;;
    --memory) need "$@"; memory=$2; shift 2 ;;
    --precision) need "$@"; precision=$2; shift 2 ;;
    --neighbors) need "$@"; neighbors=$2; shift 2 ;;
    --timeout) need "$@"; timeout_s=$2; shift 2 ;;
    --repeat) need "$@"; repeat=$2; shift 2 ;;
    --crossover) crossover=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "$prog: unknown option $1" >&2; usage >&2; exit 1 ;;
  esac
done
if [ "$crossover" = 1 ]; then
  sizes=${sizes:-100,200,500,1000,2000,5000,10000,20000}
  backends=${backends:-cpu,cuda} repeat=${repeat:-3}
else
  sizes=${sizes:-1000,10000,100000} backends=${backends:-cpu} repeat=${repeat:-1}
fi

case $generate in ''|*[!0-9]*) die "--generate $generate: not a number of documents" ;; esac
[ -n "$reuters$duc" ] || [ "$generate" -gt 0 ] ||
  die "no text: give --duc DIR (duc2006_docs), --reuters DIR (reut2-*.sgm) or --generate D"
if [ -n "$reuters" ]; then
  [ -d "$reuters" ] || die "--reuters $reuters: no such directory"
  compgen -G "$reuters/reut2-*.sgm" >/dev/null || die "--reuters $reuters: no reut2-*.sgm in it"
fi
if [ -n "$duc" ]; then
  [ -d "$duc" ] || die "--duc $duc: no such directory"
  compgen -G "$duc/D06*/" >/dev/null || die "--duc $duc: no D06*/ topic folders in it"
fi
words=$(cd "$(dirname "$0")/.." && pwd)/examples/putin-north-korea
[ "$generate" = 0 ] || compgen -G "$words/*.txt" >/dev/null || die "--generate: no $words/*.txt"
[ -x "$bin" ] || die "--summarize $bin: not an executable (build it: cmake --build BUILD --target summarize)"
case $precision in fp32|tf32|fp16) ;; *) die "--precision $precision: fp32, tf32 or fp16" ;; esac
for v in ${sizes//,/ } $timeout_s $repeat; do
  case $v in ''|*[!0-9]*) die "not a positive integer: $v" ;; esac
done
command -v timeout >/dev/null || die "needs timeout (coreutils)"
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
export LC_ALL=C

# ---- chunks: the corpus split once, each chunk's candidates measured once -------------------
chunks=$work/chunks
abs() { if [ -n "$1" ]; then (cd "$1" && pwd); else echo -; fi; }
stamp="$(abs "$reuters") $(abs "$duc") generate=$generate $("$bin" --version 2>&1 | head -1) no-clean"
if [ ! -f "$chunks/counts.tsv" ] || [ "$(cat "$chunks/stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "$prog: splitting the corpus into $chunks and counting candidates (once)" >&2
  rm -rf "$chunks"; mkdir -p "$chunks"
  for d in ${duc:+"$duc"/D06*/}; do
    t=$(basename "$d") out=$chunks/0-duc-$t.sgm
    : > "$out"
    for f in "$d"*; do
      case ${f##*/} in *DS_Store*) continue ;; esac
      [ -f "$f" ] && cat "$f" >> "$out"
    done
  done
  for f in ${reuters:+"$reuters"/reut2-*.sgm}; do
    b=$(basename "$f" .sgm)
    tr '\200-\377' '?' < "$f" | awk -v pre="$chunks/1-$b-" '
      /<REUTERS/ { if (n % 100 == 0) { if (out) close(out); out = sprintf("%s%02d.sgm", pre, n / 100) } n++; on = 1 }
      on { print > out }
      /<\/REUTERS>/ { on = 0 }'
  done
  if [ "$generate" -gt 0 ]; then
    # Park-Miller draws (exact in any awk's doubles), so every awk makes the same text.
    cat "$words"/*.txt | tr -cs "A-Za-z'" '\n' | grep -E '^[A-Za-z]' |
      awk -v docs="$generate" -v pre="$chunks/2-gen-" '
        function draw(n) { x = (x * 16807) % 2147483647; return int(x / 2147483647 * n) }
        { w[nw++] = $0 }
        END {
          x = 20061; if (nw == 0) exit 1
          for (d = 0; d < docs; d++) {
            if (d % 25 == 0) { if (out) close(out); out = sprintf("%s%04d.sgm", pre, d / 25) }
            printf "<DOC>\n<DOCNO> GEN%06d </DOCNO>\n<TEXT>\n<P>\n", d > out
            ns = 10 + draw(21)
            for (s = 0; s < ns; s++) {
              nt = 10 + draw(21); line = ""
              for (t = 0; t < nt; t++) {
                v = w[draw(nw)]
                if (t == 0) v = toupper(substr(v, 1, 1)) substr(v, 2)
                line = line (t ? " " : "") v
              }
              print line "." > out
              if (s % 3 == 2 && s + 1 < ns) print "</P>\n<P>" > out
            }
            print "</P>\n</TEXT>\n</DOC>" > out
          }
        }'
  fi
  for c in "$chunks"/*.sgm; do
    docs=$(grep -c -E '</(DOC|REUTERS)>' "$c" || true)
    cand=$("$bin" --no-clean --cpu --sentences 1 --format json "$c" 2>/dev/null |
           sed -n 's/.*"candidates": \([0-9]*\).*/\1/p' || true)
    [ -n "$cand" ] || die "summarize failed on chunk $c: $("$bin" --no-clean --cpu --sentences 1 "$c" 2>&1 >/dev/null | tail -1)"
    printf '%s\t%s\t%s\n' "${c##*/}" "$docs" "$cand"
  done > "$chunks/counts.tsv.tmp"
  mv "$chunks/counts.tsv.tmp" "$chunks/counts.tsv"
  printf '%s\n' "$stamp" > "$chunks/stamp"
fi
read -r corpus_docs corpus_cand < <(awk -F'\t' '{d += $2; c += $3} END {print d, c}' "$chunks/counts.tsv")

# Candidates in the first $2 documents of chunk $1.
prefix_docs() { awk -v m="$2" '{ print } /<\/(DOC|REUTERS)>/ { if (++k >= m) exit }' "$1"; }
prefix_cand() {
  prefix_docs "$1" "$2" > "$work/prefix.sgm"
  "$bin" --no-clean --cpu --sentences 1 --format json "$work/prefix.sgm" 2>/dev/null |
    sed -n 's/.*"candidates": \([0-9]*\).*/\1/p' || true
}

# A cluster folder of about $1 candidates: whole chunks in stream order, copy after copy; the
# last chunk cut after the document that brings the count nearest the target (by bisection,
# counting with summarize itself).
build_point() {
  local n=$1 dir=$work/points/$1
  rm -rf "$dir"; mkdir -p "$dir"
  awk -F'\t' -v n="$n" '{ name[NR] = $1; docs[NR] = $2; cand[NR] = $3 }
    END {
      acc = 0
      for (copy = 1; acc < n; copy++)
        for (i = 1; i <= NR && acc < n; i++) {
          if (acc + cand[i] <= n) { print copy, name[i], docs[i], 0; acc += cand[i]; continue }
          print copy, name[i], docs[i], n - acc
          acc = n
        }
    }' "$chunks/counts.tsv" |
  while read -r copy name docs need; do
    local src=$chunks/$name dst lo hi mid c0 c1; dst=$dir/$(printf 'c%03d-%s' "$copy" "$name")
    if [ "$need" = 0 ]; then
      ln "$src" "$dst" 2>/dev/null || cp "$src" "$dst"
      continue
    fi
    lo=0 hi=$docs # smallest prefix of at least $need candidates
    while [ $((hi - lo)) -gt 1 ]; do
      mid=$(((lo + hi) / 2))
      if [ "$(prefix_cand "$src" "$mid")" -ge "$need" ]; then hi=$mid; else lo=$mid; fi
    done
    c1=$(prefix_cand "$src" "$hi") c0=0
    [ "$lo" -gt 0 ] && c0=$(prefix_cand "$src" "$lo")
    [ $((need - c0)) -lt $((c1 - need)) ] && hi=$lo
    [ "$hi" -gt 0 ] && prefix_docs "$src" "$hi" > "$dst"
  done
  rm -f "$work/prefix.sgm"
  echo "$dir"
}

# ---- one run ---------------------------------------------------------------------------------
gnu_time=0
/usr/bin/time -f %M -o /dev/null true 2>/dev/null && gnu_time=1
now() { date +%s%N; }
# run_one OUTPREFIX ARGS...: writes OUTPREFIX.json, .err, .rss (KiB or n/a), .wall (s), .rc
run_one() {
  local o=$1 t0 t1 rc=0; shift
  t0=$(now)
  if [ "$gnu_time" = 1 ]; then
    /usr/bin/time -f %M -o "$o.rss" timeout "$timeout_s" "$@" > "$o.json" 2> "$o.err" || rc=$?
    t1=$(now)
    tail -1 "$o.rss" | grep -qx '[0-9][0-9]*' || echo n/a > "$o.rss"
    tail -1 "$o.rss" > "$o.rss.tmp"; mv "$o.rss.tmp" "$o.rss"
  else
    timeout "$timeout_s" "$@" > "$o.json" 2> "$o.err" &
    local pid=$! hwm=0 v c
    while kill -0 "$pid" 2>/dev/null; do
      c=$(awk '{print $1}' "/proc/$pid/task/$pid/children" 2>/dev/null || true)
      v=$(awk '/^VmHWM:/ {print $2}' "/proc/${c:-$pid}/status" 2>/dev/null || true)
      [ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v
      sleep 0.1
    done
    wait "$pid" || rc=$?
    t1=$(now)
    if [ "$hwm" -gt 0 ]; then echo "$hwm" > "$o.rss"; else echo n/a > "$o.rss"; fi
  fi
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }' > "$o.wall"
  echo "$rc" > "$o.rc"
  return 0
}
jnum() { sed -n "s/.*\"$2\": \([-0-9.eE+]*\).*/\1/p" "$1" | tail -1; }
jstr() { sed -n "s/.*\"$2\": \"\([^\"]*\)\".*/\1/p" "$1" | tail -1; }

# Dense peak TFLOP/s of the device for the precision; n/a when unknown.
peak_tflops() {
  local dev=$1 p=$2 row f32 t32 f16
  case $dev in
    *H200*) row="67 495 989" ;;
    *H100*PCIe*) row="51 378 756" ;;
    *H100*SXM*|*H100*HBM3*) row="67 495 989" ;;
    *) echo n/a; return ;;
  esac
  read -r f32 t32 f16 <<< "$row"
  case $p in fp32) echo "$f32" ;; tf32) echo "$t32" ;; fp16) echo "$f16" ;; esac
}

# ---- header ----------------------------------------------------------------------------------
cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
mem_gib=$(awk '/^MemTotal:/ {printf "%.1f", $2 / 1048576}' /proc/meminfo 2>/dev/null || echo n/a)
mkdir -p "$work/runs"

IFS=, read -r -a backend_list <<< "$backends"
IFS=, read -r -a graph_list <<< "$graphs"
IFS=, read -r -a size_list <<< "$sizes"
usable=()
probe=$(awk -F'\t' 'NR == 1 {print $1}' "$chunks/counts.tsv")
for b in "${backend_list[@]}"; do
  if [ "$b" = cuda ]; then
    rc=0; "$bin" --backend cuda --sentences 1 "$chunks/$probe" > /dev/null 2> "$work/runs/probe.err" || rc=$?
    if [ "$rc" = 3 ]; then
      echo "cuda: skipped, summarize --backend cuda exited 3: $(tail -1 "$work/runs/probe.err")"
      continue
    fi
  fi
  usable+=("$b")
done
[ ${#usable[@]} -gt 0 ] || die "no backend to run"

opts=(--format json -v --no-clean --memory "$memory" --precision "$precision")
[ -n "$neighbors" ] && opts+=(--neighbors "$neighbors")
opts+=("${extra[@]}")

echo "# mds scale: $("$bin" --version 2>&1 | head -1), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# machine: $(nproc) cores, ${cpu_model:-unknown CPU}, ${mem_gib} GiB; OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-unset}; peak RSS by $([ "$gnu_time" = 1 ] && echo 'GNU time' || echo '/proc VmHWM polling')"
echo "# corpus once: $corpus_docs documents, $corpus_cand candidates (--no-clean); inputs under $work/points"
echo "# each run: $bin ${opts[*]} --backend B --graph G DIR  (best of $repeat by wall time)"

# ---- runs --------------------------------------------------------------------------------------
results=$work/runs/results.tsv
: > "$results"
gpu_name=""
for n in "${size_list[@]}"; do
  dir=$(build_point "$n")
  for g in "${graph_list[@]}"; do
    for b in "${usable[@]}"; do
      best=""
      for r in $(seq "$repeat"); do
        o=$work/runs/$n-$g-$b-$r
        run_one "$o" "$bin" "${opts[@]}" --backend "$b" --graph "$g" "$dir"
        if [ "$(cat "$o.rc")" != 0 ]; then
          echo "# $n $g $b: exit $(cat "$o.rc")$( [ "$(cat "$o.rc")" = 124 ] && echo " (over --timeout $timeout_s s)"): $(tail -1 "$o.err")" >&2
          best=$o; break
        fi
        if [ -z "$best" ] || awk -v a="$(cat "$o.wall")" -v b="$(cat "$best.wall")" 'BEGIN {exit !(a < b)}'; then
          best=$o
        fi
      done
      o=$best
      if [ "$(cat "$o.rc")" != 0 ]; then
        printf '%s\t%s\t%s\tfailed(exit %s)\n' "$n" "$g" "$b" "$(cat "$o.rc")" >> "$results"
        continue
      fi
      dev=$(jstr "$o.json" device) used=$(jstr "$o.json" backend) kind=$(jstr "$o.json" graph)
      warn=$(jstr "$o.json" warning)
      [ -n "$warn" ] && echo "# $n $g $b: warning: $warn" >&2
      [ "$used" = cuda ] && gpu_name=$dev
      printf '%s\t%s\t%s\tok\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$n" "$g" "$b" "$used" "$kind" "$dev" "$(jnum "$o.json" candidates)" "$(cat "$o.wall")" \
        "$(jnum "$o.json" seconds_gram)" "$(jnum "$o.json" seconds_graph)" "$(jnum "$o.json" seconds_rank)" \
        "$(cat "$o.rss")" "$(jnum "$o.json" device_bytes)" "$(jnum "$o.json" gram_flops)" \
        "$(jnum "$o.json" iterations)" "$(jnum "$o.json" edges)" \
        "$(sed -n 's/.*: read \([0-9.]*\) ms,.*/\1/p' "$o.err" | tail -1)" >> "$results"
    done
  done
done
echo "# GPU: ${gpu_name:-none used}"
echo

# ---- tables ------------------------------------------------------------------------------------
if [ "$crossover" = 0 ]; then
  # read: from -v; rest: wall less read, similarity and rank (process start, cleaning,
  # segmentation, embedding, selection, output)
  echo "| target | backend | candidates | graph | wall s | read s | similarity s | gram s | rank s | rest s | iterations | peak RSS MiB | device MiB | gram TFLOP/s | % of peak |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  while IFS=$'\t' read -r n g b st used kind dev cand wall sg sgr sr rss dbytes flops iters _edges rd; do
    if [ "$st" != ok ]; then echo "| $n | $b | | $g | $st | | | | | | | | | | |"; continue; fi
    peak=n/a; [ "$used" = cuda ] && peak=$(peak_tflops "$dev" "$precision")
    awk -v n="$n" -v b="$used" -v c="$cand" -v k="$kind" -v w="$wall" -v sg="$sg" -v sgr="$sgr" \
        -v sr="$sr" -v rss="$rss" -v db="$dbytes" -v f="$flops" -v it="$iters" -v pk="$peak" \
        -v rd="$rd" 'BEGIN {
      tf = sg > 0 ? f / sg / 1e12 : 0
      printf "| %s | %s | %s | %s | %.2f | %s | %.2f | %.2f | %.2f | %s | %s | %s | %s | %.3f | %s |\n",
        n, b, c, k, w, (rd == "" ? "n/a" : sprintf("%.2f", rd / 1000)), sg + sgr, sg, sr,
        (rd == "" ? "n/a" : sprintf("%.2f", w - rd / 1000 - sg - sgr - sr)), it,
        (rss == "n/a" ? "n/a" : sprintf("%.0f", rss / 1024)),
        (b == "cuda" ? sprintf("%.0f", db / 1048576) : "-"), tf,
        (pk == "n/a" ? "n/a" : sprintf("%.1f%%", 100 * tf / pk)) }'
  done < "$results"
else
  # one line a size: both backends' wall and in-library (gram + graph + rank) seconds
  echo "| target | candidates | cpu wall s | cuda wall s | cpu compute s | cuda compute s | faster (wall) |"
  echo "|---|---|---|---|---|---|---|"
  awk -F'\t' '$4 == "ok" { k = $1; cand[k] = $8; w[k, $3] = $9; c[k, $3] = $10 + $11 + $12
                           if (!(k in seen)) { seen[k] = 1; order[++m] = k } }
    END {
      for (i = 1; i <= m; i++) {
        k = order[i]; cw = w[k, "cpu"]; gw = w[k, "cuda"]
        win = (cw != "" && gw != "") ? (gw < cw ? "cuda" : "cpu") : "n/a"
        printf "| %s | %s | %s | %s | %s | %s | %s |\n", k, cand[k], cw, gw,
          (c[k, "cpu"] != "" ? sprintf("%.3f", c[k, "cpu"]) : ""), (c[k, "cuda"] != "" ? sprintf("%.3f", c[k, "cuda"]) : ""), win
        if (win == "cuda" && first_wall == "") first_wall = cand[k]
        if (c[k, "cpu"] != "" && c[k, "cuda"] != "" && c[k, "cuda"] < c[k, "cpu"] && first_c == "") first_c = cand[k]
      }
      printf "\ncuda first wins end to end at %s; in compute (gram + graph + rank) at %s\n",
        (first_wall == "" ? "none of these sizes" : first_wall " candidates"),
        (first_c == "" ? "none of these sizes" : first_c " candidates")
    }' "$results"
fi
echo
echo "# raw results: $results; JSON and stderr of each run: $work/runs/"
