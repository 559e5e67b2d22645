"""airtok.harmony without pydantic: test_harmony.py again, in a fresh interpreter where
``import pydantic`` fails (AIRTOK_HARMONY_BLOCK_PYDANTIC=1), so the plain-model fallback of
airtok._harmony_base gives the same tokens, messages, round trips and errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_harmony_without_pydantic(tmp_path: Path) -> None:
    env = {**os.environ, "AIRTOK_HARMONY_BLOCK_PYDANTIC": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(HERE),
         str(HERE / "test_harmony.py")],
        capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
