"""比学赶超: each sub-base's inputs, weighted as site_config/rules.yml ``leaderboard`` says.

The score is Σ weight × input over the years counted; with ``per_head`` a sub-base whose file
gives its headcount also gets the score per 100 staff, so a large 分场 does not win by size
alone. Without a ``leaderboard`` section every input the rules name weighs 1 (the plain sum of
counts the portal showed before). Inputs of kinds with no entries count 0, so the board works
for a union that records no 合理化建议 or “五小” (kinds added beside the projects).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from generator.config import LeaderboardInput

from . import KnowledgeBase
from .figures import COUNTERS
from .ledger import confirmed_total

LABELS = {"projects_approved": "立项课题", "projects_completed": "完成课题", "patents_filed": "申报专利",
          "papers_written": "撰写论文", "software_registered": "软件著作权",
          "benefit_confirmed": "已核实效益（万元）", "awards": "厂内奖励（项）", "awards_external": "厂外奖励（项）",
          "suggestions_adopted": "采纳的合理化建议", "wuxiao": "五小成果（采纳）"}
# column headers of the board (the page spells each out in its formula line)
SHORT = {"projects_approved": "立项", "projects_completed": "完成", "patents_filed": "专利", "papers_written": "论文",
         "software_registered": "软著", "benefit_confirmed": "效益万元", "awards": "厂内奖", "awards_external": "厂外奖",
         "suggestions_adopted": "建议", "wuxiao": "五小"}
ADOPTED = ("采纳", "转为课题")  # decisions of a 合理化建议 / “五小” that count as adopted

assert set(LABELS) == set(SHORT) == set(get_args(LeaderboardInput)), "config.py LeaderboardInput and LABELS differ"


def _award_bases(kb: KnowledgeBase, award) -> set[str]:
    """The sub-bases an award went to, through its recipients (projects, papers, studios, people)."""
    bases = set()
    for ref in getattr(award, "recipients", []) or []:
        target = kb.get(ref if isinstance(ref, str) else getattr(ref, "id", ""))
        base = getattr(target, "base", None) if target is not None else None
        if base:
            bases.add(base)
    return bases


def _awards(kb, year, base, external: bool) -> int:
    """The plant's own awards (rules.yml plant_award_levels), or the others: each award once."""
    plant = set(kb.config.rules.plant_award_levels)
    return sum(1 for a in kb.awards if a.year == year and (a.level not in plant) == external
               and base in _award_bases(kb, a))


def _adopted(kb, kind: str, year: int, base: str) -> int:
    return sum(1 for e in kb.entries.get(kind, {}).values()
               if e.year == year and e.base == base and getattr(e, "decision", None) in ADOPTED)


def input_value(kb: KnowledgeBase, name: str, year: int, base: str) -> float:
    if name in COUNTERS:
        return COUNTERS[name](kb, year, base)
    if name == "benefit_confirmed":
        return round(confirmed_total(kb, year, base), 2)
    if name in ("awards", "awards_external"):
        return _awards(kb, year, base, external=name == "awards_external")
    return _adopted(kb, "suggestion" if name == "suggestions_adopted" else "wuxiao", year, base)


def weights(kb: KnowledgeBase) -> dict[str, float]:
    board = kb.config.rules.leaderboard
    if board is not None:
        return dict(board.weights)
    return {c: 1.0 for c in kb.config.rules.target_counters.values() if c in LABELS}


def headcount_of(base, years) -> int | None:
    """The sub-base's headcount in the latest of ``years`` its file gives."""
    known = [base.headcount[y] for y in years if y in base.headcount]
    return known[-1] if known else None


@dataclass(frozen=True)
class Row:
    base: object
    values: dict[str, float]  # input → value over the years
    score: float
    headcount: int | None
    per_100: float | None


def leaderboard(kb: KnowledgeBase, bases, years) -> list[Row]:
    w = weights(kb)
    per_head = kb.config.rules.leaderboard is None or kb.config.rules.leaderboard.per_head
    rows = []
    for b in bases:
        values = {name: sum(input_value(kb, name, y, b.id) for y in years) for name in w}
        score = round(sum(w[name] * v for name, v in values.items()), 2)
        heads = headcount_of(b, years)
        rows.append(Row(b, values, score, heads, round(score * 100 / heads, 2) if per_head and heads else None))
    rows.sort(key=lambda r: (-r.score, r.base.id))
    return rows
