"""The live page of `airtok serve` (GET /) in a real browser: headless Debian Chromium, driven
over the DevTools protocol (a small WebSocket client below, standard library only), against
the real server on a free loopback port. Expected ids come from tests/golden/ (the reference,
npm tiktoken), never from airtok.

usage: test_page.py AIRTOK GOLDEN_DIR OUT_DIR   (screenshots are written to OUT_DIR)
"""
import base64
import http.client
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

AIRTOK, GOLDEN, OUT = sys.argv[1:4]
CHROMIUM = "/usr/bin/chromium"
TIMEOUT = 20  # seconds for any one wait in the browser


def golden_texts(name, count=4):
    """A few ordinary-text cases (the page sends no allowed/disallowed_special, so special
    token texts are ordinary text, tiktoken's encode_ordinary): varied, short enough to type."""
    with open(os.path.join(GOLDEN, name + ".jsonl"), encoding="utf-8") as f:
        cases = [json.loads(line) for line in f]
    picked = {}
    for c in cases:
        text = c.get("text")
        if c["op"] != "encode_ordinary" or not text or not 8 <= len(text) <= 300:
            continue
        kind = ("newline" if "\n" in text else "non-ascii" if not text.isascii() else "ascii")
        picked.setdefault(kind, []).append(c)
    chosen = [group[0] for group in picked.values()] + picked["ascii"][1:count]
    return {c["text"]: c["tokens"] for c in chosen[:count + 2]}


class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol on loopback: text frames, client
    frames masked, no extensions."""

    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=TIMEOUT)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n" %
                           (u.path, u.hostname, u.port, key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise AssertionError("the DevTools socket closed during the handshake")
            head += chunk
        if not head.startswith(b"HTTP/1.1 101"):
            raise AssertionError("no WebSocket upgrade: %r" % head)

    def send(self, text):
        data = text.encode()
        header = bytes([0x81])
        if len(data) < 126:
            header += bytes([0x80 | len(data)])
        elif len(data) < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(data))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(data))
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise AssertionError("the DevTools socket closed")
            data += chunk
        return data

    def receive(self):
        message = b""
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._exact(8))[0]
            payload = self._exact(n)
            opcode = b0 & 0x0F
            if opcode == 8:
                raise AssertionError("the DevTools socket was closed by the browser")
            if opcode in (0, 1, 2):
                message += payload
                if b0 & 0x80:
                    return message.decode()


class Browser:
    """Headless Chromium in a fresh profile, one page target, every request it makes logged."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="airtok-page-chromium-")
        self.proc = subprocess.Popen(
            ["timeout", "120", CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--hide-scrollbars",
             "--window-size=1000,800", "--remote-debugging-port=0",
             "--user-data-dir=" + self.profile, "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        port = None
        deadline = time.time() + TIMEOUT
        while port is None and time.time() < deadline:
            line = self.proc.stderr.readline().decode()
            if not line and self.proc.poll() is not None:
                break
            m = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
        # Chromium keeps writing to stderr; drain it so that it never blocks on a full pipe.
        self.drain = threading.Thread(target=self.proc.stderr.read, daemon=True)
        self.drain.start()
        if port is None:
            self.close()
            raise AssertionError("Chromium printed no DevTools port")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        conn.request("GET", "/json/list")
        targets = json.loads(conn.getresponse().read())
        conn.close()
        page = next(t for t in targets if t["type"] == "page")
        self.ws = WebSocket(page["webSocketDebuggerUrl"])
        self.next_id = 0
        self.requests = []  # every URL the page asked for
        self.console = []  # console errors and exceptions (a CSP violation shows here)
        self.call("Network.enable")
        self.call("Runtime.enable")

    def _event(self, message):
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Runtime.exceptionThrown":
            self.console.append(json.dumps(params["exceptionDetails"]))
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            self.console.append(json.dumps(params["args"]))

    def call(self, method, **params):
        self.next_id += 1
        mine = self.next_id
        self.ws.send(json.dumps({"id": mine, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("id") == mine:
                if "error" in message:
                    raise AssertionError("%s: %s" % (method, message["error"]))
                return message["result"]
            self._event(message)

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError("%s: %s" % (expression, result["exceptionDetails"]))
        return result["result"].get("value")

    def wait(self, expression, what):
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError("timed out waiting for %s (%s)" % (what, expression))

    def key(self, key, code, vk):
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code,
                      windowsVirtualKeyCode=vk)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(data["data"]))

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if hasattr(self, "ws"):
            self.ws.sock.close()
        if hasattr(self, "drain"):
            self.drain.join(10)
        self.proc.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)


class Server:
    def __init__(self, *args):
        self.proc = subprocess.Popen([AIRTOK, "serve", "--listen", "127.0.0.1:0", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = self.proc.stdout.readline().decode()
        m = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line)
        if not m:
            self.proc.kill()
            raise AssertionError("no port: %r" % line)
        self.port = int(m.group(1))
        self.url = "http://127.0.0.1:%d/" % self.port

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()


# Each element's text colour against the first opaque background behind it (and each token's
# ::after id against the token's background); returns those under 4.5:1.
CONTRAST = r"""(() => {
  const rgb = (c) => c.match(/[\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const background = (e) => { for (; e; e = e.parentElement) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length < 4 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
  const low = [];
  for (const e of document.querySelectorAll('body *')) {
    if (!e.offsetParent || !Array.from(e.childNodes).some((n) => n.nodeType === 3 &&
        n.textContent.trim())) continue;
    const r = ratio(rgb(getComputedStyle(e).color).slice(0, 3), background(e));
    if (r < 4.5) low.push([e.tagName, e.id, e.className, r]);
    if (e.classList.contains('t')) {
      const a = ratio(rgb(getComputedStyle(e, '::after').color).slice(0, 3), background(e));
      if (a < 4.5) low.push(['::after', e.dataset.id, a]);
    }
  }
  return low;
})()"""

SPAN_IDS = "Array.from(document.querySelectorAll('#tokens .t'), t => Number(t.dataset.id))"


class PageTest(unittest.TestCase):
    def setUp(self):
        self.server = Server(*self.server_args())
        self.addCleanup(self.server.close)
        self.browser = Browser()
        self.addCleanup(self.browser.close)
        self.browser.call("Page.enable")
        self.browser.call("Page.navigate", url=self.server.url)
        self.browser.wait("document.readyState === 'complete' && document.body.dataset.state"
                          " !== undefined", "the page to load")

    def server_args(self):
        return []

    def type_text(self, text):
        """Replaces the textarea's text as a user pasting it does (an input event)."""
        b = self.browser
        b.js("document.getElementById('text').focus(); document.getElementById('text').select()")
        b.call("Input.insertText", text=text)

    def choose(self, value):
        b = self.browser
        b.js("(() => { const s = document.getElementById('enc'); s.value = %s;"
             "s.dispatchEvent(new Event('change')); })()" % json.dumps(value))
        self.assertEqual(b.js("document.getElementById('enc').value"), value)

    def expect_ids(self, ids, what):
        b = self.browser
        try:
            b.wait("document.body.dataset.state === 'ready' && JSON.stringify(%s) === %s" %
                   (SPAN_IDS, json.dumps(json.dumps(ids, separators=(",", ":")))), what)
        except AssertionError:
            self.fail("%s: the page shows %s, the reference %s (error: %r)" %
                      (what, b.js(SPAN_IDS), ids, b.js("document.getElementById('error')"
                                                        ".textContent")))

    def check_only_loopback(self):
        for url in self.browser.requests:
            u = urllib.parse.urlparse(url)
            if u.scheme in ("about", "data"):
                continue
            self.assertEqual((u.scheme, u.hostname, u.port), ("http", "127.0.0.1",
                                                              self.server.port), url)
        self.assertEqual(self.browser.console, [], "console errors (a CSP violation?)")


class Page(PageTest):
    def test_page(self):
        b = self.browser
        # The encodings and models are listed; cl100k_base is chosen first.
        self.assertEqual(b.js("document.getElementById('enc').value"), "encoding:cl100k_base")
        options = b.js("Array.from(document.querySelectorAll('#enc option'), o => o.value)")
        self.assertIn("encoding:o200k_base", options)
        self.assertIn("model:gpt-4o", options)

        # Golden texts: the spans' ids are the reference's, the count is theirs.
        cl100k = golden_texts("cl100k_base")
        o200k = golden_texts("o200k_base")
        self.assertGreaterEqual(len(cl100k), 4)
        for text, ids in cl100k.items():
            self.type_text(text)
            self.expect_ids(ids, "cl100k_base %r" % text)
            stats = b.js("document.getElementById('stats').textContent")
            self.assertTrue(stats.startswith("%d token" % len(ids)), stats)
            chars = len(text)
            self.assertIn("%d characters" % chars if chars != 1 else "1 character", stats)
            self.assertIn("%.2f characters per token" % (chars / len(ids)), stats)

        # Typing more, a key at a time, updates the tokens and the count (debounced).
        start, extended = golden_for("cl100k_base", "hello"), golden_for("cl100k_base",
                                                                          "hello world")
        self.assertTrue(start and extended, "the golden file has 'hello' and 'hello world'")
        self.type_text("hello")
        self.expect_ids(start, "'hello'")
        before = len(b.requests)
        for c in " world":
            b.call("Input.dispatchKeyEvent", type="keyDown", key=c, text=c,
                   code="Space" if c == " " else "Key" + c.upper())
            b.call("Input.dispatchKeyEvent", type="keyUp", key=c,
                   code="Space" if c == " " else "Key" + c.upper())
        self.assertEqual(b.js("document.getElementById('text').value"), "hello world")
        self.expect_ids(extended, "typed ' world'")
        stats = b.js("document.getElementById('stats').textContent")
        self.assertTrue(stats.startswith("%d tokens, 11 characters" % len(extended)), stats)
        tokenize_calls = [u for u in b.requests[before:] if u.endswith("/v1/tokenize")]
        self.assertLess(len(tokenize_calls), 6, "typing is debounced")

        # Switching the encoding (and picking a model) changes the ids to that encoding's.
        shared = [t for t in o200k if t in cl100k and o200k[t] != cl100k[t]]
        self.assertTrue(shared, "a golden text whose ids differ between the encodings")
        text = shared[-1]
        self.type_text(text)
        self.choose("encoding:o200k_base")
        self.expect_ids(o200k[text], "o200k_base %r" % text)
        self.choose("encoding:cl100k_base")
        self.expect_ids(cl100k[text], "back to cl100k_base")
        # With the keyboard: the arrow key picks the next encoding.
        b.js("document.getElementById('enc').focus()")
        b.key("ArrowDown", "ArrowDown", 40)
        picked = b.js("document.getElementById('enc').value")
        self.assertRegex(picked, r"^encoding:(?!cl100k_base$)")
        self.expect_ids(golden_for(picked.split(":")[1], text), "picked %s" % picked)
        self.choose("model:gpt-4o")
        self.expect_ids(o200k[text], "gpt-4o (o200k_base)")
        self.assertIn("(o200k_base)", b.js("document.getElementById('stats').textContent"))

        # A token that splits a character is shown with \xNN escapes, as `airtok show` does.
        emoji = golden_emoji("gpt2")
        self.choose("encoding:gpt2")
        self.type_text(emoji["text"])
        self.expect_ids(emoji["tokens"], "gpt2 %r" % emoji["text"])
        shown = b.js("document.getElementById('tokens').textContent")
        self.assertIn("\\x", shown)
        self.choose("encoding:cl100k_base")

        # Hover shows a token's id; keyboard focus does too, and the arrow keys move it.
        text = next(iter(cl100k))
        self.type_text(text)
        self.expect_ids(cl100k[text], "before hovering")
        box = b.js("(() => { const r = document.querySelector('#tokens .t:nth-child(2)')"
                   ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        b.call("Input.dispatchMouseEvent", type="mouseMoved", x=box[0], y=box[1])
        after = "getComputedStyle(%s, '::after').content"
        second = "document.querySelector('#tokens .t:nth-child(2)')"
        self.assertEqual(b.js(after % second), '"%d"' % cl100k[text][1])
        b.call("Input.dispatchMouseEvent", type="mouseMoved", x=1, y=1)
        self.assertEqual(b.js(after % second), "none")
        b.js("document.getElementById('text').focus()")
        for _ in range(10):
            b.key("Tab", "Tab", 9)
            if b.js("document.activeElement.classList.contains('t')"):
                break
        self.assertTrue(b.js("document.activeElement.classList.contains('t')"),
                        "Tab reaches the tokens")
        self.assertEqual(b.js(after % "document.activeElement"), '"%d"' % cl100k[text][0])
        b.key("ArrowRight", "ArrowRight", 39)
        self.assertEqual(b.js("Number(document.activeElement.dataset.id)"), cl100k[text][1])
        self.assertEqual(b.js(after % "document.activeElement"), '"%d"' % cl100k[text][1])
        self.assertIn("id %d" % cl100k[text][1],
                      b.js("document.getElementById('focused').textContent"))
        self.assertEqual(b.js("document.getElementById('stats').getAttribute('aria-live')"),
                         "polite")
        b.screenshot(os.path.join(OUT, "page-desktop.png"))

        # Contrast (WCAG 2's ratio) of every visible text against its background: >= 4.5.
        b.js("document.getElementById('showids').click()")
        b.js("document.getElementById('error').textContent = 'an error'")
        low = b.js(CONTRAST)
        self.assertEqual(low, [], "text with a contrast under 4.5:1")
        b.js("(() => { const p = document.createElement('p'); p.id = 'pale'; p.textContent = 'x';"
             "p.style.color = '#999'; document.querySelector('main').appendChild(p); })()")
        self.assertIn("pale", [e[1] for e in b.js(CONTRAST)], "the contrast check sees pale text")
        b.js("document.getElementById('pale').remove()")
        b.js("document.getElementById('showids').click();"
             "document.getElementById('error').textContent = ''")

        # A phone's width: no horizontal scroll, even with a long unbroken word.
        b.call("Emulation.setDeviceMetricsOverride", width=360, height=740,
               deviceScaleFactor=1, mobile=True)
        self.type_text("x" * 300 + " " + text + "\n\t" + "\u3053\u3093\u306b\u3061\u306f" * 20)
        b.wait("document.body.dataset.state === 'ready' && "
               "document.querySelectorAll('#tokens .t').length > 10", "the phone-width tokens")
        width = b.js("[document.documentElement.scrollWidth, document.documentElement.clientWidth,"
                     " window.innerWidth]")
        self.assertEqual(width[2], 360)
        self.assertLessEqual(width[0], width[1], "horizontal scroll at 360 px: %s" % width)
        b.screenshot(os.path.join(OUT, "page-phone.png"))

        self.assertTrue(b.requests)
        self.check_only_loopback()


def golden_harmony(name):
    """A golden harmony case (tests/golden/harmony.jsonl: the reference's ids)."""
    with open(os.path.join(GOLDEN, "harmony.jsonl"), encoding="utf-8") as f:
        return next(c for c in map(json.loads, f) if c["case"] == name)


class HarmonyView(PageTest):
    def test_harmony_view(self):
        b = self.browser
        self.assertTrue(b.js("document.getElementById('harmony-box').hidden"))
        text = next(iter(golden_texts("cl100k_base")))
        self.type_text(text)
        self.expect_ids(golden_texts("cl100k_base")[text], "text view first")

        # The harmony view: a conversation's rendered ids are the reference's; the example
        # filled in renders (its ids are not checked: it is not a golden case).
        b.js("document.getElementById('mode-harmony').click()")
        self.assertFalse(b.js("document.getElementById('harmony-box').hidden"))
        self.assertTrue(b.js("document.getElementById('enc-box').hidden"))
        self.assertEqual(b.js("document.getElementById('text-label').textContent"),
                         "Conversation (JSON)")
        b.wait("document.body.dataset.state === 'ready' && "
               "document.querySelectorAll('#tokens .t.sp').length > 0", "the example rendered")
        self.assertIn("o200k_harmony", b.js("document.getElementById('stats').textContent"))
        simple = golden_harmony("simple_convo")
        self.type_text(json.dumps(simple["conversation"], indent=1))
        self.expect_ids(simple["tokens"], "simple_convo for completion")
        specials = b.js("Array.from(document.querySelectorAll('#tokens .t.sp'), "
                        "t => Number(t.dataset.id))")
        self.assertEqual(specials, [t for t in simple["tokens"] if t >= 199998])
        self.assertEqual(b.js("document.querySelector('#tokens .t').textContent"), "<|start|>")
        stats = b.js("document.getElementById('stats').textContent")
        self.assertTrue(stats.startswith("%d tokens, %d characters" % (
            len(simple["tokens"]), len(simple["text"]))), stats)

        # The choices: training, and the analysis messages kept (preserve_cot) or dropped.
        training = golden_harmony("training_final_channel")
        self.type_text(json.dumps(training["conversation"]))
        b.js("(() => { const s = document.getElementById('render'); s.value = 'training';"
             "s.dispatchEvent(new Event('change')); })()")
        self.expect_ids(training["tokens"], "training_final_channel")
        # preserve_cot is rendered with auto_drop_analysis false (the reference's ids); by
        # default its analysis message is dropped: the ids the API gives for that (its text is
        # checked against the reference's in test_serve.py).
        keep = golden_harmony("preserve_cot")
        b.js("(() => { const s = document.getElementById('render'); s.value = 'assistant';"
             "s.dispatchEvent(new Event('change')); })()")
        b.js("document.getElementById('keep-analysis').click()")
        self.type_text(json.dumps(keep["conversation"]))
        self.expect_ids(keep["tokens"], "analysis kept")
        b.js("document.getElementById('keep-analysis').click()")
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=TIMEOUT)
        conn.request("POST", "/v1/harmony/render", body=json.dumps(
            {"conversation": keep["conversation"]}), headers={"Content-Type": "application/json"})
        dropped = json.loads(conn.getresponse().read())["tokens"]
        conn.close()
        self.assertLess(len(dropped), len(keep["tokens"]))
        self.expect_ids(dropped, "analysis dropped by default")
        b.screenshot(os.path.join(OUT, "page-harmony.png"))

        # Not JSON yet, or JSON the library refuses: a message, and no request for the former.
        before = len(b.requests)
        self.type_text('{"messages": [')
        b.wait("document.body.dataset.state === 'error'", "the JSON error")
        self.assertIn("not JSON", b.js("document.getElementById('error').textContent"))
        self.assertEqual([u for u in b.requests[before:] if "/v1/" in u], [])
        self.type_text('{"messages": [{"role": "robot", "content": "hi"}]}')
        b.wait("document.body.dataset.state === 'error' && "
               "document.getElementById('error').textContent.includes('robot')",
               "the library's error")

        # Contrast holds for the special tokens too; then back to the text view and its text.
        self.type_text(json.dumps(simple["conversation"]))
        self.expect_ids(simple["tokens"], "before the contrast check")
        b.js("document.getElementById('showids').click()")
        self.assertEqual(b.js(CONTRAST), [], "text with a contrast under 4.5:1")
        b.js("document.getElementById('showids').click()")
        # A phone's width: no horizontal scroll in this view either.
        b.call("Emulation.setDeviceMetricsOverride", width=360, height=740,
               deviceScaleFactor=1, mobile=True)
        width = b.js("[document.documentElement.scrollWidth, document.documentElement.clientWidth,"
                     " window.innerWidth]")
        self.assertEqual(width[2], 360)
        self.assertLessEqual(width[0], width[1], "horizontal scroll at 360 px: %s" % width)
        b.screenshot(os.path.join(OUT, "page-harmony-phone.png"))
        b.call("Emulation.clearDeviceMetricsOverride")
        b.js("document.getElementById('mode-text').click()")
        self.assertEqual(b.js("document.getElementById('text').value"), text)
        self.expect_ids(golden_texts("cl100k_base")[text], "back to the text view")
        self.assertFalse(b.js("document.getElementById('enc-box').hidden"))
        self.check_only_loopback()


class PageWithAuth(PageTest):
    def server_args(self):
        path = os.path.join(OUT, "page-token")
        with open(path, "w") as f:
            f.write("s3cret-page-token\n")
        os.chmod(path, 0o600)
        return ["--auth-token-file", path]

    def test_token_field(self):
        b = self.browser
        # The page itself needs no token; its requests do, and it says so.
        b.wait("document.getElementById('error').textContent !== ''", "the 401 message")
        self.assertTrue(b.js("document.getElementById('auth').open"))
        self.assertEqual(b.js("document.getElementById('token').type"), "password")
        b.js("document.getElementById('token').focus()")
        b.call("Input.insertText", text="s3cret-page-token")
        b.key("Tab", "Tab", 9)  # leaving the field commits it
        b.wait("document.querySelectorAll('#enc option').length > 7", "the encodings list")
        cl100k = golden_texts("cl100k_base")
        text = next(iter(cl100k))
        self.type_text(text)
        self.expect_ids(cl100k[text], "with the token")
        self.assertEqual(b.js("sessionStorage.getItem('airtok-token')"), "s3cret-page-token")
        self.check_only_loopback()


class Http(unittest.TestCase):
    """The page's headers and the "pieces" option, over plain HTTP."""

    def setUp(self):
        self.server = Server()
        self.addCleanup(self.server.close)

    def get(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=TIMEOUT)
        conn.request(method, path, body=None if body is None else json.dumps(body),
                     headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response, data

    def test_page_headers(self):
        nonces = []
        for _ in range(2):
            response, body = self.get("GET", "/")
            self.assertEqual(response.status, 200)
            self.assertEqual(response.getheader("Content-Type"), "text/html; charset=utf-8")
            csp = response.getheader("Content-Security-Policy")
            m = re.fullmatch(r"default-src 'none'; script-src 'nonce-([A-Za-z0-9+/]{22})'; "
                             r"style-src 'nonce-\1'; connect-src 'self'; img-src 'self'; "
                             r"base-uri 'none'; form-action 'none'; frame-ancestors 'none'", csp)
            self.assertTrue(m, csp)
            page = body.decode("utf-8")
            self.assertEqual(page.count('nonce="%s"' % m.group(1)), 2)
            self.assertNotIn("__AIRTOK_NONCE__", page)
            self.assertNotRegex(page, r"(?i)(src|href)=\"?(https?:)?//")
            nonces.append(m.group(1))
        self.assertNotEqual(nonces[0], nonces[1], "a fresh nonce per response")

    def test_pieces(self):
        for name in ("cl100k_base", "o200k_base", "gpt2"):
            for text, ids in golden_texts(name).items():
                response, body = self.get("POST", "/v1/tokenize",
                                          {"encoding": name, "text": text, "pieces": True})
                reply = json.loads(body)
                self.assertEqual(reply["tokens"], ids)
                self.assertEqual(len(reply["pieces"]), len(ids))
                if "\\x" not in "".join(reply["pieces"]):
                    self.assertEqual("".join(reply["pieces"]), text)
            emoji = golden_emoji(name)
            response, body = self.get("POST", "/v1/tokenize", {"encoding": name, "texts": [
                emoji["text"]], "pieces": True})
            result = json.loads(body)["results"][0]
            self.assertEqual(result["tokens"], emoji["tokens"])
            # Joined, the pieces are the text with each byte of a split character as \xNN.
            shown = "".join(result["pieces"])
            raw = re.sub(r"\\x([0-9a-f]{2})", lambda m: "%" + m.group(1), shown)
            self.assertEqual(urllib.parse.unquote(raw, errors="strict"), emoji["text"])
        response, body = self.get("POST", "/v1/tokenize", {"text": "x", "pieces": "yes"})
        self.assertEqual(response.status, 400)
        self.assertIn('"pieces" must be true or false', json.loads(body)["error"]["message"])


def golden_emoji(name):
    """The first ordinary-text case with a character beyond U+FFFF (4 UTF-8 bytes, which
    byte-level BPE often splits between tokens)."""
    with open(os.path.join(GOLDEN, name + ".jsonl"), encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            text = c.get("text") or ""
            if c["op"] == "encode_ordinary" and len(text) < 100 and \
                    any(ord(ch) > 0xFFFF for ch in text):
                return c
    raise AssertionError("no golden case with a character beyond U+FFFF")


def golden_for(name, text):
    """The reference's ids for `text` as ordinary text, when the golden file has it."""
    with open(os.path.join(GOLDEN, name + ".jsonl"), encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            if c["op"] == "encode_ordinary" and c.get("text") == text:
                return c["tokens"]
    return None


if __name__ == "__main__":
    if not os.access(CHROMIUM, os.X_OK):
        sys.exit("test_page.py: %s is missing; install Debian's chromium (tools/bootstrap.sh)"
                 % CHROMIUM)
    os.makedirs(OUT, exist_ok=True)
    unittest.main(argv=sys.argv[:1], verbosity=2)
