# SPDX-License-Identifier: MIT
"""mds.summarize: every kind of input, the sentences' fields, and the same summary as the
summarize program, byte for byte."""
import os
import pathlib
import subprocess

import pytest

import mds


def texts_of(summary):
    return [s.text for s in summary]


def test_directory(example):
    s = mds.summarize(example)  # a Path: the directory's files, as the program reads it
    assert isinstance(s, mds.Summary) and len(s) >= 3
    names = {p.name for p in example.iterdir()}
    for x in s:
        assert isinstance(x, mds.Sentence)
        assert x.doc_id in names and x.path == str(example / x.doc_id)
        data = (example / x.doc_id).read_bytes()
        # offset and length index the file's own bytes
        assert data[x.offset:x.offset + x.length].decode("utf-8") == x.text
        assert x.score > 0 and x.words > 0 and x.index >= 0 and x.date is None
    assert sum(x.words for x in s) <= 100
    assert s.stats["documents"] == len(names)
    assert s.params["budget"] == 100 and s.params["unit"] == "words"


def test_kinds_agree(example, example_texts):
    """Paths, texts, bytes, (id, text) pairs and a mapping give the same sentences."""
    base = mds.summarize(example, words=80)
    files = mds.summarize([example / n for n, _ in example_texts], words=80)
    texts = mds.summarize([t for _, t in example_texts], words=80)
    raw = mds.summarize([t.encode("utf-8") for _, t in example_texts], words=80)
    pairs = mds.summarize([(n.upper(), t) for n, t in example_texts], words=80)
    mapping = mds.summarize(dict(example_texts), words=80)
    for other in (files, texts, raw, pairs, mapping):
        assert texts_of(other) == texts_of(base)
        assert [(x.doc, x.offset, x.length) for x in other] == \
               [(x.doc, x.offset, x.length) for x in base]
    assert [x.doc_id for x in texts] == ["doc%d" % x.doc for x in texts]
    assert [x.doc_id for x in pairs] == [example_texts[x.doc][0].upper() for x in pairs]
    assert [x.doc_id for x in mapping] == [example_texts[x.doc][0] for x in mapping]


def test_str_offsets_are_utf8_bytes(example_texts):
    texts = [t for _, t in example_texts]
    s = mds.summarize(texts, sentences=4)
    assert len(s) == 4
    for x in s:
        src = texts[x.doc].encode("utf-8")
        assert src[x.offset:x.offset + x.length].decode("utf-8") == x.text


def test_single_inputs(example_texts, example):
    name, text = example_texts[0]
    one = mds.summarize(text, sentences=2)  # one str: one document, not its characters
    assert len(one) == 2 and {x.doc for x in one} == {0}
    path = mds.summarize(example / name, sentences=2)
    assert texts_of(path) == texts_of(one)
    assert texts_of(mds.summarize(text.encode("utf-8"), sentences=2)) == texts_of(one)


def test_str_is_text_not_a_path(example):
    # a str naming an existing file is summarized as text (it is 1 short "sentence")
    with pytest.raises(mds.Error) as e:
        mds.summarize(str(example / "000_ea34812cd32b42ef.txt"))
    assert not isinstance(e.value, mds.NotFoundError)


def test_empty_texts_add_no_document(example_texts):
    texts = [t for _, t in example_texts]
    s = mds.summarize(["", texts[0], "", texts[1]], sentences=3)
    assert {x.doc for x in s} <= {0, 1}
    assert {x.doc_id for x in s} <= {"doc1", "doc3"}  # named by their place in docs


def test_length_and_order(example):
    s = mds.summarize(example, sentences=3, order="score")
    assert len(s) == 3
    assert [x.score for x in s] == sorted((x.score for x in s), reverse=True)
    b = mds.summarize(example, bytes=300)
    assert len(str(b).encode()) <= 300 + 1
    assert s.params["order"] == "score" and s.params["unit"] == "sentences"


def test_render(example):
    s = mds.summarize(example, words=50, report=True)
    assert str(s) == s.render("text") == "".join(
        " ".join(x.text.split()) + "\n" for x in s)
    import json
    j = json.loads(s.render("json"))
    assert [(x["text"], x["doc_index"], x["offset"], x["length"]) for x in j["sentences"]] == \
        [(x.text, x.doc, x.offset, x.length) for x in s]
    assert j["parameters"] == s.params  # the parameters in effect, typed as JSON types them
    assert j["parameters"]["report"] is True
    assert "\n" not in s.render("jsonl").rstrip("\n")
    assert s.render("html").lstrip().lower().startswith("<!doctype html")
    with pytest.raises(ValueError):
        s.render("pdf")


def run_cli(summarize_bin, args):
    return subprocess.run([summarize_bin] + args, check=True, capture_output=True).stdout


@pytest.mark.parametrize("args,kw", [
    ([], {}),
    (["--words", "50", "--order", "score"], {"words": 50, "order": "score"}),
    (["--sentences", "3", "--selector", "mmr", "--lambda", "0.5"],
     {"sentences": 3, "selector": "mmr", "lambda_": 0.5}),
    (["--bytes", "400", "--no-clean", "--min-df", "2"], {"bytes": 400, "clean": False, "min_df": 2}),
])
def test_same_as_cli(summarize_bin, example, args, kw):
    """The program's text output and str(summary), byte for byte."""
    cli = run_cli(summarize_bin, args + [str(example)])
    assert cli and str(mds.summarize(example, **kw)).encode("utf-8") == cli


def test_same_as_cli_from_texts(summarize_bin, example, example_texts):
    cli = run_cli(summarize_bin, [str(example)])
    assert str(mds.summarize([t for _, t in example_texts])).encode("utf-8") == cli


QUESTION = "What did Putin and Kim agree?"


def test_query_same_as_cli(summarize_bin, example):
    """A query-focused summary: the program's --query output, byte for byte, and each
    sentence's relevance; an empty query is the generic summary."""
    cli = run_cli(summarize_bin, ["--query", QUESTION, str(example)])
    s = mds.summarize(example, query=QUESTION)
    assert cli and str(s).encode("utf-8") == cli
    assert all(0.0 <= x.relevance <= 1.0 for x in s) and max(x.relevance for x in s) > 0
    assert str(mds.summarize(example, query="")) == str(mds.summarize(example))
    assert all(x.relevance == 0.0 for x in mds.summarize(example))
    with pytest.raises(TypeError):
        mds.summarize(example, query=b"agree")


def test_input_warning(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes(("Caf\xe9 owners in the town said the new rules would hurt trade. " * 3 +
                   "The mayor said the rules would stay in place for a year at least.").encode("latin-1"))
    with pytest.warns(mds.InputWarning, match="Windows-1252"):
        s = mds.summarize(p, sentences=1, min_words=0)
    assert s.warnings and "caf\u00e9" in str(s).lower()


def test_model_instances_and_threads_share(example):
    m = mds.Model()
    assert repr(m) == "Model()"
    assert texts_of(mds.summarize(example, model=m)) == texts_of(mds.summarize(example))
    with pytest.raises(TypeError):
        mds.summarize(example, model="en.mds")


def test_tables():
    assert mds.__version__.count(".") == 2
    assert "cpu" in mds.backends()
    assert ("english", "en") in mds.languages()
    mds.set_blas_threads(1)
    with pytest.raises(mds.InvalidArgumentError):
        mds.set_blas_threads(0)


def test_pickle_and_process_pool(example):
    import pickle
    from concurrent.futures import ProcessPoolExecutor
    s = mds.summarize(example, words=60)
    t = pickle.loads(pickle.dumps(s))
    assert t == s and str(t) == str(s) and t.render("json") == s.render("json")
    assert t.params == s.params and t.stats == s.stats
    with pytest.raises(ValueError):
        t.render("html")
    with ProcessPoolExecutor(2) as pool:
        got = [str(x) for x in pool.map(_summary, [example, example])]  # pickled back
    assert got == [str(s)] * 2


def _summary(path):
    return mds.summarize(path, words=60)
