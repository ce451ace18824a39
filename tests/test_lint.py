"""The code stays clean: ruff (with Django's rules) and mypy (django-stubs) report nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SECRET_KEY": "lint-only"}
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env,
                          check=False, timeout=600)


def test_ruff_finds_nothing():
    result = run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    result = run(str(BIN / "mypy"), "samskap", "config")
    assert result.returncode == 0, result.stdout + result.stderr
