"""A Word paper in the usual Chinese layout → a paper entry (front matter + Markdown body) and
its figure folder.

Recognised, in this order: 标题 (Word's Title style or the first paragraph), the author line
(names with affiliation numbers), the unit line (“（1. 单位，地址 邮编；2. …）” or “单位：…”),
摘要：, 关键词：, optional lines such as 中图分类号 and the English abstract (left out, said so),
then the body up to 参考文献, whose items become structured references where they can. Headings
are Word heading styles or, where an office typed them by hand, short numbered lines
(“2.1 xxx”, bold “1 引言”, “一、xxx”).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import gbt7714
from .files import check_office_file
from .names import Names
from .pandoc_ast import all_strong, flatten_table, read_docx, stringify, to_markdown

LABEL = r"[【\[［]?\s*{}\s*[】\]］]?\s*[:：]?\s*"
ABSTRACT = re.compile(LABEL.format(r"摘\s*要"))
KEYWORDS = re.compile(LABEL.format(r"关\s*键\s*(?:词|字)"))
AUTHORS_LABEL = re.compile(LABEL.format(r"作\s*者"))
UNITS_LABEL = re.compile(LABEL.format(r"(?:作者)?单\s*位"))
REFERENCES = re.compile(r"^\s*(?:\d+\s*)?参\s*考\s*文\s*献\s*[:：]?\s*$")
AFTER_REFERENCES = re.compile(r"^\s*(作者简介|附\s*录|致\s*谢)")
DROPPED = re.compile(r"^\s*(中图分类号|文献标(识|志)码|文章编号|DOI|Abstract|Key\s*words|收稿日期|基金项目)\b", re.I)
NUMBERED = re.compile(r"^\s*(\d+(?:[.．]\d+)*)[.．、]?\s+\S|^\s*\d+[.．、]?\s*[\u4e00-\u9fff]")
CHINESE_NUMBERED = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*\S")
SUBNUMBERED = re.compile(r"^\s*(\d+(?:[.．]\d+){1,3})\s*[\u4e00-\u9fff]")  # "2.1 冷却管", not "3.6 MPa"
NOT_HEADING_END = re.compile(r"[。；;，,：:]$")
AUTHOR_SPLIT = re.compile(r"(?<!\d)[,，](?!\d)|[、;；]|(?<=\d)[，]")
AUTHOR = re.compile(r"^(?P<name>[^\d*＊]+?)[*＊]?(?P<numbers>[\d,，]*)[*＊]?$")
TRAILING_UNIT = re.compile(r"[（(]([^（()）]{4,})[)）]\s*$")
LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u4e00-\u9fff]")
UNIT = re.compile(r"(\d+)\s*[.．、]\s*([^；;]+)")
CAPTION = re.compile(r"^\s*图\s*\d+")
EQUATION_NUMBER = re.compile(r"^\s*[（(]\s*(\d+(?:[-.．]\d+)?)\s*[)）]\s*$")
WEB_IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
HEADING_MAX = 40
FOLDER = "QCFIGURES"  # replaced by the paper's id once it is known


@dataclass
class Place:
    """A paragraph of the document: its number (blank lines not counted) and its first words."""

    n: int
    text: str

    def __str__(self):
        words = self.text if len(self.text) <= 24 else self.text[:24] + "…"
        return f"第 {self.n} 段（“{words}”）" if self.n else f"文档属性中的段落（“{words}”）"


@dataclass
class Paper:
    fields: dict = field(default_factory=dict)  # front matter, in order
    field_places: dict[str, Place] = field(default_factory=dict)
    body: str = ""
    body_places: dict[int, Place] = field(default_factory=dict)  # body line → paragraph
    images: list[tuple[Path, str]] = field(default_factory=list)  # (extracted file, name in folder)
    notes: list[tuple[Place | None, str]] = field(default_factory=list)  # to report
    unresolved: list[tuple[Place | None, str]] = field(default_factory=list)  # to fix
    # an internal author's unit that names a sub-base ("秦皇岛发电有限责任公司 燃料分场"): (author, unit, base id, place)
    unit_bases: list[tuple[object, str, str, Place]] = field(default_factory=list)


def read_paper(path: Path, names: Names, plant: str, work: Path) -> Paper:
    check_office_file(path, ".docx")
    doc = read_docx(path, work / "media")
    blocks = [b for b in doc["blocks"] if stringify(b).strip() or _has_image(b) or b["t"] == "Table"]
    places, n = [], 1
    for b in blocks:  # numbered as Word counts paragraphs: blank ones not, each list item one
        places.append(Place(n, stringify(b).strip()))
        n += len(b["c"][1] if b["t"] == "OrderedList" else b["c"]) if b["t"] in ("OrderedList", "BulletList") else 1
    paper = Paper()
    meta_title = stringify(doc.get("meta", {}).get("title", {}).get("c", [])).strip()
    i = _front(paper, blocks, places, meta_title, names, plant, doc.get("meta"))
    refs_at = next((j for j in range(i, len(blocks)) if REFERENCES.match(places[j].text)), len(blocks))
    _references(paper, blocks, places, refs_at)
    body, body_places = _body(paper, blocks[i:refs_at], places[i:refs_at], work)
    paper.body, origin = to_markdown(doc, body)
    paper.body_places = {line: body_places[b] for line, b in origin.items() if b < len(body_places)}
    return paper


def _has_image(block) -> bool:
    return block["t"] == "Figure" or block["t"] == "Para" and any(n.get("t") == "Image" for n in block["c"])


def _images(node) -> list:
    if isinstance(node, list):
        return [img for n in node for img in _images(n)]
    if isinstance(node, dict):
        return [node] if node.get("t") == "Image" else _images(node.get("c"))
    return []


def _front(paper: Paper, blocks, places, meta_title, names, plant, doc_meta=None) -> int:
    """Fill title, authors, abstract, keywords; return the index of the first body block."""
    f = paper.fields
    i = 0
    if meta_title:
        f["title"] = meta_title
        paper.field_places["title"] = places[0] if places else None
        if places and places[0].text == meta_title:
            i = 1
    elif blocks:
        f["title"], paper.field_places["title"] = places[0].text, places[0]
        i = 1
    author_line = unit_line = None
    meta = doc_meta or {}
    if "author" in meta:  # paragraphs in Word's Author style
        text = "，".join(stringify(a.get("c", [])) for a in meta["author"].get("c", []))
        author_line = (text, Place(0, text))
    if "abstract" in meta:  # a paragraph in Word's Abstract style
        text = stringify(meta["abstract"].get("c", [])).strip()
        m = ABSTRACT.match(text)
        f["abstract"], paper.field_places["abstract"] = text[m.end():] if m else text, Place(0, text)
    while i < len(blocks):
        text, place = places[i].text, places[i]
        if blocks[i]["t"] == "Header" and not (ABSTRACT.match(text) or KEYWORDS.match(text)):
            break
        if m := ABSTRACT.match(text):
            f["abstract"], paper.field_places["abstract"] = text[m.end():].strip(), place
        elif m := KEYWORDS.match(text):
            words = [w.strip() for w in re.split(r"[；;，,、\s]+", text[m.end():].strip().rstrip("。.")) if w.strip()]
            f["keywords"], paper.field_places["keywords"] = words, place
        elif DROPPED.match(text):
            paper.notes.append((place, "这一段（分类号、英文摘要等）不属于论文条目的字段，未导入"))
        elif (after := _english_front(blocks, places, i)) > i:
            paper.notes.append((place, f"英文题目、作者和摘要（共 {after - i} 段）未导入"))
            i = after
            continue
        elif "abstract" in f or "keywords" in f:
            break  # the body begins
        elif m := UNITS_LABEL.match(text):
            unit_line = (text[m.end():], place)
        elif m := AUTHORS_LABEL.match(text):
            author_line = (text[m.end():], place)
        elif author_line is None and not text.startswith(("（", "(")):
            author_line = (text, place)
        elif unit_line is None:
            unit_line = (text, place)
        else:
            break
        i += 1
    for key, label in (("abstract", "摘要"), ("keywords", "关键词")):
        if key not in f:
            paper.unresolved.append((None, f"没有找到“{label}：”开头的段落：请在生成的文件中填写 {key}"))
    _authors(paper, author_line, unit_line, names, plant)
    return i


def _units(text: str) -> dict[str, str]:
    text = text.strip().strip("（）()")
    found = {n: u.split("，")[0].split(",")[0].strip() for n, u in UNIT.findall(text)}
    return found or {"": text.split("，")[0].split(",")[0].strip()}


def _authors(paper: Paper, author_line, unit_line, names: Names, plant: str) -> None:
    if author_line is None:
        paper.unresolved.append((None, "没有找到作者行：请在生成的文件中填写 authors（本厂人员写工号）"))
        return
    text, place = author_line
    inline = TRAILING_UNIT.search(text)  # "王志刚 李晓雨（秦皇岛发电有限责任公司 锅炉分场）"
    if inline:
        text = text[:inline.start()]
        unit_line = unit_line or (inline[1], place)
    units = _units(unit_line[0]) if unit_line else {}
    internal_words = [plant] + [n for n in names.by_name.get("base", {}) if len(n) >= 3]
    out = []
    for name, numbers in _author_names(text):
        unit = next((units[n] for n in re.split(r"[,，]", numbers) if n in units), units.get(""))
        if unit and not any(w in unit for w in internal_words):
            out.append({"name": name, "org": unit})
            if names.resolve("person", name).ok:
                paper.notes.append((place, f"作者“{name}”的单位“{unit}”不像本厂，按厂外作者填写；知识库中有同名职工"
                                           f"（{names.resolve('person', name).value}），若是同一人请把 authors 中这一项改成工号"))
            continue
        found = names.resolve("person", name)
        out.append(found.value)
        if not found.ok:
            paper.unresolved.append((place, f"作者：{found.problem}"))
        if unit and (base := _unit_base(unit, names)):
            paper.unit_bases.append((found.value, unit, base, unit_line[1] if unit_line else place))
    paper.fields["authors"] = out
    paper.field_places["authors"] = place


def _unit_base(unit: str, names: Names) -> str | None:
    """The one sub-base whose name (or its 分场 short name) the unit contains, else None."""
    index = names.by_name.get("base", {})
    found = {i for name, ids in index.items() if len(name) >= 3 and name in unit for i in ids}
    return found.pop() if len(found) == 1 else None


def _author_names(text: str) -> list[tuple[str, str]]:
    """"王志刚1,2，李 伟1，刘明2*" → [(王志刚, 1,2), (李伟, 1), (刘明, 2)]. Offices pad two-character
    names with a space, so spaces separate names only where no comma or 、 does."""
    parts = [p for p in AUTHOR_SPLIT.split(text) if p.strip()]
    if len(parts) == 1:
        wide = [p for p in re.split(r"\s{2,}|\u3000", text.strip()) if p.strip()]
        parts = wide if len(wide) > 1 else _join_single_characters(text.split())
    out = []
    for part in parts:
        m = AUTHOR.match("".join(part.split()))
        if m and m["name"]:
            out.append((m["name"], m["numbers"]))
    return out


def _join_single_characters(tokens: list[str]) -> list[str]:
    """"王 伟 李晓雨" → 王伟, 李晓雨: a Chinese name has at least two characters."""
    out: list[str] = []
    for token in tokens:
        bare = re.sub(r"[\d,*＊]", "", token)
        if out and len(re.sub(r"[\d,*＊]", "", out[-1])) == 1 and len(bare) == 1:
            out[-1] += token
        else:
            out.append(token)
    return out


def _english_front(blocks, places, i: int) -> int:
    """Index after an English title / authors / Abstract / Key words group starting at ``i``
    (journals put one after the Chinese front matter), or ``i`` when there is none."""
    for j in range(i, min(i + 6, len(blocks))):
        text = places[j].text
        if CJK.search(text) and len(CJK.findall(text)) > len(LATIN.findall(text)) / 4:
            return i
        if re.match(r"^\s*Key\s*words?\b", text, re.I):
            return j + 1
    return i


def _references(paper: Paper, blocks, places, start: int) -> None:
    refs = []
    for j in range(start + 1, len(blocks)):
        if AFTER_REFERENCES.match(places[j].text):
            paper.notes.append((places[j], "参考文献之后的内容（作者简介、附录等）未导入，需要时请手工补入正文"))
            break
        items = blocks[j]["c"][1] if blocks[j]["t"] == "OrderedList" else [[blocks[j]]]
        for item in items:
            line = stringify(item).strip()
            if not line:
                continue
            parsed = gbt7714.parse(line)
            if isinstance(parsed, str):
                paper.notes.append((places[j], f"参考文献“{parsed[:30]}”不是常见的 GB/T 7714 格式，按原文保存"))
            refs.append(parsed)
    if refs:
        paper.fields["references"] = refs
        paper.field_places["references"] = places[start]


def _heading_level(block, text: str) -> int:
    """Level of a hand-made heading (a short numbered line), 0 when it is a paragraph."""
    if block["t"] != "Para" or len(text) > HEADING_MAX or NOT_HEADING_END.search(text):
        return 0
    if m := SUBNUMBERED.match(text):
        return len(re.split(r"[.．]", m[1]))
    if (NUMBERED.match(text) or CHINESE_NUMBERED.match(text)) and all_strong(block["c"]):
        return 1
    return 0


def _body(paper: Paper, blocks, places, work: Path) -> tuple[list, list]:
    out, out_places = [], []
    top = min((b["c"][0] for b in blocks if b["t"] == "Header"), default=1)
    figure = 0
    tables = 0
    after: list = []  # blocks that follow this one (a Word-style caption)
    for k, (block, place) in enumerate(zip(blocks, places, strict=True)):
        if block["t"] == "Header":  # the entry page's title is the h1: the paper's sections start at ##
            block = {"t": "Header", "c": [block["c"][0] - top + 2, ["", [], []], block["c"][2]]}
        elif level := _heading_level(block, place.text):
            inl = block["c"][0]["c"] if all_strong(block["c"]) and len(block["c"]) == 1 else block["c"]
            block = {"t": "Header", "c": [level + 1, ["", [], []], inl]}
        elif block["t"] == "Table":
            tables += 1
            block, notes = flatten_table(block)
            paper.notes += [(place, f"表格（第 {tables} 个）：{n}") for n in notes]
        elif _has_image(block):
            # the caption stays a visible paragraph after the picture (as in the sample papers), and
            # is the picture's alt text too
            caption = places[k + 1].text if k + 1 < len(places) and CAPTION.match(places[k + 1].text) else ""
            if block["t"] == "Figure":  # an image followed by a paragraph in Word's Caption style
                inlines = [n for b in block["c"][1][1] if isinstance(b, dict) and b.get("t") in ("Plain", "Para")
                           for n in b["c"]]
                caption = stringify(block["c"][1][1]).strip() or caption
                if stringify(inlines).strip():
                    after.append({"t": "Para", "c": inlines})
                block = {"t": "Para", "c": _images(block["c"][2])}
            new = []
            for node in block["c"]:
                if node.get("t") == "Image":
                    figure += 1
                    node = _image(paper, node, figure, caption, place, work)
                new.append(node)
            block = {"t": "Para", "c": new}
        for piece in _split_display_math(block) + after:
            out.append(piece)
            out_places.append(place)
        after.clear()
    return out, out_places


def _is_display(node) -> bool:
    return node.get("t") == "Math" and node["c"][0]["t"] == "DisplayMath"


def _split_display_math(block) -> list:
    """A display equation shares its Word paragraph with its number ("…⟶ （1）") or with text;
    Markdown needs it alone on its line. The number goes into the formula as \\qquad (1)."""
    if block["t"] != "Para" or not any(_is_display(n) for n in block["c"]) or len(block["c"]) == 1:
        return [block]
    pieces, text = [], []
    for node in block["c"]:
        if _is_display(node):
            if stringify(text).strip():
                pieces.append({"t": "Para", "c": text})
            pieces.append({"t": "Para", "c": [node]})
            text = []
        elif text or node.get("t") not in ("Space", "SoftBreak", "LineBreak"):
            number = EQUATION_NUMBER.match(stringify(text + [node]))
            last = pieces[-1]["c"][0] if pieces and not text else None
            if number and last is not None and _is_display(last):
                last["c"][1] += f" \\qquad ({number[1]})"
                continue
            text.append(node)
    if stringify(text).strip():
        pieces.append({"t": "Para", "c": text})
    return pieces


def _image(paper: Paper, node, figure: int, caption: str, place: Place, work: Path) -> dict:
    src = Path(node["c"][2][0])
    source = src if src.is_absolute() else work / src
    if not source.is_file():  # pandoc extracts into media_dir; paths may be given relative to it
        source = work / "media" / src.name
    alt = caption or f"图{figure}"
    if not (source.is_file() and source.resolve().is_relative_to(work.resolve())):
        # a picture linked to a file or address outside the document: nothing to copy, and
        # the portal makes no request to another host
        paper.unresolved.append((place, f"{alt} 链接到文档以外的图片，未导入：请在 Word 中“插入 → 图片”把图片本身放进文档，"
                                        f"或把图片文件放到论文目录中，在正文这里写 ![{alt}](编号/图{figure}.png)"))
        return {"t": "Str", "c": f"【{alt}】"}
    ext = src.suffix.lower()
    name = f"图{figure}{ext}"
    if ext not in WEB_IMAGES:
        paper.unresolved.append((place, f"图{figure} 是 {ext or '未知'} 格式，浏览器和论文集都不能显示：请在 Word 中"
                                        f"把它另存为 PNG，放到论文目录中替换 {name}，并把正文中的文件名改成 .png"))
    paper.images.append((source, name))
    return {"t": "Image", "c": [["", [], []], [{"t": "Str", "c": alt}], [FOLDER + "/" + name, ""]]}


def scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="qinchuang-import-"))


def cleanup(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
