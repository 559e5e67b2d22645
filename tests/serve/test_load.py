#!/usr/bin/env python3
"""A bounded load test of `airtok serve` on loopback: CLIENTS concurrent keep-alive clients send
REQUESTS requests each, mixed endpoints and sizes, and every answer is checked.

Usage: test_load.py AIRTOK GOLDEN_DIR [CLIENTS [REQUESTS]] [--sanitized]   (default 32 x 2000)
  --sanitized: AIRTOK is built with AddressSanitizer, which holds freed memory in its
  quarantine: the memory bounds do not apply (measured: 99 MB after warm-up, 690 MB after
  32 x 1,000), every other check does.

Expected values come from the reference, computed before the load starts: the golden vectors
(tests/golden/*.jsonl, npm tiktoken), the golden harmony renders (tests/golden/harmony.jsonl)
and upstream's parse cases. Nothing expected is taken from the server. The test fails when an
answer differs, a request is lost (an exception, a status that was not expected, a missing
answer), the server's peak memory (VmHWM) grows by more than its bound over its size after a
warm-up, or the load does not finish within DEADLINE seconds; it then stops the server itself.
The requests are prepared (bodies serialized) before the clock starts; the clients are Python
threads, so on a small machine they take a large share of the CPU (measured on 2 shared cores,
load average 7 to 16: 64,000 requests in 13 to 17 s, about 4,000 to 5,000 requests/s).

The memory bound: each connection thread keeps what airtok documents a thread keeps between
calls (include/airtok/thread_caches.hpp: piece caches for its last four encodings, about
5.5 MiB, and scratch vectors of at most 1 MiB). The server runs with --threads CLIENTS + 2, so
at most that many connection threads (and the batch pool's, one per core) hold them; the peak
may grow by THREAD_KB per thread. (With the default pool of 64 threads the server's size kept
growing with the requests served, as connections closed after keep-alive's 1,000 requests came
back on threads not used before: 284 MB after 64,000 requests, 290 MB after 160,000.) Leaks are
checked more sharply: once every thread is in use the size must level off, so from half way to
the end it may grow by at most LATE_GROWTH_KB (measured: 169.0 MB half way, 169.5 MB at the
end), which a leak of half a kilobyte per request over the second half would exceed.
"""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

from upstream_cases import DOCS_REASONING_MESSAGES, DOCS_REASONING_TOKENS

SANITIZED = "--sanitized" in sys.argv[1:]
ARGS = [a for a in sys.argv[1:] if a not in ("--sanitized", "")]  # "": CMake's empty genex
AIRTOK, GOLDEN = ARGS[0:2]
CLIENTS = int(ARGS[2]) if len(ARGS) > 2 else 32
REQUESTS = int(ARGS[3]) if len(ARGS) > 3 else 2000
DEADLINE = 150  # seconds for the whole load
SOCKET_TIMEOUT = 30
THREAD_KB = 8 * 1024  # the caches and scratch above, a stack's touched pages, malloc's share
LATE_GROWTH_KB = 16 * 1024

JSON = {"Content-Type": "application/json"}
PLAIN = {"Content-Type": "text/plain"}

def golden(name):
    with open(os.path.join(GOLDEN, name + ".jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def plain_messages(messages):
    return [{k: v for k, v in m.items() if v is not None} for m in messages]


def prepare():
    """Request kinds, each a list of (method, path, body bytes, headers, check(status, value))
    with the expected answer bound in; the mix below draws from them in turn."""
    kinds = {}
    for enc in ("cl100k_base", "o200k_base"):
        cases = golden(enc)
        ordinary = [c for c in cases if c["op"] == "encode_ordinary"]
        small = [c for c in ordinary if len(c["text"].encode()) <= 2000]
        large = [c for c in ordinary if len(c["text"].encode()) > 5000]
        assert len(small) > 1000 and len(large) >= 3, (enc, len(small), len(large))

        def tokenize(c, enc=enc):
            want = c["tokens"]
            return ("POST", "/v1/tokenize", json.dumps({"encoding": enc, "text": c["text"]}),
                    JSON, lambda s, v: s == 200 and v["tokens"] == want)
        kinds.setdefault("tokenize", []).extend(tokenize(c) for c in small[::3])

        def vllm(c, enc=enc):
            want = c["tokens"]
            return ("POST", "/tokenize", json.dumps({"encoding": enc, "prompt": c["text"]}), JSON,
                    lambda s, v: s == 200 and v["tokens"] == want and v["count"] == len(want))
        kinds.setdefault("vllm_tokenize", []).extend(vllm(c) for c in small[1::7])

        def batch(group, enc=enc):
            want = [len(c["tokens"]) for c in group]
            body = json.dumps({"encoding": enc, "texts": [c["text"] for c in group]})
            return ("POST", "/v1/count", body, JSON,
                    lambda s, v: s == 200 and v["counts"] == want and v["count"] == sum(want))
        kinds.setdefault("count_batch", []).extend(
            batch(small[i:i + 16]) for i in range(0, len(small) - 16, 37))

        def raw(c, enc=enc):
            data = bytes.fromhex(c["hex"]) if "hex" in c else c["text"].encode()
            want = len(c["tokens"])
            return ("POST", "/v1/count?encoding=" + enc, data, PLAIN,
                    lambda s, v: s == 200 and v["count"] == want and v["bytes"] == len(data))
        kinds.setdefault("count_raw", []).extend(
            raw(c) for c in cases if c["op"] == "encode_bytes")
        kinds.setdefault("count_raw_large", []).extend(raw(c) for c in large)

        def detokenize(c, enc=enc):
            want = c["decoded"]
            return ("POST", "/v1/detokenize", json.dumps({"encoding": enc,
                                                          "tokens": c["tokens_in"]}), JSON,
                    lambda s, v: s == 200 and v["text"] == want)
        kinds.setdefault("detokenize", []).extend(
            detokenize(c) for c in cases if c["op"] == "decode")

        def disallowed(c, enc=enc):  # an expected error, under load too
            want = c["error"]["token"]
            body = json.dumps({"encoding": enc, "text": c["text"],
                               "allowed_special": c["allowed"],
                               "disallowed_special": c["disallowed"]})
            return ("POST", "/v1/tokenize", body, JSON,
                    lambda s, v: s == 400 and v["error"]["type"] == "disallowed_special"
                    and ("special token " + want) in v["error"]["message"])
        kinds.setdefault("disallowed_special", []).extend(
            disallowed(c) for c in cases if c["op"] == "encode" and "error" in c
            and all(isinstance(c[k], (list, str)) for k in ("allowed", "disallowed"))
            and not any(t not in specials(enc) for k in ("allowed", "disallowed")
                        if isinstance(c[k], list) for t in c[k]))

    def render(c):
        body = {"conversation": c["conversation"]}
        if c["api"] == "completion":
            body["next_role"] = c["next_role"]
        elif c["api"] == "training":
            body["training"] = True
        else:
            body["next_role"] = "none"
        if "auto_drop_analysis" in c:
            body["auto_drop_analysis"] = c["auto_drop_analysis"]
        want = c["tokens"]
        return ("POST", "/v1/harmony/render", json.dumps(body), JSON,
                lambda s, v: s == 200 and v["tokens"] == want)
    kinds["harmony_render"] = [render(c) for c in golden("harmony") if "conversation" in c
                               and '"@browser' not in json.dumps(c["conversation"])]
    kinds["harmony_parse"] = [(
        "POST", "/v1/harmony/parse",
        json.dumps({"tokens": DOCS_REASONING_TOKENS, "role": "assistant"}), JSON,
        lambda s, v: s == 200 and plain_messages(v["messages"]) == DOCS_REASONING_MESSAGES)]
    for kind, items in kinds.items():
        assert items, kind
        kinds[kind] = [(m, p, b.encode() if isinstance(b, str) else b, h, check)
                       for m, p, b, h, check in items]
    return kinds


_SPECIALS = {
    "cl100k_base": {"<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>",
                    "<|endofprompt|>"},
    "o200k_base": {"<|endoftext|>", "<|endofprompt|>"},
}


def specials(enc):
    return _SPECIALS[enc]  # DESIGN.md's table (tiktoken 0.14)


# The mix, by request: mostly small requests, a few large ones and expected errors.
MIX = (["tokenize"] * 6 + ["count_batch"] * 3 + ["count_raw"] * 3 + ["detokenize"] * 3 +
       ["vllm_tokenize"] * 2 + ["harmony_render"] * 2 + ["harmony_parse"] +
       ["disallowed_special"] + ["count_raw_large"])


def status_kb(pid, field):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"^%s:\s+(\d+) kB" % field, f.read(), re.M).group(1))


class Server:
    def __init__(self):
        self.proc = subprocess.Popen([AIRTOK, "serve", "--listen", "127.0.0.1:0", "--log", "off",
                                      "--threads", str(CLIENTS + 2)], stdout=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        m = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line)
        if not m:
            self.proc.kill()
            sys.exit("no port: %r" % line)
        self.port = int(m.group(1))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(SOCKET_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        return self.proc.returncode


def client(port, k, count, kinds, deadline, answered, failures, by_kind):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=SOCKET_TIMEOUT)
    done = 0
    try:
        for i in range(count):
            if time.monotonic() > deadline:
                failures.append(("deadline", k, i))
                return
            kind = MIX[(k * 7 + i) % len(MIX)]
            items = kinds[kind]
            method, path, body, headers, check = items[(k * 7919 + i * 104729) % len(items)]
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            data = r.read()
            try:
                value = json.loads(data)
                ok = check(r.status, value)
            except (ValueError, KeyError, TypeError):
                ok = False
            if not ok:
                failures.append((kind, path, body[:200], r.status, data[:300]))
            by_kind[kind] = by_kind.get(kind, 0) + 1
            done += 1
    except Exception as e:  # a lost request: refused, reset, timed out
        failures.append(("exception", k, done, repr(e)))
    finally:
        conn.close()
        answered.append(done)


def main():
    kinds = prepare()
    server = Server()
    failures, answered, by_kind = [], [], {}
    try:
        # Warm-up: one client through every kind, then the baseline memory.
        client(server.port, 0, len(MIX) * 4, kinds, time.monotonic() + DEADLINE, [], failures,
               {})
        if failures:
            sys.exit("warm-up failed: %r" % failures[:5])
        rss_before = status_kb(server.proc.pid, "VmRSS")
        start = time.monotonic()
        deadline = start + DEADLINE
        threads = [threading.Thread(target=client, args=(server.port, k, REQUESTS, kinds,
                                                         deadline, answered, failures, by_kind),
                                    daemon=True) for k in range(CLIENTS)]
        for t in threads:
            t.start()
        # Memory as the load goes: the size at half way, to see that it levels off (what the
        # connection threads keep is bounded) rather than growing with the requests served.
        rss_half = None
        while any(t.is_alive() for t in threads) and \
                time.monotonic() < deadline + SOCKET_TIMEOUT:
            if rss_half is None and sum(by_kind.values()) >= CLIENTS * REQUESTS // 2:
                rss_half = status_kb(server.proc.pid, "VmRSS")
            time.sleep(0.05)
        for t in threads:
            t.join(max(0.0, deadline + SOCKET_TIMEOUT - time.monotonic()))
        seconds = time.monotonic() - start
        hung = sum(t.is_alive() for t in threads)
        peak = status_kb(server.proc.pid, "VmHWM")
        rss_after = status_kb(server.proc.pid, "VmRSS")
    finally:
        code = server.stop()
    total = sum(answered)
    print("load: %d clients x %d requests: %d answered in %.1f s (%.0f requests/s); server "
          "RSS %d kB after warm-up, %s kB half way, %d kB after, peak (VmHWM) %d kB; by kind %s"
          % (CLIENTS, REQUESTS, total, seconds, total / seconds, rss_before, rss_half,
             rss_after, peak,
             json.dumps(dict(sorted(by_kind.items())))))
    errors = []
    if failures:
        errors.append("%d failures, first: %r" % (len(failures), failures[:5]))
    if hung:
        errors.append("%d clients did not finish" % hung)
    if total != CLIENTS * REQUESTS:
        errors.append("%d of %d requests answered" % (total, CLIENTS * REQUESTS))
    limit = (CLIENTS + 2 + (os.cpu_count() or 1)) * THREAD_KB
    if SANITIZED:
        print("memory bounds not checked (--sanitized)")
    elif peak - rss_before > limit:
        errors.append("peak memory grew by %d kB (limit %d)" % (peak - rss_before, limit))
    if not SANITIZED and (rss_half is None or rss_after - rss_half > LATE_GROWTH_KB):
        errors.append("memory grew from %s kB half way to %d kB at the end (limit +%d kB)"
                      % (rss_half, rss_after, LATE_GROWTH_KB))
    if code != 0:
        errors.append("the server exited with %r after SIGTERM" % code)
    if errors:
        sys.exit("FAILED: " + "; ".join(errors))
    print("load ok")


if __name__ == "__main__":
    main()
