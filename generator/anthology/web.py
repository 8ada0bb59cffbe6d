"""The anthology's table of contents as data, for the portal's web edition (no page numbers)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import ContentError
from generator.kb import KnowledgeBase

from .authors import Author, authors, departments
from .selection import select


@dataclass(frozen=True)
class TocPaper:
    id: str
    title: str
    authors: list[Author]  # name, department (sub-base name or external org), person id
    departments: list[str]  # distinct, in order of the authors


@dataclass(frozen=True)
class TocSection:
    title: str
    papers: list[TocPaper]


@dataclass(frozen=True)
class Toc:
    year: int
    title: str
    volume: str
    sections: list[TocSection]
    left_out: list[str]  # ids of that year's papers the editor did not select


def toc(kb: KnowledgeBase, year: int) -> Toc:
    """The ordered sections and papers of ``year``'s volume; ContentError on a bad selection."""
    sel = select(kb, year)
    if not sel.ok:
        raise ContentError(f"{year} 年论文集选编有误：" + "；".join(sel.problems))
    sections = []
    for section in sel.sections:
        papers = []
        for paper in section.papers:
            people = authors(kb, paper)
            papers.append(TocPaper(paper.id, paper.title, people, departments(people)))
        sections.append(TocSection(section.title, papers))
    return Toc(year, sel.anthology.title, sel.anthology.volume, sections, [p.id for p in sel.left_out])
