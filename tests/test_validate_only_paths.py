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


def git(root: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


def test_changed_after_a_rename_reports_the_change_and_the_broken_referrers_only(tmp_path, monkeypatch):
    """`git mv` of a cited person to a new id, plus an edited project, in a knowledge base that
    already had an unrelated cross-file error: `--changed` lists the changed files' findings and
    those of the files citing the removed id, not the rest of the knowledge base."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    root = kb(tmp_path)
    award = root / "content" / "awards" / "JL-2021-001.yml"
    award.write_text("\n".join(line for line in award.read_text(encoding="utf-8").splitlines()
                               if not line.startswith("amount:")) + "\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "kb")
    before = json.loads(run_cli("--root", str(root), "validate", "--format", "json")[1])
    assert any(i["path"] == "content/awards/JL-2021-001.yml" and i["severity"] == "error"
               for i in before["issues"])  # the unrelated error the change must not drag in

    people = root / "content" / "people"
    git(root, "mv", "content/people/QD10003.yml", "content/people/QD90003.yml")
    moved = people / "QD90003.yml"
    moved.write_text(moved.read_text(encoding="utf-8").replace("QD10003", "QD90003"), encoding="utf-8")
    edited = root / "content" / "projects" / "2022" / "KT-2022-001.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: 改进后的", 1), encoding="utf-8")
    citing = {p.relative_to(root).as_posix() for p in (root / "content").rglob("*")
              if p.is_file() and "QD10003" in p.read_text(encoding="utf-8")}
    assert citing  # the person was cited
    wanted = citing | {"content/people/QD90003.yml", "content/people/QD10003.yml",
                       edited.relative_to(root).as_posix()}

    full = json.loads(run_cli("--root", str(root), "validate", "--format", "json")[1])
    expected = [i for i in full["issues"] if i["path"] in wanted]
    assert any(i["code"] == "ref-unknown" for i in expected)
    for args in (["--changed"], ["--changed", "HEAD"]):
        for cache in ("", "1"):
            monkeypatch.setenv("QINCHUANG_NO_CACHE", cache) if cache else monkeypatch.delenv("QINCHUANG_NO_CACHE", raising=False)
            code, out, err = run_cli("--root", str(root), "validate", "--format", "json", *args)
            assert json.loads(out)["issues"] == expected, (args, cache)
            assert code == 1
    code, out, _ = run_cli("--root", str(root), "validate", "--changed")
    assert "JL-2021-001" not in out and "检查了" in out


def test_only_prints_the_summary_line_on_every_path(tmp_path, monkeypatch):
    """Answered from the cache, or validated in full because a vocabulary changed or the cache file
    was cut short: the same summary line (files of the whole knowledge base) each time."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    root = kb(tmp_path)
    (root / ".git").mkdir()
    rel = a_project(root)
    full = run_cli("--root", str(root), "validate")[1]
    summary = [line for line in full.splitlines() if line.startswith("检查了 ")]
    assert len(summary) == 1
    files = summary[0].split("个文件")[0]

    def only(*extra: str) -> str:
        code, out, err = run_cli("--root", str(root), "validate", "--only", rel, *extra)
        assert code == 0, err
        lines = [line for line in out.splitlines() if line.startswith("检查了 ")]
        assert len(lines) == 1 and lines[0].startswith(files), out[-300:]
        return out

    only()  # from the cache
    vocab = root / "site_config" / "vocabularies.yml"
    vocab.write_text(vocab.read_text(encoding="utf-8") + "\n# 改了词表\n", encoding="utf-8")
    only()  # a vocabulary changed: a full run
    only("site_config/vocabularies.yml")
    cache = root / "build" / "validate-cache.sqlite"
    with open(cache, "r+b") as f:
        f.truncate(cache.stat().st_size // 3)
    only()  # a damaged cache: a full run
