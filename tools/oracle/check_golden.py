#!/usr/bin/env python3
"""Checks the decode-side fields of golden/random case files with CPython itself.

For every case that carries `bytes_hex`, using the official vocabularies in <repo>/data/ and
the special tokens of tools/oracle/encodings.mjs (read through Node.js):

* `bytes_hex` equals the concatenated bytes of the case's ids;
* `decoded` equals `bytes.decode("utf-8", errors="replace")`;
* `offsets` equals tiktoken's `decode_with_offsets` formula, present exactly when the bytes are
  valid UTF-8 (else `offsets_error` is true);
* for encode_ordinary / encode_bytes the bytes are the input itself.

It does not check ids (only the oracle knows them); it checks what the JS side computed.

Usage: tools/oracle/check_golden.py [FILE.jsonl ...]   (default: tests/golden/*.jsonl;
the encoding is taken from the file name, or from --encoding NAME)
"""
import argparse
import base64
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DATA_FILE = {"gpt2": "r50k_base", "p50k_edit": "p50k_base", "o200k_harmony": "o200k_base"}


def load_specials():
    script = (
        "import(process.argv[1]).then(m => process.stdout.write(JSON.stringify("
        "Object.fromEntries(Object.entries(m.ENCODINGS).map(([k, v]) => [k, v.specials])))))"
    )
    out = subprocess.run(
        ["node", "-e", script, os.path.join(HERE, "encodings.mjs")],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)


def load_decoder(name, specials):
    decoder = {}
    path = os.path.join(REPO, "data", DATA_FILE.get(name, name) + ".tiktoken")
    with open(path, "rb") as f:
        for line in f:
            if line.strip():
                b64, rank = line.split()
                decoder[int(rank)] = base64.b64decode(b64)
    names = {}
    for s, i in specials.items():
        names.setdefault(i, []).append(s)
    for i, ss in names.items():
        if len(ss) == 1:
            decoder[i] = ss[0].encode("utf-8")
    return decoder


def offsets_of(token_bytes):
    text_len = 0
    offsets = []
    for t in token_bytes:
        offsets.append(max(0, text_len - (0x80 <= t[0] < 0xC0)))
        text_len += sum(1 for c in t if not 0x80 <= c < 0xC0)
    return offsets


def check_file(path, name, decoder):
    checked = 0
    for lineno, line in enumerate(open(path, encoding="utf-8"), 1):
        c = json.loads(line)
        where = f"{path}:{lineno} ({c.get('case')})"
        if "bytes_hex" not in c:
            continue
        ids = c["tokens_in"] if c["op"] == "decode" else c["tokens"]
        parts = [decoder[i] for i in ids]
        data = b"".join(parts)
        assert data.hex() == c["bytes_hex"], f"{where}: bytes_hex"
        assert data.decode("utf-8", errors="replace") == c["decoded"], f"{where}: decoded"
        try:
            data.decode("utf-8")
            valid = True
        except UnicodeDecodeError:
            valid = False
        if valid:
            assert c.get("offsets") == offsets_of(parts) and "offsets_error" not in c, f"{where}: offsets"
        else:
            assert c.get("offsets_error") is True and "offsets" not in c, f"{where}: offsets_error"
        if c["op"] in ("encode_ordinary", "encode_bytes"):
            src = bytes.fromhex(c["hex"]) if "hex" in c else c["text"].encode("utf-8")
            assert src == data, f"{where}: bytes differ from the input"
        checked += 1
    return checked


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--encoding")
    args = ap.parse_args()
    files = args.files or sorted(glob.glob(os.path.join(REPO, "tests", "golden", "*.jsonl")))
    specials = load_specials()
    decoders = {}
    for path in files:
        name = args.encoding or os.path.basename(path).rsplit(".", 1)[0]
        if name not in decoders:
            decoders[name] = load_decoder(name, specials[name])
        n = check_file(path, name, decoders[name])
        print(f"{os.path.relpath(path)}: {n} cases checked against CPython")
    return 0


if __name__ == "__main__":
    sys.exit(main())
