"""Writing Word files the office edits: A4, Chinese fonts, headings, tables, and blanks marked
for the author. python-docx escapes text into XML itself; characters XML cannot hold are dropped
here, so contributor text is only ever text in the document."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

CJK_FONT = "宋体"
HEADING_FONT = "黑体"
TODO = "【待补充】"
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value) -> str:
    return _XML_INVALID.sub("", "" if value is None else str(value))


def _font(style_or_run, name: str, size: float | None = None) -> None:
    style_or_run.font.name = name
    rpr = style_or_run.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        style_or_run.font.size = Pt(size)


def new_document(title: str, subtitle: str = ""):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    _font(doc.styles["Normal"], CJK_FONT, 12)
    for level in (1, 2, 3):
        _font(doc.styles[f"Heading {level}"], HEADING_FONT)
    doc.core_properties.title = clean(title)
    heading = doc.add_heading(clean(title), level=0)
    _font(doc.styles["Title"], HEADING_FONT, 20)
    heading.alignment = 1
    if subtitle:
        doc.add_paragraph(clean(subtitle)).alignment = 1
    return doc


def heading(doc, text: str, level: int = 1) -> None:
    doc.add_heading(clean(text), level=level)


def paragraph(doc, text: str, bold: bool = False) -> None:
    run = doc.add_paragraph().add_run(clean(text))
    run.bold = bold


def todo(doc, what: str) -> None:
    """A blank the author must fill in, highlighted so it cannot go unnoticed in Word."""
    run = doc.add_paragraph().add_run(f"{TODO}{clean(what)}")
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


TEXT_WIDTH_MM = 160  # A4 less the 25 mm margins


def _set_widths(t, widths_mm: list[float]) -> None:
    """Column widths for both Word (cell widths) and LibreOffice/WPS (the table grid)."""
    t.autofit = False
    for column, width in zip(t.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in t.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _widths(header: list[str], rows: list[list]) -> list[float]:
    """Share the text width by how long each column's texts are (ids and dates on one line,
    titles get the rest), so no column is squeezed into one character per line."""
    def length(text) -> float:
        return sum(1.0 if ord(ch) > 0x2E7F else 0.62 for ch in clean(text))

    need = [max([length(h)] + [min(length(r[i]), 16) for r in rows]) + 1.5 for i, h in enumerate(header)]
    total = sum(need)
    return [TEXT_WIDTH_MM * n / total for n in need]


def table(doc, header: list[str], rows: list[list]) -> None:
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(clean(text)).bold = True
    for row in rows:
        cells = t.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = clean(value)
    for row in t.rows:  # 五号 (10.5 pt), the size of tables in Chinese official documents
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(10.5)
    _set_widths(t, _widths(header, rows))
    doc.add_paragraph()


def fields(doc, pairs: list[tuple[str, object]]) -> None:
    """A two-column form table: label, value (an empty value becomes a marked blank)."""
    t = doc.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for label, value in pairs:
        cells = t.add_row().cells
        cells[0].paragraphs[0].add_run(clean(label)).bold = True
        if value in (None, "", []):
            run = cells[1].paragraphs[0].add_run(TODO)
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        else:
            cells[1].text = clean(value)
    _set_widths(t, [40, TEXT_WIDTH_MM - 40])
    doc.add_paragraph()


def markdown(doc, text: str) -> None:
    """A Markdown section body as Word paragraphs: list items as bullets, sub-headings bold,
    emphasis and link syntax reduced to their text (the office re-formats in Word anyway)."""
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(re.match(r"^([-*+]|\d+[.)])\s", line) for line in lines):
            for line in lines:
                doc.add_paragraph(clean(_inline(re.sub(r"^([-*+]|\d+[.)])\s+", "", line))), style="List Bullet")
        elif lines[0].startswith("#"):
            paragraph(doc, _inline(lines[0].lstrip("#").strip()), bold=True)
            if lines[1:]:
                paragraph(doc, _inline("".join(lines[1:])))
        else:
            paragraph(doc, _inline("".join(lines) if _cjk(lines) else " ".join(lines)))


def _cjk(lines: list[str]) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in lines[0][-1:])


def _inline(text: str) -> str:
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"（图：\1）", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|_|`)(.+?)\1", r"\2", text)
    return text


def save(doc, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path
