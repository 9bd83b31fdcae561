# SPDX-License-Identifier: MIT
"""Bad input: an exception per status, carrying the status and the library's message."""
import pickle

import pytest

import mds


def test_missing_file(tmp_path):
    p = tmp_path / "nope.txt"
    with pytest.raises(mds.NotFoundError) as e:
        mds.summarize(p)
    assert isinstance(e.value, FileNotFoundError)
    assert e.value.status == -4 and e.value.status_name == "ENOENT"
    assert str(p) in e.value.message


def test_binary():
    with pytest.raises(mds.BinaryInputError) as e:
        mds.summarize([("blob", b"\x00\x01\x02\xff" * 300)])
    assert e.value.status_name == "EBINARY" and "blob" in str(e.value)


def test_strict_utf8():
    bad = b"The caf\xe9 opened in the spring and the owners were glad of the trade it brought."
    with pytest.raises(mds.UTF8Error) as e:
        mds.summarize([("x", bad)], strict_utf8=True)
    assert "x" in e.value.message and "byte" in e.value.message


def test_nothing_to_summarize():
    for docs in ([], [""], ["", ""]):
        with pytest.raises(mds.EmptyInputError) as e:
            mds.summarize(docs)
        assert e.value.status == -7


def test_too_big():
    with pytest.raises(mds.TooBigError) as e:
        mds.summarize(["word " * 100], max_input=64)
    assert e.value.param == "max_input"


def test_unknown_encoding():
    with pytest.raises(mds.InvalidArgumentError) as e:
        mds.summarize(["some text here"], encoding="no-such-charset")
    assert e.value.param == "encoding"


def test_bad_docs():
    for docs in (5, [5], [("id",)], [(5, "text")], [("", "text")], [("id", 5)], [None]):
        with pytest.raises(TypeError):
            mds.summarize(docs)
    with pytest.raises(ValueError):
        mds.summarize([("a\0b", "text")])


def test_error_classes():
    assert issubclass(mds.InvalidArgumentError, mds.Error)
    assert issubclass(mds.OutOfMemoryError, MemoryError)
    e = mds.InvalidArgumentError(-1, "msg", "damping")
    f = pickle.loads(pickle.dumps(e))
    assert type(f) is mds.InvalidArgumentError and f.param == "damping" and str(f) == "msg"
    names = {name for name, code, _ in mds._mds.statuses() if code}
    assert all(any(getattr(mds, c).__doc__.startswith("mds_status MDS_%s " % n)
                   for c in mds.__all__ if isinstance(getattr(mds, c), type)
                   and issubclass(getattr(mds, c), mds.Error) and getattr(mds, c) is not mds.Error)
               for n in names)


def test_bad_model_file(tmp_path):
    p = tmp_path / "bad.mds"
    p.write_bytes(b"not a model at all" * 10)
    with pytest.raises(mds.ModelError) as e:
        mds.Model(p)
    assert str(p) in e.value.message or "model" in e.value.message
    with pytest.raises(mds.NotFoundError):
        mds.Model(tmp_path / "missing.mds")
