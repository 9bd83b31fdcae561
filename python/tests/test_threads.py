# SPDX-License-Identifier: MIT
"""Threads: summaries made at once in several threads (the GIL released while the library
works) are each the summary made alone. Timing is the benchmark's (bench/python-threads.sh),
not a test's."""
import threading

import mds


def run_together(jobs):
    """Runs every job in its own thread, all started together; their results in order."""
    barrier = threading.Barrier(len(jobs))
    out = [None] * len(jobs)
    errors = []

    def work(i, job):
        try:
            barrier.wait()
            out[i] = job()
        except BaseException as e:  # reported below, not lost in the thread
            errors.append(e)
    threads = [threading.Thread(target=work, args=(i, j)) for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return out


def test_two_threads_both_correct(example, example_texts):
    texts = [t for _, t in example_texts]
    jobs = [lambda: str(mds.summarize(example, words=100)),
            lambda: str(mds.summarize(texts[::-1], sentences=3, order="score"))]
    alone = [j() for j in jobs]
    for _ in range(5):
        assert run_together(jobs) == alone


def test_threads_share_a_model(example):
    m = mds.Model()
    alone = str(mds.summarize(example, model=m, words=60))
    got = run_together([lambda: str(mds.summarize(example, model=m, words=60))] * 4)
    assert got == [alone] * 4


def test_errors_in_threads_stay_in_their_thread(example, tmp_path):
    missing = tmp_path / "missing"

    def bad():
        try:
            mds.summarize(missing)
        except mds.NotFoundError as e:
            return e.status
    good, status = run_together([lambda: str(mds.summarize(example)), bad])
    assert good == str(mds.summarize(example)) and status == -4


def test_rouge_shared_between_threads(example):
    r = mds.Rouge(stem=False, exceptions="")
    ref = str(mds.summarize(example, words=100))
    peers = [str(mds.summarize(example, words=w)) for w in (40, 60, 80, 120)]
    alone = [r.score(p, [ref]) for p in peers]
    assert run_together([lambda p=p: r.score(p, [ref]) for p in peers]) == alone


GIL_PROBE = r'''
import os, pathlib, sys, threading
import mds
fifo = pathlib.Path(sys.argv[1])
text = pathlib.Path(sys.argv[2]).read_bytes()
out = []
t = threading.Thread(target=lambda: out.append(str(mds.summarize(fifo, sentences=2))))
t.start()
# the thread is blocked in the library reading the FIFO: only if it let go of the GIL can
# this thread run, open the FIFO and write the text it waits for
with open(fifo, "wb") as f:
    f.write(text)
t.join()
sys.stdout.write(out[0])
'''


def test_gil_released_while_reading(example, tmp_path):
    """A summary of a FIFO, whose writer is another Python thread of the same process: it
    completes only if the library runs without the GIL (held, the process would hang, and
    the timeout says so)."""
    import os
    import subprocess
    import sys
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    doc = sorted(example.iterdir())[0]
    r = subprocess.run([sys.executable, "-c", GIL_PROBE, str(fifo), str(doc)],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    assert r.stdout == str(mds.summarize(doc, sentences=2))
