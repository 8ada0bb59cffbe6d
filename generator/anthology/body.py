"""Markdown → HTML for the book: paper bodies and the preface.

Contributor Markdown is untrusted: the HTML is sanitised with nh3 before anything is added;
images must be files inside content/ (the renderer's URL fetcher checks again). Typesetting
fixes from the anthology design notes: tables are wrapped with their caption in one unbreakable
block; a citation mark is kept on the line of the punctuation that follows it.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
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
PROTECTED = re.compile(r"(<pre.*?</pre>|<code.*?</code>|<svg.*?</svg>|<[^>]+>)", re.S)
CITATION = re.compile(r"\[(\d{1,3}(?:\s*[-–,，]\s*\d{1,3})*)\]")
CLOSING = "，。、；：！？）》」』”’"
STICKY = re.compile(r"(<sup[^>]*>.*?</sup>)([" + CLOSING + "])")
LOCAL_IDS = re.compile(r'\b(id="|href="#)(fn|fnref)')


def _markdown(text: str) -> str:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    raw = md.convert(unit_numbers(text))
    clean = nh3.clean(raw, tags=TAGS, attributes=ATTRIBUTES, allowed_classes=CLASSES,
                      filter_style_properties={"text-align"}, url_schemes={"http", "https", "mailto"},
                      link_rel=None, clean_content_tags={"script", "style"})
    return TEXT_NODE.sub(lambda m: ">" + NUMBER_UNIT.sub("\\1\u00a0\\2", m.group(1)) + "<", clean)


# "560 ℃", "200 MW": a number and its unit stay on one line (no-break space), as typesetters do.
NUMBER_UNIT = re.compile(r"(\d) (℃|°C|%|‰|MW|kW|kV|V|A|MPa|kPa|Pa|mm|cm|m|km|t/h|t|kg|m³/h|m³|h|min|s|Hz|kWh|MWh)(?![A-Za-z])")
TEXT_NODE = re.compile(r">([^<]+)<")


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
    def image(m: re.Match) -> str:
        attrs = dict(ATTR.findall(m.group(1)))
        uri = resolve_image(attrs.get("src", ""), rel, root).as_uri()
        return f'<img src="{html.escape(uri)}" alt="{attrs.get("alt", "")}">'

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
    """[1] / [2-4] in running text → superscript marks, kept with the punctuation after them."""
    parts = PROTECTED.split(fragment)
    for i in range(0, len(parts), 2):
        parts[i] = CITATION.sub(r'<sup class="cite">[\1]</sup>', parts[i])
    joined = "".join(parts)
    return STICKY.sub(r'<span class="nowrap">\1\2</span>', joined)


def render(text: str, rel: str, root: Path, formulas: Formulas, anchor: str, citations: bool) -> str:
    """One Markdown text (a paper body or the preface) as sanitised book HTML."""
    fragment = _markdown(text)
    fragment = LOCAL_IDS.sub(lambda m: f"{m.group(1)}{anchor}-{m.group(2)}", fragment)
    fragment = _images(fragment, rel, root)
    fragment = _tables(fragment)
    fragment = formulas.replace(fragment, rel)
    return _citations(fragment) if citations else fragment
