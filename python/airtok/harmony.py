"""openai-harmony's Python API (``openai_harmony``) on airtok: gpt-oss's chat format, offline.

The same names, the same models, the same token ids, the same parsed messages and the same
errors as openai-harmony, with no vocabulary file and no network (the vocabulary is airtok's
built-in o200k_harmony)::

    from airtok.harmony import (Conversation, HarmonyEncodingName, Message, Role,
                                SystemContent, load_harmony_encoding)

    enc = load_harmony_encoding(HarmonyEncodingName.HARMONY_GPT_OSS)
    convo = Conversation.from_messages([
        Message.from_role_and_content(Role.SYSTEM, SystemContent.new()),
        Message.from_role_and_content(Role.USER, "What is 2 + 2?"),
    ])
    prompt = enc.render_conversation_for_completion(convo, Role.ASSISTANT)
    # ... sample until a token of enc.stop_tokens_for_assistant_actions() ...
    messages = enc.parse_messages_from_completion_tokens(sampled, Role.ASSISTANT)

For code that imports ``openai_harmony`` itself (vLLM, SGLang, ...), call
``airtok.install_as_openai_harmony()`` once, first.

As upstream does, the models travel to the C++ core as their JSON form (``to_json()``); the
rendering and parsing are airtok's C++ harmony library. The models are pydantic models when
pydantic is importable (version 1 or 2; see ``airtok._harmony_base``), plain classes with the
same methods otherwise.

Errors: ``HarmonyError`` (a RuntimeError, as upstream's) for anything the format rejects;
ValueError for an unknown encoding name or role string, as upstream. Upstream raises a plain
RuntimeError from render / render_conversation / render_conversation_for_training; airtok
raises HarmonyError there too, which ``except RuntimeError`` still catches.
"""

from __future__ import annotations

import functools
import json
import re
from enum import Enum
from typing import (
    AbstractSet,
    Any,
    Collection,
    Dict,
    FrozenSet,
    Iterator,
    List,
    Literal,
    Optional,
    Pattern,
    Sequence,
    Union,
    TYPE_CHECKING,
)

from . import _airtok
from ._harmony_base import PYDANTIC_MAJOR, BaseModel, discriminated, field

HarmonyError = _airtok.HarmonyError


class Role(str, Enum):
    """The author of a message."""

    USER = "user"
    ASSISTANT = "assistant"
    SYSTEM = "system"
    DEVELOPER = "developer"
    TOOL = "tool"

    @classmethod
    def _missing_(cls, value: object) -> "Role":
        raise ValueError(f"Unknown role: {value!r} (roles: user, assistant, system, developer, "
                         "tool)")


class ReasoningEffort(str, Enum):
    LOW = "Low"
    MEDIUM = "Medium"
    HIGH = "High"


class HarmonyEncodingName(str, Enum):
    HARMONY_GPT_OSS = "HarmonyGptOss"

    def __str__(self) -> str:
        return str(self.value)


class StreamState(Enum):
    EXPECT_START = "ExpectStart"
    HEADER = "Header"
    CONTENT = "Content"


# ---- models ---------------------------------------------------------------------------------


class Author(BaseModel):
    role: Role
    name: Optional[str] = None

    @classmethod
    def new(cls, role: Role, name: str) -> "Author":
        return cls(role=role, name=name)


class Content(BaseModel):
    """The base of the content kinds (TextContent, SystemContent, DeveloperContent)."""

    def to_dict(self) -> Dict[str, Any]:
        raise NotImplementedError


class TextContent(Content):
    type: Literal["text"] = "text"
    text: str

    def to_dict(self) -> Dict[str, Any]:
        return {"type": "text", "text": self.text}


class ToolDescription(BaseModel):
    """One function; ``parameters`` is its JSON Schema (a dict)."""

    name: str
    description: str
    parameters: Optional[Dict[str, Any]] = None

    @classmethod
    def new(cls, name: str, description: str,
            parameters: Optional[Dict[str, Any]] = None) -> "ToolDescription":
        return cls(name=name, description=description, parameters=parameters)


class ChannelConfig(BaseModel):
    valid_channels: List[str]
    channel_required: bool

    @classmethod
    def require_channels(cls, channels: List[str]) -> "ChannelConfig":
        return cls(valid_channels=channels, channel_required=True)


def _builtin_namespace(name: str) -> Dict[str, Any]:
    message = json.loads(_airtok.harmony_tool_namespace_json(name))
    namespace: Dict[str, Any] = message["content"][0]["tools"][name]
    return namespace


class ToolNamespaceConfig(BaseModel):
    name: str
    description: Optional[str] = None
    tools: List[ToolDescription]

    @staticmethod
    def browser() -> "ToolNamespaceConfig":
        """The built-in browser tool (search, open, find), as gpt-oss was trained on it."""
        return ToolNamespaceConfig(**_builtin_namespace("browser"))

    @staticmethod
    def python() -> "ToolNamespaceConfig":
        """The built-in python tool (a stateful Jupyter notebook)."""
        return ToolNamespaceConfig(**_builtin_namespace("python"))


def _default_channels() -> ChannelConfig:
    return ChannelConfig.require_channels(["analysis", "commentary", "final"])


class SystemContent(Content):
    """A system message's content; the defaults are upstream's ``SystemContent.new()``."""

    type: Literal["system_content"] = "system_content"
    model_identity: Optional[str] = "You are ChatGPT, a large language model trained by OpenAI."
    reasoning_effort: Optional[ReasoningEffort] = ReasoningEffort.MEDIUM
    conversation_start_date: Optional[str] = None
    knowledge_cutoff: Optional[str] = "2024-06"
    channel_config: Optional[ChannelConfig] = field(default_factory=_default_channels)
    tools: Optional[Dict[str, ToolNamespaceConfig]] = None

    @classmethod
    def new(cls) -> "SystemContent":
        return cls()

    def with_model_identity(self, model_identity: str) -> "SystemContent":
        self.model_identity = model_identity
        return self

    def with_reasoning_effort(self, reasoning_effort: ReasoningEffort) -> "SystemContent":
        self.reasoning_effort = reasoning_effort
        return self

    def with_conversation_start_date(self, conversation_start_date: str) -> "SystemContent":
        self.conversation_start_date = conversation_start_date
        return self

    def with_knowledge_cutoff(self, knowledge_cutoff: str) -> "SystemContent":
        self.knowledge_cutoff = knowledge_cutoff
        return self

    def with_channel_config(self, channel_config: ChannelConfig) -> "SystemContent":
        self.channel_config = channel_config
        return self

    def with_required_channels(self, channels: List[str]) -> "SystemContent":
        self.channel_config = ChannelConfig.require_channels(channels)
        return self

    def with_tools(self, ns_config: ToolNamespaceConfig) -> "SystemContent":
        if self.tools is None:
            self.tools = {}
        self.tools[ns_config.name] = ns_config
        return self

    def with_browser_tool(self) -> "SystemContent":
        return self.with_tools(ToolNamespaceConfig.browser())

    def with_python_tool(self) -> "SystemContent":
        return self.with_tools(ToolNamespaceConfig.python())

    def to_dict(self) -> Dict[str, Any]:
        out = self.model_dump(exclude_none=True)
        out["type"] = "system_content"
        return out

    @classmethod
    def from_dict(cls, raw: Dict[str, Any]) -> "SystemContent":
        return cls(**raw)


class DeveloperContent(Content):
    """A developer message's content: instructions and function tools."""

    type: Literal["developer_content"] = "developer_content"
    instructions: Optional[str] = None
    tools: Optional[Dict[str, ToolNamespaceConfig]] = None

    @classmethod
    def new(cls) -> "DeveloperContent":
        return cls()

    def with_instructions(self, instructions: str) -> "DeveloperContent":
        self.instructions = instructions
        return self

    def with_tools(self, ns_config: ToolNamespaceConfig) -> "DeveloperContent":
        if self.tools is None:
            self.tools = {}
        self.tools[ns_config.name] = ns_config
        return self

    def with_function_tools(self, tools: Sequence[ToolDescription]) -> "DeveloperContent":
        return self.with_tools(
            ToolNamespaceConfig(name="functions", description=None, tools=list(tools)))

    def to_dict(self) -> Dict[str, Any]:
        out = self.model_dump(exclude_none=True)
        out["type"] = "developer_content"
        return out

    @classmethod
    def from_dict(cls, raw: Dict[str, Any]) -> "DeveloperContent":
        return cls(**raw)


# The content union, told apart by `type` (so model_dump / model_validate keep each kind).
if TYPE_CHECKING:
    AnyContent = Union[TextContent, SystemContent, DeveloperContent]
else:
    AnyContent = discriminated(Union[TextContent, SystemContent, DeveloperContent], "type")

_CONTENT_KINDS = {"text": TextContent, "system_content": SystemContent,
                  "developer_content": DeveloperContent}


def _content_of(content: Union[str, Content]) -> Content:
    return TextContent(text=content) if isinstance(content, str) else content


class Message(BaseModel):
    author: Author
    content: List[AnyContent] = field(default_factory=list)
    channel: Optional[str] = None
    recipient: Optional[str] = None
    content_type: Optional[str] = None

    @classmethod
    def from_author_and_content(cls, author: Author, content: Union[str, Content]) -> "Message":
        return cls(author=author, content=[_content_of(content)])

    @classmethod
    def from_role_and_content(cls, role: Role, content: Union[str, Content]) -> "Message":
        return cls.from_author_and_content(Author(role=role), content)

    @classmethod
    def from_role_and_contents(cls, role: Role, contents: Sequence[Content]) -> "Message":
        return cls(author=Author(role=role), content=list(contents))

    def adding_content(self, content: Union[str, Content]) -> "Message":
        self.content.append(_content_of(content))  # type: ignore[arg-type]
        return self

    def with_channel(self, channel: str) -> "Message":
        self.channel = channel
        return self

    def with_recipient(self, recipient: str) -> "Message":
        self.recipient = recipient
        return self

    def with_content_type(self, content_type: str) -> "Message":
        self.content_type = content_type
        return self

    def to_dict(self) -> Dict[str, Any]:
        """openai-harmony's JSON form: role and name, content items, then channel, recipient
        and content_type when set."""
        out: Dict[str, Any] = {"role": self.author.role, "name": self.author.name,
                               "content": [c.to_dict() for c in self.content]}
        for key in ("channel", "recipient", "content_type"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict())

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "Message":
        """Reads the JSON form; ``content`` may also be one plain string (as the Rust side
        writes a single text)."""
        author = Author(role=Role(data["role"]), name=data.get("name"))
        raw_content = data["content"]
        if isinstance(raw_content, str):
            raw_content = [{"type": "text", "text": raw_content}]
        contents: List[Content] = []
        for raw in raw_content:
            kind = _CONTENT_KINDS.get(raw.get("type"))
            if kind is None:
                raise ValueError(f"Unknown content variant: {raw} (type must be text, "
                                 "system_content or developer_content)")
            contents.append(kind(**raw))
        msg = cls(author=author, content=contents)
        msg.channel = data.get("channel")
        msg.recipient = data.get("recipient")
        msg.content_type = data.get("content_type")
        return msg


class Conversation(BaseModel):
    messages: List[Message] = field(default_factory=list)

    @classmethod
    def from_messages(cls, messages: Sequence[Message]) -> "Conversation":
        return cls(messages=list(messages))

    def __iter__(self) -> Iterator[Message]:  # type: ignore[override]
        return iter(self.messages)

    def to_dict(self) -> Dict[str, Any]:
        return {"messages": [m.to_dict() for m in self.messages]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict())

    @classmethod
    def from_json(cls, payload: str) -> "Conversation":
        data = json.loads(payload)
        return cls(messages=[Message.from_dict(m) for m in data["messages"]])


class RenderConversationConfig(BaseModel):
    auto_drop_analysis: bool = True


class RenderOptions(BaseModel):
    conversation_has_function_tools: bool = False


# ---- the encoding ---------------------------------------------------------------------------

# Harmony's special tokens are all `<|name|>` with name in [a-z0-9_]: one scan finds every
# candidate, and none can overlap another.
_SPECIAL_SHAPE = re.compile(r"<\|[a-z0-9_]+\|>")


@functools.lru_cache(maxsize=16)
def _special_token_regex(tokens: FrozenSet[str]) -> Pattern[str]:
    return re.compile("|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True)))


def _first_special(text: str, tokens: FrozenSet[str]) -> Optional[str]:
    if all(_SPECIAL_SHAPE.fullmatch(t) for t in tokens):
        for m in _SPECIAL_SHAPE.finditer(text):
            if m.group() in tokens:
                return m.group()
        return None
    found = _special_token_regex(tokens).search(text)
    return found.group() if found else None


def raise_disallowed_special_token(token: str) -> None:
    """The HarmonyError of ``encode`` for text holding a disallowed special token (tiktoken's
    message)."""
    raise HarmonyError(
        f"Encountered text corresponding to disallowed special token {token!r}.\n"
        f"If you want this text to be encoded as a special token, pass it to `allowed_special`, "
        f"e.g. `allowed_special={{'{token}', ...}}`.\n"
        f"If you want this text to be encoded as normal text, disable the check for this token "
        f"by passing `disallowed_special=(enc.special_tokens_set - {{'{token}'}})`.\n"
        f"To disable this check for all special tokens, pass `disallowed_special=()`.\n")


def _config_flag(config: Optional[RenderConversationConfig]) -> bool:
    return True if config is None else bool(config.auto_drop_analysis)


class HarmonyEncoding:
    """openai-harmony's HarmonyEncoding: renders conversations to token ids and parses
    completions back into messages. Safe to share between threads."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    @property
    def name(self) -> str:
        return str(self._inner.name)

    @functools.cached_property
    def special_tokens_set(self) -> set[str]:
        """Harmony's special tokens: 199998..=201088 (``<|reserved_N|>`` where unnamed)."""
        return set(self._inner.special_tokens())

    def render_conversation_for_completion(
            self, conversation: Conversation, next_turn_role: Role,
            config: Optional[RenderConversationConfig] = None) -> List[int]:
        """The conversation's tokens, then ``<|start|>`` and the next role (the prompt)."""
        return list(self._inner.render_conversation_for_completion(
            conversation.to_json(), Role(next_turn_role).value, _config_flag(config)))

    def render_conversation(self, conversation: Conversation,
                            config: Optional[RenderConversationConfig] = None) -> List[int]:
        """The conversation's tokens, with nothing appended."""
        return list(self._inner.render_conversation(conversation.to_json(),
                                                    _config_flag(config)))

    def render_conversation_for_training(
            self, conversation: Conversation,
            config: Optional[RenderConversationConfig] = None) -> List[int]:
        """As render_conversation, but a last assistant message on the final channel ends with
        ``<|return|>``."""
        return list(self._inner.render_conversation_for_training(conversation.to_json(),
                                                                 _config_flag(config)))

    def render(self, message: Message,
               render_options: Optional[RenderOptions] = None) -> List[int]:
        """One message's tokens."""
        has_tools = (False if render_options is None
                     else bool(render_options.conversation_has_function_tools))
        return list(self._inner.render(message.to_json(), has_tools))

    def parse_messages_from_completion_tokens(self, tokens: Sequence[int],
                                              role: Optional[Role] = None, *,
                                              strict: bool = True) -> List[Message]:
        """The messages of a completion. With ``role``, the tokens start inside the first
        message's header (after the prompt's ``<|start|>assistant``). HarmonyError for a
        malformed completion; ``strict=False`` recovers from a missing ``<|message|>``."""
        raw = self._inner.parse_messages_from_completion_tokens(
            list(tokens), None if role is None else Role(role).value, strict)
        return [Message.from_dict(m) for m in json.loads(raw)]

    def decode_utf8(self, tokens: Sequence[int]) -> str:
        """The tokens' text; HarmonyError if it is not UTF-8 (decode replaces instead)."""
        return str(self._inner.decode_utf8(list(tokens)))

    def decode_bytes(self, tokens: Sequence[int]) -> bytes:
        return bytes(self._inner.decode_bytes(list(tokens)))

    def decode(self, tokens: Sequence[int], errors: str = "replace") -> str:
        """The tokens' text, invalid UTF-8 handled by ``errors`` (as bytes.decode)."""
        return self.decode_bytes(tokens).decode("utf-8", errors=errors)

    def encode(self, text: str, *,
               allowed_special: Union[Literal["all"], AbstractSet[str]] = frozenset(),
               disallowed_special: Union[Literal["all"], Collection[str]] = "all") -> List[int]:
        """Encodes text as tiktoken does, with harmony's special tokens: HarmonyError for text
        of a disallowed special token (by default all of them)."""
        allowed: AbstractSet[str] = (self.special_tokens_set if allowed_special == "all"
                                     else allowed_special)
        disallowed: Collection[str] = (self.special_tokens_set - set(allowed)
                                       if disallowed_special == "all" else disallowed_special)
        if disallowed:
            token = _first_special(text, frozenset(disallowed))
            if token is not None:
                raise_disallowed_special_token(token)
        return list(self._inner.encode(text, list(allowed)))

    def is_special_token(self, token: int) -> bool:
        return bool(self._inner.is_special_token(token))

    def stop_tokens(self) -> List[int]:
        """<|return|>, <|end|>, <|call|>."""
        return list(self._inner.stop_tokens())

    def stop_tokens_for_assistant_actions(self) -> List[int]:
        """<|return|>, <|call|>: where sampling an assistant turn stops."""
        return list(self._inner.stop_tokens_for_assistant_actions())


class StreamableParser:
    """Parses a completion one token at a time (native): after each ``process(token)``,
    ``last_content_delta`` is the text it added, and ``messages`` the finished messages."""

    def __init__(self, encoding: HarmonyEncoding, role: Optional[Role], *,
                 strict: bool = True) -> None:
        self._inner = _airtok.HarmonyStreamableParserBase(
            encoding._inner, None if role is None else Role(role).value, strict)

    def process(self, token: int) -> "StreamableParser":
        self._inner.process(token)
        return self

    def process_eos(self) -> "StreamableParser":
        self._inner.process_eos()
        return self

    @property
    def current_content(self) -> str:
        return str(self._inner.current_content)

    @property
    def current_role(self) -> Optional[Role]:
        raw = self._inner.current_role
        return None if raw is None else Role(raw)

    @property
    def current_content_type(self) -> Optional[str]:
        value: Optional[str] = self._inner.current_content_type
        return value

    @property
    def last_content_delta(self) -> Optional[str]:
        value: Optional[str] = self._inner.last_content_delta
        return value

    @property
    def messages(self) -> List[Message]:
        return [Message.from_dict(m) for m in json.loads(self._inner.messages)]

    @property
    def tokens(self) -> List[int]:
        return list(self._inner.tokens)

    @property
    def state_data(self) -> Dict[str, Any]:
        """The parser's state as upstream's ``state_json`` shows it: ``{"state": ...}`` plus
        ``header_tokens`` (Header) or ``header`` and ``content_tokens`` (Content)."""
        data: Dict[str, Any] = self._inner.state_data()
        return data

    @property
    def state(self) -> StreamState:
        return StreamState(self._inner.state_name)

    @property
    def current_recipient(self) -> Optional[str]:
        value: Optional[str] = self._inner.current_recipient
        return value

    @property
    def current_channel(self) -> Optional[str]:
        value: Optional[str] = self._inner.current_channel
        return value


def load_harmony_encoding(name: Union[str, HarmonyEncodingName]) -> HarmonyEncoding:
    """The encoding ``name`` ("HarmonyGptOss", the only one): no file, no network.
    ValueError for another name."""
    return HarmonyEncoding(_airtok.load_harmony_encoding(str(name)))


__all__ = [
    "Role",
    "Author",
    "Content",
    "TextContent",
    "DeveloperContent",
    "ToolDescription",
    "SystemContent",
    "Message",
    "Conversation",
    "HarmonyEncoding",
    "HarmonyEncodingName",
    "load_harmony_encoding",
    "StreamableParser",
    "StreamState",
    "HarmonyError",
    "ReasoningEffort",
    "ChannelConfig",
    "ToolNamespaceConfig",
    "RenderConversationConfig",
    "RenderOptions",
    "PYDANTIC_MAJOR",
]
