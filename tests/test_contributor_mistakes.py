"""Mistakes a plant employee makes, one small edit each, on a valid knowledge base (tests/kb_small).

For every mistake `validate` must report exactly one problem (errors and warnings; the 提示 of the
targets stage are not problems), in the edited file only, at the line of the mistake, with a
message or hint that says what to type; the command exits 1 and never shows a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conftest import run_cli
from generator.issues import Severity
from generator.validation import validate


@dataclass(frozen=True)
class Mistake:
    name: str
    file: str  # under content/
    old: str
    new: str
    code: str
    line: int
    fix: tuple[str, ...]  # each must appear in the message or the hint


P21 = "projects/2021/KT-2021-001.md"
P22 = "projects/2022/KT-2022-001.md"
PAPER = "papers/2021/LW-2021-001.md"

MISTAKES = [
    # --- invisible whitespace and punctuation from Chinese input methods ---------------
    Mistake("base-fullwidth-colon", "bases/FJD-01.yml", "name: 锅炉", "name：锅炉", "fullwidth-colon", 2,
            ("name: ",)),
    Mistake("person-fullwidth-colon", "people/QD10002.yml", "position: ", "position：", "fullwidth-colon", 4,
            ("position: ",)),
    Mistake("ideographic-space-after-colon", P21, "title: 降低", "title:\u3000降低", "fullwidth-space", 3,
            ("半角空格", "第 7 列")),
    Mistake("nbsp-after-colon", P21, "title: 降低", "title:\u00a0降低", "nbsp", 3, ("普通空格", "第 7 列")),
    Mistake("nbsp-in-indent", P21, "  - person: QD10002", "\u00a0 - person: QD10002", "nbsp", 15,
            ("普通空格", "第 1 列")),
    Mistake("no-space-after-colon", P22, "status: 实施", "status:实施", "colon-no-space", 8, ("status: 实施",)),
    Mistake("tab-indent", P21, "    role: 导师", "\trole: 导师", "tab-indent", 16, ("空格",)),
    Mistake("ideographic-indent", P21, "    role: 导师", "\u3000\u3000role: 导师", "ideographic-space", 16,
            ("半角空格",)),
    Mistake("dunhao-in-flow-list", P21, "[低温再热器, 管壁超温, 燃烧调整]", "[低温再热器、管壁超温、燃烧调整]",
            "flow-list-comma", 11, ("低温再热器, 管壁超温, 燃烧调整",)),
    Mistake("dunhao-in-paper-keywords", PAPER, "[再热器, 管壁超温, 配风调整]", "[再热器，管壁超温，配风调整]",
            "flow-list-comma", 13, ("再热器, 管壁超温, 配风调整",)),
    Mistake("soft-hyphen-in-title", P22, "滤网在线", "滤网\u00ad在线", "invisible-char", 3, ("删除",)),
    Mistake("duplicate-key", P21, "category: 技术", "year: 2021\ncategory: 技术", "yaml-duplicate-key", 7,
            ("year",)),
    # --- people: ids and names -----------------------------------------------------------
    Mistake("person-id-typo", P21, "person: QD10003", "person: QD10030", "ref-unknown", 17,
            ("QD10003", "李晓雨")),
    Mistake("person-name-for-id", P21, "person: QD10002", "person: 王志刚", "ref-name", 15,
            ("QD10002", "王志刚")),
    Mistake("paper-author-name", PAPER, "  - QD10003\n", "  - 李晓雨\n", "ref-name", 6, ("QD10003",)),
    Mistake("paper-author-stranger", PAPER, "  - QD10003\n", "  - 陈一鸣\n", "ref-name", 6,
            ("name:", "org:")),
    Mistake("studio-leader-typo", "studios/GZS-01.md", "leader: QD10001", "leader: QD1001", "ref-unknown", 4,
            ("QD10001", "关健")),
    Mistake("studio-member-name", "studios/GZS-01.md", "[QD10002, QD10003]", "[王志刚, QD10003]", "ref-name", 5,
            ("QD10002",)),
    Mistake("facility-contact-name", "facilities/SS-01.yml", "contact: QD10004", "contact: 赵建国", "ref-name", 5,
            ("QD10004",)),
    Mistake("bulletin-editor-unknown", "bulletins/2022-03.md", "editor: QD10004", "editor: QD20004",
            "ref-unknown", 4, ("QD10004", "赵建国")),
    Mistake("base-head-placeholder", "bases/FJD-01.yml", "head: QD10001", "head: 待填写", "placeholder", 5,
            ("QD10001 关健",)),
    # --- 分基地, studios, projects, papers -------------------------------------------------
    Mistake("base-name-for-id", P21, "base: FJD-01", "base: 锅炉分场分基地", "ref-name", 5, ("FJD-01",)),
    Mistake("base-new-name", "people/QD10005.yml", "base: FJD-02", "base: 电气分场分基地", "ref-name", 3,
            ("FJD-01 锅炉分场分基地", "FJD-02 汽机分场分基地")),
    Mistake("base-unknown-id", P22, "base: FJD-02", "base: FJD-09", "ref-unknown", 5,
            ("FJD-02 汽机分场分基地",)),
    Mistake("base-placeholder", P22, "base: FJD-02", "base: 待填写", "placeholder", 5, ("FJD-01", "FJD-02")),
    Mistake("person-base-short", "people/QD10004.yml", "base: FJD-02", "base: FJD-2", "schema-value", 3,
            ("FJD-02",)),
    Mistake("paper-project-typo", PAPER, "project: KT-2021-001", "project: KT-2021-01", "schema-value", 10,
            ("KT-2021-001", "降低1号炉")),
    Mistake("anthology-paper-typo", "anthology/2021.yml", "[LW-2021-001]", "[LW-2021-010]", "ref-unknown", 14,
            ("LW-2021-001", "低负荷工况")),
    Mistake("target-base-typo", "targets/2022.yml", "FJD-02: 1", "FJD-20: 1", "ref-unknown", 8,
            ("FJD-02 汽机分场分基地",)),
    Mistake("award-recipient-typo", "awards/JL-2021-002.yml", "[GZS-01]", "[GZS-10]", "ref-unknown", 9,
            ("GZS-01", "关健创新工作室")),
    # --- values, units and vocabularies -----------------------------------------------------
    Mistake("benefit-in-yuan", P21, "amount: 36.5", "amount: 365000", "schema-value", 32, ("万元", "36.5")),
    Mistake("attendance-too-many", "events/2022/HD-2022-001.yml", "attendance: 42", "attendance: 42000",
            "schema-value", 8, ("人",)),
    Mistake("award-amount-decimal", "awards/JL-2021-001.yml", "amount: 5000", "amount: 0.5", "schema-type", 9,
            ("元",)),
    Mistake("category-vocab", P21, "category: 技术", "category: 技术类", "schema-vocab", 7, ("技术",)),
    Mistake("title-level-vocab", "people/QD10001.yml", "level: 省级\n    year: 2019", "level: 省部级\n    year: 2019",
            "schema-vocab", 9, ("省级",)),
    Mistake("unknown-field", P22, "category: 技术", "categroy: 技术", "schema-unknown-field", 6, ("category",)),
    Mistake("empty-title", "events/2022/HD-2022-001.yml", "title: 2022年第一季度创新工作推进例会", "title:",
            "schema-value", 5, ("不能为空",)),
    Mistake("year-typo", "awards/JL-2021-001.yml", "year: 2021", "year: 221", "schema-value", 6, ("1990",)),
    # --- dates and the life of a project ------------------------------------------------------
    Mistake("date-slashes", "experience/JY-2022-001.md", "date: 2022-04-06", "date: 2022/4/6", "date-format", 5,
            ("2022-04-06",)),
    Mistake("date-does-not-exist", "software/RZ-2021-001.yml", "registered: 2021-12-10", "registered: 2021-02-30",
            "date-invalid", 4, ("这个月没有这一天",)),
    Mistake("dates-out-of-order", P22, "approved: 2022-03-01", "approved: 2022-01-01", "date-order", 17,
            ("立项日期",)),
    Mistake("completed-without-date", P22, "status: 实施", "status: 完成", "status-dates", 8,
            ("completed", "一题三效")),
    Mistake("completed-date-on-running", P22, "started: 2022-03-15", "started: 2022-03-15\ncompleted: 2022-10-01",
            "status-dates", 19, ("状态",)),
    # --- numbers with check digits -------------------------------------------------------------
    Mistake("patent-check-digit", "patents/ZL-2021-001.yml", "application_no: 202120123456.2",
            "application_no: 202120123456.3", "patent-check-digit", 4, ("2",)),
    Mistake("software-number", "software/RZ-2021-001.yml", "2021SR1234567", "2021SR12345", "software-number", 3,
            ("2021SR0123456",)),
    Mistake("two-leaders", P22, "    role: 导师", "    role: 组长", "team-leader", 13, ("组长", "导师")),
    Mistake("same-person-twice", P22, "  - person: QD10005", "  - person: QD10004", "ref-repeated", 14, ("删除重复",)),
    # --- more of the same kinds -------------------------------------------------------------------
    Mistake("unclosed-quote", P21, "title: 降低1号炉低温再热器管壁超温次数", 'title: "降低1号炉低温再热器管壁超温次数',
            "yaml-unclosed-quote", 3, ("引号未闭合", 'title: "降低1号炉低温再热器管壁超温次数"')),
    Mistake("unclosed-bracket", P21, "[低温再热器, 管壁超温, 燃烧调整]", "[低温再热器, 管壁超温, 燃烧调整", "yaml-syntax", 11,
            ("方括号",)),
    Mistake("hash-starts-a-value", P22, "title: 汽机", "title: #2机", "yaml-hash-comment", 3, ("加引号", "#2机润滑油")),
    Mistake("keywords-as-text", P21, "keywords: [低温再热器, 管壁超温, 燃烧调整]", "keywords: 低温再热器、管壁超温、燃烧调整",
            "schema-type", 11, ("[低温再热器, 管壁超温, 燃烧调整]",)),
    Mistake("amount-with-unit", P21, "amount: 36.5", "amount: 36.5万元", "schema-type", 32, ("36.5", "万元")),
    Mistake("amount-with-thousands", P21, "amount: 36.5", "amount: 3,650", "schema-type", 32, ("3650",)),
    Mistake("date-in-chinese", P22, "proposed: 2022-02-14", "proposed: 2022年2月14日", "date-format", 16, ("2022-02-14",)),
    Mistake("empty-list-item", P21, "team:\n", "team:\n  -\n", "schema-value", 13, ("删除这个空的",)),
    Mistake("colon-no-space-in-list", P21, "  - person: QD10001", "  - person:QD10001", "colon-no-space", 13,
            ("- person: QD10001",)),
    Mistake("dash-no-space", PAPER, "  - QD10003\n", "  -QD10003\n", "dash-no-space", 6, ("- QD10003",)),
    Mistake("award-recipient-by-title", "awards/JL-2021-001.yml", "recipients: [KT-2021-001]",
            "recipients: [降低1号炉低温再热器管壁超温次数]", "ref-name", 10, ("KT-2021-001",)),
    Mistake("studio-by-name", P21, "studio: GZS-01", "studio: 关健创新工作室", "ref-name", 6, ("GZS-01",)),
    Mistake("experience-author-name", "experience/JY-2022-001.md", "author: QD10001", "author: 关健", "ref-name", 4,
            ("QD10001",)),
    Mistake("software-author-name", "software/RZ-2021-001.yml", "authors: [QD10002]", "authors: [王志刚]", "ref-name", 6,
            ("QD10002",)),
    Mistake("patent-type-vocab", "patents/ZL-2021-001.yml", "type: 实用新型", "type: 实用新型专利", "schema-vocab", 3,
            ("实用新型",)),
    Mistake("patent-granted-without-number", "patents/ZL-2021-001.yml", "grant_no: ZL202120123456.2\n", "",
            "patent-status", 6, ("grant_no",)),
    Mistake("target-split", "targets/2022.yml", "      FJD-02: 1", "      FJD-02: 2", "target-split", 6, ("by_base",)),
    Mistake("anthology-paper-twice", "anthology/2021.yml", "[LW-2021-001]", "[LW-2021-001, LW-2021-001]",
            "anthology-selection", 14, ("删除",)),
    Mistake("studio-levels-order", "studios/GZS-01.md", "    date: 2021-06-18", "    date: 2019-01-18", "studio-levels", 15,
            ("时间先后",)),
    Mistake("html-in-abstract", PAPER, "abstract: 针对", "abstract: <b>针对</b>", "html-in-text", 12, ("尖括号",)),
    # --- found by the tester after the first round -------------------------------------------
    Mistake("benefit-in-yuan-with-thousands", P21, "amount: 36.5", "amount: 365,000", "schema-type", 32,
            ("万元", "请填 36.5")),
    Mistake("person-id-not-file-name", "people/QD10003.yml", "id: QD10003", "id: QD10030", "id-filename", 1,
            ("QD10003",)),
    Mistake("fullwidth-digits-in-id", P21, "person: QD10003", "person: ＱＤ１０００３", "ref-fullwidth", 17,
            ("QD10003", "李晓雨", "全角")),
    Mistake("lowercase-id", P21, "person: QD10003", "person: qd10003", "schema-value", 17, ("QD10003", "李晓雨")),
    Mistake("unclosed-quote-in-date", P21, "proposed: 2021-02-20", "proposed: '2021-02-20", "yaml-unclosed-quote", 19,
            ("引号未闭合", "proposed: '2021-02-20'")),
    Mistake("unclosed-quote-before-a-quoted-value", P21, "proposed: 2021-02-20\napproved: 2021-03-05",
            "proposed: '2021-02-20\napproved: '2021-03-05'", "yaml-unclosed-quote", 19,
            ("引号未闭合", "proposed: '2021-02-20'")),
    # --- the body ------------------------------------------------------------------------------
    Mistake("mobile-in-body", P22, "需停机清理。", "需停机清理，联系 13912345678。", "pii-mobile", 26, ("删除",)),
]


def _mutate(root, m: Mistake) -> None:
    path = root / "content" / m.file
    text = path.read_text(encoding="utf-8")
    assert text.count(m.old) >= 1, f"{m.name}: the sample no longer contains {m.old!r}"
    path.write_text(text.replace(m.old, m.new, 1), encoding="utf-8")


def _problems(report):
    return [i for i in report.issues if i.severity != Severity.INFO]


def test_the_unmutated_base_is_clean(kb_root):
    assert _problems(validate(kb_root).report) == []


@pytest.mark.parametrize("m", MISTAKES, ids=[m.name for m in MISTAKES])
def test_one_mistake_one_message(kb_root, m: Mistake):
    _mutate(kb_root, m)
    problems = _problems(validate(kb_root).report)
    shown = "\n".join(f"{i.path}:{i.line} {i.code} {i.message} / {i.hint}" for i in problems)
    assert len(problems) == 1, shown
    found = problems[0]
    assert (found.path, found.code, found.line) == (f"content/{m.file}", m.code, m.line), shown
    for words in m.fix:
        assert words in found.message + found.hint, shown
    if m.name == "lowercase-id":
        assert "不是姓名" not in found.message + found.hint, shown
    code, out, err = run_cli("--root", str(kb_root), "validate")
    assert code == 1
    assert "Traceback" not in out + err
