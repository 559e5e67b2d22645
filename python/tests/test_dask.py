"""Distributed: a Dask LocalCluster with two worker processes tokenizes a corpus split into
partitions with encoding_for_model("gpt-4o"); the total equals the single-process count.

Runs the example (python/examples/dask_token_count.py) itself. The workers get no vocabulary
file and no network: they are started with an empty tiktoken cache directory.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

import airtok
from conftest import ENCODING_NAMES, load_golden

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

pytestmark = [
    pytest.mark.dask,
    # Dask's own deprecations and its cluster shutdown are not airtok's to fix.
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def corpus() -> list[str]:
    texts: list[str] = []
    for name in ENCODING_NAMES:
        texts.extend(c["text"] for c in load_golden(name) if "text" in c)
    return texts


def probe(text: str) -> tuple[int, list[int], str]:
    """Runs on each worker: encode with the worker's own encoding built from the library."""
    enc = airtok.encoding_for_model("gpt-4o")
    return os.getpid(), enc.encode_ordinary(text), os.environ.get("TIKTOKEN_CACHE_DIR", "")


def test_local_cluster_total_equals_single_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import Client, LocalCluster

    monkeypatch.syspath_prepend(str(EXAMPLES))
    import dask_token_count

    empty_cache = tmp_path / "no-files-here"
    empty_cache.mkdir()
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(empty_cache))
    texts = corpus() * 3
    enc = airtok.encoding_for_model("gpt-4o")
    want = sum(len(enc.encode_ordinary(t)) for t in texts)

    started = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=40) as cluster, Client(cluster) as client:
        ready = time.perf_counter()
        total, pids = dask_token_count.count_corpus(client, texts, partitions=16)
        counted = time.perf_counter()
        per_worker = client.run(probe, "naïve café, 12345 tokens 😀")
        # An Encoding sent as an argument travels by name and is rebuilt on the worker.
        sent = client.submit(lambda e, t: e.encode_ordinary(t), enc, texts[100]).result()
    finished = time.perf_counter()

    assert total == want
    assert os.getpid() not in pids
    worker_pids = {pid for pid, _, _ in per_worker.values()}
    assert len(worker_pids) == 2 and os.getpid() not in worker_pids
    assert {tuple(ids) for _, ids, _ in per_worker.values()} == {
        tuple(enc.encode_ordinary("naïve café, 12345 tokens 😀"))
    }
    assert {cache for _, _, cache in per_worker.values()} == {str(empty_cache)}
    assert sent == enc.encode_ordinary(texts[100])
    assert not list(empty_cache.iterdir())
    print(
        f"\nDask LocalCluster (2 worker processes): {len(texts)} documents, {total} tokens; "
        f"cluster start {ready - started:.2f} s, count {counted - ready:.2f} s, "
        f"total {finished - started:.2f} s"
    )
