# SPDX-License-Identifier: MIT
"""The parameters: one keyword each, from the library's table, with its default and bounds."""
import inspect
import math

import pytest

import mds

DOC = ["Rain fell on the town all day and the river rose over its banks by the evening."]


def test_every_parameter_is_a_keyword_with_its_default():
    sig = inspect.signature(mds.summarize)
    ids = set()
    for kw, p in mds.PARAMS.items():
        assert kw.isidentifier()
        assert sig.parameters[kw].kind == inspect.Parameter.KEYWORD_ONLY
        assert sig.parameters[kw].default == p.default
        assert p.id not in ids
        ids.add(p.id)
    assert len(mds.PARAMS) == len(mds._mds.params())
    # spot checks against the table in mds.h
    assert mds.PARAMS["damping"].default == 0.85 and mds.PARAMS["damping"].open_hi
    assert mds.PARAMS["damping"].bounds() == "[0, 1)"
    assert mds.PARAMS["memory"].default == 4 << 30 and mds.PARAMS["memory"].type == "bytes"
    assert mds.PARAMS["lambda_"].name == "lambda"
    assert mds.PARAMS["selector"].choices and "concepts" in mds.PARAMS["selector"].choices
    assert mds.PARAMS["lang"].default is None and mds.PARAMS["clean"].default is True


def test_defaults_in_effect():
    s = mds.summarize(DOC)
    assert len(s) == 1
    resolved = {"backend", "graph", "idf_blend", "lang", "selector"}  # what a run resolves
    for kw, p in mds.PARAMS.items():
        if p.name not in resolved:
            assert s.params[p.name] == p.default, p.name


def outside(p):
    """Values just outside each bound of a number parameter."""
    out = []
    for bound, is_open, sign in ((p.lo, p.open_lo, -1), (p.hi, p.open_hi, 1)):
        if is_open:
            out.append(bound if p.type == "double" else int(bound))
        elif p.type == "double":
            out.append(bound + sign * max(abs(bound) * 1e-9, 1e-12))
        else:
            out.append(int(bound) + sign)
    return out


NUMBERS = [p for p in mds.PARAMS.values() if p.type in ("int", "size", "bytes", "double")]


@pytest.mark.parametrize("p", NUMBERS, ids=[p.keyword for p in NUMBERS])
def test_bounds(p):
    for v in outside(p):
        with pytest.raises(mds.InvalidArgumentError) as e:
            mds.summarize(DOC, **{p.keyword: v})
        err = e.value
        assert isinstance(err, ValueError) and isinstance(err, mds.Error)
        assert err.status == -1 and err.status_name == "EINVAL"
        assert err.param == p.name and p.name in err.message


def test_in_bounds():
    s = mds.summarize(DOC, damping=0.5, min_df=1, memory="64M", max_input=1 << 20,
                      threshold=0.1, min_words=0, tolerance=1e-9, neighbors=8)
    assert s.params["damping"] == 0.5 and s.params["memory"] == 64 << 20
    assert s.params["threshold"] == 0.1


@pytest.mark.parametrize("kw,value", [
    ("damping", "0.5"), ("min_df", 2.0), ("min_df", True), ("clean", "yes"),
    ("selector", 1), ("lang", 5), ("memory", 1.5),
])
def test_wrong_types(kw, value):
    with pytest.raises(TypeError, match=kw):
        mds.summarize(DOC, **{kw: value})


def test_bad_names_and_lengths():
    with pytest.raises(TypeError, match="unexpected keyword argument 'dampin'"):
        mds.summarize(DOC, dampin=0.5)
    with pytest.raises(TypeError, match="words and sentences"):
        mds.summarize(DOC, words=10, sentences=2)
    with pytest.raises(TypeError):
        mds.summarize(DOC, words=10, budget=20)
    with pytest.raises(mds.InvalidArgumentError, match="selector"):
        mds.summarize(DOC, selector="best")
    with pytest.raises(mds.InvalidArgumentError) as e:
        mds.summarize(DOC, words=0)
    assert e.value.param == "budget"
    with pytest.raises(mds.InvalidArgumentError) as e:  # a check across parameters
        mds.summarize(DOC, min_words=20, max_words=10)
    assert e.value.param == "max_words"


def test_keyword_spellings():
    a = mds.summarize(DOC * 1, selector="mmr", lambda_=0.3, min_words=0)
    b = mds.summarize(DOC * 1, selector="mmr", min_words=0, **{"lambda": 0.3})
    assert a.params["lambda"] == b.params["lambda"] == 0.3
    c = mds.summarize(DOC, unit="sentences", budget=1, min_words=0)
    assert len(c) == 1 and c.params["unit"] == "sentences"
    assert math.isclose(mds.summarize(DOC, damping=None, min_words=0).params["damping"], 0.85)
