"""Stage 4 — the 经济效益 ledger and 推广应用 records, checked the way the office audits a claim.

A benefit is money (元 / 万元) of type 节约 / 增收 / 减损, or a 非经济 effect in its own unit.
Money needs a method that shows the arithmetic, a period inside one year that begins after the
project did, a unit that fits the figure's size, and a yearly total a plant of its size could
have earned; the same saving written twice (in one project or two) is counted once. Thresholds
are in site_config/rules.yml ``benefits``, the plant's size in base.yml ``plant_size``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from generator.issues import Issue, issue
from generator.kb import KnowledgeBase
from generator.kb.amounts import MONEY_UNITS, NON_MONEY, in_wan, project_began

# what people write for a unit instead of 元 / 万元
UNIT_FIXES = {"万": "万元", "w": "万元", "W": "万元", "万元/年": "万元", "元/年": "元", "千元": "元",
              "RMB": "元", "人民币": "元", "￥": "元", "¥": "元", "亿元": "万元", "亿": "万元"}
# A money figure is converted, not asserted, when its text shows a unit price (“3.1 万元/次”,
# “5 元/吨”, “1.5 分/kWh”, “每吨 5 元”) or an explicit multiplication beside a 元 figure. A 元 figure
# next to a count (“投诉由 58 次降至 17 次，折合 357 万元”) or per year only (“20 万元/年”) is not.
UNIT_PRICE = re.compile(r"\d\s*(?:万?元|分)\s*/\s*(?![年月日天周季\d\s])\S")
PER_UNIT = re.compile(r"每\s*(?![年月日天周季])[^\d\s，。；,;]{1,4}?\s*(?:[^\d，。；,;]{0,20})\d[\d.]*\s*万?元")
TIMES = re.compile(r"[×✕✖*]|乘以?|\d\s*[xX]\s*\d")


def shows_price(text: str) -> bool:
    """Whether a method / basis shows quantity × unit price rather than only a money figure."""
    if UNIT_PRICE.search(text) or PER_UNIT.search(text):
        return True
    return bool(TIMES.search(text)) and "元" in text and bool(re.search(r"\d", text))


def check_benefits(kb: KnowledgeBase, project, src, today: date) -> Iterator[Issue]:
    rules = kb.config.rules.benefits
    began, began_what = project_began(project)
    for i, b in enumerate(project.benefits):
        at = ("benefits", i)
        line = src.line(at)
        money = b.type != NON_MONEY
        if b.amount <= 0:
            yield issue("benefit-amount", src.rel, src.line((*at, "amount")), f"benefits[{i}].amount", value=f"{b.amount:g}")
        yield from _unit(src, i, b, money, rules)
        if money and not b.method:
            what = f"由{b.metric.name}折算的金额" if b.metric else f"金额 {b.amount:g} {b.unit}"
            yield issue("benefit-method", src.rel, line, f"benefits[{i}].method", detail=what + "（" + b.type + "）")
        elif money and b.unit in MONEY_UNITS and not shows_price(b.method):
            yield issue("benefit-conversion", src.rel, src.line((*at, "method")), f"benefits[{i}].method",
                        detail=f"“{b.method[:40]}”中没有数量和以元计的单价")
        yield from _period(src, i, b, began, began_what, today)
        if b.confirmed and b.period and b.confirmed < b.period.end:
            yield issue("benefit-confirmed", src.rel, src.line((*at, "confirmed")), f"benefits[{i}].confirmed",
                        confirmed=b.confirmed, end=b.period.end)
    estimate = project.benefit
    if estimate is not None and not shows_price(estimate.basis):
        yield issue("benefit-conversion", src.rel, src.line(("benefit", "basis")), "benefit.basis",
                    detail=f"“{estimate.basis[:40]}”中没有数量和以元计的单价")
    yield from _duplicates_within(project, src)
    yield from _share(kb, project, src)


def check_estimate(kb: KnowledgeBase, estimate, src, at: tuple, field: str) -> Iterator[Issue]:
    """A one-number estimate (万元/年 with its basis) outside a project's ledger, such as a
    合理化建议's or “五小”'s implementation.benefit: the same conversion, unit and share checks."""
    rules = kb.config.rules.benefits
    if not shows_price(estimate.basis):
        yield issue("benefit-conversion", src.rel, src.line((*at, "basis")), f"{field}.basis",
                    detail=f"“{estimate.basis[:40]}”中没有数量和以元计的单价")
    if estimate.amount >= rules.wan_at_least:
        yield issue("benefit-magnitude", src.rel, src.line((*at, "amount")), f"{field}.amount",
                    value=f"{estimate.amount:g}", unit="万元/年",
                    detail=f"{estimate.amount:g} 万元即 {estimate.amount / 10000:g} 亿元",
                    fix=f"如果是 {estimate.amount:g} 元，amount 写 {estimate.amount / 10000:g}（单位是万元/年）")
    size = kb.config.settings.plant_size
    if size is not None and estimate.amount > size.amount * rules.max_share_of_plant:
        yield issue("benefit-share", src.rel, src.line((*at, "amount")), f"{field}.amount", year="每年",
                    total=f"{estimate.amount:g}", label=size.label, size=f"{size.amount:g}",
                    share=f"{rules.max_share_of_plant:.0%}", fix=SHARE_UNCONFIRMED)


def _unit(src, i, b, money: bool, rules) -> Iterator[Issue]:
    at = ("benefits", i, "unit")
    if money and b.unit not in MONEY_UNITS:
        fixed = UNIT_FIXES.get(b.unit)
        fix = (f"写 unit: {fixed}" + ("，并把金额换算过来" if b.unit in ("亿元", "亿", "千元") else "")
               if fixed else "金额的单位只能写 元 或 万元；实物量（吨、次、小时）请写成一条“非经济”效益，"
               "或写在 metric 中，再在 method 中折算成金额")
        yield issue("benefit-unit", src.rel, src.line(at), f"benefits[{i}].unit", unit=b.unit, type=b.type,
                    detail="节约、增收、减损是金额", fix=fix)
    elif not money and b.unit in MONEY_UNITS:
        yield issue("benefit-unit", src.rel, src.line(at), f"benefits[{i}].unit", unit=b.unit, type=b.type,
                    detail="非经济效益不以金额计",
                    fix="以金额计的效益把 type 改为 节约、增收 或 减损，并写测算方法；非经济效益写实物单位，如 次、吨、小时")
    elif b.unit == "万元" and b.amount >= rules.wan_at_least:
        yield issue("benefit-magnitude", src.rel, src.line(at), f"benefits[{i}].unit", value=f"{b.amount:g}",
                    unit=b.unit, detail=f"{b.amount:g} 万元即 {b.amount / 10000:g} 亿元",
                    fix=f"如果是 {b.amount:g} 元，把 unit 改为 元（= {b.amount / 10000:g} 万元）")
    elif b.unit == "元" and 0 < b.amount < rules.yuan_below:
        yield issue("benefit-magnitude", src.rel, src.line(at), f"benefits[{i}].unit", value=f"{b.amount:g}",
                    unit=b.unit, detail=f"不足 {rules.yuan_below:g} 元的效益不值得登记",
                    fix=f"如果是 {b.amount:g} 万元，把 unit 改为 万元")


def _period(src, i, b, began, began_what, today: date) -> Iterator[Issue]:
    at = ("benefits", i, "period")
    field = f"benefits[{i}].period"
    p = b.period
    if p is None:
        yield issue("benefit-period", src.rel, src.line(("benefits", i)), field, detail="没有写期间（period）",
                    fix="写明这笔效益发生在哪段时间，如 period: {start: 2022-01-01, end: 2022-12-31}")
        return
    if p.end < p.start:
        yield issue("benefit-period", src.rel, src.line((*at, "end")), f"{field}.end",
                    detail=f"截止日期 {p.end} 早于起始日期 {p.start}", fix="对调或改正这两个日期")
    elif p.start.year != p.end.year:
        yield issue("benefit-period", src.rel, src.line((*at, "end")), f"{field}.end",
                    detail=f"{p.start} 至 {p.end} 跨了年度，门户按年度合计效益",
                    fix=f"分成两条：{p.start} 至 {p.start.year}-12-31 一条、{p.end.year}-01-01 至 {p.end} 一条，金额各写各的")
    for name in ("start", "end"):
        value = getattr(p, name)
        if value > today:
            yield issue("date-future", src.rel, src.line((*at, name)), f"{field}.{name}", value=value)
    if began is not None and p.start < began:
        yield issue("benefit-before-start", src.rel, src.line((*at, "start")), f"{field}.start",
                    start=p.start, what=began_what, began=began)


def _overlap(a, b) -> bool:
    return a.period is not None and b.period is not None and a.period.start <= b.period.end and b.period.start <= a.period.end


def _same_claim(a, b) -> bool:
    """The same saving written twice: same type, overlapping periods, same amount or same method."""
    if a.type != b.type or not _overlap(a, b):
        return False
    same_amount = in_wan(a) is not None and in_wan(a) == in_wan(b)
    return same_amount or bool(a.method and a.method == b.method)


def _duplicates_within(project, src) -> Iterator[Issue]:
    for j, b in enumerate(project.benefits):
        for i in range(j):
            if _same_claim(project.benefits[i], b):
                yield issue("benefit-duplicate", src.rel, src.line(("benefits", j)), f"benefits[{j}]",
                            detail=f"第 {j + 1} 条与第 {i + 1} 条是同一期间、同一类别的同一笔效益"
                                   f"（第 {src.line(('benefits', i))} 行）")
                break


def check_benefits_across(kb: KnowledgeBase) -> Iterator[Issue]:
    """One saving claimed by two projects: same method text, type and amount in overlapping periods."""
    seen: dict[tuple, list] = defaultdict(list)
    for project in kb.projects:
        for i, b in enumerate(project.benefits):
            if b.method and b.type != NON_MONEY:
                key = (b.type, re.sub(r"\s+", "", b.method), in_wan(b))
                for other, j, ob in seen[key]:
                    if other.id != project.id and _overlap(b, ob):
                        src = kb.source_of("project", project.id)
                        yield issue("benefit-duplicate", src.rel, src.line(("benefits", i)), f"benefits[{i}]",
                                    detail=f"课题 {other.id} 的第 {j + 1} 条已记了同一笔效益（测算方法、金额和期间都相同）")
                        break
                seen[key].append((project, i, b))


SHARE_UNCONFIRMED = "请财务部门核实测算方法和金额；确认无误后，在 confirmed_by 写 财务 并附上核算材料（evidence）"
SHARE_CONFIRMED = ("已写 confirmed_by，但金额仍超过上述比例，暂不计入已核实效益和比学赶超（列为待复核）："
                   "请财务部门复核金额和单位（是否把元写成了万元、是否多算了年份）并附核算材料（evidence）；"
                   "确属实的，由厂工会在 site_config/rules.yml benefits.max_share_of_plant 调整比例")


def _share_fix(records) -> str:
    return SHARE_CONFIRMED if any(getattr(r, "confirmed_by", None) for r in records) else SHARE_UNCONFIRMED


def _share(kb: KnowledgeBase, project, src) -> Iterator[Issue]:
    size = kb.config.settings.plant_size
    if size is None:
        return
    limit = size.amount * kb.config.rules.benefits.max_share_of_plant
    by_year: dict[int, float] = defaultdict(float)
    first: dict[int, int] = {}
    for i, b in enumerate(project.benefits):
        wan = in_wan(b)
        if wan is not None and b.period is not None and wan > 0:
            by_year[b.period.start.year] += wan
            first.setdefault(b.period.start.year, i)
    claimed = project.benefit.amount if project.benefit else 0
    if claimed > limit and not by_year:  # the group's own yearly estimate, when nothing else is written
        yield issue("benefit-share", src.rel, src.line(("benefit", "amount")), "benefit.amount", year="每年",
                    total=f"{claimed:g}", label=size.label, size=f"{size.amount:g}",
                    share=f"{kb.config.rules.benefits.max_share_of_plant:.0%}", fix=SHARE_UNCONFIRMED)
    for year, total in sorted(by_year.items()):
        if total > limit:
            i = first[year]
            yield issue("benefit-share", src.rel, src.line(("benefits", i, "amount")), f"benefits[{i}].amount",
                        year=f" {year} 年", total=f"{total:g}", label=size.label, size=f"{size.amount:g}",
                        share=f"{kb.config.rules.benefits.max_share_of_plant:.0%}",
                        fix=_share_fix(b for b in project.benefits if b.period and b.period.start.year == year))


def check_uses(kb: KnowledgeBase, entry, src, began: date | None, began_what: str, today: date) -> Iterator[Issue]:
    for i, u in enumerate(getattr(entry, "uses", None) or []):
        at = ("uses", i)
        if u.kind in ("许可", "转让") and not u.party:
            yield issue("use-invalid", src.rel, src.line(at), f"uses[{i}].party",
                        detail=f"{u.kind}没有写{'被许可方' if u.kind == '许可' else '受让方'}（party）",
                        fix="在 party 中写对方单位全称；合同编号可写在 contract")
        if began is not None and u.since < began:
            yield issue("use-invalid", src.rel, src.line((*at, "since")), f"uses[{i}].since",
                        detail=f"开始应用日期 {u.since} 早于{began_what} {began}",
                        fix="核对应用证明上的日期；成果产生之前不可能已在应用")
        if u.since > today:
            yield issue("date-future", src.rel, src.line((*at, "since")), f"uses[{i}].since", value=u.since)
