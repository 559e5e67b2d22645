"""airtok.model: which encoding a model uses (tiktoken.model's counterpart).

The tables come from the library (include/airtok/registry.hpp). They are plain dicts, as in
tiktoken, so code that adds its own model names to them keeps working.
"""

from __future__ import annotations

from . import _airtok
from .core import Encoding
from .registry import get_encoding

# Exact model names first, then prefixes in this order (the first that matches wins).
MODEL_TO_ENCODING: dict[str, str] = _airtok.model_to_encoding()
MODEL_PREFIX_TO_ENCODING: dict[str, str] = _airtok.model_prefix_to_encoding()


def encoding_name_for_model(model_name: str) -> str:
    """The name of the encoding a model uses, e.g. "gpt-4o" -> "o200k_base".

    Raises KeyError (with tiktoken's message) when the model cannot be mapped.
    """
    encoding_name = MODEL_TO_ENCODING.get(model_name)
    if encoding_name is not None:
        return encoding_name
    # Prefix matching covers dated and fine-tuned names (e.g. "gpt-4o-2024-05-13").
    for model_prefix, prefix_encoding_name in MODEL_PREFIX_TO_ENCODING.items():
        if model_name.startswith(model_prefix):
            return prefix_encoding_name
    raise KeyError(
        f"Could not automatically map {model_name} to a tokeniser. "
        "Please use `tiktoken.get_encoding` to explicitly get the tokeniser you expect."
    ) from None


def encoding_for_model(model_name: str) -> Encoding:
    """The encoding a model uses: get_encoding(encoding_name_for_model(model_name))."""
    return get_encoding(encoding_name_for_model(model_name))
