"""airtok.harmony, openai-harmony's Python API: every golden conversation through the Python
models (token ids from the reference, tests/golden/harmony.jsonl), upstream's parse cases,
JSON round trips, the streaming parser against the batch parser on every prefix, malformed
completions, and the models' pydantic / plain methods.

With AIRTOK_HARMONY_BLOCK_PYDANTIC=1 the module runs with pydantic made unimportable (the
plain-model fallback); test_harmony_plain.py runs it that way.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Dict, List

if os.environ.get("AIRTOK_HARMONY_BLOCK_PYDANTIC") == "1":
    sys.modules["pydantic"] = None  # type: ignore[assignment]  # import pydantic -> ImportError

import pytest
from conftest import load_golden
from hypothesis import given
from hypothesis import strategies as st

from airtok import _airtok
from airtok.harmony import (
    PYDANTIC_MAJOR,
    Author,
    ChannelConfig,
    Conversation,
    DeveloperContent,
    HarmonyEncodingName,
    HarmonyError,
    Message,
    ReasoningEffort,
    RenderConversationConfig,
    RenderOptions,
    Role,
    StreamableParser,
    StreamState,
    SystemContent,
    TextContent,
    ToolDescription,
    ToolNamespaceConfig,
    load_harmony_encoding,
)

CASES = load_golden("harmony")
ENC = load_harmony_encoding(HarmonyEncodingName.HARMONY_GPT_OSS)


def case_id(case: Dict[str, Any]) -> str:
    return str(case["case"])


def message_of(raw: Dict[str, Any]) -> Message:
    """A golden message; a system content `tools` of "@browser" / "@browser+python" stands for
    with_browser_tool() / with_python_tool() (tests/harmony/golden_cases.json)."""
    raw = json.loads(json.dumps(raw))
    builtins = ""
    for item in raw["content"]:
        if isinstance(item.get("tools"), str):
            builtins = item.pop("tools")
    msg = Message.from_dict(raw)
    if builtins:
        system = msg.content[0]
        assert isinstance(system, SystemContent)
        if "browser" in builtins:
            system.with_browser_tool()
        if "python" in builtins:
            system.with_python_tool()
    return msg


def conversation_of(case: Dict[str, Any]) -> Conversation:
    return Conversation.from_messages([message_of(m) for m in case["conversation"]["messages"]])


def render_case(case: Dict[str, Any]) -> List[int]:
    config = RenderConversationConfig(auto_drop_analysis=case.get("auto_drop_analysis", True))
    if case["api"] == "message":
        options = RenderOptions(conversation_has_function_tools=case.get("function_tools", False))
        return ENC.render(message_of(case["message"]), options)
    convo = conversation_of(case)
    if case["api"] == "completion":
        return ENC.render_conversation_for_completion(convo, Role(case["next_role"]), config)
    if case["api"] == "training":
        return ENC.render_conversation_for_training(convo, config)
    return ENC.render_conversation(convo, config)


def test_the_golden_file_is_there() -> None:
    assert len(CASES) >= 30
    assert {c["api"] for c in CASES} == {"completion", "conversation", "training", "message"}


def test_model_base_is_the_one_available() -> None:
    if os.environ.get("AIRTOK_HARMONY_BLOCK_PYDANTIC") == "1":
        assert PYDANTIC_MAJOR == 0
    else:
        import pydantic

        assert PYDANTIC_MAJOR == int(pydantic.VERSION.split(".")[0]) >= 1
        assert isinstance(Message.from_role_and_content(Role.USER, "x"), pydantic.BaseModel)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_golden_case_renders_the_reference_tokens(case: Dict[str, Any]) -> None:
    tokens = render_case(case)
    assert tokens == case["tokens"]
    assert ENC.decode_utf8(tokens) == case["text"]
    # test_harmony.py's own check: the expected text encoded with every special allowed.
    assert ENC.encode(case["text"], allowed_special="all") == case["tokens"]


def _text_only(msg: Message) -> bool:
    return all(isinstance(c, TextContent) for c in msg.content)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_golden_messages_parse_back(case: Dict[str, Any]) -> None:
    """Each text message of a golden case, rendered alone, parses back to itself (a recipient
    "all" is not rendered, so it parses back as none). Headers upstream cannot read back are
    left out: a tool's name with no recipient and `role:name` ("Unknown role" there too)."""
    messages = [message_of(case["message"])] if "message" in case else list(conversation_of(case))
    checked = 0
    for msg in messages:
        if not _text_only(msg) or len(msg.content) != 1:
            continue
        if (msg.author.role == Role.TOOL) != (msg.author.name is not None):
            continue
        if msg.author.role == Role.TOOL and msg.recipient is None:
            with pytest.raises(HarmonyError, match="Unknown role"):
                ENC.parse_messages_from_completion_tokens(ENC.render(msg), None)
            continue
        tokens = ENC.render(msg)
        parsed = ENC.parse_messages_from_completion_tokens(tokens, None)
        expected = msg.model_copy(deep=True)
        if expected.recipient == "all":
            expected.recipient = None
        assert parsed == [expected], tokens
        checked += 1
    if case["case"] in ("docs_renderer_example", "dropping_cot_by_default", "preserve_cot"):
        assert checked >= 3


@pytest.mark.parametrize("case", [c for c in CASES if "conversation" in c], ids=case_id)
def test_json_round_trips(case: Dict[str, Any]) -> None:
    convo = conversation_of(case)
    assert Conversation.from_json(convo.to_json()) == convo
    for msg in convo:
        assert Message.from_dict(msg.to_dict()) == msg
        assert Message.from_dict(json.loads(msg.to_json())) == msg
        assert Message.model_validate(msg.model_dump()) == msg
        assert Message.model_validate_json(msg.model_dump_json()) == msg
        for item in msg.content:
            if isinstance(item, (SystemContent, DeveloperContent)):
                assert type(item).from_dict(item.to_dict()) == item
    assert Conversation.model_validate(convo.model_dump()) == convo
    # The golden JSON is Python's to_dict() form (tools written as "@builtins" aside).
    if "@" not in json.dumps(case["conversation"]):
        assert json.loads(convo.to_json()) == case["conversation"]


def test_pydantic_v1_names_work_on_every_base() -> None:
    msg = Message.from_role_and_content(Role.ASSISTANT, "hello").with_channel("final")
    assert Message.parse_obj(msg.dict()) == msg
    dumped = json.loads(msg.model_dump_json())
    assert dumped["content"] == [{"type": "text", "text": "hello"}]
    assert dumped["author"] == {"role": "assistant", "name": None}


# ---- builders, as in upstream's test_harmony.py ------------------------------------------------


def golden(name: str) -> Dict[str, Any]:
    return next(c for c in CASES if c["case"] == name)


def test_builders_give_the_golden_conversations() -> None:
    sys_content = (SystemContent.new()
                   .with_model_identity(
                       "You are ChatGPT, a large language model trained by OpenAI.")
                   .with_reasoning_effort(ReasoningEffort.MEDIUM)
                   .with_conversation_start_date("2021-01-01")
                   .with_knowledge_cutoff("2021-01")
                   .with_required_channels(["analysis", "final"]))
    convo = Conversation.from_messages([
        Message.from_role_and_content(Role.SYSTEM, sys_content),
        Message.from_role_and_content(Role.USER, "What is 42 * pi?"),
    ])
    assert (ENC.render_conversation_for_completion(convo, Role.ASSISTANT)
            == golden("reasoning_system_message_with_dates")["tokens"])

    browser_python = Conversation.from_messages([Message.from_role_and_content(
        Role.SYSTEM,
        SystemContent.new().with_conversation_start_date("2025-06-28").with_browser_tool()
        .with_python_tool())])
    assert (ENC.render_conversation_for_completion(browser_python, Role.ASSISTANT)
            == golden("browser_and_python_tool")["tokens"])

    tool_call = Conversation.from_messages([
        Message.from_role_and_content(Role.USER, "What is the weather in SF?"),
        Message.from_role_and_content(
            Role.ASSISTANT,
            "User asks: \u201cWhat is the weather in SF?\u201d We need to use lookup_weather tool.",
        ).with_channel("analysis"),
        Message.from_role_and_content(Role.ASSISTANT, '{"location": "San Francisco"}')
        .with_channel("commentary").with_recipient("functions.lookup_weather")
        .with_content_type("<|constrain|>json"),
        Message.from_author_and_content(Author.new(Role.TOOL, "functions.lookup_weather"),
                                        '{"temperature": 20, "description": "sunny"}'),
    ])
    drop = RenderConversationConfig(auto_drop_analysis=True)
    assert (ENC.render_conversation_for_completion(tool_call, Role.ASSISTANT, drop)
            == golden("does_not_drop_if_ongoing_analysis")["tokens"])


def test_builder_details() -> None:
    assert ChannelConfig.require_channels(["a"]) == ChannelConfig(valid_channels=["a"],
                                                                  channel_required=True)
    dev = DeveloperContent.new().with_function_tools([ToolDescription.new("f", "does f")])
    assert dev.tools is not None and dev.tools["functions"].description is None
    browser = ToolNamespaceConfig.browser()
    assert browser.name == "browser" and [t.name for t in browser.tools] == ["search", "open",
                                                                             "find"]
    assert ToolNamespaceConfig.python().tools == []
    msg = Message.from_role_and_contents(Role.USER, [TextContent(text="a")]).adding_content("b")
    assert [c.text for c in msg.content if isinstance(c, TextContent)] == ["a", "b"]
    # A builder call after the content went into a message shows in the message (as in v2).
    system = SystemContent.new()
    holder = Message.from_role_and_content(Role.SYSTEM, system)
    system.with_reasoning_effort(ReasoningEffort.LOW)
    assert holder.content[0] == system
    assert SystemContent.from_dict({"reasoning_effort": "High"}).reasoning_effort is \
        ReasoningEffort.HIGH


def test_render_and_render_conversation_agree() -> None:
    msg = Message.from_role_and_content(Role.USER, "Hello")
    convo = Conversation.from_messages([msg])
    assert ENC.render(msg) == ENC.render_conversation(convo)
    completion = ENC.render_conversation_for_completion(convo, Role.ASSISTANT)
    assert completion[:len(ENC.render(msg))] == ENC.render(msg)


def test_training_render_ends_with_return() -> None:
    convo = Conversation.from_messages([
        Message.from_role_and_content(Role.USER, "hi"),
        Message.from_role_and_content(Role.ASSISTANT, "hello").with_channel("final"),
    ])
    training = ENC.render_conversation_for_training(convo)
    regular = ENC.render_conversation(convo)
    assert training[:-1] == regular[:-1]
    assert regular[-1] == ENC.encode("<|end|>", allowed_special={"<|end|>"})[0]
    assert training[-1] == ENC.encode("<|return|>", allowed_special={"<|return|>"})[0]


# ---- the encoding's other calls ----------------------------------------------------------------


def test_encoding_basics() -> None:
    assert ENC.name == "HarmonyGptOss"
    assert load_harmony_encoding("HarmonyGptOss").name == "HarmonyGptOss"
    assert ENC.stop_tokens() == [200002, 200007, 200012]
    assert ENC.stop_tokens_for_assistant_actions() == [200002, 200012]
    assert ENC.is_special_token(200006) and not ENC.is_special_token(24912)
    assert len(ENC.special_tokens_set) == 201088 - 199998 + 1
    assert "<|endofprompt|>" not in ENC.special_tokens_set
    assert ENC.decode_utf8([200014]) == "<|reserved_200014|>"
    assert ENC.decode_utf8([201088]) == "<|reserved_201088|>"
    assert ENC.decode_utf8([200018]) == "<|reserved_200018|>"
    with pytest.raises(ValueError, match="HarmonyGptOss"):
        load_harmony_encoding("gpt-oss")


def test_encode_like_upstream() -> None:
    # test_harmony.py test_encode_allowed_special (ids from upstream's test).
    assert ENC.encode("hello world") == [24912, 2375]
    assert ENC.encode("<|start|>", allowed_special={"<|start|>"}) == [200006]
    assert ENC.encode("<|start|>", allowed_special="all") == [200006]
    with pytest.raises(HarmonyError, match="Encountered text corresponding to disallowed special"):
        ENC.encode("<|start|>")
    assert ENC.encode("<|start|>", disallowed_special=()) == [27, 91, 5236, 91, 29]
    assert ENC.decode_utf8(ENC.encode("hello world")) == "hello world"
    assert ENC.decode(ENC.encode("hello world")) == "hello world"
    # Harmony's table, not tiktoken's: the two reserved ids tiktoken lacks are special here ...
    assert ENC.encode("<|reserved_201088|>", allowed_special="all") == [201088]
    assert ENC.encode("a<|reserved_200018|>", allowed_special="all")[-1] == 200018
    # ... and <|endofprompt|> is text (tiktoken's o200k_harmony: 200018).
    assert ENC.encode("<|endofprompt|>", allowed_special="all") == \
        ENC.encode("<|endofprompt|>", disallowed_special=())
    with pytest.raises(HarmonyError, match="'<|end|>'"):
        ENC.encode("ok <|end|> <|start|>", allowed_special={"<|start|>"})
    with pytest.raises(HarmonyError, match="'xyz'"):
        ENC.encode("abc xyz", disallowed_special={"xyz"})


def test_decode_errors() -> None:
    with pytest.raises(HarmonyError, match="Invalid token for decoding: 99999999"):
        ENC.decode_utf8([99999999])
    with pytest.raises(HarmonyError, match="Invalid utf-8"):
        ENC.decode_utf8([132990, 9552])
    assert "Chicken" in ENC.decode([132990, 9552])
    assert isinstance(HarmonyError("x"), RuntimeError)


def test_render_errors_are_harmony_errors() -> None:
    with pytest.raises(HarmonyError):
        ENC.render(Message.from_role_and_content(Role.TOOL, "no name"))
    with pytest.raises(HarmonyError):
        ENC.render(Message.from_role_and_content(Role.USER, SystemContent.new()))
    bad = DeveloperContent.new().with_function_tools([ToolDescription.new("f", "d", {"a": 1})])
    ENC.render(Message.from_role_and_content(Role.DEVELOPER, bad))  # any JSON object renders
    with pytest.raises((ValueError, TypeError)):  # pydantic's ValidationError is a ValueError
        ENC.render_conversation_for_completion(
            Conversation.from_messages([SystemContent.new()]),  # type: ignore[list-item]
            Role.ASSISTANT)


# ---- parsing: upstream's cases (expected messages from openai/harmony's test_harmony.py) ------


def parse(text: str, role: Role | None = None, strict: bool = True) -> List[Message]:
    return ENC.parse_messages_from_completion_tokens(ENC.encode(text, allowed_special="all"),
                                                     role, strict=strict)


def assistant(text: str) -> Message:
    return Message.from_role_and_content(Role.ASSISTANT, text)


def test_parse_constrain_cases() -> None:
    expected = [assistant('{"location": "Tokyo"}').with_channel("commentary")
                .with_recipient("functions.get_weather").with_content_type("<|constrain|>json")]
    assert parse("<|start|>assistant to=functions.get_weather<|channel|>commentary"
                 ' <|constrain|>json<|message|>{"location": "Tokyo"}<|call|>') == expected
    assert parse("<|start|>assistant to=functions.get_weather<|channel|>commentary"
                 '<|constrain|>json<|message|>{"location": "Tokyo"}<|call|>') == expected
    assert parse("<|start|>assistant<|channel|>commentary to=functions.get_weather"
                 '<|constrain|>json<|message|>{"latitude":48.8566,"longitude":2.3522}<|call|>') \
        == [assistant('{"latitude":48.8566,"longitude":2.3522}').with_channel("commentary")
            .with_recipient("functions.get_weather").with_content_type("<|constrain|>json")]
    assert parse('<|start|>assistant<|channel|>final <|constrain|>json<|message|>{"result":true}'
                 "<|return|>") == [assistant('{"result":true}').with_channel("final")
                                    .with_content_type("<|constrain|>json")]


def test_parse_tool_response() -> None:
    msg = (Message.from_author_and_content(Author.new(Role.TOOL, "browser.search"),
                                           '{"result": "https://openai.com/"}')
           .with_channel("commentary").with_recipient("assistant"))
    tokens = ENC.render(msg)[:-1]
    assert ENC.parse_messages_from_completion_tokens(tokens, None) == [msg]


MISSING_MESSAGE_TOKEN = [
    ("I must refuse<|end|>"
     "<|start|>assistant<|channel|>analysis<|message|>We must refuse<|end|>"
     "<|start|>assistant<|channel|>final<|message|>I'm sorry, but I can't help with that."
     "<|return|>",
     [assistant("I must refuse"), assistant("We must refuse").with_channel("analysis"),
      assistant("I'm sorry, but I can't help with that.").with_channel("final")]),
    ("<|channel|>analysis I must refuse<|end|>"
     "<|start|>assistant<|channel|>analysis<|message|>We must refuse<|end|>"
     "<|start|>assistant<|channel|>final<|message|>I'm sorry, but I can't help with that."
     "<|return|>",
     [assistant("I must refuse").with_channel("analysis"),
      assistant("We must refuse").with_channel("analysis"),
      assistant("I'm sorry, but I can't help with that.").with_channel("final")]),
    ("... Let's use the tool.<|end|>"
     "<|start|>assistant to=functions.get_weather<|channel|>commentary json"
     '<|message|>{"location": "Tokyo"}<|call|>',
     [assistant("... Let's use the tool."),
      assistant('{"location": "Tokyo"}').with_channel("commentary")
      .with_recipient("functions.get_weather").with_content_type("json")]),
]


@pytest.mark.parametrize("text,expected", MISSING_MESSAGE_TOKEN)
def test_missing_message_token_strict_and_lenient(text: str, expected: List[Message]) -> None:
    tokens = ENC.encode(text, allowed_special="all")
    strict = StreamableParser(ENC, Role.ASSISTANT, strict=True)
    with pytest.raises(HarmonyError, match="unexpected tokens remaining in message header"):
        for t in tokens:
            strict.process(t)
    lenient = StreamableParser(ENC, Role.ASSISTANT, strict=False)
    for t in tokens:
        lenient.process(t)
    assert lenient.messages == expected
    assert parse(text, Role.ASSISTANT, strict=False) == expected
    with pytest.raises(HarmonyError, match="unexpected tokens remaining in message header"):
        parse(text, Role.ASSISTANT)


def content_tokens(text: str) -> List[int]:
    return ENC.encode(text)


PREFIX = "<|start|>assistant<|message|>"


@pytest.mark.parametrize("middle,suffix,expected", [
    ([9552, 9552], "worked<|end|>", " \ufffd \ufffdworked"),
    ([9552] + content_tokens("XY"), "<|end|>", " \ufffdXY"),
    ([9552] + content_tokens(" interesting"), "<|end|>", " \ufffd interesting"),
])
def test_stream_invalid_utf8(middle: List[int], suffix: str, expected: str) -> None:
    tokens = (ENC.encode(PREFIX, allowed_special="all") + middle
              + ENC.encode(suffix, allowed_special="all"))
    parser = StreamableParser(ENC, None)
    for t in tokens:
        parser.process(t)
    assert parser.messages == [assistant(expected)]


def test_stream_deltas_without_eos() -> None:
    tokens = (ENC.encode(PREFIX, allowed_special="all") + [9552] + content_tokens(" interesting")
              + content_tokens(" story"))
    parser = StreamableParser(ENC, None)
    deltas = []
    for t in tokens:
        parser.process(t)
        if parser.last_content_delta is not None:
            deltas.append(parser.last_content_delta)
    assert parser.current_content == " \ufffd interesting story"
    assert "".join(deltas) == " \ufffd interesting story"
    parser.process(content_tokens("Y")[0])
    assert parser.last_content_delta == "Y"
    assert parser.current_content == " \ufffd interesting storyY"


def test_stream_tricky_utf8() -> None:
    text = ("Hello M\u00fcller, \u0393\u03b5\u03b9\u03ac \u03c3\u03bf\u03c5, \u041f\u0440\u0438"
            "\u0432\u0435\u0442, \u05e9\u05dc\u05d5\u05dd, \u0645\u0631\u062d\u0628\u0627, "
            "\u0928\u092e\u0938\u094d\u0924\u0947, \u3053\u3093\u306b\u3061\u306f, na\u00efve vs "
            "nai\u0308ve. \U0001f60a\U0001f44b\U0001f3fe\U0001f468\u200d\U0001f469\U0001f1fa"
            "\U0001f1f8.")
    tokens = ENC.encode(PREFIX, allowed_special="all") + ENC.encode(text) + [200007]
    parser = StreamableParser(ENC, None)
    deltas = []
    for t in tokens:
        parser.process(t)
        if parser.last_content_delta is not None:
            deltas.append(parser.last_content_delta)
    assert parser.messages == [assistant(text)]
    assert "".join(deltas) == text


def test_stream_state_and_current_fields() -> None:
    parser = StreamableParser(ENC, None)
    assert parser.state is StreamState.EXPECT_START
    assert parser.state_data == {"state": "ExpectStart"}
    tokens = ENC.encode("<|start|>assistant to=functions.f<|channel|>commentary <|constrain|>json"
                        '<|message|>{"a": 1}<|call|>', allowed_special="all")
    parser.process(tokens[0])
    assert parser.state is StreamState.HEADER and parser.state_data["header_tokens"] == []
    parser.process(tokens[1])
    assert parser.state_data == {"state": "Header", "header_tokens": tokens[1:2]}
    for t in tokens[2:-1]:
        parser.process(t)
    assert parser.state is StreamState.CONTENT
    assert parser.current_role is Role.ASSISTANT
    assert parser.current_channel == "commentary"
    assert parser.current_recipient == "functions.f"
    assert parser.current_content_type == "<|constrain|>json"
    assert parser.current_content == '{"a": 1}'
    data = parser.state_data
    assert data["state"] == "Content" and data["header"]["channel"] == "commentary"
    assert ENC.decode_utf8(data["content_tokens"]) == '{"a": 1}'
    parser.process(tokens[-1])
    assert parser.state is StreamState.EXPECT_START
    assert parser.tokens == tokens
    assert len(parser.messages) == 1 and parser.current_role is None
    assert StreamableParser(ENC, Role.ASSISTANT).current_role is Role.ASSISTANT


# ---- streaming against batch, on every prefix of every golden rendering ------------------------


def batch(tokens: List[int]) -> str:
    try:
        return str(_airtok.load_harmony_encoding("HarmonyGptOss")
                   .parse_messages_from_completion_tokens(tokens, None, True))
    except HarmonyError as e:
        return f"HarmonyError: {e}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_stream_matches_batch_on_every_prefix(case: Dict[str, Any]) -> None:
    """After every token: the stream's content so far is the sum of its deltas, and the tokens
    so far, ended there, give what the batch parser gives them (messages or the same error; a
    completion prompt ends inside a header, so its last prefixes are errors)."""
    tokens: List[int] = case["tokens"]
    parser = StreamableParser(ENC, None)
    content = ""
    for k, token in enumerate(tokens, start=1):
        try:
            parser.process(token)
        except HarmonyError as e:  # (author_name: upstream cannot read `user:alice` back)
            assert batch(tokens[:k]) == f"HarmonyError: {e}"
            return
        delta = parser.last_content_delta
        if parser.state is StreamState.CONTENT:
            content += delta or ""
            assert parser.current_content == content
        else:
            content = ""
        # A copy of the stream so far, ended here, gives the batch parser's result.
        ended = _airtok.HarmonyStreamableParserBase(ENC._inner, None)
        try:
            for t in tokens[:k]:
                ended.process(t)
            ended.process_eos()
            streamed = str(ended.messages)
        except HarmonyError as e:
            streamed = f"HarmonyError: {e}"
        assert streamed == batch(tokens[:k]), k
    if case["api"] == "completion":  # the prompt ends inside the next message's header
        with pytest.raises(HarmonyError, match="Unexpected EOS"):
            parser.process_eos()
        return
    parser.process_eos()
    assert parser.messages == ENC.parse_messages_from_completion_tokens(tokens, None)


# ---- malformed completions: HarmonyError, never anything else -----------------------------------

SPECIALS = [200002, 200003, 200005, 200006, 200007, 200008, 200012, 199999, 200018, 201088]
token_ids = st.one_of(st.sampled_from(SPECIALS), st.integers(0, 1000),
                      st.sampled_from([9552, 132990, 173781, 17196, 1428, 316, 28]))


@given(st.lists(token_ids, max_size=40), st.sampled_from([None, Role.ASSISTANT, Role.USER]),
       st.booleans())
def test_any_token_sequence_parses_or_raises_harmony_error(tokens: List[int], role: Role | None,
                                                           strict: bool) -> None:
    try:
        batch_result = ENC.parse_messages_from_completion_tokens(tokens, role, strict=strict)
    except HarmonyError as e:
        batch_result = str(e)  # type: ignore[assignment]
    parser = StreamableParser(ENC, role, strict=strict)
    try:
        for t in tokens:
            parser.process(t)
        parser.process_eos()
        stream_result: Any = parser.messages
    except HarmonyError as e:
        stream_result = str(e)
    assert stream_result == batch_result


@pytest.mark.parametrize("tokens", [[201089], [99999999], [200006, 2**32 - 1]])
def test_ids_that_are_not_tokens(tokens: List[int]) -> None:
    with pytest.raises(HarmonyError):
        ENC.parse_messages_from_completion_tokens(tokens, None)
    with pytest.raises(HarmonyError, match="Invalid token for decoding"):
        ENC.decode_utf8(tokens)


def test_an_id_that_is_not_a_token_in_content_becomes_a_replacement_character() -> None:
    # Upstream's StreamableParser holds undecodable content tokens and ends the message with
    # U+FFFD for them (encoding.rs, process_next at EOS).
    tokens = [200006, 173781, 200008, 12194, 201089, 12194, 200007]
    assert ENC.parse_messages_from_completion_tokens(tokens, None) == [assistant("Hi\ufffd")]


def test_malformed_completions_name_the_problem() -> None:
    with pytest.raises(HarmonyError, match="Unexpected token 1428"):
        ENC.parse_messages_from_completion_tokens([1428], None)
    with pytest.raises(HarmonyError, match="Unexpected EOS while waiting for message header"):
        ENC.parse_messages_from_completion_tokens([200006, 173781], None)
    with pytest.raises(HarmonyError):
        parse("<|start|>nobody<|message|>hi<|end|>")
    with pytest.raises(ValueError, match="Unknown role"):
        Role("robot")
    with pytest.raises(ValueError, match="Unknown content variant"):
        Message.from_dict({"role": "user", "content": [{"type": "image"}]})
    with pytest.raises((TypeError, OverflowError)):
        ENC.parse_messages_from_completion_tokens([-1], None)


def test_one_encoding_renders_and_parses_from_many_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    def work(case: Dict[str, Any]) -> tuple[bool, str]:
        tokens = render_case(case)
        return tokens == case["tokens"], batch(tokens)

    expected = [(True, batch(c["tokens"])) for c in CASES]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(work, CASES * 4)) == expected * 4


def test_non_ascii_text_travels_through_the_json_form() -> None:
    # json.dumps escapes non-ASCII (surrogate pairs for emoji); the C++ side reads them back.
    text = 'Gr\u00fc\u00dfe \U0001f60a\U0001f468\u200d\U0001f469 "q" \\ \n\t \u4f60\u597d'
    msg = Message.from_role_and_content(Role.ASSISTANT, text).with_channel("final")
    rendered = f"<|start|>assistant<|channel|>final<|message|>{text}<|end|>"
    tokens = ENC.render(msg)
    assert tokens == ENC.encode(rendered, allowed_special="all")
    assert ENC.parse_messages_from_completion_tokens(tokens, None) == [msg]
    # A lone surrogate has no UTF-8 form: the JSON form is refused, naming the problem.
    with pytest.raises(HarmonyError, match="surrogate"):
        ENC.render(Message.from_role_and_content(Role.USER, "a\ud800b"))
