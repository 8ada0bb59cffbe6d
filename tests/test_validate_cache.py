"""The report cache of `validate` (pre-commit's `--only`): a replay only when nothing changed.

Each test validates once (which writes build/validate-cache.pickle), changes an input the way a
user does, and checks that the next run reports exactly what a run without any cache reports.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

from conftest import REPO, run_cli
from generator.validation import cache


@pytest.fixture
def repo(kb_root):
    (kb_root / ".git").mkdir()  # the cache is used in a checkout's root only
    (kb_root / "site_config").unlink()
    shutil.copytree(REPO / "tests" / "site_config", kb_root / "site_config")
    return kb_root


def fresh(root, *args):
    os.environ["QINCHUANG_NO_CACHE"] = "1"
    try:
        return run_cli("--root", str(root), "validate", "--color", "never", *args)
    finally:
        del os.environ["QINCHUANG_NO_CACHE"]


def cached(root, *args):
    return run_cli("--root", str(root), "validate", "--color", "never", *args)


def test_second_run_is_a_replay(repo, monkeypatch):
    assert cached(repo) == fresh(repo)
    assert (repo / cache.CACHE).exists()
    calls = []
    monkeypatch.setattr("generator.validation.validate", lambda *a, **k: calls.append(1))
    target = str(repo / "content/projects/2021/KT-2021-001.md")
    assert cached(repo, "--only", target)[0] == 0 and calls == []  # nothing parsed


def break_date(path):
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^proposed: (\d{4})-(\d\d)-(\d\d)$", r"proposed: \1-13-\3", text, count=1, flags=re.M),
                    encoding="utf-8")


@pytest.mark.parametrize("how", ["edit", "edit-same-size-and-mtime", "new-file", "delete", "config", "rename"])
def test_a_change_is_never_hidden(repo, how):
    project = repo / "content/projects/2021/KT-2021-001.md"
    assert cached(repo)[0] == 0
    if how == "edit":
        break_date(project)
    elif how == "edit-same-size-and-mtime":  # the edit keeps the size and the mtime is set back
        st = project.stat()
        break_date(project)
        assert project.stat().st_size == st.st_size
        os.utime(project, ns=(st.st_atime_ns, st.st_mtime_ns))
    elif how == "new-file":
        copy = project.parent / "KT-2021-001 copy.md"
        shutil.copy(project, copy)
    elif how == "delete":
        (repo / "content/people/QD10006.yml").unlink()
    elif how == "config":
        vocab = repo / "site_config" / "vocabularies.yml"
        vocab.write_text(vocab.read_text(encoding="utf-8").replace("[技术, 管理, 经营]", "[管理, 经营]"), encoding="utf-8")
    elif how == "rename":
        project.rename(project.parent / "KT-2021-009.md")
    again = cached(repo, "--only", str(next(repo.glob("content/projects/2021/*.md"))))
    assert again == fresh(repo, "--only", str(next(repo.glob("content/projects/2021/*.md"))))
    assert cached(repo) == fresh(repo)
    assert fresh(repo)[0] == 1, how  # each change above makes the knowledge base invalid


def test_a_damaged_cache_is_ignored(repo):
    cached(repo)
    (repo / cache.CACHE).write_bytes(b"not a pickle")
    assert cached(repo) == fresh(repo)
