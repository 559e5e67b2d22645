"""Shared fixtures of airtok's Python tests.

The tests import the package under test from PYTHONPATH (CTest points it at
<build>/python, where the build assembles the package as pip installs it). A skipped test is a
failure here: every check runs, or the run fails.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import airtok

REPO = Path(__file__).resolve().parents[2]
GOLDEN_DIR = Path(os.environ.get("AIRTOK_GOLDEN_DIR", REPO / "tests" / "golden"))
ENCODING_NAMES = [
    "gpt2",
    "r50k_base",
    "p50k_base",
    "p50k_edit",
    "cl100k_base",
    "o200k_base",
    "o200k_harmony",
]

# Deterministic property tests: the same examples on every run, no example database, no
# deadlines (nothing here is timed).
settings.register_profile(
    "airtok",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("airtok")


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"airtok {airtok.__version__} from {Path(airtok.__file__).parent}"]


def pytest_configure(config: pytest.Config) -> None:
    # Never test the source tree's airtok/ (it has no extension module) by accident.
    expected = os.environ.get("AIRTOK_EXPECT_PACKAGE_DIR")
    if expected and Path(airtok.__file__).parent.resolve() != Path(expected).resolve():
        raise pytest.UsageError(
            f"testing airtok from {Path(airtok.__file__).parent}, expected {expected}"
        )


_SKIPPED: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _SKIPPED.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _SKIPPED and exitstatus == 0:
        session.exitstatus = 1
        print(f"\nFAILED: {len(_SKIPPED)} test(s) skipped; no check may be skipped: {_SKIPPED}")


def load_golden(name: str) -> list[dict[str, Any]]:
    """The committed golden cases of an encoding (format: tools/oracle/README.md)."""
    with open(GOLDEN_DIR / f"{name}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def golden_tokens(name: str, text: str) -> list[int]:
    """The reference's encode_ordinary ids of `text`, from the golden file (never typed here)."""
    for case in load_golden(name):
        if case["op"] == "encode_ordinary" and case["text"] == text:
            return list(case["tokens"])
    raise LookupError(f"no golden encode_ordinary case for {text!r} in {name}")


@pytest.fixture(scope="session", params=ENCODING_NAMES)
def enc(request: pytest.FixtureRequest) -> airtok.Encoding:
    return airtok.get_encoding(request.param)
