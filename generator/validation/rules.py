"""Stage 4 — the seed's rules: lifecycles, 一题三效, 师带徒, studio promotion, IP numbers, proposals."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from generator.issues import CATALOGUE, Issue, issue
from generator.kb import KnowledgeBase
from generator.kb.amounts import project_began
from generator.kb.dates import data_reference_date
from generator.models import Anthology, Award, Event, Patent, Project, Software, Studio

from .followup import check_changes, follow_ups
from .identifiers import (
    DIGIT_NAMES,
    PATENT_TYPE_DIGIT,
    SOFTWARE_NO,
    parse_patent_no,
    patent_check_digit,
    patent_no_check,
)
from .ledger import check_benefits, check_benefits_across, check_uses
from .proposals import check_proposals
from .selection import check_selections

DATE_LABELS = {"proposed": "申报日期", "approved": "立项日期", "started": "实施日期",
               "completed": "完成日期", "terminated": "终止日期", "appraisal": "鉴定信息"}


def check_rules(kb: KnowledgeBase, today: date) -> Iterator[Issue]:
    checks = {"project": _project, "studio": _studio, "patent": _patent, "software": _software,
              "award": _award, "event": _event, "anthology": _anthology}
    kb.faulty.clear()
    kb.memo.clear()  # figures derived before the faulty entries were known
    checked = []  # (entry, src, its own findings, the rest): the follow-ups wait for the reference day
    for kind, entry in kb.iter_entries():
        check = checks.get(kind)
        if check:
            src = kb.source_of(kind, entry.id)
            found = list(check(kb, entry, src, today))
            rest = []
            if kind == "project":
                found += check_changes(entry, src, today)
                rest = [*check_benefits(kb, entry, src, today), *check_uses(kb, entry, src, *project_began(entry), today)]
            elif kind in ("patent", "software"):
                project = kb.get(entry.project) if entry.project else None
                began = project_began(project) if kb.kind_of.get(entry.project) == "project" else (None, "")
                rest = list(check_uses(kb, entry, src, began[0], "所属课题的" + began[1], today))
            if any(i.severity == "error" for i in found + rest):
                kb.faulty.add(entry.id)
            checked.append((kind, entry, src, found, rest))
    ref = data_reference_date(kb, today)  # without the dates of entries found wrong above
    for kind, entry, src, found, rest in checked:
        yield from found
        if kind == "project" and not any(i.severity == "error" for i in found):  # dates already wrong: one message
            yield from (f.issue for f in follow_ups(kb, entry, src, ref))
        yield from rest
    yield from check_benefits_across(kb)
    yield from check_selections(kb)
    yield from check_proposals(kb, today)


def _project(kb: KnowledgeBase, p: Project, src, today: date) -> Iterator[Issue]:
    rules = kb.config.rules
    values = {"proposed": p.proposed, "approved": p.approved, "started": p.started,
              "completed": p.completed, "terminated": p.terminated, "appraisal": p.appraisal}
    missing = [f"{DATE_LABELS.get(name, name)}（{name}）" for name in rules.status_requires.get(p.status, [])
               if values.get(name) is None]
    no_outcome = p.status in rules.completed_statuses and not (p.appraisal or p.outcomes.patents or p.outcomes.papers)
    if missing:  # one message for one change of status: the dates and the outcomes it needs
        detail = "缺少" + "、".join(missing)
        if no_outcome:
            detail += "；还没有“一题三效”成果（在 appraisal 填写鉴定信息，或在 outcomes 中登记专利、论文编号）"
        yield issue("status-dates", src.rel, src.line(("status",)), "status", status=p.status, detail=detail)
    for name in rules.status_forbids.get(p.status, []):
        if values.get(name) is not None:
            yield issue("status-dates", src.rel, src.line((name,)), name, status=p.status,
                        detail=f"不应已有{DATE_LABELS.get(name, name)}（{name}），请更新状态或删除该字段")
    chain = [("proposed", p.proposed), ("approved", p.approved), ("started", p.started),
             ("completed", p.completed), ("appraisal", p.appraisal.date if p.appraisal else None)]
    yield from _ordered(src, [(n, d) for n, d in chain if d is not None])
    if p.terminated and p.terminated < p.proposed:
        yield issue("date-order", src.rel, src.line(("terminated",)), "terminated", detail="终止日期早于申报日期")
    if p.approved and p.approved.year != p.year:
        yield issue("date-order", src.rel, src.line(("approved",)), "approved",
                    detail=f"立项日期 {p.approved} 不在立项年度 {p.year} 内")
    for name, value in chain:
        if value is not None and value > today:
            yield issue("date-future", src.rel, src.line(("appraisal", "date") if name == "appraisal" else (name,)),
                        name, value=value)
    last = None
    for i, note in enumerate(p.progress):
        if note.date < p.proposed or (last and note.date < last):
            yield issue("date-order", src.rel, src.line(("progress", i, "date")), f"progress[{i}].date",
                        detail=f"进展记录 {note.date} 早于申报日期或上一条记录，请按时间先后排列")
        if note.date > today:
            yield issue("date-future", src.rel, src.line(("progress", i, "date")), f"progress[{i}].date", value=note.date)
        last = note.date
    if no_outcome and not missing:
        yield issue("outcome-missing", src.rel, src.line(("status",)), "status")
    leaders = sum(1 for m in p.team if m.role == "组长")
    roles = {m.role for m in p.team}
    if leaders != 1:  # one message about the team's roles, the 师带徒 pair included
        hint = "" if {"导师", "徒弟"} <= roles else "；并让一位成员任导师、一位青年员工任徒弟（师带徒）"
        second = [i for i, m in enumerate(p.team) if m.role == "组长"][1:2]  # where the extra one was written
        at = src.line(("team", second[0], "role")) if second else src.line(("team",))
        yield issue("team-leader", src.rel, at, "team", count=leaders,
                    hint=CATALOGUE["team-leader"].hint + hint)
    elif not {"导师", "徒弟"} <= roles:
        yield issue("mentor-missing", src.rel, src.line(("team",)), "team")


def _ordered(src, dated: list[tuple[str, date]]) -> Iterator[Issue]:
    for (a, da), (b, db) in zip(dated, dated[1:], strict=False):
        if db < da:
            loc = ("appraisal", "date") if b == "appraisal" else (b,)
            yield issue("date-order", src.rel, src.line(loc), b,
                        detail=f"{DATE_LABELS[b]} {db} 早于{DATE_LABELS[a]} {da}")


def _studio(kb: KnowledgeBase, s: Studio, src, today: date) -> Iterator[Issue]:
    ladder = kb.config.vocab.get("studio_level", [])
    if s.levels and s.levels[0].date < s.founded:
        yield issue("studio-levels", src.rel, src.line(("levels", 0, "date")), "levels[0].date",
                    detail=f"首次命名日期 {s.levels[0].date} 早于成立日期 {s.founded}")
    for i, (prev, step) in enumerate(zip(s.levels, s.levels[1:], strict=False), start=1):
        if step.date < prev.date:
            yield issue("studio-levels", src.rel, src.line(("levels", i, "date")), f"levels[{i}].date",
                        detail=f"第 {i + 1} 次命名 {step.date} 早于上一次 {prev.date}，请按时间先后排列")
        elif ladder.index(step.level) <= ladder.index(prev.level):
            yield issue("studio-levels", src.rel, src.line(("levels", i, "level")), f"levels[{i}].level",
                        detail=f"“{step.level}”不高于上一级“{prev.level}”，命名应逐级晋升")
    for i, step in enumerate(s.levels):
        if step.date > today:
            yield issue("date-future", src.rel, src.line(("levels", i, "date")), f"levels[{i}].date", value=step.date)
    if s.leader in s.members:
        yield issue("ref-repeated", src.rel, src.line(("members",)), "members", ref=s.leader)
    yield from _studio_applications(kb, s, src, today)


def _studio_applications(kb: KnowledgeBase, s: Studio, src, today: date) -> Iterator[Issue]:
    """申报中 / 未通过 / 通过: each against the naming history it should agree with."""
    ladder = kb.config.vocab.get("studio_level", [])
    for i, app in enumerate(s.applications):
        at, field = ("applications", i), f"applications[{i}]"
        held = [x.level for x in s.levels if x.date <= app.date]
        if held and app.level in ladder and held[-1] in ladder and ladder.index(app.level) <= ladder.index(held[-1]):
            yield issue("studio-application", src.rel, src.line((*at, "level")), f"{field}.level",
                        detail=f"{app.date} 申报“{app.level}”时工作室已是“{held[-1]}”",
                        fix="申报的级别应高于当时的级别；核对 level 与 date")
        if app.status == "申报中" and app.decided:
            yield issue("studio-application", src.rel, src.line((*at, "decided")), f"{field}.decided",
                        detail="还在申报中，却写了结果日期", fix="有了结果就把 status 改为 通过 或 未通过；否则删去 decided")
        elif app.status != "申报中" and app.decided is None:
            yield issue("studio-application", src.rel, src.line((*at, "status")), f"{field}.decided",
                        detail=f"结果“{app.status}”没有写结果日期（decided）", fix="按批复或通知写 decided: YYYY-MM-DD")
        elif app.decided and app.decided < app.date:
            yield issue("studio-application", src.rel, src.line((*at, "decided")), f"{field}.decided",
                        detail=f"结果日期 {app.decided} 早于申报日期 {app.date}", fix="核对这两个日期")
        if app.status == "通过" and not any(x.level == app.level and x.date >= app.date for x in s.levels):
            yield issue("studio-application", src.rel, src.line((*at, "status")), f"{field}.status",
                        detail=f"申报“{app.level}”已通过，但命名历史 levels 中没有这次命名",
                        fix=f"在 levels 中加上 {app.level} 的命名（日期、命名单位、文号）")
        for name in ("date", "decided"):
            value = getattr(app, name)
            if value and value > today:
                yield issue("date-future", src.rel, src.line((*at, name)), f"{field}.{name}", value=value)


def _patent(kb: KnowledgeBase, p: Patent, src, today: date) -> Iterator[Issue]:
    line = src.line(("application_no",))
    parsed = parse_patent_no(p.application_no)
    if parsed is None:
        yield issue("patent-number", src.rel, line, "application_no", value=p.application_no)
    else:
        year, digit, twelve = parsed
        expected = patent_check_digit(twelve)
        if patent_no_check(p.application_no) != expected:
            yield issue("patent-check-digit", src.rel, line, "application_no", value=p.application_no, expected=expected)
        if PATENT_TYPE_DIGIT.get(digit) != p.type:
            yield issue("patent-type", src.rel, line, "application_no", digit=digit,
                        digit_type=DIGIT_NAMES.get(digit, "无效类型"), type=p.type)
        if year != p.filed.year:
            yield issue("patent-year", src.rel, line, "application_no", no_year=year, filed=p.filed)
        if p.grant_no and p.grant_no.replace(" ", "").upper() != "ZL" + twelve + "." + expected:
            yield issue("patent-status", src.rel, src.line(("grant_no",)), "grant_no",
                        detail=f"专利号应为 ZL + 申请号，即 ZL{twelve}.{expected}")
    if p.status == "授权" and (p.granted is None or p.grant_no is None):
        yield issue("patent-status", src.rel, src.line(("status",)), "status",
                    detail="状态为“授权”时须填写授权公告日 granted 和专利号 grant_no")
    if p.status != "授权" and p.status != "失效" and (p.granted or p.grant_no):
        yield issue("patent-status", src.rel, src.line(("status",)), "status",
                    detail=f"已填写授权信息，但状态是“{p.status}”")
    if p.granted and p.granted < p.filed:
        yield issue("date-order", src.rel, src.line(("granted",)), "granted", detail="授权公告日早于申请日")
    previous = p.filed
    for i, step in enumerate(p.history):
        if step.date < previous:
            yield issue("date-order", src.rel, src.line(("history", i, "date")), f"history[{i}].date",
                        detail=f"状态记录 {step.date} 早于申请日或上一条记录")
        previous = max(previous, step.date)
    if p.history and p.history[-1].status != p.status:
        yield issue("patent-status", src.rel, src.line(("status",)), "status",
                    detail=f"当前状态“{p.status}”与状态记录最后一项“{p.history[-1].status}”不一致")
    for name, value in (("filed", p.filed), ("granted", p.granted)):
        if value and value > today:
            yield issue("date-future", src.rel, src.line((name,)), name, value=value)


def _software(kb: KnowledgeBase, s: Software, src, today: date) -> Iterator[Issue]:
    m = SOFTWARE_NO.match(s.registration_no)
    if not m:
        yield issue("software-number", src.rel, src.line(("registration_no",)), "registration_no", value=s.registration_no)
    elif int(m.group(1)) != s.registered.year:
        yield issue("software-number", src.rel, src.line(("registration_no",)), "registration_no",
                    value=f"{s.registration_no}（年份与登记日期 {s.registered} 不一致）")
    if s.registered > today:
        yield issue("date-future", src.rel, src.line(("registered",)), "registered", value=s.registered)


def _award(kb: KnowledgeBase, a: Award, src, today: date) -> Iterator[Issue]:
    if a.level in kb.config.rules.plant_award_levels and a.grade in ("一等奖", "二等奖", "三等奖") and a.amount is None:
        yield issue("award-amount", src.rel, src.line(("grade",)), "amount",
                    detail=f"厂级{a.grade}须填写奖金金额 amount（元）")
    if a.date and a.date.year != a.year:
        yield issue("date-order", src.rel, src.line(("date",)), "date", detail=f"颁发日期 {a.date} 不在年度 {a.year} 内")


def _event(kb: KnowledgeBase, e: Event, src, today: date) -> Iterator[Issue]:
    if e.date.year != e.year:
        yield issue("date-order", src.rel, src.line(("date",)), "date", detail=f"活动日期 {e.date} 不在年度 {e.year} 内")


def _anthology(kb: KnowledgeBase, a: Anthology, src, today: date) -> Iterator[Issue]:
    seen: dict[str, int] = {}
    allowed_other = set(a.other_years)
    for i, section in enumerate(a.sections):
        for j, paper_id in enumerate(section.papers):
            loc = ("sections", i, "papers", j)
            if paper_id in seen:
                where = "本行前面已有" if seen[paper_id] == src.line(loc) else f"第 {seen[paper_id]} 行已有"
                yield issue("anthology-selection", src.rel, src.line(loc), f"sections[{i}].papers[{j}]",
                            detail=f"论文 {paper_id} 重复收录（{where}）")
            seen.setdefault(paper_id, src.line(loc))
            paper = kb.entries.get("paper", {}).get(paper_id)
            if paper is not None and paper.year != a.year and paper_id not in allowed_other:
                yield issue("anthology-selection", src.rel, src.line(loc), f"sections[{i}].papers[{j}]",
                            detail=f"论文 {paper_id} 是 {paper.year} 年的，收入 {a.year} 年卷须在 other_years 中特许")
