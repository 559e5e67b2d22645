"""Special tokens: tiktoken's argument forms for allowed_special / disallowed_special, and its
errors and messages (the message text is tiktoken's, see test_golden.tiktoken_disallowed_message).
"""

from __future__ import annotations

import pytest

import airtok
from test_golden import tiktoken_disallowed_message

EOT = "<|endoftext|>"
FIM = "<|fim_prefix|>"


@pytest.fixture(scope="module")
def cl100k() -> airtok.Encoding:
    return airtok.get_encoding("cl100k_base")


def test_default_disallows_every_special_token(cl100k: airtok.Encoding) -> None:
    for token in cl100k.special_tokens_set:
        with pytest.raises(ValueError) as info:
            cl100k.encode(f"a {token} b")
        assert str(info.value) == tiktoken_disallowed_message(token)


def test_error_names_the_leftmost_disallowed_token(cl100k: airtok.Encoding) -> None:
    with pytest.raises(ValueError) as info:
        cl100k.encode(f"x {FIM} y {EOT}")
    assert str(info.value) == tiktoken_disallowed_message(FIM)
    with pytest.raises(ValueError) as info:
        cl100k.encode(f"x {FIM} y {EOT}", allowed_special={FIM})
    assert str(info.value) == tiktoken_disallowed_message(EOT)


@pytest.mark.parametrize("allowed", ["all", {EOT}, frozenset({EOT}), [EOT], (EOT,), {EOT: 1}.keys()])
def test_allowed_forms(cl100k: airtok.Encoding, allowed: object) -> None:
    assert cl100k.encode(f"a{EOT}b", allowed_special=allowed) == (
        cl100k.encode_ordinary("a") + [cl100k.eot_token] + cl100k.encode_ordinary("b")
    )


@pytest.mark.parametrize("disallowed", [(), set(), frozenset(), [], None])
def test_empty_disallowed_makes_specials_ordinary_text(
    cl100k: airtok.Encoding, disallowed: object
) -> None:
    text = f"a{EOT}b{FIM}"
    assert cl100k.encode(text, disallowed_special=disallowed) == cl100k.encode_ordinary(text)


def test_disallowed_all_minus_allowed(cl100k: airtok.Encoding) -> None:
    # "all" means every special token that is not allowed.
    text = f"{EOT}{FIM}"
    assert cl100k.encode(text, allowed_special={EOT, FIM}) == [
        cl100k.eot_token,
        cl100k.encode_single_token(FIM),
    ]
    # A token that is neither allowed nor disallowed is ordinary text.
    assert cl100k.encode(text, allowed_special={EOT}, disallowed_special={"<|endofprompt|>"}) == (
        [cl100k.eot_token] + cl100k.encode_ordinary(FIM)
    )


def test_disallowed_strings_need_not_be_special_tokens(cl100k: airtok.Encoding) -> None:
    # tiktoken searches for exactly the given strings.
    with pytest.raises(ValueError) as info:
        cl100k.encode("say hello", disallowed_special={"hello"})
    assert str(info.value) == tiktoken_disallowed_message("hello")


def test_disallowed_message_uses_python_repr(cl100k: airtok.Encoding) -> None:
    for odd in ["\x01ctl", "it's", 'say "x"', "both ' and \"", "tab\there", "é\u2028", "\\"]:
        with pytest.raises(ValueError) as info:
            cl100k.encode(f"<{odd}>", disallowed_special={odd})
        assert str(info.value) == tiktoken_disallowed_message(odd)


def test_disallowed_str_is_a_set_of_characters(cl100k: airtok.Encoding) -> None:
    # tiktoken does frozenset(disallowed_special) on anything but "all".
    with pytest.raises(ValueError) as info:
        cl100k.encode("a|b", disallowed_special="|x")
    assert str(info.value) == tiktoken_disallowed_message("|")


def test_allowed_str_other_than_all_is_a_type_error(cl100k: airtok.Encoding) -> None:
    with pytest.raises(TypeError):
        cl100k.encode(EOT, allowed_special=EOT)


def test_non_str_members_are_type_errors(cl100k: airtok.Encoding) -> None:
    with pytest.raises(TypeError):
        cl100k.encode("a", allowed_special={1})  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cl100k.encode("a", disallowed_special=[b"x"])  # type: ignore[list-item]


def test_unknown_allowed_strings_are_ignored(cl100k: airtok.Encoding) -> None:
    assert cl100k.encode("<|nope|>", allowed_special={"<|nope|>"}) == cl100k.encode_ordinary(
        "<|nope|>"
    )


def test_batch_raises_for_the_first_failing_text(cl100k: airtok.Encoding) -> None:
    texts = ["fine", f"x {FIM}", f"y {EOT}", "fine too"]
    for threads in (1, 4):
        with pytest.raises(ValueError) as info:
            cl100k.encode_batch(texts, num_threads=threads)
        assert str(info.value) == tiktoken_disallowed_message(FIM)
    assert cl100k.encode_batch(texts, allowed_special="all") == [
        cl100k.encode(t, allowed_special="all") for t in texts
    ]


def test_every_encoding_and_every_special_token(enc: airtok.Encoding) -> None:
    for token, rank in enc._special_tokens.items():
        assert enc.encode(token, allowed_special={token}) == [rank]
        assert enc.encode(token, allowed_special="all") == [rank]
        assert enc.encode_single_token(token) == rank
        assert enc.is_special_token(rank)
        assert enc.encode(token, disallowed_special=()) == enc.encode_ordinary(token)
        with pytest.raises(ValueError):
            enc.encode(token)


def test_encode_with_unstable_checks_specials(cl100k: airtok.Encoding) -> None:
    with pytest.raises(ValueError) as info:
        cl100k.encode_with_unstable(f"hi {EOT}")
    assert str(info.value) == tiktoken_disallowed_message(EOT)
    stable, completions = cl100k.encode_with_unstable(f"hi {EOT}", allowed_special="all")
    assert stable == cl100k.encode(f"hi {EOT}", allowed_special="all")
    assert completions == []
