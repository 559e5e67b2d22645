"""Compatibility: tiktoken's documented public API (its README and the docstrings of
tiktoken/core.py), exercised through ``import airtok as tiktoken``.

Token ids come from the committed golden vectors (the reference's output), never from here.
"""

from __future__ import annotations

import pickle
from typing import AbstractSet, Collection, Literal

import pytest

import airtok as tiktoken
from conftest import golden_tokens

# --- the README ------------------------------------------------------------------------------


def test_readme_quick_start() -> None:
    enc = tiktoken.get_encoding("o200k_base")
    assert enc.decode(enc.encode("hello world")) == "hello world"
    enc = tiktoken.encoding_for_model("gpt-4o")
    assert enc.name == "o200k_base"


def test_readme_extending_tiktoken() -> None:
    cl100k_base = tiktoken.get_encoding("cl100k_base")
    # In production, load the arguments directly instead of accessing private attributes.
    enc = tiktoken.Encoding(
        name="cl100k_im",
        pat_str=cl100k_base._pat_str,
        mergeable_ranks=cl100k_base._mergeable_ranks,
        special_tokens={
            **cl100k_base._special_tokens,
            "<|im_start|>": 100264,
            "<|im_end|>": 100265,
        },
    )
    assert enc.encode("<|im_start|>", allowed_special="all") == [100264]
    assert enc.decode([100265]) == "<|im_end|>"


def test_top_level_names() -> None:
    for name in ["Encoding", "get_encoding", "encoding_for_model", "encoding_name_for_model",
                 "list_encoding_names"]:
        assert hasattr(tiktoken, name)
    import airtok.core
    import airtok.load
    import airtok.model
    import airtok.registry

    assert airtok.core.Encoding is tiktoken.Encoding
    assert airtok.registry.get_encoding is tiktoken.get_encoding
    assert airtok.model.encoding_for_model is tiktoken.encoding_for_model
    assert callable(airtok.load.load_tiktoken_bpe)
    assert callable(airtok.load.data_gym_to_mergeable_bpe_ranks)
    assert "cl100k_base" in tiktoken.list_encoding_names()


# --- the docstrings of tiktoken/core.py (gpt2) ------------------------------------------------


@pytest.fixture(scope="module")
def enc() -> tiktoken.Encoding:
    return tiktoken.get_encoding("gpt2")


def test_encode_ordinary_doc(enc: tiktoken.Encoding) -> None:
    assert enc.encode_ordinary("hello world") == golden_tokens("gpt2", "hello world")


def test_encode_doc(enc: tiktoken.Encoding) -> None:
    assert enc.encode("hello world") == golden_tokens("gpt2", "hello world")
    assert enc.encode("<|endoftext|>", allowed_special={"<|endoftext|>"}) == [enc.eot_token]
    assert enc.encode("<|endoftext|>", allowed_special="all") == [enc.eot_token]
    with pytest.raises(ValueError):
        enc.encode("<|endoftext|>")
    assert enc.encode("<|endoftext|>", disallowed_special=()) == golden_tokens("gpt2", "<|endoftext|>")


def test_encode_to_numpy_doc(enc: tiktoken.Encoding) -> None:
    import numpy as np

    array = enc.encode_to_numpy("hello world")
    assert isinstance(array, np.ndarray) and array.dtype == np.uint32
    assert array.tolist() == golden_tokens("gpt2", "hello world")


def test_batch_docs(enc: tiktoken.Encoding) -> None:
    texts = ["hello world", "goodbye world"]
    want = [enc.encode_ordinary(t) for t in texts]
    assert enc.encode_ordinary_batch(texts) == want
    assert enc.encode_batch(texts) == want
    assert enc.encode_batch(texts, num_threads=2, allowed_special="all") == want
    assert enc.decode_batch(want) == texts
    assert enc.decode_bytes_batch(want) == [t.encode() for t in texts]


def test_encode_with_unstable_doc(enc: tiktoken.Encoding) -> None:
    text = "hello fanta"
    stable_tokens, completions = enc.encode_with_unstable(text)
    assert text.encode().startswith(enc.decode_bytes(stable_tokens))
    assert completions
    assert all(enc.decode_bytes(stable_tokens + seq).startswith(text.encode()) for seq in completions)
    assert stable_tokens == golden_tokens("gpt2", "hello")


def test_single_token_docs(enc: tiktoken.Encoding) -> None:
    [hello] = golden_tokens("gpt2", "hello")
    assert enc.encode_single_token("hello") == hello
    assert enc.decode_single_token_bytes(hello) == b"hello"
    with pytest.raises(KeyError):
        enc.encode_single_token("hello world")


def test_decode_docs(enc: tiktoken.Encoding) -> None:
    ids = golden_tokens("gpt2", "hello world")
    assert enc.decode_bytes(ids) == b"hello world"
    assert enc.decode(ids) == "hello world"
    assert enc.decode(ids, errors="strict") == "hello world"
    assert enc.decode_tokens_bytes(ids) == [b"hello", b" world"]
    assert enc.decode_with_offsets(ids) == ("hello world", [0, 5])


def test_private_docs(enc: tiktoken.Encoding) -> None:
    assert enc.decode_bytes(enc._encode_single_piece("helloqqqq")) == b"helloqqqq"
    assert enc._encode_bytes(b"hello world") == golden_tokens("gpt2", "hello world")
    assert enc._encode_only_native_bpe("hello world") == golden_tokens("gpt2", "hello world")


def test_misc(enc: tiktoken.Encoding) -> None:
    assert enc.n_vocab == enc.max_token_value + 1
    assert enc.special_tokens_set == {"<|endoftext|>"}
    assert enc.is_special_token(enc.eot_token)
    assert not enc.is_special_token(0)
    assert len(enc.token_byte_values()) == len(enc._mergeable_ranks)
    assert repr(enc) == "<Encoding 'gpt2'>"
    assert pickle.loads(pickle.dumps(enc)) is enc


def test_signatures_accept_tiktoken_keyword_names(enc: tiktoken.Encoding) -> None:
    allowed: Literal["all"] | AbstractSet[str] = set()
    disallowed: Literal["all"] | Collection[str] = "all"
    assert enc.encode(text="a", allowed_special=allowed, disallowed_special=disallowed) == enc.encode("a")
    assert enc.encode_ordinary(text="a") == enc.encode("a")
    assert enc.encode_ordinary_batch(text=["a"], num_threads=1) == [enc.encode("a")]
    assert enc.encode_batch(text=["a"], num_threads=1, allowed_special=allowed) == [enc.encode("a")]
    assert enc.decode(tokens=[0], errors="replace") == enc.decode([0])
    assert enc.decode_batch(batch=[[0]], errors="replace", num_threads=1) == [enc.decode([0])]
    assert enc.decode_bytes_batch(batch=[[0]], num_threads=1) == [enc.decode_bytes([0])]
    assert enc.decode_single_token_bytes(token=0) == enc.decode_bytes([0])
    assert enc.encode_single_token(text_or_bytes=b"a") == enc.encode_single_token("a")
    assert tiktoken.encoding_for_model(model_name="gpt2") is enc
    assert tiktoken.get_encoding(encoding_name="gpt2") is enc
