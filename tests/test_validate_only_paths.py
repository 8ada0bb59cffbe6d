"""`validate --only` / `--changed` as pre-commit and contributors call them, from outside the
knowledge base (issue #13, tester's findings): repo-relative paths given with --root, the summary
line on every path, and reports limited to the change even when the cache cannot answer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import KB_SMALL, TEST_CONFIG, run_cli


def kb(tmp: Path, git: bool = False) -> Path:
    root = tmp / "kb"
    shutil.copytree(KB_SMALL / "content", root / "content")
    shutil.copytree(TEST_CONFIG, root / "site_config")
    return root


def a_project(root: Path) -> str:
    return next((root / "content" / "projects").rglob("*.md")).relative_to(root).as_posix()


def test_repo_relative_path_resolves_against_root(tmp_path, monkeypatch):
    root = kb(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    rel = a_project(root)
    code, out, err = run_cli("--root", str(root), "validate", "--format", "json", "--only", rel)
    assert code in (0, 1), err
    full = json.loads(run_cli("--root", str(root), "validate", "--format", "json")[1])
    mine = [i for i in full["issues"] if i["path"] == rel]
    assert json.loads(out)["issues"] == mine


def test_path_missing_everywhere_is_still_exit_2(tmp_path, monkeypatch):
    root = kb(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("--root", str(root), "validate", "--only", "content/projects/2099/KT-2099-999.md")
    assert code == 2 and "文件不存在" in err
