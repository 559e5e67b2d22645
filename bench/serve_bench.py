#!/usr/bin/env python3
"""Rough throughput of `airtok serve` on loopback (a benchmark, not a test).

Usage: /usr/bin/python3 bench/serve_bench.py path/to/airtok [CLIENTS] [SECONDS]
Starts the server on a free port, then CLIENTS processes each keep one connection and send
/v1/count requests for SECONDS: first 100-byte texts (requests/s), then 1 MB raw text/plain
bodies (MB/s). The clients are Python, so on a small machine they, not the server, may be the
limit: the figures are lower bounds.
"""
import http.client
import json
import multiprocessing
import re
import signal
import subprocess
import sys
import time

AIRTOK = sys.argv[1]
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 4
SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 5


def client(port, body, headers, path, seconds, result):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    n = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        conn.request("POST", path, body=body, headers=headers)
        r = conn.getresponse()
        r.read()
        assert r.status == 200
        n += 1
    result.put(n)


def run(port, body, headers, path):
    result = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=client, args=(port, body, headers, path, SECONDS,
                                                          result)) for _ in range(CLIENTS)]
    start = time.monotonic()
    for p in procs:
        p.start()
    total = sum(result.get() for _ in procs)
    for p in procs:
        p.join()
    return total, time.monotonic() - start


def main():
    server = subprocess.Popen([AIRTOK, "serve", "--listen", "127.0.0.1:0", "--log", "off"],
                              stdout=subprocess.PIPE)
    port = int(re.search(rb":(\d+)$", server.stdout.readline().strip()).group(1))
    try:
        small = json.dumps({"text": ("The quick brown fox jumps over the lazy dog. " * 3)[:100]})
        n, t = run(port, small.encode(), {"Content-Type": "application/json"}, "/v1/count")
        print(f"100-byte texts: {n / t:,.0f} requests/s ({CLIENTS} clients, {t:.1f} s)")
        words = open(__file__, "rb").read()
        big = (words * (1_000_000 // len(words) + 1))[:1_000_000]
        n, t = run(port, big, {"Content-Type": "text/plain"}, "/v1/count")
        print(f"1 MB text/plain bodies: {n * len(big) / t / 1e6:,.1f} MB/s ({n} requests)")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)


if __name__ == "__main__":
    main()
