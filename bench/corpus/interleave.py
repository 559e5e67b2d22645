#!/usr/bin/python3
"""Mixes several sources into one corpus, a fixed share of each, in alternating blocks.

Each source is a text file and a quota in bytes. Blocks of about --block bytes (whole units)
are taken from each source in turn until its quota is met or it runs out, so any prefix of
the result holds every source, not only the first one: a benchmark that reads only the first
megabyte still sees every language. Units are paragraphs (blank-line separated), or with
--nul units ended by a NUL byte (whole source files, see code_files.py), written without it.
No unit occurs twice in the result: one equal to an earlier unit after collapsing whitespace
is skipped, whichever source it comes from. The result ends with the first line end at or
after --total bytes, so it is cut between whole lines (and whole UTF-8 characters).

Usage: interleave.py [--nul] [--block N] [--stats] --total N FILE:QUOTA... > corpus
"""
import argparse
import os
import re
import sys


def units(path, nul):
    """The units of one source, each with its separator, as bytes."""
    with open(path, "rb") as f:
        data = f.read()
    if nul:
        return [u for u in data.split(b"\0") if u.strip()]
    return [p.strip(b"\n") + b"\n\n" for p in re.split(rb"\n[ \t]*\n", data) if p.strip()]


def take_block(source, block, seen):
    """Removes whole new units worth about `block` bytes from the front of a source's queue."""
    taken, size = [], 0
    while source["queue"] and size < block and source["left"] > 0:
        unit = source["queue"].pop()
        key = b" ".join(unit.split())
        if key in seen:
            continue
        seen.add(key)
        taken.append(unit)
        size += len(unit)
        source["left"] -= len(unit)
    return b"".join(taken)


def mix(sources, block, total):
    """The interleaved bytes, cut at the first line end at or after `total`, and how many of
    them each source gave."""
    out, size, seen = [], 0, set()
    while size < total and any(s["queue"] and s["left"] > 0 for s in sources):
        for source in sources:
            chunk = take_block(source, block, seen)
            out.append((source, chunk))
            size += len(chunk)
    data = b"".join(chunk for _, chunk in out)
    end = data.find(b"\n", total - 1)
    data = data if end < 0 else data[:end + 1]
    given, start = {}, 0
    for source, chunk in out:
        kept = max(0, min(len(chunk), len(data) - start))
        given[source["name"]] = given.get(source["name"], 0) + kept
        start += len(chunk)
    return data, given


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", metavar="FILE:QUOTA")
    parser.add_argument("--nul", action="store_true", help="units are NUL-terminated")
    parser.add_argument("--block", type=int, default=65536)
    parser.add_argument("--total", type=int, required=True)
    parser.add_argument("--stats", action="store_true",
                        help="print each source's bytes in the result on stderr")
    args = parser.parse_args()
    sources = []
    for spec in args.sources:
        path, quota = spec.rsplit(":", 1)
        # Reversed, so that pop() takes units from the front cheaply.
        sources.append({"name": os.path.basename(path), "left": int(quota),
                        "queue": units(path, args.nul)[::-1]})
    data, given = mix(sources, args.block, args.total)
    sys.stdout.buffer.write(data)
    if args.stats:
        parts = (f"{name} {n / len(data):.1%}" for name, n in given.items())
        print(f"{len(data)} bytes: " + ", ".join(parts), file=sys.stderr)
    if len(data) < args.total:
        sys.exit(f"interleave.py: only {len(data)} bytes, fewer than --total {args.total}: "
                 "add sources or raise quotas")


if __name__ == "__main__":
    main()
