"""Fixture ladder: repository → a knowledge-base root in a temp folder → validation result."""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
KB_SMALL = REPO / "tests" / "kb_small"
FIXTURES = REPO / "tests" / "fixtures" / "issues"


def make_root(tmp: Path, content: Path | None = KB_SMALL / "content") -> Path:
    """A knowledge-base root: a copy of ``content`` and the repository's site_config."""
    root = tmp / "kb"
    root.mkdir()
    if content is not None:
        shutil.copytree(content, root / "content")
    else:
        (root / "content").mkdir()
    (root / "site_config").symlink_to(REPO / "site_config")
    return root


@pytest.fixture
def kb_root(tmp_path) -> Path:
    return make_root(tmp_path)


def run_cli(*args: str) -> tuple[int, str, str]:
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless (scripts/setup.sh installs it; a missing browser fails, not skips)."""
    from browser import chromium

    with chromium() as b:
        yield b
