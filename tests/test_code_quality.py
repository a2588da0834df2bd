"""The house habits, enforced: ruff (pyproject.toml's rules and line length) and mypy (strict on plugins/)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sitebuild import PROJECT


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=PROJECT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing():
    result = run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_finds_nothing():
    # No cache written into the project: tests write nothing outside their temporary folders.
    result = run("mypy", "--cache-dir", "/dev/null", "plugins", "tasks.py", "pelican-podcast/pelican/plugins/podcast")
    assert result.returncode == 0, result.stdout + result.stderr
