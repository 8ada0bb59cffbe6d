"""The editor's selection for one year: checked before anything is typeset.

Every problem names the line of ``content/anthology/<year>.yml`` it comes from, so the editor
can fix the file directly. Papers of that year left out of the book are not an error: the
editor decides, the tool only lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.kb import KnowledgeBase
from generator.models import Anthology, Paper


@dataclass(frozen=True)
class Section:
    title: str
    papers: list[Paper]


@dataclass
class Selection:
    year: int
    rel: str  # content/anthology/<year>.yml
    anthology: Anthology | None = None
    sections: list[Section] = field(default_factory=list)
    left_out: list[Paper] = field(default_factory=list)  # papers of the year not selected
    problems: list[str] = field(default_factory=list)  # "file:line: message", each fatal
    notes: list[str] = field(default_factory=list)  # for the editor, not fatal

    @property
    def ok(self) -> bool:
        return self.anthology is not None and not self.problems

    @property
    def papers(self) -> list[Paper]:
        return [p for s in self.sections for p in s.papers]


def select(kb: KnowledgeBase, year: int) -> Selection:
    """Resolve and check the selection file of ``year`` against the knowledge base."""
    rel = f"content/anthology/{year}.yml"
    sel = Selection(year=year, rel=rel)
    anthology = kb.entry("anthology", str(year))
    if not isinstance(anthology, Anthology):
        if (kb.config.root / rel).is_file():
            sel.problems.append(f"{rel}:1: 选编文件未通过校验，请先运行 qinchuang validate 并修正")
        else:
            sel.problems.append(f"{rel}: 找不到 {year} 年的论文集选编文件（应为 {rel}）")
        return sel
    sel.anthology = anthology
    src = kb.source_of("anthology", anthology.id)
    if anthology.year != year:
        sel.problems.append(f"{rel}:{src.line(('year',))}: year 写的是 {anthology.year}，与文件名 {year} 不一致")
    allowed_other = set(anthology.other_years)
    seen: dict[str, int] = {}
    for i, section in enumerate(anthology.sections):
        papers = []
        for j, paper_id in enumerate(section.papers):
            line = src.line(("sections", i, "papers", j))
            where = f"{rel}:{line}"
            if paper_id in seen:
                first = "本行前面" if seen[paper_id] == line else f"第 {seen[paper_id]} 行"
                sel.problems.append(f"{where}: 论文 {paper_id} 重复收录（{first}已收录）")
                continue
            seen[paper_id] = line
            paper = kb.get(paper_id)
            if not isinstance(paper, Paper):
                sel.problems.append(f"{where}: 论文 {paper_id} 不存在（content/papers/ 中没有这篇论文）")
                continue
            if paper.year != year and paper_id not in allowed_other:
                sel.problems.append(f"{where}: 论文 {paper_id} 是 {paper.year} 年的；收入 {year} 年卷须在 "
                                    f"other_years 中特许")
                continue
            papers.append(paper)
        sel.sections.append(Section(section.title, papers))
    for k, paper_id in enumerate(anthology.other_years):
        if paper_id not in seen:
            sel.notes.append(f"{rel}:{src.line(('other_years', k))}: other_years 中的 {paper_id} 没有编入任何栏目")
    sel.left_out = [p for p in kb.papers if p.year == year and p.id not in seen]
    if sel.left_out:
        listed = "、".join(f"{p.id}《{p.title}》" for p in sel.left_out)
        sel.notes.append(f"{rel}: 提示：{year} 年有 {len(sel.left_out)} 篇论文未收录：{listed}")
    return sel
