"""Packaging, offline: ``pip install --no-build-isolation <path>`` and ``pip wheel`` build the
package from a copy of the source tree with nothing but what Debian installed (no index is ever
asked: --no-index), the wheel holds what it must, and it installs on its own into a fresh
environment where the installed package passes the compatibility tests.

Builds the C++ library once (about a minute and a half on two cores); the wheel reuses that
build tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging

REPO = Path(__file__).resolve().parents[2]
VERSION = "0.1.0"
PACKAGE_FILES = {"__init__.py", "_compat.py", "core.py", "load.py", "model.py", "registry.py",
                 "harmony.py", "_harmony_base.py", "py.typed", "_airtok.pyi"}


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "PIP_", "AIRTOK_")) and k != "VIRTUAL_ENV"}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_CACHE_DIR="1", PIP_NO_INPUT="1",
               PYTHONDONTWRITEBYTECODE="1", CMAKE_BUILD_PARALLEL_LEVEL="2", **extra)
    return env


def run(args: list[str | Path], cwd: Path, **extra: str) -> str:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=clean_env(**extra),
                            capture_output=True, text=True)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result.stdout


def venv(path: Path) -> Path:
    # --system-site-packages: setuptools, numpy, pytest... come from Debian's packages.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(path)], check=True)
    return path / "bin" / "python"


def site_packages(python: Path) -> Path:
    out = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         capture_output=True, text=True, check=True, env=clean_env())
    return Path(out.stdout.strip())


def copy_source(dest: Path) -> None:
    """Copies the source tree as a user's checkout has it. In a git checkout that is the files
    git tracks (a new file is copied once it is added): other tests running at the same time
    write and delete files in the tree, and copying the whole directory failed when one of
    them vanished mid-copy."""
    if (REPO / ".git").exists():
        listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True,
                                check=True).stdout.decode().split("\0")
        for name in filter(None, listed):
            if not (REPO / name).exists():  # deleted in the working tree, not yet committed
                continue
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target)
        return
    shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(
        "build*", "node_modules", "__pycache__", "*.egg-info", ".pytest_cache", ".hypothesis"))


def test_pip_install_and_wheel_offline(tmp_path: Path) -> None:
    source = tmp_path / "airtok-src"
    copy_source(source)
    python = venv(tmp_path / "venv-install")

    # 1. pip install straight from the source tree.
    run([python, "-m", "pip", "install", "--no-build-isolation", "--no-index", source / "python"],
        cwd=tmp_path)
    installed = site_packages(python) / "airtok"
    assert PACKAGE_FILES <= {p.name for p in installed.iterdir()}
    assert any(p.name.startswith("_airtok.") and p.suffix == ".so" for p in installed.iterdir())
    tests = source / "python" / "tests"
    out = run([python, "-m", "pytest", "-q", "-c", source / "python" / "pyproject.toml",
               tests / "test_compat.py", tests / "test_golden.py", tests / "test_pickle.py"],
              cwd=tmp_path, AIRTOK_EXPECT_PACKAGE_DIR=str(installed),
              AIRTOK_GOLDEN_DIR=str(source / "tests" / "golden"))
    assert " passed" in out and "failed" not in out

    # 2. pip wheel: a wheel to carry to an air-gapped machine.
    wheels = tmp_path / "wheels"
    run([python, "-m", "pip", "wheel", "--no-build-isolation", "--no-index", "--no-deps",
         "-w", wheels, source / "python"], cwd=tmp_path)
    [wheel] = wheels.glob("airtok-*.whl")
    assert wheel.name.startswith(f"airtok-{VERSION}-cp{sys.version_info.major}{sys.version_info.minor}-")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        metadata = z.read(f"airtok-{VERSION}.dist-info/METADATA").decode()
    assert {f"airtok/{f}" for f in PACKAGE_FILES} <= names
    extension = [n for n in names if n.startswith("airtok/_airtok.") and n.endswith(".so")]
    assert len(extension) == 1
    assert not [n for n in names if n.endswith((".cpp", ".hpp", ".jsonl", ".tiktoken"))]
    assert "Name: airtok" in metadata and f"Version: {VERSION}" in metadata

    # 3. The wheel alone, in a fresh environment; the module needs only the C/C++ runtimes.
    python2 = venv(tmp_path / "venv-wheel")
    run([python2, "-m", "pip", "install", "--no-index", "--no-deps", wheel], cwd=tmp_path)
    installed2 = site_packages(python2) / "airtok"
    [module] = installed2.glob("_airtok.*.so")
    needed = run(["readelf", "-d", module], cwd=tmp_path)
    libraries = sorted(line.split("[")[1].split("]")[0] for line in needed.splitlines()
                       if "(NEEDED)" in line)
    glibc_and_cxx_runtime = {"libc.so.6", "libm.so.6", "ld-linux-x86-64.so.2", "libstdc++.so.6",
                             "libgcc_s.so.1"}
    assert set(libraries) <= glibc_and_cxx_runtime, libraries
    smoke = (
        "import airtok, pickle; airtok.install_as_tiktoken(); import tiktoken; "
        "enc = tiktoken.encoding_for_model('gpt-4o'); "
        "assert enc.decode(enc.encode('hello world')) == 'hello world'; "
        "assert pickle.loads(pickle.dumps(enc)) is enc; "
        "print(airtok.__file__)"
    )
    assert run([python2, "-c", smoke], cwd=tmp_path).strip() == str(installed2 / "__init__.py")
