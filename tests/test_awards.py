"""The yearly selection end to end on small knowledge bases made here: nominations, experts'
score sheets, 回避, ranking with quotas, `qinchuang awards`, and the award ledger checks."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import TEST_CONFIG, make_root, run_cli
from generator.awards.ranking import aggregate
from generator.validation import validate

SELECTION = """\
id: PX-2022-001
name: 2022年度秦电职工创新成果奖
year: 2022
category: 创新项目
granted_by: 秦皇岛发电有限责任公司工会
date: 2022-12-27
experts: [{experts}]
nominees: [{nominees}]
"""


def write(root: Path, rel: str, text: str) -> str:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return rel


def person(root: Path, pid: str, base: str) -> None:
    write(root, f"content/people/{pid}.yml", f"id: {pid}\nname: 专家{pid[-2:]}\nbase: {base}\n")


def project(root: Path, pid: str, base: str, leader: str) -> None:
    """A completed 2022 project of ``base`` led by ``leader`` (mentor and apprentice from kb_small)."""
    write(root, f"content/projects/2022/{pid}.md", f"""---
id: {pid}
title: 课题{pid}
year: 2022
base: {base}
category: 技术
area: 安全生产
status: 鉴定
team:
  - person: {leader}
    role: 组长
  - person: QD10006
    role: 导师
  - person: QD10005
    role: 徒弟
proposed: 2022-01-10
approved: 2022-02-01
completed: 2022-11-30
appraisal: {{date: 2022-12-05, body: 厂科技委, level: 国内领先}}
---

正文。
""")


def sheet(root: Path, n: int, expert: str, scores: dict[str, float | dict], selection="PX-2022-001") -> str:
    lines = [f"id: PF-2022-{n:03d}", f"selection: {selection}", "year: 2022", f"expert: {expert}",
             "date: 2022-12-10", "scores:"]
    for nominee, mark in scores.items():
        marks = mark if isinstance(mark, dict) else {c: mark for c in ("创新性", "实用性", "经济效益", "推广价值")}
        lines.append(f"  {nominee}: {{{', '.join(f'{k}: {v}' for k, v in marks.items())}}}")
    return write(root, f"content/scores/2022/PF-2022-{n:03d}.yml", "\n".join(lines) + "\n")


def own_rules(root: Path, quotas=(1, 1, 1)) -> None:
    """A copy of site_config with small quotas, as a union with its own rules would have."""
    (root / "site_config").unlink()
    shutil.copytree(TEST_CONFIG, root / "site_config")  # symlinks followed: a real copy
    rules = root / "site_config" / "rules.yml"
    text = rules.read_text(encoding="utf-8")
    for grade, quota, old in zip(("一等奖", "二等奖", "三等奖"), quotas, (3, 7, 10), strict=True):
        text = text.replace(f"{{grade: {grade}, quota: {old}, amount:", f"{{grade: {grade}, quota: {quota}, amount:", 1)
    rules.write_text(text, encoding="utf-8")


@pytest.fixture
def kb(tmp_path):
    """kb_small plus sub-base FJD-03, three experts (one per sub-base) and four nominated projects."""
    root = make_root(tmp_path)
    base = (root / "content/bases/FJD-02.yml").read_text(encoding="utf-8")
    write(root, "content/bases/FJD-03.yml", base.replace("FJD-02", "FJD-03").replace("head: QD10004\n", ""))
    for pid, base_id in (("QD10011", "FJD-01"), ("QD10012", "FJD-02"), ("QD10013", "FJD-03"), ("QD10014", "FJD-03")):
        person(root, pid, base_id)
    for pid, base_id, leader in (("KT-2022-011", "FJD-01", "QD10002"), ("KT-2022-012", "FJD-02", "QD10004"),
                                 ("KT-2022-013", "FJD-03", "QD10014"), ("KT-2022-014", "FJD-02", "QD10004")):
        project(root, pid, base_id, leader)
    write(root, "content/selections/2022/PX-2022-001.yml",
          SELECTION.format(experts="QD10011, QD10012, QD10013",
                           nominees="KT-2022-011, KT-2022-012, KT-2022-013, KT-2022-014"))
    return root


def clean_sheets(root: Path) -> None:
    """Each expert scores everything except their own sub-base's projects (回避)."""
    sheet(root, 1, "QD10011", {"KT-2022-012": 9, "KT-2022-013": 8, "KT-2022-014": 6})
    sheet(root, 2, "QD10012", {"KT-2022-011": 7, "KT-2022-013": 8.5})
    sheet(root, 3, "QD10013", {"KT-2022-011": 7.5, "KT-2022-012": 9.5, "KT-2022-014": 6.5})


def codes_at(root: Path) -> list[tuple[str, str, int]]:
    return [(i.code, i.path, i.line) for i in validate(root, today=date(2026, 11, 26)).report.issues
            if i.severity == "error"]


def test_awards_ranks_grades_by_quota_and_writes_the_award_entries(kb):
    own_rules(kb, quotas=(1, 1, 1))
    clean_sheets(kb)
    # ranking final, awards not yet recorded: one error at the selection, which `awards` resolves
    assert codes_at(kb) == [("award-missing", "content/selections/2022/PX-2022-001.yml", 8)]
    status, out, err = run_cli("--root", str(kb), "awards", "2022")
    assert status == 1 and "奖励台账中没有" in out and "加 --write 写入" in out
    ranking = [line.split() for line in out.splitlines() if line.startswith("    ") and line.split()[0].isdigit()]
    # KT-2022-012: (9 + 9.5) / 2; KT-2022-013: (8 + 8.5) / 2; KT-2022-011: 7.25; KT-2022-014: 6.25
    assert [row[1] for row in ranking] == ["KT-2022-012", "KT-2022-013", "KT-2022-011", "KT-2022-014"]
    assert [row[2] for row in ranking] == ["9.250", "8.250", "7.250", "6.250"]
    assert [row[4] for row in ranking[:3]] == ["一等奖", "二等奖", "三等奖"]
    assert "—" in ranking[3]  # beyond the quotas: no award

    status, out, err = run_cli("--root", str(kb), "awards", "2022", "--write")
    assert status == 0, out + err
    written = sorted((kb / "content/awards").glob("JL-2022-*.yml"))
    assert len(written) == 3
    assert codes_at(kb) == []  # the written entries pass the validator, amounts included
    status, out, _ = run_cli("--root", str(kb), "awards", "2022")
    assert status == 0 and "全部与奖励台账一致" in out and "奖金合计 9,500 元" in out  # 5000 + 3000 + 1500


def test_aggregate_drops_highest_and_lowest_from_trim_at_experts():
    assert aggregate([6, 7, 8, 9], trim_at=5) == 7.5
    assert aggregate([1, 7, 8, 9, 10], trim_at=5) == 8.0
    assert aggregate([], trim_at=5) is None


def test_expert_scoring_their_own_sub_base_is_rejected_at_its_line(kb):
    clean_sheets(kb)
    rel = sheet(kb, 3, "QD10013", {"KT-2022-011": 7.5, "KT-2022-012": 9.5, "KT-2022-013": 10, "KT-2022-014": 6.5})
    result = validate(kb)
    found = [i for i in result.report.issues if i.code == "score-conflict"]
    assert [(i.path, i.line) for i in found] == [(rel, 9)]
    assert "FJD-03" in found[0].message and "回避" in found[0].message
    status, out, _ = run_cli("--root", str(kb), "awards", "2022")
    assert status == 1 and f"{rel}" in out and "score-conflict" in out


def test_expert_who_is_a_team_member_is_rejected(kb):
    clean_sheets(kb)
    write(kb, "content/selections/2022/PX-2022-001.yml",
          SELECTION.format(experts="QD10011, QD10012, QD10013, QD10006",
                           nominees="KT-2022-011, KT-2022-012, KT-2022-013, KT-2022-014"))
    rel = sheet(kb, 4, "QD10006", {"KT-2022-011": 7, "KT-2022-013": 8})  # mentor of every project here
    found = [(c, p, n) for c, p, n in codes_at(kb) if c == "score-conflict"]
    assert found == [("score-conflict", rel, 7), ("score-conflict", rel, 8)]


def test_a_grade_over_its_quota_is_rejected_at_the_extra_award(kb):
    own_rules(kb, quotas=(1, 1, 1))
    clean_sheets(kb)
    run_cli("--root", str(kb), "awards", "2022", "--write")
    extra = (kb / "content/awards/JL-2022-001.yml").read_text(encoding="utf-8")
    rel = write(kb, "content/awards/JL-2022-009.yml",
                extra.replace("JL-2022-001", "JL-2022-009").replace("KT-2022-012", "KT-2022-014"))
    grade_line = next(i for i, line in enumerate(extra.splitlines(), 1) if line.startswith("grade:"))
    assert ("award-quota", rel, grade_line) in codes_at(kb)


@pytest.mark.parametrize("grade, amount", [("三等奖", 50000), ("一等奖", 1500), ("二等奖", 0)])
def test_an_amount_off_its_grade_rule_is_rejected(kb, grade, amount):
    rel = write(kb, "content/awards/JL-2022-001.yml", f"""\
id: JL-2022-001
name: 2022年度秦电职工创新成果奖
level: 厂级
grade: {grade}
category: 创新项目
year: 2022
granted_by: 厂工会
amount: {amount}
recipients: [KT-2022-011]
""")
    result = validate(kb)
    found = [i for i in result.report.issues if i.code == "award-amount"]
    assert [(i.path, i.line) for i in found] == [(rel, 8)]
    assert f"{amount:,} 元" in found[0].message


def test_paper_award_field_must_match_the_award_list(tmp_path):
    root = make_root(tmp_path)
    paper = root / "content/papers/2021/LW-2021-001.md"
    paper.write_text(paper.read_text(encoding="utf-8").replace("\nyear: 2021\n", "\nyear: 2021\naward: 二等奖\n"),
                     encoding="utf-8")
    write(root, "content/awards/JL-2021-003.yml", """\
id: JL-2021-003
name: 2021年度秦电优秀科技论文奖
level: 厂级
grade: 一等奖
category: 科技论文
year: 2021
granted_by: 厂工会
amount: 2000
recipients: [LW-2021-001]
""")
    found = [i for i in validate(root).report.issues if i.code == "award-mismatch"]
    assert len(found) == 1 and found[0].path == "content/papers/2021/LW-2021-001.md"
    assert "JL-2021-003" in found[0].message and "一等奖" in found[0].message


def test_project_listing_an_award_given_to_someone_else(tmp_path):
    root = make_root(tmp_path)
    proj = root / "content/projects/2022/KT-2022-001.md"
    proj.write_text(proj.read_text(encoding="utf-8").replace("\nprogress:", "\nawards: [JL-2021-001]\nprogress:"),
                    encoding="utf-8")
    found = [i for i in validate(root).report.issues if i.code == "award-mismatch"]
    assert [i.field for i in found] == ["awards[0]"] and "KT-2022-001" in found[0].message


@pytest.mark.parametrize("scores, expect", [
    ({"KT-2022-012": 9, "KT-2022-013": 8}, "漏评了 KT-2022-014"),
    ({"KT-2022-012": 9, "KT-2022-013": 8, "KT-2022-014": 6, "KT-2021-001": 5}, "没有被提名"),
    ({"KT-2022-012": {"创新性": 9, "实用性": 9, "经济效益": 9, "推广价值": 9, "美观": 9},
      "KT-2022-013": 8, "KT-2022-014": 6}, "“美观”不是"),
    ({"KT-2022-012": {"创新性": 9, "实用性": 9}, "KT-2022-013": 8, "KT-2022-014": 6}, "缺少评分项：经济效益、推广价值"),
    ({"KT-2022-012": 11, "KT-2022-013": 8, "KT-2022-014": 6}, "超过满分 10"),
])
def test_score_sheet_mistakes(kb, scores, expect):
    rel = sheet(kb, 1, "QD10011", scores)
    found = [i for i in validate(kb).report.issues if i.code == "score-sheet"]
    assert found and all(i.path == rel and i.line > 1 for i in found)
    assert any(expect in i.message for i in found), [i.message for i in found]


def test_sheet_of_an_expert_not_on_the_panel(kb):
    rel = sheet(kb, 5, "QD10014", {"KT-2022-011": 7, "KT-2022-012": 7, "KT-2022-014": 7})
    found = [i for i in validate(kb).report.issues if i.code == "score-sheet"]
    assert [(i.path, i.line) for i in found] == [(rel, 4)] and "不在评选" in found[0].message


def test_awards_without_a_selection_says_where_to_add_one(tmp_path):
    root = make_root(tmp_path)
    status, out, err = run_cli("--root", str(root), "awards", "2030")
    assert status == 2 and "content/selections/2030/" in err and "Traceback" not in err


def test_award_entries_contradicting_a_finished_ranking_are_rejected(kb):
    own_rules(kb, quotas=(1, 1, 1))
    clean_sheets(kb)
    run_cli("--root", str(kb), "awards", "2022", "--write")
    first = kb / "content/awards/JL-2022-001.yml"  # KT-2022-012, 一等奖
    first.write_text(first.read_text(encoding="utf-8").replace("一等奖", "二等奖").replace('"5000"', '"3000"'),
                     encoding="utf-8")
    found = [i for i in validate(kb).report.issues if i.code == "award-ranking"]
    assert [(i.path, i.line) for i in found] == [("content/awards/JL-2022-001.yml", 4)]
    assert "KT-2022-012" in found[0].message and "一等奖" in found[0].message
    # while an expert's sheet is still missing, the ledger is not judged against a partial ranking
    (kb / "content/scores/2022/PF-2022-003.yml").unlink()
    assert not [i for i in validate(kb).report.issues if i.code == "award-ranking"]


def test_sample_2022_selection_reproduces_the_award_ledger(sample_root):
    """The bundled sample (regenerated): three experts' sheets rank the nominees into the ledger's
    30 厂级 awards of 2022, 60,500 元 (the union's 基地奖励 that year)."""
    status, out, err = run_cli("--root", str(sample_root), "awards", "2022")
    assert status == 0, out + err
    assert out.count("；与奖励台账一致") == 2 and "奖金合计 60,500 元（6.05 万元）；全部与奖励台账一致" in out


def test_written_awards_keep_an_awkward_name_as_text(kb):
    name = '2022年度: "创新" #奖 \\ {一} [二]'
    path = kb / "content/selections/2022/PX-2022-001.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "name: 2022年度秦电职工创新成果奖", "name: '" + name.replace("'", "''") + "'"), encoding="utf-8")
    clean_sheets(kb)
    status, out, err = run_cli("--root", str(kb), "awards", "2022", "--write")
    assert status == 0, out + err
    result = validate(kb)
    assert result.report.ok
    assert {a.name for a in result.kb.awards if a.year == 2022} == {name}


def test_a_tie_across_a_grade_boundary_is_left_to_the_panel(kb):
    own_rules(kb, quotas=(1, 1, 1))
    sheet(kb, 1, "QD10011", {"KT-2022-012": 9, "KT-2022-013": 9, "KT-2022-014": 6})
    sheet(kb, 2, "QD10012", {"KT-2022-011": 7, "KT-2022-013": 9})
    sheet(kb, 3, "QD10013", {"KT-2022-011": 7.5, "KT-2022-012": 9, "KT-2022-014": 6.5})
    status, out, _ = run_cli("--root", str(kb), "awards", "2022", "--write")
    assert status == 1
    assert "KT-2022-012 与 KT-2022-013 同分" in out and "请评审组决定" in out
    assert not list((kb / "content/awards").glob("JL-2022-*.yml"))  # nothing written until decided
    path = kb / "content/selections/2022/PX-2022-001.yml"
    path.write_text(path.read_text(encoding="utf-8") + "tiebreak: [KT-2022-013, KT-2022-012]\n"
                    "note: 同分，评审组 2022-12-15 决定 KT-2022-013 居先\n", encoding="utf-8")
    status, out, _ = run_cli("--root", str(kb), "awards", "2022", "--write")
    assert status == 0, out
    firsts = [a for a in validate(kb).kb.awards if a.grade == "一等奖" and a.year == 2022]
    assert [a.recipients for a in firsts] == [["KT-2022-013"]]


def test_tiebreak_names_only_nominees(kb):
    path = kb / "content/selections/2022/PX-2022-001.yml"
    path.write_text(path.read_text(encoding="utf-8") + "tiebreak: [KT-2022-001]\n", encoding="utf-8")
    found = [i for i in validate(kb).report.issues if i.code == "selection-invalid"]
    assert [(i.field, i.line) for i in found] == [("tiebreak[0]", 9)]


def test_the_same_entry_awarded_twice_in_one_prize(kb):
    text = """id: {id}\nname: 2022年度秦电职工创新成果奖\nlevel: 厂级\ngrade: {grade}\ncategory: 创新项目\nyear: 2022
granted_by: 厂工会\namount: {amount}\nrecipients: [KT-2022-011]\n"""
    write(kb, "content/awards/JL-2022-001.yml", text.format(id="JL-2022-001", grade="一等奖", amount=5000))
    rel = write(kb, "content/awards/JL-2022-002.yml", text.format(id="JL-2022-002", grade="三等奖", amount=1500))
    found = [i for i in validate(kb).report.issues if i.code == "award-mismatch"]
    assert [(i.path, i.line) for i in found] == [(rel, 9)] and "JL-2022-001" in found[0].message


SELECTION_REL = "content/selections/2022/PX-2022-001.yml"


def test_a_missing_score_sheet_is_an_error_once_the_selection_has_results(kb):
    own_rules(kb, quotas=(1, 1, 1))
    clean_sheets(kb)
    run_cli("--root", str(kb), "awards", "2022", "--write")
    (kb / "content/scores/2022/PF-2022-003.yml").unlink()
    found = [i for i in validate(kb).report.issues if i.severity == "error"]
    assert [(i.code, i.path, i.line) for i in found] == [("score-missing", SELECTION_REL, 7)]
    assert "QD10013" in found[0].message and "qinchuang new scoresheet --selection PX-2022-001" in found[0].hint
    # swapped grades are not hidden behind the missing sheet: the sheet is what is reported
    status, out, _ = run_cli("--root", str(kb), "awards", "2022")
    assert status == 1 and "尚缺 QD10013" in out and "暂定" in out and "全部与奖励台账一致" not in out


def test_awards_write_waits_for_every_sheet(kb):
    own_rules(kb, quotas=(1, 1, 1))
    clean_sheets(kb)
    (kb / "content/scores/2022/PF-2022-003.yml").unlink()
    assert codes_at(kb) == []  # scoring still going on, nothing published: not an error yet
    status, out, _ = run_cli("--root", str(kb), "awards", "2022", "--write")
    assert status == 1 and "尚缺 QD10013" in out and "评分表 2 张" in out
    assert not list((kb / "content/awards").glob("JL-2022-*.yml"))


def test_an_undecided_tie_is_reported_once_at_the_selection(kb):
    own_rules(kb, quotas=(1, 1, 1))
    sheet(kb, 1, "QD10011", {"KT-2022-012": 9, "KT-2022-013": 9, "KT-2022-014": 6})
    sheet(kb, 2, "QD10012", {"KT-2022-011": 7, "KT-2022-013": 9})
    sheet(kb, 3, "QD10013", {"KT-2022-011": 7.5, "KT-2022-012": 9, "KT-2022-014": 6.5})
    found = [i for i in validate(kb).report.issues if i.severity == "error"]
    assert [(i.code, i.path) for i in found] == [("selection-invalid", SELECTION_REL), ("award-missing", SELECTION_REL)]
    tie = found[0]
    assert "KT-2022-012、KT-2022-013 同分" in tie.message and "tiebreak" in tie.hint
    assert "KT-2022-012" not in found[1].message and "KT-2022-013" not in found[1].message  # undecided, not missing
    status, out, _ = run_cli("--root", str(kb), "awards", "2022")
    assert status == 1 and "请评审组决定" in out
    table = [line.split() for line in out.splitlines() if line.split() and line.split()[0].isdigit()]
    assert {row[1]: row[4] for row in table}["KT-2022-013"] == "同分待定"
    assert "评审组决定同分先后后再加 --write 写入" in out
    # the award given to either tied entry, without a tiebreak: still the tie, never "应为不获奖"
    for n, winner in enumerate(("KT-2022-013", "KT-2022-012"), start=1):
        write(kb, f"content/awards/JL-2022-00{n}.yml", f"""id: JL-2022-00{n}\nname: 2022年度秦电职工创新成果奖
level: 厂级\ngrade: 一等奖\ncategory: 创新项目\nyear: 2022\ngranted_by: 厂工会\namount: 5000\nrecipients: [{winner}]
""")
        if n == 2:
            (kb / "content/awards/JL-2022-001.yml").unlink()
        codes = [c for c, _, _ in codes_at(kb)]
        assert "selection-invalid" in codes and "award-ranking" not in codes, codes


def test_every_sheet_in_and_the_ledger_missing_is_one_error(kb):
    clean_sheets(kb)
    found = [i for i in validate(kb).report.issues if i.severity == "error"]
    assert [(i.code, i.path, i.line) for i in found] == [("award-missing", SELECTION_REL, 8)]
    assert all(n in found[0].message for n in ("KT-2022-011", "KT-2022-012", "KT-2022-013", "KT-2022-014"))
    assert "qinchuang awards 2022 --write" in found[0].hint
    status, out, err = run_cli("--root", str(kb), "awards", "2022", "--write")
    assert status == 0, out + err
    assert codes_at(kb) == []


def test_a_sheet_with_an_unknown_expert_is_one_error(kb):
    clean_sheets(kb)
    run_cli("--root", str(kb), "awards", "2022", "--write")
    path = kb / "content/scores/2022/PF-2022-003.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("QD10013", "QD99999"), encoding="utf-8")
    assert [c for c, _, _ in codes_at(kb)] == ["ref-unknown"]


def test_a_wrong_type_nominee_is_one_error(kb):
    clean_sheets(kb)
    path = kb / SELECTION_REL
    path.write_text(path.read_text(encoding="utf-8").replace("KT-2022-014]", "KT-2022-014, LW-2021-001]"),
                    encoding="utf-8")
    run_cli("--root", str(kb), "awards", "2022", "--write")
    assert [c for c, _, _ in codes_at(kb)] == ["selection-invalid"]


def test_a_sheet_dated_after_the_award_date(kb):
    clean_sheets(kb)
    path = kb / "content/scores/2022/PF-2022-002.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2022-12-10", "date: 2022-12-30"), encoding="utf-8")
    found = [i for i in validate(kb).report.issues if i.code == "score-sheet"]
    assert [(i.path, i.line) for i in found] == [("content/scores/2022/PF-2022-002.yml", 5)]
    assert "晚于" in found[0].message


def test_a_bad_trim_at_is_explained_in_chinese(kb):
    own_rules(kb)
    rules = kb / "site_config" / "rules.yml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("trim_at: 5", "trim_at: 2"), encoding="utf-8")
    status, out, err = run_cli("validate", str(kb))
    assert status == 2 and "trim_at" in err and "不能小于 3" in err and "greater" not in err
