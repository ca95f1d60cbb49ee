"""examples/python/demo.py runs to the end (what `make demo` does, in Python)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(os.environ.get("CLIQUET_REPO", Path(__file__).resolve().parents[3]))


def test_demo_runs_to_the_end() -> None:
    demo = REPO / "examples" / "python" / "demo.py"
    run = subprocess.run([sys.executable, str(demo)], capture_output=True, text=True,
                         timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert "OK: 12 of 12 room messages decrypted" in run.stdout
    assert "18 native pickles" in run.stdout
    assert "alice-phone -> bob-laptop  Olm normal message" in run.stdout
