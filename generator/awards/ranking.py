"""年度评奖：专家评分表 → 每个提名条目的得分 → 排名 → 按名额授予等级与奖金 → 与奖励台账比对。

The one place that turns score sheets into a ranking; `qinchuang awards`, the validator and the
公示 pages all call :func:`rank`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from statistics import mean

from generator.kb import KnowledgeBase
from generator.models import Award, ScoreSheet, Selection

from .rules import CategoryRule, SelectionRules


@dataclass(frozen=True)
class Ranked:
    nominee: str
    rank: int  # 1-based; equal scores share a rank
    score: float | None  # None: nobody scored it
    sheets: int  # how many experts scored it (after 回避)
    grade: str | None
    amount: int | None
    tied: bool = False  # in a tie across grades the panel has not ordered (tiebreak): grade undecided


def sheets_of(kb: KnowledgeBase, selection: Selection) -> list[ScoreSheet]:
    return [s for s in kb.score_sheets if s.selection == selection.id]


def missing_sheets(kb: KnowledgeBase, selection: Selection) -> list[str]:
    """The experts of ``selection`` who have not handed in a score sheet (the ranking is not final)."""
    handed_in = {s.expert for s in sheets_of(kb, selection)}
    return [e for e in dict.fromkeys(selection.experts) if e not in handed_in]


def sheet_total(sheet_scores: dict[str, float], rule: CategoryRule) -> float:
    """One expert's weighted score of one nominee (criteria missing from the sheet count 0)."""
    return sum(weight * sheet_scores.get(name, 0.0) for name, weight in rule.criteria.items())


def aggregate(totals: list[float], trim_at: int) -> float | None:
    """The experts' mean; with ``trim_at`` or more experts, without one highest and one lowest."""
    if not totals:
        return None
    if len(totals) >= trim_at:
        totals = sorted(totals)[1:-1]
    return round(mean(totals), 3)


def rank(kb: KnowledgeBase, selection: Selection) -> list[Ranked]:
    rules: SelectionRules | None = kb.config.rules.selection
    rule = rules.categories.get(selection.category) if rules else None
    if rule is None:
        return []
    sheets = sheets_of(kb, selection)
    scored: list[tuple[str, float | None, int]] = []
    for nominee in dict.fromkeys(selection.nominees):
        totals = [sheet_total(s.scores[nominee], rule) for s in sheets if nominee in s.scores]
        scored.append((nominee, aggregate(totals, rules.trim_at), len(totals)))
    # highest first; equal scores in the panel's tiebreak order, else the nomination order
    # (an undecided tie across grades is shown by `qinchuang awards`, not hidden)
    order = {n: i for i, n in enumerate(selection.tiebreak)}
    scored.sort(key=lambda t: (-(t[1] if t[1] is not None else -1), order.get(t[0], len(order))))
    grades = [g for g in rule.grades for _ in range(g.quota)]
    out: list[Ranked] = []
    for i, (nominee, score, n) in enumerate(scored):
        shared = out[-1].rank if out and score is not None and out[-1].score == score else i + 1
        grade = grades[i] if i < len(grades) and score is not None else None
        out.append(Ranked(nominee, shared, score, n, grade.grade if grade else None,
                          grade.amount if grade else None))
    tied = {r.nominee for group in _undecided(selection, out) for r in group}
    return [replace(r, tied=True) if r.nominee in tied else r for r in out]


def _undecided(selection: Selection, ranking: list[Ranked]) -> list[list[Ranked]]:
    groups: list[list[Ranked]] = []
    for r in ranking:
        if groups and r.score is not None and groups[-1][-1].score == r.score:
            groups[-1].append(r)
        else:
            groups.append([r])
    decided = set(selection.tiebreak)
    return [g for g in groups if len({r.grade for r in g}) > 1 and not {r.nominee for r in g} <= decided]


def undecided_ties(selection: Selection, ranking: list[Ranked]) -> list[list[Ranked]]:
    """Groups of equal scores split across grades (or across 获奖/不获奖) that the panel has not
    ordered in the selection's ``tiebreak``: their grades are not decided yet."""
    return [g for g in _undecided(selection, ranking) if all(r.tied for r in g)]


def ledger(kb: KnowledgeBase, selection: Selection) -> list[Award]:
    """The award entries this selection produced: same name, year and category."""
    return [a for a in kb.awards if a.name == selection.name and a.year == selection.year
            and a.category == selection.category]


@dataclass(frozen=True)
class Difference:
    nominee: str
    expected: str | None  # grade from the ranking
    recorded: str | None  # grade in the award entries
    award: str | None  # the award entry's id, if any


def compare(kb: KnowledgeBase, selection: Selection, ranking: list[Ranked]) -> list[Difference]:
    recorded: dict[str, Award] = {}
    for award in ledger(kb, selection):
        for who in award.recipients:
            recorded[who] = award
    out = []
    for r in ranking:
        award = recorded.pop(r.nominee, None)
        if r.tied:  # undecided: any grade within the tie may be right; the tie itself is reported
            continue
        if (award.grade if award else None) != r.grade:
            out.append(Difference(r.nominee, r.grade, award.grade if award else None, award.id if award else None))
    for who, award in sorted(recorded.items()):
        out.append(Difference(who, None, award.grade, award.id))
    return out
