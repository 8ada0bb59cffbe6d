"""Fixture ladder: repository → a knowledge-base root in a temp folder → validation result.

No test reads the repository's content/: a union replaces it with its own records and must still
get a green suite. Tests that pin the sample's figures use ``sample_root``, the sample regenerated
by scripts/sample/make_sample.py; every test knowledge base uses tests/site_config/ (the
repository's site_config with a fixed base.yml, since each union edits its own).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
KB_SMALL = REPO / "tests" / "kb_small"
FIXTURES = REPO / "tests" / "fixtures" / "issues"
TEST_CONFIG = REPO / "tests" / "site_config"


def make_root(tmp: Path, content: Path | None = KB_SMALL / "content") -> Path:
    """A knowledge-base root: a copy of ``content`` and the tests' site_config."""
    root = tmp / "kb"
    root.mkdir()
    if content is not None:
        shutil.copytree(content, root / "content")
    else:
        (root / "content").mkdir()
    (root / "site_config").symlink_to(TEST_CONFIG)
    return root


@pytest.fixture(scope="session")
def sample_root(tmp_path_factory) -> Path:
    """The bundled sample knowledge base, regenerated (fixed seed), whatever content/ now holds."""
    root = tmp_path_factory.mktemp("sample") / "kb"
    subprocess.run([sys.executable, str(REPO / "scripts" / "sample" / "make_sample.py"),
                    "--out", str(root / "content")], check=True, capture_output=True)
    (root / "site_config").symlink_to(TEST_CONFIG)
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
