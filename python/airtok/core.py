"""airtok.core: the Encoding class (tiktoken.core's counterpart).

The methods that do the work (encode, decode and their variants) are the C++ library's, bound
in ``airtok._airtok.EncodingBase``; this module adds what is Python: tiktoken's constructor
signature, the cached dictionaries (``_mergeable_ranks``, ``_special_tokens``,
``special_tokens_set``), ``repr`` and pickling.
"""

from __future__ import annotations

import functools
from typing import Any

from . import _airtok

# Default thread count of the batch methods, as tiktoken: min(os.cpu_count() or 8, 32).
_MAX_THREADS: int = _airtok.MAX_THREADS


class Encoding(_airtok.EncodingBase):
    """A byte-pair encoding: a vocabulary, a pre-tokenizer pattern and special tokens.

    Get the built-in ones with ``airtok.get_encoding(name)`` or
    ``airtok.encoding_for_model(model)``; build a custom one with this constructor.

    An Encoding is immutable and thread-safe: share one between any number of threads. Encoding
    and decoding release the GIL, and the batch methods run on the C++ thread pool. Encodings
    pickle: a registered one by name (it is rebuilt from the library, with no file), any other
    by value.
    """

    def __init__(
        self,
        name: str,
        *,
        pat_str: str,
        mergeable_ranks: dict[bytes, int],
        special_tokens: dict[str, int],
        explicit_n_vocab: int | None = None,
    ) -> None:
        """Creates an encoding, as tiktoken's ``Encoding(...)``.

        Args:
            name: The encoding's name. Encodings with different behaviour should have different
                names (pickling uses the name for registered encodings).
            pat_str: The pre-tokenizer pattern (Rust regex syntax, as tiktoken's). tiktoken's
                built-in patterns use specialized scanners; any other is compiled with PCRE2.
            mergeable_ranks: Token bytes to rank; ranks are merge priorities. Beyond tiktoken,
                airtok indexes its tables by rank, so ranks must be below 2**28 and, for n
                tokens, below 2 * n + 65536 (trained vocabularies number them densely from 0).
            special_tokens: Special token text to id; as in tiktoken, any id below 2**32.
            explicit_n_vocab: If given, the number of ranks plus special tokens must equal it,
                and so must the largest id plus one.

        Raises:
            ValueError: the arguments are inconsistent (a rank or id used twice, a special id
                that is also a rank, an explicit_n_vocab mismatch, a rank beyond the limits
                above) or the pattern does not compile.
        """
        super().__init__(name, pat_str, mergeable_ranks, special_tokens, explicit_n_vocab)
        # tiktoken keeps the dictionaries it was given.
        self.__dict__["_mergeable_ranks"] = mergeable_ranks
        self.__dict__["_special_tokens"] = special_tokens

    @classmethod
    def _builtin(cls, name: str) -> Encoding:
        """The built-in encoding `name`, from the tables compiled into the library."""
        enc = cls.__new__(cls)
        _airtok.EncodingBase.__init__(enc, name)
        return enc

    def __repr__(self) -> str:
        return f"<Encoding {self.name!r}>"

    # ---- tiktoken's attributes, built once per encoding -------------------------------------

    @functools.cached_property
    def _mergeable_ranks(self) -> dict[bytes, int]:
        """Token bytes to rank for every ordinary token (a plain dict, built on first use)."""
        return self._mergeable_ranks_dict()

    @functools.cached_property
    def _special_tokens(self) -> dict[str, int]:
        """Special token text to id."""
        return self._special_tokens_dict()

    @functools.cached_property
    def special_tokens_set(self) -> set[str]:
        """The texts of the special tokens."""
        return set(self._special_tokens)

    def _encode_only_native_bpe(self, text: str) -> list[int]:
        """Splits with Python's ``regex`` module and the pattern, then BPE-encodes each piece.

        As tiktoken's: a cross-check of the pre-tokenizer. Needs the ``regex`` module (Debian:
        python3-regex); its Unicode tables may be older than the library's Unicode 16.0.
        """
        import regex  # type: ignore[import]

        ret: list[int] = []
        for piece in regex.findall(regex.compile(self._pat_str), text):
            ret.extend(self._encode_single_piece(piece.encode("utf-8")))
        return ret

    # ---- pickling ---------------------------------------------------------------------------

    def __reduce__(self) -> tuple[Any, ...]:
        from . import registry

        if registry.ENCODINGS.get(self.name) is self:
            # Registered encodings travel by name: the receiving process rebuilds them from
            # the library (built-in ones need no file).
            return (registry.get_encoding, (self.name,))
        # Special tokens sorted: the same encoding always pickles to the same bytes.
        specials = dict(sorted(self._special_tokens.items()))
        return (_from_packed, (self.name, self._pat_str, self._packed_ranks(), specials))


def _from_packed(
    name: str, pat_str: str, packed_ranks: bytes, special_tokens: dict[str, int]
) -> Encoding:
    """Unpickles an encoding sent by value (its ranks in the packed form of _packed_ranks)."""
    enc = Encoding.__new__(Encoding)
    _airtok.EncodingBase.__init__(enc, name, pat_str, packed_ranks, special_tokens, None)
    return enc
