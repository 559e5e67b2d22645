#!/usr/bin/env python3
"""An independent reader of openai-harmony's vocabulary directories, to check what
`airtok cache install --for harmony|all`, `export` and `import` write, and that
`airtok cache verify --for harmony` agrees with it on damaged directories.

It uses nothing of airtok's but the command, and openai-harmony's rules, restated here from its
Rust core (openai/harmony, src/tiktoken_ext/public_encodings.rs: Encoding::load,
resolve_cache_dir, resolve_cache_path, download_or_find_cached_file, load_tiktoken_vocab):

  HarmonyGptOss is o200k_harmony, whose ranks are o200k_base.tiktoken, downloaded from
      https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken
      with SHA-256 446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d;
  if TIKTOKEN_ENCODINGS_BASE is set: the file is <value>/o200k_base.tiktoken (a plain name; ""
      is the current directory), its SHA-256 is checked while it is parsed, and there is no
      download: missing or wrong means failure;
  else the cache directory is TIKTOKEN_RS_CACHE_DIR if set, else std::env::temp_dir() (TMPDIR
      if set, else /tmp) joined with "tiktoken-rs-cache"; the file is <dir>/<sha1 hex of URL>;
      a file with the wrong SHA-256 is deleted and downloaded (a failure offline);
  each line of the file is "<base64 token> <rank>"; the special tokens are 199998..=201088, so
      the ordinary ranks must be 0..199997.

Usage: harmony_reader.py AIRTOK
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

URL = "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"
SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
PLAIN = "o200k_base.tiktoken"
KEY = hashlib.sha1(URL.encode()).hexdigest()
ORDINARY_RANKS = 199998  # ranks 0..199997; 199998..=201088 are harmony's special tokens

# tiktoken's rule (tiktoken/load.py), for the `--for all` checks.
TIKTOKEN_FILES = [
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
    (URL, SHA256),
]

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


class HarmonyFailure(Exception):
    """What openai-harmony would end in, offline."""


def harmony_vocab_path(environ):
    """(path, downloads_when_missing) as openai-harmony's Encoding::load decides."""
    if "TIKTOKEN_ENCODINGS_BASE" in environ:
        return os.path.join(environ["TIKTOKEN_ENCODINGS_BASE"], PLAIN), False
    if "TIKTOKEN_RS_CACHE_DIR" in environ:
        cache_dir = environ["TIKTOKEN_RS_CACHE_DIR"]
    else:
        cache_dir = os.path.join(environ.get("TMPDIR", "/tmp"), "tiktoken-rs-cache")
    return os.path.join(cache_dir, KEY), True


def harmony_load(environ, cwd):
    """The ranks openai-harmony would load, or HarmonyFailure saying what it would do."""
    path, downloads = harmony_vocab_path(environ)
    path = os.path.join(cwd, path)
    if not os.path.isfile(path):
        raise HarmonyFailure(f"{path} is missing: "
                             + ("it would download (offline: error downloading or loading vocab "
                                "file)" if downloads else "invalid tiktoken vocab file"))
    with open(path, "rb") as f:
        data = f.read()
    if hashlib.sha256(data).hexdigest() != SHA256:
        raise HarmonyFailure(f"{path}: wrong SHA-256: "
                             + ("it would delete it and download" if downloads
                                else "hash mismatch, no download"))
    ranks = {}
    for number, line in enumerate(data.decode("utf-8").splitlines(), 1):
        token, sep, rank = line.rstrip().partition(" ")
        if not sep:
            raise HarmonyFailure(f"{path}: line {number} has no space")
        ranks[base64.b64decode(token, validate=True)] = int(rank)
    if sorted(ranks.values()) != list(range(ORDINARY_RANKS)):
        raise HarmonyFailure(f"{path}: the ranks are not 0..{ORDINARY_RANKS - 1}")
    return ranks


def loads(environ, cwd):
    try:
        harmony_load(environ, cwd)
        return True, ""
    except HarmonyFailure as e:
        return False, str(e)


def tiktoken_reads_all(cache_dir):
    """tiktoken's read_file_cached for every official file, with TIKTOKEN_CACHE_DIR=cache_dir."""
    for url, sha256 in TIKTOKEN_FILES:
        path = os.path.join(cache_dir, hashlib.sha1(url.encode()).hexdigest())
        if not os.path.isfile(path):
            return False, f"{path} missing"
        with open(path, "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != sha256:
                return False, f"{path} has the wrong SHA-256"
    return True, ""


def clean_environment(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR", "TIKTOKEN_OFFLINE",
                        "TIKTOKEN_ENCODINGS_BASE", "TIKTOKEN_RS_CACHE_DIR", "TMPDIR", "TEMP",
                        "TMP")}
    env.update(extra)
    return env


def airtok_run(airtok, args, env, cwd):
    return subprocess.run([airtok] + args, env=env, cwd=cwd, capture_output=True, text=True)


def check_install(airtok, work):
    """install --for harmony into each of harmony's directories; harmony finds the file."""
    cases = [
        ("explicit --dir", ["--dir", "explicit"], {}),
        ("TIKTOKEN_RS_CACHE_DIR", [], {"TIKTOKEN_RS_CACHE_DIR": "rs"}),
        ("TIKTOKEN_ENCODINGS_BASE", [], {"TIKTOKEN_ENCODINGS_BASE": "base"}),
        ("both set (ENCODINGS_BASE wins)", [],
         {"TIKTOKEN_ENCODINGS_BASE": "base2", "TIKTOKEN_RS_CACHE_DIR": "unused"}),
        ("default under TMPDIR", [], {"TMPDIR": os.path.join(work, "tmp")}),
    ]
    os.mkdir(os.path.join(work, "tmp"))
    for what, args, extra in cases:
        env = clean_environment(**extra)
        run = airtok_run(airtok, ["cache", "install", "--for", "harmony"] + args, env, work)
        check(run.returncode == 0, f"install --for harmony ({what}): {run.stderr}")
        check("openai-harmony reads" in run.stdout,
              f"install --for harmony ({what}) does not say who reads it: {run.stdout}")
        if args:
            for variable in ("TIKTOKEN_RS_CACHE_DIR", "TIKTOKEN_ENCODINGS_BASE"):
                ok, why = loads(clean_environment(**{variable: "explicit"}), work)
                check(ok, f"explicit --dir read as {variable}: {why}")
            names = sorted(os.listdir(os.path.join(work, "explicit")))
            check(names == sorted([KEY, PLAIN]), f"explicit --dir holds {names}")
        else:
            ok, why = loads(env, work)
            check(ok, f"install --for harmony ({what}): {why}")
            path, _ = harmony_vocab_path(env)
            names = os.listdir(os.path.join(work, os.path.dirname(path)))
            check(names == [os.path.basename(path)],
                  f"install --for harmony ({what}) wrote {names}, expected only "
                  f"{os.path.basename(path)}")
    check(not os.path.exists(os.path.join(work, "unused")),
          "install --for harmony wrote into TIKTOKEN_RS_CACHE_DIR although "
          "TIKTOKEN_ENCODINGS_BASE is set")
    # --for all: both consumers, each in its own directory.
    env = clean_environment(TIKTOKEN_CACHE_DIR="all-tk", TIKTOKEN_RS_CACHE_DIR="all-rs")
    run = airtok_run(airtok, ["cache", "install", "--for", "all"], env, work)
    check(run.returncode == 0, f"install --for all: {run.stderr}")
    ok, why = tiktoken_reads_all(os.path.join(work, "all-tk"))
    check(ok, f"install --for all, tiktoken: {why}")
    ok, why = loads(env, work)
    check(ok, f"install --for all, openai-harmony: {why}")
    # --for all refuses, before writing anything, encodings openai-harmony does not read.
    env = clean_environment(TIKTOKEN_CACHE_DIR="refused-tk", TIKTOKEN_RS_CACHE_DIR="refused-rs")
    run = airtok_run(airtok, ["cache", "install", "cl100k_base", "--for", "all"], env, work)
    check(run.returncode == 1 and "openai-harmony reads only o200k_base.tiktoken" in run.stderr,
          f"install cl100k_base --for all: {run.returncode} {run.stderr}")
    check(not os.path.exists(os.path.join(work, "refused-tk")),
          "install cl100k_base --for all wrote tiktoken's file before refusing")


def check_export(airtok, work):
    """export --for harmony|all: the folder works as TIKTOKEN_ENCODINGS_BASE and as a cache."""
    for consumers in ("harmony", "all"):
        bundle = f"bundle-{consumers}"
        run = airtok_run(airtok, ["cache", "export", bundle, "--for", consumers],
                         clean_environment(), work)
        check(run.returncode == 0, f"export --for {consumers}: {run.stderr}")
        check("TIKTOKEN_ENCODINGS_BASE" in run.stdout,
              f"export --for {consumers} does not say how openai-harmony reads it: {run.stdout}")
        for variable in ("TIKTOKEN_ENCODINGS_BASE", "TIKTOKEN_RS_CACHE_DIR"):
            ok, why = loads(clean_environment(**{variable: bundle}), work)
            check(ok, f"export --for {consumers} read as {variable}: {why}")
        folder = os.path.join(work, bundle)
        with open(os.path.join(folder, "manifest.json")) as f:
            manifest = json.load(f)
        entries = {e["url"]: e for e in manifest["files"]}
        check(entries.get(URL, {}).get("plain_name") == PLAIN,
              f"export --for {consumers}: the manifest does not list the plain name: {entries}")
        # SHA256SUMS covers both names, as `sha256sum -c` would check them.
        with open(os.path.join(folder, "SHA256SUMS")) as f:
            sums = [line.split() for line in f.read().splitlines()]
        names = sorted(name for _, name in sums)
        for digest, name in sums:
            with open(os.path.join(folder, name), "rb") as f:
                check(hashlib.sha256(f.read()).hexdigest() == digest,
                      f"export --for {consumers}: SHA256SUMS is wrong for {name}")
        expected = {KEY, PLAIN}
        if consumers == "all":
            expected |= {hashlib.sha1(u.encode()).hexdigest() for u, _ in TIKTOKEN_FILES}
            ok, why = tiktoken_reads_all(folder)
            check(ok, f"export --for all read by tiktoken: {why}")
        check(names == sorted(expected), f"export --for {consumers}: SHA256SUMS lists {names}")
    # A plain copy altered in transit is refused by import, and nothing is written.
    with open(os.path.join(work, "bundle-harmony", PLAIN), "r+b") as f:
        f.truncate(1000)
    run = airtok_run(airtok, ["cache", "import", "bundle-harmony", "--for", "harmony", "--dir",
                              "imported-bad"], clean_environment(), work)
    check(run.returncode == 1 and "plain name" in run.stderr
          and not os.path.exists(os.path.join(work, "imported-bad")),
          f"import of a bundle with a truncated plain copy: {run.returncode} {run.stderr}")
    run = airtok_run(airtok, ["cache", "import", "bundle-all", "--for", "harmony"],
                     clean_environment(TIKTOKEN_ENCODINGS_BASE="imported-base"), work)
    check(run.returncode == 0, f"import --for harmony: {run.stderr}")
    ok, why = loads(clean_environment(TIKTOKEN_ENCODINGS_BASE="imported-base"), work)
    check(ok, f"import --for harmony into TIKTOKEN_ENCODINGS_BASE: {why}")


def good_copy(work):
    with open(os.path.join(work, "explicit", PLAIN), "rb") as f:
        return f.read()


def check_damage(airtok, work):
    """verify --for harmony says "problem" exactly when openai-harmony would fail."""
    data = good_copy(work)
    # (what, variable, {name: content}, expected status in verify)
    cases = [
        ("truncated in the cache", "TIKTOKEN_RS_CACHE_DIR", {KEY: data[:100000]}, "corrupt"),
        ("one byte changed in the cache", "TIKTOKEN_RS_CACHE_DIR",
         {KEY: data[:-2] + b"9\n"}, "corrupt"),
        ("plain name in the cache", "TIKTOKEN_RS_CACHE_DIR", {PLAIN: data}, "misnamed"),
        ("SHA-1 name in ENCODINGS_BASE", "TIKTOKEN_ENCODINGS_BASE", {KEY: data}, "misnamed"),
        ("truncated in ENCODINGS_BASE", "TIKTOKEN_ENCODINGS_BASE", {PLAIN: data[:5]}, "corrupt"),
        ("empty ENCODINGS_BASE", "TIKTOKEN_ENCODINGS_BASE", {}, "missing"),
        ("empty cache", "TIKTOKEN_RS_CACHE_DIR", {}, "missing"),
        ("good in the cache", "TIKTOKEN_RS_CACHE_DIR", {KEY: data}, "ok"),
        ("good in ENCODINGS_BASE", "TIKTOKEN_ENCODINGS_BASE", {PLAIN: data}, "ok"),
        ("copied as tiktoken's cl100k name", "TIKTOKEN_RS_CACHE_DIR",
         {hashlib.sha1(TIKTOKEN_FILES[4][0].encode()).hexdigest(): data}, "misnamed"),
    ]
    for number, (what, variable, files, status) in enumerate(cases):
        folder = os.path.join(work, f"damaged-{number}")
        os.mkdir(folder)
        for name, content in files.items():
            with open(os.path.join(folder, name), "wb") as f:
                f.write(content)
        env = clean_environment(**{variable: folder})
        harmony_ok, why = loads(env, work)
        run = airtok_run(airtok, ["cache", "verify", "--for", "harmony", "--json"], env, work)
        report = json.loads(run.stdout) if run.stdout else {}
        statuses = [e["status"] for e in report.get("entries", []) if e.get("file")]
        check(report.get("consumer") == "openai-harmony" and report.get("dir") == folder,
              f"verify --for harmony ({what}) looked at {report.get('dir')}")
        check(statuses == [status], f"verify --for harmony ({what}): {statuses}, expected "
                                    f"[{status!r}]")
        check((run.returncode == 0) == harmony_ok,
              f"verify --for harmony ({what}) exits {run.returncode}, but openai-harmony "
              f"would {'work' if harmony_ok else 'fail: ' + why}")
        text = airtok_run(airtok, ["cache", "verify", "--for", "harmony"], env, work).stdout
        if not harmony_ok:
            check("airtok cache install o200k_harmony --for harmony" in text,
                  f"verify --for harmony ({what}) gives no fix: {text}")
    # An explicit directory with one good name is enough; a corrupt copy under either is not.
    for number, (files, expect_ok) in enumerate([({KEY: data}, True), ({PLAIN: data}, True),
                                                 ({KEY: data, PLAIN: data[:10]}, False)]):
        folder = os.path.join(work, f"explicit-{number}")
        os.mkdir(folder)
        for name, content in files.items():
            with open(os.path.join(folder, name), "wb") as f:
                f.write(content)
        run = airtok_run(airtok, ["cache", "verify", "--for", "harmony", "--dir", folder],
                         clean_environment(), work)
        check((run.returncode == 0) == expect_ok,
              f"verify --for harmony --dir with {sorted(files)}: exit {run.returncode}\n"
              f"{run.stdout}")


def python_harmony_dir(extra, work):
    env = clean_environment(**extra)
    path, _ = harmony_vocab_path(env)
    return os.path.normpath(os.path.join(work, os.path.dirname(path) or "."))


def check_directory_rules(airtok, work):
    cases = [
        {"TIKTOKEN_ENCODINGS_BASE": "/srv/encodings"},
        {"TIKTOKEN_ENCODINGS_BASE": ""},
        {"TIKTOKEN_ENCODINGS_BASE": "/a", "TIKTOKEN_RS_CACHE_DIR": "/b"},
        {"TIKTOKEN_RS_CACHE_DIR": "relative/rs/"},
        {"TIKTOKEN_RS_CACHE_DIR": ""},
        {"TMPDIR": "/var/tmp/x"},
        {"TMPDIR": ""},
        {"TIKTOKEN_CACHE_DIR": "/tiktoken/only"},
        {},
    ]
    for extra in cases:
        env = clean_environment(**extra)
        run = airtok_run(airtok, ["cache", "dir", "--json", "--for", "harmony"], env, work)
        got = json.loads(run.stdout)["path"] if run.returncode == 0 else run.stderr
        got = os.path.normpath(os.path.join(work, got))
        expected = python_harmony_dir(extra, work)
        check(got == expected, f"cache dir --for harmony with {extra}: airtok {got!r}, "
                               f"openai-harmony {expected!r}")
    run = airtok_run(airtok, ["cache", "dir", "--json", "--for", "all"],
                     clean_environment(TIKTOKEN_CACHE_DIR="/t", TIKTOKEN_RS_CACHE_DIR="/r"), work)
    both = json.loads(run.stdout) if run.returncode == 0 else []
    check([d.get("consumer") for d in both] == ["tiktoken", "openai-harmony"]
          and [d.get("path") for d in both] == ["/t", "/r"],
          f"cache dir --for all: {run.stdout} {run.stderr}")


def main():
    airtok = sys.argv[1]
    work = tempfile.mkdtemp(prefix="airtok-harmony-reader-")
    try:
        check_install(airtok, work)
        check_export(airtok, work)
        check_damage(airtok, work)
        check_directory_rules(airtok, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
