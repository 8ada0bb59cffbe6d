"""合理化建议 and “五小”成果, as the union office and an employee meet them: written with `new`,
checked by `validate` (with the mistakes people make), shown on the portal, found by search,
exported, counted in the bulletin and on the dashboard.

The knowledge base is tests/kb_small (without its own proposals) plus a handful of proposals written here, one of each
decision; every expected figure below is worked out from these files, by hand.
"""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest

from conftest import make_root, run_cli
from generator.validation import validate

TODAY = date(2026, 11, 26)

ADOPTED = """\
id: HL-2022-001
year: 2022
title: 磨煤机出口温度测点加装防磨套管
proposers: [QD10002, QD10003]
base: FJD-01
date: 2022-03-08
category: 设备检修
problem: |
  磨煤机出口温度测点套管磨损快，平均三个月就要更换一次，更换时测点失灵。
proposal: |
  在测点套管外加装耐磨陶瓷防磨套，迎风面加一块导流板。
keywords: [磨煤机, 测点]
decision: 采纳
decided: 2022-03-25
implementation:
  date: 2022-04-20
  note: 已在 1、2 号炉四台磨煤机实施。
  benefit:
    amount: 1.2
    basis: 年少更换套管 16 次 × 750 元
bonus: 200
"""

REJECTED = """\
id: HL-2022-002
year: 2022
title: 输煤栈桥加装暖风机
proposers: [QD10004]
base: FJD-02
date: 2022-03-15
category: 职工生活
problem: 冬季输煤栈桥温度低，巡检人员受冻。
proposal: 在栈桥两端各加装一台电暖风机。
decision: 不采纳
decided: 2022-04-02
reason: 栈桥属粉尘场所，电暖风机有引燃煤粉的风险；改为发放防寒服。
"""

TO_PROJECT = """\
id: HL-2022-003
year: 2022
title: 润滑油滤网改为在线切换
proposers: [QD10005]
base: FJD-02
date: 2022-01-20
category: 技术改进
problem: 润滑油滤网压差高时只能停机清理。
proposal: 把单滤网改为双联滤网，加装切换阀，运行中切换清理。
decision: 转为课题
decided: 2022-02-10
project: KT-2022-001
bonus: 100
"""

PENDING = """\
id: HL-2022-004
year: 2022
title: 化学加药间增设洗眼器
proposers: [QD10006]
base: FJD-02
date: 2022-05-06
category: 安全生产
problem: 加药间没有洗眼器，药液溅入眼睛时要跑到楼外冲洗。
proposal: 在加药间门口增设一台立式洗眼器。
decision: 待评审
"""

WUXIAO = """\
id: WX-2022-001
year: 2022
title: 一种阀门手轮加力扳手
proposers: [QD10001]
base: FJD-01
date: 2022-03-28
category: 小革新
problem: 大口径阀门手轮锈死时，巡检人员用管子套手轮加力，容易打滑伤手。
proposal: 制作一把卡爪式加力扳手，卡住手轮轮辐后加力，不打滑。
decision: 采纳
decided: 2022-04-12
implementation:
  date: 2022-05-01
  note: 制作 6 把，配发锅炉、汽机各班组。
bonus: 300
"""

WUXIAO_REJECTED = """\
id: WX-2022-002
year: 2022
title: 皮带机托辊自动注油器
proposers: [QD10002]
base: FJD-01
date: 2022-06-09
category: 小发明
problem: 托辊注油靠人工，漏注的托辊容易卡死。
proposal: 在每组托辊上装一个重力滴油器。
decision: 不采纳
decided: 2022-06-30
reason: 现用托辊为免维护密封轴承，无需注油。
"""

FILES = {"content/suggestions/2022/HL-2022-001.yml": ADOPTED, "content/suggestions/2022/HL-2022-002.yml": REJECTED,
         "content/suggestions/2022/HL-2022-003.yml": TO_PROJECT, "content/suggestions/2022/HL-2022-004.yml": PENDING,
         "content/wuxiao/2022/WX-2022-001.yml": WUXIAO, "content/wuxiao/2022/WX-2022-002.yml": WUXIAO_REJECTED}
PROJECT = "content/projects/2022/KT-2022-001.md"


def write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def own_proposals_only(root):
    """kb_small without its own proposals: the figures below count these six files only."""
    for folder in ("suggestions", "wuxiao"):
        shutil.rmtree(root / "content" / folder, ignore_errors=True)
    return root


@pytest.fixture
def root(tmp_path):
    root = own_proposals_only(make_root(tmp_path))
    for rel, text in FILES.items():
        write(root, rel, text)
    # the project the suggestion became names it back
    project = (root / PROJECT).read_text(encoding="utf-8")
    write(root, PROJECT, project.replace("status: 实施\n", "status: 实施\norigin: HL-2022-003\n", 1))
    return root


def issues_of(root, rel):
    return [(i.code, i.line) for i in validate(root, today=TODAY).report.issues if i.path == rel]


def line_of(text, start):
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_one_of_each_decision_is_valid(root):
    report = validate(root, today=TODAY).report
    assert [i for i in report.issues if i.severity != "info"] == []
    kb = validate(root, today=TODAY).kb
    # the lists 比学赶超 reads: a decision and a 分基地 on each
    assert [(s.id, s.decision, s.base) for s in kb.suggestions] == [
        ("HL-2022-001", "采纳", "FJD-01"), ("HL-2022-002", "不采纳", "FJD-02"),
        ("HL-2022-003", "转为课题", "FJD-02"), ("HL-2022-004", "待评审", "FJD-02")]
    assert [(w.id, w.category, w.decision) for w in kb.wuxiao] == [("WX-2022-001", "小革新", "采纳"),
                                                                   ("WX-2022-002", "小发明", "不采纳")]


# An employee's mistakes: (file, what they wrote instead, the code, the line it must be reported at)
MISTAKES = [
    ("HL-2022-002", REJECTED.replace("reason: 栈桥属粉尘场所，电暖风机有引燃煤粉的风险；改为发放防寒服。\n", ""),
     "decision-reason", "decision:"),
    ("HL-2022-002", REJECTED.replace("reason: 栈桥属粉尘场所，电暖风机有引燃煤粉的风险；改为发放防寒服。", "reason: ''"),
     "schema-value", "reason:"),  # an empty reason: the field's own check, at its line
    ("HL-2022-003", TO_PROJECT.replace("KT-2022-001", "KT-2022-091"), "ref-unknown", "project:"),
    ("HL-2022-003", TO_PROJECT.replace("project: KT-2022-001\n", ""), "decision-project", "decision:"),
    ("HL-2022-001", ADOPTED.replace("decided: 2022-03-25\n", "decided: 2022-03-25\nproject: KT-2022-001\n"),
     "decision-project", "project:"),
    ("HL-2022-001", ADOPTED.replace("category: 设备检修", "category: 合理化"), "schema-vocab", "category:"),
    ("HL-2022-001", ADOPTED.replace("[QD10002, QD10003]", "[QD10002, QD19003]"), "ref-unknown", "proposers:"),
    ("HL-2022-001", ADOPTED.replace("[QD10002, QD10003]", "[QD10002, 李晓雨]"), "ref-name", "proposers:"),
    ("HL-2022-004", PENDING.replace("year: 2022", "year: 2026").replace("2022-05-06", "2026-12-20")
     .replace("HL-2022-004", "HL-2026-001"), "date-future", "date:"),
    ("HL-2022-002", REJECTED + "bonus: 200\n", "decision-bonus", "bonus:"),
    ("HL-2022-004", PENDING + "bonus: 50\n", "decision-bonus", "bonus:"),
    ("HL-2022-002", REJECTED.replace("decided: 2022-04-02\n", ""), "decision-date", "decision:"),
    ("HL-2022-004", PENDING + "decided: 2022-05-20\n", "decision-date", "decided:"),
    ("HL-2022-002", REJECTED.replace("decided: 2022-04-02", "decided: 2022-03-01"), "date-order", "decided:"),
    ("HL-2022-001", ADOPTED.replace("date: 2022-04-20", "date: 2022-03-20"), "date-order", "  date:"),
    ("HL-2022-002", REJECTED + "implementation:\n  date: 2022-05-01\n  note: 已装好。\n", "decision-implemented",
     "implementation:"),
    ("HL-2022-001", ADOPTED.replace("bonus: 200", "bonus: 200元"), "schema-type", "bonus:"),
    ("HL-2022-001", ADOPTED.replace("date: 2022-03-08", "date: 2021-12-28"), "date-order", "date:"),
    # a proposal's benefit is checked like a project's (issue 19, finding 3)
    ("HL-2022-001", ADOPTED.replace("basis: 年少更换套管 16 次 × 750 元", "basis: 投诉由 58 次降至 17 次，折合 1.2 万元"),
     "benefit-conversion", "    basis:"),
    ("WX-2022-001", WUXIAO.replace("bonus: 300", "  benefit: {amount: 3, basis: 经测算约节约 3 万元}\nbonus: 300"),
     "benefit-conversion", "  benefit:"),
    ("WX-2022-001", WUXIAO.replace("category: 小革新", "category: 小窍门"), "schema-vocab", "category:"),
    ("WX-2022-001", WUXIAO.replace("decision: 采纳", "decision: 同意"), "schema-vocab", "decision:"),
]


@pytest.mark.parametrize("name, text, code, where", MISTAKES, ids=[f"{m[0]}-{m[2]}-{i}" for i, m in enumerate(MISTAKES)])
def test_an_employees_mistake_is_one_clear_error_at_its_line(root, name, text, code, where):
    folder = "wuxiao" if name.startswith("WX") else "suggestions"
    old = next(rel for rel in FILES if name in rel)
    (root / old).unlink()
    ident = re.search(r"^id: (\S+)", text, re.M).group(1)
    rel = f"content/{folder}/{ident[3:7]}/{ident}.yml"
    write(root, rel, text)
    report = validate(root, today=TODAY).report
    mine = [(i.code, i.line) for i in report.issues if i.path == rel and i.severity != "info"]
    assert mine == [(code, line_of(text, where))], mine
    message = next(i for i in report.issues if i.code == code)
    assert re.search(r"[\u4e00-\u9fff]", message.message) and message.hint


def test_the_project_must_name_the_suggestion_back(root):
    project = (root / PROJECT).read_text(encoding="utf-8")
    write(root, PROJECT, project.replace("origin: HL-2022-003\n", ""))
    assert issues_of(root, "content/suggestions/2022/HL-2022-003.yml") == [("ref-mismatch", line_of(TO_PROJECT, "project:"))]
    # a project claiming to come from a suggestion that was not turned into it
    write(root, PROJECT, project.replace("origin: HL-2022-003", "origin: HL-2022-001"))
    found = issues_of(root, PROJECT)
    assert found == [("ref-mismatch", line_of((root / PROJECT).read_text(encoding="utf-8"), "origin:"))], found


def test_new_suggestion_for_last_year_then_filled_in_validates(root):
    code, out, err = run_cli("--root", str(root), "new", "suggestion", "--year", "2022")
    assert code == 0, err
    rel = "content/suggestions/2022/HL-2022-005.yml"
    assert rel in out
    text = (root / rel).read_text(encoding="utf-8")
    assert re.search(r"^year: 2022$", text, re.M) and "# " in text
    codes = {c for c, _ in issues_of(root, rel)}
    assert codes == {"placeholder"}, codes
    filled = {"title": "引风机轴承温度加装远传", "problem": "轴承温度只能就地看。", "proposal": "加装远传测点。"}
    for key, value in filled.items():
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, flags=re.M)
    text = re.sub(r"^(\s*- |proposers:\s*\[?)【待填写】", r"\g<1>QD10001", text, flags=re.M)
    text = re.sub(r"^base: .*$", "base: FJD-01", text, flags=re.M)
    write(root, rel, text)
    assert [c for c in issues_of(root, rel)] == [], text


def test_new_wuxiao_takes_the_five_classes(root):
    code, out, err = run_cli("--root", str(root), "new", "wuxiao", "--stdout")
    assert code == 0, err
    assert re.search(rf"^id: WX-{date.today().year}-001$", out, re.M)
    assert all(word in out for word in ("小发明", "小创造", "小革新", "小设计", "小建议"))


def test_schema_export_has_both_kinds(root, tmp_path):
    import json

    from generator.config import load_config
    from generator.schema_export import entry_schema

    config = load_config(root)
    s = entry_schema("suggestion", config)
    assert set(s["required"]) >= {"id", "year", "title", "proposers", "base", "date", "category", "problem",
                                  "proposal", "decision"}
    assert s["properties"]["category"]["enum"] == config.vocab["suggestion_category"]
    decision = json.dumps(s["properties"]["decision"], ensure_ascii=False)
    assert all(v in decision for v in ("采纳", "不采纳", "转为课题", "待评审"))
    w = entry_schema("wuxiao", config)
    assert w["properties"]["category"]["enum"] == ["小发明", "小创造", "小革新", "小设计", "小建议"]
    committed = json.loads((root / "site_config/schema/suggestion.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(s))  # `qinchuang schema` was run after the model changed


def test_the_form_writes_a_rejected_suggestion_only_with_its_reason(browser, root, tmp_path):
    from test_contribute_form import accept, open_form, produce

    page, errors = open_form(browser, root, "suggestion", tmp_path)
    page.fill("[data-path=title]", "输煤栈桥加装暖风机")
    page.fill("[data-path=proposers]", "赵建国")  # a name: the picker turns a unique one into the 工号
    page.fill("[data-path=base]", "FJD-02")
    page.fill("[data-path=date]", "2022-03-15")
    page.select_option("[data-path=category]", "职工生活")
    page.fill("[data-path=problem]", "冬季输煤栈桥温度低，巡检人员受冻。")
    page.fill("[data-path=proposal]", "在栈桥两端各加装一台电暖风机。")
    page.select_option("[data-path=decision]", "不采纳")
    page.fill("[data-path=decided]", "2022-04-02")
    page.fill("[data-path=bonus]", "100")
    out = produce(page)
    assert "没有写理由" in out["errors"] and "却登记了奖金 100 元" in out["errors"], out["errors"]
    assert page.is_disabled("button[data-action=download]")
    page.fill("[data-path=reason]", "栈桥属粉尘场所，电暖风机有引燃煤粉的风险。")
    page.fill("[data-path=bonus]", "")
    out = produce(page)
    assert out["status"].startswith("检查通过"), out["errors"]
    assert out["path"] == "content/suggestions/2022/HL-2022-005.yml"
    assert accept(root, out) == [] and errors == []


def test_per_head_uses_the_sub_bases_headcount_when_its_file_has_one(root):
    from generator.kb.proposals import Headcount, base_headcount, per_head, proposals

    base = root / "content/bases/FJD-01.yml"
    base.write_text(base.read_text(encoding="utf-8") + "headcount:\n  2022: 150\n", encoding="utf-8")
    kb = validate(root, today=TODAY).kb
    assert base_headcount(kb, "FJD-01", 2022) == Headcount(150, True)
    # FJD-02's file has none: its three people with an entry, labelled as such by the dashboard
    assert base_headcount(kb, "FJD-02", 2022) == Headcount(3, False)
    mine = proposals(kb, 2022, "FJD-01")  # HL-2022-001, WX-2022-001, WX-2022-002
    assert [p.id for p in mine] == ["HL-2022-001", "WX-2022-001", "WX-2022-002"]
    assert per_head(len(mine), base_headcount(kb, "FJD-01", 2022)) == 3 / 150


def test_fifty_thousand_wan_from_complaints_is_flagged(root):
    """The tester's case: 50000 万元 a year from a count of complaints, on a 合理化建议."""
    text = ADOPTED.replace("amount: 1.2", "amount: 50000").replace("basis: 年少更换套管 16 次 × 750 元",
                                                                   "basis: 投诉由 58 次降至 17 次")
    write(root, "content/suggestions/2022/HL-2022-001.yml", text)
    codes = {code for code, _ in issues_of(root, "content/suggestions/2022/HL-2022-001.yml")}
    assert {"benefit-conversion", "benefit-magnitude", "benefit-share"} <= codes, codes


def test_turned_into_a_project_before_the_project_was_proposed(root):
    """A suggestion is reviewed and turned into a project, then the project is proposed: a decision
    after the project's proposal is a wrong date, told at the suggestion's decided line, and the
    hint speaks of a suggestion's dates, not a project's (issue 19, finding 7)."""
    project = (root / PROJECT).read_text(encoding="utf-8")
    proposed = date.fromisoformat(re.search(r"^proposed: (\S+)", project, re.M).group(1))
    rel = "content/suggestions/2022/HL-2022-003.yml"
    text = (root / rel).read_text(encoding="utf-8")
    late = re.sub(r"^decided: \S+", f"decided: {proposed.replace(day=min(proposed.day + 3, 28))}", text, flags=re.M)
    late = re.sub(r"^date: \S+", f"date: {proposed.replace(day=1)}", late, flags=re.M)
    write(root, rel, late)
    report = validate(root, today=TODAY).report
    mine = [i for i in report.issues if i.path == rel and i.severity != "info"]
    assert [(i.code, i.line) for i in mine] == [("date-order", line_of(late, "decided:"))], mine
    assert "课题依次为" not in mine[0].hint and "评审" in mine[0].hint
