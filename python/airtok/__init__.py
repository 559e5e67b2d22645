"""airtok: OpenAI's byte-pair encodings with exactly tiktoken's token ids, and no network.

A drop-in for tiktoken: the seven official encodings (gpt2, r50k_base, p50k_base, p50k_edit,
cl100k_base, o200k_base, o200k_harmony) are compiled into the extension module, so
``get_encoding`` needs no file, no cache directory and no download::

    >>> import airtok
    >>> enc = airtok.get_encoding("cl100k_base")
    >>> enc.encode("hello world")
    [15339, 1917]
    >>> enc.decode([15339, 1917])
    'hello world'

Existing tiktoken code runs unchanged with ``import airtok as tiktoken``. For libraries that
import tiktoken themselves, call ``airtok.install_as_tiktoken()`` once, before they do.

``airtok.harmony`` is openai-harmony's Python API (gpt-oss's chat format) on the same built-in
vocabulary; ``airtok.install_as_openai_harmony()`` makes ``import openai_harmony`` give it.
"""

from ._airtok import CacheError, LoadError
from ._compat import install_as_openai_harmony, install_as_tiktoken
from .core import Encoding
from .model import encoding_for_model, encoding_name_for_model
from .registry import get_encoding, list_encoding_names

__version__ = "0.1.0"

__all__ = [
    "CacheError",
    "Encoding",
    "LoadError",
    "encoding_for_model",
    "encoding_name_for_model",
    "get_encoding",
    "install_as_openai_harmony",
    "install_as_tiktoken",
    "list_encoding_names",
]
