"""The blocking client's calls are generated from the asyncio client's: the generated file must be current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "unasync.py"


def test_the_blocking_clients_calls_are_generated_from_the_asyncio_clients() -> None:
    checked = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
