"""The office auditing benefit claims and chasing stalled projects: each implausible input, written
the way a project group would write it, must be flagged in its own file; honest records must not be.

Every case is one project dropped into kb_small (dates before its last record, 2022-05-20, unless
the case is about the reference date).
"""

from __future__ import annotations

from datetime import date

import pytest

from conftest import make_root
from generator.issues import Severity
from generator.validation import validate

REL = "content/projects/2021/KT-2021-009.md"
HEAD = """---
id: KT-2021-009
title: 降低2号炉排烟温度
year: 2021
base: FJD-01
category: 技术
area: 安全生产
status: {status}
team:
  - {{person: QD10001, role: 组长}}
  - {{person: QD10002, role: 导师}}
  - {{person: QD10003, role: 徒弟}}
proposed: 2021-02-01
approved: 2021-03-01
started: 2021-03-15
"""
DONE = """completed: 2021-06-30
appraisal: {date: 2021-07-20, body: 秦皇岛市科学技术局, level: 国内先进}
"""


def money(amount="18.6", unit="万元", period="{start: 2021-07-01, end: 2021-12-31}", kind="节约",
          method="节约标煤 207 吨（燃料分场月报）× 900 元/吨 = 18.63 万元", extra=""):
    lines = [f"  - type: {kind}", f"    amount: {amount}", f"    unit: {unit}"]
    if period:
        lines.append(f"    period: {period}")
    if method:
        lines.append(f"    method: {method}")
    return "\n".join(lines) + "\n" + extra


def project(body: str, status="鉴定", done=True) -> str:
    return HEAD.format(status=status) + (DONE if done else "") + body + "---\n\n正文。\n"


def findings(tmp_path, text: str, rel: str = REL, today=date(2026, 11, 26)):
    root = make_root(tmp_path)
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    report = validate(root, today=today).report
    return [i for i in report.issues if i.path == rel and i.severity != Severity.INFO], report


IMPLAUSIBLE = {
    "negative": project("benefits:\n" + money(amount="-5")),
    "zero": project("benefits:\n" + money(amount="0")),
    "yuan-written-as-wan": project("benefits:\n" + money(amount="186300")),
    "wan-written-as-yuan": project("benefits:\n" + money(amount="18.6", unit="元")),
    "unit-per-year": project("benefits:\n" + money(unit="万元/年")),
    "unit-ten-thousand-char": project("benefits:\n" + money(unit="万")),
    "physical-unit-as-money": project("benefits:\n" + money(amount="207", unit="吨标煤")),
    "non-economic-in-money": project("benefits:\n" + money(kind="非经济", method="")),
    "no-method": project("benefits:\n" + money(method="")),
    "metric-no-method": project("benefits:\n" + money(method="", extra="    metric: {name: 投诉, value: 41, unit: 次}\n")),
    "complaints-to-money": project("benefits:\n" + money(amount="357", kind="增收",
                                                         method="投诉由 58 次降至 17 次，按社会效益折算")),
    "method-just-says-estimated": project("benefits:\n" + money(method="经测算")),
    # a money figure beside a non-money count is not a conversion (issue 19, finding 1)
    "complaints-then-money": project("benefits:\n" + money(amount="357", kind="增收",
                                                           method="供热投诉由 58 次降至 17 次，折合经济效益 357 万元")),
    "outages-then-money": project("benefits:\n" + money(amount="12", kind="减损",
                                                        method="非停次数由 3 次降至 1 次，减少损失 12 万元")),
    "group-reckoned-money": project("benefits:\n" + money(amount="20", method="经课题组测算，年节约费用约 20 万元")),
    "estimated-money": project("benefits:\n" + money(amount="5", method="经测算约节约 5 万元")),
    "money-per-year-only": project("benefits:\n" + money(amount="20", method="年节约费用约 20 万元/年")),
    "metric-then-money": project("benefits:\n" + money(amount="30", kind="减损", method="投诉减少 41 件，折合 30 万元",
                                                       extra="    metric: {name: 投诉减少, value: 41, unit: 件}\n")),
    "estimate-money-only": project("benefit: {amount: 357, basis: 投诉由 58 次降至 17 次，折合 357 万元}\n"),
    "no-period": project("benefits:\n" + money(period="")),
    "period-reversed": project("benefits:\n" + money(period="{start: 2021-12-31, end: 2021-07-01}")),
    "period-spans-years": project("benefits:\n" + money(period="{start: 2021-07-01, end: 2022-06-30}")),
    "period-before-project": project("benefits:\n" + money(period="{start: 2020-01-01, end: 2020-12-31}")),
    "period-in-future": project("benefits:\n" + money(period="{start: 2026-12-01, end: 2026-12-31}")),
    "above-plant-share": project("benefits:\n" + money(amount="9800", kind="增收",
                                                       method="多发电 3 亿千瓦时 × 0.33 元/千瓦时")),
    "above-share-in-two-parts": project("benefits:\n" + money(amount="900", method="节约燃料 1 万吨 × 900 元/吨")
                                        + money(amount="900", kind="减损", method="减少检修 3 次 × 300 万元/次")),
    "same-record-twice": project("benefits:\n" + money() + money()),
    "same-saving-new-words": project("benefits:\n" + money()
                                     + money(period="{start: 2021-09-01, end: 2021-12-31}", method="四季度节煤")),
    "estimate-above-share": project("benefit: {amount: 5000, basis: 年节约燃料 5.5 万吨 × 900 元/吨}\n"),
    "estimate-without-price": project("benefit: {amount: 36, basis: 年节约补充水约 34 万吨，按综合水价计}\n"),
    "confirmed-before-period-ended": project("benefits:\n" + money(extra="    confirmed_by: 财务\n    confirmed: 2021-09-01\n")),
    "evidence-file-missing": project("benefits:\n" + money(extra="    confirmed_by: 财务\n    evidence: 财务核算单.pdf\n")),
    "licence-without-licensee": project("uses:\n  - {kind: 许可, where: [外单位], since: 2021-09-01}\n"),
    "used-before-project": project("uses:\n  - {kind: 推广应用, where: [3号炉], since: 2020-05-01}\n"),
}


# the check each case is for (other checks may speak too)
EXPECTED = {
    "negative": "benefit-amount", "zero": "benefit-amount", "yuan-written-as-wan": "benefit-magnitude",
    "wan-written-as-yuan": "benefit-magnitude", "unit-per-year": "benefit-unit", "unit-ten-thousand-char": "benefit-unit",
    "physical-unit-as-money": "benefit-unit", "non-economic-in-money": "benefit-unit", "no-method": "benefit-method",
    "metric-no-method": "benefit-method", "complaints-to-money": "benefit-conversion",
    "method-just-says-estimated": "benefit-conversion", "complaints-then-money": "benefit-conversion",
    "outages-then-money": "benefit-conversion", "group-reckoned-money": "benefit-conversion",
    "estimated-money": "benefit-conversion", "money-per-year-only": "benefit-conversion",
    "metric-then-money": "benefit-conversion", "estimate-money-only": "benefit-conversion", "no-period": "benefit-period",
    "period-reversed": "benefit-period", "period-spans-years": "benefit-period",
    "period-before-project": "benefit-before-start", "period-in-future": "date-future",
    "above-plant-share": "benefit-share", "above-share-in-two-parts": "benefit-share",
    "same-record-twice": "benefit-duplicate", "same-saving-new-words": "benefit-duplicate",
    "estimate-above-share": "benefit-share", "estimate-without-price": "benefit-conversion",
    "confirmed-before-period-ended": "benefit-confirmed", "evidence-file-missing": "attachment-missing",
    "licence-without-licensee": "use-invalid", "used-before-project": "use-invalid",
    "no-note-for-months": "project-stalled", "no-note-at-all": "project-stalled",
    "past-planned-end": "project-overdue", "past-extended-end": "project-overdue",
    "extension-without-date": "change-invalid", "extension-backwards": "change-invalid",
    "change-without-what": "change-invalid", "terminated-without-reason": "termination-reason",
    "termination-while-running": "change-invalid",
}


@pytest.mark.parametrize("case", IMPLAUSIBLE, ids=list(IMPLAUSIBLE))
def test_implausible_benefit_is_flagged(tmp_path, case):
    found, _ = findings(tmp_path, IMPLAUSIBLE[case])
    assert EXPECTED[case] in [i.code for i in found], found
    for i in found:
        assert i.line > 0 and i.message and i.hint  # file:line, what is wrong, and the fix


def test_ten_thousand_wan_is_read_as_yuan(tmp_path):
    found, _ = findings(tmp_path, IMPLAUSIBLE["yuan-written-as-wan"])
    magnitude = next(i for i in found if i.code == "benefit-magnitude")
    assert "18.63 万元" in magnitude.hint and magnitude.field == "benefits[0].unit"


def test_same_saving_in_two_projects(tmp_path):
    other = project("benefits:\n" + money()).replace("KT-2021-009", "KT-2021-010")
    root = make_root(tmp_path)
    for rel, text in ((REL, project("benefits:\n" + money())), (REL.replace("009", "010"), other)):
        (root / rel).write_text(text, encoding="utf-8")
    report = validate(root, today=date(2026, 11, 26)).report
    dup = [i for i in report.issues if i.code == "benefit-duplicate"]
    assert len(dup) == 1 and "KT-2021-009" in dup[0].message


PLAUSIBLE = {
    "confirmed-saving": project("benefits:\n" + money(extra="    confirmed_by: 财务\n    confirmed: 2022-01-15\n")),
    "in-yuan": project("benefits:\n" + money(amount="186300", unit="元",
                                             method="节约标煤 207 吨 × 900 元/吨 = 186300 元")),
    "non-economic": project("benefits:\n" + money(kind="非经济", amount="41", unit="次", method="")),
    "two-kinds-same-year": project("benefits:\n" + money()
                                   + money(amount="6.2", kind="减损", method="减少爆管抢修 1 次 × 6.2 万元（检修结算）")),
    "two-halves": project("benefits:\n" + money(period="{start: 2021-07-01, end: 2021-09-30}", amount="9.3")
                          + money(period="{start: 2021-10-01, end: 2021-12-31}", amount="9.4",
                                  method="四季度节约标煤 104 吨 × 900 元/吨")),
    # the ways a group shows quantity × unit price
    "outages-times-price": project("benefits:\n" + money(amount="6.2", kind="减损", method="少停机 2 次 × 3.1 万元/次")),
    "tons-times-price": project("benefits:\n" + money(amount="0.6", method="节约石灰石 1200 吨 × 5 元/吨")),
    "price-per-unit-words": project("benefits:\n" + money(amount="0.6", method="节约石灰石 1200 吨，按每吨 5 元计")),
    "price-in-fen": project("benefits:\n" + money(amount="18", kind="增收", method="多发电 1200 万kWh，度电收益 1.5 分/kWh")),
    "cheng-with-price": project("benefits:\n" + money(amount="6.2", kind="减损", method="少停机 2 次，乘以每次抢修费用 3.1 万元")),
    "use-and-licence": project("uses:\n  - {kind: 推广应用, where: [3号炉, 4号炉], since: 2021-08-01, confirmed_by: 生产技术部}\n"
                               "  - {kind: 许可, where: [秦皇岛热电公司], since: 2022-01-01, party: 秦皇岛热电公司}\n"),
}


@pytest.mark.parametrize("case", PLAUSIBLE, ids=list(PLAUSIBLE))
def test_plausible_benefit_passes(tmp_path, case):
    found, _ = findings(tmp_path, PLAUSIBLE[case])
    assert found == []


# --- stalled and changed work -------------------------------------------------------------------

RUNNING = (HEAD.replace("2021", "2022").replace("proposed: 2022-02-01", "proposed: 2022-01-04")
           .replace("approved: 2022-03-01", "approved: 2022-01-06").replace("started: 2022-03-15", "started: 2022-01-10"))
REL22 = "content/projects/2022/KT-2022-009.md"


def running(body: str, status="实施") -> str:
    return RUNNING.format(status=status) + body + "---\n\n正文。\n"


STALLED = {
    "no-note-for-months": running("progress:\n  - {date: 2022-01-12, note: 完成方案。}\n"),
    "no-note-at-all": running(""),
    "past-planned-end": running("planned_end: 2022-04-30\nprogress:\n  - {date: 2022-05-15, note: 调试中。}\n"),
    "past-extended-end": running("planned_end: 2022-02-28\nchanges:\n  - {type: 延期, date: 2022-02-20, reason: 等停炉, "
                                 "new_end: 2022-04-30}\nprogress:\n  - {date: 2022-05-15, note: 调试中。}\n"),
    "extension-without-date": running("changes:\n  - {type: 延期, date: 2022-04-20, reason: 等停炉}\n"
                                      "progress:\n  - {date: 2022-05-15, note: 调试中。}\n"),
    "extension-backwards": running("planned_end: 2022-08-31\nchanges:\n  - {type: 延期, date: 2022-04-20, reason: 等停炉, "
                                   "new_end: 2022-06-30}\nprogress:\n  - {date: 2022-05-15, note: 调试中。}\n"),
    "change-without-what": running("changes:\n  - {type: 变更, date: 2022-04-20, reason: 组长调岗}\n"
                                   "progress:\n  - {date: 2022-05-15, note: 调试中。}\n"),
    "terminated-without-reason": running("terminated: 2022-04-30\n", status="终止"),
    "termination-while-running": running("changes:\n  - {type: 终止, date: 2022-04-20, reason: 设备改造取消}\n"
                                         "progress:\n  - {date: 2022-05-15, note: 调试中。}\n"),
}


@pytest.mark.parametrize("case", STALLED, ids=list(STALLED))
def test_stalled_or_changed_project_is_flagged(tmp_path, case):
    found, _ = findings(tmp_path, STALLED[case], REL22)
    assert EXPECTED[case] in [i.code for i in found], found


def test_notes_after_completion_flagged_once(tmp_path):
    notes = "progress:\n" + "".join(f"  - {{date: 2021-{m:02d}-05, note: 推广。}}\n" for m in (5, 8, 9, 10))
    found, _ = findings(tmp_path, project(notes))
    late = [i for i in found if i.code == "progress-after-end"]
    assert len(late) == 1 and "等 3 条" in late[0].message


def test_stalled_is_measured_to_the_data_not_today(tmp_path):
    """A note two months before the data's last record is not stalled, whatever today is."""
    text = running("progress:\n  - {date: 2022-04-01, note: 调试中。}\n")
    for today in (date(2022, 6, 1), date(2030, 1, 1)):
        (tmp_path / str(today.year)).mkdir()
        found, _ = findings(tmp_path / str(today.year), text, REL22, today=today)
        assert [i.code for i in found] == []


def test_terminated_with_reason_passes(tmp_path):
    text = running("terminated: 2022-04-30\nchanges:\n  - {type: 终止, date: 2022-04-30, reason: 设备列入技改拆除}\n",
                   status="终止")
    found, _ = findings(tmp_path, text, REL22)
    assert found == []


def test_extension_keeps_project_off_the_overdue_list(tmp_path):
    text = running("planned_end: 2022-04-30\nchanges:\n  - {type: 延期, date: 2022-04-20, reason: 等停炉, "
                   "new_end: 2022-09-30}\nprogress:\n  - {date: 2022-05-15, note: 调试中。}\n")
    found, _ = findings(tmp_path, text, REL22)
    assert found == []


def test_share_hint_when_already_confirmed_by_finance(tmp_path):
    text = project("benefits:\n" + money(amount="9800", kind="增收", method="多发电 3 亿千瓦时 × 0.33 元/千瓦时",
                                          extra="    confirmed_by: 财务\n    confirmed: 2022-01-15\n"))
    found, _ = findings(tmp_path, text)
    share = next(i for i in found if i.code == "benefit-share")
    assert "写 财务" not in share.hint and "已核实效益" in share.hint  # not “write 财务” when it says 财务
    (tmp_path / "b").mkdir()
    unconfirmed, _ = findings(tmp_path / "b", IMPLAUSIBLE["above-plant-share"])
    assert "confirmed_by" in next(i for i in unconfirmed if i.code == "benefit-share").hint


# --- one bad date does not move the data's day for the whole KB (issue 19, finding 4) -----------

def _reference(tmp_path, text):
    from generator.kb.dates import data_reference_date

    root = make_root(tmp_path)
    if text:
        (root / REL).write_text(text, encoding="utf-8")
    result = validate(root, today=date(2026, 11, 26))
    others = sorted((i.path, i.code) for i in result.report.issues
                    if i.path != REL and i.code in ("project-stalled", "project-overdue"))
    return data_reference_date(result.kb, date(2026, 11, 26)), others


@pytest.mark.parametrize("case", ["benefit-period-typo", "completed-after-appraisal"])
def test_one_bad_date_does_not_move_the_reference_day(tmp_path, case):
    for name in ("base", "bad", "told"):
        (tmp_path / name).mkdir()
    expected = _reference(tmp_path / "base", "")
    text = {"benefit-period-typo": project("benefits:\n" + money(period="{start: 2022-03-01, end: 2023-02-28}")),
            "completed-after-appraisal": project("").replace("completed: 2021-06-30", "completed: 2023-06-30")}[case]
    found, _ = findings(tmp_path / "told", text)
    assert any(i.severity == Severity.ERROR for i in found), found  # the file itself is told
    assert _reference(tmp_path / "bad", text) == expected  # and the rest of the KB is not


def test_stalled_names_the_last_note_not_an_extension_as_progress(tmp_path):
    """The last progress note was 2022-01-12; a 延期 was registered 2022-01-15: the message says both for
    what they are, not “最近一次 2022-01-15” as if the extension were progress (issue 19, finding 7)."""
    text = running("changes:\n  - {type: 延期, date: 2022-01-15, reason: 等停炉, new_end: 2022-12-31}\n"
                   "progress:\n  - {date: 2022-01-12, note: 开始调试。}\n")
    found, _ = findings(tmp_path, text, REL22)
    stalled = next(i for i in found if i.code == "project-stalled")
    assert "最近一次进展记录 2022-01-12" in stalled.message and "2022-01-15 登记了延期" in stalled.message, stalled.message
