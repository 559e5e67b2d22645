#!/usr/bin/python3
"""Prints the share of a file's UTF-8 bytes written in each script (see scripts.py).

Says whether a multilingual corpus really holds the writing systems it claims, for example
that CJK and Hangul text is there in quantity and not only a few words among Latin.
Usage: script_share.py FILE [--json]
"""
import json
import sys

import scripts


def main(argv):
    with open(argv[0], encoding="utf-8", errors="replace") as f:
        counts = scripts.script_counts(f.read())
    total = sum(counts.values())
    shares = {name: round(n / total, 4) for name, n in counts.most_common()}
    if "--json" in argv[1:]:
        print(json.dumps(shares))
    else:
        print(", ".join(f"{name} {share:.1%}" for name, share in shares.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
