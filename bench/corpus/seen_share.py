#!/usr/bin/python3
"""Measures how much of a corpus repeats, as a tokenizer's piece cache would see it.

The file is split into pre-tokenizer pieces with tiktoken's pattern; the first occurrence of
a piece is "unseen" and every later occurrence "seen". The share of bytes in seen pieces is
roughly the share that a piece cache answers, so a benchmark on a corpus with a high share
mostly times the cache, not the BPE merge. Also printed: the share of paragraphs (blank-line
separated, compared after collapsing whitespace) whose text occurs more than once.

Every character matches some alternative of these patterns, so the pieces cover the file and
seen bytes = all bytes - bytes of the distinct pieces; counting with a Counter keeps an 8 MB
file to a few seconds.

Usage: seen_share.py FILE... [--pattern cl100k|o200k] [--json]
Prints an aligned table, one row per file, or with --json one object per file (one a line).
"""
import argparse
import collections
import json
import os
import re
import sys

import regex  # Debian's python3-regex: possessive quantifiers and \p{...} classes

# tiktoken's patterns (see DESIGN.md, "Patterns"). Python's `$` also matches before a final
# newline, fancy-regex's only at the end of the text, so `\Z` stands for it here.
kPatterns = {
    "cl100k": r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+"""
              r"""| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++\Z|\s*[\r\n]|\s+(?!\S)|\s""",
    "o200k": "|".join([
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+"""
        r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*"""
        r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]),
}


def utf8_size(text):
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def piece_stats(text, pattern):
    """(number of pieces, number of distinct pieces, share of bytes in seen pieces)."""
    counts = collections.Counter(regex.findall(kPatterns[pattern], text))
    total = utf8_size(text)
    unseen = sum(utf8_size(piece) for piece in counts)
    seen_share = (total - unseen) / total if total else 0.0
    return sum(counts.values()), len(counts), seen_share


def paragraph_stats(text):
    """(number of paragraphs, share of them whose text occurs more than once)."""
    keys = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text)]
    counts = collections.Counter(k for k in keys if k)
    total = sum(counts.values())
    repeated = sum(n for n in counts.values() if n > 1)
    return total, (repeated / total if total else 0.0)


def measure(path, pattern):
    """The statistics of one file, as a dict (the --json object)."""
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    pieces, distinct, seen_share = piece_stats(text, pattern)
    paragraphs, repeated_share = paragraph_stats(text)
    return {"file": path, "bytes": utf8_size(text), "pattern": pattern, "pieces": pieces,
            "distinct_pieces": distinct, "seen_piece_share": round(seen_share, 4),
            "paragraphs": paragraphs, "repeated_paragraph_share": round(repeated_share, 4)}


def print_table(results):
    print(f"{'corpus':28} {'bytes':>10} {'seen pieces':>12} {'distinct':>9} "
          f"{'repeated paragraphs':>20}")
    for r in results:
        name = os.path.basename(r["file"])
        print(f"{name:28} {r['bytes']:10} {r['seen_piece_share']:12.1%} "
              f"{r['distinct_pieces']:9} {r['repeated_paragraph_share']:20.1%}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--pattern", choices=sorted(kPatterns), default="cl100k")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object per file, one a line")
    args = parser.parse_args()
    results = []
    for path in args.files:
        results.append(measure(path, args.pattern))
        if args.json:
            print(json.dumps(results[-1]), flush=True)
    if not args.json:
        print_table(results)


if __name__ == "__main__":
    main()
