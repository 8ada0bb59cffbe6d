"""The command line: exact output, exit codes, `new` for every type, the exported schemas."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from conftest import KB_SMALL, REPO, make_root, run_cli
from generator.config import load_config
from generator.models import KINDS
from generator.schema_export import entry_schema, render
from generator.validation import validate

EXPECTED_SMALL = """\
检查了 24 个文件（24 个有效条目）：错误 0 个，警告 0 个，提示 4 条（加 --verbose 显示提示）
校验通过。
"""


def test_validate_clean_kb_exact_output():
    assert run_cli("validate", str(KB_SMALL), "--color", "never") == (0, EXPECTED_SMALL, "")


def test_validate_verbose_shows_target_progress():
    code, out, _ = run_cli("validate", str(KB_SMALL), "--color", "never", "--verbose")
    assert code == 0
    assert out.splitlines()[:3] == [
        "content/targets/2022.yml",
        "     4  提示  target-progress  [items[0]]  2022 年“立项课题”：完成 1 / 目标 2，尚差 1",
        "     7  提示  target-base-progress  [items[0].by_base.FJD-01]  2022 年 锅炉分场分基地“立项课题”：完成 0 / 目标 1，尚差 1",
    ]


def test_validate_error_exact_output(kb_root):
    (kb_root / "content/people/QD10002.yml").write_text(
        "id: QD10002\nname: 王志刚\nbase: FJD-07\njoined: 2008\n", encoding="utf-8")
    code, out, err = run_cli("validate", str(kb_root), "--color", "never")
    assert (code, err) == (1, "")
    assert out == (
        "content/people/QD10002.yml\n"
        "     3  错误  ref-unknown  [base]  字段“base”引用的分基地“FJD-07”不存在\n"
        "        提示：是不是 FJD-01 锅炉分场分基地 或 FJD-02 汽机分场分基地？请核对名称后填写编号\n"
        "\n"
        "检查了 24 个文件（24 个有效条目）：错误 1 个，警告 0 个，提示 4 条（加 --verbose 显示提示）\n"
        "校验未通过：请按上面的说明逐条修改后再提交。\n"
    )


def test_colour_only_when_asked(kb_root):
    _, out, _ = run_cli("validate", str(KB_SMALL), "--color", "always")
    assert "\033[32m" in out
    _, out, _ = run_cli("validate", str(KB_SMALL))  # not a terminal → no colour
    assert "\033[" not in out


def test_strict_makes_warnings_fail(kb_root):
    path = kb_root / "content/projects/2022/KT-2022-001.md"
    path.write_text(path.read_text(encoding="utf-8").replace("role: 徒弟", "role: 成员"), encoding="utf-8")
    assert run_cli("validate", str(kb_root))[0] == 0
    assert run_cli("validate", str(kb_root), "--strict")[0] == 1


def test_usage_errors_exit_2(tmp_path):
    code, out, err = run_cli("validate", str(tmp_path))
    assert code == 2 and out == "" and "找不到配置目录" in err
    with pytest.raises(SystemExit) as exc:
        run_cli("new", "unknown-type")
    assert exc.value.code == 2


def test_broken_config_is_a_clear_error(tmp_path):
    root = make_root(tmp_path)
    (root / "site_config").unlink()
    (root / "site_config").mkdir()
    for name in ("base.yml", "vocabularies.yml", "rules.yml"):
        (root / "site_config" / name).write_text((REPO / "site_config" / name).read_text(encoding="utf-8"))
    (root / "site_config/base.yml").write_text("name: 基地\nplant: 电厂\n", encoding="utf-8")
    code, _, err = run_cli("validate", str(root))
    assert code == 2 and "site_config/base.yml" in err and "Traceback" not in err


def test_output_formats_are_machine_readable(kb_root, tmp_path):
    (kb_root / "content/people/QD10002.yml").write_text("id: QD10002\nname: 王<b>志刚\nbase: FJD-01\n")
    code, out, _ = run_cli("validate", str(kb_root), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["summary"]["errors"] == 1
    assert data["issues"][0] | {"message": "", "hint": ""} == {
        "code": "html-in-text", "severity": "error", "stage": "safety", "path": "content/people/QD10002.yml",
        "line": 2, "field": "name", "message": "", "hint": ""}
    report = tmp_path / "gl.json"
    code, out, _ = run_cli("validate", str(kb_root), "--format", "gitlab", "--output", str(report))
    quality = json.loads(report.read_text(encoding="utf-8"))
    assert code == 1 and [q["check_name"] for q in quality] == ["html-in-text"]
    assert quality[0]["location"] == {"path": "content/people/QD10002.yml", "lines": {"begin": 2}}
    assert quality[0]["severity"] == "major" and len(quality[0]["fingerprint"]) == 32
    code, out, _ = run_cli("validate", str(kb_root), "--format", "github")
    assert out.splitlines()[0].startswith(
        "::error file=content/people/QD10002.yml,line=2,title=html-in-text::字段“name”是纯文本")


def test_stats_output():
    code, out, _ = run_cli("--root", str(KB_SMALL), "stats")
    assert code == 0
    assert "立项课题　  2" in out and ("参与职工　  6 人（各年累计）/ 职工 1180 人，累计参与率 0.5%；"
                                        "2021 年 3 人，参与率 0.3%；2022 年 3 人，参与率 0.3%") in out
    assert "基地奖励　  5,000 元（0.5 万元）" in out


def test_stats_refuses_an_invalid_kb(kb_root):
    (kb_root / "content/people/QD10002.yml").write_text("id: QD10002\n")
    code, out, err = run_cli("--root", str(kb_root), "stats")
    assert code == 1 and "validate" in err


def test_exported_schemas_are_up_to_date():
    config = load_config(REPO)
    for name in KINDS:
        path = REPO / "site_config" / "schema" / f"{name}.schema.json"
        assert path.read_text(encoding="utf-8") == render(entry_schema(name, config)), \
            f"{path.name} 已过期：请运行 qinchuang schema"


def test_every_field_has_a_chinese_description():
    for kind in KINDS.values():
        for model in _models(kind.model):
            for name, info in model.model_fields.items():
                assert info.description and re.search(r"[\u4e00-\u9fff]", info.description), (model, name)


def _models(model, seen=None):
    from generator.validation.schema import _inner_model

    seen = seen if seen is not None else set()
    if model in seen:
        return seen
    seen.add(model)
    for info in model.model_fields.values():
        for arg in _flatten(info.annotation):
            inner = _inner_model(arg)
            if inner is not None:
                _models(inner, seen)
    return seen


def _flatten(annotation):
    yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _flatten(arg)


PEOPLE = ["QD10001", "QD10002", "QD10003", "QD10004", "QD10005", "QD10006"]
# amount: the award template's first choices are a 厂级 创新项目 一等奖, 5,000 元 by rules.yml
FILL = {"base": "FJD-01", "amount": "5000", "total": "3", "application_no": "202610123456.X", "registration_no": "2026SR0123456",
        "papers": "LW-2021-001", "recipients": "KT-2021-001", "nominees": "KT-2022-001", "projects": "KT-2022-001",
        "创新性": "8", "实用性": "8.5", "经济效益": "7", "推广价值": "9"}


def fill(text: str) -> str:
    """Fill placeholders as a contributor would: people by 工号, the rest with real-looking text."""
    people = iter(PEOPLE * 3)
    out, parent = [], ""
    for line in text.splitlines():
        m = re.match(r"^(\s*)(- )?(\w+)?:?\s*【待填写】$", line)
        key = m.group(3) if m else ""
        if re.match(r"^\s*(\w+):\s*$", line):
            parent = line.strip()[:-1]
        if m:
            name = key or parent
            if name in ("person", "people", "leader", "author", "authors", "inventors", "contact", "head",
                        "members", "editor", "experts", "expert", "proposers"):
                value = next(people)
            else:
                value = FILL.get(name, "测试内容")
            line = line.replace("【待填写】", value)
        out.append(line.replace("【待填写】", "测试内容"))
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("kind", list(KINDS))
def test_new_entry_is_valid_once_filled(kb_root, kind):
    if kind == "scoresheet":  # an expert's sheet belongs to a selection they sit on
        folder = kb_root / "content" / "selections" / str(date.today().year)
        folder.mkdir(parents=True)
        (folder / f"PX-{date.today().year}-001.yml").write_text(
            f"id: PX-{date.today().year}-001\nname: 评选\nyear: {date.today().year}\ncategory: 创新项目\n"
            "granted_by: 厂工会\nexperts: [QD10001]\nnominees: [KT-2022-001]\n", encoding="utf-8")
    code, out, _ = run_cli("--root", str(kb_root), "new", kind)
    assert code == 0
    rel = out.split()[1]
    path = kb_root / rel
    first = validate(kb_root, today=date.today()).report
    mine = [i for i in first.issues if i.path == rel and i.severity != "info"]
    assert mine and {i.code for i in mine} == {"placeholder"}, mine  # only the blanks are wrong
    filled = fill(path.read_text(encoding="utf-8"))
    if kind == "anthology":  # the only paper in kb_small is of 2021: the editor includes it explicitly
        filled = filled.replace("other_years: []", "other_years: [LW-2021-001]")
    path.write_text(filled, encoding="utf-8")
    report = validate(kb_root, today=date.today()).report
    # dated today, the new entry brings the data up to today: kb_small's project of 2022, still
    # running, is then rightly stalled and overdue (a finding about that file, not about this one)
    problems = [i for i in report.issues if i.severity != "info"
                and not (i.path != rel and i.code in ("project-stalled", "project-overdue"))]
    if kind == "scoresheet":  # the only sheet is in: the ranking is final and asks for its awards
        assert [i.code for i in problems] == ["award-missing"]
        problems = []
    assert problems == [], problems


def test_new_continues_numbering(kb_root):
    run_cli("--root", str(kb_root), "new", "person")
    code, out, _ = run_cli("--root", str(kb_root), "new", "person")
    assert out.split()[1] == "content/people/QD10008.yml"
    code, out, err = run_cli("--root", str(kb_root), "new", "base", "--stdout")
    assert "id: FJD-03" in out


def test_python_m_and_console_script_agree():
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "generator", "validate", str(KB_SMALL), "--color", "never"]
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    assert (run.returncode, run.stdout) == (0, EXPECTED_SMALL)


@pytest.mark.parametrize("broken", [False, True])
def test_a_build_process_ends_with_its_code_and_every_line_it_printed(tmp_path, broken):
    """`build` ends its process without the interpreter's teardown (cli.run): what it printed
    still arrives, to a pipe (block-buffered) too, and the exit code is the command's."""
    import subprocess
    import sys

    root = make_root(tmp_path)
    if broken:
        (root / "content" / "people" / "QD10006.yml").write_text("name: [\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "generator", "--root", str(root), "build", "--no-pdf", "--out", str(tmp_path / "site")]
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, timeout=300)
    if broken:
        assert run.returncode == 1 and "QD10006.yml" in run.stdout + run.stderr, run
        assert not (tmp_path / "site").exists()
    else:
        assert run.returncode == 0, run.stderr
        assert "已发布到" in run.stdout + run.stderr and (tmp_path / "site" / "index.html").is_file()


def test_a_broken_entry_is_reported_once_not_at_every_reference(kb_root):
    path = kb_root / "content/bases/FJD-01.yml"
    path.write_text(path.read_text(encoding="utf-8") + "colour: 蓝\n", encoding="utf-8")
    report = validate(kb_root, today=date(2026, 11, 26)).report
    assert [(i.code, i.path) for i in report.issues if i.severity == "error"] == [
        ("schema-unknown-field", "content/bases/FJD-01.yml")]


def test_invalid_date_is_explained_in_chinese(kb_root):
    path = kb_root / "content/bases/FJD-02.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("2021-01-08", "2021-02-30"), encoding="utf-8")
    [found] = [i for i in validate(kb_root).report.issues if i.code == "date-invalid"]
    assert found.message == "字段“founded”的日期“2021-02-30”不存在（这个月没有这一天）"


@pytest.mark.parametrize("command", [["anthology", "2021"], ["build", "--no-pdf", "--quiet"], ["stats"]])
def test_every_command_that_validates_shows_the_validators_messages(kb_root, command, tmp_path):
    anthology = kb_root / "content/anthology/2021.yml"
    anthology.write_text(anthology.read_text(encoding="utf-8").replace("[LW-2021-001]", "[LW-2021-010]"),
                         encoding="utf-8")
    extra = ["--out", str(tmp_path / "out")] if command[0] != "stats" else []
    code, out, err = run_cli("--root", str(kb_root), *command, *extra)
    assert code != 0 and "Traceback" not in out + err
    assert "content/anthology/2021.yml" in out
    assert "是不是 LW-2021-001 低负荷工况下再热器管壁超温原因分析及对策" in out  # the hint, with the title


def test_new_scoresheet_follows_its_selection_year_and_can_pick_one(kb_root):
    """A 2022 selection, made in a later year: the sheet is PF-2022-…, in scores/2022/, year 2022."""
    folder = kb_root / "content" / "selections" / "2022"
    folder.mkdir(parents=True)
    for n, nominee in ((1, "KT-2022-001"), (2, "KT-2021-001")):
        (folder / f"PX-2022-00{n}.yml").write_text(
            f"id: PX-2022-00{n}\nname: 评选\nyear: 2022\ncategory: 创新项目\ngranted_by: 厂工会\n"
            f"experts: [QD10001]\nnominees: [{nominee}]\n", encoding="utf-8")
    code, out, err = run_cli("--root", str(kb_root), "new", "scoresheet")
    assert code == 0, err
    rel = out.split()[1]
    assert rel == "content/scores/2022/PF-2022-001.yml"
    text = (kb_root / rel).read_text(encoding="utf-8")
    assert "year: 2022" in text and "selection: PX-2022-002" in text  # the newest selection
    code, out, err = run_cli("--root", str(kb_root), "new", "scoresheet", "--selection", "PX-2022-001", "--stdout")
    assert code == 0 and "selection: PX-2022-001" in out and "KT-2022-001" in out and "KT-2021-001" not in out
    code, out, err = run_cli("--root", str(kb_root), "new", "scoresheet", "--year", "2023", "--stdout")
    assert code == 0 and "id: PF-2023-001" in out and "selection: PX-2022" not in out  # no 2023 selection: blank
    code, _, err = run_cli("--root", str(kb_root), "new", "scoresheet", "--selection", "PX-2030-001")
    assert code == 2 and "没有评选 PX-2030-001" in err
    code, out, _ = run_cli("--root", str(kb_root), "new", "notice", "--year", "2022", "--stdout")
    assert code == 0 and "id: GS-2022-001" in out and "year: 2022" in out
    code, out, _ = run_cli("--root", str(kb_root), "new", "selection", "--year", "2022", "--stdout")
    assert code == 0 and "id: PX-2022-003" in out and "year: 2022" in out


@pytest.mark.parametrize("args", [("stats", "--root", "{root}"), ("--root", "{root}", "stats")])
def test_root_before_or_after_the_command(args):
    """README: every command takes --root; before the command name or after it."""
    code, out, err = run_cli(*(a.format(root=KB_SMALL) for a in args))
    assert code == 0 and "unrecognized" not in err, err


def test_root_after_a_nested_command_and_precedence(tmp_path):
    from generator.cli import build_parser

    args = build_parser().parse_args(["--root", "A", "import", "paper", "x.docx", "--root", "B"])
    assert args.root == "B"  # the later one wins
    assert build_parser().parse_args(["--root", "A", "stats"]).root == "A"
    assert build_parser().parse_args(["stats"]).root == "."


TERMINATED = """---
id: KT-2021-009
title: 降低2号炉排烟温度
year: 2021
base: FJD-01
category: 技术
area: 安全生产
status: 终止
team:
  - {person: QD10001, role: 组长}
  - {person: QD10002, role: 导师}
  - {person: QD10003, role: 徒弟}
proposed: 2021-02-01
approved: 2021-03-01
started: 2021-03-15
terminated: 2021-09-30
changes:
  - {type: 终止, date: 2021-09-30, reason: 设备改造计划取消}
---

立项后终止。
"""


def test_approved_figure_says_it_leaves_out_projects_terminated_after_approval(tmp_path):
    """立项课题 counts live projects; the ones terminated after approval are said beside it (issue 19, finding 6)."""
    from generator.site.context import Site
    from generator.site.home import headline

    root = make_root(tmp_path)
    (root / "content/projects/2021/KT-2021-009.md").write_text(TERMINATED, encoding="utf-8")
    code, out, _ = run_cli("--root", str(root), "stats")
    _, base, _ = run_cli("--root", str(KB_SMALL), "stats")
    assert code == 0 and "立项课题　  2（不含立项后终止的 1 项；立项共 3 项）" in out, out
    assert "立项课题　  2\n" in base  # nothing terminated: the plain figure
    labels = {k: (label, v) for k, label, v in headline(Site(kb=validate(root).kb, ref_date=date(2022, 6, 1)))}
    assert labels["projects_approved"] == ("立项课题（不含立项后终止的 1 项）", "2")
