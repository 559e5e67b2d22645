"""airtok.load: vocabulary files read as tiktoken reads them, never from the network."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import airtok
from airtok import _airtok, load

REPO = Path(__file__).resolve().parents[2]
CUSTOM_URL = "https://example.com/vocab/mine.tiktoken"


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "tiktoken-cache"
    directory.mkdir()
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(directory))
    return directory


def official(name: str) -> dict:
    return next(f for f in _airtok.official_files() if f["name"] == name)


def test_official_urls_need_no_file(cache: Path) -> None:
    for f in _airtok.official_files():
        if not f["name"].endswith(".tiktoken"):
            continue
        enc = airtok.get_encoding(f["encodings"][0])
        ranks = load.load_tiktoken_bpe(f["url"])
        assert ranks == enc._mergeable_ranks and ranks is not enc._mergeable_ranks
        assert load.load_tiktoken_bpe(f["url"], expected_hash=f["sha256"]) == ranks
        data = load.read_file_cached(f["url"])
        assert hashlib.sha256(data).hexdigest() == f["sha256"]
        assert load.check_hash(data, f["sha256"])
    gpt2 = load.data_gym_to_mergeable_bpe_ranks(official("vocab.bpe")["url"],
                                                official("encoder.json")["url"])
    assert gpt2 == airtok.get_encoding("gpt2")._mergeable_ranks
    assert not list(cache.iterdir())


def test_wrong_hash_for_an_official_url_is_refused(cache: Path) -> None:
    with pytest.raises(airtok.LoadError) as info:
        load.load_tiktoken_bpe(official("r50k_base.tiktoken")["url"], expected_hash="0" * 64)
    assert isinstance(info.value, ValueError) and isinstance(info.value, OSError)


def test_local_files_round_trip(tmp_path: Path) -> None:
    ranks = {b"a": 0, b"b": 1, b"ab": 2, b"\xff\x00": 3}
    path = tmp_path / "small.tiktoken"
    load.dump_tiktoken_bpe(ranks, str(path))
    assert load.load_tiktoken_bpe(str(path)) == ranks
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert load.load_tiktoken_bpe(str(path), expected_hash=digest) == ranks
    assert load.read_file(str(path)) == path.read_bytes()
    with pytest.raises(airtok.LoadError):
        load.load_tiktoken_bpe(str(path), expected_hash="f" * 64)


def test_malformed_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tiktoken"
    path.write_bytes(b"YQ== 0\nnot-base64!! 1\n")
    with pytest.raises(airtok.LoadError) as info:
        load.load_tiktoken_bpe(str(path))
    assert "bad.tiktoken" in str(info.value) and "2" in str(info.value)


def test_missing_local_file(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        load.load_tiktoken_bpe(str(tmp_path / "absent.tiktoken"))
    with pytest.raises(FileNotFoundError):
        load.read_file(str(tmp_path / "absent.tiktoken"))


def test_custom_url_from_the_cache(cache: Path) -> None:
    key = hashlib.sha1(CUSTOM_URL.encode()).hexdigest()
    assert _airtok.cache_key(CUSTOM_URL) == key
    with pytest.raises(airtok.LoadError) as info:
        load.load_tiktoken_bpe(CUSTOM_URL)
    message = str(info.value)
    assert key in message and str(cache) in message and "airtok cache" in message
    ranks = {bytes([b]): b for b in range(256)}
    load.dump_tiktoken_bpe(ranks, str(cache / key))
    assert load.load_tiktoken_bpe(CUSTOM_URL) == ranks
    data = (cache / key).read_bytes()
    assert load.read_file_cached(CUSTOM_URL, hashlib.sha256(data).hexdigest()) == data
    with pytest.raises(airtok.LoadError):
        load.read_file_cached(CUSTOM_URL, "0" * 64)
    assert (cache / key).exists(), "airtok never deletes a cached file"


def test_cache_dir_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "a"))
    monkeypatch.setenv("DATA_GYM_CACHE_DIR", str(tmp_path / "b"))
    assert _airtok.cache_dir()["path"] == str(tmp_path / "a")
    monkeypatch.delenv("TIKTOKEN_CACHE_DIR")
    assert _airtok.cache_dir()["path"] == str(tmp_path / "b")
    monkeypatch.setenv("DATA_GYM_CACHE_DIR", "")
    assert _airtok.cache_dir()["disabled"]


def test_data_gym_local_files() -> None:
    ranks = load.data_gym_to_mergeable_bpe_ranks(str(REPO / "data" / "vocab.bpe"),
                                                 str(REPO / "data" / "encoder.json"))
    assert ranks == airtok.get_encoding("gpt2")._mergeable_ranks
    with pytest.raises(NotImplementedError):
        load.data_gym_to_mergeable_bpe_ranks("a", "b", clobber_one_byte_tokens=True)


def test_custom_encoding_from_a_cached_file(cache: Path) -> None:
    p50k = airtok.get_encoding("p50k_base")
    key = _airtok.cache_key(CUSTOM_URL)
    load.dump_tiktoken_bpe(p50k._mergeable_ranks, str(cache / key))
    enc = airtok.Encoding(
        "p50k_copy",
        pat_str=p50k._pat_str,
        mergeable_ranks=load.load_tiktoken_bpe(CUSTOM_URL),
        special_tokens=p50k._special_tokens,
        explicit_n_vocab=p50k.n_vocab,
    )
    text = "def add(a, b):\n        return a + b  # spaces    "
    assert enc.encode(text) == p50k.encode(text)
