#!/usr/bin/env python3
"""Checks that the README's examples are true.

A fenced block right after a line `<!-- readme-test: KIND -->` is checked:
  cpp, cpp-speed, c  compiled against the built library (warnings are errors) and run; its output
                  must equal the block marked `<kind>-output`;
  console         each `$ ` line is run with bash (the built `airtok` first on PATH); the lines
                  up to the next `$ ` must be its exact output.
  console-offline as console, for the "Offline use" section (there may be several such blocks):
                  each block runs in a new empty directory, with TIKTOKEN_CACHE_DIR,
                  DATA_GYM_CACHE_DIR, TIKTOKEN_OFFLINE, TIKTOKEN_ENCODINGS_BASE and
                  TIKTOKEN_RS_CACHE_DIR unset and TMPDIR set to that directory,
                  so that nothing outside it is read or written.
Usage: check_readme.py README CXX CC INCLUDE_DIR SHARED_LIB CLI_DIR WORK_DIR [FLAG...]
(FLAGs, e.g. sanitizer options, are passed to the compiler.)
Prints "N passed, M failed" last; exits non-zero on any failure or if nothing was checked.
"""
import os
import re
import subprocess
import sys
import tempfile


def blocks(readme):
    found = {}
    for m in re.finditer(r"<!-- readme-test: ([\w-]+) -->\n```[^\n]*\n(.*?)```", readme, re.S):
        found[m.group(1)] = m.group(2)
    return found


def main():
    readme_path, cxx, cc, include, lib, cli_dir, work = sys.argv[1:8]
    extra_flags = sys.argv[8:]
    os.makedirs(work, exist_ok=True)
    readme = open(readme_path, encoding="utf-8").read()
    found = blocks(readme)
    passed = failed = 0

    def report(ok, what, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {what}\n{detail}")

    lib_dir = os.path.dirname(lib)
    examples = (("cpp", cxx, ["-std=c++20"]), ("cpp-speed", cxx, ["-std=c++20"]),
                ("c", cc, ["-std=c99"]))
    for kind, compiler, flags in examples:
        if kind not in found:
            report(False, f"README has no '{kind}' example")
            continue
        src = os.path.join(work, f"example_{kind}.{'c' if kind == 'c' else 'cpp'}")
        exe = os.path.join(work, f"example_{kind}")
        with open(src, "w", encoding="utf-8") as f:
            f.write(found[kind])
        build = subprocess.run([compiler, *flags, *extra_flags, "-Wall", "-Wextra", "-Werror", "-I", include,
                                src, "-o", exe, lib, f"-Wl,-rpath,{lib_dir}"],
                               capture_output=True, text=True)
        if build.returncode != 0:
            report(False, f"{kind} example does not compile", build.stderr)
            continue
        run = subprocess.run([exe], capture_output=True, text=True)
        expected = found.get(f"{kind}-output")
        report(run.returncode == 0 and run.stdout == expected, f"{kind} example output",
               f"got:\n{run.stdout}{run.stderr}\nexpected:\n{expected}")

    env = dict(os.environ, PATH=cli_dir + os.pathsep + os.environ.get("PATH", ""))

    def run_console(block, kind, cwd, environment):
        for m in re.finditer(r"^\$ (.*)\n((?:(?!\$ ).*\n)*)", block, re.M):
            run = subprocess.run(["bash", "-c", m.group(1)], capture_output=True, text=True,
                                 env=environment, cwd=cwd)
            report(run.stdout == m.group(2), f"{kind}: $ {m.group(1)}",
                   f"got:\n{run.stdout}{run.stderr}expected:\n{m.group(2)}")

    run_console(found.get("console", ""), "console",
                os.path.dirname(os.path.abspath(readme_path)), env)
    offline = re.findall(r"<!-- readme-test: console-offline -->\n```[^\n]*\n(.*?)```", readme,
                         re.S)
    for block in offline:
        with tempfile.TemporaryDirectory(prefix="readme-offline-", dir=work) as cwd:
            clean = {k: v for k, v in env.items()
                     if k not in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR", "TIKTOKEN_OFFLINE",
                                  "TIKTOKEN_ENCODINGS_BASE", "TIKTOKEN_RS_CACHE_DIR")}
            run_console(block, "console-offline", cwd, dict(clean, TMPDIR=cwd))
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
