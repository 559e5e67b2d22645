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
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from upstream_cases import (DOCS_REASONING_MESSAGES, DOCS_REASONING_TOKENS, TOOL_CALL_MESSAGES,
                            TOOL_CALL_TOKENS)

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


def normal_message(m):
    """A message in openai-harmony's JSON form with its null fields left out and a plain
    string content written as one text item, so that equal messages compare equal."""
    m = {k: v for k, v in m.items() if v is not None}
    if isinstance(m.get("content"), str):
        m["content"] = [{"type": "text", "text": m["content"]}]
    return m


def harmony_golden():
    """The golden harmony cases whose conversation the service can take as it is (the cases
    written with "@browser" stand for the library's built-in tools), with the render request
    that gives the reference's tokens."""
    out = []
    for c in golden("harmony"):
        if '"@browser' in json.dumps(c.get("conversation", c.get("message"))):
            continue
        if c["api"] == "message":
            if c.get("function_tools"):
                continue  # render(message, function tools): no conversation shows it
            body = {"conversation": [c["message"]], "next_role": "none"}
        else:
            body = {"conversation": c["conversation"]}
            if c["api"] == "completion":
                body["next_role"] = c["next_role"]
            elif c["api"] == "training":
                body["training"] = True
            else:
                body["next_role"] = "none"
            if "auto_drop_analysis" in c:
                body["auto_drop_analysis"] = c["auto_drop_analysis"]
        out.append((c, body))
    return out


class Harmony(unittest.TestCase):
    """POST /v1/harmony/render and /v1/harmony/parse against the reference's golden
    conversations (tests/golden/harmony.jsonl) and upstream's parse cases."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server("--log", "off")

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0

    def ok(self, path, body, **kw):
        status, _, value = self.server.post(path, body, **kw)
        self.assertEqual(status, 200, value)
        return value

    def error(self, path, body, type_, *words):
        status, _, got = self.server.post(path, body)
        self.assertEqual(status, 400, got)
        self.assertEqual(set(got), {"error"})
        self.assertEqual((got["error"]["type"], got["error"]["code"]), (type_, 400), got)
        for word in words:
            self.assertIn(word, got["error"]["message"])
        return got["error"]["message"]

    def test_render_golden(self):
        cases = harmony_golden()
        self.assertGreaterEqual(len(cases), 25)
        apis = set()
        conn = self.server.connection()
        for c, body in cases:
            got = self.ok("/v1/harmony/render", dict(body, text=True, pieces=True), conn=conn)
            self.assertEqual(got["tokens"], c["tokens"], c["case"])
            self.assertEqual(got["count"], len(c["tokens"]))
            self.assertEqual(got["text"], c["text"], c["case"])
            self.assertEqual(got["encoding"], "o200k_harmony")
            self.assertEqual(len(got["pieces"]), len(c["tokens"]))
            if not any("\\x" in p for p in got["pieces"]):
                self.assertEqual("".join(got["pieces"]), c["text"], c["case"])
            plain = self.ok("/v1/harmony/render", body, conn=conn)
            self.assertEqual(set(plain), {"encoding", "count", "tokens"})
            self.assertEqual(plain["tokens"], c["tokens"])
            apis.add(c["api"])
            if c["api"] != "message":  # the bare array of messages is the same conversation
                bare = dict(body, conversation=c["conversation"]["messages"])
                self.assertEqual(self.ok("/v1/harmony/render", bare, conn=conn)["tokens"],
                                 c["tokens"], c["case"])
        conn.close()
        self.assertEqual(apis, {"completion", "conversation", "training", "message"})

    def test_render_options_change_the_tokens(self):
        # preserve_cot renders with auto_drop_analysis false; by default (and with true) its
        # analysis message before the final answer is dropped, as upstream documents: the
        # reference's text without that message.
        by_name = {c["case"]: (c, body) for c, body in harmony_golden()}
        keep, keep_body = by_name["preserve_cot"]
        self.assertIs(keep_body["auto_drop_analysis"], False)
        dropped, n = re.subn(r"<\|start\|>assistant<\|channel\|>analysis<\|message\|>"
                             r"[^<]*<\|end\|>", "", keep["text"])
        self.assertEqual(n, 1)
        default = {k: v for k, v in keep_body.items() if k != "auto_drop_analysis"}
        for body in (default, dict(keep_body, auto_drop_analysis=True)):
            got = self.ok("/v1/harmony/render", dict(body, text=True))
            self.assertEqual(got["text"], dropped)
            self.assertLess(got["count"], len(keep["tokens"]))
        # next_role defaults to assistant: <|start|>assistant ends the prompt.
        simple, body = by_name["simple_convo"]
        got = self.ok("/v1/harmony/render", {"conversation": body["conversation"]})
        self.assertEqual(got["tokens"], simple["tokens"])
        self.assertEqual(simple["tokens"][-2:], [200006, 173781])
        got = self.ok("/v1/harmony/render", {"conversation": body["conversation"],
                                             "next_role": "none"})
        self.assertEqual(got["tokens"], simple["tokens"][:-2])

    def test_parse_upstream_tokens(self):
        for tokens, messages in ((DOCS_REASONING_TOKENS, DOCS_REASONING_MESSAGES),
                                 (TOOL_CALL_TOKENS, TOOL_CALL_MESSAGES)):
            for given in (tokens, tokens[:-1] if tokens[-1] == 200002 else tokens):
                got = self.ok("/v1/harmony/parse", {"tokens": given, "role": "assistant"})
                self.assertEqual([normal_message(m) for m in got["messages"]], messages)
                self.assertEqual(got["count"], len(given))
                self.assertEqual(got["encoding"], "o200k_harmony")
        # The same completion after its header: <|start|>assistant put back, no role.
        got = self.ok("/v1/harmony/parse", {"tokens": [200006, 173781] + DOCS_REASONING_TOKENS})
        self.assertEqual([normal_message(m) for m in got["messages"]], DOCS_REASONING_MESSAGES)

    def test_parse_golden_renders_back(self):
        """The reference's tokens of every golden conversation of plain text messages, each
        rendered whole (one <|start|> per message), parse back into that conversation."""
        checked = 0
        for c, body in harmony_golden():
            messages = c["conversation"]["messages"] if "conversation" in c else [c["message"]]
            text_only = all(isinstance(m["content"], str) or
                            all(item["type"] == "text" for item in m["content"])
                            for m in messages)
            # (recipient "all" is not rendered, and an author's name renders as role:name,
            # which upstream's parser does not read back: neither can come back)
            if (not text_only or body.get("next_role", "none") != "none"
                    or c["text"].count("<|start|>") != len(messages)
                    or any(m.get("recipient") == "all" or
                           (m.get("name") and m["role"] != "tool") for m in messages)):
                continue
            got = self.ok("/v1/harmony/parse", {"tokens": c["tokens"]})
            self.assertEqual([normal_message(m) for m in got["messages"]],
                             [normal_message(m) for m in messages], c["case"])
            again = self.ok("/v1/harmony/render", {"conversation": got, "next_role": "none"})
            if c["api"] != "training":
                self.assertEqual(again["tokens"], c["tokens"], c["case"])
            checked += 1
        self.assertGreaterEqual(checked, 5)

    def test_parse_strict_and_lenient(self):
        # test_streamable_parser_missing_message_token: the model forgot <|message|>.
        text = ("I must refuse<|end|><|start|>assistant<|channel|>analysis<|message|>We must "
                "refuse<|end|><|start|>assistant<|channel|>final<|message|>I'm sorry, but I "
                "can't help with that.<|return|>")
        tokens = self.ok("/v1/tokenize", {"encoding": "o200k_harmony", "text": text,
                                          "allowed_special": "all"})["tokens"]
        self.error("/v1/harmony/parse", {"tokens": tokens, "role": "assistant"}, "harmony_error",
                   "unexpected tokens remaining in message header")
        self.error("/v1/harmony/parse", {"tokens": tokens, "role": "assistant", "strict": True},
                   "harmony_error", "unexpected tokens remaining in message header")
        got = self.ok("/v1/harmony/parse", {"tokens": tokens, "role": "assistant",
                                            "strict": False})
        self.assertEqual([normal_message(m) for m in got["messages"]], [
            {"role": "assistant", "content": [{"type": "text", "text": "I must refuse"}]},
            {"role": "assistant", "channel": "analysis",
             "content": [{"type": "text", "text": "We must refuse"}]},
            {"role": "assistant", "channel": "final",
             "content": [{"type": "text", "text": "I'm sorry, but I can't help with that."}]}])

    def test_bad_requests(self):
        simple = golden("harmony")[0]["conversation"]
        render, parse = "/v1/harmony/render", "/v1/harmony/parse"
        self.error(render, {}, "invalid_request", '"conversation" is missing')
        self.error(render, {"conversation": simple, "next_role": "robot"}, "invalid_request",
                   '"next_role" must be a role', '"robot"')
        self.error(render, {"conversation": simple, "next_role": 3}, "invalid_request",
                   '"next_role" must be a role')
        self.error(render, {"conversation": simple, "training": True, "next_role": "user"},
                   "invalid_request", "not both")
        self.error(render, {"conversation": simple, "auto_drop_analysis": "no"},
                   "invalid_request", '"auto_drop_analysis" must be true or false')
        self.error(render, {"conversation": simple, "text": 1}, "invalid_request",
                   '"text" must be true or false')
        self.error(render, {"conversation": simple, "next": "user"}, "invalid_request",
                   'unknown field "next"', "next_role")
        self.error(render, {"conversation": 5}, "harmony_error", "conversation must be")
        self.error(render, {"conversation": {"messages": 5}}, "harmony_error", "messages")
        self.error(render, {"conversation": [{"role": "robot", "content": "hi"}]},
                   "harmony_error", "robot")
        self.error(render, {"conversation": [{"role": "user", "content": [{"type": "image"}]}]},
                   "harmony_error", "image")
        self.error(render, {"conversation": [{"role": "tool", "content": "72 degrees"}]},
                   "harmony_error", "name")
        self.error(render, {"conversation": [{"role": "user", "content": [
            {"type": "system_content", "model_identity": "x"}]}]}, "harmony_error")
        self.error(render, [simple], "invalid_request", "must be a JSON object")
        self.error(parse, {}, "invalid_request", '"tokens"', "missing")
        self.error(parse, {"tokens": "200006"}, "invalid_request", "array of token ids")
        self.error(parse, {"tokens": [200006, -1]}, "invalid_request", '"tokens"[1]')
        self.error(parse, {"tokens": [200006], "role": "robot"}, "invalid_request", '"role"')
        self.error(parse, {"tokens": [200006], "strict": "yes"}, "invalid_request", '"strict"')
        self.error(parse, {"tokens": [200006], "roles": "user"}, "invalid_request",
                   'unknown field "roles"')
        # Malformed completions: the library's message, naming the token or header at fault.
        self.error(parse, {"tokens": [24912, 2375]}, "harmony_error",
                   "while expecting start token 200006")
        self.error(parse, {"tokens": [200006, 173781]}, "harmony_error",
                   "Unexpected EOS while waiting for message header")
        self.error(parse, {"tokens": [200006, 200008, 200007]}, "harmony_error",
                   "did not contain a role")
        self.error(parse, {"tokens": [200006, 250000, 200008]}, "harmony_error",
                   "Invalid token for decoding: 250000")
        self.error(parse, {"tokens": [200006, 9552, 200008]}, "harmony_error", "Invalid utf-8")
        status, _, value = self.server.request("GET", "/healthz")
        self.assertEqual((status, value), (200, {"status": "ok"}))

    def test_metrics(self):
        simple = golden("harmony")[0]
        for _ in range(2):
            self.ok("/v1/harmony/render", {"conversation": simple["conversation"]})
            self.ok("/v1/harmony/parse", {"tokens": DOCS_REASONING_TOKENS, "role": "assistant"})
        self.server.post("/v1/harmony/parse", {"tokens": [1]})
        _, _, text = self.server.request("GET", "/metrics")
        for endpoint in ("/v1/harmony/render", "/v1/harmony/parse"):
            ok = re.search(r'^airtok_requests_total\{endpoint="%s",status="200"\} (\d+)$'
                           % endpoint, text, re.M)
            self.assertIsNotNone(ok, endpoint)
            self.assertGreaterEqual(int(ok.group(1)), 2)
            tokens = re.search(r'^airtok_tokens_total\{endpoint="%s"\} (\d+)$' % endpoint,
                               text, re.M)
            self.assertGreaterEqual(int(tokens.group(1)), 2 * len(
                simple["tokens"] if "render" in endpoint else DOCS_REASONING_TOKENS))
        self.assertRegex(text, r'(?m)^airtok_errors_total\{endpoint="/v1/harmony/parse"\} [1-9]')


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

    def test_headers_a_byte_at_a_time_are_cut_off(self):
        """Slowloris: each byte comes within the read timeout, so only the deadline for a
        request's headers (--timeout after the 5 s keep-alive wait) can end it."""
        server = Server("--log", "off", "--timeout", "2")
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as s:
                head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
                start = time.monotonic()
                cut = None
                for byte in head:
                    try:
                        s.sendall(bytes([byte]))
                    except OSError:
                        cut = time.monotonic() - start
                        break
                    time.sleep(1)
                    if time.monotonic() - start > 20:
                        break
                self.assertIsNotNone(cut, "still connected after 20 s")
                self.assertGreater(cut, 6)  # not before 2 + 5 s
                self.assertLess(cut, 10)
            # Clients that are slow within the rules are served: one that waits 3 s on a
            # keep-alive connection before its next request, and a body that takes 9 s to
            # arrive (the deadline is for headers; a body's reads each have --timeout).
            conn = server.connection()
            self.assertEqual(server.request("GET", "/healthz", conn=conn)[0], 200)
            time.sleep(3)
            self.assertEqual(server.request("GET", "/healthz", conn=conn)[0], 200)
            conn.close()
            words = b"hello world " * 5000
            conn = server.connection()
            conn.putrequest("POST", "/v1/count")
            conn.putheader("Content-Type", "text/plain")
            conn.putheader("Content-Length", str(len(words)))
            conn.endheaders()
            for i in range(0, len(words), len(words) // 18):
                conn.send(words[i:i + len(words) // 18])
                time.sleep(0.5)
            r = conn.getresponse()
            self.assertEqual(r.status, 200)
            self.assertEqual(json.loads(r.read())["bytes"], len(words))
            conn.close()
            # A body a byte at a time (each within the read timeout) falls behind the pace of
            # 500 bytes a second after --timeout seconds: 408, for JSON and raw bodies alike.
            for path, ctype in (("/v1/count", "text/plain"), ("/v1/tokenize", "application/json")):
                with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as s:
                    s.sendall(b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\n"
                              b"Content-Length: 1000\r\n\r\n" % (path.encode(), ctype.encode()))
                    start = time.monotonic()
                    answer = b""
                    try:
                        for byte in b'{"text": "' + b"a" * 900:
                            s.sendall(bytes([byte]))
                            if select.select([s], [], [], 0.5)[0]:
                                break  # answered
                            if time.monotonic() - start > 20:
                                break
                    except OSError:
                        pass
                    took = time.monotonic() - start
                    try:  # the answer says Connection: close (the rest is not read)
                        while b"request_timeout" not in answer:
                            data = s.recv(4096)
                            if not data:
                                break
                            answer += data
                    except OSError:
                        pass
                    self.assertIn(b"\r\nConnection: close\r\n", answer)
                    self.assertLess(took, 8, path)
                    self.assertGreater(took, 1.5, path)
                    self.assertTrue(answer.startswith(b"HTTP/1.1 408"), (path, answer[:200]))
                    self.assertIn(b"request_timeout", answer)
        finally:
            self.assertEqual(server.stop(), 0)

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
