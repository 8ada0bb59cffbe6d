"""Stage 4 — stalled and changed work: 延期 / 变更 / 终止 records and what the office must chase.

Everything is measured to the data's reference date (generator/kb/dates.py), never to today: a
knowledge base of past years must not turn every project "stalled" as the calendar moves on.
The office's 待跟进 list (generator/site/followup.py) shows the same findings, from
``follow_ups``, so the page and the validator cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from generator.issues import Issue, issue
from generator.kb import KnowledgeBase


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30,
            31, 31, 30, 31, 30, 31][month - 1]
    return date(year, month, min(day.day, last))


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day)


@dataclass(frozen=True)
class FollowUp:
    """One finding the office should chase: what, where, and the issue that says it."""

    project: object
    reason: str  # 停滞 / 逾期 / 完成后仍有进展
    issue: Issue


def planned_end(kb: KnowledgeBase, p) -> tuple[date | None, bool]:
    """(the planned end now, whether it was assumed from rules.yml default_duration_months)."""
    end = p.planned_end_now
    if end is not None:
        return end, False
    months = kb.config.rules.follow_up.default_duration_months
    begun = p.approved or p.started
    if months is None or begun is None:
        return None, False
    return _add_months(begun, months), True


def _last_said(p, last: date) -> str:
    """What the stall is measured from, named for what it is: a 延期 or 变更 registered after the
    last progress note shows the project alive, but it is not progress (“最近一次 2022-03-07”
    read as a note when the last note was 2021-12-21)."""
    notes = max((n.date for n in p.progress), default=None)
    change = max(p.changes, key=lambda c: c.date, default=None)
    if change is not None and change.date == last and (notes is None or change.date > notes):
        before = f"最近一次进展记录 {notes}" if notes else "没有写过进展记录"
        return f"{before}，{change.date} 登记了{change.type}"
    if notes is not None and notes == last:
        return f"最近一次进展记录 {notes}"
    return f"没有写过进展记录，从 {last} 算起" if notes is None else f"最近的日期 {last}"


def follow_ups(kb: KnowledgeBase, p, src, ref: date) -> Iterator[FollowUp]:
    rules = kb.config.rules.follow_up
    if p.status in rules.active_statuses:
        dated = [n.date for n in p.progress] + [d for d in (p.approved, p.started) if d]
        dated += [c.date for c in p.changes]
        last = max(dated, default=p.proposed)
        months = _months_between(last, ref)
        if months >= rules.stalled_months:
            at = src.line(("progress", len(p.progress) - 1, "date")) if p.progress else src.line(("status",))
            yield FollowUp(p, "停滞", issue("project-stalled", src.rel, at, "progress", months=months,
                                           last=_last_said(p, last), ref=ref))
        end, assumed = planned_end(kb, p)
        if end is not None and end < ref:
            field = "planned_end" if p.planned_end and not assumed else "status"
            if any(c.type == "延期" for c in p.changes):
                field = "changes"
            note = f"；没写计划完成日期（planned_end），按立项后 {rules.default_duration_months} 个月计" if assumed else ""
            yield FollowUp(p, "逾期", issue("project-overdue", src.rel, src.line((field,)), field,
                                            end=end, days=(ref - end).days, ref=ref, assumed=note))
    ended, what = (p.completed, "完成") if p.completed else (p.terminated, "终止")
    late = [i for i, note in enumerate(p.progress) if ended is not None and note.date > ended]
    if late:  # one finding per project: the first late note, and how many there are
        i = late[0]
        more = f" 等 {len(late)} 条" if len(late) > 1 else ""
        yield FollowUp(p, f"{what}后仍有进展", issue(
            "progress-after-end", src.rel, src.line(("progress", i, "date")), f"progress[{i}].date",
            date=f"{p.progress[i].date}{more}", what=what, end=ended))

def check_changes(p, src, today: date) -> Iterator[Issue]:
    previous_end = p.planned_end
    last = None
    for i, c in enumerate(p.changes):
        at = ("changes", i)
        where = f"changes[{i}]"
        if c.type == "延期":
            if c.new_end is None:
                yield issue("change-invalid", src.rel, src.line(at), f"{where}.new_end",
                            detail="延期没有写新的计划完成日期（new_end）", fix="加上 new_end: YYYY-MM-DD")
            elif c.new_end <= c.date or (previous_end and c.new_end <= previous_end):
                later = previous_end if previous_end and previous_end > c.date else c.date
                yield issue("change-invalid", src.rel, src.line((*at, "new_end")), f"{where}.new_end",
                            detail=f"延期后的完成日期 {c.new_end} 不晚于{'原计划' if later == previous_end else '延期登记日期'} {later}",
                            fix="new_end 写延期后新的计划完成日期，应晚于原计划")
            previous_end = c.new_end or previous_end
        elif c.new_end is not None:
            yield issue("change-invalid", src.rel, src.line((*at, "new_end")), f"{where}.new_end",
                        detail=f"只有延期才有新的计划完成日期，这条是“{c.type}”",
                        fix="把 type 改为 延期，或删除 new_end")
        if c.type == "变更" and not c.what:
            yield issue("change-invalid", src.rel, src.line(at), f"{where}.what",
                        detail="变更没有写变更了什么（what）", fix="加上 what: 变更的内容，如 研究内容由……调整为……")
        if c.type == "终止" and p.status != "终止":
            yield issue("change-invalid", src.rel, src.line((*at, "type")), f"{where}.type",
                        detail=f"登记了终止，但状态是“{p.status}”", fix="把 status 改为 终止 并写 terminated 日期，或删除这条")
        if c.type == "终止" and p.terminated and c.date != p.terminated:
            yield issue("change-invalid", src.rel, src.line((*at, "date")), f"{where}.date",
                        detail=f"终止记录的日期 {c.date} 与终止日期 terminated {p.terminated} 不同",
                        fix="两者写同一天")
        if c.date < p.proposed or (last and c.date < last):
            yield issue("change-invalid", src.rel, src.line((*at, "date")), f"{where}.date",
                        detail=f"日期 {c.date} 早于申报日期或上一条记录", fix="按时间先后排列，核对日期")
        if c.date > today:
            yield issue("date-future", src.rel, src.line((*at, "date")), f"{where}.date", value=c.date)
        last = c.date
    if p.status == "终止" and not any(c.type == "终止" for c in p.changes):
        yield issue("termination-reason", src.rel, src.line(("status",)), "changes",
                    date=p.terminated or "YYYY-MM-DD")
