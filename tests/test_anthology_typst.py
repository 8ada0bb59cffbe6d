"""The Typst print path from the outside: hostile text in every field stays text, Chinese
typography measured on the built book (bench/anthology_measure.py), journal apparatus."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.anthology import build_anthology
from generator.anthology.body import text_nodes

KB = Path(__file__).parent / "kb_anthology"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from anthology_measure import measure  # noqa: E402

# Each would do something if it were spliced into Typst markup: code, math, strong, raw, a
# reference, a label, an import, a file read, a comment, an escape.
PAYLOADS = ['#read("/etc/passwd")', '#import "@preview/x:0.1.0": *', "$x^2$", "*粗*", "`raw`",
            "@ref", "<label>", "#set page(width: 1cm)", "//注释", "\\#", "_斜_", "#{1+1}", "]["]


def copy_kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(KB / "content", root / "content")
    (root / "site_config").symlink_to((KB / "site_config").resolve())
    return root


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _edit_front_matter(path: Path, change) -> None:
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    data = yaml.safe_load(head)
    change(data)
    path.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body,
                    encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory):
    root = copy_kb(tmp_path_factory.mktemp("hostile"))
    # plain-text fields may not hold "<" (the validator says so); Markdown writes it as &lt;
    tag = " ".join(PAYLOADS).replace("<label>", "&lt;label&gt;")
    paper = root / "content" / "papers" / "2021" / "LW-2021-002.md"

    def change(d):
        d["title"] = "题名" + PAYLOADS[0] + PAYLOADS[4]
        d["abstract"] = "摘要" + " ".join(p for p in PAYLOADS if "<" not in p)
        d["keywords"] = ["关键词" + PAYLOADS[0], "关键词" + PAYLOADS[4], "燃烧"]
        d["authors"] = ["QD10001", {"name": "外#作者", "org": "单位" + PAYLOADS[0]}]
        d["references"][0]["title"] = "文献" + PAYLOADS[0] + PAYLOADS[2]
        d["references"].append("已写好的文献" + PAYLOADS[5] + PAYLOADS[7] + ".")

    _edit_front_matter(paper, change)
    body = paper.read_text(encoding="utf-8")
    body += ("\n\n## 小节" + PAYLOADS[0] + "\n\n正文" + tag.replace("$x^2$", "\\$x^2\\$")
             + "见文献[1]。\n\n表1 表题" + PAYLOADS[1] + "\n\n| 列&lt;label&gt; | 值 |\n|---|---|\n| "
             + PAYLOADS[0].replace("|", "") + " | `#read(\"/etc/passwd\")` |\n\n"
             + "脚注在此[^n]。\n\n[^n]: 脚注" + PAYLOADS[0] + "\n")
    paper.write_text(body, encoding="utf-8")
    sel = root / "content" / "anthology" / "2021.yml"
    data = yaml.safe_load(sel.read_text(encoding="utf-8"))
    data["sections"][0]["title"] = "栏目" + PAYLOADS[0]
    data["board"][0]["role"] = "主任" + PAYLOADS[3]
    data["preface"] += "\n序言" + tag.replace("$x^2$", "\\$x^2\\$") + "\n"
    data["printer"] = "印刷厂" + PAYLOADS[0]
    sel.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = root / "book.pdf"
    result = build_anthology(root, 2021, out)
    return result, _text(out)


def test_hostile_text_in_every_field_is_printed_as_itself(hostile_book):
    result, text = hostile_book
    flat = _squash(text)
    assert "root:" not in text and "/bin/" not in text  # /etc/passwd was not read
    read, imp = PAYLOADS[0], PAYLOADS[1]
    for printed in ["题名" + read + PAYLOADS[4], "关键词" + read, "单位" + read, "文献" + read + PAYLOADS[2],
                    "小节" + read, "表题" + imp, "列<label>", "脚注" + read, "栏目" + read, "印刷厂" + read,
                    "主任" + PAYLOADS[3]]:
        assert _squash(printed) in flat, printed
    # the abstract is plain text: every payload verbatim; Markdown bodies keep their Markdown
    # meaning (\\# is "#", *粗* is bold) and print everything else verbatim
    assert _squash("摘要" + " ".join(p for p in PAYLOADS if "<" not in p)) in flat
    markdown = {"*粗*": "粗", "`raw`": "raw", "\\#": "#", "_斜_": "斜"}
    plain = " ".join(markdown.get(p, p) for p in PAYLOADS)
    for where in ("正文", "序言"):
        assert _squash(where + plain) in flat, where
    assert "外#作者" in flat and "已写好的文献" + _squash(PAYLOADS[5] + PAYLOADS[7]) in flat
    assert result.pages % 4 == 0


def test_hostile_text_does_not_change_the_page(hostile_book, book_pages=None):
    from pypdf import PdfReader

    result, _ = hostile_book
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
             for p in PdfReader(result.path).pages}
    assert sizes == {(524, 737)}  # "#set page(width: 1cm)" stayed text


def test_footnote_is_printed_at_the_foot_of_its_page_without_web_marks(hostile_book):
    import pdfplumber

    result, text = hostile_book
    assert "↩" not in text
    with pdfplumber.open(result.path) as pdf:
        for page in pdf.pages:
            words = page.extract_text() or ""
            if "脚注在此" in words:
                note = [c for c in page.chars if c["text"] == "脚"]
                tops = sorted(c["top"] for c in note)
                assert tops[-1] > page.height * 0.75, "the note sits at the page foot"
                assert min(c["size"] for c in page.chars if c["top"] == tops[-1]) < 10
                break
        else:
            pytest.fail("footnote reference not found")


# ---- typography, measured on the printed book ----------------------------------------------------

@pytest.fixture(scope="module")
def dense_book(tmp_path_factory):
    """A knowledge base whose papers are long Chinese paragraphs full of numbers with units,
    standard numbers, figure/table labels and punctuation pairs: what an editor checks."""
    root = copy_kb(tmp_path_factory.mktemp("dense"))
    sentences = ["按GB/T 755—2019的规定，密度取1 230 kg/m³（见表1），供电煤耗降低约2.1 g/kWh。",
                 "改造后年节约标准煤约1 200 t（折合经济效益约86万元），“一题三效”落到实处。",
                 "如图1所示，出口烟温由135 ℃降至118 ℃，减温水量减少12.5 t/h（约占30%）。",
                 "式(1)中各量均取小时均值；脱硫浆液pH值控制在5.2～5.6之间，石膏含水率低于10%。",
                 "课题组（锅炉分场）结合DL/T 939—2016《导则》逐项排查，电耗降至0.43 kWh/GJ。"]
    paper = root / "content" / "papers" / "2021" / "LW-2021-003.md"
    text = paper.read_text(encoding="utf-8")
    paras = "\n\n".join("".join(sentences[(i + k) % 5] for k in range(7)) for i in range(14))
    paper.write_text(text + "\n\n## 5 数据\n\n" + paras + "\n", encoding="utf-8")
    out = root / "dense.pdf"
    build_anthology(root, 2021, out)
    return measure(out)


def test_no_ragged_line_in_justified_chinese(dense_book):
    assert dense_book.non_final > 50
    assert dense_book.ragged == []


def test_punctuation_pairs_are_compressed(dense_book):
    assert dense_book.pairs >= 14
    assert dense_book.uncompressed == []


def test_no_kinsoku_violation_and_no_split_number_unit(dense_book):
    assert dense_book.kinsoku == []
    assert dense_book.splits == []


def test_toc_and_fonts(dense_book):
    assert dense_book.toc_entries == 5 and dense_book.toc_wrong == []
    assert dense_book.fonts and not dense_book.fonts_not_embedded and not dense_book.fonts_not_cjk


@pytest.mark.parametrize("text, whole", [
    ("密度1 230 kg/m³为目标", "1 230 kg/m³"), ("约0.04 g/kWh估算", "0.04 g/kWh"), ("见表1。", "表1"),
    ("按式(2)计算", "式(2)"), ("符合GB/T 755—2019要求", "GB/T 755—2019"), ("低约20元/MWh", "20元/MWh"),
    ("达到35 mg/m³", "35 mg/m³"), ("1.00～1.15 g/cm³", "1.00～1.15 g/cm³"), ("约86万元", "86万元"),
])
def test_numbers_with_units_are_one_box(text, whole):
    boxes = ["".join(c for c in n["c"] if isinstance(c, str)) for n in text_nodes(text) if isinstance(n, dict) and n["t"] == "nb"]
    assert whole in boxes, boxes


def test_missing_subscript_glyphs_become_real_subscripts():
    nodes = text_nodes("CO₂排放，10⁻⁴")
    assert {"t": "sub", "c": ["2"]} in nodes and {"t": "sup", "c": ["−4"]} in nodes
    assert "₂" not in str(nodes) and "⁻" not in str(nodes)


def test_pdf_a_2b_on_request_and_text_in_grey_or_cmyk_never_rgb(tmp_path):
    from generator.anthology import PageSetup

    out = tmp_path / "a.pdf"
    build_anthology(KB, 2021, out, PageSetup(pdf_a=True))
    raw = out.read_bytes()
    assert b"<pdfaid:part>2</pdfaid:part>" in raw and b"<pdfaid:conformance>B</pdfaid:conformance>" in raw
    plain = tmp_path / "b.pdf"
    build_anthology(KB, 2021, plain)
    import pdfplumber

    with pdfplumber.open(plain) as pdf:
        colours = {tuple(c["non_stroking_color"] or ()) for p in pdf.pages[8:10] for c in p.chars}
    assert colours and all(len(c) in (1, 4) for c in colours), colours  # grey or CMYK, no RGB


def test_display_formula_numbered_at_the_right_margin(tmp_path):
    import pdfplumber

    root = copy_kb(tmp_path)
    paper = root / "content" / "papers" / "2021" / "LW-2021-003.md"
    paper.write_text(paper.read_text(encoding="utf-8") + "\n\n$$\nP = U I \\tag{7}\n$$\n\n式中P为功率。\n",
                     encoding="utf-8")
    out = root / "f.pdf"
    build_anthology(root, 2021, out)
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            numbers = [w for w in words if w["text"] == "(7)"]
            if numbers:  # flush with the right margin: 18 mm on a recto, 20 mm on a verso
                margin = (18 if page.page_number % 2 else 20) * 72 / 25.4
                assert abs(numbers[0]["x1"] - (page.width - margin)) < 1, (numbers[0]["x1"], page.width - margin)
                break
        else:
            pytest.fail("formula number (7) not printed")


def test_footnote_number_and_text_on_one_line_with_a_hanging_indent(tmp_path):
    """① and its note on one line; a long note's next lines hang under the text, not the number."""
    import pdfplumber

    root = copy_kb(tmp_path)
    paper = root / "content" / "papers" / "2021" / "LW-2021-002.md"
    paper.write_text(paper.read_text(encoding="utf-8") + "\n\n正文有脚注在此[^a]，又一处[^b]。\n\n"
                     "[^a]: 短脚注。\n[^b]: " + "这是一个很长的脚注，" * 12 + "\n", encoding="utf-8")
    out = tmp_path / "book.pdf"
    build_anthology(root, 2021, out)
    with pdfplumber.open(out) as pdf:
        page = next(p for p in pdf.pages if "又一处" in (p.extract_text() or ""))
        foot = [c for c in page.chars if c["top"] > page.height * 0.6]
    lines: dict[float, list] = {}
    for c in foot:
        lines.setdefault(round(c["top"]), []).append(c)
    rows = [sorted(cs, key=lambda c: c["x0"]) for _, cs in sorted(lines.items())]
    texts = ["".join(c["text"] for c in r) for r in rows]
    short = next(i for i, t in enumerate(texts) if "短脚注" in t)
    assert texts[short].startswith("①短脚注"), texts
    first = next(i for i, t in enumerate(texts) if t.startswith("②"))
    assert "这是一个很长" in texts[first], texts
    text_x = rows[first][1]["x0"]
    assert rows[first][0]["x0"] < text_x - 5
    following = rows[first + 1: first + 3]
    assert len(following) == 2 and all("脚注" in "".join(c["text"] for c in r) for r in following)
    for r in following:
        assert abs(r[0]["x0"] - text_x) < 0.5, "wrapped lines hang under the note text"


def test_tables_float_within_the_body_never_above_the_first_heading_nor_after_the_bibliography(tmp_path):
    import pdfplumber

    root = copy_kb(tmp_path)
    para = "针对机组低负荷运行时出现的问题，课题组结合现场运行数据和设备检修记录，对可能的原因逐一排查。" * 3
    table = "表{n} 表题{n}\n\n| 工况 | 值{n} |\n| --- | --- |\n| 甲{n}组 | 1 |\n| 乙{n}组 | 2 |\n\n"
    bodies = {  # a table on the first page of a long paper, near the end, and in a short paper
        "LW-2021-002": "## 1 引言\n\n" + para + "\n\n" + table.format(n=1) + (para + "\n\n") * 9,
        "LW-2021-001": "## 1 引言\n\n" + (para + "\n\n") * 8 + table.format(n=3) + para + "\n\n",
        "LW-2021-003": "## 1 引言\n\n" + para + "\n\n" + table.format(n=2),
    }
    for pid, text in bodies.items():
        path = root / "content" / "papers" / "2021" / f"{pid}.md"
        head = path.read_text(encoding="utf-8").split("---\n", 2)[1]
        path.write_text("---\n" + head + "---\n" + text + "已有研究[1]表明。\n", encoding="utf-8")
    out = tmp_path / "book.pdf"
    build_anthology(root, 2021, out)
    found: dict[str, list] = {}
    with pdfplumber.open(out) as pdf:
        for i, page in enumerate(pdf.pages):
            for key in ("1 引言", "参考文献", "甲1组", "甲2组", "甲3组"):
                found.setdefault(key, []).extend((i, w["top"]) for w in page.search(key))
    heads, refs = sorted(found["1 引言"]), sorted(found["参考文献"])
    for n in (1, 2, 3):
        (where,) = found[f"甲{n}组"]
        head = max(h for h in heads if h <= where)  # its paper's first heading
        ref = min(r for r in refs if r >= head)     # its paper's bibliography
        assert where > head, f"表{n} above the first heading"
        assert where < ref, f"表{n} after the bibliography"


def test_long_table_continuation_is_headed_xubiao_n(tmp_path):
    import pdfplumber

    root = copy_kb(tmp_path)
    path = root / "content" / "papers" / "2021" / "LW-2021-002.md"
    rows = "".join(f"| 测点{i} | {i}.5 |\n" for i in range(90))
    path.write_text(path.read_text(encoding="utf-8") + "\n\n表7 各测点温度\n\n| 测点 | 温度/℃ |\n| --- | --- |\n"
                    + rows + "\n正文。\n", encoding="utf-8")
    out = tmp_path / "book.pdf"
    build_anthology(root, 2021, out)
    pages = []
    with pdfplumber.open(out) as pdf:
        for i, page in enumerate(pdf.pages):
            if page.search("温度/℃"):
                xu = page.search("续表7")
                head = page.search("温度/℃")[0]
                pages.append((i, page.search("表7 各测点温度"), xu, head))
    assert len(pages) >= 2, "the table breaks across pages"
    first, *rest = pages
    assert first[1] and not first[2], "the first page has the caption, no 续表"
    for _, caption, xu, head in rest:
        assert not caption and len(xu) == 1
        assert xu[0]["bottom"] < head["top"], "续表7 above the repeated header"


def test_paragraph_opening_brackets_start_at_the_same_place_squeezed_or_not(tmp_path):
    root = copy_kb(tmp_path)
    path = root / "content" / "papers" / "2021" / "LW-2021-002.md"
    s = ["针对机组低负荷运行时出现的问题，课题组结合现场运行数据和设备检修记录。",
         "对可能的原因逐一排查，并与厂家技术人员共同论证改进方案，取得良好效果。",
         "改造后年节约标准煤约1 200 t，折合经济效益约86万元，“一题三效”落到实处。"]
    paras = "\n\n".join(f"（{i + 1}）" + "".join(s[(i + k) % 3] for k in range(i % 3 + 2)) for i in range(9))
    path.write_text(path.read_text(encoding="utf-8") + "\n\n## 9 措施\n\n" + paras + "\n", encoding="utf-8")
    out = tmp_path / "book.pdf"
    build_anthology(root, 2021, out)
    bbox = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    starts = {m.group(2): float(m.group(1))
              for m in re.finditer(r'<word xMin="([\d.]+)"[^>]*>(（\d）)', bbox)}
    assert len(starts) == 9
    assert max(starts.values()) - min(starts.values()) < 0.1, starts


def test_a4_measure_knows_paragraph_final_lines_among_short_paragraphs(tmp_path):
    """On A4 most body lines of short paragraphs are indented first lines: the left margin is
    still the margin, so a one-line paragraph is final, not ragged."""
    from generator.anthology.render import PageSetup

    root = copy_kb(tmp_path)
    one = "课题组结合现场运行数据逐一排查原因。"
    two = "针对机组低负荷运行时出现的问题，课题组结合现场运行数据和设备检修记录，对可能的原因逐一排查并论证。"
    paras = "\n\n".join(one if i % 3 else two for i in range(120))
    for pid in ("LW-2021-001", "LW-2021-002", "LW-2021-003"):  # bodies of short paragraphs only
        path = root / "content" / "papers" / "2021" / f"{pid}.md"
        head = path.read_text(encoding="utf-8").split("---\n", 2)[1]
        path.write_text("---\n" + head + "---\n## 1 措施\n\n" + paras + "\n\n已有研究[1]表明。\n", encoding="utf-8")
    out = tmp_path / "a4.pdf"
    build_anthology(root, 2021, out, PageSetup(size="a4"))
    report = measure(out)
    assert report.non_final > 10
    assert report.ragged == []
