"""install_as_openai_harmony(): a program written for openai-harmony runs unchanged on airtok,
offline, in a fresh interpreter, with the reference's token ids (tests/golden/harmony.jsonl,
case docs_renderer_example). harmony_offline.sh runs this file again with no network at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import load_golden

HERE = Path(__file__).resolve().parent


def text_message(channel: str, text: str) -> dict:
    return {"role": "assistant", "name": None, "content": [{"type": "text", "text": text}],
            "channel": channel}


def test_program_for_openai_harmony_runs_on_airtok(tmp_path: Path) -> None:
    # openai-harmony's own vocabulary locations: an empty cache, and a base directory that does
    # not exist (with it set, openai-harmony itself would fail; airtok reads neither).
    cache = tmp_path / "tiktoken-rs-cache"
    cache.mkdir()
    env = {**os.environ, "TIKTOKEN_RS_CACHE_DIR": str(cache),
           "TIKTOKEN_ENCODINGS_BASE": str(tmp_path / "no-such-dir"), "TMPDIR": str(tmp_path)}
    result = subprocess.run([sys.executable, str(HERE / "run_with_airtok_harmony.py")],
                            capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)

    golden = next(c for c in load_golden("harmony") if c["case"] == "docs_renderer_example")
    assert out["prompt"] == golden["tokens"]
    expected = [
        text_message("analysis", "It is sunny and 20 degrees."),
        text_message("final", "Bright and warm, Tokyo is \u2014 twenty, no cloud to spare."),
    ]
    assert out["parsed"] == expected
    assert out["streamed"] == expected
    assert "".join(d for c, d in out["deltas"] if c == "final") == expected[1]["content"][0]["text"]
    assert {c for c, _ in out["deltas"]} == {"analysis", "final"}
    assert out["stop"] == [200002, 200012]
    assert list(cache.iterdir()) == []
    assert not (tmp_path / "no-such-dir").exists()
