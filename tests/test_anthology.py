"""The yearly anthology PDF: selection checks, TOC page numbers, fonts, page geometry,
reproducibility, and the strictness of the renderer (fonts, glyphs, fallback fonts, figures).

The small book of tests/kb_anthology (4 papers: table, formulas, an SVG figure, references,
a paper of another year admitted through other_years, one 2021 paper left out) is built once
per session.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.anthology import PageSetup, build_anthology
from generator.anthology.authors import pinyin_key
from generator.anthology.references import format_reference
from generator.anthology.render import FontMissing, GlyphMissing, check_fonts, check_glyphs
from generator.anthology.web import toc
from generator.cli import main
from generator.errors import ContentError
from generator.models.papers import Reference
from generator.validation import validate

KB = Path(__file__).parent / "kb_anthology"
ORDER = ["低负荷工况下再热器管壁超温原因分析及对策", "锅炉燃烧优化调整试验研究",
         "厂用电切换装置误动原因分析", "发电机定子冷却水系统改进"]
MM = 72 / 25.4



@pytest.fixture(scope="session")
def book(tmp_path_factory):
    out = tmp_path_factory.mktemp("anthology") / "book.pdf"
    result = build_anthology(KB, 2021, out)
    return result


def _crop(pdf: Path, top: float, height: float) -> list[list[str]]:
    args = ["-x", "0", "-y", str(int(top)), "-W", "1000", "-H", str(int(height))]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")][:-1]


def page_texts(pdf: Path) -> list[list[str]]:
    """Per page: [running head, *body lines, folio], cropping the head margin (22 mm) and the
    folio zone (the lowest 16 mm of the 260 mm page) so each part is read from where it is printed."""
    heads = _crop(pdf, 0, 22 * MM)
    bodies = _crop(pdf, 22 * MM, 222 * MM)
    feet = _crop(pdf, 244 * MM, 16 * MM)
    return [[" ".join(h)] + b + [" ".join(f)] for h, b, f in zip(heads, bodies, feet, strict=True)]


def copy_kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(KB / "content", root / "content")
    (root / "site_config").symlink_to((KB / "site_config").resolve())
    return root


# ---- the book ---------------------------------------------------------------------------------

def test_toc_lists_papers_in_selection_order_with_pages_that_open_with_them(book):
    pages = page_texts(book.path)
    toc_page = next(p for p in pages if len(p) > 1 and p[1].replace(" ", "") in ("目录", "目"))
    entries = []
    for line in toc_page:
        m = re.match(r"^(.+?)\s*[·.]{3,}\s*(\d+)$", line)
        if m:
            entries.append((m.group(1).strip(), int(m.group(2))))
    assert [t for t, _ in entries] == ORDER + ["作者索引"]
    by_folio = {p[-1]: p for p in pages if p and p[-1].isdigit()}
    for title, folio in entries:
        opening = by_folio[str(folio)]
        assert opening[0] == "", "an opening page has no running head"
        assert title in opening[1:3], f"page {folio} should open with {title}: {opening[:3]}"


def test_front_matter_is_roman_and_body_starts_at_one_on_a_right_page(book):
    pages = page_texts(book.path)
    folios = [p[-1] for p in pages]
    assert "i" in folios and "1" in folios
    first_body = folios.index("1")
    assert first_body % 2 == 0  # 0-based even index = odd page = right-hand page
    assert all(not f.isdigit() for f in folios[:first_body])


def test_running_heads_book_title_left_paper_title_right(book):
    pages = page_texts(book.path)
    folio = {int(p[-1]): p for p in pages if p and p[-1].isdigit()}
    openings = {n: p[1:3] for n, p in folio.items() if p[0] == ""}
    assert folio[1][0] == "" and folio[1][1] == "锅炉与燃烧"  # opening page: no running head
    rights = 0
    for n, page in folio.items():
        if n in openings:
            continue
        if n % 2 == 0:
            assert page[0] == "秦电创新科技", n
        else:  # the title of the paper this page belongs to
            opened = max(k for k in openings if k < n)
            assert page[0] in openings[opened], (n, page[0], openings[opened])
            rights += 1
    assert rights >= 1


def test_paper_content_references_and_index(book):
    text = "\n".join("\n".join(p) for p in page_texts(book.path))
    assert "王志刚1，李晓雨1，刘明2" in text
    assert "（1. 锅炉分场分基地；2. 华北电力大学）" in text
    assert "张三, 李四, 王五, 等. 电站锅炉再热器超温分析[J]. 热力发电, 2019, 48(3): 12-16." in text
    assert "Smith J, Brown A, Lee K, et al. Power Plant Engineering[M]." in text
    assert "表1 改进前后主要参数对比" in text and "图1 改进后的系统结构" in text
    assert "未收录的一篇论文" not in text


def test_fonts_are_embedded(book):
    reader = PdfReader(book.path)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert any("CJK" in name for name in fonts)
    for name, font in fonts.items():
        descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)
        descriptor = descriptor["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} not embedded"


def test_page_size_16k_and_metadata(book):
    reader = PdfReader(book.path)
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (524.4, 737.0)
    assert reader.metadata.title == "秦电创新科技（2021年卷）"
    assert reader.metadata.author == "秦皇岛发电有限责任公司工会委员会"
    assert book.pages == len(reader.pages) and book.papers == 4


def _size(box) -> tuple[float, float]:
    return round(float(box.width), 1), round(float(box.height), 1)


def test_bleed_grows_bleed_box_keeps_trim_box_and_crop_marks_lie_outside(tmp_path):
    out = tmp_path / "bleed.pdf"
    build_anthology(KB, 2021, out, PageSetup(size="16k", bleed_mm=3, crop_marks=True))
    page = PdfReader(out).pages[0]
    trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
    assert _size(trim) == (524.4, 737.0)
    assert round(float(bleed.width) - float(trim.width), 1) == round(6 * MM, 1)
    assert float(media.width) > float(bleed.width) + 10 * MM  # room for the marks beyond the bleed
    # every crop-mark stroke starts outside the bleed box
    for x, y, _ in _strokes(out):
        inside_x = float(bleed.left) < x < float(bleed.right)
        inside_y = float(bleed.bottom) < y < float(bleed.top)
        assert not (inside_x and inside_y), (x, y)


def _strokes(pdf: Path) -> list[tuple[float, float, str]]:
    """Start points of the line segments drawn on page 1 outside any text (the cover has none)."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        return [(ln["x0"], page.height - ln["top"], "line") for ln in page.lines]


def test_no_bleed_declared_without_bleed(book):
    page = PdfReader(book.path).pages[0]
    assert _size(page.mediabox) == _size(page.trimbox) == _size(page.bleedbox) == (524.4, 737.0)


def test_page_count_is_a_multiple_of_four_and_file_is_readable_by_others(book):
    assert len(PdfReader(book.path).pages) % 4 == 0
    assert book.path.stat().st_mode & 0o044 == 0o044


def test_the_book_is_readable_by_the_web_server_whatever_the_umask(tmp_path):
    import os

    previous = os.umask(0o077)  # a CI runner's or a locked-down account's umask
    try:
        result = build_anthology(KB, 2021, tmp_path / "book.pdf")
    finally:
        os.umask(previous)
    assert result.path.stat().st_mode & 0o777 == 0o644


def test_two_builds_are_byte_identical(book, tmp_path):
    again = build_anthology(KB, 2021, tmp_path / "again.pdf")
    assert again.path.read_bytes() == book.path.read_bytes()


def test_left_out_papers_are_a_note_not_an_error(book):
    assert any("LW-2021-004" in n and "未收录" in n for n in book.notes)


# ---- bad selections ---------------------------------------------------------------------------

@pytest.mark.parametrize("edit, expected", [
    (("[LW-2021-001, LW-2021-002]", "[LW-2021-001, LW-2021-099]"), r"2021\.yml:\d+: 论文 LW-2021-099 不存在"),
    (("[LW-2021-003, LW-2020-001]", "[LW-2021-003, LW-2021-001]"), r"2021\.yml:\d+: 论文 LW-2021-001 重复收录"),
    (("other_years: [LW-2020-001]", "other_years: []"), r"2021\.yml:\d+: 论文 LW-2020-001 是 2020 年的"),
])
def test_bad_selection_fails_with_file_line_and_writes_no_pdf(tmp_path, capsys, edit, expected):
    root = copy_kb(tmp_path)
    sel = root / "content" / "anthology" / "2021.yml"
    sel.write_text(sel.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    out = tmp_path / "out.pdf"
    code = main(["--root", str(root), "anthology", "2021", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert re.search(expected, err), err
    assert "未生成 PDF" in err
    assert not out.exists() and not list(tmp_path.glob("*.pdf"))


def test_missing_selection_file(tmp_path, capsys):
    code = main(["--root", str(KB), "anthology", "2019", "--out", str(tmp_path / "x.pdf")])
    assert code == 1 and "找不到 2019 年的论文集选编文件" in capsys.readouterr().err


def test_image_outside_content_is_refused(tmp_path):
    root = copy_kb(tmp_path)
    paper = root / "content" / "papers" / "2021" / "LW-2021-002.md"
    paper.write_text(paper.read_text(encoding="utf-8") + "\n![x](../../../../../../etc/hostname)\n",
                     encoding="utf-8")
    with pytest.raises(ContentError, match="content/"):
        build_anthology(root, 2021, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


# ---- renderer strictness ----------------------------------------------------------------------

TEMPLATE = (KB / "site_config" / "anthology" / "book.typ").read_text(encoding="utf-8")


def test_missing_font_is_fatal():
    with pytest.raises(FontMissing, match="No Such Font SC"):
        check_fonts('#let serif-font = "No Such Font SC"\n')


def test_glyph_missing_from_every_font_is_fatal():
    files = check_fonts(TEMPLATE)
    with pytest.raises(GlyphMissing, match="没有字形") as info:
        check_glyphs({"papers": [{"body": [{"t": "p", "c": ["缺字\U000F0000"]}]}]}, files)  # plane 15
    assert info.value.chars == ["\U000F0000"]
    from generator.anthology.body import text_nodes

    check_glyphs({"title": text_nodes("锅炉 560 ℃、CO₂ 与 m³/h")}, files)  # ₂ is set as a subscript 2


def test_a_glyph_from_a_non_cjk_font_is_fatal():
    """Typst bundles Latin fonts; a PDF that uses one (a silent fallback) must not be written."""
    import typst

    from generator.anthology.render import _check_pdf_fonts

    pdf = typst.compile(b'#set text(font: "DejaVu Sans Mono")\nabc', ignore_system_fonts=True)
    with pytest.raises(GlyphMissing, match="DejaVuSansMono"):
        _check_pdf_fonts(pdf, ["Noto Serif CJK SC", "Noto Sans CJK SC"])


# ---- pieces -----------------------------------------------------------------------------------

def test_gbt7714_formats():
    cn = Reference(type="J", authors=["张三", "李四", "王五", "赵六"], title="超温分析", container="热力发电",
                   year=2019, volume="48", issue="3", pages="12-16")
    assert format_reference(cn) == "张三, 李四, 王五, 等. 超温分析[J]. 热力发电, 2019, 48(3): 12-16."
    two = Reference(type="M", authors=["Smith J", "Lee K"], title="Boilers", place="London",
                    container="Wiley", year=2010)
    assert format_reference(two) == "Smith J, Lee K. Boilers[M]. London: Wiley, 2010."
    std = Reference(type="S", authors=["国家能源局"], title="导则", number="DL/T 939—2016", place="北京",
                    container="中国电力出版社", year=2016)
    assert format_reference(std) == "国家能源局. 导则: DL/T 939—2016[S]. 北京: 中国电力出版社, 2016."
    assert format_reference("已写好的一条.") == "已写好的一条."


def test_pinyin_order_with_polyphonic_surnames():
    names = ["王志刚", "曾凡宇", "安然", "单晓东", "李晓雨", "刘明"]
    assert sorted(names, key=pinyin_key) == ["安然", "李晓雨", "刘明", "单晓东", "王志刚", "曾凡宇"]


def test_web_toc_is_data_in_selection_order():
    kb = validate(KB).kb
    data = toc(kb, 2021)
    assert [s.title for s in data.sections] == ["锅炉与燃烧", "电气与热控"]
    assert [p.title for s in data.sections for p in s.papers] == ORDER
    first = data.sections[0].papers[0]
    assert [(a.name, a.department) for a in first.authors] == [
        ("王志刚", "锅炉分场分基地"), ("李晓雨", "锅炉分场分基地"), ("刘明", "华北电力大学")]
    assert data.left_out == ["LW-2021-004"]


def test_image_paths_resolve_only_inside_content(tmp_path):
    from generator.anthology.body import resolve_image

    rel = "content/papers/2021/LW-2021-001.md"
    root = copy_kb(tmp_path)
    assert resolve_image("LW-2021-001/system.svg", rel, root).name == "system.svg"
    (tmp_path / "secret.svg").write_text("<svg/>")
    (root / "content" / "papers" / "2021" / "link.svg").symlink_to(tmp_path / "secret.svg")
    for src in ["../../../../secret.svg", "/etc/hostname", "file:///etc/hostname", "http://x/a.png",
                "link.svg", "LW-2021-001/missing.svg"]:
        with pytest.raises(ContentError):
            resolve_image(src, rel, root)


def test_knowledge_base_must_validate_first(tmp_path, capsys):
    root = copy_kb(tmp_path)
    person = root / "content" / "people" / "QD10007.yml"
    person.write_text(person.read_text(encoding="utf-8").replace("FJD-02", "FJD-99"), encoding="utf-8")
    code = main(["--root", str(root), "anthology", "2021", "--out", str(tmp_path / "x.pdf")])
    err = capsys.readouterr().err
    assert code == 1 and "知识库有 1 个错误" in err and "content/people/QD10007.yml:3" in err
    assert not (tmp_path / "x.pdf").exists()


def test_glyph_missing_in_a_paper_names_the_line(tmp_path):
    root = copy_kb(tmp_path)
    paper = root / "content" / "papers" / "2021" / "LW-2021-003.md"
    paper.write_text(paper.read_text(encoding="utf-8") + "\n生僻字\U000F0001在此。\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"LW-2021-003\.md:\d+") as info:
        build_anthology(root, 2021, tmp_path / "x.pdf")
    assert "U+F0001" in str(info.value)
    assert not (tmp_path / "x.pdf").exists()


def test_svg_figure_cannot_pull_files_or_urls_from_outside(tmp_path, capsys):
    root = copy_kb(tmp_path)
    svg = root / "content" / "papers" / "2021" / "LW-2021-001" / "system.svg"
    svg.write_text(svg.read_text().replace(
        "</svg>", '<image href="file:///etc/hostname" width="9" height="9"/></svg>'))
    code = main(["--root", str(root), "anthology", "2021", "--out", str(tmp_path / "x.pdf")])
    err = capsys.readouterr().err
    assert code == 1 and re.search(r"LW-2021-001/system.svg:\d+: SVG 图片不安全", err)  # the validator stops it first
    assert not (tmp_path / "x.pdf").exists()
    # and the renderer's own URL fetcher refuses it too, should a figure ever get past validation
    from generator.anthology import build_pdf
    from generator.errors import ContentError
    from generator.validation import validate

    with pytest.raises(ContentError, match="拒绝读取知识库之外的资源"):
        build_pdf(validate(root).kb, 2021, tmp_path / "y.pdf")
    assert not (tmp_path / "y.pdf").exists()


def test_unit_numbers_stay_text_and_table_captions_go_above():
    from generator.anthology.body import _markdown, _tables

    html = _markdown("#1锅炉为亚临界参数。\n\n## 1 引言\n\n```\n#1 code\n```\n")
    assert "<p>#1锅炉为亚临界参数。</p>" in html and "<h2>1 引言</h2>" in html
    assert "#1 code" in html and "\\#1" not in html
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    html = _tables(_markdown(f"表1 上方\n\n{table}\n表2 上方\n\n{table}\n文字\n\n{table}\n表3 下方\n"))
    captions = re.findall(r'<div class="table-block"><p class="caption">(.*?)</p><table>', html)
    assert captions == ["表1 上方", "表2 上方", "表3 下方"]


@pytest.mark.parametrize("fields, printed", [
    ({"type": "J", "authors": ["袁训来"], "title": "蓝田生物群", "container": "科学通报", "year": 2012,
      "issue": "3", "pages": "12-16"}, "袁训来. 蓝田生物群[J]. 科学通报, 2012(3): 12-16."),  # no volume
    ({"type": "C", "authors": ["贾东琴", "柯平"], "title": "数字服务体系研究", "container": "中国图书馆学会年会论文集",
      "place": "北京", "publisher": "国家图书馆出版社", "year": 2011, "pages": "45-52"},
     "贾东琴, 柯平. 数字服务体系研究[C]//中国图书馆学会年会论文集. 北京: 国家图书馆出版社, 2011: 45-52."),
    ({"type": "EB/OL", "authors": ["萧钰"], "title": "出版业信息化迈入快车道", "year": 2001,
      "accessed": "2002-04-15", "url": "http://www.example.com/news.html"},
     "萧钰. 出版业信息化迈入快车道[EB/OL]. (2001)[2002-04-15]. http://www.example.com/news.html."),
    ({"type": "N", "authors": ["丁文祥"], "title": "数字革命与竞争国际化", "container": "中国青年报", "year": 2000,
      "issue": "11-20", "pages": "15"}, "丁文祥. 数字革命与竞争国际化[N]. 中国青年报, 2000-11-20(15)."),
    ({"type": "P", "authors": ["邓一刚"], "title": "全智能节电器", "number": "200610171314.3", "year": 2006},
     "邓一刚. 全智能节电器: 200610171314.3[P]. 2006."),
    ({"type": "D", "authors": ["马欢"], "title": "海河流域水循环变化分析", "place": "北京", "publisher": "清华大学",
      "year": 2011}, "马欢. 海河流域水循环变化分析[D]. 北京: 清华大学, 2011."),
    ({"type": "R", "authors": ["秦皇岛发电有限责任公司"], "title": "#1锅炉燃烧调整试验报告", "place": "秦皇岛",
      "publisher": "秦皇岛发电有限责任公司", "year": 2020},
     "秦皇岛发电有限责任公司. #1锅炉燃烧调整试验报告[R]. 秦皇岛: 秦皇岛发电有限责任公司, 2020."),
])
def test_gbt7714_every_type(fields, printed):
    assert format_reference(Reference(**fields)) == printed


def test_portal_and_book_print_references_with_the_same_formatter():
    from generator.site import pages

    assert pages.format_reference is format_reference


def test_required_fields_per_type():
    from generator.anthology.references import missing_fields

    assert missing_fields(Reference(type="C", title="t", container="论文集", year=2020)) == ["place", "publisher"]
    assert missing_fields(Reference(type="EB/OL", title="t", url="https://x.org/")) == ["accessed"]
    assert missing_fields(Reference(type="R", title="t", year=2020)) == ["place", "publisher"]
    assert missing_fields(Reference(type="M", title="t", place="北京", container="出版社", year=2020)) == []
