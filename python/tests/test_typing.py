"""Type information: the stubs of the extension module match it (mypy's stubtest), and typical
code type-checks with ``mypy --strict`` against the installed package (py.typed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import airtok
import airtok.load  # submodules, as in tiktoken: not imported by the package itself
import airtok.registry

HERE = Path(__file__).resolve().parent


def run_mypy(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MYPY_CACHE_DIR": str(tmp_path / "mypy-cache")}
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True,
                          env=env, cwd=tmp_path)


def test_package_is_typed() -> None:
    package = Path(airtok.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_airtok.pyi").is_file()


def test_stubs_match_the_extension(tmp_path: Path) -> None:
    result = run_mypy(["mypy.stubtest", "airtok", "--allowlist",
                       str(HERE / "stubtest_allowlist.txt")], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_user_code_type_checks_strictly(tmp_path: Path) -> None:
    result = run_mypy(["mypy", "--strict", "--no-error-summary", str(HERE / "typed_usage.py")],
                      tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_docstrings_are_there() -> None:
    for name in ["encode", "encode_ordinary", "encode_to_numpy", "encode_batch",
                 "encode_ordinary_batch", "encode_with_unstable", "decode", "decode_bytes",
                 "decode_with_offsets", "decode_batch", "token_byte_values"]:
        doc = getattr(airtok.Encoding, name).__doc__
        assert doc and len(doc) > 60, name
    assert airtok.Encoding.__init__.__doc__ and "tiktoken" in airtok.Encoding.__init__.__doc__
    assert airtok.__doc__ and airtok.load.__doc__ and airtok.registry.__doc__
