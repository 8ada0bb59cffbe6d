"""Figures of 合理化建议 and “五小”成果: the one definition of each, for the dashboard, the bulletin
and 比学赶超.

* 采纳率 = (采纳 + 转为课题) / 已评审; proposals still 待评审 are not in the denominator, so a
  month of fresh proposals does not read as a month of rejections.
* 人均提案 divides by the sub-base's headcount when its base file gives one; otherwise by the
  number of people of that sub-base in the knowledge base, and says so (those are only the
  people with an entry, usually fewer than the staff, so the figure reads high).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.kb import KnowledgeBase
from generator.models.proposals import ADOPTED, PENDING, TO_PROJECT, Proposal

PROPOSAL_KINDS = ("suggestion", "wuxiao")


def proposals(kb: KnowledgeBase, year: int | None = None, base: str | None = None) -> list[Proposal]:
    """Both kinds, by date then id."""
    items = [p for kind in PROPOSAL_KINDS for p in kb.entries.get(kind, {}).values()
             if (year is None or p.year == year) and (base is None or p.base == base)]
    return sorted(items, key=lambda p: (p.date, p.id))


def is_adopted(p: Proposal) -> bool:
    return p.decision in (ADOPTED, TO_PROJECT)


@dataclass(frozen=True)
class Tally:
    proposed: int
    decided: int
    adopted: int  # 采纳 or 转为课题
    to_project: int
    bonus: int  # 元

    @property
    def adoption_rate(self) -> float | None:
        return self.adopted / self.decided if self.decided else None


def tally(items: Iterable[Proposal]) -> Tally:
    items = list(items)
    return Tally(proposed=len(items), decided=sum(p.decision != PENDING for p in items),
                 adopted=sum(is_adopted(p) for p in items), to_project=sum(p.decision == TO_PROJECT for p in items),
                 bonus=sum(p.bonus or 0 for p in items))


@dataclass(frozen=True)
class Headcount:
    people: int | None
    from_staff: bool  # True: the base file's headcount; False: people with an entry (labelled)


def base_headcount(kb: KnowledgeBase, base_id: str, year: int | None = None) -> Headcount:
    base = kb.entry("base", base_id)
    staff = getattr(base, "headcount", None)
    if isinstance(staff, dict):  # per year
        staff = staff.get(year) if year is not None else (staff[max(staff)] if staff else None)
    if isinstance(staff, int) and staff > 0:
        return Headcount(staff, True)
    people = sum(1 for p in kb.people if p.base == base_id)
    return Headcount(people or None, False)


def per_head(count: int, head: Headcount) -> float | None:
    return count / head.people if head.people else None
