#!/usr/bin/env python3
"""Compares builds of airtok on a shared machine: runs their drivers in turn, round after round.

    python3 bench/alternate.py --driver BUILD_A/bench/airtok_compare_driver \\
        --driver BUILD_B/bench/airtok_compare_driver [--encoding E] [--rounds N] [--repeat K] \\
        CORPUS...

Each round runs every driver once per corpus (`airtok_compare_driver encode E --repeat K`, whose
time is the best of its K runs), starting each round with the next driver so that none always
runs first. On a shared machine single figures drift by 20% within minutes, while two runs next
to each other see about the same machine, so the figure to read is the median over the rounds of
each driver's speed divided by the first driver's in the same round. A driver may carry
arguments or an environment, as one shell word: --driver "env VAR=1 build/bench/...". The token
counts of all drivers must agree on each corpus (each driver also checks its own round trip).
MB = 10**6 bytes, from the encoding thread's CPU time. Not a test: it prints a table.
"""

from __future__ import annotations

import argparse
import json
import shlex
import statistics
import subprocess
import sys
from pathlib import Path


def run(driver: list[str], encoding: str, repeat: int, corpus: Path) -> tuple[float, int]:
    """MB/s of encode_ordinary on `corpus` (CPU time) and its token count."""
    done = subprocess.run(
        driver + ["encode", encoding, "--repeat", str(repeat), str(corpus)],
        capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"alternate: {shlex.join(driver)} failed on {corpus} "
                 f"(exit {done.returncode}): {done.stderr.strip()}")
    result = json.loads(done.stdout)
    if not result.get("roundtrip", False):
        sys.exit(f"alternate: {shlex.join(driver)} does not decode its tokens of {corpus} back")
    return result["bytes"] / result["encode"]["cpu_s"] / 1e6, result["tokens"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--driver", action="append", required=True,
                        help="an airtok_compare_driver command (give two or more)")
    parser.add_argument("--encoding", default="cl100k_base")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("corpora", nargs="+", type=Path)
    args = parser.parse_args()
    if len(args.driver) < 2:
        parser.error("give at least two --driver commands to compare")
    if args.rounds < 1 or args.repeat < 1:
        parser.error("--rounds and --repeat must be at least 1")
    drivers = [shlex.split(d) for d in args.driver]

    names = [chr(ord("A") + i) if i < 26 else str(i) for i in range(len(drivers))]
    print(f"{args.encoding}, {args.rounds} rounds, best of {args.repeat} runs each; "
          f"ratio: median over rounds of MB/s divided by A's in that round")
    for name, driver in zip(names, args.driver):
        print(f"  {name}: {driver}")
    print(f"{'corpus':28} {'driver':6} {'best':>7} {'median':>7} {'ratio':>6} {'range':>12}")
    for corpus in args.corpora:
        speeds: list[list[float]] = [[] for _ in drivers]
        tokens: set[int] = set()
        for r in range(args.rounds):
            for k in range(len(drivers)):
                i = (r + k) % len(drivers)
                mb_s, count = run(drivers[i], args.encoding, args.repeat, corpus)
                speeds[i].append(mb_s)
                tokens.add(count)
        if len(tokens) != 1:
            sys.exit(f"alternate: the drivers disagree on the token count of {corpus}: "
                     f"{sorted(tokens)}")
        for i, name in enumerate(names):
            ratios = [s / b for s, b in zip(speeds[i], speeds[0])]
            print(f"{corpus.name:28} {name:6} {max(speeds[i]):7.1f} "
                  f"{statistics.median(speeds[i]):7.1f} {statistics.median(ratios):6.3f} "
                  f"{min(ratios):5.2f}-{max(ratios):<5.2f}")


if __name__ == "__main__":
    main()
