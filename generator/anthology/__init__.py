"""The yearly anthology 《秦电创新科技》: editor's selection → print-ready PDF.

selection (check the editor's file) → book (the whole book as data: body nodes, references,
formulas, authors) → render (Typst with site_config/anthology/book.typ, strict). ``web.toc`` gives the same table of contents as data
for the portal's web edition.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import ContentError
from generator.kb import KnowledgeBase

from .book import assemble
from .selection import Selection, select

if TYPE_CHECKING:
    from .render import PageSetup

# The portal imports this package for the table of contents and formulas only, so the renderer
# (Typst) is loaded when a PDF is actually made.
_RENDER_NAMES = {"GlyphMissing", "PageSetup", "render_pdf"}


def __getattr__(name: str):
    if name in _RENDER_NAMES:
        from . import render

        return getattr(render, name)
    raise AttributeError(name)

TEMPLATE = Path("site_config/anthology/book.typ")


@dataclass
class BuildResult:
    path: Path
    pages: int
    papers: int
    seconds: float
    notes: list[str] = field(default_factory=list)


def default_output(root: Path, year: int) -> Path:
    return root / "build" / "anthology" / f"秦电创新科技-{year}.pdf"


def checked_selection(kb: KnowledgeBase, year: int, report=None) -> Selection:
    """The selection, or ContentError listing every problem with file:line (selection first)."""
    sel = select(kb, year)
    if sel.anthology is None and report is not None:  # the file failed validation: say why
        sel.problems += [f"{i.path}:{i.line}: {i.message}" for i in report.issues
                         if i.path == sel.rel and i.severity == "error"]
    if sel.problems:
        raise ContentError(f"{year} 年论文集选编有 {len(sel.problems)} 处错误，未生成 PDF：\n  "
                           + "\n  ".join(sel.problems), report)
    if report is not None and not report.ok:
        errors = [i for i in report.issues if i.severity == "error"]
        shown = "\n  ".join(f"{i.path}:{i.line}: {i.message}" for i in errors[:5])
        more = f"\n  ……另有 {len(errors) - 5} 个" if len(errors) > 5 else ""
        raise ContentError(f"知识库有 {report.errors} 个错误，未生成 PDF（请运行 qinchuang validate 查看全部并修正）：\n  "
                           f"{shown}{more}", report)
    return sel


def build_pdf(kb: KnowledgeBase, year: int, out: Path, setup: PageSetup | None = None,
              report=None) -> BuildResult:
    started = time.perf_counter()
    sel = checked_selection(kb, year, report)
    from .render import GlyphMissing, PageSetup, render_pdf

    book = assemble(kb, sel)
    try:
        pages = render_pdf(book, kb.config.root / TEMPLATE, kb.config.root / "content", out,
                           setup or PageSetup())
    except GlyphMissing as exc:
        where = _locate(kb, sel, exc.chars)
        raise ContentError(f"{exc}\n  " + "\n  ".join(where) if where else str(exc)) from None
    return BuildResult(out, pages, len(sel.papers), time.perf_counter() - started, sel.notes)


def _locate(kb: KnowledgeBase, sel: Selection, chars: list[str]) -> list[str]:
    """file:line of every line of the selected papers (and the selection file) using ``chars``."""
    sources = [kb.source_of("anthology", sel.anthology.id)] + [kb.sources[p.id] for p in sel.papers]
    return [f"{src.rel}:{n}: {''.join(c for c in chars if c in line)}"
            for src in sources for n, line in enumerate(src.text.split("\n"), start=1)
            if any(c in line for c in chars)][:10]


def build_anthology(root: Path, year: int, out: Path | None = None,
                    setup: PageSetup | None = None) -> BuildResult:
    """Validate the knowledge base at ``root`` and typeset the anthology of ``year``."""
    from generator.validation import validate

    root = Path(root).resolve()
    result = validate(root)
    return build_pdf(result.kb, year, out or default_output(root, year), setup, result.report)


__all__ = ["BuildResult", "PageSetup", "build_anthology", "build_pdf", "default_output", "select"]
