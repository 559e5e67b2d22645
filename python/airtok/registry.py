"""airtok.registry: get_encoding and the registered encodings (tiktoken.registry's counterpart).

The seven built-in encodings come from the library (no file, no network). Encodings that
tiktoken plugins define (modules in the ``tiktoken_ext`` namespace package with an
``ENCODING_CONSTRUCTORS`` dict) are found as tiktoken finds them, the first time a name that is
not built in is asked for; tiktoken's own plugin, ``tiktoken_ext.openai_public``, is not needed
and never imported.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from typing import Any, Callable

from . import _airtok
from .core import Encoding

_lock = threading.RLock()

# Encodings built so far, by name: get_encoding returns the same object ever after.
ENCODINGS: dict[str, Encoding] = {}
# Name -> function returning Encoding's keyword arguments, as tiktoken's; None until first needed.
ENCODING_CONSTRUCTORS: dict[str, Callable[[], dict[str, Any]]] | None = None

_BUILTIN_NAMES: tuple[str, ...] = tuple(_airtok.list_encoding_names())
_OPENAI_PLUGIN = "tiktoken_ext.openai_public"


def _builtin_constructor(name: str) -> Callable[[], dict[str, Any]]:
    def constructor() -> dict[str, Any]:
        enc = get_encoding(name)
        return {
            "name": name,
            "pat_str": enc._pat_str,
            "mergeable_ranks": dict(enc._mergeable_ranks),
            "special_tokens": dict(enc._special_tokens),
        }

    constructor.__name__ = name
    constructor.__qualname__ = name
    constructor.__doc__ = f"Encoding's keyword arguments for the built-in {name}."
    return constructor


def _plugin_modules() -> list[str]:
    try:
        import tiktoken_ext  # type: ignore[import]
    except ImportError:
        return []
    return [
        mod_name
        for _, mod_name, _ in pkgutil.iter_modules(tiktoken_ext.__path__, "tiktoken_ext.")
        if mod_name != _OPENAI_PLUGIN
    ]


def _find_constructors() -> None:
    global ENCODING_CONSTRUCTORS
    with _lock:
        if ENCODING_CONSTRUCTORS is not None:
            return
        constructors = {name: _builtin_constructor(name) for name in _BUILTIN_NAMES}
        for mod_name in _plugin_modules():
            mod = importlib.import_module(mod_name)
            try:
                plugin_constructors = mod.ENCODING_CONSTRUCTORS
            except AttributeError as e:
                raise ValueError(
                    f"tiktoken plugin {mod_name} does not define ENCODING_CONSTRUCTORS"
                ) from e
            for enc_name, constructor in plugin_constructors.items():
                if enc_name in constructors:
                    raise ValueError(
                        f"Duplicate encoding name {enc_name} in tiktoken plugin {mod_name}"
                    )
                constructors[enc_name] = constructor
        ENCODING_CONSTRUCTORS = constructors


def get_encoding(encoding_name: str) -> Encoding:
    """The encoding called `encoding_name`; the same object on every call.

    Built-in encodings take about a millisecond the first time and need no file. Raises
    ValueError for an unknown name.
    """
    enc = ENCODINGS.get(encoding_name)
    if enc is not None:
        return enc
    with _lock:
        enc = ENCODINGS.get(encoding_name)
        if enc is not None:
            return enc
        if encoding_name in _BUILTIN_NAMES:
            enc = Encoding._builtin(encoding_name)
        else:
            _find_constructors()
            assert ENCODING_CONSTRUCTORS is not None
            if encoding_name not in ENCODING_CONSTRUCTORS:
                raise ValueError(
                    f"Unknown encoding {encoding_name}.\n"
                    f"Known encodings: {', '.join(ENCODING_CONSTRUCTORS)}\n"
                    f"Plugins found: {_plugin_modules()}"
                )
            enc = Encoding(**ENCODING_CONSTRUCTORS[encoding_name]())
        ENCODINGS[encoding_name] = enc
        return enc


def list_encoding_names() -> list[str]:
    """The names get_encoding accepts: the built-in ones, then those of tiktoken plugins."""
    with _lock:
        _find_constructors()
        assert ENCODING_CONSTRUCTORS is not None
        return list(ENCODING_CONSTRUCTORS)
