"""Exactness: every committed golden case (tests/golden/*.jsonl, written from the reference,
npm tiktoken@1.0.22, by tools/oracle/gen_golden.mjs) through the Python API.

Each encoding is one test that reports every mismatch it finds, with the case's annotation.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import airtok

from conftest import ENCODING_NAMES, load_golden


def tiktoken_disallowed_message(token: str) -> str:
    """The ValueError message tiktoken's Encoding.encode raises for a disallowed special token."""
    return (
        f"Encountered text corresponding to disallowed special token {token!r}.\n"
        "If you want this text to be encoded as a special token, "
        f"pass it to `allowed_special`, e.g. `allowed_special={{{token!r}, ...}}`.\n"
        "If you want this text to be encoded as normal text, disable the check for this token "
        f"by passing `disallowed_special=(enc.special_tokens_set - {{{token!r}}})`.\n"
        "To disable this check for all special tokens, pass `disallowed_special=()`.\n"
    )


def special_arg(value: Any) -> Any:
    return value if value == "all" else set(value)


class Checker:
    def __init__(self, enc: airtok.Encoding) -> None:
        self.enc = enc
        self.failures: list[str] = []

    def expect(self, case: dict[str, Any], what: str, got: Any, want: Any) -> None:
        if got != want:
            self.failures.append(f"{case['case']!r} {what}: got {got!r}, want {want!r}")

    def check_decode(self, case: dict[str, Any], tokens: list[int]) -> None:
        if case.get("decode_ambiguous"):
            return  # an id with two special names (see tools/oracle/README.md)
        enc = self.enc
        self.expect(case, "decode_bytes", enc.decode_bytes(tokens).hex(), case["bytes_hex"])
        self.expect(case, "decode", enc.decode(tokens), case["decoded"])
        if case.get("offsets_error"):
            try:
                enc.decode_with_offsets(tokens)
                self.failures.append(f"{case['case']!r}: decode_with_offsets did not raise")
            except UnicodeDecodeError:
                pass
        else:
            self.expect(
                case, "decode_with_offsets", enc.decode_with_offsets(tokens),
                (case["decoded"], case["offsets"]),
            )

    def check(self, case: dict[str, Any]) -> None:
        enc, op = self.enc, case["op"]
        if op == "encode_ordinary":
            text, want = case["text"], case["tokens"]
            self.expect(case, "encode_ordinary", enc.encode_ordinary(text), want)
            self.expect(case, "encode_to_numpy(disallowed=())",
                        enc.encode_to_numpy(text, disallowed_special=()).tolist(), want)
            self.expect(case, "count_ordinary", enc.count_ordinary(text), len(want))
        elif op == "encode":
            self.check_encode(case)
        elif op == "encode_bytes":
            data = bytes.fromhex(case["hex"]) if "hex" in case else case["text"].encode()
            self.expect(case, "_encode_bytes", enc._encode_bytes(data), case["tokens"])
        elif op == "decode":
            self.check_decode(case, case["tokens_in"])
            return
        else:
            raise AssertionError(f"unknown op {op!r}")
        if "tokens" in case:
            self.check_decode(case, case["tokens"])

    def check_encode(self, case: dict[str, Any]) -> None:
        enc = self.enc
        allowed, disallowed = special_arg(case["allowed"]), special_arg(case["disallowed"])
        if "error" in case:
            token = case["error"]["token"]
            for method in (enc.encode, enc.encode_to_numpy, enc.count):
                try:
                    method(case["text"], allowed_special=allowed, disallowed_special=disallowed)
                    self.failures.append(f"{case['case']!r}: {method.__name__} did not raise")
                except ValueError as e:
                    self.expect(case, f"{method.__name__} error", str(e),
                                tiktoken_disallowed_message(token))
            return
        got = enc.encode(case["text"], allowed_special=allowed, disallowed_special=disallowed)
        self.expect(case, "encode", got, case["tokens"])
        array = enc.encode_to_numpy(case["text"], allowed_special=allowed,
                                    disallowed_special=disallowed)
        self.expect(case, "encode_to_numpy", array.tolist(), case["tokens"])
        self.expect(case, "encode_to_numpy dtype", array.dtype, np.dtype(np.uint32))


@pytest.mark.parametrize("name", ENCODING_NAMES)
def test_golden_cases(name: str) -> None:
    cases = load_golden(name)
    assert len(cases) > 3000, "golden file looks truncated"
    checker = Checker(airtok.get_encoding(name))
    for case in cases:
        checker.check(case)
    assert not checker.failures, f"{len(checker.failures)} mismatches:\n" + "\n".join(
        checker.failures[:20]
    )


@pytest.mark.parametrize("name", ENCODING_NAMES)
def test_golden_batches(name: str) -> None:
    """The batch methods give the golden ids too, in input order, on 1 and on several threads."""
    enc = airtok.get_encoding(name)
    ordinary = [c for c in load_golden(name) if c["op"] == "encode_ordinary"]
    texts = [c["text"] for c in ordinary]
    want = [c["tokens"] for c in ordinary]
    for threads in (1, 2, 8):
        assert enc.encode_ordinary_batch(texts, num_threads=threads) == want
        assert enc.encode_batch(texts, num_threads=threads, disallowed_special=()) == want
    assert enc.decode_batch(want) == [enc.decode(w) for w in want]
    assert enc.decode_bytes_batch(want) == [enc.decode_bytes(w) for w in want]
