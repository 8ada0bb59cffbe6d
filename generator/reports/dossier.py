"""个人创新档案 for 专家评定: everything a person took part in, within a date range — projects
(role, dates), patents (rank among inventors), papers (author rank), software, awards,
合理化建议 — as rows, then written as .docx (A4, to print and file) and .xlsx."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.errors import UsageError
from generator.kb import KnowledgeBase

from . import office


@dataclass
class Section:
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)


@dataclass
class Dossier:
    person_id: str
    name: str
    facts: list[tuple[str, str]]
    period: str
    sections: list[Section]


def _rank(people, person_id: str) -> str:
    ids = [p if isinstance(p, str) else None for p in people]
    return f"第 {ids.index(person_id) + 1} / {len(people)}"


def _within(day: date | None, start: date | None, end: date | None) -> bool:
    return day is None or ((start is None or day >= start) and (end is None or day <= end))


def _overlaps(first: date | None, last: date | None, start: date | None, end: date | None) -> bool:
    """The period [first, last] (open-ended where None) meets the range [start, end]."""
    return (end is None or first is None or first <= end) and (start is None or last is None or last >= start)


def dossier(kb: KnowledgeBase, person_id: str, start: date | None = None, end: date | None = None) -> Dossier:
    person = kb.entry("person", person_id)
    if person is None:
        raise UsageError(f"没有工号为 {person_id} 的人员（content/people/{person_id}.yml）")
    base = kb.entry("base", person.base)
    honours = "；".join(f"{h.title}（{h.year}）" for h in person.titles) or "—"
    facts = [("姓名", person.name), ("工号", person.id), ("分基地", base.name if base else person.base),
             ("岗位", person.position or "—"), ("技能等级/职称", person.skill or "—"), ("荣誉称号", honours)]
    projects = Section("创新课题", ["编号", "课题名称", "角色", "立项", "完成", "状态"])
    mine: set[str] = set()
    for p in kb.projects:
        role = next((m.role for m in p.team if m.person == person_id), None)
        if role:
            mine.add(p.id)  # awards to the project count even when the project ran before the range
        if role and _overlaps(p.approved or p.proposed, p.completed or p.terminated, start, end):
            projects.rows.append([p.id, p.title, role, p.approved or "—", p.completed or "—", p.status])
    patents = Section("专利", ["编号", "专利名称", "类型", "申请号", "申请日", "发明人排序", "状态"])
    for x in kb.patents:
        if person_id in x.inventors:
            mine.add(x.id)
        if person_id in x.inventors and _within(x.filed, start, end):
            patents.rows.append([x.id, x.title, x.type, x.application_no, x.filed, _rank(x.inventors, person_id), x.status])
    papers = Section("论文", ["编号", "论文题目", "作者排序", "年度", "发表", "厂内评奖"])
    for x in kb.papers:
        if person_id in x.authors:
            mine.add(x.id)
        if person_id in x.authors and _year_overlaps(x.year, start, end):  # papers have a year only
            pub = f"{x.published.journal} {x.published.year}" if x.published else "—"
            papers.rows.append([x.id, x.title, _rank(x.authors, person_id), str(x.year), pub, x.award or "—"])
    software = Section("软件著作权", ["编号", "软件名称", "登记号", "登记日", "开发人员排序"])
    for x in kb.software:
        if person_id in x.authors:
            mine.add(x.id)
        if person_id in x.authors and _within(x.registered, start, end):
            software.rows.append([x.id, x.title, x.registration_no, x.registered, _rank(x.authors, person_id)])
    awards = Section("奖励", ["编号", "奖项", "级别", "等级", "年度", "获奖对象", "奖金（元）"])
    suggestions = Section("合理化建议", ["编号", "奖项", "等级", "年度", "获奖对象"])
    for a in kb.awards:
        targets = [t for t in a.recipients if t == person_id or t in mine]
        when = _within(a.date, start, end) if a.date else _year_overlaps(a.year, start, end)
        if not targets or not when:
            continue
        if a.category == "合理化建议":
            suggestions.rows.append([a.id, a.name, a.grade, str(a.year), "、".join(targets)])
        else:
            amount = a.amount if a.amount is not None else "—"
            awards.rows.append([a.id, a.name, a.level, a.grade, str(a.year), "、".join(targets), amount])
    period = f"{start or '最早'} 至 {end or '最近'}"
    return Dossier(person.id, person.name, facts, period,
                   [projects, patents, papers, software, awards, suggestions])


def _year_overlaps(year: int, start: date | None, end: date | None) -> bool:
    return (start is None or year >= start.year) and (end is None or year <= end.year)


def _text(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def write_docx(d: Dossier, path: Path) -> Path:
    doc = office.new_document(f"个人创新档案：{d.name}", f"统计期间：{d.period}")
    office.fields(doc, d.facts)
    for s in d.sections:
        office.heading(doc, f"{s.title}（{len(s.rows)} 项）")
        if s.rows:
            office.table(doc, s.header, [[_text(v) for v in row] for row in s.rows])
        else:
            office.paragraph(doc, "统计期间内无。")
    office.paragraph(doc, "本档案由知识库自动生成；核对无误后由本人签字、工会办公室盖章。")
    office.paragraph(doc, "本人签字：                    工会办公室（盖章）：                    日期：")
    return office.save(doc, path)


def write_xlsx(d: Dossier, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    sheet = wb.active
    sheet.title = "基本信息"
    sheet.append(["统计期间", d.period])
    for label, value in d.facts:
        sheet.append([label, office.clean(value)])
    for s in d.sections:
        ws = wb.create_sheet(s.title)
        ws.append(s.header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in s.rows:
            ws.append([v if isinstance(v, int | date) else office.clean(v) for v in row])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, int):
                    cell.number_format = "#,##0"  # 奖金 a number the office can sum
                elif cell.value is not None and not isinstance(cell.value, str):
                    cell.number_format = "yyyy-mm-dd"
        for i, _ in enumerate(s.header):
            ws.column_dimensions[chr(ord("A") + i)].width = 40 if i == 1 else 14
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula: a title "=HYPERLINK(…)" stays a title
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path

