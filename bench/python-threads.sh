#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Python module in threads: two threads summarizing at once against one thread alone.
# The library runs with the GIL released, so two threads on two cores should do twice the
# work in about the time one takes for half of it. Each round times one thread summarizing
# --runs clusters in turn, then two threads each summarizing --runs clusters at once (twice
# the work), and prints the wall times, their ratio two / one (1.0: fully parallel, 2.0:
# serialized), the two threads' CPU time over their wall time (above 1.0 only when both ran
# at once) and the share of that wall time in which both threads were inside mds.summarize
# (near 0 were the GIL held through it; a figure that holds on a busy machine, where the wall
# times and the CPU share do not). The same
# rounds time a control, pure Python of one summary's CPU time, which holds the GIL and so
# takes turns. Medians over --rounds rounds (default 5). BLAS runs one thread a call
# (set_blas_threads(1)), as a program running one summary a core should.
#   bench/python-threads.sh (--prefix PREFIX | --python PY) [--runs K] [--rounds R]
#                           [--words N] [--cpus LIST] CLUSTER...
# CLUSTER: folders of documents, one cluster each (examples/putin-north-korea; DUC 2006's
# duc2006_docs/D06*, from NIST, not in the repository). --prefix: build the module against
# that libmds install in a scratch venv (python/venv.sh); --python: an interpreter that
# already imports mds. --cpus: run pinned to those CPUs (taskset), e.g. 0,1 for two cores.
set -euo pipefail
prefix="" py="" runs=20 rounds=5 words=100 cpus="" clusters=()
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) prefix=$2; shift 2 ;;
    --python) py=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --words) words=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    -h|--help) sed -n '/^set -euo/q;3,$p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "python-threads.sh: unknown option $1" >&2; exit 1 ;;
    *) clusters+=("$1"); shift ;;
  esac
done
[ ${#clusters[@]} -gt 0 ] || { echo "python-threads.sh: give one or more CLUSTER folders" >&2; exit 1; }
for c in "${clusters[@]}"; do [ -d "$c" ] || { echo "python-threads.sh: $c: not a folder" >&2; exit 1; }; done
[[ $runs =~ ^[1-9][0-9]*$ && $rounds =~ ^[1-9][0-9]*$ ]] || { echo "python-threads.sh: --runs and --rounds are counts" >&2; exit 1; }
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "$py" ]; then
  [ -n "$prefix" ] || { echo "python-threads.sh: --prefix PREFIX or --python PY" >&2; exit 1; }
  "$here/python/venv.sh" "$prefix" "$tmp/venv" >&2
  [ -x "$tmp/venv/bin/python" ] || exit 1  # venv.sh said why
  py=$tmp/venv/bin/python
fi
pin=()
[ -z "$cpus" ] || pin=(taskset -c "$cpus")

cd "$tmp"
"${pin[@]}" "$py" - "$runs" "$rounds" "$words" "${clusters[@]}" <<'PY'
import os, pathlib, statistics, sys, threading, time
import mds

runs, rounds, words = (int(x) for x in sys.argv[1:4])
clusters = [pathlib.Path(c) for c in sys.argv[4:]]
mds.set_blas_threads(1)
expect = {c: str(mds.summarize(c, words=words)) for c in clusters}  # also the warm-up


calls = {}  # thread index: [(start, end) of each mds.summarize]


def work(k, offset, out):
    spans = calls.setdefault(offset, [])
    for i in range(k):
        c = clusters[(i + offset) % len(clusters)]
        t0 = time.perf_counter()
        s = mds.summarize(c, words=words)
        spans.append((t0, time.perf_counter()))
        if str(s) != expect[c]:
            out.append("a different summary of %s" % c)


def both_inside():
    """Seconds during which both threads were inside mds.summarize at once."""
    ev = sorted([(a, 1) for a, _ in calls.get(0, [])] + [(b, -1) for _, b in calls.get(0, [])] +
                [(a, 1) for a, _ in calls.get(1, [])] + [(b, -1) for _, b in calls.get(1, [])])
    inside, last, total = 0, 0.0, 0.0
    for t, d in ev:
        if inside == 2:
            total += t - last
        inside += d
        last = t
    return total


def spin(k, offset, out):
    """The control: pure Python, which holds the GIL, about as long as a summary."""
    for i in range(k):
        x = 0
        for j in range(spin_n):
            x += j * j


def timed(nthreads, job=work):
    errors = []
    calls.clear()
    threads = [threading.Thread(target=job, args=(runs, t, errors)) for t in range(nthreads)]
    c0, w0 = time.process_time(), time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    if errors:
        sys.exit("python-threads.sh: " + errors[0])
    return wall, cpu


# the control's loop, sized to one summary's CPU time
c0 = time.process_time()
work(len(clusters), 0, [])
per = (time.process_time() - c0) / len(clusters)
spin_n = 100000
c0 = time.process_time()
spin(1, 0, None)
spin_n = max(1000, int(spin_n * per / max(time.process_time() - c0, 1e-6)))

cores = len(os.sched_getaffinity(0))
print("mds %s, %d cluster(s), %d summaries a thread, %d words; %d CPUs to run on; "
      "load average %.2f at the start" % (mds.__version__, len(clusters), runs, words, cores,
                                          os.getloadavg()[0]))
print("two/one: wall time of two threads doing twice the work, over one thread's (1.00: fully "
      "parallel; 2.00: taking turns); cpu/wall of the two threads (above 1: both ran at once); "
      "overlap: the share of the two threads' wall time with both inside mds.summarize")
print("round  job      one thread s  two threads s  two/one  cpu/wall  overlap")
ratios = {"mds": [], "python": []}
par = {"mds": [], "python": []}
overlap = []
for r in range(rounds):
    for name, job in (("mds", work), ("python", spin)):
        one, _ = timed(1, job)
        two, cpu2 = timed(2, job)
        ratios[name].append(two / one)
        par[name].append(cpu2 / two)
        ov = ""
        if job is work:
            overlap.append(both_inside() / two)
            ov = "%7.2f" % overlap[-1]
        print("%5d  %-7s  %12.3f  %13.3f  %7.2f  %8.2f  %s" % (r + 1, name, one, two, two / one,
                                                            cpu2 / two, ov))
for name in ratios:
    print("median %-7s two/one %.2f, cpu/wall %.2f" % (name, statistics.median(ratios[name]),
                                                      statistics.median(par[name])))
print("median overlap %.2f (near 0 were the library to hold the GIL)" % statistics.median(overlap))
print("(python: the same threads running pure Python, which holds the GIL: taking turns)")
PY
