"""install_as_tiktoken / install_as_openai_harmony: make ``import tiktoken`` /
``import openai_harmony`` anywhere in the process give airtok."""

from __future__ import annotations

import sys


def install_as_tiktoken() -> None:
    """Makes ``import tiktoken`` (and ``tiktoken.core``, ``tiktoken.registry``,
    ``tiktoken.model``, ``tiktoken.load``) resolve to airtok, for the rest of the process.

    For libraries that import tiktoken themselves (LangChain, LlamaIndex and many others): call
    it once, before they import tiktoken, the way ``pymysql.install_as_MySQLdb()`` is used::

        import airtok
        airtok.install_as_tiktoken()
        import tiktoken                      # airtok
        from langchain_text_splitters import TokenTextSplitter   # uses airtok inside

    Modules that imported the real tiktoken before the call keep it. Calling it again does
    nothing more.
    """
    import airtok
    from airtok import core, load, model, registry

    sys.modules["tiktoken"] = airtok
    sys.modules["tiktoken.core"] = core
    sys.modules["tiktoken.registry"] = registry
    sys.modules["tiktoken.model"] = model
    sys.modules["tiktoken.load"] = load


def install_as_openai_harmony() -> None:
    """Makes ``import openai_harmony`` resolve to ``airtok.harmony`` for the rest of the
    process, so code written for openai-harmony (vLLM, SGLang, TensorRT-LLM, ...) renders and
    parses gpt-oss conversations through airtok: the same token ids, no vocabulary file, no
    network (openai-harmony itself downloads ``o200k_base.tiktoken`` on first use)::

        import airtok
        airtok.install_as_openai_harmony()
        from openai_harmony import load_harmony_encoding, HarmonyEncodingName   # airtok

    Call it before the code that imports openai_harmony; modules that imported the real one
    earlier keep it. Calling it again does nothing more.
    """
    from airtok import harmony

    sys.modules["openai_harmony"] = harmony
