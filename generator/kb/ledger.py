"""The 经济效益 ledger's figures: one definition of what counts, for the page, 比学赶超 and stats.

Only money records (节约 / 增收 / 减损 in 元 or 万元) are summed, in 万元. A record counts in the
headline when a department confirmed it (``confirmed_by``: 财务 / 技术部门); the rest, and the
project group's own one-number estimate (``benefit``, 万元/年, no period), are shown apart as
unconfirmed, so the page never adds a claim to an audited figure. A record's year is the year
of its period (a period lies within one year; the validator says so otherwise).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from . import KnowledgeBase

MONEY_UNITS = {"元": 0.0001, "万元": 1.0}
NON_MONEY = "非经济"


def in_wan(record) -> float | None:
    """The record's amount in 万元, or None when it is not money."""
    if record.type == NON_MONEY or record.unit not in MONEY_UNITS:
        return None
    return record.amount * MONEY_UNITS[record.unit]


def project_began(project):
    """(date, what it is) a project's benefits and uses may start from: its start, else approval."""
    for name, label in (("started", "开始实施日期"), ("approved", "立项日期"), ("proposed", "申报日期")):
        value = getattr(project, name)
        if value is not None:
            return value, label
    return None, ""


@dataclass(frozen=True)
class Line:
    """One money record of the ledger, as counted."""

    project: object
    index: int
    record: object
    year: int | None
    wan: float
    confirmed: bool


def ledger_lines(kb: KnowledgeBase) -> list[Line]:
    lines = []
    for p in kb.projects:
        for i, b in enumerate(p.benefits):
            wan = in_wan(b)
            if wan is not None and wan > 0:
                lines.append(Line(p, i, b, b.period.start.year if b.period else None, wan, b.confirmed_by is not None))
    return lines


def totals(lines, key) -> dict:
    """Σ 万元 of ``lines`` grouped by ``key(line)``."""
    out: dict = defaultdict(float)
    for line in lines:
        out[key(line)] += line.wan
    return dict(out)


def confirmed_total(kb: KnowledgeBase, year: int | None = None, base: str | None = None) -> float:
    return sum(x.wan for x in ledger_lines(kb) if x.confirmed and (year is None or x.year == year)
               and (base is None or x.project.base == base))


def self_estimates(kb: KnowledgeBase) -> list:
    """Projects with only the group's own estimate (``benefit``), not itemised in the ledger."""
    return [p for p in kb.projects if p.benefit is not None]


def benefit_summary(kb: KnowledgeBase) -> str:
    """The ledger in one line, as `qinchuang stats` prints it (the page says the same)."""
    lines = ledger_lines(kb)
    confirmed = sum(x.wan for x in lines if x.confirmed)
    unconfirmed = sum(x.wan for x in lines if not x.confirmed)
    estimates = self_estimates(kb)
    return (f"已核实 {confirmed:g} 万元；未核实 {unconfirmed:g} 万元（台账）；"
            f"课题组自报测算 {sum(p.benefit.amount for p in estimates):g} 万元/年（{len(estimates)} 个课题，未核实）")
