"""Pickling: built-in encodings by name, custom ones by value; unpickled in other processes that
have no file to read and no network."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import airtok

TEXTS = ["hello world", "<|endoftext|> and more", "naïve café 😀", "def f(x):\n    return x\n"]

# Run in a fresh interpreter: no network (socket connections raise), an empty tiktoken cache.
CHILD = textwrap.dedent(
    """
    import json, pickle, socket, sys

    def no_network(*args, **kwargs):
        raise OSError("network access attempted")

    socket.socket.connect = no_network
    socket.create_connection = no_network
    encodings = pickle.loads(sys.stdin.buffer.read())
    texts = json.loads(sys.argv[1])
    out = [[enc.name, [enc.encode(t, allowed_special="all") for t in texts]] for enc in encodings]
    print(json.dumps(out))
    """
)


def child_env(tmp_path: Path) -> dict[str, str]:
    cache = tmp_path / "empty-cache"
    cache.mkdir(exist_ok=True)
    return {**os.environ, "TIKTOKEN_CACHE_DIR": str(cache), "DATA_GYM_CACHE_DIR": str(cache)}


def custom_encoding() -> airtok.Encoding:
    base = airtok.get_encoding("cl100k_base")
    return airtok.Encoding(
        "cl100k_im",
        pat_str=base._pat_str,
        mergeable_ranks=base._mergeable_ranks,
        special_tokens={**base._special_tokens, "<|im_start|>": 100264, "<|im_end|>": 100265},
    )


def test_builtin_pickles_by_name() -> None:
    for name in airtok.list_encoding_names():
        enc = airtok.get_encoding(name)
        data = pickle.dumps(enc)
        assert len(data) < 200, "a built-in encoding should travel by name"
        assert pickle.loads(data) is enc
        assert name.encode() in data


def test_custom_pickles_by_value() -> None:
    enc = custom_encoding()
    copy = pickle.loads(pickle.dumps(enc))
    assert copy is not enc and type(copy) is airtok.Encoding
    assert copy.name == enc.name and copy._pat_str == enc._pat_str
    assert copy._special_tokens == enc._special_tokens
    assert copy._mergeable_ranks == enc._mergeable_ranks
    text = "<|im_start|>hi<|im_end|>"
    assert copy.encode(text, allowed_special="all") == enc.encode(text, allowed_special="all")
    # Pickling twice gives the same bytes (nothing depends on hash order).
    assert pickle.dumps(enc) == pickle.dumps(copy)


def test_unpickle_in_another_process_without_files_or_network(tmp_path: Path) -> None:
    encodings = [airtok.get_encoding(n) for n in airtok.list_encoding_names()] + [custom_encoding()]
    result = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(TEXTS)],
        input=pickle.dumps(encodings),
        capture_output=True,
        env=child_env(tmp_path),
        check=True,
    )
    got = json.loads(result.stdout)
    want = [[e.name, [e.encode(t, allowed_special="all") for t in TEXTS]] for e in encodings]
    assert got == want
    assert not list((tmp_path / "empty-cache").iterdir())


def encode_in_worker(enc: airtok.Encoding, text: str) -> tuple[int, list[int]]:
    return os.getpid(), enc.encode_ordinary(text)


def test_process_pool_spawn() -> None:
    enc = airtok.encoding_for_model("gpt-4o")
    with ProcessPoolExecutor(max_workers=2, mp_context=get_context("spawn")) as pool:
        results = list(pool.map(encode_in_worker, [enc] * len(TEXTS), TEXTS))
    assert [ids for _, ids in results] == [enc.encode_ordinary(t) for t in TEXTS]
    assert all(pid != os.getpid() for pid, _ in results)
