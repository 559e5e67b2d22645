#!/usr/bin/env python3
"""How much the Python binding costs: the same work through airtok's Python API and its C++ API.

    python3 python/bench/bench_binding.py BUILD_DIR [--corpus-dir DIR] [--corpora LIST] [--repeat N]

BUILD_DIR is a CMake build with AIRTOK_BUILD_PYTHON=ON (it holds python/airtok and
python/airtok_py_baseline). The corpora are bench/make_corpus.sh's, by default the three that
do not repeat (english-unique, code-unique, multilingual-unique: 8 MB each, made from files
Debian installs; made in a temporary directory unless --corpus-dir has them); --corpora picks
others (english, code, multilingual are the repetitive ones). Each corpus is measured

* whole: encode_ordinary(text) -> list, encode_to_numpy(text), count_ordinary(text), against
  C++ encode_ordinary(text);
* as documents (split at blank lines, about 1-2 KB each): encode_ordinary_batch(docs) on 1 and
  2 threads and a Python loop of encode_ordinary, against C++ encode_ordinary_batch.

Before any timing, the token counts of both sides must agree. Times are the best of N rounds
(default 5), alternating between the C++ program and Python; single-threaded work is timed in
the thread's CPU time (so other processes on the machine do not skew it), two-threaded work in
wall-clock time. Throughput is input MB (10**6 bytes) per second. Not a test: it prints a
table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[2]


def best_of(repeat: int, work: Callable[[], Any], cpu: bool = True) -> float:
    """Best time of `repeat` runs: this thread's CPU time for single-threaded work (not disturbed
    by other processes taking the CPU), wall-clock time for multi-threaded work."""
    clock = time.thread_time if cpu else time.perf_counter
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        work()
        best = min(best, clock() - start)
    return best


def documents(text: str) -> list[str]:
    """Paragraphs (blank-line separated), joined up to about 1 KB each; they add up to `text`."""
    pieces = [p + "\n\n" for p in text.split("\n\n")]
    pieces[-1] = pieces[-1][:-2]
    docs: list[str] = []
    current = ""
    for piece in pieces:
        current += piece
        if len(current) >= 1000:
            docs.append(current)
            current = ""
    if current:
        docs.append(current)
    return docs


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir", type=Path)
    parser.add_argument("--corpus-dir", type=Path)
    parser.add_argument("--encoding", default="cl100k_base")
    parser.add_argument("--corpora", default="english-unique,code-unique,multilingual-unique")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    sys.path.insert(0, str(args.build_dir / "python"))
    import airtok

    baseline = args.build_dir / "python" / "airtok_py_baseline"
    enc = airtok.get_encoding(args.encoding)
    work = Path(tempfile.mkdtemp(prefix="airtok-bench-"))
    corpora = args.corpora.split(",")
    corpus_dir = args.corpus_dir
    if corpus_dir is None or not all((corpus_dir / f"{c}.txt").exists() for c in corpora):
        corpus_dir = work / "corpus"
        subprocess.run(["bash", str(REPO / "bench" / "make_corpus.sh"), str(corpus_dir)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    print(f"airtok {airtok.__version__}, {args.encoding}, Python {platform.python_version()}, "
          f"{cpu_name()}, {os.cpu_count()} cores; best of {args.repeat}")
    print(f"{'corpus':19} {'measurement':44} {'MB/s':>8} {'vs C++':>8}")
    for corpus in corpora:
        raw = (corpus_dir / f"{corpus}.txt").read_bytes()
        text = raw.decode("utf-8", errors="replace")
        data = text.encode()
        docs = documents(text)
        assert "".join(docs) == text
        whole_file, docs_file = work / f"{corpus}.whole", work / f"{corpus}.docs"
        whole_file.write_bytes(data)
        docs_file.write_bytes("\0".join(docs).encode())
        assert "\0" not in text

        def cpp(threads: int) -> dict[str, Any]:
            out = subprocess.run([str(baseline), args.encoding, str(whole_file), str(docs_file),
                                  str(threads), "3"],
                                 capture_output=True, text=True, check=True)
            return json.loads(out.stdout)

        # Exactness first: the same token counts on both sides.
        check = cpp(1)
        assert len(enc.encode_ordinary(text)) == check["whole_tokens"]
        assert sum(map(len, enc.encode_ordinary_batch(docs))) == check["batch_tokens"]
        assert check["docs"] == len(docs)

        python: dict[str, Callable[[], Any]] = {
            "encode_ordinary(text) -> list": lambda: enc.encode_ordinary(text),
            "encode_to_numpy(text)": lambda: enc.encode_to_numpy(text),
            "count_ordinary(text)": lambda: enc.count_ordinary(text),
            "encode_ordinary_batch(docs, num_threads=1)":
                lambda: enc.encode_ordinary_batch(docs, num_threads=1),
            "[encode_ordinary(d) for d in docs]": lambda: [enc.encode_ordinary(d) for d in docs],
            "encode_ordinary_batch(docs, num_threads=2)":
                lambda: enc.encode_ordinary_batch(docs, num_threads=2),
        }
        # Rounds alternate between the two sides, so a change in the machine's load hits both.
        best: dict[str, float] = {}
        for _ in range(args.repeat):
            for threads in (1, 2):
                for key, seconds in cpp(threads).items():
                    if key.endswith("_s"):
                        best[f"cpp{threads}.{key}"] = min(best.get(f"cpp{threads}.{key}", 1e9), seconds)
            for name, function in python.items():
                cpu = not name.endswith("num_threads=2)")
                best[name] = min(best.get(name, 1e9), best_of(2, function, cpu))

        mb = len(data) / 1e6
        whole_cpp = best["cpp1.encode_ordinary_s"]
        batch1, batch2 = best["cpp1.encode_ordinary_batch_s"], best["cpp2.encode_ordinary_batch_s"]
        rows = [
            ("C++ encode_ordinary(text)", whole_cpp, whole_cpp),
            ("encode_ordinary(text) -> list", best["encode_ordinary(text) -> list"], whole_cpp),
            ("encode_to_numpy(text)", best["encode_to_numpy(text)"], whole_cpp),
            ("count_ordinary(text)", best["count_ordinary(text)"], whole_cpp),
            (f"C++ encode_ordinary_batch({len(docs)} docs, 1 thr)", batch1, batch1),
            ("encode_ordinary_batch(docs, num_threads=1)",
             best["encode_ordinary_batch(docs, num_threads=1)"], batch1),
            ("[encode_ordinary(d) for d in docs]", best["[encode_ordinary(d) for d in docs]"], batch1),
            ("C++ encode_ordinary_batch(docs, 2 threads)", batch2, batch2),
            ("encode_ordinary_batch(docs, num_threads=2)",
             best["encode_ordinary_batch(docs, num_threads=2)"], batch2),
        ]
        for name, seconds, cpp_seconds in rows:
            print(f"{corpus:19} {name:44} {mb / seconds:8.1f} {cpp_seconds / seconds:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
