"""Count a corpus's tokens on a Dask cluster with airtok, with no file to ship to the workers.

    python3 dask_token_count.py FILE...                         # a LocalCluster, 2 processes
    python3 dask_token_count.py --scheduler tcp://HOST:8786 FILE...   # a real cluster

Every worker needs the airtok package installed (e.g. the same wheel everywhere) and nothing
else: the seven official encodings are compiled into it, so ``encoding_for_model("gpt-4o")``
works on a worker that has no network, no tiktoken cache and no vocabulary file. An Encoding
object sent to a worker (as an argument, or captured in a function) pickles by name and is
rebuilt there from the library.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Iterable

import airtok


def count_partition(texts: Iterable[str], model: str = "gpt-4o") -> list[tuple[int, int]]:
    """The number of tokens of a partition of texts, with the worker's process id.

    Runs on a worker: the encoding is built there, from the library (about a millisecond, once
    per process). Special-token text counts as ordinary text, as in any corpus.
    """
    enc = airtok.encoding_for_model(model)
    total = sum(len(ids) for ids in enc.encode_ordinary_batch(list(texts), num_threads=1))
    return [(os.getpid(), total)]


def count_corpus(client: "distributed.Client", texts: list[str], partitions: int,  # noqa: F821
                 model: str = "gpt-4o") -> tuple[int, set[int]]:
    """Total token count of `texts` split into `partitions`, computed on `client`'s cluster;
    also the process ids of the workers that did the work."""
    import dask.bag as db

    bag = db.from_sequence(texts, npartitions=partitions)
    results = bag.map_partitions(count_partition, model).compute(scheduler=client)
    return sum(n for _, n in results), {pid for pid, _ in results}


def main(argv: list[str]) -> int:
    from distributed import Client, LocalCluster

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="text files; each line is one document")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler")
    parser.add_argument("--model", default="gpt-4o")
    parser.add_argument("--partitions", type=int, default=16)
    args = parser.parse_args(argv)

    texts: list[str] = []
    for name in args.files:
        with open(name, encoding="utf-8", errors="replace") as f:
            texts.extend(f)

    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    with client:
        total, workers = count_corpus(client, texts, args.partitions, args.model)
    print(f"{total} tokens ({args.model}) in {len(texts)} documents, on {len(workers)} workers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
