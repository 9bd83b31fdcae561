#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Python module in threads: two threads summarizing at once against one thread alone,
# with the GIL released while the library works (the module) and, side by side in the same
# rounds, held through the call (the same module built with its Py_BEGIN/END_ALLOW_THREADS
# lines taken out: what a binding that forgot them would do). Each round times, for each
# build, one thread summarizing --runs clusters in turn, then two threads each summarizing
# --runs clusters at once (twice the work), and prints the wall times and their ratio two /
# one: 1.00 when two threads do twice the work in the time one takes (parallel, on 2 free
# cores), 2.00 when they take turns; and the two threads' CPU time over their wall time
# (above 1 only when both ran at once). Medians over --rounds rounds (default 5), the builds
# taking turns so that what else the machine does weighs on both alike. BLAS runs one
# thread a call (set_blas_threads(1)), as a program running a summary a core should.
#   bench/python-threads.sh --prefix PREFIX [--runs K] [--rounds R] [--words N]
#                           [--cpus LIST] CLUSTER...
# PREFIX: a libmds install (cmake --install build --prefix PREFIX); both builds of the module
# are made against it in scratch venvs (python/venv.sh). CLUSTER: folders of documents, one
# cluster each (examples/putin-north-korea; DUC 2006's duc2006_docs/D06*, from NIST, not in
# the repository). --cpus: run pinned to those CPUs (taskset), e.g. 0,1 for two cores.
set -euo pipefail
prefix="" runs=20 rounds=5 words=100 cpus="" clusters=()
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) prefix=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --words) words=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    -h|--help) sed -n '/^set -euo/q;3,$p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "python-threads.sh: unknown option $1" >&2; exit 1 ;;
    *) clusters+=("$1"); shift ;;
  esac
done
die() { echo "python-threads.sh: $*" >&2; exit 1; }
[ -n "$prefix" ] || die "--prefix PREFIX (a libmds install) is required"
[ ${#clusters[@]} -gt 0 ] || die "give one or more CLUSTER folders"
for c in "${clusters[@]}"; do [ -d "$c" ] || die "$c: not a folder"; done
[[ $runs =~ ^[1-9][0-9]*$ && $rounds =~ ^[1-9][0-9]*$ ]] || die "--runs and --rounds are counts"
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the two builds: as it is, and with the GIL held through every call
cp -r "$here/python" "$tmp/held-src"
rm -rf "$tmp/held-src/build" "$tmp"/held-src/*.egg-info
sed -i '/Py_BEGIN_ALLOW_THREADS\|Py_END_ALLOW_THREADS/d' "$tmp/held-src/mds/_mds.c"
! grep -q ALLOW_THREADS "$tmp/held-src/mds/_mds.c" || die "the held build still releases the GIL"
"$here/python/venv.sh" "$prefix" "$tmp/released" >&2
[ -x "$tmp/released/bin/python" ] || exit 1  # venv.sh said why
"$here/python/venv.sh" "$prefix" "$tmp/held" "$tmp/held-src" >&2
pin=()
[ -z "$cpus" ] || pin=(taskset -c "$cpus")

cat >"$tmp/round.py" <<'PY'
import os, pathlib, sys, threading, time
import mds

label, runs, words = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
clusters = [pathlib.Path(c) for c in sys.argv[4:]]
mds.set_blas_threads(1)
expect = {c: str(mds.summarize(c, words=words)) for c in clusters}  # also the warm-up


def work(k, offset, out):
    for i in range(k):
        c = clusters[(i + offset) % len(clusters)]
        if str(mds.summarize(c, words=words)) != expect[c]:
            out.append("a different summary of %s" % c)


def timed(nthreads):
    errors = []
    threads = [threading.Thread(target=work, args=(runs, t, errors)) for t in range(nthreads)]
    c0, w0 = time.process_time(), time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    if errors:
        sys.exit("python-threads.sh: " + errors[0])
    return wall, cpu


one, _ = timed(1)
two, cpu2 = timed(2)
print("%s %.4f %.4f %.4f %.2f" % (label, one, two, cpu2, os.getloadavg()[0]))
PY

echo "mds $("$tmp/released/bin/python" -c 'import mds; print(mds.__version__)'), \
${#clusters[@]} cluster(s), $runs summaries a thread, $words words; \
CPUs to run on: $("${pin[@]}" nproc); load average at the start: $(cut -d' ' -f1 /proc/loadavg)"
printf '%5s  %-8s  %12s  %13s  %7s  %8s  %5s\n' round GIL "one thread s" "two threads s" \
  two/one cpu/wall load
for r in $(seq "$rounds"); do
  for b in released held; do
    (cd "$tmp" && "${pin[@]}" "$tmp/$b/bin/python" "$tmp/round.py" "$b" "$runs" "$words" \
      "${clusters[@]}") >>"$tmp/rows"
    tail -n 1 "$tmp/rows" | awk -v r="$r" '{printf "%5d  %-8s  %12.3f  %13.3f  %7.2f  %8.2f  %5.1f\n",
      r, $1, $2, $3, $3 / $2, $4 / $3, $5}'
  done
done
awk '{ratio[$1] = ratio[$1] " " $3 / $2; par[$1] = par[$1] " " $4 / $3}
  function median(s,   v, n, t, i, j) {
    n = split(s, v, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  END {
    for (b in ratio) m[b] = median(ratio[b])
    printf "median two/one: GIL released %.2f, held %.2f (1.00: parallel; 2.00: taking turns); " \
      "cpu/wall released %.2f, held %.2f\n", m["released"], m["held"], median(par["released"]),
      median(par["held"])
  }' "$tmp/rows"
