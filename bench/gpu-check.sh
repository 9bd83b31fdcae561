#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The GPU path on a real GPU, in one go: what a lent GPU machine (one H100 or H200, CUDA 13,
# nvcc and CMake, none of our Debian libraries, minutes of time) must run, each step under its
# own time limit, everything written to OUTDIR.
#   bench/gpu-check.sh OUTDIR [--bundle DIR] [--dry] [--build DIR] [--time-budget S]
#                             [--duc DIR] [--work DIR] [--skip STEP[,STEP...]]
#   bench/gpu-check.sh --list-steps
# Steps, in order (docs/benchmarks.md, "GPU check: how to run it", says how to run it there):
#   env        nvidia-smi (name, driver, compute capability, memory), nvcc --version, cmake, cc
#   bundle     the libraries, headers and pkg-config files of scripts/gpu-bundle.sh: each one
#              there, pkg-config answers from them, the machine's glibc new enough
#   configure  cmake, Release, CUDA on (where nvcc is), against the bundle; warnings are errors
#              with --dry only (another compiler there may warn anew)
#   build      summarize and the tests that touch CUDA, every core; the warnings counted
#   linkage    every library summarize needs resolves (into the bundle when there is one); the
#              GPU code in the binary (cuobjdump) covers the device's compute capability
#   parity     tests/test_backend_parity.c: every backend operation against the CPU, at FP32,
#              TF32 and FP16; fails on a GPU machine if the cuda backend was skipped
#   tests      ctest of the tests that use the CUDA backend (backend, parity, summarize,
#              params, cli: its --backend cuda case takes the GPU branch there)
#   e2e        summarize --backend cuda against --backend cpu: the example (same text, backend
#              cuda, no fallback warning) and, where DUC 2006 is at hand, its 50 clusters at 250
#              words through summarize batch (same files)
#   scale      bench/scale.sh, cpu and cuda, at 1k, 10k and 100k candidates (FP32)
#   scale-1m   bench/scale.sh, cuda only, at 1M candidates (FP32)
#   crossover  bench/scale.sh --crossover: cpu against cuda, 100 to 20,000 candidates
#   tf32       bench/scale.sh, cuda, 100k and 1M at TF32 (the gram against the TF32 peak)
#   gram       from the runs above: the gram's TFLOP/s against the device's peak, device memory
#              (summarize's peak and nvidia-smi's, sampled every second) against the card's
#   targets    100k under 5 s and 1M under 60 s end to end, the gram above half the peak at its
#              precision (fails when one is missed: a finding, the check itself ran)
#   sanitizer  compute-sanitizer memcheck on test_backend_parity, with the time left
# --dry: for a machine without a GPU (CI): bundle, configure and build run for real (CUDA
# compiled where nvcc is); parity runs with the CPU pairings; e2e, scale and crossover run
# their CPU side at small sizes; the steps that need the device are "skipped (dry)". Exits 0
# when every step that ran is ok, 1 otherwise, 2 on bad usage.
# --bundle DIR: default .gpu-bundle in the repository root when there; in --dry mode without
# one, one is made under --work by scripts/gpu-bundle.sh (so CI checks that script too);
# without a bundle otherwise, the machine's own libraries. --build DIR: a build directory to
# use (configured there already: reused as it is; default build-gpu/ in the repository root).
# --time-budget S: the whole run (default 480): a step that cannot get its minimum in what is
# left is skipped ("no time left"), and no step's limit runs past the budget. --duc DIR: DUC
# 2006's duc2006_docs for e2e and the scaling steps (default: the bundle's data/duc2006_docs);
# without it the scaling steps use generated text (bench/scale.sh --generate). --work DIR:
# build inputs, runs and logs (default $TMPDIR/mds-gpu-check or /tmp/mds-gpu-check). --skip:
# steps not to run, reported "skipped (--skip)" (a second run skips what the first settled).
# OUTDIR gets four files (the device tool brings back at most 8): results.tsv (step, status:
# ok, failed, skipped or timeout, seconds, detail), gpu-check.log (every step's output),
# bench.md (the tables) and details.tgz (each step's log, CMakeCache.txt, bench/scale.sh's raw
# results, nvidia-smi's samples).
set -uo pipefail
prog=${0##*/}
root=$(cd "$(dirname "$0")/.." && pwd)
steps=(env bundle configure build linkage parity tests e2e scale scale-1m crossover tf32 gram
       targets sanitizer)
# Minimum seconds to start a step, and its own limit (cut to what the budget has left).
declare -A need=([env]=5 [bundle]=5 [configure]=15 [build]=30 [linkage]=5 [parity]=20 [tests]=30
  [e2e]=20 [scale]=60 [scale-1m]=60 [crossover]=45 [tf32]=60 [gram]=2 [targets]=2 [sanitizer]=30)
declare -A limit=([env]=30 [bundle]=60 [configure]=120 [build]=300 [linkage]=30 [parity]=120
  [tests]=180 [e2e]=120 [scale]=150 [scale-1m]=150 [crossover]=120 [tf32]=150 [gram]=30
  [targets]=30 [sanitizer]=150)

usage() { sed -n '3,50p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "$prog: $*" >&2; exit 2; }

# ---- one step, run by the script itself under timeout (bench/gpu-check.sh __step NAME) ----------
# State comes from GC_* in the environment; each step prints its log and writes a one-line
# detail to $GC_WORK/detail; exit 0 ok, 3 skipped, anything else failed.
detail() { printf '%s\n' "$*" > "$GC_WORK/detail"; }
skip() { detail "$*"; exit 3; }
step_env() {
  echo "== uname: $(uname -srm); $(nproc) cores; $(awk '/^MemTotal:/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "== glibc: $(ldd --version 2>&1 | head -1)"
  local gpu="no GPU" rc=0
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi || rc=$?
    nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total,clocks.max.sm \
      --format=csv || rc=$?
    gpu=$(nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total \
          --format=csv,noheader 2>/dev/null | head -1)
  else
    echo "== nvidia-smi: not found"; rc=1
  fi
  echo "== nvcc: $(command -v nvcc || echo "${GC_NVCC:-not found}")"
  [ -n "$GC_NVCC" ] && "$GC_NVCC" --version
  echo "== cmake: $(cmake --version | head -1)"
  echo "== cc: $(cc --version 2>&1 | head -1)"
  echo "== ninja: $(ninja --version 2>/dev/null || echo none); pkg-config: $(command -v pkg-config || echo none)"
  echo "== GNU time: $(/usr/bin/time -f %M true 2>&1 >/dev/null | grep -q '^[0-9]' && echo yes || echo no)"
  echo "== python3: $(python3 --version 2>&1)"
  detail "$gpu; nvcc $("${GC_NVCC:-false}" --version 2>/dev/null | sed -n 's/.*release \([0-9.]*\).*/\1/p' || true); $(cmake --version | head -1)"
  if [ "$GC_DRY" = 1 ]; then return 0; fi
  [ "$rc" = 0 ] || { detail "nvidia-smi failed or is missing; $(cat "$GC_WORK/detail")"; return 1; }
  [ -n "$GC_NVCC" ] || { detail "no nvcc; $(cat "$GC_WORK/detail")"; return 1; }
}

step_bundle() {
  local b=$GC_BUNDLE
  if [ -z "$b" ]; then
    [ "$GC_DRY" = 1 ] || skip "no bundle: the machine's own libraries"
    echo "== making a bundle: scripts/gpu-bundle.sh $GC_WORK/bundle"
    bash "$root/scripts/gpu-bundle.sh" "$GC_WORK/bundle" || { detail "scripts/gpu-bundle.sh failed"; return 1; }
    b=$GC_WORK/bundle
  fi
  # a copy may have lost the modes (the device tool copies the tree)
  chmod +x "$b/bin/pkg-config" "$b/bin/pkgconf" 2>/dev/null
  cat "$b/MANIFEST" 2>/dev/null || { detail "$b/MANIFEST: missing (not made by scripts/gpu-bundle.sh?)"; return 1; }
  local miss=""
  for f in lib/libopenblas.so lib/libunistring.so lib/libstemmer.so lib/libxxhash.so \
           lib/libcunit.so include/openblas/cblas.h include/unistr.h \
           include/uniwbrk.h include/libstemmer.h include/xxhash.h include/CUnit/Basic.h \
           bin/pkg-config; do
    [ -e "$b/$f" ] || miss="$miss $f"
  done
  [ -z "$miss" ] || { detail "missing in $b:$miss"; return 1; }
  echo "== pkg-config from the bundle"
  "$b/bin/pkg-config" --modversion openblas libxxhash cunit ||
    { detail "the bundle's pkg-config does not run or find its .pc files"; return 1; }
  "$b/bin/pkg-config" --cflags --libs openblas libxxhash cunit
  local want have
  want=$(awk '$1 == "needs-glibc" {print $2}' "$b/MANIFEST")
  have=$(ldd --version 2>&1 | head -1 | grep -o '[0-9]\+\.[0-9]\+$')
  echo "== glibc: the bundle needs $want, the machine has $have"
  if [ -n "$want" ] && [ -n "$have" ] &&
     [ "$(printf '%s\n%s\n' "$want" "$have" | sort -V | head -1)" != "$want" ]; then
    detail "glibc $have here, the bundle needs $want"; return 1
  fi
  detail "$b: $(du -sb "$b" | awk '{printf "%.1f MiB", $1 / 1048576}'), glibc $have >= $want"
}

step_configure() {
  local b=$GC_BUILD args reused=""
  if [ -f "$b/CMakeCache.txt" ] && [ "$GC_BUILD_GIVEN" = 1 ]; then
    echo "== reusing $b as configured"; reused=", reused as configured"
  else
    # Warnings are errors in CI (--dry); on the GPU machine another compiler may warn anew,
    # and that must not cost the run: the build step counts the warnings instead.
    local werror=OFF; [ "$GC_DRY" = 1 ] && werror=ON
    args=(-S "$root" -B "$b" "-DMDS_WERROR=$werror" -DCMAKE_BUILD_TYPE=Release)
    if [ -n "$GC_NVCC" ]; then args+=(-DMDS_CUDA=ON -DCMAKE_CUDA_COMPILER="$GC_NVCC")
    elif [ "$GC_DRY" = 1 ]; then args+=(-DMDS_CUDA=AUTO)
    else detail "no nvcc: cannot build the CUDA backend"; return 1; fi
    if [ -n "$GC_BUNDLE_USED" ]; then
      args+=(-DCMAKE_PREFIX_PATH="$GC_BUNDLE_USED" -DPKG_CONFIG_EXECUTABLE="$GC_BUNDLE_USED/bin/pkg-config")
    fi
    command -v ninja >/dev/null && [ ! -f "$b/CMakeCache.txt" ] && args+=(-G Ninja)
    echo "== cmake ${args[*]}"
    cmake "${args[@]}" || { detail "cmake failed"; return 1; }
  fi
  echo "== configuration"
  grep -E '^(CMAKE_BUILD_TYPE|CMAKE_C_COMPILER|CMAKE_CUDA_COMPILER|CMAKE_CUDA_ARCHITECTURES|MDS_[A-Z_]*|UNISTRING_[A-Z_]*|STEMMER_[A-Z_]*|CMAKE_GENERATOR|PKG_CONFIG_EXECUTABLE):' "$b/CMakeCache.txt"
  local cuda=no
  compgen -G "$b/CMakeFiles/*/CMakeCUDACompiler.cmake" >/dev/null && cuda=yes
  detail "$b, CUDA $cuda$reused"
}

step_build() {
  local targets=(summarize test_backend test_backend_parity test_summarize test_params)
  echo "== cmake --build $GC_BUILD -j $(nproc) --target ${targets[*]}"
  cmake --build "$GC_BUILD" -j "$(nproc)" --target "${targets[@]}" 2>&1 | tee "$GC_WORK/build.out"
  [ "${PIPESTATUS[0]}" = 0 ] || { detail "build failed: $(grep -m1 -E 'error' "$GC_WORK/build.out")"; return 1; }
  "$GC_BUILD/summarize" --version
  detail "$("$GC_BUILD/summarize" --version | tail -1); $(grep -c 'warning' "$GC_WORK/build.out") warning lines"
  "$GC_BUILD/summarize" --version | grep -q 'backends:.* cuda' && return 0
  [ "$GC_DRY" = 1 ] && [ -z "$GC_NVCC" ] && { detail "CPU only (no nvcc)"; return 0; }
  detail "summarize has no cuda backend"; return 1
}

step_linkage() {
  local bin=$GC_BUILD/summarize out bad="" elf cc
  out=$(ldd "$bin") || { detail "ldd failed"; return 1; }
  echo "$out"
  grep -q 'not found' <<< "$out" && { detail "unresolved: $(grep 'not found' <<< "$out" | awk '{print $1}' | tr '\n' ' ')"; return 1; }
  if [ -n "$GC_BUNDLE_USED" ]; then
    # (OpenBLAS is not linked but loaded when first needed: LD_LIBRARY_PATH finds the bundle's)
    for l in libunistring libstemmer libxxhash; do
      grep -q "$l.*=> $GC_BUNDLE_USED/lib/" <<< "$out" || bad="$bad $l"
    done
    [ -z "$bad" ] || { detail "not from the bundle:$bad"; return 1; }
  fi
  elf=""
  if command -v cuobjdump >/dev/null; then
    # the kernels are in the library summarize links (libmds.so.0), or in summarize itself
    local code; code=$(awk '/libmds\.so/ { print $3 }' <<< "$out")
    elf=$(cuobjdump --list-elf "${code:-$bin}" 2>/dev/null |
          grep -o 'sm_[0-9]*[a-z]*' | sort -u | tr '\n' ' ')
    echo "== GPU code in summarize: ${elf:-none}"
  fi
  cc=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -1 | tr -d '. ')
  if [ -n "$cc" ] && [ -n "$elf" ]; then
    if grep -qw "sm_$cc" <<< "$elf"; then detail "libraries resolve; SASS ${elf% }, device sm_$cc: native"
    else detail "libraries resolve; SASS ${elf% }, device sm_$cc: runs on PTX compiled at load"; fi
  else
    detail "libraries resolve$([ -n "$GC_BUNDLE_USED" ] && echo " into the bundle")${elf:+; SASS ${elf% }}"
  fi
}

step_parity() {
  local log=$GC_WORK/parity.out rc=0
  (cd "$GC_BUILD" && OPENBLAS_NUM_THREADS=1 ./test_backend_parity) > "$log" 2>&1 || rc=$?
  cat "$log"
  local skipped; skipped=$(grep -c 'backend cuda SKIPPED' "$log")
  local summary; summary=$(grep -E 'asserts|tests' "$log" | tail -2 | tr -s ' ' | tr '\n' ';')
  if [ "$rc" != 0 ]; then detail "test_backend_parity exit $rc: $summary"; return 1; fi
  if [ "$GC_DRY" = 1 ]; then detail "CPU pairings only (dry): $summary"; return 0; fi
  [ "$skipped" = 0 ] || { detail "cuda backend SKIPPED: $(grep -m1 SKIPPED "$log")"; return 1; }
  detail "cuda against cpu at fp32, tf32, fp16: $summary"
}

step_tests() {
  [ "$GC_DRY" = 1 ] && skip "dry: needs the GPU"
  local rc=0
  (cd "$GC_BUILD" && OPENBLAS_NUM_THREADS=1 ctest --output-on-failure -j 4 \
     -R '^(test_backend|test_backend_parity|test_summarize|test_params)$') || rc=$?
  # the CLI's end-to-end test, its --backend cuda case included (bash, no ctest target built)
  bash "$root/tests/test_cli.sh" "$GC_BUILD/summarize" "$root" > "$GC_WORK/cli.out" 2>&1 || rc=$?
  cat "$GC_WORK/cli.out"
  detail "ctest backend, parity, summarize, params; cli: $(grep -c '^ok' "$GC_WORK/cli.out") ok, $(grep -c '^FAIL' "$GC_WORK/cli.out") failed$(grep -q '^ok   --backend cuda on a GPU' "$GC_WORK/cli.out" && echo ', its cuda case on the GPU')"
  [ "$rc" = 0 ] || return "$rc"
  grep -q '^ok   --backend cuda on a GPU' "$GC_WORK/cli.out" ||
    { detail "$(cat "$GC_WORK/detail"); its --backend cuda case did not reach the GPU"; return 1; }
}

step_e2e() {
  local bin=$GC_BUILD/summarize ex=$root/examples/putin-north-korea d=$GC_WORK/e2e rc=0
  rm -rf "$d"; mkdir -p "$d"
  "$bin" --backend cpu "$ex" > "$d/cpu.txt" || { detail "summarize --backend cpu failed"; return 1; }
  if [ "$GC_DRY" = 1 ]; then
    "$bin" --backend cuda "$ex" > "$d/cuda.txt" 2> "$d/cuda.err"; rc=$?
    cat "$d/cuda.err"
    [ "$rc" = 3 ] || { detail "dry: --backend cuda without a GPU exited $rc, not 3"; return 1; }
    detail "dry: CPU summary made; --backend cuda exits 3 without a GPU"; return 0
  fi
  "$bin" --backend cuda --format json -v "$ex" > "$d/cuda.json" 2> "$d/cuda.err" || rc=$?
  "$bin" --backend cuda "$ex" > "$d/cuda.txt" 2>> "$d/cuda.err" || rc=$?
  cat "$d/cuda.err"
  [ "$rc" = 0 ] || { detail "summarize --backend cuda exit $rc: $(tail -1 "$d/cuda.err")"; return 1; }
  local msg=""
  grep -q '"backend": "cuda"' "$d/cuda.json" || msg="$msg; not run on cuda"
  grep -q '"warning"' "$d/cuda.json" && msg="$msg; warning: $(grep -o '"warning": "[^"]*"' "$d/cuda.json")"
  if cmp -s "$d/cpu.txt" "$d/cuda.txt"; then echo "== example: cuda = cpu"
  else diff "$d/cpu.txt" "$d/cuda.txt"; msg="$msg; example summary differs"; fi
  local duc_note="no DUC 2006 at hand"
  if [ -n "$GC_DUC" ]; then
    local b
    for b in cpu cuda; do
      "$bin" batch --words 250 --backend "$b" -o "$d/duc-$b" "$GC_DUC" > /dev/null 2> "$d/duc-$b.err" ||
        msg="$msg; DUC batch on $b: exit $?: $(tail -1 "$d/duc-$b.err")"
    done
    local n same
    n=$(ls "$d/duc-cpu"/*.txt 2>/dev/null | wc -l)
    same=0
    for f in "$d/duc-cpu"/*.txt; do cmp -s "$f" "$d/duc-cuda/${f##*/}" && same=$((same + 1)); done
    echo "== DUC 2006 at 250 words, summarize batch: $same of $n clusters the same on cuda as on cpu"
    [ "$same" = "$n" ] && [ "$n" -gt 0 ] || msg="$msg; DUC: $same of $n the same"
    duc_note="DUC 2006: $same/$n clusters the same, $(grep -ci 'warning' "$d/duc-cuda.err") warning lines on cuda"
    grep -i 'warning' "$d/duc-cuda.err" | head -5
  fi
  detail "${msg:+FAILED${msg}; }example the same on cuda as on cpu; $duc_note"
  [ -z "$msg" ]
}

# bench/scale.sh with the data at hand; the table goes to $GC_WORK/NAME.md, raw results beside.
scale_run() {
  local name=$1; shift
  local src=(--generate 2000)
  [ -n "$GC_DUC" ] && src=(--duc "$GC_DUC")
  local rc=0
  bash "$root/bench/scale.sh" --summarize "$GC_BUILD/summarize" "${src[@]}" --work "$GC_WORK/scale" \
    "$@" > "$GC_WORK/$name.md" || rc=$?
  cat "$GC_WORK/$name.md"
  cp "$GC_WORK/scale/runs/results.tsv" "$GC_WORK/$name.tsv" 2>/dev/null
  [ "$rc" = 0 ] || { detail "bench/scale.sh exit $rc"; return 1; }
  # A CPU run over its --timeout is a figure (n/a), not a failure of the check.
  local failed slow
  failed=$(awk -F'\t' '$4 != "ok" && !($3 == "cpu" && $4 ~ /exit 124/) {printf " %s/%s:%s", $1, $3, $4}' "$GC_WORK/$name.tsv")
  slow=$(awk -F'\t' '$3 == "cpu" && $4 ~ /exit 124/ {printf " %s", $1}' "$GC_WORK/$name.tsv")
  [ -z "$failed" ] || { detail "runs failed:$failed"; return 1; }
  if [ "$GC_DRY" = 0 ] && [[ " $* " == *cuda* ]]; then
    local off; off=$(awk -F'\t' '$3 == "cuda" && $5 != "cuda" {printf " %s", $1} END {if (!NR) print " all"}' "$GC_WORK/$name.tsv")
    grep -q "cuda: skipped" "$GC_WORK/$name.md" && off=" all (cuda skipped)"
    [ -z "$off" ] || { detail "not on the GPU at:$off"; return 1; }
  fi
  detail "$(awk -F'\t' '$4 == "ok" {printf "%s%s %s %.2fs", (k++ ? "; " : ""), $3, $8, $9}' "$GC_WORK/$name.tsv")${slow:+; cpu over its time limit at$slow}"
}
step_scale() {
  if [ "$GC_DRY" = 1 ]; then scale_run scale --backends cpu --sizes 1000 --timeout 60 || return 1
    detail "dry: cpu at 1000 only; $(cat "$GC_WORK/detail")"; return 0; fi
  scale_run scale --backends cpu,cuda --sizes 1000,10000,100000 --timeout 75
}
step_scale_1m() {
  [ "$GC_DRY" = 1 ] && skip "dry: needs the GPU"
  scale_run scale-1m --backends cuda --sizes 1000000 --memory 32G --timeout 140
}
step_crossover() {
  if [ "$GC_DRY" = 1 ]; then
    scale_run crossover --crossover --backends cpu --sizes 100,1000 --repeat 1 --timeout 60 || return 1
    detail "dry: cpu at 100 and 1000 only"; return 0
  fi
  scale_run crossover --crossover --backends cpu,cuda --timeout 30 || return 1
  detail "$(grep 'first wins' "$GC_WORK/crossover.md")"
}
step_tf32() {
  [ "$GC_DRY" = 1 ] && skip "dry: needs the GPU"
  scale_run tf32 --backends cuda --sizes 100000,1000000 --precision tf32 --memory 32G --timeout 120
}

# Dense peak TFLOP/s of fp32, tf32, fp16 (the figures of bench/scale.sh's peak_tflops).
peaks() {
  case $1 in
    *H200*|*H100*SXM*|*H100*HBM3*) echo "67 495 989" ;;
    *H100*PCIe*) echo "51 378 756" ;;
    *) echo "" ;;
  esac
}
gram_rows() { # the cuda rows of every scale run: precision size seconds TFLOP/s device-MiB
  local f p
  for f in scale scale-1m tf32; do
    [ -f "$GC_WORK/$f.tsv" ] || continue
    p=fp32; [ "$f" = tf32 ] && p=tf32
    awk -F'\t' -v p="$p" '$4 == "ok" && $5 == "cuda" {
      printf "%s %s %s %.3f %.0f %s\n", p, $8, $9, ($10 > 0 ? $15 / $10 / 1e12 : 0), $14 / 1048576, $7 }' "$GC_WORK/$f.tsv"
  done
}
step_gram() {
  [ "$GC_DRY" = 1 ] && skip "dry: needs the GPU"
  local rows dev pk total smi_max
  rows=$(gram_rows)
  [ -n "$rows" ] || { detail "no cuda run to read"; return 1; }
  dev=$(nvidia-smi --query-gpu=name --format=csv,noheader | head -1)
  total=$(nvidia-smi --query-gpu=memory.total --format=csv,noheader,nounits | head -1)
  smi_max=$(awk -F', ' '{gsub(/ MiB/, "", $2); if ($2 + 0 > m) m = $2 + 0} END {print m + 0}' "$GC_WORK/smi.csv" 2>/dev/null)
  pk=$(peaks "$dev")
  echo "| precision | candidates | wall s | gram TFLOP/s | % of dense peak | device MiB (summarize) |"
  echo "|---|---|---|---|---|---|"
  echo "$rows" | awk -v pk="$pk" '{
    split(pk, P, " "); peak = ($1 == "fp32" ? P[1] : $1 == "tf32" ? P[2] : P[3])
    printf "| %s | %s | %.2f | %.1f | %s | %s |\n", $1, $2, $3, $4, (peak ? sprintf("%.0f%%", 100 * $4 / peak) : "n/a"), $5 }'
  echo
  echo "device: $dev, $total MiB; highest memory.used sampled by nvidia-smi: ${smi_max:-n/a} MiB"
  detail "$(echo "$rows" | awk -v pk="$pk" '{ split(pk, P, " "); peak = ($1 == "fp32" ? P[1] : P[2])
    k = $1; pk_of[k] = peak; if ($4 > best[k]) { best[k] = $4; at[k] = $2 } if ($5 > dm) dm = $5 }
    END { for (k in best) printf "%s best %.1f TFLOP/s (%s of peak) at %s; ", k, best[k],
            (pk_of[k] ? sprintf("%.0f%%", 100 * best[k] / pk_of[k]) : "n/a"), at[k]
          printf "summarize device peak %d MiB", dm }'); nvidia-smi max ${smi_max:-n/a} of $total MiB"
}
step_targets() {
  [ "$GC_DRY" = 1 ] && skip "dry: needs the GPU"
  local rows dev pk
  rows=$(gram_rows)
  [ -n "$rows" ] || { detail "no cuda run to judge"; return 1; }
  dev=$(nvidia-smi --query-gpu=name --format=csv,noheader | head -1); pk=$(peaks "$dev")
  echo "$rows" | awk -v pk="$pk" '
    { split(pk, P, " "); peak = ($1 == "fp32" ? P[1] : P[2]); n = $2 + 0
      if (n >= 90000 && n <= 110000 && (w100 == "" || $3 < w100)) { w100 = $3; p100 = $1 }
      if (n >= 900000 && n <= 1100000 && (w1m == "" || $3 < w1m)) { w1m = $3; p1m = $1 }
      if (peak && n >= 90000) { s = $4 / peak; if (s > share) { share = s; sp = $1 } } }
    END {
      ok = (w100 != "" && w100 < 5) + (w1m != "" && w1m < 60) + (share > 0.5)
      printf "100k %s (< 5 s: %s); 1M %s (< 60 s: %s); gram %s of %s peak (> 50%%: %s)\n",
        (w100 == "" ? "n/a" : w100 " s at " p100), (w100 != "" && w100 < 5 ? "yes" : "no"),
        (w1m == "" ? "n/a" : w1m " s at " p1m), (w1m != "" && w1m < 60 ? "yes" : "no"),
        sprintf("%.0f%%", 100 * share), (sp == "" ? "its" : sp), (share > 0.5 ? "yes" : "no")
      exit (ok == 3 ? 0 : 1) }' > "$GC_WORK/targets.txt"
  local rc=$?
  cat "$GC_WORK/targets.txt"; detail "$(cat "$GC_WORK/targets.txt")"
  return $rc
}
step_sanitizer() {
  [ "$GC_DRY" = 1 ] && skip "dry: needs the GPU"
  local cs; cs=$(command -v compute-sanitizer || echo "${GC_NVCC%/nvcc}/compute-sanitizer")
  [ -x "$cs" ] || skip "no compute-sanitizer"
  local rc=0
  (cd "$GC_BUILD" && OPENBLAS_NUM_THREADS=1 "$cs" --tool memcheck \
     --error-exitcode 9 ./test_backend_parity) > "$GC_WORK/sanitizer.out" 2>&1 || rc=$?
  tail -40 "$GC_WORK/sanitizer.out"
  detail "memcheck on test_backend_parity: exit $rc; $(grep -m1 'ERROR SUMMARY' "$GC_WORK/sanitizer.out")"
  return "$rc"
}

if [ "${1:-}" = __step ]; then
  "step_${2//-/_}"; exit $?
fi

# ---- arguments -------------------------------------------------------------------------------
out="" bundle="" dry=0 build="" budget=480 duc="" work=${TMPDIR:-/tmp}/mds-gpu-check skips=","
while [ $# -gt 0 ]; do
  case $1 in
    --bundle) [ $# -ge 2 ] || die "--bundle needs a value"; bundle=$2; shift 2 ;;
    --build) [ $# -ge 2 ] || die "--build needs a value"; build=$2; shift 2 ;;
    --time-budget) [ $# -ge 2 ] || die "--time-budget needs a value"; budget=$2; shift 2 ;;
    --duc) [ $# -ge 2 ] || die "--duc needs a value"; duc=$2; shift 2 ;;
    --work) [ $# -ge 2 ] || die "--work needs a value"; work=$2; shift 2 ;;
    --skip) [ $# -ge 2 ] || die "--skip needs a value"; skips="$skips$2,"; shift 2 ;;
    --dry) dry=1; shift ;;
    --list-steps) printf '%s\n' "${steps[@]}"; exit 0 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "$prog: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) [ -z "$out" ] || die "one OUTDIR only"; out=$1; shift ;;
  esac
done
[ -n "$out" ] || { usage >&2; exit 2; }
case $budget in ''|*[!0-9]*) die "--time-budget $budget: seconds" ;; esac
command -v timeout >/dev/null || die "needs timeout (coreutils)"
for s in ${skips//,/ }; do [[ " ${steps[*]} " == *" $s "* ]] || die "--skip $s: no such step (--list-steps)"; done
abspath() { mkdir -p "$1" && (cd "$1" && pwd); }
out=$(abspath "$out") work=$(abspath "$work")
[ -z "$bundle" ] && [ -d "$root/.gpu-bundle" ] && bundle=$root/.gpu-bundle
if [ -n "$bundle" ]; then [ -d "$bundle" ] || die "--bundle $bundle: no such directory"; bundle=$(cd "$bundle" && pwd); fi
build_given=0
if [ -n "$build" ]; then build_given=1; build=$(abspath "$build"); else build=$root/build-gpu; fi
if [ -z "$duc" ] && [ -n "$bundle" ] && [ -d "$bundle/data/duc2006_docs" ]; then duc=$bundle/data/duc2006_docs; fi
if [ -n "$duc" ]; then
  compgen -G "$duc/D06*/" >/dev/null || die "--duc $duc: no D06*/ topic folders in it"
  duc=$(cd "$duc" && pwd)
fi
nvcc=$(command -v nvcc || true)
[ -z "$nvcc" ] && [ -x /usr/local/cuda/bin/nvcc ] && nvcc=/usr/local/cuda/bin/nvcc
bundle_used=$bundle
[ -z "$bundle_used" ] && [ "$dry" = 1 ] && bundle_used=$work/bundle

# What an earlier run left (bench/scale.sh's chunks stay: they are keyed to their inputs).
rm -rf "$work/logs" "$work/detail" "$work/e2e" "$work"/*.tsv "$work"/*.md "$work"/*.out \
       "$work"/*.txt "$work/smi.csv"
mkdir -p "$work/logs"
rm -f "$out/results.tsv" "$out/gpu-check.log" "$out/bench.md" "$out/details.tgz"
export GC_WORK=$work GC_BUILD=$build GC_BUILD_GIVEN=$build_given GC_DRY=$dry GC_DUC=$duc \
       GC_NVCC=$nvcc GC_BUNDLE=$bundle GC_BUNDLE_USED=$bundle_used
if [ -n "$bundle_used" ]; then
  export LD_LIBRARY_PATH=$bundle_used/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  export PKG_CONFIG_LIBDIR=$bundle_used/lib/pkgconfig CMAKE_PREFIX_PATH=$bundle_used
  unset PKG_CONFIG_PATH
fi
[ -n "$nvcc" ] && export PATH=${nvcc%/nvcc}:$PATH
# cuBLAS is opened at run time (src/compute/cublas_dl.c) by its SONAME, then in the toolkit's
# library folder of the build; where neither has it, a wheel's copy (nvidia-cublas) will do.
cublas=$(ldconfig -p 2>/dev/null | awk '$1 ~ /^libcublas\.so\.[0-9]+$/ {print $NF; exit}')
if [ -z "$cublas" ]; then
  for d in "${nvcc%/bin/nvcc}/lib64" /usr/local/cuda/lib64 \
           "$(python3 -c 'import nvidia.cublas as m; print(list(m.__path__)[0] + "/lib")' 2>/dev/null)"; do
    if [ -n "$d" ] && compgen -G "$d/libcublas.so.[0-9]*" >/dev/null; then
      cublas=$d; export LD_LIBRARY_PATH=${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$d; break
    fi
  done
fi
export LC_ALL=C

# ---- the steps --------------------------------------------------------------------------------
start=$(date +%s)
printf 'step\tstatus\tseconds\tdetail\n' > "$out/results.tsv"
log=$out/gpu-check.log
echo "# bench/gpu-check.sh $([ "$dry" = 1 ] && echo "--dry ")$(date -u +%Y-%m-%dT%H:%MZ); budget ${budget}s; build $build; bundle ${bundle_used:-none}; cuBLAS ${cublas:-not found}; DUC ${duc:-none (generated text)}; work $work" | tee "$log"
smi_pid=""
if [ "$dry" = 0 ] && command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=timestamp,memory.used,utilization.gpu,clocks.sm,power.draw \
    --format=csv,noheader -lms 1000 > "$work/smi.csv" 2>/dev/null &
  smi_pid=$!
fi
fails=0 broken=0
for s in "${steps[@]}"; do
  left=$((budget - ($(date +%s) - start)))
  t=${limit[$s]}; [ "$t" -gt "$left" ] && t=$left
  t0=$(date +%s%N)
  echo "== [$s] $(date -u +%H:%M:%S), limit ${t}s" >> "$log"
  rm -f "$work/detail"
  if [[ $skips == *",$s,"* ]]; then
    st=skipped d="skipped (--skip)"
  elif [ "$broken" = 1 ] && [ "$s" != env ]; then
    st=skipped d="an earlier step it needs failed"
  elif [ "$left" -lt "${need[$s]}" ]; then
    st=skipped d="no time left (${left}s of the budget, needs ${need[$s]}s)"
  else
    rc=0
    timeout -k 10 "$t" bash "$0" __step "$s" > "$work/logs/$s.log" 2>&1 || rc=$?
    cat "$work/logs/$s.log" >> "$log"
    d=$(cat "$work/detail" 2>/dev/null || true)
    case $rc in
      0) st=ok ;;
      3) st=skipped ;;
      124|137) st=timeout d="over ${t}s${d:+; $d}" ;;
      *) st=failed d="${d:-exit $rc}" ;;
    esac
  fi
  secs=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
  printf '%s\t%s\t%s\t%s\n' "$s" "$st" "$secs" "$(tr '\t\n' '  ' <<< "$d" | sed 's/ *$//')" >> "$out/results.tsv"
  printf '%-10s %-8s %6ss  %s\n' "$s" "$st" "$secs" "$d" | tee -a "$log"
  case $st in failed|timeout) fails=$((fails + 1)) ;; esac
  # Without a build there is nothing to run.
  case $s:$st:$d in *:"skipped (--skip)") ;;
    bundle:failed:*|bundle:timeout:*|configure:[!o]*|build:[!o]*) broken=1 ;; esac
done
[ -n "$smi_pid" ] && kill "$smi_pid" 2>/dev/null

# ---- what comes back ----------------------------------------------------------------------------
{
  echo "# bench/gpu-check.sh$([ "$dry" = 1 ] && echo " --dry"), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "| step | status | seconds | detail |"; echo "|---|---|---|---|"
  awk -F'\t' 'NR > 1 {printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}' "$out/results.tsv"
  for f in scale scale-1m tf32 crossover; do
    [ -s "$work/$f.md" ] || continue
    echo; echo "## $f"; echo; cat "$work/$f.md"
  done
  [ -s "$work/logs/gram.log" ] && { echo; echo "## gram and memory"; echo; cat "$work/logs/gram.log"; }
  [ -s "$work/targets.txt" ] && { echo; echo "## targets"; echo; cat "$work/targets.txt"; }
} > "$out/bench.md"
cp "$build/CMakeCache.txt" "$work/logs/" 2>/dev/null
cp "$work"/*.tsv "$work"/*.md "$work"/*.out "$work/smi.csv" "$work/logs/" 2>/dev/null
cp "$work/scale/chunks/counts.tsv" "$work/logs/chunk-counts.tsv" 2>/dev/null
tar -C "$work" -czf "$out/details.tgz" logs 2>/dev/null
echo "# $(($(date +%s) - start))s; $fails step(s) failed or timed out; results in $out: results.tsv gpu-check.log bench.md details.tgz" | tee -a "$log"
cat "$out/results.tsv"
[ "$fails" = 0 ]
