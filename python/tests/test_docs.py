# SPDX-License-Identifier: MIT
"""The Python snippets of README.md and docs/api.md run as written (from the source tree,
where their paths point), and their printed claims hold."""
import os
import re

import pytest

import mds


def python_blocks(path):
    text = path.read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)


@pytest.mark.parametrize("doc", ["README.md", "docs/api.md"])
def test_snippets_run(source, doc, monkeypatch, capsys):
    blocks = python_blocks(source / doc)
    assert blocks, "no ```python block in " + doc
    monkeypatch.chdir(source)
    scope = {}
    for code in blocks:  # one scope, as a reader pastes them one after another
        exec(compile(code, str(source / doc), "exec"), scope)
    out = capsys.readouterr().out
    assert out.strip()
    # a figure a snippet's comment claims it prints ("# 0.05861, as ROUGE-1.5.5 prints it")
    for line in "".join(blocks).splitlines():
        m = re.search(r"print\(.*#\s*([0-9]+\.[0-9]+),", line)
        if m:
            assert m.group(1) in out.split(), line


def test_readme_snippet_prints_the_summary(source, monkeypatch, capsys):
    code = python_blocks(source / "README.md")[0]
    monkeypatch.chdir(source)
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    s = mds.summarize(source / "examples" / "putin-north-korea", words=50)
    assert out.startswith(str(s))
