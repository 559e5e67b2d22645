#!/usr/bin/python3
"""Joins source files into one stream of NUL-terminated units for interleave.py --nul.

Reads the paths, NUL-separated, on stdin, in the order given. Skips what is not source code
a person wrote: files that are not UTF-8 text, and minified or generated files, recognised
by very long lines (a minified script is a few lines of thousands of characters). Repeated
files are dropped later, by interleave.py, which never emits the same unit twice.

Usage: find ... -print0 | LC_ALL=C sort -z | code_files.py > units
"""
import sys

kMaxLineLength = 500  # longer lines occur in minified bundles, rarely in hand-written code


def readable_source(data):
    """Whether the bytes look like hand-written text source code."""
    if not data.strip() or b"\0" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return max(len(line) for line in data.split(b"\n")) <= kMaxLineLength


def main():
    out = sys.stdout.buffer
    for path in sys.stdin.buffer.read().split(b"\0"):
        if not path:
            continue
        with open(path, "rb") as f:
            data = f.read()
        if readable_source(data):
            out.write(data if data.endswith(b"\n") else data + b"\n")
            out.write(b"\0")


if __name__ == "__main__":
    main()
