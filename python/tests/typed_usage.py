"""Typical user code, type-checked with ``mypy --strict`` by test_typing.py (not a test)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

import airtok
from airtok.load import load_tiktoken_bpe


def count(texts: list[str], model: str = "gpt-4o") -> int:
    enc: airtok.Encoding = airtok.encoding_for_model(model)
    return sum(len(ids) for ids in enc.encode_ordinary_batch(texts, num_threads=4))


def to_array(text: str) -> npt.NDArray[np.uint32]:
    return airtok.get_encoding("cl100k_base").encode_to_numpy(text, allowed_special="all")


def round_trip(text: str) -> tuple[str, list[int], bytes]:
    enc = airtok.get_encoding("o200k_base")
    ids: list[int] = enc.encode(text, allowed_special={"<|endoftext|>"}, disallowed_special=())
    decoded, offsets = enc.decode_with_offsets(ids)
    stable, completions = enc.encode_with_unstable(text)
    first: list[int] = completions[0] if completions else stable
    return decoded + enc.decode(first, errors="ignore"), offsets, enc.decode_bytes(ids)


def custom(url: str) -> airtok.Encoding:
    base = airtok.get_encoding("cl100k_base")
    ranks: dict[bytes, int] = load_tiktoken_bpe(url)
    specials: dict[str, int] = {**base._special_tokens, "<|im_start|>": 100264}
    return airtok.Encoding("mine", pat_str=base._pat_str, mergeable_ranks=ranks,
                           special_tokens=specials)


def facts(enc: airtok.Encoding) -> tuple[int, int, int, set[str], bool, str]:
    return (enc.n_vocab, enc.max_token_value, enc.eot_token, enc.special_tokens_set,
            enc.is_special_token(0), airtok.encoding_name_for_model("gpt-4"))


def harmony_prompt(question: str) -> tuple[list[int], list[str]]:
    from airtok.harmony import (Conversation, HarmonyEncodingName, Message, Role,
                                StreamableParser, SystemContent, TextContent,
                                load_harmony_encoding)

    enc = load_harmony_encoding(HarmonyEncodingName.HARMONY_GPT_OSS)
    convo = Conversation.from_messages([
        Message.from_role_and_content(Role.SYSTEM, SystemContent.new().with_browser_tool()),
        Message.from_role_and_content(Role.USER, question),
    ])
    prompt: list[int] = enc.render_conversation_for_completion(convo, Role.ASSISTANT)
    parser = StreamableParser(enc, Role.ASSISTANT)
    for token in enc.encode("<|channel|>final<|message|>4<|return|>", allowed_special="all"):
        parser.process(token)
    texts = [c.text for m in parser.messages for c in m.content if isinstance(c, TextContent)]
    return prompt, texts
