#!/usr/bin/env python3
"""`airtok doctor` on prepared machine states, each with its expected diagnosis and exit status,
in text and in --json.

A "machine state" is a set of temporary directories, environment variables and a PYTHONPATH.
Neither Python tiktoken nor openai-harmony can be installed here (no package index), so the
"installed" states put STAND-IN packages named tiktoken and openai_harmony on PYTHONPATH: empty
packages that exist only so that importlib.util.find_spec finds them, which is all doctor asks
(it never imports them). The directories they would read are checked by doctor's own rules and,
independently, by harmony_reader.py and independent_reader.py.

When AIRTOK_PYTHON_DIR (the build's python/ folder, holding the built airtok package) is given,
one more state checks that doctor notes airtok's own drop-in there.

Usage: doctor_states.py AIRTOK [PYTHON [AIRTOK_PYTHON_DIR]]
Prints one line per failure and "N passed, M failed" last; exits non-zero on any failure.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

O200K_URL = "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken"
CL100K_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
O200K_KEY = hashlib.sha1(O200K_URL.encode()).hexdigest()
CL100K_KEY = hashlib.sha1(CL100K_URL.encode()).hexdigest()

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}")


def stand_ins(work, *modules):
    """A PYTHONPATH directory holding empty stand-in packages (detection only)."""
    folder = tempfile.mkdtemp(prefix="stand-ins-", dir=work)
    for module in modules:
        os.mkdir(os.path.join(folder, module))
        with open(os.path.join(folder, module, "__init__.py"), "w") as f:
            f.write("# STAND-IN for airtok's doctor test: only found, never imported.\n"
                    "raise ImportError('stand-in package for airtok doctor tests')\n")
    return folder


def environment(work, pythonpath, **extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR", "TIKTOKEN_OFFLINE",
                        "TIKTOKEN_ENCODINGS_BASE", "TIKTOKEN_RS_CACHE_DIR", "TEMP", "TMP",
                        "PYTHONPATH", "PYTHONHOME")}
    env["TMPDIR"] = os.path.join(work, "tmp")  # the defaults land inside the test's directory
    env["PYTHONPATH"] = pythonpath
    env.update(extra)
    return env


def doctor(airtok, python, env, *args):
    text = subprocess.run([airtok, "doctor", "--python", python] + list(args), env=env,
                          capture_output=True, text=True)
    data = subprocess.run([airtok, "doctor", "--python", python, "--json"] + list(args), env=env,
                          capture_output=True, text=True)
    try:
        report = json.loads(data.stdout)
    except json.JSONDecodeError:
        report = {}
    check(text.returncode == data.returncode,
          f"doctor {args}: text exits {text.returncode}, --json {data.returncode}")
    return text, data.returncode, report


def consumer(report, name):
    for c in report.get("consumers", []):
        if c.get("consumer") == name:
            return c
    return {}


def statuses(entry):
    return [e["status"] for e in entry.get("verify", {}).get("entries", []) if e.get("file")]


def expect(state, run, status, report, phrases, json_checks):
    check(run.returncode == status, f"{state}: exit status {run.returncode}, expected {status}\n"
                                    f"{run.stdout}{run.stderr}")
    for phrase in phrases:
        check(phrase in run.stdout, f"{state}: the text lacks {phrase!r}:\n{run.stdout}")
    for what, ok in json_checks:
        check(ok(report), f"{state}: --json: {what}\n{json.dumps(report)[:2000]}")


def install(airtok, env, *args):
    run = subprocess.run([airtok, "cache", "install"] + list(args), env=env, capture_output=True,
                         text=True)
    check(run.returncode == 0, f"cache install {args}: {run.stderr}")


def main():
    airtok = sys.argv[1]
    python = sys.argv[2] if len(sys.argv) > 2 else "/usr/bin/python3"
    airtok_python = sys.argv[3] if len(sys.argv) > 3 else None
    work = tempfile.mkdtemp(prefix="airtok-doctor-")
    os.mkdir(os.path.join(work, "tmp"))
    try:
        run_states(airtok, python, work)
        if airtok_python is not None:
            check_dropin(airtok, python, work, airtok_python)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


def run_states(airtok, python, work):
    nothing = stand_ins(work)
    both = stand_ins(work, "tiktoken", "openai_harmony")
    harmony_only = stand_ins(work, "openai_harmony")

    # 1. Nothing installed, nothing asked: nothing would fail.
    env = environment(work, nothing)
    run, status, report = doctor(airtok, python, env)
    expect("nothing installed", run, 0, report,
           ["neither tiktoken nor openai-harmony is installed", "airtok doctor --for all"],
           [("nothing checked", lambda r: r.get("checked") == 0 and r.get("ok") is True),
            ("tiktoken not installed", lambda r: consumer(r, "tiktoken").get("installed") is False)])

    # 2. Nothing installed, --for all (preparing an image): every file is missing.
    run, status, report = doctor(airtok, python, env, "--for", "all")
    expect("nothing installed, --for all", run, 1, report,
           ["checked because of --for", "tiktoken would try to download",
            "Max retries exceeded", "openai-harmony would try to download",
            "error downloading or loading vocab file", "fix: airtok cache install\n",
            "fix: airtok cache install o200k_harmony --for harmony",
            "would fail offline (exit status 1)"],
           [("six missing for tiktoken", lambda r: statuses(consumer(r, "tiktoken")) ==
             ["missing"] * 6),
            ("one missing for harmony", lambda r: statuses(consumer(r, "openai-harmony")) ==
             ["missing"]),
            ("harmony reads TMPDIR/tiktoken-rs-cache", lambda r: consumer(r, "openai-harmony")
             ["directory"]["path"] == os.path.join(work, "tmp", "tiktoken-rs-cache")),
            ("TMPDIR applies to both", lambda r: all(
                v["effect"].startswith("read by") for c in r["consumers"]
                for v in c["environment"] if v["name"] == "TMPDIR"))])

    # 3. All good: `cache install --for all` in the same environment, both stand-ins present.
    env = environment(work, both, TIKTOKEN_CACHE_DIR=os.path.join(work, "tk"),
                      TIKTOKEN_RS_CACHE_DIR=os.path.join(work, "rs"))
    install(airtok, env, "--for", "all")
    run, status, report = doctor(airtok, python, env)
    expect("all good", run, 0, report,
           ["tiktoken (Python module tiktoken): installed at",
            "openai-harmony (Python module openai_harmony): installed at",
            "verdict: tiktoken works offline; openai-harmony works offline"],
           [("both installed and ok", lambda r: all(
               c["installed"] and c["ok"] for c in r["consumers"]) and r["ok"] is True),
            ("RS_CACHE_DIR applies", lambda r: any(
                v["name"] == "TIKTOKEN_RS_CACHE_DIR" and v["effect"].startswith("applies")
                for v in consumer(r, "openai-harmony")["environment"]))])

    # 4. Wrong name: tiktoken's file under its download name, harmony's under its plain name in
    #    the cache (where harmony only reads the SHA-1 name).
    tk, rs = os.path.join(work, "wrong-name-tk"), os.path.join(work, "wrong-name-rs")
    env = environment(work, both, TIKTOKEN_CACHE_DIR=tk, TIKTOKEN_RS_CACHE_DIR=rs)
    install(airtok, env, "--for", "all")
    os.rename(os.path.join(tk, CL100K_KEY), os.path.join(tk, "cl100k_base.tiktoken"))
    os.rename(os.path.join(rs, O200K_KEY), os.path.join(rs, "o200k_base.tiktoken"))
    run, status, report = doctor(airtok, python, env)
    expect("wrong name", run, 1, report,
           ["misnamed: cl100k_base.tiktoken as cl100k_base.tiktoken",
            "tiktoken looks for " + CL100K_KEY,
            "fix: airtok cache add " + os.path.join(tk, "cl100k_base.tiktoken"),
            "misnamed: o200k_base.tiktoken as o200k_base.tiktoken",
            "openai-harmony looks for " + O200K_KEY],
           [("tiktoken misnamed", lambda r: "misnamed" in statuses(consumer(r, "tiktoken"))),
            ("harmony misnamed", lambda r: statuses(consumer(r, "openai-harmony")) ==
             ["misnamed"])])

    # 5. Wrong directory: the file is in tiktoken's cache, openai-harmony reads its own.
    tk = os.path.join(work, "wrong-dir-tk")
    env = environment(work, harmony_only, TIKTOKEN_CACHE_DIR=tk)
    install(airtok, env)
    run, status, report = doctor(airtok, python, env)
    expect("wrong directory", run, 1, report,
           ["o200k_base.tiktoken is in " + tk + " as " + O200K_KEY,
            "reads: " + os.path.join(work, "tmp", "tiktoken-rs-cache"),
            "fix: airtok cache install o200k_harmony --for harmony"],
           [("tiktoken not checked (not installed)", lambda r: consumer(r, "tiktoken")
             ["checked"] is False),
            ("note in elsewhere", lambda r: any(tk in n for n in consumer(
                r, "openai-harmony")["elsewhere"]))])
    # ... and TIKTOKEN_ENCODINGS_BASE naming a directory that does not exist.
    env = environment(work, harmony_only, TIKTOKEN_ENCODINGS_BASE=os.path.join(work, "typo"),
                      TIKTOKEN_RS_CACHE_DIR=os.path.join(work, "rs"))
    run, status, report = doctor(airtok, python, env)
    expect("TIKTOKEN_ENCODINGS_BASE wrong", run, 1, report,
           [os.path.join(work, "typo") + " (does not exist)", "never downloads",
            "ignored: TIKTOKEN_ENCODINGS_BASE is set and wins",
            "o200k_base.tiktoken is in " + os.path.join(work, "rs")],
           [("missing", lambda r: statuses(consumer(r, "openai-harmony")) == ["missing"]),
            ("rule", lambda r: consumer(r, "openai-harmony")["directory"]["rule"] ==
             "TIKTOKEN_ENCODINGS_BASE")])

    # ... and TIKTOKEN_ENCODINGS_BASE naming the file instead of its directory.
    base = os.path.join(work, "base-of-file")
    env = environment(work, harmony_only, TIKTOKEN_ENCODINGS_BASE=base)
    install(airtok, env, "--for", "harmony")
    env["TIKTOKEN_ENCODINGS_BASE"] = os.path.join(base, "o200k_base.tiktoken")
    run, status, report = doctor(airtok, python, env)
    expect("TIKTOKEN_ENCODINGS_BASE names the file", run, 1, report,
           ["(a file, not a directory",
            "fix: export TIKTOKEN_ENCODINGS_BASE=" + base + "   (the directory, not the file)"],
           [("fix", lambda r: consumer(r, "openai-harmony")["fix"] ==
             ["export TIKTOKEN_ENCODINGS_BASE=" + base + "   (the directory, not the file)"])])

    # ... and a TMPDIR under which openai-harmony cannot create its default directory.
    not_a_dir = os.path.join(work, "a-file")
    with open(not_a_dir, "w") as f:
        f.write("not a directory\n")
    env = environment(work, harmony_only, TMPDIR=not_a_dir)
    run, status, report = doctor(airtok, python, env)
    expect("TMPDIR is a file", run, 1, report,
           ["reads: " + os.path.join(not_a_dir, "tiktoken-rs-cache"),
            "openai-harmony cannot even create", "creating cache dir"],
           [("rule", lambda r: consumer(r, "openai-harmony")["directory"]["rule"] == "default")])

    # 6. Corrupt files: truncated in harmony's cache, altered in TIKTOKEN_ENCODINGS_BASE.
    rs = os.path.join(work, "corrupt-rs")
    env = environment(work, harmony_only, TIKTOKEN_RS_CACHE_DIR=rs)
    install(airtok, env, "--for", "harmony")
    with open(os.path.join(rs, O200K_KEY), "r+b") as f:
        f.truncate(4096)
    run, status, report = doctor(airtok, python, env)
    expect("corrupt in the cache", run, 1, report,
           ["corrupt: o200k_base.tiktoken as " + O200K_KEY, "truncated",
            "openai-harmony would delete it and try to download it"],
           [("corrupt", lambda r: statuses(consumer(r, "openai-harmony")) == ["corrupt"])])
    base = os.path.join(work, "corrupt-base")
    env = environment(work, harmony_only, TIKTOKEN_ENCODINGS_BASE=base)
    install(airtok, env, "--for", "harmony")
    with open(os.path.join(base, "o200k_base.tiktoken"), "r+b") as f:
        f.seek(100)
        f.write(b"X")
    run, status, report = doctor(airtok, python, env)
    expect("corrupt in ENCODINGS_BASE", run, 1, report,
           ["corrupt: o200k_base.tiktoken as o200k_base.tiktoken", "hash mismatch"],
           [("corrupt", lambda r: statuses(consumer(r, "openai-harmony")) == ["corrupt"])])

    # 7. tiktoken's cache disabled by an empty variable.
    env = environment(work, both, TIKTOKEN_CACHE_DIR="", TIKTOKEN_RS_CACHE_DIR=rs)
    run, status, report = doctor(airtok, python, env, "--for", "tiktoken")
    expect("tiktoken cache disabled", run, 1, report,
           ["disables the cache", "fix: unset TIKTOKEN_CACHE_DIR && airtok cache install"],
           [("directory disabled", lambda r: consumer(r, "tiktoken")["directory"]["disabled"])])

    # 8. A Python that cannot be run, given explicitly: an error, status 1.
    env = environment(work, nothing)
    missing = os.path.join(work, "no-such-python")
    run = subprocess.run([airtok, "doctor", "--python", missing], env=env, capture_output=True,
                         text=True)
    check(run.returncode == 1 and "cannot be run" in run.stdout,
          f"--python {missing}: {run.returncode} {run.stdout}")


def check_dropin(airtok, python, work, airtok_python):
    """The real airtok package on PYTHONPATH: doctor notes install_as_tiktoken."""
    check(os.path.isfile(os.path.join(airtok_python, "airtok", "__init__.py")),
          f"{airtok_python} holds no built airtok package")
    env = environment(work, airtok_python)
    run, status, report = doctor(airtok, python, env)
    expect("airtok's drop-in present", run, 0, report,
           ["airtok's drop-ins in this Python: airtok.install_as_tiktoken()",
            "needs no file and no network at all"],
           [("install_as_tiktoken", lambda r: r["airtok"]["installed"] is True
             and r["airtok"]["install_as_tiktoken"] is True)])


if __name__ == "__main__":
    sys.exit(main())
