"""Word and Excel files made the way a union office makes them (python-docx / openpyxl), for the
import tests: direct formatting rather than clean styles where offices use it, merged cells,
dates typed in several ways, footnotes, an OMML equation, a picture."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Pt

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

# η = Q_1 / (B · q) × 100%  — an efficiency formula as Word's equation editor stores it
EQUATION = (
    f'<m:oMathPara xmlns:m="{M_NS}"><m:oMath>'
    "<m:r><m:t>η</m:t></m:r><m:r><m:t>=</m:t></m:r>"
    "<m:f><m:num><m:sSub><m:e><m:r><m:t>Q</m:t></m:r></m:e><m:sub><m:r><m:t>1</m:t></m:r></m:sub></m:sSub></m:num>"
    "<m:den><m:r><m:t>B</m:t></m:r><m:r><m:t>q</m:t></m:r></m:den></m:f>"
    "<m:r><m:t>×100%</m:t></m:r></m:oMath></m:oMathPara>"
)


def png_bytes(colour=(200, 40, 40)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(buf, format="PNG")
    return buf.getvalue()


def _footnotes(doc, notes: list[str]) -> None:
    """python-docx cannot add footnotes: write the footnotes part Word itself writes."""
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for i, text in enumerate(notes, start=1))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
           f"{body}</w:footnotes>")
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, xml.encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)


def _footnote_ref(paragraph, number: int) -> None:
    paragraph._p.append(parse_xml(
        f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="{number}"/></w:r>'))


def _centered(doc, text: str, size: int, bold: bool = False):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold, run.font.size = bold, Pt(size)
    return p


def _labelled(doc, label: str, text: str):
    p = doc.add_paragraph()
    p.add_run(label).bold = True
    p.add_run(text)
    return p


def paper_docx(path: Path, *, title="凝汽器端差偏大原因分析及治理", authors="王志刚1，李晓雨1，王伟1，刘明2",
               units="（1. 秦皇岛发电有限责任公司 汽机分场，河北 秦皇岛 066000；2. 燕山大学 能源学院，河北 秦皇岛 066004）",
               styled_headings=True, references=None, conclusion="优化胶球清洗后端差下降 4.3 ℃，年节约标煤约 1 200 t。",
               word_styles=False, english=False) -> Path:
    """A paper in the usual Chinese layout: centred title, author line with affiliation numbers,
    units, 摘要：, 关键词：, two-level numbered headings, a table with a merged header, a picture
    with its caption, an equation, two footnotes and a 参考文献 list."""
    doc = Document()
    if word_styles:  # Word's own Title style (pandoc reads it as the document title)
        doc.add_heading(title, level=0)
    else:
        _centered(doc, title, 18, bold=True)
    _centered(doc, authors, 12)
    if units:
        _centered(doc, units, 10)
    _labelled(doc, "摘要：", "针对#2机组凝汽器端差偏大的问题，分析了冷却管结垢、真空严密性和循环水流量三方面原因，"
                          "采取胶球清洗优化等措施，端差由 8.5 ℃ 降至 4.2 ℃。")
    _labelled(doc, "关键词：", "凝汽器；端差；胶球清洗；真空严密性")
    if english:  # as journals print it: the English title, authors, Abstract and Key words follow
        _centered(doc, "Analysis and Treatment of Large Terminal Temperature Difference of Condenser", 14, bold=True)
        _centered(doc, "WANG Zhigang, SUN Yue", 10)
        _labelled(doc, "Abstract: ", "The terminal temperature difference of the condenser of Unit 2 was too large.")
        _labelled(doc, "Key words: ", "condenser; terminal temperature difference")
    doc.add_paragraph("")  # offices leave blank lines

    def heading(text, level):
        if styled_headings:
            doc.add_heading(text, level=level)
        else:
            p = doc.add_paragraph()
            p.add_run(text).bold = True

    heading("1 设备概况", 1)
    p = doc.add_paragraph("#2机组凝汽器为双壳体、双背压、表面式凝汽器")
    _footnote_ref(p, 1)
    p.add_run("，冷却管材为 TP317L 不锈钢。")
    heading("2 原因分析", 1)
    heading("2.1 冷却管结垢", 2)
    doc.add_paragraph("端差与清洁系数的关系为：")
    equation = doc.add_paragraph()
    equation._p.append(parse_xml(EQUATION))
    equation.add_run("\t（1）")  # the equation number, tabbed to the right in the same paragraph
    p = doc.add_paragraph("式中 η 为清洁系数。检修中发现管内壁有软垢")
    _footnote_ref(p, 2)
    p.add_run("。")
    heading("2.2 真空严密性", 2)
    doc.add_paragraph("表1 治理前后主要参数")
    table = doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    table.cell(0, 0).merge(table.cell(1, 0)).text = "工况"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "端差/℃"
    table.cell(1, 1).text, table.cell(1, 2).text = "治理前", "治理后"
    for r, row in enumerate([("额定负荷", "8.5", "4.2"), ("75%负荷", "7.1", "3.6")], start=2):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.add_paragraph("治理后端差明显下降，见图1。")
    doc.add_picture(io.BytesIO(png_bytes()))
    doc.add_paragraph("图1 治理前后端差的变化", style="Caption" if word_styles else None)
    heading("3 结论", 1)
    doc.add_paragraph(conclusion)
    heading("参考文献", 1)
    for item in references or [
        "[1] 张卫东，王海. 凝汽器端差偏大的原因及对策[J]. 热力发电，2019，48(3)：45-48.",
        "[2] 樊泉桂. 锅炉原理[M]. 北京：中国电力出版社，2014.",
        "[3] 国家能源局. 火力发电厂凝汽器性能试验规程：DL/T 1078—2007[S]. 北京：中国电力出版社，2007.",
        "[4] 秦电内部资料，胶球清洗系统说明书。",
    ]:
        doc.add_paragraph(item)
    _footnotes(doc, ["双背压凝汽器低压侧与高压侧背压不同。", "软垢主要成分为碳酸钙和有机物。"])
    doc.save(path)
    return path


def ledger_xlsx(path: Path, rows: list[list], *, sheet="立项台账", title="2022年职工创新课题立项台账",
                groups=(), columns=()) -> Path:
    """A ledger as offices keep it: a merged title row, a two-row header whose group cells are
    merged across their columns (``groups``: (text, first column, last column), 1-based) and
    across both rows for single columns, then the data rows (blank ones included)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    width = len(columns)
    ws.cell(1, 1, title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    grouped = {c for _, first, last in groups for c in range(first, last + 1)}
    for text, first, last in groups:
        ws.cell(2, first, text)
        ws.merge_cells(start_row=2, start_column=first, end_row=2, end_column=last)
    for c, name in enumerate(columns, start=1):
        if c in grouped:
            ws.cell(3, c, name)
        else:
            ws.cell(2, c, name)
            ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = ws.cell(r, c, value)
                if isinstance(value, dt.date | dt.datetime):
                    cell.number_format = "yyyy-mm-dd"
    wb.save(path)
    return path


def link_pictures(path: Path, url: str) -> Path:
    """The same document with its pictures linked to ``url`` instead of embedded (Word's
    “插入 → 图片 → 链接到文件”), as a hostile or careless document would have them."""
    import re
    import zipfile

    out = path.with_name("linked-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = re.sub(rb'Target="media/[^"]+"', b'Target="' + url.encode() + b'" TargetMode="External"', data)
            elif info.filename == "word/document.xml":
                data = data.replace(b"r:embed=", b"r:link=")
            dst.writestr(info, data)
    return out
