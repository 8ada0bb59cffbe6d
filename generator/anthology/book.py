"""The whole book as data for the Typst template: cover, colophon, 编委会, 序, 目录, papers,
作者索引.

Every string here is contributor or editor text and stays a string: the template shows it as
text, never as markup. Page numbers are never computed here: the TOC and the index name the
paper's label and the template looks up the page it was set on, so they always match the folios.
"""

from __future__ import annotations

from generator.kb import KnowledgeBase
from generator.models import Paper, Person

from .authors import Author, author_index, authors, departments
from .body import render, text_nodes
from .math import Formulas
from .references import format_reference
from .selection import Selection

INDEX_ID = "author-index"


def anchor(paper: Paper) -> str:
    return f"p-{paper.id}"


def _board_name(kb: KnowledgeBase, who) -> dict:
    if isinstance(who, str):
        person = kb.get(who)
        return {"name": person.name if isinstance(person, Person) else who, "org": None}
    return {"name": who.name, "org": who.org}


def by_department(people: list[Author]) -> str:
    """王某、李某（锅炉分场分基地）；刘明（华北电力大学）"""
    groups = []
    for dept in departments(people) + ([""] if any(not a.department for a in people) else []):
        names = "、".join(a.name for a in people if a.department == dept)
        groups.append(f"{names}（{dept}）" if dept else names)
    return "；".join(groups)


def colophon(kb: KnowledgeBase, sel: Selection) -> list[tuple[str, str]]:
    """版权页 lines from the selection file (开本 and 印张 are added by the template)."""
    a, settings = sel.anthology, kb.config.settings
    lines = [("编印", settings.union), ("收录论文", f"{len(sel.papers)} 篇")]
    for label, value in (("准印证号", a.permit), ("印刷单位", a.printer),
                         ("印刷日期", a.printed), ("印数", f"{a.copies} 册" if a.copies else None)):
        if value:
            lines.append((label, str(value)))
    return lines


def _byline(people: list[Author]) -> tuple[list, str]:
    depts = departments(people)
    numbered = len(depts) > 1
    names: list = []
    for i, a in enumerate(people):
        if i:
            names.append("，")
        names.append(a.name)
        if numbered and a.department:
            names.append({"t": "sup", "c": [str(depts.index(a.department) + 1)]})
    units = "；".join(f"{i}. {d}" for i, d in enumerate(depts, start=1)) if numbered else (
        depts[0] if depts else "")
    return names, units


def _published(paper: Paper) -> str | None:
    p = paper.published
    if p is None:
        return None
    issue = f"{p.year}年" + (f"第{p.issue}期" if p.issue else "")
    return f"原载《{p.journal}》{issue}"


def paper_data(kb: KnowledgeBase, paper: Paper, section_title: str | None) -> dict:
    rel = kb.sources[paper.id].rel
    body = render(kb.body(paper.id), rel, kb.config.root, Formulas(), anchor(paper),
                  citations=bool(paper.references))
    byline, depts = _byline(authors(kb, paper))
    return {"id": anchor(paper), "title": text_nodes(paper.title), "section": section_title,
            "byline": byline, "depts": depts, "abstract": text_nodes(paper.abstract), "keywords": "；".join(paper.keywords),
            "published": _published(paper), "body": body,
            "references": [text_nodes(format_reference(r)) for r in paper.references]}


def index_data(kb: KnowledgeBase, sel: Selection) -> list[dict]:
    groups: list[dict] = []
    for entry in author_index(kb, sel.papers):
        if not groups or groups[-1]["letter"] != entry.letter:
            groups.append({"letter": entry.letter, "entries": []})
        groups[-1]["entries"].append({"name": entry.author.name, "dept": entry.author.department,
                                      "papers": [f"p-{pid}" for pid in entry.papers]})
    return groups


def assemble(kb: KnowledgeBase, sel: Selection) -> dict:
    """The book as data; the page geometry and typography come from the Typst template."""
    a, settings = sel.anthology, kb.config.settings
    papers = []
    for section in sel.sections:
        for i, paper in enumerate(section.papers):
            papers.append(paper_data(kb, paper, section.title if i == 0 else None))
    preface = render(a.preface, sel.rel, kb.config.root, Formulas(), "preface", citations=False)
    return {
        "title": a.title, "volume": a.volume, "year": a.year, "plant": settings.plant,
        "base": settings.name, "union": settings.union,
        "colophon": colophon(kb, sel),
        # the PDF's date: the printing date, else the year's last day (fixed: builds stay identical)
        "date": list((a.printed.year, a.printed.month, a.printed.day) if a.printed else (a.year, 12, 31)),
        "board": [{"role": m.role, "people": [_board_name(kb, p) for p in m.people]} for m in a.board],
        "preface": preface, "preface-by": a.preface_by or "编委会",
        "preface-date": str(a.preface_date) if a.preface_date else None,
        "sections": [{"title": s.title, "papers": [
            {"id": anchor(p), "title": text_nodes(p.title), "authors": by_department(authors(kb, p))}
            for p in s.papers]} for s in sel.sections],
        "papers": papers,
        "index": index_data(kb, sel),
    }
