"""The README's Python examples are true: each block marked `<!-- readme-test: python -->` runs in
a fresh interpreter and prints exactly the block marked `<!-- readme-test: python-output -->`
that follows it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = r"<!-- readme-test: {kind} -->\n```[^\n]*\n(.*?)```"


def examples() -> list[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    pairs = []
    for m in re.finditer(BLOCK.format(kind="python"), text, re.S):
        out = re.compile(BLOCK.format(kind="python-output"), re.S).search(text, m.end())
        assert out, f"no python-output block after the example at offset {m.start()}"
        pairs.append((m.group(1), out.group(1)))
    return pairs


def test_readme_has_python_examples() -> None:
    assert len(examples()) >= 2


@pytest.mark.parametrize("index", range(len(examples())))
def test_readme_python_example(index: int) -> None:
    code, expected = examples()[index]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
