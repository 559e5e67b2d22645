"""The Encoding API beyond exactness: attributes, errors and their types, custom encodings,
the registry and the model table."""

from __future__ import annotations

import pytest

import airtok
import airtok._airtok as native
from conftest import ENCODING_NAMES, golden_tokens

# n_vocab and special tokens of the built-in encodings (DESIGN.md's table, tiktoken 0.14).
N_VOCAB = {
    "gpt2": 50257,
    "r50k_base": 50257,
    "p50k_base": 50281,
    "p50k_edit": 50284,
    "cl100k_base": 100277,
    "o200k_base": 200019,
    "o200k_harmony": 201088,
}


def test_registry() -> None:
    assert airtok.list_encoding_names()[: len(ENCODING_NAMES)] == ENCODING_NAMES
    for name in ENCODING_NAMES:
        enc = airtok.get_encoding(name)
        assert enc is airtok.get_encoding(name)
        assert isinstance(enc, airtok.Encoding)
        assert enc.name == name
        assert repr(enc) == f"<Encoding {name!r}>"
        assert airtok.registry.ENCODINGS[name] is enc
        assert enc._is_builtin()
    with pytest.raises(ValueError, match="Unknown encoding nope"):
        airtok.get_encoding("nope")


def test_sizes(enc: airtok.Encoding) -> None:
    assert enc.n_vocab == N_VOCAB[enc.name]
    assert enc.max_token_value == enc.n_vocab - 1
    assert len(enc._mergeable_ranks) + len(set(enc._special_tokens.values())) <= enc.n_vocab
    assert enc.special_tokens_set == set(enc._special_tokens)
    assert enc.eot_token == enc._special_tokens["<|endoftext|>"]


def test_mergeable_ranks_is_a_plain_dict_built_once(enc: airtok.Encoding) -> None:
    ranks = enc._mergeable_ranks
    assert type(ranks) is dict
    assert ranks is enc._mergeable_ranks
    assert sorted(ranks) == enc.token_byte_values()
    for token, rank in list(ranks.items())[:: max(1, len(ranks) // 500)]:
        assert enc.decode_single_token_bytes(rank) == token
        assert enc.encode_single_token(token) == rank
        assert not enc.is_special_token(rank)


def test_single_token_errors() -> None:
    enc = airtok.get_encoding("cl100k_base")
    with pytest.raises(KeyError) as info:
        enc.encode_single_token("definitely not one token")
    assert info.value.args == (b"definitely not one token",)
    with pytest.raises(KeyError) as info:
        enc.decode_single_token_bytes(100261)  # between the ranks and <|endofprompt|>
    assert info.value.args == ("100261",)
    assert enc.encode_single_token(b"hello") == enc.encode_single_token("hello")
    with pytest.raises(OverflowError):
        enc.decode_single_token_bytes(-1)
    with pytest.raises(OverflowError):
        enc.decode_single_token_bytes(2**32)
    with pytest.raises(TypeError):
        enc.decode_single_token_bytes("1")  # type: ignore[arg-type]


def test_decode_errors() -> None:
    enc = airtok.get_encoding("cl100k_base")
    ok = enc.encode("hello")
    with pytest.raises(KeyError) as info:
        enc.decode(ok + [100261] + ok)
    assert info.value.args == ("Invalid token for decoding: 100261",)
    with pytest.raises(KeyError):
        enc.decode_bytes([enc.n_vocab])
    with pytest.raises(KeyError) as info:
        enc.decode_tokens_bytes(ok + [100261])
    assert info.value.args == ("100261",)
    with pytest.raises(KeyError) as info:
        enc.decode_with_offsets([100261])
    assert info.value.args == ("100261",)
    with pytest.raises(KeyError):
        enc.decode_batch([ok, [10**6]])
    with pytest.raises(OverflowError):
        enc.decode([-5])
    with pytest.raises(TypeError):
        enc.decode("abc")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        enc.encode(b"bytes are not text")  # type: ignore[arg-type]


def test_decode_error_handlers() -> None:
    enc = airtok.get_encoding("cl100k_base")
    # "é" is two tokens' worth of bytes in some contexts; take a token whose bytes are invalid.
    lone = next(r for t, r in enc._mergeable_ranks.items() if t == b"\xc3")
    tokens = enc.encode("a") + [lone] + enc.encode("b")
    assert enc.decode(tokens) == "a\ufffdb"
    assert enc.decode(tokens, errors="ignore") == "ab"
    assert enc.decode(tokens, errors="backslashreplace") == "a\\xc3b"
    assert enc.decode(tokens, errors="surrogateescape") == "a\udcc3b"
    with pytest.raises(UnicodeDecodeError):
        enc.decode(tokens, errors="strict")
    with pytest.raises(UnicodeDecodeError):
        enc.decode_with_offsets(tokens)
    assert enc.decode_batch([tokens], errors="ignore") == ["ab"]
    assert enc.decode_bytes_batch([tokens]) == [b"a\xc3b"]


def test_token_arguments_of_many_types() -> None:
    import array

    import numpy as np

    enc = airtok.get_encoding("o200k_base")
    ids = enc.encode("tokens of many types")
    want = enc.decode(ids)
    for tokens in (
        ids,
        tuple(ids),
        iter(ids),
        (i for i in ids),
        np.array(ids, dtype=np.uint32),
        np.array(ids, dtype=np.int64),
        np.array(ids, dtype=np.int32),
        np.array(ids, dtype=np.uint64)[::-1][::-1],
        np.repeat(np.array(ids, dtype=np.int64), 2)[::2],  # strided
        array.array("I", ids),
        array.array("q", ids),
        memoryview(array.array("L", ids)),
        [np.int64(i) for i in ids],
    ):
        assert enc.decode(tokens) == want, type(tokens)
    with pytest.raises(OverflowError):
        enc.decode(np.array([-1], dtype=np.int64))
    with pytest.raises(TypeError):
        enc.decode(np.array([1.0]))


def test_num_threads_must_be_positive() -> None:
    enc = airtok.get_encoding("cl100k_base")
    for method in (enc.encode_ordinary_batch, enc.encode_batch, enc.decode_batch):
        with pytest.raises(ValueError):
            method([], num_threads=0)
    assert enc.encode_ordinary_batch([], num_threads=1) == []


def test_encode_single_piece_and_bytes() -> None:
    enc = airtok.get_encoding("r50k_base")
    assert enc._encode_single_piece("hello") == [enc.encode_single_token("hello")]
    assert enc.decode_bytes(enc._encode_single_piece(b"helloqqqq")) == b"helloqqqq"
    # Without the pre-tokenizer, a piece can merge across what would be a split.
    text = "hello world"
    assert enc.decode(enc._encode_single_piece(text)) == text
    assert enc._encode_bytes(b"hello world") == enc.encode_ordinary("hello world")


def test_encode_with_unstable(enc: airtok.Encoding) -> None:
    """tiktoken's documented invariants of encode_with_unstable."""
    for text in ["hello fanta", "hello world ", "x = 1\n", "naïve café", "12345", "a" * 40]:
        stable, completions = enc.encode_with_unstable(text)
        data = text.encode()
        assert data.startswith(enc.decode_bytes(stable))
        assert all(enc.decode_bytes(stable + seq).startswith(data) for seq in completions)
        assert completions == sorted(completions)
        assert len(completions) == len({tuple(c) for c in completions})
        # The actual continuation "" is among the candidates: encoding the text itself.
        full = enc.encode_ordinary(text)
        assert full[: len(stable)] == stable


def test_encode_only_native_bpe_agrees_on_ascii() -> None:
    for name in ENCODING_NAMES:
        enc = airtok.get_encoding(name)
        text = "Hello, world! It's 2024 -- we've got 1234567 tokens\n\n  and more   "
        assert enc._encode_only_native_bpe(text) == enc.encode_ordinary(text)


def test_custom_encoding_like_tiktoken_readme() -> None:
    cl100k_base = airtok.get_encoding("cl100k_base")
    enc = airtok.Encoding(
        name="cl100k_im",
        pat_str=cl100k_base._pat_str,
        mergeable_ranks=cl100k_base._mergeable_ranks,
        special_tokens={**cl100k_base._special_tokens, "<|im_start|>": 100264, "<|im_end|>": 100265},
    )
    text = "<|im_start|>user hello world<|im_end|>"
    assert enc.encode(text, allowed_special="all") == (
        [100264] + cl100k_base.encode_ordinary("user hello world") + [100265]
    )
    assert enc.encode_ordinary("hello world") == golden_tokens("cl100k_base", "hello world")
    assert enc.n_vocab == 100277
    assert enc._mergeable_ranks is cl100k_base._mergeable_ranks  # kept as given, like tiktoken
    assert not enc._is_builtin()


def test_custom_encoding_validation() -> None:
    ranks = {bytes([b]): b for b in range(256)}
    ok = airtok.Encoding("bytes", pat_str=r"\S+|\s+", mergeable_ranks=ranks, special_tokens={},
                         explicit_n_vocab=256)
    assert ok.encode_ordinary("ab c") == [97, 98, 32, 99]
    assert ok.n_vocab == 256
    with pytest.raises(KeyError):
        ok.eot_token
    with pytest.raises(ValueError):
        airtok.Encoding("bad", pat_str=r"\S+", mergeable_ranks=ranks, special_tokens={},
                        explicit_n_vocab=300)
    with pytest.raises(ValueError):
        airtok.Encoding("bad", pat_str=r"\S+", mergeable_ranks=ranks, special_tokens={"<x>": 5})
    with pytest.raises(ValueError):
        airtok.Encoding("bad", pat_str=r"(unclosed", mergeable_ranks=ranks, special_tokens={})
    with pytest.raises(TypeError):
        airtok.Encoding("bad", pat_str=r"\S+", mergeable_ranks=ranks)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        airtok.Encoding("bad", pat_str=r"\S+", mergeable_ranks=[1, 2],  # type: ignore[arg-type]
                        special_tokens={})


def test_custom_encoding_from_other_mappings() -> None:
    import collections
    import types

    ranks = {bytes([b]): b for b in range(256)}
    for mapping in (types.MappingProxyType(ranks), collections.OrderedDict(ranks)):
        enc = airtok.Encoding("m", pat_str=r"\S+|\s+", mergeable_ranks=mapping,  # type: ignore[arg-type]
                              special_tokens=types.MappingProxyType({"<e>": 256}))  # type: ignore[arg-type]
        assert enc.encode("a <e>", allowed_special="all") == [97, 32, 256]


def test_model_table() -> None:
    assert airtok.encoding_name_for_model("gpt-4o") == "o200k_base"
    assert airtok.encoding_name_for_model("gpt-4o-2024-05-13") == "o200k_base"
    assert airtok.encoding_name_for_model("gpt-4") == "cl100k_base"
    assert airtok.encoding_name_for_model("ft:gpt-4o:org::id") == "o200k_base"
    assert airtok.encoding_name_for_model("gpt-oss-120b") == "o200k_harmony"
    assert airtok.encoding_for_model("text-davinci-003") is airtok.get_encoding("p50k_base")
    message = (
        "Could not automatically map not-a-model to a tokeniser. "
        "Please use `tiktoken.get_encoding` to explicitly get the tokeniser you expect."
    )
    with pytest.raises(KeyError) as info:
        airtok.encoding_for_model("not-a-model")
    assert info.value.args == (message,)
    with pytest.raises(KeyError) as info:
        native.encoding_name_for_model("not-a-model")
    assert info.value.args == (message,)


def test_model_table_matches_the_library() -> None:
    from airtok.model import MODEL_PREFIX_TO_ENCODING, MODEL_TO_ENCODING

    for model in MODEL_TO_ENCODING:
        assert airtok.encoding_name_for_model(model) == native.encoding_name_for_model(model)
    for prefix in MODEL_PREFIX_TO_ENCODING:
        model = prefix + "x-2030"
        assert airtok.encoding_name_for_model(model) == native.encoding_name_for_model(model)
    assert set(MODEL_TO_ENCODING.values()) <= set(ENCODING_NAMES)


def test_model_table_can_be_extended_like_tiktoken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(airtok.model.MODEL_TO_ENCODING, "my-model", "cl100k_base")
    assert airtok.encoding_for_model("my-model") is airtok.get_encoding("cl100k_base")


def test_encoding_constructors_like_tiktoken_ext() -> None:
    airtok.registry._find_constructors()
    constructors = airtok.registry.ENCODING_CONSTRUCTORS
    assert constructors is not None
    kwargs = constructors["p50k_edit"]()
    copy = airtok.Encoding(**kwargs)
    base = airtok.get_encoding("p50k_edit")
    text = "def f(x):\n    return x  # <|fim_prefix|>"
    assert copy.encode(text, allowed_special="all") == base.encode(text, allowed_special="all")
    assert copy is not base and not copy._is_builtin()


def test_version_matches_cmake_and_pyproject() -> None:
    import re
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    cmake = re.search(r"project\(airtok VERSION ([0-9.]+)", (repo / "CMakeLists.txt").read_text())
    pyproject = re.search(r'^version = "([0-9.]+)"', (repo / "python" / "pyproject.toml").read_text(), re.M)
    assert cmake and pyproject
    assert airtok.__version__ == cmake.group(1) == pyproject.group(1)
