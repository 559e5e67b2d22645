"""install_as_tiktoken: make ``import tiktoken`` anywhere in the process give airtok."""

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
