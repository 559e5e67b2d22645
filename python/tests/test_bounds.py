"""Bad inputs that must end in a clear error or be handled in bounded memory, never in a crash,
a hang or an allocation sized by a value in the input (issue 14).

Each case runs in a fresh interpreter whose address space is capped (RLIMIT_AS) at its size
after the setup plus RUN_ROOM, so that a table sized by an id or a rank (32 GB for one special
token, 3 GB for one rank) fails at once with MemoryError instead of swapping the machine; and
with a timeout, so that a hang fails the test instead of stopping the suite.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import airtok

RUN_ROOM = 512 << 20

_PRELUDE = f"""
import resource
import airtok

def cap_address_space():
    with open("/proc/self/status") as status:
        size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (size + {RUN_ROOM}, size + {RUN_ROOM}))
"""


def run_python(code: str, timeout: float = 120) -> str:
    """Runs `code` (after _PRELUDE) in a new interpreter; returns its stdout, asserts it exited 0."""
    done = subprocess.run(
        [sys.executable, "-c", _PRELUDE + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_huge_special_id_encodes_in_bounded_memory() -> None:
    # tiktoken accepts any 32-bit special id; the module's int cache used to be sized by the
    # largest id (32 GB of pointers for this one).
    out = run_python(
        """
        ranks = {bytes([b]): b for b in range(256)}
        enc = airtok.Encoding("big", pat_str=r"\\S+|\\s+", mergeable_ranks=ranks,
                              special_tokens={"<|x|>": 4_000_000_000})
        cap_address_space()
        ids = enc.encode("a<|x|>b", allowed_special="all")
        assert ids == [97, 4_000_000_000, 98], ids
        assert enc.encode_batch(["<|x|>"] * 3, allowed_special="all") == [[4_000_000_000]] * 3
        assert enc.decode(ids) == "a<|x|>b"
        assert enc.n_vocab == 4_000_000_001 and enc.max_token_value == 4_000_000_000
        print("ok")
        """
    )
    assert out == "ok\n"


def test_lists_hold_one_reference_per_id() -> None:
    # Lists are filled with the cache's ints first and their references counted after: each item
    # must hold exactly one reference, however often its id repeats and wherever an id the cache
    # does not hold falls.
    import sys

    enc = airtok.get_encoding("cl100k_base")
    text = "hello world, hello again " * 50
    ids = enc.encode_ordinary(text)
    hello = ids[0]
    before = sys.getrefcount(hello)
    more = [enc.encode_ordinary(text) for _ in range(3)]
    assert sys.getrefcount(hello) == before + 3 * ids.count(hello)
    del more
    assert sys.getrefcount(hello) == before
    ranks = {bytes([b]): b for b in range(256)}
    big = airtok.Encoding("big", pat_str=r"\S+|\s+", mergeable_ranks=ranks,
                          special_tokens={"<|x|>": 4_000_000_000})
    mixed = big.encode("ab<|x|>ab", allowed_special="all")
    a = mixed[0]
    before = sys.getrefcount(a)
    again = big.encode("ab<|x|>ab", allowed_special="all")
    assert again == [97, 98, 4_000_000_000, 97, 98]
    assert sys.getrefcount(a) == before + 2
    del again
    assert sys.getrefcount(a) == before


def test_ids_below_the_cache_bound_are_still_shared() -> None:
    # The fast path: an id's int object is made once and shared by every list.
    enc = airtok.get_encoding("o200k_harmony")
    first = enc.encode("<|reserved_201087|> hello", allowed_special="all")
    second = enc.encode("<|reserved_201087|> hello", allowed_special="all")
    assert first == second and first[0] == 201087
    assert all(a is b for a, b in zip(first, second))


def test_sparse_rank_is_a_clear_error_in_bounded_memory() -> None:
    # Rank 2**28 - 1 for one token: tables indexed by rank used to take 3 GB.
    out = run_python(
        """
        import os, tempfile
        import airtok.load
        cap_address_space()
        try:
            airtok.Encoding("sparse", pat_str=r"\\S+", mergeable_ranks={b"a": 268435455},
                            special_tokens={})
        except ValueError as e:
            assert "rank 268435455" in str(e) and "65538" in str(e), str(e)
        else:
            raise AssertionError("a rank far beyond the token count was accepted")
        # From a file: it loads as with tiktoken; building the encoding is the error.
        path = os.path.join(tempfile.mkdtemp(), "one.tiktoken")
        with open(path, "wb") as f:
            f.write(b"YQ== 268435455\\n")
        ranks = airtok.load.load_tiktoken_bpe(path)
        assert ranks == {b"a": 268435455}, ranks
        try:
            airtok.Encoding("one", pat_str=r"\\S+", mergeable_ranks=ranks, special_tokens={})
        except ValueError as e:
            assert "too large for a vocabulary of 1 token" in str(e), str(e)
        else:
            raise AssertionError("a rank far beyond the token count was accepted")
        print("ok")
        """
    )
    assert out == "ok\n"


def test_batch_in_a_forked_child_then_exit() -> None:
    # fork() copies only the calling thread; the child used to hang at exit joining its parent's
    # pool threads. The child exits normally (sys.exit), so the library's destructors run.
    out = run_python(
        """
        import os, sys, time
        enc = airtok.get_encoding("cl100k_base")
        texts = [f"hello world {i} " * 50 for i in range(64)]
        want = [enc.encode_ordinary(t) for t in texts]
        assert enc.encode_ordinary_batch(texts, num_threads=2) == want
        pid = os.fork()
        if pid == 0:
            ok = enc.encode_ordinary_batch(texts, num_threads=2) == want
            sys.exit(0 if ok else 3)
        deadline = time.monotonic() + 60
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                raise AssertionError("the forked child hung")
            time.sleep(0.02)
        assert os.waitstatus_to_exitcode(status) == 0, status
        assert enc.encode_ordinary_batch(texts, num_threads=2) == want
        print("ok")
        """
    )
    assert out == "ok\n"


def test_vocabulary_without_every_byte_is_refused() -> None:
    # tiktoken builds it and panics on the first text holding a byte it lacks.
    ranks = {bytes([b]): b for b in range(256) if b != 0xFF}
    try:
        airtok.Encoding("no-ff", pat_str=r"\S+|\s+", mergeable_ranks=ranks, special_tokens={})
    except ValueError as e:
        assert "no token for the single byte 0xff:" in str(e), str(e)
    else:
        raise AssertionError("a vocabulary without byte 0xff was accepted")


def test_pattern_past_pcre2s_limits_is_a_runtime_error() -> None:
    base = airtok.get_encoding("cl100k_base")
    enc = airtok.Encoding("nested", pat_str=r"(a|b)*c|\S", mergeable_ranks=base._mergeable_ranks,
                          special_tokens={})
    try:
        enc.encode_ordinary("a" * 3_000_000)
    except RuntimeError as e:
        assert "JIT stack limit" in str(e) or "heap limit" in str(e), str(e)
    else:
        raise AssertionError("no RuntimeError")
    assert enc.encode_ordinary("ab c") == [base.encode_single_token(c) for c in "abc"]
