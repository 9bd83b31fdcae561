# SPDX-License-Identifier: MIT
"""Fixtures of the mds module's tests: the source tree (its example cluster and ROUGE test
vectors) and the summarize program they compare against.

MDS_SOURCE_DIR: the source tree (default: two folders up from here).
MDS_SUMMARIZE: the summarize program (default: bin/summarize of MDS_PREFIX, else the
source tree's build/summarize); a test that needs it fails when there is none, unless
MDS_NO_CLI=1 says to skip those tests."""
import os
import pathlib
import shutil

import pytest

SOURCE = pathlib.Path(os.environ.get("MDS_SOURCE_DIR",
                                     pathlib.Path(__file__).resolve().parents[2]))


@pytest.fixture(scope="session")
def source() -> pathlib.Path:
    return SOURCE


@pytest.fixture(scope="session")
def example(source) -> pathlib.Path:
    return source / "examples" / "putin-north-korea"


@pytest.fixture(scope="session")
def example_texts(example):
    """The example's documents as (file name, text) in name order, as a directory is read."""
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(example.iterdir())
            if p.is_file() and not p.name.startswith(".")]


@pytest.fixture(scope="session")
def summarize_bin():
    cands = [os.environ.get("MDS_SUMMARIZE")]
    if os.environ.get("MDS_PREFIX"):
        cands.append(os.path.join(os.environ["MDS_PREFIX"], "bin", "summarize"))
    cands += [str(SOURCE / "build" / "summarize"), shutil.which("summarize")]
    for c in cands:
        if c and os.access(c, os.X_OK):
            return c
    if os.environ.get("MDS_NO_CLI") == "1":
        pytest.skip("no summarize program (MDS_NO_CLI=1)")
    pytest.fail("no summarize program: set MDS_SUMMARIZE (or MDS_NO_CLI=1 to skip)")
