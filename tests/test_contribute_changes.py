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
    # Neither another file's own problem nor a reference to it is reported for an untouched file:
    # FJD-01 fails its schema but still exists for the projects and people that name it.
    code, out, _ = run_cli("--root", str(kb_root), "validate", "--only", str(kb_root / ORIGINAL))
    assert code == 0 and "schema-unknown-field" not in out and "ref-unknown" not in out


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
    assert code == 0  # nothing changed since the commit: the error is that commit's, not this change's
    code, _, _ = run_cli("--root", str(repo), "validate", "--changed", "HEAD~1", "--format", "json")
    assert code == 1


def test_validate_changed_reports_what_a_deletion_breaks(repo):
    (repo / "content/people/QD10005.yml").unlink()  # still named in KT-2022-001's team
    code, out, _ = run_cli("--root", str(repo), "validate", "--changed", "--color", "never")
    assert code == 1 and ORIGINAL in out and "QD10005" in out


def test_validate_only_never_shows_a_cascade(kb_root):
    base = kb_root / "content/bases/FJD-01.yml"
    base.write_text(base.read_text(encoding="utf-8").replace("name: ", "name：", 1), encoding="utf-8")
    code, out, _ = run_cli("--root", str(kb_root), "validate", "--only", str(base), "--color", "never")
    assert code == 1 and "fullwidth-colon" in out and "ref-unknown" not in out
    assert out.count("content/") == 1  # the broken file alone



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


def write_project(root: Path, pid: str, title: str, body: str) -> None:
    """A running project of FJD-02 with its own title and text (nothing copied from another)."""
    year = pid.split("-")[1]
    path = root / "content/projects" / year / f"{pid}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\nid: {pid}\ntitle: {title}\nyear: {year}\nbase: FJD-02\ncategory: 技术\narea: 安全生产\n"
                    f"status: 实施\nteam:\n  - person: QD10004\n    role: 组长\n  - person: QD10006\n    role: 导师\n"
                    f"  - person: QD10005\n    role: 徒弟\nproposed: {year}-02-14\napproved: {year}-03-01\n---\n\n{body}\n",
                    encoding="utf-8")


# The same project said the way different shifts write it: unit forms, synonyms, verb pairs.
SAME_PROJECT = [
    ("减少1号炉低温再热器壁温超温次数", "降低#1炉低温再热器管壁超温次数"),
    ("降低一号炉低温再热器管壁超温次数", "减少#1炉低温再热器管壁超温次数"),
    ("提升#2机组凝汽器真空度", "提高二号机组凝汽器真空度"),
    ("提高3号机空预器换热效率", "提升#3机组空气预热器换热效率"),
]


@pytest.mark.parametrize(("mine", "theirs"), SAME_PROJECT)
def test_similar_knows_the_plants_ways_of_writing(kb_root, mine, theirs):
    write_project(kb_root, "KT-2023-001", theirs, "分析原因，制定措施。")
    write_project(kb_root, "KT-2023-002", mine, "现场调研后确定方案。")
    kb = validate(kb_root).kb
    found = similar_projects(kb, ["KT-2023-002"])
    assert "KT-2023-001" in [m.other for m in found.get("KT-2023-002", [])], found


def test_similar_does_not_merge_different_units_or_equipment(kb_root):
    write_project(kb_root, "KT-2023-001", "降低#1炉低温再热器管壁超温次数", "分析原因，制定措施。")
    write_project(kb_root, "KT-2023-002", "降低2号炉磨煤机出口温度波动", "现场调研后确定方案。")
    kb = validate(kb_root).kb
    assert "KT-2023-001" not in [m.other for m in similar_projects(kb, ["KT-2023-002"]).get("KT-2023-002", [])]


def test_summary_lists_a_suspect_band_below_the_threshold(repo):
    write_project(repo, "KT-2023-001", "汽机润滑油系统滤网切换方式改进", "更换滤网时不停机。")
    # related to KT-2022-001 (same system, same part) but not the same device: below 0.5, not silent
    duplicates = summary(repo, "HEAD").split("## 查重")[1].split("## ")[0]
    assert "| 疑似 | KT-2023-001 | KT-2022-001《" in duplicates
    assert "| 相似 |" not in duplicates


def test_changes_show_field_diffs_and_name_deleted_and_broken_entries(repo):
    project = repo / ORIGINAL
    project.write_text(project.read_text(encoding="utf-8").replace("status: 实施", "status: 立项")
                       .replace("started: 2022-03-15\n", ""), encoding="utf-8")
    (repo / "content/awards/JL-2021-002.yml").unlink()
    person = repo / "content/people/QD10006.yml"
    person.write_text(person.read_text(encoding="utf-8").replace("name: ", "name：", 1), encoding="utf-8")
    text = summary(repo, "HEAD")
    assert "status：实施 → 立项" in text
    assert "started：2022-03-15 → （删除）" in text
    assert "| 删除 | 奖励 | JL-2021-002 | 全国总工会职工创新补助资金 |" in text  # named from the old version
    broken = next(line for line in text.splitlines() if "QD10006" in line and line.startswith("| 修改"))
    assert "周海涛" in broken and "全角冒号" in broken  # named, with its problem


def test_with_several_broken_files_the_report_says_which_to_fix_first(kb_root):
    base = kb_root / "content/bases/FJD-01.yml"
    base.write_text(base.read_text(encoding="utf-8").replace("name: ", "name：", 1), encoding="utf-8")
    event = kb_root / "content/events/2022/HD-2022-001.yml"
    event.write_text(event.read_text(encoding="utf-8").replace("attendance: 42", "attendance: 四十二"), encoding="utf-8")
    code, out, _ = run_cli("--root", str(kb_root), "validate", "--color", "never")
    assert code == 1
    # FJD-01 is named by JY-2022-001, LW-2021-001, QD10001-3, KT-2021-001, GZS-01 and the 2022 targets
    assert "请先修改 content/bases/FJD-01.yml：另有 9 个条目引用它" in out
    assert "请先修改 content/events" not in out  # nothing refers to the event


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


def test_validate_only_a_folder_reports_the_files_in_it(kb_root, monkeypatch):
    """`--only content/projects` (or `content`) stands for every file in that folder, not an error."""
    monkeypatch.chdir(kb_root)
    project = next((kb_root / "content/projects").rglob("*.md"))
    project.write_text(project.read_text(encoding="utf-8").replace("title: ", "title：", 1), encoding="utf-8")
    for folder in ("content/projects", "content", "content/projects/"):
        code, out, err = run_cli("validate", "--only", folder, "--color", "never")
        assert code == 1 and project.name in out, (folder, out, err)
    code, out, err = run_cli("validate", "--only", "content/people", "--color", "never")
    assert code == 0, out + err  # the broken project is not in that folder


def test_changes_deleted_person_reports_referrers_and_exits_1(repo, tmp_path):
    """A deleted person still named elsewhere: the referrers' errors are in the summary (as with
    `validate --changed`), and `changes` exits 1 so CI can gate on it (the file is still written)."""
    git(repo, "rm", "-q", "content/people/QD10005.yml")
    text = summary(repo, "HEAD")
    assert "content/projects/2022/KT-2022-001.md" in text.split("## 校验结果")[1].split("## 查重")[0]
    assert "❌ 未通过" in text
    out_file = tmp_path / "changes.md"
    code, _, _ = run_cli("--root", str(repo), "changes", "--since", "HEAD", "--output", str(out_file))
    assert code == 1 and "KT-2022-001.md" in out_file.read_text(encoding="utf-8")


def test_changes_summary_shows_control_characters_escaped(repo):
    add_near_duplicate(repo)
    path = repo / NEW
    path.write_text(path.read_text(encoding="utf-8").replace("title: 汽机润滑油滤网在线切换装置的研制",
                                                             r'title: "汽机\x1b]0;pwn\x07\x1b[2J滤网\u202e切换"', 1),
                    encoding="utf-8")
    text = summary(repo, "HEAD")
    assert not any(ch in text for ch in "\x1b\x07\u202e"), repr(text)
    assert "\\x1b" in text and "\\u202e" in text


def test_human_validate_output_shows_control_characters_escaped(kb_root):
    path = kb_root / ORIGINAL
    path.write_text(path.read_text(encoding="utf-8").replace("person: QD10005", r'person: "QD1\x1b[2J\u202e"', 1),
                    encoding="utf-8")
    code, out, err = run_cli("--root", str(kb_root), "validate")
    assert code == 1 and "control-escape" in out, out
    assert not any(ch in out + err for ch in "\x1b\u202e"), repr(out)


def test_human_output_escapes_contributor_text_but_keeps_its_colours():
    from generator.issues import issue
    from generator.validation import Report
    from generator.validation.output import human

    found = issue("ref-unknown", "content/people/\u202eQD.yml", 3, ref="QD1\x1b[2J", kind="人员", field="team")
    text = human(Report(issues=[found], files=1, entries=0), colour=True)
    assert "\x1b[2J" not in text and "\u202e" not in text and "\\x1b[2J" in text and "\\u202e" in text, repr(text)
    assert "\033[31m错误\033[0m" in text
