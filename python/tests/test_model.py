# SPDX-License-Identifier: MIT
"""mds.Model.build: the same model file as `summarize model build`, and summaries with it."""
import subprocess

import pytest

import mds


def test_build_and_use(example, tmp_path):
    out = tmp_path / "small.mds"
    m = mds.Model.build(example, out, bucket_bits=12, dimensions=256, bigrams=True)
    assert isinstance(m, mds.Model) and out.stat().st_size > 0 and m.path == str(out)
    s = mds.summarize(example, model=m, words=60)
    assert 0 < len(s) and sum(x.words for x in s) <= 60
    # loading the file again is the same model
    assert str(mds.summarize(example, model=mds.Model(out), words=60)) == str(s)
    # a different model, a different embedding: at least the statistics say so
    assert s.stats["dimensions"] == 256


def test_same_file_as_cli(summarize_bin, example, tmp_path):
    py = tmp_path / "py.mds"
    cli = tmp_path / "cli.mds"
    files = sorted(example.iterdir())
    mds.Model.build(files, py, bucket_bits=10, dimensions=64, seed=7, idf_blend=0.5)
    subprocess.run([summarize_bin, "model", "build", "--bucket-bits", "10", "--dimensions",
                    "64", "--seed", "7", "--idf-blend", "0.5", "-o", str(cli)] +
                   [str(f) for f in files], check=True, capture_output=True)
    assert py.read_bytes() == cli.read_bytes()


def test_build_errors(example, tmp_path):
    with pytest.raises(mds.InvalidArgumentError):
        mds.Model.build(example, tmp_path / "m.mds", dimensions=100)  # not a power of two
    with pytest.raises(mds.InvalidArgumentError):
        mds.Model.build(example, tmp_path / "m.mds", bucket_bits=30)
    with pytest.raises(mds.NotFoundError):
        mds.Model.build(tmp_path / "no-corpus", tmp_path / "m.mds")
    with pytest.raises(TypeError):
        mds.Model.build(example, tmp_path / "m.mds", dimensions="64")
    with pytest.raises(ValueError):
        mds.Model.build([], tmp_path / "m.mds")
    assert not (tmp_path / "m.mds").exists()
