#!/usr/bin/env python3
"""`airtok serve` over real HTTP on 127.0.0.1, checked against the reference's golden cases.

Usage: test_serve.py AIRTOK GOLDEN_DIR README
Every server is started on port 0 (it prints the port it chose) and stopped by the test; every
socket has a timeout, so the test ends by itself.
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

AIRTOK, GOLDEN, README = sys.argv[1:4]
ENCODINGS = ["gpt2", "r50k_base", "p50k_base", "p50k_edit", "cl100k_base", "o200k_base",
             "o200k_harmony"]
TIMEOUT = 30


def golden(name):
    with open(os.path.join(GOLDEN, name + ".jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


class Server:
    """One `airtok serve` process; `log` collects its standard error."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([AIRTOK, "serve", "--listen", "127.0.0.1:0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        m = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line)
        if not m:
            self.proc.kill()
            raise AssertionError("no port: %r %r" % (line, self.proc.stderr.read()))
        self.port = int(m.group(1))
        self.log = []
        self.reader = threading.Thread(target=self._read_log, daemon=True)
        self.reader.start()

    def _read_log(self):
        for line in self.proc.stderr:
            self.log.append(line.decode())

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)

    def request(self, method, path, body=None, headers=None, conn=None):
        """(status, headers, parsed JSON or text)."""
        own = conn is None
        conn = conn or self.connection()
        headers = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        if own:
            conn.close()
        ctype = r.getheader("Content-Type", "")
        value = json.loads(data) if ctype.startswith("application/json") else data.decode()
        return r.status, r, value

    def post(self, path, body, **kw):
        return self.request("POST", path, body, **kw)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(TIMEOUT)
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode


def batches(items, size):
    for i in range(0, len(items), size):
        yield items[i:i + size]


class Golden(unittest.TestCase):
    """Every endpoint's ids, counts and text against the reference's cases."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server("--log", "json")

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0  # also: no sanitizer report at exit

    def ok(self, path, body, **kw):
        status, _, value = self.server.post(path, body, **kw)
        self.assertEqual(status, 200, value)
        return value

    def test_tokenize_and_count_ordinary(self):
        checked = 0
        for enc in ENCODINGS:
            cases = [c for c in golden(enc) if c["op"] == "encode_ordinary"]
            conn = self.server.connection()  # one keep-alive connection per encoding
            for batch in batches(cases, 500):
                texts = [c["text"] for c in batch]
                got = self.ok("/v1/tokenize", {"encoding": enc, "texts": texts}, conn=conn)
                self.assertEqual(got["encoding"], enc)
                self.assertEqual([r["tokens"] for r in got["results"]],
                                 [c["tokens"] for c in batch])
                self.assertEqual([r["count"] for r in got["results"]],
                                 [len(c["tokens"]) for c in batch])
                counted = self.ok("/v1/count", {"encoding": enc, "texts": texts}, conn=conn)
                self.assertEqual(counted["counts"], [len(c["tokens"]) for c in batch])
                self.assertEqual(counted["count"], sum(len(c["tokens"]) for c in batch))
                checked += len(batch)
            for c in cases[::25]:  # single texts, and the vLLM shape
                got = self.ok("/v1/tokenize", {"encoding": enc, "text": c["text"]}, conn=conn)
                self.assertEqual(got["tokens"], c["tokens"], c["case"])
                self.assertEqual(got["count"], len(c["tokens"]))
                n = self.ok("/v1/count", {"encoding": enc, "text": c["text"]}, conn=conn)
                self.assertEqual(n["count"], len(c["tokens"]))
                v = self.ok("/tokenize", {"encoding": enc, "prompt": c["text"]}, conn=conn)
                self.assertEqual(v["tokens"], c["tokens"], c["case"])
                self.assertEqual(v["count"], len(c["tokens"]))
                self.assertEqual(v["max_model_len"], 128000)
            conn.close()
        self.assertGreater(checked, 18000)

    def test_encode_with_specials(self):
        checked = errors = 0
        for enc in ENCODINGS:
            specials = self.specials(enc)
            for c in (c for c in golden(enc) if c["op"] == "encode"):
                body = {"encoding": enc, "text": c["text"], "allowed_special": c["allowed"],
                        "disallowed_special": c["disallowed"]}
                listed = [t for key in ("allowed", "disallowed") if isinstance(c[key], list)
                          for t in c[key]]
                unknown = [t for t in listed if t not in specials]
                status, _, got = self.server.post("/v1/tokenize", body)
                if unknown:  # tiktoken ignores them; the service names them, as the CLI does
                    self.assertEqual(status, 400, c["case"])
                    self.assertEqual(got["error"]["type"], "invalid_request")
                    self.assertIn("'%s' is not a special token of %s" % (unknown[0], enc),
                                  got["error"]["message"])
                elif "error" in c:
                    self.assertEqual(status, 400, c["case"])
                    self.assertEqual(got["error"]["type"], "disallowed_special")
                    self.assertIn("special token " + c["error"]["token"],
                                  got["error"]["message"])
                    errors += 1
                else:
                    self.assertEqual(status, 200, (c["case"], got))
                    self.assertEqual(got["tokens"], c["tokens"], c["case"])
                    self.assertEqual(self.ok("/v1/count", body)["count"], len(c["tokens"]))
                checked += 1
        self.assertGreater(checked, 2000)
        self.assertGreater(errors, 10)

    def specials(self, enc):
        status, _, listing = self.server.request("GET", "/v1/encodings")
        self.assertEqual(status, 200)
        return next(e for e in listing["encodings"] if e["name"] == enc)["special_tokens"]

    def test_detokenize(self):
        checked = invalid = 0
        for enc in ENCODINGS:
            conn = self.server.connection()
            for c in (c for c in golden(enc) if c["op"] == "decode"):
                got = self.ok("/v1/detokenize", {"encoding": enc, "tokens": c["tokens_in"]},
                              conn=conn)
                self.assertEqual(got["text"], c["decoded"], c["case"])
                raw = bytes.fromhex(c["bytes_hex"])
                try:
                    raw.decode("utf-8")
                    valid = True
                except UnicodeDecodeError:
                    valid = False
                    invalid += 1
                self.assertEqual(got["invalid_utf8"], not valid, c["case"])
                v = self.ok("/detokenize", {"encoding": enc, "tokens": c["tokens_in"]},
                            conn=conn)
                self.assertEqual(v, {"prompt": c["decoded"]})
                checked += 1
            conn.close()
        self.assertGreater(checked, 2000)
        self.assertGreater(invalid, 0)

    def test_count_raw_bytes_streamed(self):
        checked = invalid = 0
        for enc in ENCODINGS:
            conn = self.server.connection()
            for i, c in enumerate(c for c in golden(enc) if c["op"] == "encode_bytes"):
                raw = bytes.fromhex(c["hex"]) if "hex" in c else c["text"].encode()
                if i % 2:  # chunked: the bytes arrive in 3-byte pieces, split anywhere
                    body = (raw[j:j + 3] for j in range(0, len(raw), 3))
                    conn.request("POST", "/v1/count?encoding=" + enc, body=body,
                                 headers={"Content-Type": "text/plain"}, encode_chunked=True)
                else:
                    conn.request("POST", "/v1/count?encoding=" + enc, body=raw,
                                 headers={"Content-Type": "text/plain; charset=utf-8"})
                r = conn.getresponse()
                got = json.loads(r.read())
                self.assertEqual(r.status, 200, got)
                self.assertEqual(got["count"], len(c["tokens"]), c["case"])
                self.assertEqual(got["bytes"], len(raw))
                try:
                    raw.decode("utf-8")
                    valid = True
                except UnicodeDecodeError:
                    valid = False
                    invalid += 1
                self.assertEqual(got["invalid_utf8"], not valid, c["case"])
                checked += 1
            conn.close()
        self.assertGreater(checked, 3000)
        self.assertGreater(invalid, 100)

    def test_encodings_and_models(self):
        status, _, listing = self.server.request("GET", "/v1/encodings")
        self.assertEqual(status, 200)
        self.assertEqual([e["name"] for e in listing["encodings"]], ENCODINGS)
        for enc in ENCODINGS:
            specials = self.specials(enc)
            for c in golden(enc):  # the reference's id for each special token's text alone
                if c["op"] == "encode" and c.get("allowed") == "all" and c["text"] in specials:
                    self.assertEqual(c["tokens"], [specials[c["text"]]])
            top = max(t for c in golden(enc) if "tokens" in c for t in c["tokens"])
            entry = next(e for e in listing["encodings"] if e["name"] == enc)
            self.assertGreater(entry["n_vocab"], top)
        status, _, models = self.server.request("GET", "/v1/models")
        self.assertEqual(status, 200)
        self.assertEqual(models["object"], "list")
        by_id = {m["id"]: m["encoding"] for m in models["data"]}
        self.assertTrue(set(by_id.values()) <= set(ENCODINGS))
        # A model's ids are its encoding's (checked against the reference's cases).
        case = next(c for c in golden("o200k_base") if c["op"] == "encode_ordinary"
                    and len(c["tokens"]) > 3)
        for model, enc in list(by_id.items())[:40]:
            if enc != "o200k_base":
                continue
            got = self.ok("/v1/tokenize", {"model": model, "text": case["text"]})
            self.assertEqual((got["encoding"], got["tokens"]), (enc, case["tokens"]), model)
        self.assertIn({"prefix": "gpt-4o-", "encoding": "o200k_base"}, models["prefixes"])

    def test_metrics_and_access_log(self):
        for _ in range(3):
            self.ok("/v1/count", {"text": "hello"})
        self.server.post("/v1/count", b"{")
        status, r, text = self.server.request("GET", "/metrics")
        self.assertEqual(status, 200)
        self.assertTrue(r.getheader("Content-Type").startswith("text/plain; version=0.0.4"))
        ok = re.search(r'^airtok_requests_total\{endpoint="/v1/count",status="200"\} (\d+)$',
                       text, re.M)
        self.assertGreaterEqual(int(ok.group(1)), 3)
        self.assertRegex(text, r'(?m)^airtok_errors_total\{endpoint="/v1/count"\} [1-9]')
        self.assertRegex(text, r'(?m)^airtok_tokens_total\{endpoint="/v1/count"\} [1-9]')
        self.assertRegex(text, r'(?m)^airtok_request_bytes_total\{endpoint="/v1/count"\} [1-9]')
        self.assertRegex(text, r'(?m)^airtok_request_duration_seconds_bucket\{endpoint='
                               r'"/v1/count",le="\+Inf"\} [1-9]')
        self.assertRegex(text, r"(?m)^# TYPE airtok_request_duration_seconds histogram$")
        time.sleep(0.2)
        lines = [json.loads(line) for line in self.server.log]
        self.assertTrue(any(e["path"] == "/v1/count" and e["status"] == 400 for e in lines))
        self.assertTrue(all({"time", "remote", "method", "path", "status", "seconds"} <= set(e)
                            for e in lines))

    def test_keep_alive(self):
        conn = self.server.connection()
        self.server.request("GET", "/healthz", conn=conn)
        sock = conn.sock
        for _ in range(5):
            status, r, value = self.server.request("GET", "/healthz", conn=conn)
            self.assertEqual((status, value), (200, {"status": "ok"}))
        self.assertIs(conn.sock, sock)  # the same connection served every request
        conn.close()


class BadInput(unittest.TestCase):
    """Each bad request gets a JSON error with a fitting status; the service stays up."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server("--log", "off", "--max-body", "100000", "--max-texts", "100",
                            "--timeout", "1")

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0

    def error(self, path, body, status, type_, *words, headers=None):
        got_status, _, got = self.server.post(path, body, headers=headers)
        self.assertEqual(got_status, status, got)
        self.assertEqual(set(got), {"error"})
        self.assertEqual(got["error"]["type"], type_, got)
        self.assertEqual(got["error"]["code"], status)
        for word in words:
            self.assertIn(word, got["error"]["message"])
        return got["error"]["message"]

    def tearDown(self):
        status, _, value = self.server.request("GET", "/healthz")
        self.assertEqual((status, value), (200, {"status": "ok"}))

    def test_malformed_json(self):
        for body in (b"{", b"", b"[1, 2", b'{"text": "a",}', b"\xff\xfe"):
            self.error("/v1/tokenize", body, 400, "invalid_json", "not valid JSON")
        self.error("/v1/count", b'{"text": "\xff"}', 400, "invalid_json", "text/plain")
        self.error("/v1/tokenize", b'{"text": "\\ud800"}', 400, "invalid_json")

    def test_wrong_types(self):
        cases = [
            ("/v1/tokenize", [1], '"body must be a JSON object'[1:]),
            ("/v1/tokenize", {"text": 5}, '"text" must be a string, not number'),
            ("/v1/tokenize", {"texts": "a"}, '"texts" must be an array of strings, not string'),
            ("/v1/count", {"texts": ["a", None]}, '"texts"[1] must be a string, not null'),
            ("/v1/tokenize", {}, 'exactly one of "text"'),
            ("/v1/tokenize", {"text": "a", "texts": ["b"]}, 'exactly one of "text"'),
            ("/v1/tokenize", {"encoding": 1, "text": "a"}, '"encoding" must be a string'),
            ("/v1/tokenize", {"encoding": "gpt2", "model": "gpt-4", "text": "a"}, "not both"),
            ("/v1/tokenize", {"text": "a", "allowed_special": "some"}, '"all" or an array'),
            ("/v1/tokenize", {"text": "a", "disallowed_special": [3]}, "must list strings"),
            ("/v1/detokenize", {"tokens": "1 2"}, '"tokens" must be an array of token ids'),
            ("/v1/detokenize", {}, '"tokens" (an array of token ids) is missing'),
            ("/tokenize", {"texts": ["a"]}, 'one "prompt"'),
            ("/v1/tokenize", {"text": "a", "allowed_specials": "all"},
             'unknown field "allowed_specials" in a /v1/tokenize request (its fields: encoding,'),
            ("/v1/count", {"txt": "a"}, 'unknown field "txt" in a /v1/count request'),
            ("/v1/detokenize", {"tokens": [1], "x": 1}, 'unknown field "x"'),
            ("/v1/chunk", {"text": "a", "max_tokens": 3, "overlaps": 1}, 'unknown field'),
            ("/v1/truncate", {"text": "a", "max_token": 3}, 'unknown field "max_token"'),
        ]
        for path, body, words in cases:
            self.error(path, body, 400, "invalid_request", words)

    def test_vllm_shapes_ignore_their_other_fields(self):
        status, _, got = self.server.post("/tokenize", {"model": "gpt-4", "prompt": "a",
                                                        "add_special_tokens": True})
        self.assertEqual(status, 200, got)
        status, _, got = self.server.post("/detokenize", {"model": "gpt-4", "tokens": [64],
                                                          "skip_special_tokens": True})
        self.assertEqual((status, got), (200, {"prompt": "a"}))

    def test_unknown_encoding_or_model(self):
        m = self.error("/v1/tokenize", {"encoding": "cl100k", "text": "a"}, 400,
                       "unknown_encoding", "cl100k", "/v1/encodings")
        self.assertIn("cl100k_base", m)  # the library lists the known names
        self.error("/tokenize", {"model": "no-such-model", "prompt": "a"}, 400,
                   "unknown_encoding", "no-such-model")
        status, _, got = self.server.post("/v1/count?model=nope", b"abc",
                                          headers={"Content-Type": "text/plain"})
        self.assertEqual((status, got["error"]["type"]), (400, "unknown_encoding"))

    def test_disallowed_special(self):
        self.error("/v1/count", {"text": "a <|endoftext|>", "disallowed_special": "all"}, 400,
                   "disallowed_special", "<|endoftext|>", "allowed_special")
        self.error("/v1/tokenize", {"text": "<|fim_prefix|>", "allowed_special": ["<|endoftext|>"]},
                   400, "disallowed_special", "<|fim_prefix|>")

    def test_invalid_ids(self):
        self.error("/v1/detokenize", {"encoding": "gpt2", "tokens": [1, 50257]}, 400,
                   "invalid_token", "50257")
        self.error("/detokenize", {"model": "gpt-4", "tokens": [100261]}, 400, "invalid_token",
                   "100261")
        for bad in (-1, 1.5, 2 ** 32, "7", None, [1]):
            self.error("/v1/detokenize", {"tokens": [0, bad]}, 400, "invalid_request",
                       '"tokens"[1] is ', "not a token id")

    def test_body_limit(self):
        big = {"text": "a" * 100001}
        self.error("/v1/tokenize", big, 413, "payload_too_large", "--max-body", "100000")
        # Without a Content-Length (chunked), the limit is applied as the body arrives.
        conn = self.server.connection()
        body = json.dumps(big).encode()
        conn.request("POST", "/v1/count", body=(body[i:i + 4096] for i in
                                                range(0, len(body), 4096)),
                     headers={"Content-Type": "application/json"}, encode_chunked=True)
        r = conn.getresponse()
        got = json.loads(r.read())
        self.assertEqual((r.status, got["error"]["type"]), (413, "payload_too_large"))
        conn.close()
        # The connection stays usable after a 413: the body is read and dropped, not parsed as
        # the next request.
        conn = self.server.connection()
        for body in (big, {"text": "hello"}, big, {"text": "hello"}):
            status, _, got = self.server.post("/v1/count", body, conn=conn)
            self.assertEqual(status, 413 if body is big else 200, got)
        conn.close()
        # A raw text/plain count has no body limit: 300 kB of words is counted.
        status, _, got = self.server.post("/v1/count", b"hello world " * 25000,
                                          headers={"Content-Type": "text/plain"})
        self.assertEqual(status, 200, got)
        self.assertEqual(got["bytes"], 300000)
        # ...unless one uncuttable stretch is over it (here: after an invalid byte).
        self.error("/v1/count", b"\xff" + b"hello world " * 25000, 413, "payload_too_large",
                   "--max-body", headers={"Content-Type": "text/plain"})

    def test_too_many_texts(self):
        self.error("/v1/tokenize", {"texts": ["a"] * 101}, 413, "too_many_texts", "101", "100",
                   "--max-texts")
        got = self.server.post("/v1/count", {"texts": ["a"] * 100})[2]
        self.assertEqual(len(got["counts"]), 100)

    def test_unknown_endpoint_and_method(self):
        for method, path in (("GET", "/v1/nothing"), ("GET", "/v1/tokenize"), ("PUT", "/"),
                             ("DELETE", "/healthz")):
            status, _, got = self.server.request(method, path)
            self.assertIn(status, (404, 405), (method, path))
            self.assertIn("/v1/tokenize", got["error"]["message"])

    def test_stalled_client_is_dropped(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=TIMEOUT) as s:
            s.sendall(b"POST /v1/count HTTP/1.1\r\nHost: x\r\nContent-Le")
            start = time.monotonic()
            data = s.recv(1000)  # answered 400 and closed after --timeout 1
            self.assertLess(time.monotonic() - start, 10)
            self.assertTrue(data == b"" or data.startswith(b"HTTP/1.1 400"), data)
            while data:
                data = s.recv(1000)
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=TIMEOUT) as s:
            s.sendall(b"POST /v1/count HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
            start = time.monotonic()
            data = s.recv(1000)  # a body that stops coming
            self.assertLess(time.monotonic() - start, 10)
            self.assertTrue(data == b"" or data.startswith(b"HTTP/1.1 400"), data)

    def test_client_disconnects_mid_request(self):
        for _ in range(20):
            s = socket.create_connection(("127.0.0.1", self.server.port), timeout=TIMEOUT)
            s.sendall(b"POST /v1/tokenize HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"
                      b'{"text": "abc')
            s.close()
        conns = []
        for _ in range(20):  # and some that leave before reading a response
            s = socket.create_connection(("127.0.0.1", self.server.port), timeout=TIMEOUT)
            body = json.dumps({"text": "word " * 10000}).encode()
            s.sendall(b"POST /v1/tokenize HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n"
                      % len(body) + body)
            conns.append(s)
        for s in conns:
            s.close()


class Security(unittest.TestCase):
    def test_bearer_token(self):
        with tempfile.NamedTemporaryFile("w", suffix=".token") as f:
            f.write("s3cret-token\n")
            f.flush()
            server = Server("--auth-token-file", f.name, "--log", "off")
            try:
                body = {"text": "hello"}
                for headers in ({}, {"Authorization": "Bearer wrong"},
                                {"Authorization": "Bearer s3cret-toke"},
                                {"Authorization": "s3cret-token"}):
                    status, r, got = server.post("/v1/count", body, headers=headers)
                    self.assertEqual((status, got["error"]["type"]), (401, "unauthorized"))
                    self.assertEqual(r.getheader("WWW-Authenticate"), "Bearer")
                status, _, got = server.request("GET", "/metrics")
                self.assertEqual(status, 401)
                ok = {"Authorization": "Bearer s3cret-token"}
                status, _, got = server.post("/v1/count", body, headers=ok)
                self.assertEqual((status, got["count"]), (200, 1))
                self.assertEqual(server.request("GET", "/healthz")[0], 200)  # no token needed
            finally:
                self.assertEqual(server.stop(), 0)

    def test_beyond_loopback_needs_a_token(self):
        r = subprocess.run([AIRTOK, "serve", "--listen", "0.0.0.0:0"], capture_output=True,
                           timeout=TIMEOUT)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"--auth-token-file", r.stderr)
        self.assertIn(b"--no-auth", r.stderr)
        for bad in ("8797", "127.0.0.1:", "127.0.0.1:70000", ":80"):
            r = subprocess.run([AIRTOK, "serve", "--listen", bad], capture_output=True,
                               timeout=TIMEOUT)
            self.assertEqual(r.returncode, 1, bad)
            self.assertIn(b"HOST:PORT", r.stderr)
        with tempfile.TemporaryDirectory() as d:
            r = subprocess.run([AIRTOK, "serve", "--auth-token-file", d + "/missing"],
                               capture_output=True, timeout=TIMEOUT)
            self.assertEqual(r.returncode, 1)
            self.assertIn(b"cannot read", r.stderr)

    def test_cors_only_when_asked(self):
        server = Server("--log", "off")
        try:
            _, r, _ = server.post("/v1/count", {"text": "a"}, headers={"Origin": "http://x"})
            self.assertIsNone(r.getheader("Access-Control-Allow-Origin"))
            status, _, _ = server.request("OPTIONS", "/v1/count")
            self.assertNotIn(status, (200, 204))
        finally:
            self.assertEqual(server.stop(), 0)
        server = Server("--log", "off", "--cors", "http://tools.example")
        try:
            _, r, _ = server.post("/v1/count", {"text": "a"}, headers={"Origin": "http://x"})
            self.assertEqual(r.getheader("Access-Control-Allow-Origin"), "http://tools.example")
            status, r, _ = server.request("OPTIONS", "/v1/count",
                                          headers={"Access-Control-Request-Method": "POST"})
            self.assertEqual(status, 204)
            self.assertIn("Authorization", r.getheader("Access-Control-Allow-Headers"))
        finally:
            self.assertEqual(server.stop(), 0)


class TruncateAndChunk(unittest.TestCase):
    """/v1/truncate and /v1/chunk answer as `airtok truncate` and `airtok chunk` do, on the
    golden texts; counts of the pieces are checked against the reference's counts."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server("--log", "off")

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0

    def ok(self, path, body):
        status, _, value = self.server.post(path, body)
        self.assertEqual(status, 200, value)
        return value

    def cli(self, *args, text):
        run = subprocess.run([AIRTOK, *args], input=text.encode(), capture_output=True,
                             timeout=TIMEOUT)
        self.assertEqual(run.returncode, 0, run.stderr)
        return run.stdout.decode()

    def test_same_as_the_commands(self):
        checked = 0
        for enc in ("cl100k_base", "o200k_base", "r50k_base"):
            cases = sorted((c for c in golden(enc) if c["op"] == "encode_ordinary"),
                           key=lambda c: -len(c["tokens"]))[:12]
            for c in cases:
                n = len(c["tokens"])
                whole = self.ok("/v1/truncate", {"encoding": enc, "text": c["text"],
                                                 "max_tokens": n})
                self.assertEqual((whole["text"], whole["count"], whole["truncated"]),
                                 (c["text"], n, False))
                k = max(1, n // 3)
                got = self.ok("/v1/truncate", {"encoding": enc, "text": c["text"],
                                               "max_tokens": k})
                self.assertEqual(got["text"], self.cli("truncate", "-e", enc, "-n", str(k),
                                                       text=c["text"]), c["case"])
                self.assertLessEqual(got["count"], k)
                self.assertTrue(got["truncated"] and c["text"].startswith(got["text"]))
                for boundary, overlap in (("line", 0), ("token", 1), ("paragraph", 2)):
                    size = max(overlap + 1, n // 4)
                    chunks = self.ok("/v1/chunk", {"encoding": enc, "text": c["text"],
                                                   "max_tokens": size, "overlap": overlap,
                                                   "boundary": boundary})["chunks"]
                    lines = self.cli("chunk", "-e", enc, "-n", str(size), "--overlap",
                                     str(overlap), "--boundary", boundary, text=c["text"])
                    self.assertEqual(chunks, [json.loads(x) for x in lines.split("\n") if x])
                    self.assertTrue(all(x["tokens"] <= size for x in chunks))
                    checked += 1
                if "\n" not in c["text"] and n > 1:  # one chunk per token: the reference's ids
                    chunks = self.ok("/v1/chunk", {"encoding": enc, "text": c["text"],
                                                   "max_tokens": n, "boundary": "token"})
                    self.assertEqual(sum(x["tokens"] for x in chunks["chunks"]), n)
        self.assertGreater(checked, 30)

    def test_bad_requests(self):
        for body, words in (({"text": "abc"}, '"max_tokens" (an integer) is missing'),
                            ({"text": "abc", "max_tokens": -1}, "non-negative integer"),
                            ({"max_tokens": 3}, '"text" (a string) is missing'),
                            ({"text": "abc", "max_tokens": 2, "overlap": 2},
                             "overlap (2) must be less than max_tokens (2)"),
                            ({"text": "abc", "max_tokens": 2, "boundary": "word"},
                             '"boundary" must be')):
            status, _, got = self.server.post("/v1/chunk", body)
            self.assertEqual((status, got["error"]["type"]), (400, "invalid_request"), got)
            self.assertIn(words, got["error"]["message"])
        status, _, got = self.server.post("/v1/truncate", {"text": 3, "max_tokens": 1})
        self.assertEqual(status, 400)
        self.assertIn('"text" must be a string', got["error"]["message"])


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"^VmRSS:\s+(\d+) kB", f.read(), re.M).group(1))


class Load(unittest.TestCase):
    """32 concurrent keep-alive clients, mixed endpoints and sizes: every answer is the
    reference's, none is lost, the server's memory stays bounded. Bounded in time by its size."""

    CLIENTS, REQUESTS = 32, 60

    def test_concurrent_clients(self):
        cases = {enc: [c for c in golden(enc) if c["op"] == "encode_ordinary"]
                 for enc in ("cl100k_base", "o200k_base")}
        decodes = [c for c in golden("cl100k_base") if c["op"] == "decode"]
        server = Server("--log", "off")
        failures, done = [], []

        def work(k):
            conn = server.connection()
            try:
                for i in range(self.REQUESTS):
                    enc = ("cl100k_base", "o200k_base")[(k + i) % 2]
                    c = cases[enc][(k * 7919 + i * 104729) % len(cases[enc])]
                    kind = (k + i) % 4
                    if kind == 0:
                        _, _, got = server.post("/v1/tokenize", {"encoding": enc,
                                                                 "text": c["text"]}, conn=conn)
                        ok = got.get("tokens") == c["tokens"]
                    elif kind == 1:
                        batch = [cases[enc][(k + i + j) % len(cases[enc])] for j in range(20)]
                        _, _, got = server.post("/v1/count", {"encoding": enc, "texts": [
                            b["text"] for b in batch]}, conn=conn)
                        ok = got.get("counts") == [len(b["tokens"]) for b in batch]
                    elif kind == 2:
                        d = decodes[(k * 31 + i) % len(decodes)]
                        _, _, got = server.post("/v1/detokenize", {"tokens": d["tokens_in"]},
                                                conn=conn)
                        ok = got.get("text") == d["decoded"]
                    else:
                        _, _, got = server.post("/v1/count?encoding=" + enc,
                                                c["text"].encode(),
                                                headers={"Content-Type": "text/plain"},
                                                conn=conn)
                        ok = got.get("count") == len(c["tokens"])
                    if not ok:
                        failures.append((enc, c["case"], kind, got))
                    done.append(1)
            except Exception as e:  # a lost request
                failures.append(("exception", k, repr(e)))
            finally:
                conn.close()

        try:
            work(0)  # warm up, then measure
            before = rss_kb(server.proc.pid)
            threads = [threading.Thread(target=work, args=(k,)) for k in range(self.CLIENTS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(120)
            after = rss_kb(server.proc.pid)
        finally:
            self.assertEqual(server.stop(), 0)
        print("load: %d requests, server RSS %d kB before, %d kB after"
              % (len(done), before, after), file=sys.stderr)
        self.assertEqual(failures, [])
        self.assertEqual(len(done), (self.CLIENTS + 1) * self.REQUESTS)
        self.assertLess(after - before, 200 * 1024, (before, after))


class ReadmeExamples(unittest.TestCase):
    """The README's `serve-test: console` block: each `$ ` line is run with bash against a
    server on a free port (localhost:8797 in the text); the lines up to the next `$ ` are its
    exact output."""

    def test_readme_curl_examples(self):
        with open(README, encoding="utf-8") as f:
            readme = f.read()
        blocks = re.findall(r"<!-- serve-test: console -->\n```console\n(.*?)```", readme, re.S)
        self.assertEqual(len(blocks), 1)
        commands = re.findall(r"^\$ (.*)\n((?:(?!\$ ).*\n)*)", blocks[0], re.M)
        self.assertGreaterEqual(len(commands), 8)
        server = Server("--log", "off")
        try:
            for command, expected in commands:
                command = command.replace("localhost:8797", "127.0.0.1:%d" % server.port)
                run = subprocess.run(["bash", "-c", command], capture_output=True, text=True,
                                     timeout=TIMEOUT)
                self.assertEqual(run.returncode, 0, (command, run.stderr))
                self.assertEqual(run.stdout, expected, command)
        finally:
            self.assertEqual(server.stop(), 0)


class Shutdown(unittest.TestCase):
    def test_sigterm_finishes_in_flight_requests(self):
        server = Server("--log", "off")
        words = b"The quick brown fox jumps over the lazy dog. " * 20000
        expected = server.post("/v1/count", words, headers={"Content-Type": "text/plain"})[2]
        conn = server.connection()
        conn.putrequest("POST", "/v1/count")
        conn.putheader("Content-Type", "text/plain")
        conn.putheader("Content-Length", str(len(words)))
        conn.endheaders()
        conn.send(words[:len(words) // 2])
        time.sleep(0.3)
        server.proc.send_signal(signal.SIGTERM)  # while the request is half sent
        time.sleep(0.3)
        conn.send(words[len(words) // 2:])
        r = conn.getresponse()
        self.assertEqual((r.status, json.loads(r.read())), (200, expected))
        conn.close()
        self.assertEqual(server.proc.wait(TIMEOUT), 0)
        with self.assertRaises(OSError):  # and new connections are refused
            socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT).recv(1)
        self.assertEqual(server.stop(), 0)

    def test_sigint(self):
        server = Server("--log", "off")
        server.proc.send_signal(signal.SIGINT)
        self.assertEqual(server.proc.wait(TIMEOUT), 0)
        self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
