"""Threads: many threads share one encoding; encode and decode release the GIL."""

from __future__ import annotations

import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import airtok

from conftest import load_golden


def test_many_threads_one_encoding() -> None:
    enc = airtok.get_encoding("o200k_base")
    texts = [c["text"] for c in load_golden("o200k_base") if c["op"] == "encode_ordinary"]
    want = [enc.encode_ordinary(t) for t in texts]

    def work(i: int) -> bool:
        part = slice(i % 7, None, 7)
        ok = [enc.encode_ordinary(t) for t in texts[part]] == want[part]
        ok &= enc.encode_ordinary_batch(texts[part], num_threads=3) == want[part]
        ok &= enc.decode_batch(want[part]) == texts[part]
        ok &= [enc.decode(w) for w in want[part]] == texts[part]
        return ok

    with ThreadPoolExecutor(max_workers=16) as pool:
        assert all(pool.map(work, range(64)))


def progress_of_another_thread_during(call: Callable[[], Any], repeat: int = 10) -> int:
    """How many times another Python thread ran while `call` ran (`repeat` times).

    The other thread gives the GIL back after each step (sleep(0)), and the switch interval is
    made long, so while this thread holds the GIL the other cannot run at all: a positive count
    means `call` released the GIL. Nothing here measures time; the calls only need to be long
    enough in all for the other thread to be scheduled at some point.
    """
    steps = 0
    stop = threading.Event()

    def other() -> None:
        nonlocal steps
        while not stop.is_set():
            steps += 1
            time.sleep(0)

    interval = sys.getswitchinterval()
    thread = threading.Thread(target=other)
    thread.start()
    try:
        sys.setswitchinterval(30.0)
        # Let the other thread run a few steps under the new interval: a wait for the GIL that
        # began under the old one could still force a switch.
        start = steps
        while steps < start + 3:
            time.sleep(0.001)
        progress = 0
        for _ in range(repeat):
            before = steps
            call()
            progress += steps - before
        return progress
    finally:
        sys.setswitchinterval(interval)
        stop.set()
        thread.join()


def varied_text(size: int) -> str:
    """Deterministic text without long repeats (so no cache makes encoding trivially fast)."""
    rng = random.Random(5)
    words = ["alpha", "Beta", "gamma's", "δέλτα", "1234", "x=y;", "😀", "\n", "  ", "naïve"]
    out: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(words) + str(rng.randrange(10**6))
        out.append(word)
        length += len(word) + 1
    return " ".join(out)


BIG = varied_text(1_000_000)


def test_encode_releases_the_gil() -> None:
    enc = airtok.get_encoding("cl100k_base")
    assert progress_of_another_thread_during(lambda: enc.encode_ordinary(BIG)) > 0
    assert progress_of_another_thread_during(lambda: enc.encode(BIG)) > 0
    assert progress_of_another_thread_during(lambda: enc.encode_to_numpy(BIG)) > 0
    assert progress_of_another_thread_during(lambda: enc.count_ordinary(BIG)) > 0
    assert progress_of_another_thread_during(lambda: enc.encode_ordinary_batch([BIG] * 2)) > 0


def test_decode_releases_the_gil() -> None:
    enc = airtok.get_encoding("cl100k_base")
    ids = enc.encode_to_numpy(BIG)
    assert progress_of_another_thread_during(lambda: enc.decode_bytes(ids), repeat=50) > 0


def test_control_a_call_that_holds_the_gil_lets_nothing_run() -> None:
    # The measure itself: a pure-Python loop holds the GIL (long switch interval), so the other
    # thread makes no progress during it.
    assert progress_of_another_thread_during(lambda: sum(range(300_000))) == 0


def test_batch_in_parts_keeps_order() -> None:
    # Over 3 MB of documents: on two or more threads the batch is encoded in parts of about
    # 256 KB, claimed in turn by an encoding thread and by the calling thread, which builds each
    # part's lists in order and encodes a part itself while the one it needs is not done. Every
    # document must still get its own ids, in order, across the parts' seams and whichever
    # thread encoded them, with one, two and three threads.
    enc = airtok.get_encoding("cl100k_base")
    rng = random.Random(11)
    docs = [varied_text(rng.randrange(1, 40_000)) + str(i) for i in range(150)]
    assert sum(len(d.encode()) for d in docs) > 3_000_000
    want = [enc.encode_ordinary(d) for d in docs]
    for threads in (1, 2, 3):
        assert enc.encode_ordinary_batch(docs, num_threads=threads) == want
    one_big_part = [docs[0] * 40] + docs[:3]  # a document larger than a part
    assert enc.encode_ordinary_batch(one_big_part, num_threads=2) == [
        enc.encode_ordinary(d) for d in one_big_part]


def test_batch_keeps_its_texts_while_another_thread_empties_the_list() -> None:
    # The batch encodes views of each str's UTF-8 without the GIL, holding a reference to every
    # str. Another thread that empties the list meanwhile (dropping what were the only other
    # references) and fills the freed memory with other text must change nothing: the ids are
    # those of the original texts. Texts over 128 KB are mapped by malloc and unmapped when
    # freed, so a read after free would crash; smaller ones would be reused with other bytes.
    enc = airtok.get_encoding("cl100k_base")
    sizes = [300_000, 150_000, 200_000] + [4_000 + 97 * i for i in range(60)]
    interval = sys.getswitchinterval()
    exercised = 0
    try:
        # The calling thread keeps the GIL until the call releases it, so the other thread
        # cannot empty the list before the batch has read it.
        sys.setswitchinterval(30.0)
        for attempt in range(5):
            texts = [varied_text(size) + f"#{attempt}-{i}" for i, size in enumerate(sizes)]
            want = [enc.encode_ordinary(t) for t in texts]
            lengths = [len(t) for t in texts]
            go = threading.Event()
            emptied = threading.Event()
            junk: list[str] = []

            def empty_and_churn() -> None:
                go.wait()
                texts.clear()  # taken while the batch runs without the GIL
                junk.extend("~" * n for n in lengths)
                emptied.set()

            thread = threading.Thread(target=empty_and_churn)
            thread.start()
            go.set()
            got = enc.encode_ordinary_batch(texts, num_threads=1 + attempt % 2)
            exercised += emptied.is_set()
            thread.join()
            assert texts == []
            assert got == want
    finally:
        sys.setswitchinterval(interval)
    assert exercised > 0  # the list was emptied during at least one call
