#!/usr/bin/env python3
"""An independent reader of a tiktoken cache written by `airtok cache install`.

It uses nothing of airtok's but the command: Python's hashlib, base64, json and tempfile, and
tiktoken 0.14's own rules, restated here from tiktoken/load.py:

  cache_dir = $TIKTOKEN_CACHE_DIR, else $DATA_GYM_CACHE_DIR, else
              os.path.join(tempfile.gettempdir(), "data-gym-cache"); "" disables the cache
  cache_path = os.path.join(cache_dir, hashlib.sha1(url.encode()).hexdigest())
  the file is used only if hashlib.sha256(data).hexdigest() == expected_hash

The URLs and SHA-256 hashes below are tiktoken_ext/openai_public.py's (also in DESIGN.md).

Checks:
 1. all six files, installed into a fresh directory, are found by that rule, have the right
    SHA-256, and parse as tiktoken parses them (load_tiktoken_bpe, data_gym_to_mergeable_bpe_ranks,
    including its assertion that encoder.json agrees with vocab.bpe); GPT-2's data-gym ranks equal
    r50k_base's, as in tiktoken;
 2. the directory holds nothing else (no temporary file left);
 3. `airtok cache dir --json` names the directory tiktoken would compute, for each way of setting
    the environment, with Python's real tempfile.gettempdir() as the reference.

Usage: independent_reader.py AIRTOK
Prints one line per failure and "N passed, M failed" last; exits non-zero on any failure.
"""
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

OFFICIAL = [
    ("https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/vocab.bpe",
     "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5"),
    ("https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/encoder.json",
     "196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783"),
    ("https://openaipublic.blob.core.windows.net/encodings/r50k_base.tiktoken",
     "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930"),
    ("https://openaipublic.blob.core.windows.net/encodings/p50k_base.tiktoken",
     "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069"),
    ("https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
     "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"),
    ("https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
     "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"),
]
# Ordinary tokens of each .tiktoken file (n_vocab minus the special tokens).
TOKEN_COUNTS = {"r50k_base": 50256, "p50k_base": 50280, "cl100k_base": 100256,
                "o200k_base": 199998}

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def tiktoken_cache_dir(environ):
    """tiktoken 0.14's choice (load.py, read_file_cached), for the current process's tempfile."""
    if "TIKTOKEN_CACHE_DIR" in environ:
        return environ["TIKTOKEN_CACHE_DIR"]
    if "DATA_GYM_CACHE_DIR" in environ:
        return environ["DATA_GYM_CACHE_DIR"]
    return os.path.join(tempfile.gettempdir(), "data-gym-cache")


def read_file_cached(url, expected_hash, environ):
    """tiktoken's read_file_cached, where a download would be a failure."""
    cache_dir = tiktoken_cache_dir(environ)
    cache_path = os.path.join(cache_dir, hashlib.sha1(url.encode()).hexdigest())
    if not os.path.exists(cache_path):
        raise FileNotFoundError(f"tiktoken would download {url}: {cache_path} is missing")
    with open(cache_path, "rb", buffering=0) as f:
        data = f.read()
    if hashlib.sha256(data).hexdigest() != expected_hash:
        raise ValueError(f"tiktoken would delete {cache_path} and download {url}: wrong SHA-256")
    return data


def load_tiktoken_bpe(data):
    ret = {}
    for line in data.splitlines():
        if not line:
            continue
        token, rank = line.split()
        ret[base64.b64decode(token)] = int(rank)
    return ret


def data_gym_to_mergeable_bpe_ranks(vocab_bpe, encoder_json):
    rank_to_intbyte = [b for b in range(2**8) if chr(b).isprintable() and chr(b) != " "]
    data_gym_byte_to_byte = {chr(b): b for b in rank_to_intbyte}
    n = 0
    for b in range(2**8):
        if b not in rank_to_intbyte:
            rank_to_intbyte.append(b)
            data_gym_byte_to_byte[chr(2**8 + n)] = b
            n += 1
    bpe_merges = [tuple(s.split()) for s in vocab_bpe.decode().split("\n")[1:-1]]

    def decode_data_gym(value):
        return bytes(data_gym_byte_to_byte[b] for b in value)

    bpe_ranks = {bytes([b]): i for i, b in enumerate(rank_to_intbyte)}
    n = len(bpe_ranks)
    for first, second in bpe_merges:
        bpe_ranks[decode_data_gym(first) + decode_data_gym(second)] = n
        n += 1
    loaded = {decode_data_gym(k): v for k, v in json.loads(encoder_json).items()}
    loaded.pop(b"<|endoftext|>", None)
    loaded.pop(b"<|startoftext|>", None)
    assert bpe_ranks == loaded, "encoder.json does not match vocab.bpe"
    return bpe_ranks


def clean_environment(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR", "TIKTOKEN_OFFLINE",
                        "TMPDIR", "TEMP", "TMP")}
    env.update(extra)
    return env


def check_installed_cache(airtok, work):
    cache = os.path.join(work, "cache")
    run = subprocess.run([airtok, "cache", "install", "--dir", cache], env=clean_environment(),
                         capture_output=True, text=True)
    check(run.returncode == 0, f"airtok cache install failed: {run.stderr}")
    environ = {"TIKTOKEN_CACHE_DIR": cache}
    contents = {}
    for url, sha256 in OFFICIAL:
        try:
            contents[url.rsplit("/", 1)[1]] = read_file_cached(url, sha256, environ)
            check(True, url)
        except (OSError, ValueError) as e:
            check(False, str(e))
    expected_names = sorted(hashlib.sha1(url.encode()).hexdigest() for url, _ in OFFICIAL)
    check(sorted(os.listdir(cache)) == expected_names,
          f"the cache holds {sorted(os.listdir(cache))}, expected exactly {expected_names}")
    ranks = {}
    for name, count in TOKEN_COUNTS.items():
        data = contents.get(f"{name}.tiktoken", b"")
        ranks[name] = load_tiktoken_bpe(data)
        values = list(ranks[name].values())
        check(len(values) == count and len(set(values)) == count,
              f"{name}.tiktoken holds {len(values)} ranks ({len(set(values))} distinct), "
              f"expected {count}")
    if "vocab.bpe" in contents and "encoder.json" in contents:
        try:
            gpt2 = data_gym_to_mergeable_bpe_ranks(contents["vocab.bpe"], contents["encoder.json"])
            check(gpt2 == ranks["r50k_base"], "gpt2's data-gym ranks differ from r50k_base's")
        except AssertionError as e:
            check(False, str(e))


def python_cache_dir(env):
    """What tiktoken would compute in a Python process with this environment."""
    program = ("import os, tempfile\n"
               "e = os.environ\n"
               "d = e['TIKTOKEN_CACHE_DIR'] if 'TIKTOKEN_CACHE_DIR' in e else "
               "e['DATA_GYM_CACHE_DIR'] if 'DATA_GYM_CACHE_DIR' in e else "
               "os.path.join(tempfile.gettempdir(), 'data-gym-cache')\n"
               "print(d)\n")
    out = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True,
                         text=True, check=True).stdout
    return out[:-1]


def check_directory_rules(airtok, work):
    other = os.path.join(work, "other")
    os.mkdir(other)
    cases = [
        {"TIKTOKEN_CACHE_DIR": "/srv/tiktoken"},
        {"DATA_GYM_CACHE_DIR": "relative/dg/"},
        {"TIKTOKEN_CACHE_DIR": "/a", "DATA_GYM_CACHE_DIR": "/b"},
        {"TIKTOKEN_CACHE_DIR": ""},
        {"DATA_GYM_CACHE_DIR": ""},
        {"TMPDIR": work},
        {"TMPDIR": work + "//./x/../"},
        {"TMPDIR": os.path.join(work, "missing"), "TEMP": other},
        {"TMPDIR": "", "TEMP": "", "TMP": other},
        {},
    ]
    for extra in cases:
        env = clean_environment(**extra)
        expected = python_cache_dir(env)
        run = subprocess.run([airtok, "cache", "dir", "--json"], env=env, capture_output=True,
                             text=True)
        got = json.loads(run.stdout)["path"] if run.returncode == 0 else run.stderr
        check(got == expected, f"cache dir with {extra}: airtok says {got!r}, tiktoken {expected!r}")


def main():
    airtok = sys.argv[1]
    work = tempfile.mkdtemp(prefix="airtok-reader-")
    try:
        check_installed_cache(airtok, work)
        check_directory_rules(airtok, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
