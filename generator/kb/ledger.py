"""The 经济效益 ledger's figures: one definition of what counts, for the page, 比学赶超 and stats.

Only money records (节约 / 增收 / 减损 in 元 or 万元) are summed, in 万元. A record counts in the
headline when a department confirmed it (``confirmed_by``: 财务 / 技术部门); the rest, and the
project group's own one-number estimate (``benefit``, 万元/年, no period), are shown apart as
unconfirmed, so the page never adds a claim to an audited figure. A record's year is the year
of its period (a period lies within one year; the validator says so otherwise).

A confirmed record the validator finds implausible (``DOUBTS``: a unit that looks wrong, a
figure with no unit price, a year's total above the plant's share) is held back as 待复核 with
the validator's message: a 财务 signature does not make 50000 万元 from one project plausible.
The validator stays the one place that says what is implausible; the ledger asks it.
A 合理化建议's or “五小”'s own benefit (implementation.benefit) is listed in a group of its own,
unconfirmed, like a project group's estimate.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from . import KnowledgeBase
from .amounts import in_wan


@dataclass(frozen=True)
class Line:
    """One money record of the ledger, as counted."""

    project: object
    index: int
    record: object
    year: int | None
    wan: float
    confirmed: bool  # a department signed it (confirmed_by)
    doubt: str | None = None  # why the validator finds it implausible, or None

    @property
    def counted(self) -> bool:
        """In the headline 已核实效益 and 比学赶超: confirmed and not in doubt."""
        return self.confirmed and self.doubt is None

    @property
    def held(self) -> bool:
        """Confirmed but implausible: listed as 待复核, in neither total."""
        return self.confirmed and self.doubt is not None


DOUBTS = ("benefit-magnitude", "benefit-conversion", "benefit-share")
RECORD = re.compile(r"^benefits\[(\d+)\]")


def doubts(kb: KnowledgeBase, project) -> dict[int, str]:
    """index → the validator's message for each money record of ``project`` it finds implausible."""
    from generator.validation.ledger import check_benefits  # the validator defines implausible

    src = kb.source_of("project", project.id)
    found: dict[int, str] = {}
    for issue in check_benefits(kb, project, src, date.max):
        m = RECORD.match(issue.field or "")
        if issue.code in DOUBTS and m:
            found.setdefault(int(m.group(1)), issue.message)
            if issue.code == "benefit-share":  # the year's total is in doubt, not its first record only
                year = project.benefits[int(m.group(1))].period.start.year
                for i, b in enumerate(project.benefits):
                    if b.period is not None and b.period.start.year == year:
                        found.setdefault(i, issue.message)
    return found


def ledger_lines(kb: KnowledgeBase) -> list[Line]:
    if "ledger" not in kb.memo:
        lines = []
        for p in kb.projects:
            doubted = doubts(kb, p) if p.benefits else {}
            for i, b in enumerate(p.benefits):
                wan = in_wan(b)
                if wan is not None and wan > 0:
                    lines.append(Line(p, i, b, b.period.start.year if b.period else None, wan,
                                      b.confirmed_by is not None, doubted.get(i)))
        kb.memo["ledger"] = lines
    return kb.memo["ledger"]


def totals(lines, key) -> dict:
    """Σ 万元 of ``lines`` grouped by ``key(line)``."""
    out: dict = defaultdict(float)
    for line in lines:
        out[key(line)] += line.wan
    return dict(out)


def confirmed_total(kb: KnowledgeBase, year: int | None = None, base: str | None = None) -> float:
    return sum(x.wan for x in ledger_lines(kb) if x.counted and (year is None or x.year == year)
               and (base is None or x.project.base == base))


def self_estimates(kb: KnowledgeBase) -> list:
    """Projects with only the group's own estimate (``benefit``), not itemised in the ledger."""
    return [p for p in kb.projects if p.benefit is not None]


@dataclass(frozen=True)
class ProposalBenefit:
    """A 合理化建议's or “五小”'s implementation.benefit (万元/年, never confirmed, never summed)."""

    entry: object
    kind: str
    amount: float
    basis: str
    doubt: str | None


def proposal_benefits(kb: KnowledgeBase) -> list[ProposalBenefit]:
    from generator.validation.ledger import check_estimate  # the validator defines implausible

    found = []
    for kind in ("suggestion", "wuxiao"):
        for e in sorted(kb.entries.get(kind, {}).values(), key=lambda e: e.id):
            b = e.implementation.benefit if e.implementation else None
            if b is not None:
                issues = list(check_estimate(kb, b, kb.source_of(kind, e.id), ("implementation", "benefit"),
                                             "implementation.benefit"))
                found.append(ProposalBenefit(e, kind, b.amount, b.basis, issues[0].message if issues else None))
    return found


def benefit_summary(kb: KnowledgeBase) -> str:
    """The ledger in one line, as `qinchuang stats` prints it (the page says the same)."""
    lines = ledger_lines(kb)
    confirmed = sum(x.wan for x in lines if x.counted)
    unconfirmed = sum(x.wan for x in lines if not x.confirmed)
    held = [x for x in lines if x.held]
    estimates = self_estimates(kb)
    doubted = f"待复核 {sum(x.wan for x in held):g} 万元（{len(held)} 条已签核实但不合常理，不计入）；" if held else ""
    proposals = proposal_benefits(kb)
    said = (f"；合理化建议与“五小”自报 {sum(x.amount for x in proposals):g} 万元/年（{len(proposals)} 条，未核实）"
            if proposals else "")
    return (f"已核实 {confirmed:g} 万元；未核实 {unconfirmed:g} 万元（台账）；{doubted}"
            f"课题组自报测算 {sum(p.benefit.amount for p in estimates):g} 万元/年（{len(estimates)} 个课题，未核实）{said}")
