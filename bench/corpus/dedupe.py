#!/usr/bin/python3
"""Keeps the first occurrence of each paragraph of a text, so a corpus does not repeat itself.

Paragraphs are runs of lines separated by blank lines; two paragraphs are the same when they
are equal after collapsing whitespace. A benchmark on text that repeats mostly measures the
tokenizer's piece cache, which is why the "unique" corpora pass through here.
Optionally keeps only paragraphs written mostly in given scripts (translations often leave
whole paragraphs in English, and commands or file names are no prose in any language).

Usage: dedupe.py [--script NAME,NAME --min-share 0.5] [--min-letters N] < text > text
Script names are those of scripts.py (Latin-ASCII, Latin-other, Cyrillic, Han, Kana, ...).
"""
import argparse
import re
import sys

import scripts


def paragraphs(text):
    """The blank-line separated paragraphs of text, without their surrounding whitespace."""
    for paragraph in re.split(r"\n[ \t]*\n", text):
        paragraph = paragraph.strip("\n")
        if paragraph.strip():
            yield paragraph


def wanted(paragraph, args):
    """Whether a paragraph passes the script and length filters."""
    letters = sum(1 for c in paragraph if c.isalpha())
    if letters < args.min_letters:
        return False
    if args.script:
        return scripts.letter_share(paragraph, args.script.split(",")) >= args.min_share
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--script", help="comma-separated script names to keep")
    parser.add_argument("--min-share", type=float, default=0.5,
                        help="least share of a paragraph's letters in those scripts")
    parser.add_argument("--min-letters", type=int, default=1,
                        help="drop paragraphs with fewer letters than this")
    args = parser.parse_args()
    seen = set()
    out = sys.stdout
    for paragraph in paragraphs(sys.stdin.read()):
        key = " ".join(paragraph.split())
        if key in seen:
            continue
        seen.add(key)
        if wanted(paragraph, args):
            out.write(paragraph + "\n\n")


if __name__ == "__main__":
    sys.stdin.reconfigure(encoding="utf-8", errors="replace")
    sys.stdout.reconfigure(encoding="utf-8")
    main()
