"""Markdown → book content nodes: paper bodies and the preface.

Contributor Markdown is untrusted: it is rendered to HTML and sanitised with nh3, and the clean
HTML is then read into plain data (``nodes``: strings and small dicts such as
``{"t": "p", "c": [...]}``) that the Typst template shows as text. Nothing a contributor
writes is ever spliced into Typst source, so ``#``, ``$``, ``*``, ``@``, ``<label>`` or
``#read(...)`` print as the characters they are.

Typesetting rules applied here, where the text is known: a number stays with its unit, digit
groups, standard numbers (GB/T 755—2019) and 表1 / 图1 / 式(1) are unbreakable boxes; a
citation mark stays on the line of the punctuation after it; Unicode sub/superscript digits
the CJK fonts lack (₂, ⁻) become real sub/superscripts; a caption under a table moves above it
(GB/T 7713); a display formula's ``\\tag{}`` becomes its number, set at the right margin.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import nh3

from generator.errors import ContentError
from generator.markdown_text import unit_numbers

from .math import Formulas

EXTENSIONS = ["tables", "fenced_code", "sane_lists", "footnotes", "pymdownx.arithmatex"]
EXTENSION_CONFIGS = {"pymdownx.arithmatex": {"generic": True}}
TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody", "tr",
        "th", "td", "img", "strong", "em", "b", "i", "sup", "sub", "br", "code", "pre", "blockquote",
        "span", "div", "a", "hr", "del"}
ATTRIBUTES = {"img": {"src", "alt"}, "th": {"style", "colspan", "rowspan"},
              "td": {"style", "colspan", "rowspan"}, "a": {"href"},
              "sup": {"id"}, "li": {"id"}, "ol": {"start"}}
CLASSES = {"span": {"arithmatex"}, "div": {"arithmatex", "footnote"}}

IMG = re.compile(r"<img ([^>]*?)/?>")
ATTR = re.compile(r'(\w+)="([^"]*)"')
FIGURE = re.compile(r"<p>\s*(<img [^>]*>)\s*</p>(\s*<p>((?:图|Fig\.?)\s*\d[^<]{0,120})</p>)?")
CAPTION = r"<p>((?:表|Table)\s*\d[^<]{0,120})</p>"
TABLE = re.compile(rf"(?:{CAPTION}\s*)?(<table>.*?</table>)", re.S)
UNCAPTIONED = re.compile(rf'<div class="table-block">(<table>.*?</table>)</div>\s*{CAPTION}', re.S)
PROTECTED = re.compile(r"(<pre.*?</pre>|<code.*?</code>|<[^>]+>)", re.S)
CITATION = re.compile(r"\[(\d{1,3}(?:\s*[-–,，]\s*\d{1,3})*)\]")
CLOSING = "，。、；：！？）》」』”’"
STICKY = re.compile(r'<sup class="cite">(\[[^<]*\])</sup>([' + CLOSING + "]?)")
LOCAL_IDS = re.compile(r'\b(id="|href="#)(fn|fnref)')
TABLE_NUMBER = re.compile(r"\s*(表\s*[0-9A-Za-z]+(?:[.\-－—][0-9A-Za-z]+)*)")
LONG_TABLE_ROWS = 18  # longer tables break across pages (header repeated) instead of floating

# Unbreakable runs: 表1 / 图2 / 式(3), standard numbers, and numbers with digit groups, ranges
# and a following unit ("1 230 kg/m³", "0.04 g/kWh", "1.00～1.15", "80%", "560 ℃").
NUM = r"\d+(?:[ \u00a0\u2009]\d{3})*(?:\.\d+)?"
UNIT = r"(?:[ \u00a0]?(?:(?:万?元|[万亿])(?:kWh|t|m³)?(?:/[A-Za-z]{1,4}[³²]?)?|%|‰|℃|°C|°|[A-Za-zμΩ]{1,5}(?:[³²¹]|⁻[¹²³])?(?:[/·][A-Za-zμΩ]{1,4}(?:[³²¹]|⁻[¹²³])?)*))(?![A-Za-z])"
NOBREAK = re.compile(
    r"(?:[表图]\s?\d+(?:[.\-]\d+)*|式\s?[(（]\d+[)）]|第\s?\d+\s?[章节条])"
    r"|(?:[A-Z]{1,4}(?:/[A-Z]{1,2})?\s\d+(?:\.\d+)*(?:[—–-]\d{4})?)"
    rf"|(?:{NUM}(?:\s?[～~–-]\s?{NUM})?{UNIT}?)")
SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", "0123456789+−=()", strict=True))
SUPERSCRIPTS = dict(zip("⁰⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ", "0456789+−=()n", strict=True))
SCRIPTS = re.compile("([" + "".join(SUBSCRIPTS) + "]+)|([" + "".join(SUPERSCRIPTS) + "]+)")
CJK_CHAR = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
SOFT_BREAK = re.compile(rf"(?<={CJK_CHAR})\s*\n\s*(?={CJK_CHAR})")
DISPLAY_FOLLOWER = ("式中", "其中")


def _markdown(text: str) -> str:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    raw = md.convert(unit_numbers(text))
    return nh3.clean(raw, tags=TAGS, attributes=ATTRIBUTES, allowed_classes=CLASSES,
                     filter_style_properties={"text-align"}, url_schemes={"http", "https", "mailto"},
                     link_rel=None, clean_content_tags={"script", "style"})


def resolve_image(src: str, rel: str, root: Path) -> Path:
    """The file an image reference points at; it must lie inside content/ and exist."""
    target = unquote(html.unescape(src)).split("#")[0]
    if urlsplit(target).scheme or target.startswith(("/", "\\")) or "\\" in target:
        raise ContentError(f"{rel}: 图片 {src[:60]} 不在知识库内：只能引用 content/ 中与论文放在一起的图片文件")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
    content = os.path.realpath(root / "content")
    path = os.path.realpath(root / joined)
    if not joined.startswith("content/") or os.path.commonpath([content, path]) != content:
        raise ContentError(f"{rel}: 图片 {src[:60]} 不在 content/ 目录内，不能使用")
    if not os.path.isfile(path):
        raise ContentError(f"{rel}: 找不到图片 {src[:60]}（应为 {joined}）")
    return Path(path)


def _images(fragment: str, rel: str, root: Path) -> str:
    content = Path(os.path.realpath(root / "content"))

    def image(m: re.Match) -> str:
        attrs = dict(ATTR.findall(m.group(1)))
        path = resolve_image(attrs.get("src", ""), rel, root)
        inside = "/" + path.relative_to(content).as_posix()  # the renderer's root is content/
        return f'<img src="{html.escape(inside)}" alt="{attrs.get("alt", "")}">'

    def figure(m: re.Match) -> str:
        alt = dict(ATTR.findall(m.group(1))).get("alt", "")
        caption = m.group(3) or alt
        caption = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f'<div class="figure">{m.group(1)}{caption}</div>'

    fragment = IMG.sub(image, fragment)
    return FIGURE.sub(figure, fragment)


def _tables(fragment: str) -> str:
    def table(m: re.Match) -> str:
        caption = f'<p class="caption">{m.group(1)}</p>' if m.group(1) else ""
        return f'<div class="table-block">{caption}{m.group(2)}</div>'

    fragment = TABLE.sub(table, fragment)
    # 表题置于表上方 (GB/T 7713): a caption written under a table moves above it.
    return UNCAPTIONED.sub(lambda m: f'<div class="table-block"><p class="caption">{m.group(2)}</p>'
                           f"{m.group(1)}</div>", fragment)


def _citations(fragment: str) -> str:
    """[1] / [2-4] in running text → citation marks, each with the punctuation after it."""
    parts = PROTECTED.split(fragment)
    for i in range(0, len(parts), 2):
        parts[i] = CITATION.sub(r'<sup class="cite">[\1]</sup>', parts[i])
    return STICKY.sub(lambda m: f'<span class="cite" data-mark="{html.escape(m.group(1))}">'
                      f"{m.group(2)}</span>", "".join(parts))


# ---- clean HTML → nodes -------------------------------------------------------------------------

class _Element:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag, self.attrs, self.children = tag, attrs, []

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _Tree(HTMLParser):
    VOID = {"img", "br", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        el = _Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(el)
        if tag not in self.VOID:
            self.stack.append(el)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def text_nodes(text: str) -> list:
    """A run of contributor text as strings and unbreakable boxes / real sub- and superscripts."""
    text = SOFT_BREAK.sub("", text).replace("\n", " ")
    out: list = []
    pos = 0
    for m in NOBREAK.finditer(text):
        if m.end() - m.start() < 2 and not m.group(0).isdigit():
            continue
        out += _scripts(text[pos:m.start()])
        out.append({"t": "nb", "c": _scripts(m.group(0))})
        pos = m.end()
    out += _scripts(text[pos:])
    return _spaced(out)


IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_EDGE = re.compile(r"[0-9A-Za-z%‰℃°³²μΩ]")


def _spaced(nodes: list) -> list:
    """A box is a word of its own to Typst, which then adds no Chinese–Latin space at its edges:
    put the quarter em back where a number box meets a Chinese character, as Typst does in text."""
    out: list = []
    for i, node in enumerate(nodes):
        if isinstance(node, dict) and node.get("t") == "nb":
            inner = "".join(c for c in node["c"] if isinstance(c, str))
            before = nodes[i - 1] if i else None
            after = nodes[i + 1] if i + 1 < len(nodes) else None
            if (isinstance(before, str) and IDEOGRAPH.match(before[-1:]) and LATIN_EDGE.match(inner[:1])):
                out.append({"t": "gap"})
            out.append(node)
            if (isinstance(after, str) and IDEOGRAPH.match(after[:1]) and LATIN_EDGE.match(inner[-1:])
                    and not IDEOGRAPH.match(inner[:1])):  # 表1所示: a label stays as written
                out.append({"t": "gap"})
            continue
        out.append(node)
    return out


def _scripts(text: str) -> list:
    out: list = []
    pos = 0
    for m in SCRIPTS.finditer(text):
        if m.start() > pos:
            out.append(text[pos:m.start()])
        if m.group(1):
            out.append({"t": "sub", "c": ["".join(SUBSCRIPTS[c] for c in m.group(1))]})
        else:
            out.append({"t": "sup", "c": ["".join(SUPERSCRIPTS[c] for c in m.group(2))]})
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "pre", "blockquote", "div",
              "hr"}
INLINE = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "del": "del", "sub": "sub",
          "sup": "sup"}


class _Converter:
    def __init__(self, formulas: list[dict], footnotes: dict[str, list]):
        self.formulas = formulas
        self.footnotes = footnotes

    def blocks(self, el: _Element) -> list:
        out: list = []
        pending: list = []  # loose inline content between blocks (inside <li>, <blockquote>)
        for child in el.children:
            if isinstance(child, _Element) and child.tag in BLOCK_TAGS:
                if any(not isinstance(p, str) or p.strip() for p in pending):
                    out.append({"t": "np", "c": pending})
                pending = []
                node = self.block(child, out[-1] if out else None)
                if node is not None:
                    out.append(node)
            else:
                pending += self.inline([child])
        if any(not isinstance(p, str) or p.strip() for p in pending):
            out.append({"t": "np", "c": pending})
        return out

    def block(self, el: _Element, previous) -> dict | None:
        tag, classes = el.tag, el.classes
        if tag == "p":
            kind = "p"
            if isinstance(previous, dict) and previous.get("t") == "math" and el.text().lstrip().startswith(
                    DISPLAY_FOLLOWER):
                kind = "np"  # 式中… continues the sentence of the formula above: no indent
            return {"t": kind, "c": self.inline(el.children)}
        if tag[0] == "h" and tag[1:].isdigit():
            return {"t": "h", "level": int(tag[1:]), "c": self.inline(el.children)}
        if tag in ("ul", "ol"):
            items = [self.blocks(li) for li in el.children if isinstance(li, _Element) and li.tag == "li"]
            start = int(el.attrs.get("start", "1") or 1) if el.attrs.get("start", "1").isdigit() else 1
            return {"t": "list", "ordered": tag == "ol", "start": start, "items": items}
        if tag == "pre":
            return {"t": "pre", "text": el.text().rstrip("\n")}
        if tag == "blockquote":
            return {"t": "quote", "c": self.blocks(el)}
        if tag == "hr":
            return {"t": "hr"}
        if tag == "table":
            return self.table(el, [])
        if "footnote" in classes:
            return None  # collected beforehand, printed at the page foot where they are cited
        if "formula" in classes:
            return self.formulas[int(el.attrs["data-n"])]
        if "table-block" in classes:
            caption = next((c for c in el.children if isinstance(c, _Element) and c.tag == "p"), None)
            table = next(c for c in el.children if isinstance(c, _Element) and c.tag == "table")
            node = self.table(table, self.inline(caption.children) if caption else [])
            # a long table's continuation is headed 续表N (N from its caption "表N …")
            number = TABLE_NUMBER.match(caption.text()) if caption else None
            node["continued"] = "续" + re.sub(r"\s+", "", number.group(1)) if number else "续表"
            return node
        if "figure" in classes:
            img = next(c for c in el.children if isinstance(c, _Element) and c.tag == "img")
            cap = next((c for c in el.children if isinstance(c, _Element) and c.tag == "figcaption"), None)
            return self.figure(img, self.inline(cap.children) if cap else [])
        return {"t": "np", "c": self.inline(el.children)} if el.text().strip() else None

    def figure(self, img: _Element, caption: list) -> dict:
        return {"t": "figure", "src": img.attrs["src"], "caption": caption, "wide": False}

    def table(self, el: _Element, caption: list) -> dict:
        header, rows = [], []
        for part in el.children:
            if not isinstance(part, _Element):
                continue
            trs = [part] if part.tag == "tr" else [r for r in part.children
                                                   if isinstance(r, _Element) and r.tag == "tr"]
            for tr in trs:
                cells = [self.cell(c) for c in tr.children if isinstance(c, _Element) and c.tag in ("th", "td")]
                (header if part.tag == "thead" else rows).append(cells)
        return {"t": "table", "caption": caption, "header": header, "rows": rows,
                "long": len(rows) > LONG_TABLE_ROWS}

    def cell(self, el: _Element) -> dict:
        align = re.search(r"text-align:\s*(left|right|center)", el.attrs.get("style", ""))

        def span(name: str) -> int:
            value = el.attrs.get(name, "1")
            return max(1, min(int(value), 50)) if value.isdigit() else 1

        return {"c": self.inline(el.children), "align": align.group(1) if align else "left",
                "colspan": span("colspan"), "rowspan": span("rowspan")}

    def inline(self, children) -> list:
        out: list = []
        for child in children:
            if isinstance(child, str):
                out += text_nodes(child)
                continue
            tag, classes = child.tag, child.classes
            if tag == "span" and "math" in classes:
                out.append(self.formulas[int(child.attrs["data-n"])])
            elif tag == "span" and "cite" in classes:
                out.append({"t": "cite", "text": child.attrs.get("data-mark", ""), "after": child.text()})
            elif tag == "sup" and child.attrs.get("id", "").split("-")[-1].startswith("fnref"):
                target = next((c.attrs.get("href", "") for c in child.children if isinstance(c, _Element)), "")
                note = self.footnotes.get(target.lstrip("#"))
                out.append({"t": "fn", "c": note} if note else {"t": "sup", "c": self.inline(child.children)})
            elif tag in INLINE:
                out.append({"t": INLINE[tag], "c": self.inline(child.children)})
            elif tag == "code":
                out.append({"t": "code", "text": child.text()})
            elif tag == "br":
                out.append({"t": "br"})
            elif tag == "img":
                out.append(child.attrs.get("alt", ""))
            elif tag in BLOCK_TAGS:  # a block where only text can go (a table cell): its text
                out += self.inline(child.children)
            else:  # a, span: their text
                out += self.inline(child.children)
        return out


def _footnotes(tree: _Element, converter: _Converter) -> dict[str, list]:
    notes: dict[str, list] = {}
    for el in tree.children:
        if isinstance(el, _Element) and "footnote" in el.classes:
            for ol in (c for c in el.children if isinstance(c, _Element) and c.tag == "ol"):
                for li in (c for c in ol.children if isinstance(c, _Element) and c.tag == "li"):
                    _drop_backrefs(li)
                    notes[li.attrs.get("id", "")] = converter.blocks(li)
    return notes


def _drop_backrefs(el: _Element) -> None:
    el.children = [c for c in el.children
                   if not (isinstance(c, _Element) and c.tag == "a" and "fnref" in c.attrs.get("href", ""))]
    for c in el.children:
        if isinstance(c, _Element):
            _drop_backrefs(c)


def render(text: str, rel: str, root: Path, formulas: Formulas, anchor: str, citations: bool) -> list:
    """One Markdown text (a paper body or the preface) as book content nodes."""
    fragment = _markdown(text)
    fragment = LOCAL_IDS.sub(lambda m: f"{m.group(1)}{anchor}-{m.group(2)}", fragment)
    fragment = _images(fragment, rel, root)
    fragment = _tables(fragment)
    fragment, drawn = formulas.placeholders(fragment, rel)
    if citations:
        fragment = _citations(fragment)
    parser = _Tree()
    parser.feed(fragment)
    parser.close()
    converter = _Converter(drawn, {})
    converter.footnotes = _footnotes(parser.root, converter)
    return converter.blocks(parser.root)
