"""Stage 4 for 合理化建议 and “五小”成果: the decision and what it requires.

不采纳 needs its reason (it goes back to the proposer), 转为课题 needs the project (and that
project should name the proposal as its origin), only adopted proposals are carried out and
paid a bonus, and the dates run 提出 → 评审 → 实施, none of them in the future. A benefit of the
implementation is checked as a project's own estimate is (generator/validation/ledger.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from generator.issues import Issue, issue
from generator.kb import KnowledgeBase
from generator.models.proposals import ADOPTED, PENDING, REJECTED, TO_PROJECT, Proposal
from generator.validation.ledger import check_estimate

NOT_ADOPTED = (PENDING, REJECTED)


def check_proposals(kb: KnowledgeBase, today: date) -> Iterator[Issue]:
    for kind in ("suggestion", "wuxiao"):
        for p in kb.entries.get(kind, {}).values():
            yield from _decision(p, kb.source_of(kind, p.id))
            yield from _dates(p, kb.source_of(kind, p.id), today, kb)
            yield from _origin_named(kb, p, kb.source_of(kind, p.id))
            if p.implementation and p.implementation.benefit:
                yield from check_estimate(kb, p.implementation.benefit, kb.source_of(kind, p.id),
                                          ("implementation", "benefit"), "implementation.benefit")
    for project in kb.projects:
        if project.origin:
            yield from _origin_claimed(kb, project)


def _decision(p: Proposal, src) -> Iterator[Issue]:
    at_decision = src.line(("decision",))
    if p.decision != PENDING and p.decided is None:
        yield issue("decision-date", src.rel, at_decision, "decided",
                    detail=f"评审结论是“{p.decision}”，但没有评审日期（decided）")
    if p.decision == PENDING and p.decided is not None:
        yield issue("decision-date", src.rel, src.line(("decided",)), "decided",
                    detail=f"还在评审（待评审），却写了评审日期 {p.decided}")
    if p.decision == REJECTED and not p.reason:
        yield issue("decision-reason", src.rel, at_decision, "reason")
    if p.decision == TO_PROJECT and not p.project:
        yield issue("decision-project", src.rel, at_decision, "project",
                    detail="评审结论是“转为课题”，但没有写课题编号（project）")
    if p.decision != TO_PROJECT and p.project:
        yield issue("decision-project", src.rel, src.line(("project",)), "project",
                    detail=f"写了课题编号 {p.project}，但评审结论是“{p.decision}”：转为课题的才写 project")
    if p.decision in NOT_ADOPTED and p.bonus:
        yield issue("decision-bonus", src.rel, src.line(("bonus",)), "bonus", decision=p.decision, bonus=p.bonus)
    if p.decision in NOT_ADOPTED and p.implementation:
        yield issue("decision-implemented", src.rel, src.line(("implementation",)), "implementation",
                    decision=p.decision)


# date-order's own hint speaks of a project's dates; a proposal's run 提出 → 评审 → 实施
ORDER_HINT = "核对这两个日期，改正写错的那个（合理化建议与“五小”依次为 提出 date → 评审 decided → 实施 implementation.date）"
PROJECT_ORDER_HINT = ("先评审转为课题，课题才申报：核对本条的评审日期（decided）和课题的申报日期（proposed），"
                      "改正写错的那个；若课题早已申报、与本条无关，删除 project 并改正 decision")


def _dates(p: Proposal, src, today: date, kb: KnowledgeBase | None = None) -> Iterator[Issue]:
    if p.date.year != p.year:
        yield issue("date-order", src.rel, src.line(("date",)), "date", detail=f"提出日期 {p.date} 不在年度 {p.year} 内",
                    hint=f"提出日期应在年度 {p.year} 内：改正 date，或把文件移到它所在年度的目录并改 year 和编号")
    if p.decided and p.decided < p.date:
        yield issue("date-order", src.rel, src.line(("decided",)), "decided",
                    detail=f"评审日期 {p.decided} 早于提出日期 {p.date}", hint=ORDER_HINT)
    done = p.implementation.date if p.implementation else None
    if done and done < (p.decided or p.date):
        yield issue("date-order", src.rel, src.line(("implementation", "date")), "implementation.date",
                    detail=f"实施日期 {done} 早于{'评审' if p.decided else '提出'}日期 {p.decided or p.date}",
                    hint=ORDER_HINT)
    project = kb.entry("project", p.project) if kb is not None and p.decision == TO_PROJECT and p.project else None
    turned = p.decided or p.date
    if project is not None and project.proposed and turned > project.proposed:
        at = ("decided",) if p.decided else ("date",)
        yield issue("date-order", src.rel, src.line(at), at[0],
                    detail=f"{'评审' if p.decided else '提出'}日期 {turned} 晚于所转课题 {project.id} 的申报日期 "
                           f"{project.proposed}", hint=PROJECT_ORDER_HINT)
    for loc, value in ((("date",), p.date), (("decided",), p.decided), (("implementation", "date"), done)):
        if value and value > today:
            yield issue("date-future", src.rel, src.line(loc), ".".join(loc), value=value)


def _origin_named(kb: KnowledgeBase, p: Proposal, src) -> Iterator[Issue]:
    """A proposal turned into a project: that project should say it came from this proposal."""
    project = kb.entry("project", p.project) if p.decision == TO_PROJECT and p.project else None
    if project is not None and project.origin != p.id:
        where = f"写的是 {project.origin}" if project.origin else "没有写"
        yield issue("ref-mismatch", src.rel, src.line(("project",)), "project",
                    detail=f"本条转为课题 {project.id}，但该课题的来源（origin）{where}，请在课题中写 origin: {p.id}")


def _origin_claimed(kb: KnowledgeBase, project) -> Iterator[Issue]:
    """A project naming its origin: that proposal should have been turned into this project."""
    origin = kb.get(project.origin)
    if not isinstance(origin, Proposal) or (origin.decision == TO_PROJECT and origin.project == project.id):
        return
    src = kb.source_of("project", project.id)
    told = f"转为了课题 {origin.project}" if origin.decision == TO_PROJECT and origin.project else f"是“{origin.decision}”"
    verb = "采纳后立项的，请把它的 decision 改为 转为课题、project 写本课题编号" if origin.decision == ADOPTED else \
        f"请核对来源编号，或把 {origin.id} 的 decision 改为 转为课题、project 写本课题编号"
    yield issue("ref-mismatch", src.rel, src.line(("origin",)), "origin",
                detail=f"来源 {origin.id} 的评审结论{told}，不是转为本课题：{verb}")
