# SPDX-License-Identifier: MIT
"""mds.rouge: ROUGE-1.5.5's own figures on the test vectors (tests/data/rouge-vectors, printed
by the Perl script), and summarize eval's averages."""
import csv
import json
import subprocess

import pytest

import mds


@pytest.fixture(scope="module")
def vectors(source):
    return source / "tests" / "data" / "rouge-vectors"


def expected(vectors, config):
    rows = {}
    with open(vectors / "expected.tsv", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["config"] == config:
                rows[(r["topic"], r["peer"], r["metric"])] = \
                    tuple(float(r[k]) for k in ("recall", "precision", "f"))
    return rows


def test_perl_figures_config_b(vectors):
    """Config B (-n 2 -2 4 -u, no stemming, no length limit): every figure to 5 decimals."""
    want = expected(vectors, "B")
    assert len(want) == 3 * 3 * 4
    r = mds.Rouge(stem=False)
    for (topic, peer, metric), figures in want.items():
        refs = sorted((vectors / "models").glob(topic + ".M.*"))
        got = r.score(vectors / "peers" / ("%s.%s" % (topic, peer)), refs)[metric]
        assert (got.recall, got.precision, got.f) == figures, (topic, peer, metric)
        # the same from text
        text = mds.rouge((vectors / "peers" / ("%s.%s" % (topic, peer))).read_text(),
                         [p.read_text() for p in refs], stem=False)[metric]
        assert text == got


def test_options(vectors):
    peer = vectors / "peers" / "t1.p1"
    refs = sorted((vectors / "models").glob("t1.M.*"))
    full = mds.rouge(peer, refs, stem=False)
    assert list(full) == ["ROUGE-1", "ROUGE-2", "ROUGE-L", "ROUGE-SU4"]
    some = mds.rouge(peer, refs, stem=False, metrics=["1", "2"])
    assert list(some) == ["ROUGE-1", "ROUGE-2"] and some["ROUGE-2"] == full["ROUGE-2"]
    short = mds.rouge(peer, refs, stem=False, words=10)["ROUGE-1"]
    # each summary cut to 10 words; -f A counts the peer once per reference (2)
    assert short.peer_count == short.model_count == 20 < full["ROUGE-1"].peer_count
    assert "ROUGE-SU*" in mds.rouge(peer, refs, stem=False, skip=-1)
    with pytest.raises(ValueError):
        mds.rouge(peer, refs, metrics=["3"])
    with pytest.raises(mds.NotFoundError):
        mds.rouge(peer, [vectors / "none"], stem=False)


def test_average_is_summarize_eval(summarize_bin, vectors):
    """rouge_average over the peers, in ROUGE's order, gives summarize eval's figures."""
    cli = subprocess.run([summarize_bin, "eval", "--no-stem", "--format", "json", "--refs",
                          str(vectors / "models"), str(vectors / "peers")],
                         check=True, capture_output=True, text=True).stdout
    doc = json.loads(cli)
    r = mds.Rouge(stem=False)
    peers = sorted((vectors / "peers").iterdir(), key=lambda p: p.name.encode())
    by_system = {}
    for p in peers:
        topic, system = p.name.split(".")
        refs = sorted((vectors / "models").glob(topic + ".M.*"))
        by_system.setdefault(system, []).append(r.score(p, refs))
    checked = 0
    for m in doc["metrics"]:
        for row in m["systems"]:
            scores = [s[m["metric"]] for s in by_system[row["system"]]]
            avg = mds.rouge_average(scores)
            assert avg.n == len(scores) == row["clusters"] == 3
            for k in ("recall", "precision", "f"):
                got = (getattr(avg.mean, k), getattr(avg.lo, k), getattr(avg.hi, k))
                want = (row[k], row[k + "_ci"][0], row[k + "_ci"][1])
                assert got == pytest.approx(want, abs=5e-6), (m["metric"], row["system"], k)
            checked += 1
    assert checked == 4 * 3


def test_plain_mean():
    s = [mds.Score(0.2, 0.4, 0.3), mds.Score(0.4, 0.2, 0.3)]
    a = mds.rouge_average(s, samples=0)
    assert a.mean.recall == pytest.approx(0.3) and a.n == 2


def test_defaults_are_the_library_s():
    """Rouge's defaults: the library's (mds_rouge_options_default), but stemming on, as
    summarize eval has it."""
    import inspect
    lib = mds._mds.rouge_defaults()
    sig = inspect.signature(mds.Rouge).parameters
    assert sig["stem"].default is True and lib["stem"] is False
    assert sig["skip"].default == lib["skip_distance"]
    for k in ("remove_stopwords", "skip_unigrams", "alpha", "best_model"):
        assert sig[k].default == lib[k], k
    assert lib["words"] == lib["bytes"] == 0 and sig["words"].default is None
