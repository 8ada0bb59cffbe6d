"""The sample's records beyond the work itself: the 经济效益 ledger, 推广应用, 延期 / 终止, headcounts,
studio applications.

- Benefits: a completed project's yearly figure (benefits.py) becomes ledger records, one per
  calendar year from the month after completion. 财务 (money) or 技术部门 confirm a year once it is
  over; 2022 is confirmed on January–November figures at the year-end review, and a project finished
  in the last months of 2022 has an unconfirmed record. The ten long papers' gross figures stay as
  the group's own estimate (``benefit``, shown as 未核实).
- Plans: every approved project has a planned end. Work that ran past it was extended (延期, with
  the reason); two projects were stopped (终止, with the reason); work still waiting for a unit's
  outage was extended to it.
- Headcount per sub-base sums to the union's 1,180.
"""

from __future__ import annotations

from datetime import date, timedelta

from notes import rng_for
from texts import num, other_unit, unit_of

END = date(2022, 12, 31)
HEADCOUNT = {"FJD-01": 128, "FJD-02": 110, "FJD-03": 96, "FJD-04": 78, "FJD-05": 72, "FJD-06": 138, "FJD-07": 118,
             "FJD-08": 174, "FJD-09": 66, "FJD-10": 84, "FJD-11": 30, "FJD-12": 40, "FJD-13": 46}
assert sum(HEADCOUNT.values()) == 1180

TYPE = {"coal": "节约", "power": "节约", "water": "节约", "repair": "节约", "fuel": "节约", "cash": "增收"}
# Not stopped but stopped short: which projects were terminated, and why (the office's record).
TERMINATED = {
    2021: "课题对象设备已列入公司2023年技术改造计划整体更换，继续攻关意义不大；经分基地申请、基地评审同意终止，已完成的测试数据移交技改项目组。",
    2022: "课题组长调往集团公司其他单位，课题方案需要的试验条件短期内也无法具备；经分基地申请、基地评审同意终止，相关资料归档。",
}


REASONS = ["部分对策需要停机实施，原定检修窗口取消，顺延到下次检修。", "关键备件采购周期超过预期，到货后才能实施。",
           "效果检查要经过夏季高温期才能下结论，延长观察期。", "课题组主要成员参加机组大修，攻关暂停一个半月。"]
REASONS_HEAT = REASONS[:2] + ["效果检查要经过一个完整供热季才能下结论，延长观察期。"]


def _reason(t, r) -> str:
    pool = REASONS_HEAT if t["base"] == "FJD-10" else REASONS
    if t["category"] != "技术":
        pool = ["涉及的制度要等公司年度修订时一并发布，顺延。", "试点班组人员调整，试行期重新开始。"]
    return r.choice(pool)


def _month_after(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _months(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month + 1


def benefit_records(t) -> list[dict]:
    """Ledger records for a completed project's yearly benefit (万元/年 in ``t['benefit_data']``)."""
    b = t.get("benefit_data")
    if not t.get("completed"):
        return []
    if not b:
        return _non_money(t)
    r = rng_for("ledger", t["id"])
    start = _month_after(t["completed"])
    out = []
    for year in (2021, 2022):
        a = max(start, date(year, 1, 1))
        confirmable = year == 2021 or a <= date(2022, 9, 30)
        z = date(year, 12, 31) if year == 2021 or not confirmable else date(2022, 11, 30)
        if a > z:
            continue
        months = _months(a, z)
        amount = round(b["amount"] * months / 12, 2)
        record = {"type": b.get("type") or TYPE.get(t["benefit"], "节约"), "amount": amount, "unit": "万元", "period": {"start": a, "end": z},
                  "method": f"{b['basis']}；按{months}个月计：{b['amount']:g} 万元/年 × {months}/12 = {amount:g} 万元"}
        if confirmable:
            record["confirmed_by"] = "财务" if t["benefit"] in ("cash", "fuel", "coal") or r.random() < 0.6 else "技术部门"
            record["confirmed"] = date(2022, 1, 20) + timedelta(days=r.randint(0, 10)) if year == 2021 else \
                date(2022, 12, 12) + timedelta(days=r.randint(0, 10))
        out.append(record)
    return out


def _non_money(t) -> list[dict]:
    """A counted effect (次, 件) that is not turned into money: one record for the rest of the year."""
    before, got = num(t["before"]), num(t["got"])
    start = _month_after(t["completed"])
    if t["unit"] not in ("次", "件") or before is None or got is None or before <= got or start.year != t["completed"].year:
        return []
    return [{"type": "非经济", "amount": before - got, "unit": t["unit"],
             "period": {"start": start, "end": date(start.year, 12, 31)},
             "method": f"{t['indicator']}由 {t['before']} {t['unit']} 降至 {t['got']} {t['unit']}（课题前后各一年的统计），不折算金额"}]


def uses(t) -> list[dict]:
    """Where a completed technical result was taken up beyond the project (about one in six)."""
    if not t.get("completed") or t["category"] != "技术":
        return []
    r = rng_for("uses", t["id"])
    if r.random() > 0.18:
        return []
    u = unit_of(t["title"])
    since = t["completed"] + timedelta(days=r.randint(30, 150))
    if since > END:
        return []
    where = [f"#{other_unit(u)}机组"] if u else [r.choice(["全厂四台机组", "#1、#2机组", "#3、#4机组"])]
    return [{"kind": "推广应用", "where": where, "since": since, "confirmed_by": "生产技术部",
             "note": r.choice(["按课题成果报告的做法实施，效果与原机组相近。", "推广中按设备差异调整了部分参数。"])}]


def plan(projects: list[dict]) -> None:
    """Planned ends, 延期 and 终止 (changes the projects in place, before their texts are written)."""
    active = [t for t in projects if t["status"] in ("实施", "立项")]
    for year, reason in TERMINATED.items():
        t = next(x for x in sorted(active, key=lambda x: x["id"]) if x["year"] == year and x["status"] == "实施")
        stop = min(END - timedelta(days=20), t["started"] + timedelta(days=250))
        t.update(status="终止", terminated=stop, changes=[{"type": "终止", "date": stop, "reason": reason}])
        t["planned_days"] = (stop - t["started"]).days + 1
        active.remove(t)
    # two proposals of December were approved before the year ended (so 129 approved still hold)
    for t in sorted((x for x in projects if x["status"] == "申报"), key=lambda x: x["proposed"])[:2]:
        t["status"] = "立项"
        t["approved"] = min(t["proposed"] + timedelta(days=10), END - timedelta(days=3))
    for t in projects:
        if not t.get("approved"):
            continue
        r = rng_for("plan", t["id"])
        months = r.choice([6, 8, 10, 12]) if t["category"] == "技术" else r.choice([5, 6, 8])
        if t.get("completed"):  # the plan was mostly right: one project in seven ran late
            took = (t["completed"] - t["approved"]).days // 30 + 1
            months = took - r.randint(2, 4) if r.random() < 0.15 else took + r.randint(0, 2)
        t["planned_end"] = t["approved"] + timedelta(days=30 * months)
        changes = t.setdefault("changes", [])
        if t.get("completed"):  # finished late: it had been extended to the month it was finished in
            if t["completed"] > t["planned_end"] + timedelta(days=20):
                changes.append({"type": "延期", "date": t["planned_end"] - timedelta(days=r.randint(5, 20)),
                                "new_end": _month_after(t["completed"]) - timedelta(days=1), "reason": _reason(t, r)})
            continue
        if t["status"] not in ("实施", "立项"):
            continue
        if t["planned_end"] < END + timedelta(days=31):  # the 2022 book was printed in January: the data's last day
            new_end = date(2023, r.choice([4, 6, 9]), 30)
            changes.append({"type": "延期", "date": t["planned_end"] - timedelta(days=r.randint(5, 20)), "new_end": new_end,
                            "reason": _reason(t, r)})
            t["planned_days"] = (new_end - (t.get("started") or t["approved"])).days
        elif t["status"] == "立项" and t["approved"] < END - timedelta(days=110):
            u = unit_of(t["title"])
            new_end = date(2023, 12, 31)
            changes.append({"type": "延期", "date": END - timedelta(days=r.randint(30, 90)), "new_end": new_end,
                            "reason": f"对策需要停机实施，改在{'#' + u + '机组' if u else '机组'}2023年检修期间开始。"})
