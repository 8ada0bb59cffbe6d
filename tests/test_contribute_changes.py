"""Change-aware commands: `validate --only/--changed`, `changes --since`, `similar` (查重)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import make_root, run_cli
from generator.contribute.changes import summary
from generator.contribute.similar import jaccard, normalise, shingles, similar_projects
from generator.validation import validate

NEW = "content/projects/2022/KT-2022-002.md"
ORIGINAL = "content/projects/2022/KT-2022-001.md"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=测试", "-c", "user.email=t@example.invalid", *args],
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path) -> Path:
    root = make_root(tmp_path)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "初始")
    return root


def add_near_duplicate(root: Path, person: str = "QD10005") -> None:
    text = (root / ORIGINAL).read_text(encoding="utf-8")
    text = text.replace("KT-2022-001", "KT-2022-002").replace("汽机润滑油系统滤网在线切换装置研制", "汽机润滑油滤网在线切换装置的研制")
    (root / NEW).write_text(text.replace("QD10005", person), encoding="utf-8")


def test_similar_scores():
    assert normalise("汽机 润滑油，滤网!") == "汽机润滑油滤网"
    a, b = shingles("汽机润滑油系统滤网在线切换装置研制", 2), shingles("汽机润滑油滤网在线切换装置的研制", 2)
    assert jaccard(a, b) == pytest.approx(12 / 19)
    assert jaccard(a, shingles("输煤皮带跑偏智能诊断", 2)) == 0


def test_similar_projects_finds_the_near_duplicate(kb_root):
    add_near_duplicate(kb_root)
    kb = validate(kb_root).kb
    found = similar_projects(kb, ["KT-2022-002"], 0.5)
    assert [m.other for m in found["KT-2022-002"]] == ["KT-2022-001"]
    assert found["KT-2022-002"][0].score >= 0.6
    assert similar_projects(kb, ["KT-2021-001"], 0.5) == {}
    assert set(similar_projects(kb, None, 0.5)) == {"KT-2022-001", "KT-2022-002"}


def test_similar_command(kb_root):
    add_near_duplicate(kb_root)
    code, out, _ = run_cli("--root", str(kb_root), "similar", "KT-2022-002")
    assert code == 0
    assert "KT-2022-001《汽机润滑油系统滤网在线切换装置研制》（2022 年）相似度" in out


def test_validate_only_reports_the_passed_files(kb_root):
    bad_elsewhere = kb_root / "content/bases/FJD-01.yml"
    bad_elsewhere.write_text(bad_elsewhere.read_text(encoding="utf-8") + "note: 多余字段\n", encoding="utf-8")
    add_near_duplicate(kb_root, person="QD10099")
    code, out, _ = run_cli("--root", str(kb_root), "validate", "--only", str(kb_root / NEW), "--color", "never")
    assert code == 1
    assert "QD10099" in out and "schema-unknown-field" not in out  # FJD-01's own problem is not ours
    # A file's schema error is not reported for another file …
    code, out, _ = run_cli("--root", str(kb_root), "validate", "--only", str(kb_root / ORIGINAL))
    assert "schema-unknown-field" not in out
    # … but the references it breaks are (a failed base is unknown to everyone who uses it).
    assert code == 1 and "ref-unknown" in out


def test_validate_only_with_config_change_reports_everything(kb_root):
    code, out, _ = run_cli("--root", str(kb_root), "validate", "--only", str(kb_root / "site_config/rules.yml"),
                           "--verbose")
    assert code == 0 and "target-progress" in out


def test_validate_changed_uses_git(repo):
    add_near_duplicate(repo, person="QD10099")
    code, out, _ = run_cli("--root", str(repo), "validate", "--changed")
    assert code == 1 and NEW in out and "QD10099" in out
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "新增")
    code, out, _ = run_cli("--root", str(repo), "validate", "--changed")
    assert code == 1 and "错误 1 个" in out  # the cross-file error is still reported
    code, _, _ = run_cli("--root", str(repo), "validate", "--changed", "HEAD~1", "--format", "json")
    assert code == 1


def test_changes_summary(repo):
    add_near_duplicate(repo)
    (repo / "content/awards/JL-2021-002.yml").unlink()
    text = summary(repo, "HEAD")
    assert "**新增创新课题 1 项；删除奖励 1 项**" in text
    assert "| 新增 | 创新课题 | KT-2022-002 | 汽机润滑油滤网在线切换装置的研制 | 实施 |" in text
    assert "✅ 通过" in text
    assert "| KT-2022-002 | KT-2022-001《汽机润滑油系统滤网在线切换装置研制》 | 2022 |" in text
    assert "| 2022 | 立项课题 | 2 | 2 | 已完成 |" in text


def test_changes_command_writes_file(repo, tmp_path):
    out_file = tmp_path / "changes.md"
    code, out, _ = run_cli("--root", str(repo), "changes", "--since", "HEAD", "--output", str(out_file))
    assert code == 0 and "content/ 下没有改动" in out_file.read_text(encoding="utf-8")


def test_changes_bad_ref_is_a_usage_error(repo):
    code, _, err = run_cli("--root", str(repo), "changes", "--since", "没有这个版本")
    assert code == 2 and "git diff" in err


@pytest.mark.parametrize("given", ["content/projects/2021/KT-2021-999.md", "content/projects/2021/KT-2021-001.md.bak",
                                   "../outside.yml", "/etc/passwd", "README.md"])
def test_validate_only_refuses_a_path_it_cannot_check(kb_root, given, monkeypatch):
    """A misspelt or foreign path is an error (exit 2), never 校验通过."""
    monkeypatch.chdir(kb_root)
    (kb_root / "README.md").write_text("说明\n", encoding="utf-8")
    code, out, err = run_cli("validate", "--only", given, "--color", "never")
    assert code == 2 and "校验通过" not in out
    assert given.split("/")[-1] in err and "Traceback" not in err


def test_validate_only_accepts_site_config_and_relative_paths(kb_root, monkeypatch):
    monkeypatch.chdir(kb_root / "content")
    code, _, err = run_cli("--root", "..", "validate", "--only", "projects/2021/KT-2021-001.md", "--color", "never")
    assert code == 0, err
