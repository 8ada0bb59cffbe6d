"""Rules of the yearly selection: 回避, score sheets, grade quotas, the amount per grade, and the
`award` fields of papers and projects against the award entries.

Part of stage 4 (rules): it runs on entries that passed their schema and references."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from generator.awards.ranking import compare, ledger, missing_sheets, rank, undecided_ties
from generator.issues import Issue, issue
from generator.kb import KnowledgeBase
from generator.models import KINDS, Award, Notice, ScoreSheet, Selection

PAPER_CATEGORY = "科技论文"


def check_selections(kb: KnowledgeBase) -> Iterator[Issue]:
    rules = kb.config.rules.selection
    if rules is not None:
        invalid = set()
        for selection in kb.selections:
            for problem in _selection(kb, selection):
                invalid.add(selection.id)
                yield problem
        seen: dict[tuple[str, str], str] = {}
        problems = []
        for sheet in kb.score_sheets:
            problems += _sheet(kb, sheet, seen)
        yield from problems
        for selection in kb.selections:
            yield from _missing_sheets(kb, selection)
        if not problems:  # a ranking from flawed sheets would only repeat their errors
            for selection in kb.selections:
                if selection.id not in invalid:  # a ranking of a flawed nomination list only repeats it
                    yield from _ranking(kb, selection)
        yield from _amounts_and_quotas(kb)
    yield from _paper_awards(kb)
    yield from _project_awards(kb)
    for notice in kb.notices:
        yield from _notice(kb, notice)


def _notice(kb: KnowledgeBase, n: Notice) -> Iterator[Issue]:
    src = kb.source_of("notice", n.id)
    if n.until < n.posted:
        yield issue("notice-invalid", src.rel, src.line(("until",)), "until",
                    detail=f"公示截止日期 {n.until} 早于开始日期 {n.posted}")
    listed = {"立项": (n.projects, "projects", "立项的课题编号"), "评奖": (n.selections, "selections", "评选编号")}
    items, name, what = listed.get(n.type, (True, "", ""))
    if not items:
        yield issue("notice-invalid", src.rel, src.line(("type",)), name,
                    detail=f"“{n.type}”公示须在 {name} 中列出{what}")


def _selection(kb: KnowledgeBase, s: Selection) -> Iterator[Issue]:
    src = kb.source_of("selection", s.id)
    rule = kb.config.rules.selection.categories.get(s.category)
    if rule is None:
        known = "、".join(kb.config.rules.selection.categories)
        yield issue("selection-invalid", src.rel, src.line(("category",)), "category",
                    detail=f"类别“{s.category}”在 site_config/rules.yml 的 selection.categories 中没有评分规则（已有：{known}）",
                    fix="改用已有的类别，或在 site_config/rules.yml 的 selection.categories 中为它加上评分项、名额和奖金")
        return
    for i, nominee in enumerate(s.nominees):
        kind = kb.kind_of.get(nominee)
        if kind is not None and kind != rule.kind:
            yield issue("selection-invalid", src.rel, src.line(("nominees", i)), f"nominees[{i}]",
                        detail=f"{nominee} 不是{_label(rule.kind)}，“{s.category}”评选只能提名{_label(rule.kind)}",
                        fix=f"删去 {nominee}，或换成要提名的{_label(rule.kind)}编号")
    for i, nominee in enumerate(s.tiebreak):
        if nominee not in s.nominees:
            yield issue("selection-invalid", src.rel, src.line(("tiebreak", i)), f"tiebreak[{i}]",
                        detail=f"{nominee} 不在提名名单（nominees）中，不能参与同分排序",
                        fix="tiebreak 只写 nominees 中同分的条目")


def _missing_sheets(kb: KnowledgeBase, s: Selection) -> Iterator[Issue]:
    """Once a selection has results (award entries or a 公示), every expert's sheet must be in:
    a ranking on fewer sheets is not the panel's. While scoring is still going on it is not an error
    (`qinchuang awards` shows the sheets still missing and writes nothing)."""
    if s.category not in kb.config.rules.selection.categories:
        return
    published = [a.id for a in ledger(kb, s)] + [n.id for n in kb.notices if s.id in n.selections]
    if not published:
        return
    if any(kb.entry("person", sheet.expert) is None for sheet in kb.score_sheets if sheet.selection == s.id):
        return  # a sheet with a mistyped expert (ref-unknown) is probably the missing one
    src = kb.source_of("selection", s.id)
    for expert_id in missing_sheets(kb, s):
        expert = kb.entry("person", expert_id)
        if expert is None:
            continue  # ref-unknown
        i = s.experts.index(expert_id)
        yield issue("score-missing", src.rel, src.line(("experts", i)), f"experts[{i}]", selection=s.id,
                    expert=expert_id, name=expert.name, published="、".join(published[:3])
                    + ("等" if len(published) > 3 else ""), year=s.year)


def _ranking(kb: KnowledgeBase, s: Selection) -> Iterator[Issue]:
    """A finished selection (every expert's sheet is in): undecided ties, and the award entries
    against its ranking (a missing entry once, at the selection; `qinchuang awards --write` adds it)."""
    if s.category not in kb.config.rules.selection.categories or missing_sheets(kb, s):
        return
    src = kb.source_of("selection", s.id)
    ranking = rank(kb, s)
    for group in undecided_ties(s, ranking):
        ids = [r.nominee for r in group]
        grades = "与".join(dict.fromkeys(r.grade or "不获奖" for r in group))
        i = s.nominees.index(ids[0])
        yield issue("selection-invalid", src.rel, src.line(("nominees", i)), f"nominees[{i}]",
                    detail=f"{'、'.join(ids)} 同分（{group[0].score:.3f}），名次跨{grades}，评审组尚未决定先后",
                    fix=f"评审组决定后在评选中写 tiebreak: [{', '.join(ids)}]（居先的写在前），并在 note 中记录；"
                        f"再运行 qinchuang awards {s.year}")
    differences = compare(kb, s, ranking)
    absent = [d for d in differences if d.award is None]
    if absent:
        i = s.nominees.index(absent[0].nominee)
        yield issue("award-missing", src.rel, src.line(("nominees", i)), f"nominees[{i}]", selection=s.id,
                    n=len(absent), year=s.year,
                    missing="、".join(f"{d.nominee}（{d.expected}）" for d in absent))
    for d in differences:
        if d.award is None:
            continue
        src = kb.source_of("award", d.award)
        expected = d.expected or "不获奖"
        yield issue("award-ranking", src.rel, src.line(("grade",)), "grade", selection=s.id, nominee=d.nominee,
                    expected=expected, recorded=d.recorded, year=s.year)


def _label(kind: str) -> str:
    return KINDS[kind].label


def _sheet(kb: KnowledgeBase, sheet: ScoreSheet, seen: dict) -> Iterator[Issue]:
    src = kb.source_of("scoresheet", sheet.id)
    selection: Selection | None = kb.entry("selection", sheet.selection)
    rules = kb.config.rules.selection
    rule = rules.categories.get(selection.category) if selection else None
    if selection is None or rule is None:
        return  # an unknown selection is ref-unknown; an unknown category is reported on the selection
    if selection.date and sheet.date > selection.date:
        yield issue("score-sheet", src.rel, src.line(("date",)), "date",
                    detail=f"评分日期 {sheet.date} 晚于评选 {selection.id} 的颁奖日期 {selection.date}：评分应在颁奖之前")
    if sheet.year != selection.year:
        yield issue("score-sheet", src.rel, src.line(("year",)), "year",
                    detail=f"评选 {selection.id} 是 {selection.year} 年的，评分表却写 {sheet.year} 年")
    expert = kb.entry("person", sheet.expert)
    if expert is None:
        return  # ref-unknown names the mistyped 工号; the panel list and 漏评 would only repeat it
    if sheet.expert not in selection.experts:
        yield issue("score-sheet", src.rel, src.line(("expert",)), "expert",
                    detail=f"{sheet.expert} 不在评选 {selection.id} 的评审专家（experts）中")
    key = (selection.id, sheet.expert)
    if key in seen:
        yield issue("score-sheet", src.rel, src.line(("expert",)), "expert",
                    detail=f"专家 {sheet.expert} 在 {seen[key]} 中已为评选 {selection.id} 打过分，每位专家只交一张评分表")
    seen.setdefault(key, sheet.id)
    for nominee, marks in sheet.scores.items():
        loc = ("scores", nominee)
        if nominee not in selection.nominees:
            yield issue("score-sheet", src.rel, src.line(loc), f"scores.{nominee}",
                        detail=f"{nominee} 没有被提名参加评选 {selection.id}（见其 nominees）")
            continue
        reason = conflict(kb, sheet.expert, nominee)
        if reason:
            yield issue("score-conflict", src.rel, src.line(loc), f"scores.{nominee}",
                        expert=sheet.expert, name=expert.name if expert else "", nominee=nominee, reason=reason)
        for name, value in marks.items():
            if name not in rule.criteria:
                yield issue("score-sheet", src.rel, src.line(loc + (name,)), f"scores.{nominee}.{name}",
                            detail=f"“{name}”不是“{selection.category}”的评分项（评分项：{'、'.join(rule.criteria)}）")
            elif value > rules.score_max:
                yield issue("score-sheet", src.rel, src.line(loc + (name,)), f"scores.{nominee}.{name}",
                            detail=f"{name} {value:g} 分超过满分 {rules.score_max:g}")
        missing = [c for c in rule.criteria if c not in marks]
        if missing:
            yield issue("score-sheet", src.rel, src.line(loc), f"scores.{nominee}",
                        detail=f"{nominee} 缺少评分项：{'、'.join(missing)}")
    for nominee in selection.nominees:
        if kb.kind_of.get(nominee) != rule.kind:
            continue  # an unknown or wrong-type nominee is reported on the selection, not as 漏评
        if nominee not in sheet.scores and not conflict(kb, sheet.expert, nominee):
            yield issue("score-sheet", src.rel, src.line(("scores",)), "scores",
                        detail=f"漏评了 {nominee}（只有须回避的条目可以不打分）")


def conflict(kb: KnowledgeBase, expert_id: str, nominee_id: str) -> str:
    """Why ``expert_id`` must not score ``nominee_id`` (回避), or "" if they may."""
    expert, entry = kb.entry("person", expert_id), kb.get(nominee_id)
    if expert is None or entry is None:
        return ""
    members = [m.person for m in getattr(entry, "team", [])] + \
              [a for a in getattr(entry, "authors", []) if isinstance(a, str)]
    if expert_id in members:
        return "本人是其课题组成员或作者"
    if getattr(entry, "base", None) == expert.base:
        return f"它属于本人所在的分基地 {expert.base}"
    return ""


def _amounts_and_quotas(kb: KnowledgeBase) -> Iterator[Issue]:
    rules = kb.config.rules
    counted: dict[tuple, list[Award]] = defaultdict(list)
    for award in kb.awards:
        rule = rules.selection.categories.get(award.category)
        grade = rule.grade(award.grade) if rule else None
        if award.level not in rules.plant_award_levels or grade is None:
            continue
        src = kb.source_of("award", award.id)
        if award.amount is not None and award.amount != grade.amount:
            yield issue("award-amount", src.rel, src.line(("amount",)), "amount",
                        detail=f"厂级“{award.category}”{award.grade}每项奖金为 {grade.amount:,} 元"
                               f"（site_config/rules.yml 的 selection），这里写的是 {award.amount:,} 元")
        counted[(award.year, award.category, award.grade)].append(award)
    first_award: dict[tuple, str] = {}
    for awards in counted.values():
        for award in awards:
            for who in award.recipients:
                key = (award.year, award.name, award.category, who)
                if key in first_award:
                    src = kb.source_of("award", award.id)
                    yield issue("award-mismatch", src.rel, src.line(("recipients",)), "recipients",
                                detail=f"{who} 已在 {first_award[key]} 中获得{award.year}年“{award.name}”，同一奖项每项成果只评一个等级",
                                fix=f"删去重复的奖励，或改正 {award.id} 的获奖对象")
                first_award.setdefault(key, award.id)
    for (year, category, grade_name), awards in sorted(counted.items()):
        quota = rules.selection.categories[category].grade(grade_name).quota
        for n, award in enumerate(awards[quota:], start=quota + 1):
            src = kb.source_of("award", award.id)
            yield issue("award-quota", src.rel, src.line(("grade",)), "grade", year=year, category=category,
                        grade=grade_name, quota=quota, n=n, first=awards[0].id)


def _plant_grades(kb: KnowledgeBase, category: str) -> dict[str, list[Award]]:
    out: dict[str, list[Award]] = defaultdict(list)
    for award in kb.awards:
        if award.category == category and award.level in kb.config.rules.plant_award_levels:
            for who in award.recipients:
                out[who].append(award)
    return out


def _paper_awards(kb: KnowledgeBase) -> Iterator[Issue]:
    by_paper = _plant_grades(kb, PAPER_CATEGORY)
    for paper in kb.papers:
        if paper.award is None:
            continue
        awards = by_paper.get(paper.id, [])
        if any(a.grade == paper.award for a in awards):
            continue
        src = kb.source_of("paper", paper.id)
        found = "、".join(f"{a.id} 记的是{a.grade}" for a in awards) or "奖励条目中没有这篇论文的厂级论文奖"
        yield issue("award-mismatch", src.rel, src.line(("award",)), "award",
                    detail=f"论文写的获奖等级是“{paper.award}”，但{found}",
                    fix="改正 award 字段，或在 content/awards/ 中补登这项奖励")


def _project_awards(kb: KnowledgeBase) -> Iterator[Issue]:
    for project in kb.projects:
        for i, award_id in enumerate(project.awards):
            award = kb.entry("award", award_id)
            if award is not None and project.id not in award.recipients:
                src = kb.source_of("project", project.id)
                yield issue("award-mismatch", src.rel, src.line(("awards", i)), f"awards[{i}]",
                            detail=f"课题登记了奖励 {award_id}，但该奖励的获奖对象（recipients）中没有 {project.id}",
                            fix=f"在 {award_id} 的 recipients 中加上 {project.id}，或从课题的 awards 中删去")
