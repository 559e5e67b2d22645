"""airtok.load: reading vocabulary files as tiktoken does, without the network (tiktoken.load).

tiktoken downloads a vocabulary file from its URL on first use and keeps it in a cache directory
($TIKTOKEN_CACHE_DIR, else $DATA_GYM_CACHE_DIR, else <temp dir>/data-gym-cache) under the
SHA-1 of the URL. airtok never downloads:

* the six official files (the seven built-in encodings' vocabularies) are compiled into the
  library, so their URLs need no file at all;
* any other URL is read from tiktoken's cache directory, under tiktoken's name for it (or under
  the URL's last path segment, which is what people tend to copy there), with its SHA-256
  checked; when it is missing, LoadError says which file, under which name, in which directory,
  and the ``airtok cache`` command that puts it there;
* a local path is read directly.

LoadError is both a ValueError (what tiktoken raises for a malformed file or a hash mismatch)
and an OSError (what tiktoken raises when it cannot download).
"""

from __future__ import annotations

import base64
import hashlib
import os

from . import _airtok
from ._airtok import LoadError

__all__ = [
    "LoadError",
    "check_hash",
    "data_gym_to_mergeable_bpe_ranks",
    "dump_tiktoken_bpe",
    "load_tiktoken_bpe",
    "read_file",
    "read_file_cached",
]


def _official(url: str, expected_hash: str | None) -> _airtok._OfficialFile | None:
    """The official file at `url`, if it is one and `expected_hash` does not contradict it."""
    official = _airtok.official_file(url)
    if official is None or expected_hash not in (None, "", official["sha256"]):
        return None
    return official


def check_hash(data: bytes, expected_hash: str) -> bool:
    """Whether `data`'s SHA-256 hex digest is `expected_hash`."""
    return hashlib.sha256(data).hexdigest() == expected_hash


def read_file(blobpath: str) -> bytes:
    """The bytes of a local file, or of a URL's file (built in, or from the cache; never the
    network)."""
    if "://" not in blobpath:
        with open(blobpath, "rb", buffering=0) as f:
            return f.read()
    return read_file_cached(blobpath)


def read_file_cached(blobpath: str, expected_hash: str | None = None) -> bytes:
    """tiktoken's read_file_cached, offline: official files come from the library, other URLs
    from the cache directory, local paths from disk; the SHA-256 is checked when known."""
    if _official(blobpath, expected_hash) is not None:
        return _airtok.official_file_contents(blobpath)
    return _airtok.read_file_cached(blobpath, expected_hash)


def load_tiktoken_bpe(tiktoken_bpe_file: str, expected_hash: str | None = None) -> dict[bytes, int]:
    """Token bytes to rank, from a ``.tiktoken`` file (``<base64> <rank>`` per line).

    `tiktoken_bpe_file` is a URL or a local path. For an official URL the ranks come from the
    library, ready-made. Raises LoadError naming the file (and line) when it is missing,
    malformed or has the wrong SHA-256.
    """
    official = _official(tiktoken_bpe_file, expected_hash)
    if official is not None and official["name"].endswith(".tiktoken"):
        from .registry import get_encoding

        return dict(get_encoding(official["encodings"][0])._mergeable_ranks)
    return _airtok.load_tiktoken_bpe(tiktoken_bpe_file, expected_hash)


def data_gym_to_mergeable_bpe_ranks(
    vocab_bpe_file: str,
    encoder_json_file: str,
    vocab_bpe_hash: str | None = None,
    encoder_json_hash: str | None = None,
    clobber_one_byte_tokens: bool = False,
) -> dict[bytes, int]:
    """Token bytes to rank from GPT-2's data-gym files (``vocab.bpe`` and ``encoder.json``),
    exactly as tiktoken builds them, including its check that the two files agree.

    ``clobber_one_byte_tokens=True`` (taking single-byte ranks from encoder.json) is not
    supported: NotImplementedError.
    """
    if clobber_one_byte_tokens:
        raise NotImplementedError("airtok does not support clobber_one_byte_tokens=True")
    vocab_bpe = _official(vocab_bpe_file, vocab_bpe_hash)
    encoder_json = _official(encoder_json_file, encoder_json_hash)
    if (
        vocab_bpe is not None
        and encoder_json is not None
        and vocab_bpe["name"] == "vocab.bpe"
        and encoder_json["name"] == "encoder.json"
    ):
        from .registry import get_encoding

        return dict(get_encoding("gpt2")._mergeable_ranks)
    return _airtok.load_data_gym(
        vocab_bpe_file, encoder_json_file, vocab_bpe_hash, encoder_json_hash
    )


def dump_tiktoken_bpe(bpe_ranks: dict[bytes, int], tiktoken_bpe_file: str) -> None:
    """Writes ranks as a ``.tiktoken`` file, in rank order (a local path only)."""
    if "://" in tiktoken_bpe_file:
        raise ValueError(f"airtok writes local files only, not {tiktoken_bpe_file}")
    tmp = f"{tiktoken_bpe_file}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        for token, rank in sorted(bpe_ranks.items(), key=lambda x: x[1]):
            f.write(base64.b64encode(token) + b" " + str(rank).encode() + b"\n")
    os.replace(tmp, tiktoken_bpe_file)
