"""install_as_tiktoken(): a module that imports tiktoken itself (as LangChain, LlamaIndex and
many other libraries do) runs on airtok, offline, in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import airtok
from airtok import _airtok

# A stand-in for a third-party library: it knows nothing about airtok.
THIRD_PARTY = textwrap.dedent(
    """
    import tiktoken
    import tiktoken.core
    from tiktoken.core import Encoding
    from tiktoken.load import load_tiktoken_bpe
    from tiktoken.model import MODEL_TO_ENCODING, encoding_for_model
    from tiktoken.registry import get_encoding


    def count_tokens(text, model="gpt-4"):
        return len(tiktoken.encoding_for_model(model).encode(text))


    def splitter(text, chunk_tokens=4):  # special-token text is ordinary text here
        enc = tiktoken.get_encoding("cl100k_base")
        ids = enc.encode(text, disallowed_special=())
        return [enc.decode(ids[i:i + chunk_tokens]) for i in range(0, len(ids), chunk_tokens)]


    def rebuild_cl100k(url, sha256):
        # What tiktoken_ext.openai_public does: ranks from the official URL, then an Encoding.
        base = get_encoding("cl100k_base")
        return Encoding(
            name="cl100k_rebuilt",
            pat_str=base._pat_str,
            mergeable_ranks=load_tiktoken_bpe(url, expected_hash=sha256),
            special_tokens=base._special_tokens,
        )
    """
)

DRIVER = textwrap.dedent(
    """
    import json, socket, sys

    def no_network(*args, **kwargs):
        raise OSError("network access attempted")

    socket.socket.connect = no_network
    socket.create_connection = no_network

    import airtok
    airtok.install_as_tiktoken()
    airtok.install_as_tiktoken()  # idempotent

    import thirdparty_lib
    import tiktoken

    url, sha256, text = sys.argv[1:4]
    rebuilt = thirdparty_lib.rebuild_cl100k(url, sha256)
    print(json.dumps({
        "tiktoken_is_airtok": tiktoken is airtok,
        "modules": [sys.modules[m].__name__ for m in
                    ("tiktoken", "tiktoken.core", "tiktoken.registry", "tiktoken.model",
                     "tiktoken.load")],
        "encoding_class": thirdparty_lib.Encoding is airtok.Encoding,
        "count": thirdparty_lib.count_tokens(text),
        "count_4o": thirdparty_lib.count_tokens(text, "gpt-4o"),
        "chunks": thirdparty_lib.splitter(text + " <|endoftext|>"),
        "rebuilt": rebuilt.encode(text, disallowed_special=()),
        "models": len(thirdparty_lib.MODEL_TO_ENCODING),
    }))
    """
)


def test_third_party_module_runs_on_airtok_offline(tmp_path: Path) -> None:
    (tmp_path / "thirdparty_lib.py").write_text(THIRD_PARTY)
    cache = tmp_path / "cache"
    cache.mkdir()
    official = next(f for f in _airtok.official_files() if f["name"] == "cl100k_base.tiktoken")
    text = "Offline tokenization, as tiktoken does it: naïve café 😀"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
        "TIKTOKEN_CACHE_DIR": str(cache),
    }
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, official["url"], official["sha256"], text],
        capture_output=True, env=env, cwd=tmp_path, text=True,
    )
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    cl100k = airtok.get_encoding("cl100k_base")
    assert got["tiktoken_is_airtok"] and got["encoding_class"]
    assert got["modules"] == ["airtok", "airtok.core", "airtok.registry", "airtok.model", "airtok.load"]
    assert got["count"] == len(cl100k.encode(text))
    assert got["count_4o"] == len(airtok.get_encoding("o200k_base").encode(text))
    assert "".join(got["chunks"]) == text + " <|endoftext|>"
    assert got["rebuilt"] == cl100k.encode(text)
    assert got["models"] == len(airtok.model.MODEL_TO_ENCODING)
    assert not list(cache.iterdir()), "nothing may be written to the cache"
