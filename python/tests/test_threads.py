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
