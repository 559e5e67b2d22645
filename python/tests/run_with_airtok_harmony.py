"""Runs openai_harmony_program.py unchanged on airtok: refuses any network connection, checks
that openai_harmony itself is not importable here (so it is airtok that answers), calls
airtok.install_as_openai_harmony(), then runs the program."""

import runpy
import socket
import sys
from pathlib import Path


def no_network(*args, **kwargs):
    raise OSError("network access attempted")


socket.socket.connect = no_network  # type: ignore[method-assign]
socket.create_connection = no_network  # type: ignore[assignment]

try:
    import openai_harmony  # noqa: F401
except ImportError:
    pass
else:
    sys.exit("openai_harmony is installed here; this check needs it absent")

import airtok  # noqa: E402

airtok.install_as_openai_harmony()
airtok.install_as_openai_harmony()  # idempotent

import openai_harmony  # noqa: E402

assert openai_harmony is airtok.harmony
runpy.run_path(str(Path(__file__).with_name("openai_harmony_program.py")), run_name="__main__")
