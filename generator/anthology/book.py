"""The whole book as one HTML document: cover, 编委会, 序, 目录, papers, 作者索引.

Page numbers are never computed here: the TOC and the index point at anchors and the print
CSS fills in ``target-counter(attr(href), page)``, so they always match the printed folios.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from generator.kb import KnowledgeBase
from generator.models import Paper, Person

from .authors import Author, author_index, authors, departments
from .body import render
from .math import Formulas
from .references import format_reference
from .selection import Selection

INDEX_ID = "author-index"


def anchor(paper: Paper) -> str:
    return f"p-{paper.id}"


def _board_name(kb: KnowledgeBase, who) -> str:
    if isinstance(who, str):
        person = kb.get(who)
        return escape(person.name if isinstance(person, Person) else who)
    return f"{escape(who.name)}<span class=\"org\">（{escape(who.org)}）</span>"


def by_department(people: list[Author]) -> str:
    """王某、李某（锅炉分场分基地）；刘明（华北电力大学）"""
    groups = []
    for dept in departments(people) + ([""] if any(not a.department for a in people) else []):
        names = "、".join(escape(a.name) for a in people if a.department == dept)
        groups.append(f"{names}（{escape(dept)}）" if dept else names)
    return "；".join(groups)


def cover(kb: KnowledgeBase, sel: Selection) -> str:
    a, settings = sel.anthology, kb.config.settings
    copies = f"<p>印数：{a.copies} 册</p>" if a.copies else ""
    return f"""<div class="cover-part">
<section class="cover">
  <p class="cover-plant">{escape(settings.plant)}</p>
  <h1 class="cover-title">{escape(a.title)}</h1>
  <p class="cover-volume">{escape(a.volume)}</p>
  <p class="cover-base">{escape(settings.name)}</p>
  <p class="cover-union">{escape(settings.union)}　编</p>
</section>
<section class="colophon">
  <p class="colophon-title">{escape(a.title)}（{escape(a.volume)}）</p>
  <p>编印：{escape(settings.union)}</p>
  <p>收录论文：{len(sel.papers)} 篇</p>{copies}
  <p>内部资料　注意保存</p>
</section>
</div>"""


def board(kb: KnowledgeBase, sel: Selection) -> str:
    rows = "\n".join(
        f'<tr><th>{escape(m.role)}</th><td>{"　".join(_board_name(kb, p) for p in m.people)}</td></tr>'
        for m in sel.anthology.board)
    return f'<section class="board"><h1 class="front-title">编委会</h1><table>{rows}</table></section>'


def preface(sel: Selection, root: Path, formulas: Formulas) -> str:
    text = render(sel.anthology.preface, sel.rel, root, formulas, "preface", citations=False)
    return f'<section class="preface"><h1 class="front-title">序</h1>{text}</section>'


def toc(kb: KnowledgeBase, sel: Selection) -> str:
    parts = ['<section class="toc"><h1 class="front-title">目　录</h1>']
    for section in sel.sections:
        parts.append(f'<p class="toc-section">{escape(section.title)}</p>')
        for paper in section.papers:
            parts.append(f'<div class="toc-entry"><a class="toc-title" href="#{anchor(paper)}">'
                         f'{escape(paper.title)}</a>'
                         f'<p class="toc-authors">{by_department(authors(kb, paper))}</p></div>')
    parts.append(f'<div class="toc-entry toc-back"><a class="toc-title" href="#{INDEX_ID}">作者索引</a></div>')
    parts.append("</section>")
    return "\n".join(parts)


def _byline(people: list[Author]) -> str:
    depts = departments(people)
    numbered = len(depts) > 1

    def name(a: Author) -> str:
        mark = f"<sup>{depts.index(a.department) + 1}</sup>" if numbered and a.department else ""
        return escape(a.name) + mark

    names = "，".join(name(a) for a in people)
    if numbered:
        units = "；".join(f"{i}. {escape(d)}" for i, d in enumerate(depts, start=1))
    else:
        units = escape(depts[0]) if depts else ""
    return (f'<p class="paper-authors">{names}</p>'
            + (f'<p class="paper-depts">（{units}）</p>' if units else ""))


def _references(paper: Paper) -> str:
    if not paper.references:
        return ""
    items = "\n".join(f'<li><span class="ref-no">[{i}]</span>{escape(format_reference(r))}</li>'
                      for i, r in enumerate(paper.references, start=1))
    return f'<div class="references"><h3 class="ref-title">参考文献</h3><ol>{items}</ol></div>'


def _published(paper: Paper) -> str:
    p = paper.published
    if p is None:
        return ""
    issue = f"{p.year}年" + (f"第{escape(p.issue)}期" if p.issue else "")
    return f'<p class="published">原载《{escape(p.journal)}》{issue}</p>'


def paper_html(kb: KnowledgeBase, paper: Paper, section_title: str | None, formulas: Formulas) -> str:
    rel = kb.sources[paper.id].rel
    body = render(kb.body(paper.id), rel, kb.config.root, formulas, anchor(paper),
                  citations=bool(paper.references))
    banner = f'<p class="section-banner">{escape(section_title)}</p>' if section_title else ""
    return f"""<article class="paper" id="{anchor(paper)}">
{banner}<div class="running-head">{escape(paper.title)}</div>
<h2 class="paper-title">{escape(paper.title)}</h2>
{_byline(authors(kb, paper))}
<div class="abstract"><span class="label">摘　要：</span>{escape(paper.abstract)}</div>
<div class="keywords"><span class="label">关键词：</span>{"；".join(escape(k) for k in paper.keywords)}</div>
{_published(paper)}
<div class="paper-body">{body}</div>
{_references(paper)}
</article>"""


def index_html(kb: KnowledgeBase, sel: Selection) -> str:
    parts = [f'<section class="index" id="{INDEX_ID}"><div class="running-head">作者索引</div>',
             '<h2 class="index-title">作者索引</h2><div class="index-columns">']
    letter = None
    for entry in author_index(kb, sel.papers):
        if entry.letter != letter:
            letter = entry.letter
            parts.append(f'<p class="index-letter">{letter}</p>')
        pages = "，".join(f'<a class="page-ref" href="#p-{pid}"></a>' for pid in entry.papers)
        dept = escape(entry.author.department)
        parts.append(f'<p class="index-entry"><span class="index-name">{escape(entry.author.name)}</span>'
                     f'<span class="index-dept">{dept}</span><span class="index-pages">{pages}</span></p>')
    parts.append("</div></section>")
    return "\n".join(parts)


def assemble(kb: KnowledgeBase, sel: Selection) -> str:
    """The book HTML; the page geometry and typography come from the print CSS."""
    a, settings = sel.anthology, kb.config.settings
    formulas = Formulas()
    root = kb.config.root
    papers = []
    for section in sel.sections:
        for i, paper in enumerate(section.papers):
            papers.append(paper_html(kb, paper, section.title if i == 0 else None, formulas))
    title = f"{a.title}（{a.volume}）"
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{escape(title)}</title>
<meta name="author" content="{escape(settings.union)}">
<meta name="description" content="{escape(settings.name)}论文集">
<meta name="keywords" content="{escape(a.title)}, {a.year}">
</head><body>
{cover(kb, sel)}
<div class="front-part">
{board(kb, sel)}
{preface(sel, root, formulas)}
{toc(kb, sel)}
</div>
<div class="body-part">
{"".join(papers)}
{index_html(kb, sel)}
</div>
</body></html>"""
