#!/usr/bin/env python3
"""Throughput of `airtok serve` on loopback, next to the library's own speed on the same cores
(a benchmark, not a test).

Usage: /usr/bin/python3 bench/serve_bench.py AIRTOK SERVE_CLIENT [--clients N] [--seconds S]
           [--body FILE] [--encoding NAME] [--runs R]
  AIRTOK        the built command (build/cli/airtok)
  SERVE_CLIENT  build/bench/airtok_serve_client (C++, cpp-httplib's client)

Measures, each best of R runs of S seconds (the measurements taking turns) with N keep-alive
clients:
  - requests/s for 100-byte texts: POST /v1/count {"encoding", "text"} (JSON);
  - MB/s for 1 MB bodies: POST /v1/count as text/plain (streamed) and as JSON {"text"};
  - the in-process batch speed on the same cores: count_ordinary_batch of the same 1 MB text on
    as many threads as there are cores, without HTTP; and what the text/plain path does
    without HTTP (a StreamEncoder fed 4 KB at a time, one per core), to tell the cost of
    streaming from the cost of HTTP;
and prints the server's 1 MB MB/s as a share of the in-process figure, in wall time and per CPU
second (the server's CPU time from /proc, the client's and the in-process run's from
getrusage). On a machine that others share, a process with more threads gets a larger share of
the cores, so the wall-time share can exceed 1; the per-CPU-second share is the steadier one. Exactness first: every
answer must carry the count the library gives in-process (the library's counts are checked
against the reference by the test suite). The clients run on the same cores as the server, so
the figures are what one machine does as client and server together. The load average is
printed before and after: on a shared machine the figures move with it.

The 1 MB text is the start of the concatenation of /usr/share/common-licenses/* (English
licence texts, about 300 KB, so it repeats about 3.3 times: the piece cache helps the server
and the in-process run alike) unless --body names a file.
"""
import argparse
import glob
import json
import os
import re
import signal
import subprocess
import sys
import tempfile


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def cpu_seconds(pid):
    """User and system CPU seconds of process `pid` (all its threads)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(command, server=None):
    """The client's JSON line; with `server` (a pid), plus the server's CPU seconds."""
    before = cpu_seconds(server) if server else 0.0
    out = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        sys.exit("%s failed: %s" % (" ".join(command[:2]), out.stderr))
    result = json.loads(out.stdout)
    if server:
        result["server_cpu_seconds"] = cpu_seconds(server) - before
    return result


def best_alternating(runs, commands, server):
    """Each command's best run (most requests/s) of `runs`, the commands taking turns, so that
    a change in the machine's load falls on all of them alike."""
    results = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            results[name].append(run(command, server if command[1] == "http" else None))
    return {name: max(r, key=lambda x: x["requests_per_s"]) for name, r in results.items()}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("airtok")
    p.add_argument("client")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--seconds", type=float, default=5)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--body")
    p.add_argument("--encoding", default="cl100k_base")
    args = p.parse_args()
    cores = os.cpu_count() or 1

    with tempfile.TemporaryDirectory(prefix="airtok-serve-bench-") as tmp:
        if args.body:
            with open(args.body, "rb") as f:
                text = f.read()
        else:
            text = b"".join(open(f, "rb").read() for f in
                            sorted(glob.glob("/usr/share/common-licenses/*")) if os.path.isfile(f))
        text = (text * (1_000_000 // len(text) + 1))[:1_000_000]
        text = text.decode("utf-8", "ignore").encode()  # whole characters: JSON needs them
        small = ("The quick brown fox jumps over the lazy dog. " * 3)[:100].encode()
        files = {}
        for name, data in (("big.txt", text), ("small.txt", small),
                           ("big.json", json.dumps({"encoding": args.encoding,
                                                    "text": text.decode()}).encode()),
                           ("small.json", json.dumps({"encoding": args.encoding,
                                                      "text": small.decode()}).encode())):
            files[name] = os.path.join(tmp, name)
            with open(files[name], "wb") as f:
                f.write(data)

        def inprocess(path):
            return [args.client, "inprocess", args.encoding, path, str(cores), str(args.seconds)]

        print("machine: %d cores (%s); load average before: %s" % (
            cores, platform_cpu(), load_average()))
        counts = {name: run(inprocess(files[name])[:-1] + ["0"])["count"]
                  for name in ("big.txt", "small.txt")}

        server = subprocess.Popen([args.airtok, "serve", "--listen", "127.0.0.1:0", "--log",
                                   "off"], stdout=subprocess.PIPE)
        port = re.search(rb":(\d+)$", server.stdout.readline().strip()).group(1).decode()
        try:
            def http(path, ctype, body, count):
                return [args.client, "http", port, path, ctype, body, str(args.clients),
                        str(args.seconds), str(count)]
            r = best_alternating(args.runs, {
                "base_big": inprocess(files["big.txt"]),
                "base_small": inprocess(files["small.txt"]),
                # the text/plain path without HTTP: a StreamEncoder fed httplib's 4 KB reads
                "base_stream": [args.client, "stream", args.encoding, files["big.txt"], "4096",
                                str(cores), str(args.seconds)],
                "small_json": http("/v1/count", "application/json", files["small.json"],
                                   counts["small.txt"]),
                "big_plain": http("/v1/count?encoding=" + args.encoding, "text/plain",
                                  files["big.txt"], counts["big.txt"]),
                "big_json": http("/v1/count", "application/json", files["big.json"],
                                 counts["big.txt"]),
            }, server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
            server.stdout.close()
    base_big, base_small = r["base_big"], r["base_small"]
    small_json, big_plain, big_json = r["small_json"], r["big_plain"], r["big_json"]

    n = args.clients
    per_cpu = lambda r: r["requests"] * 1e-6 * len(text) / (
        r["cpu_seconds"] + r.get("server_cpu_seconds", 0))
    print("in-process count_ordinary_batch, %d threads: 1 MB texts %.1f MB/s (%.1f MB per CPU "
          "second); 100-byte texts %.0f texts/s" % (cores, base_big["mb_per_s"],
                                                    per_cpu(base_big), base_small["requests_per_s"]))
    print("server, %d clients: 100-byte texts (JSON) %.0f requests/s (server %.1f, client %.1f "
          "CPU seconds in %.1f s)" % (n, small_json["requests_per_s"],
                                      small_json["server_cpu_seconds"],
                                      small_json["cpu_seconds"], small_json["seconds"]))
    stream = r["base_stream"]
    print("in-process StreamEncoder, 4 KB chunks, %d threads: 1 MB texts %.1f MB/s (%.1f MB per "
          "CPU second = %.2f of the batch)" % (cores, stream["mb_per_s"], per_cpu(stream),
                                              per_cpu(stream) / per_cpu(base_big)))
    print("server text/plain per CPU second (server alone) as a share of the StreamEncoder's: "
          "%.2f" % (big_plain["requests"] * 1e-6 * len(text) / big_plain["server_cpu_seconds"]
                    / per_cpu(stream)))
    for name, r in (("text/plain", big_plain), ("JSON", big_json)):
        server_only = r["requests"] * 1e-6 * len(text) / r["server_cpu_seconds"]
        print("server, %d clients: 1 MB bodies (%s) %.1f MB/s = %.2f of in-process; per CPU "
              "second: %.1f MB (server alone) = %.2f, %.1f MB (server and client) = %.2f" % (
                  n, name, r["mb_per_s"], r["mb_per_s"] / base_big["mb_per_s"], server_only,
                  server_only / per_cpu(base_big), per_cpu(r), per_cpu(r) / per_cpu(base_big)))
    print("load average after: %s" % load_average())


def platform_cpu():
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M)
            return m.group(1) if m else "unknown CPU"
    except OSError:
        return "unknown CPU"


if __name__ == "__main__":
    main()
