"""Property tests (hypothesis, derandomized): round trips of arbitrary text and bytes for every
encoding, encode == encode_ordinary without specials, batch == sequential, numpy == list,
count == len, offsets as tiktoken computes them, and tiktoken's handling of surrogates."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import airtok
from conftest import ENCODING_NAMES

FRAGMENTS = [
    " ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u3000", "a", "A", "hello", " world", "'s", "'LL",
    "don't", "123", "4567890", "٣", "é", "e\u0301", "ǅ", "ʰ", "中文", "日本語", "한국어", "😀",
    "👩\u200d💻", "🇺🇸", "!", "...", "//", "<|endoftext|>", "<|fim_prefix|>", "<|endofprompt|>",
    "<|start|>", "<|reserved_200100|>", "<|", "|>", "\x00", "\U0010fffd", "ſ", "İ",
]

texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=20).map("".join),
)

encodings = st.sampled_from(ENCODING_NAMES).map(airtok.get_encoding)


@given(encodings, texts)
def test_round_trip_text(enc: airtok.Encoding, text: str) -> None:
    ids = enc.encode_ordinary(text)
    assert enc.decode(ids) == text
    assert enc.decode_bytes(ids) == text.encode()
    assert b"".join(enc.decode_tokens_bytes(ids)) == text.encode()
    assert all(0 <= i <= enc.max_token_value and not enc.is_special_token(i) for i in ids)


@given(encodings, st.binary(max_size=64))
def test_round_trip_bytes(enc: airtok.Encoding, data: bytes) -> None:
    ids = enc._encode_bytes(data)
    assert enc.decode_bytes(ids) == data
    assert enc.decode(ids) == data.decode("utf-8", errors="replace")


UTF8_EDGES = [b"\x80", b"\xbf", b"\xc0", b"\xc1", b"\xc3", b"\xe0\x80", b"\xe0\xa0", b"\xed\xa0",
              b"\xed\x9f", b"\xef\xbf", b"\xf0\x8f", b"\xf0\x90\x80", b"\xf4\x90", b"\xf4\x8f\xbf",
              b"\xf5", b"\xff", b"a", b" ", "é".encode(), "😀".encode()]


@given(encodings, st.lists(st.one_of(st.sampled_from(UTF8_EDGES), st.binary(max_size=4)),
                           max_size=8).map(b"".join))
def test_decode_with_offsets_raises_pythons_own_unicode_decode_error(enc: airtok.Encoding,
                                                                     data: bytes) -> None:
    # tiktoken decodes with bytes.decode("utf-8", errors="strict"): the same start, end, reason
    # and object, built from what the library found (not from a second decode).
    ids = enc._encode_bytes(data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as expected:
        with pytest.raises(UnicodeDecodeError) as got:
            enc.decode_with_offsets(ids)
        e = got.value
        assert (e.encoding, e.object, e.start, e.end, e.reason) == (
            expected.encoding, expected.object, expected.start, expected.end, expected.reason)
        assert str(e) == str(expected)
    else:
        assert enc.decode_with_offsets(ids)[0] == data.decode()


@given(encodings, texts)
def test_encode_equals_encode_ordinary_without_specials(enc: airtok.Encoding, text: str) -> None:
    assume(not any(token in text for token in enc.special_tokens_set))
    ids = enc.encode_ordinary(text)
    assert enc.encode(text) == ids
    assert enc.encode(text, allowed_special="all") == ids
    assert enc.count(text) == len(ids) == enc.count_ordinary(text)
    assert enc.encode_to_numpy(text).tolist() == ids


@given(encodings, texts)
def test_specials_split_the_text(enc: airtok.Encoding, text: str) -> None:
    ids = enc.encode(text, allowed_special="all")
    assert enc.decode(ids) == text
    assert enc.encode(text, disallowed_special=()) == enc.encode_ordinary(text)
    assert enc.encode_to_numpy(text, allowed_special="all").tolist() == ids
    assert enc.count(text, allowed_special="all") == len(ids)


@given(encodings, st.lists(texts, max_size=12), st.integers(min_value=1, max_value=5))
def test_batch_equals_sequential(enc: airtok.Encoding, batch: list[str], threads: int) -> None:
    ordinary = [enc.encode_ordinary(t) for t in batch]
    assert enc.encode_ordinary_batch(batch, num_threads=threads) == ordinary
    special = [enc.encode(t, allowed_special="all") for t in batch]
    assert enc.encode_batch(batch, num_threads=threads, allowed_special="all") == special
    assert enc.decode_batch(special, num_threads=threads) == batch
    assert enc.decode_bytes_batch(ordinary, num_threads=threads) == [t.encode() for t in batch]


@given(encodings, texts)
def test_offsets_as_tiktoken_computes_them(enc: airtok.Encoding, text: str) -> None:
    ids = enc.encode_ordinary(text)
    token_bytes = enc.decode_tokens_bytes(ids)
    offsets, text_len = [], 0
    for token in token_bytes:  # tiktoken's formula (core.py, decode_with_offsets)
        offsets.append(max(0, text_len - (0x80 <= token[0] < 0xC0)))
        text_len += sum(1 for c in token if not 0x80 <= c < 0xC0)
    assert enc.decode_with_offsets(ids) == (text, offsets)


surrogates = st.integers(min_value=0xD800, max_value=0xDFFF).map(chr)


@given(encodings, st.lists(st.one_of(texts, surrogates), max_size=10).map("".join))
def test_surrogates_as_tiktoken(enc: airtok.Encoding, text: str) -> None:
    fixed = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    assert enc.encode_ordinary(text) == enc.encode_ordinary(fixed)
    assert enc.encode(text, disallowed_special=()) == enc.encode_ordinary(fixed)
    assert enc.encode_to_numpy(text, disallowed_special=()).tolist() == enc.encode_ordinary(fixed)
    assert enc.encode_ordinary_batch([text]) == [enc.encode_ordinary(fixed)]


def test_surrogate_pair_joins() -> None:
    enc = airtok.get_encoding("cl100k_base")
    # Two lone surrogates that form a pair are joined, as tiktoken's utf-16 round trip does.
    assert enc.encode_ordinary("\ud83d\ude00") == enc.encode_ordinary("\U0001f600")
    assert enc.encode_ordinary("a\ud800b") == enc.encode_ordinary("a\ufffdb")
    with pytest.raises(UnicodeEncodeError):
        enc.encode_single_token("\ud800")


@given(encodings, texts)
def test_encode_with_unstable_invariants(enc: airtok.Encoding, text: str) -> None:
    assume(len(text) < 40)
    stable, completions = enc.encode_with_unstable(text, disallowed_special=())
    data = text.encode()
    assert data.startswith(enc.decode_bytes(stable))
    assert all(enc.decode_bytes(stable + c).startswith(data) for c in completions)
