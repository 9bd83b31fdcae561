#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fuzzing: builds the libFuzzer harnesses of tests/fuzz (clang, ASan and UBSan, CPU backend)
# in build-fuzz/ and runs each on a copy of its seed corpus; .ci/run calls it for a smoke run.
#
#   scripts/fuzz.sh [--seconds N | --runs N] [--known] [--save-corpus] [--max-len N] [HARNESS...]
#
#   HARNESS        ingest, html, json, model, pipeline, rouge (default: all), run one after another
#   --seconds N    fuzz each harness for N seconds (default 60)
#   --runs N       or for N inputs
#   --known        also start from the inputs of tests/fuzz/known/ (crashes of defects that are
#                  being fixed) and count every crash; without it those inputs are left out,
#                  and a crash that tests/fuzz/known/signatures names is reported as known, the
#                  harness restarted, and the run does not fail on it
#   --save-corpus  merge what the run found into tests/fuzz/corpus/HARNESS (minimized);
#                  otherwise nothing is written into the source tree
#   --max-len N    longest input libFuzzer makes (default: per harness, below)
#   --seed N       libFuzzer's random seed (default: a new one each run); with --runs, runs on
#                  the same corpus stay close to each other, as CI wants
#
# The work lives in build-fuzz/runs/HARNESS/ (corpus, artifacts, log); the corpus found there
# is kept for the next run. Prints per harness the inputs run, exec/s, coverage (libFuzzer's
# cov: and ft:) and crashes; exits 1 if any harness crashed, with the reproducer's path (run
# build-fuzz/fuzz_HARNESS PATH to replay it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

all=(ingest html json model pipeline rouge)
declare -A dict=([ingest]=sgml [html]=html [json]=json [model]=model [pipeline]=sgml [rouge]=rouge)
declare -A maxlen=([ingest]=16384 [html]=16384 [json]=16384 [model]=8192 [pipeline]=8192 [rouge]=8192)

seconds=60; runs=""; known=0; save=0; len_override=""; seed=""; harnesses=()
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; runs=""; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --known) known=1; shift ;;
    --save-corpus) save=1; shift ;;
    --max-len) len_override=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    -h|--help) sed -n '3,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) [ -n "${dict[$1]:-}" ] || { echo "fuzz.sh: no harness $1 (${all[*]})" >&2; exit 2; }
       harnesses+=("$1"); shift ;;
  esac
done
[ ${#harnesses[@]} -gt 0 ] || harnesses=("${all[@]}")
for n in "$seconds" ${runs:+"$runs"} ${len_override:+"$len_override"}; do
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -gt 0 ] || { echo "fuzz.sh: $n is not a positive count" >&2; exit 2; }
done

scripts/install-deps.sh --fuzz
command -v clang >/dev/null || { echo "fuzz.sh: needs clang" >&2; exit 1; }
build=build-fuzz
CC=clang cmake -S . -B $build -DMDS_FUZZ=ON -DMDS_CUDA=OFF -DMDS_TESTS=OFF -DMDS_WERROR=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=(fuzz_model_seeds)
for h in "${harnesses[@]}"; do targets+=("fuzz_$h"); done
cmake --build $build -j "$(nproc)" --target "${targets[@]}" >/dev/null

# One BLAS thread: OpenBLAS reads this when it loads, before any harness code runs.
export OPENBLAS_NUM_THREADS=1
export UBSAN_OPTIONS=print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1

# Is the crash in this log one that tests/fuzz/known/signatures names for harness $1?
# Prints the description of the first signature that matches.
known_crash() {
  local h=$1 log=$2 who pattern what
  while IFS=$'\t' read -r who pattern what; do
    case $who in ''|'#'*) continue ;; esac
    [ "$who" = "*" ] || [ "$who" = "$h" ] || continue
    if grep -Eq -- "$pattern" "$log"; then echo "$what"; return 0; fi
  done < tests/fuzz/known/signatures
  return 1
}

status=0
summary=()
for h in "${harnesses[@]}"; do
  work=$root/$build/runs/$h
  mkdir -p "$work/corpus" "$work/artifacts" "$work/tmp"
  if [ -d tests/fuzz/corpus/$h ]; then cp -p tests/fuzz/corpus/$h/* "$work/corpus/" 2>/dev/null || true; fi
  [ "$h" = model ] && $build/fuzz_model_seeds "$work/corpus"
  # the pages of the tests' HTML cluster seed the HTML harness too (kept once, in tests/data)
  if [ "$h" = html ]; then cp -p tests/data/html-cluster/*.html "$work/corpus/"; fi
  if [ $known = 1 ] && [ -d tests/fuzz/known/$h ]; then cp -p tests/fuzz/known/$h/* "$work/corpus/"; fi
  flags=(-dict=tests/fuzz/${dict[$h]}.dict -max_len=${len_override:-${maxlen[$h]}} -timeout=20
         -rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix="$work/artifacts/")
  total_runs=0; cov=0; ft=0; crashes=0; restarts=0; stalls=0; repro=""
  declare -A hits=()
  start=$SECONDS
  while :; do
    left_s=$((seconds - (SECONDS - start)))
    if [ -n "$runs" ]; then
      left_r=$((runs - total_runs)); [ $left_r -gt 0 ] || break
      budget=(-runs=$left_r)
    else
      [ $left_s -gt 0 ] || break
      budget=(-max_total_time=$left_s)
    fi
    log=$work/log.$restarts
    rc=0
    seeded=() # a restart after a known crash takes the next seed, not the same inputs again
    [ -n "$seed" ] && seeded=(-seed=$((seed + restarts)))
    TMPDIR=$work/tmp $build/fuzz_$h "${flags[@]}" "${budget[@]}" "${seeded[@]}" "$work/corpus" \
      >"$log" 2>&1 || rc=$?
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    total_runs=$((total_runs + ${n:-0}))
    c=$(sed -n 's/.* cov: \([0-9]*\) .*/\1/p' "$log" | tail -1); [ "${c:-0}" -le $cov ] || cov=$c
    f=$(sed -n 's/.* ft: \([0-9]*\) .*/\1/p' "$log" | tail -1); [ "${f:-0}" -le $ft ] || ft=$f
    [ $rc = 0 ] && break
    repro=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
    if [ $known = 0 ] && desc=$(known_crash "$h" "$log"); then
      # A known defect: keep its input aside, and go on from the corpus found so far.
      hits[$desc]=$((${hits[$desc]:-0} + 1))
      mkdir -p "$work/known-hits"
      [ -n "$repro" ] && [ -f "$repro" ] && mv "$repro" "$work/known-hits/"
      restarts=$((restarts + 1))
      # Three crashes in a row before any input of its own: the corpus itself crashes.
      if grep -q 'INITED' "$log"; then stalls=0; else stalls=$((stalls + 1)); fi
      [ $stalls -lt 3 ] || { echo "fuzz.sh: $h: the corpus crashes at start, stopping" >&2; break; }
      continue
    fi
    crashes=1
    echo "== fuzz_$h: crash (exit $rc); log $log" >&2
    grep -E -m3 'ERROR:|runtime error:|property failed|SUMMARY:' "$log" >&2 || tail -20 "$log" >&2
    echo "   reproduce: $build/fuzz_$h ${repro:-(no reproducer written)}" >&2
    status=1
    break
  done
  elapsed=$((SECONDS - start)); [ $elapsed -gt 0 ] || elapsed=1
  line=$(printf '%-9s runs %9d  exec/s %6d  cov %5d  ft %6d  corpus %5d  crashes %d' "$h" \
         $total_runs $((total_runs / elapsed)) $cov $ft "$(ls "$work/corpus" | wc -l)" $crashes)
  for desc in "${!hits[@]}"; do line+="  known ${hits[$desc]}x: $desc"; done
  unset hits
  [ $crashes = 1 ] && line+="  reproducer ${repro:-none}"
  summary+=("$line")
  echo "$line"
  if [ $save = 1 ]; then
    mkdir -p tests/fuzz/corpus/$h
    TMPDIR=$work/tmp $build/fuzz_$h -merge=1 "${flags[@]}" tests/fuzz/corpus/$h "$work/corpus" \
      >"$work/merge.log" 2>&1 || echo "fuzz.sh: $h: merge failed, see $work/merge.log" >&2
  fi
done
# Without --known, say which inputs of tests/fuzz/known/ still crash: one that no longer does
# is fixed, and its place is the corpus.
if [ $known = 0 ]; then
  for h in "${harnesses[@]}"; do
    for f in tests/fuzz/known/$h/*; do
      [ -f "$f" ] || continue
      if TMPDIR=$root/$build/runs/$h/tmp $build/fuzz_$h "$f" >/dev/null 2>&1; then
        summary+=("known     $f: no longer crashes: move it to tests/fuzz/corpus/$h/")
      else
        summary+=("known     $f: still crashes")
      fi
    done
  done
fi
echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
exit $status
