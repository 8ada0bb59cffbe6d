"""Contributor text → page text, safely.

Two doors, both closed to markup:

* metadata values (titles, names, notes …) go into generated Markdown through :func:`esc`,
  which turns every character Markdown or HTML would interpret into a numeric character
  reference — `<script>`, `[x](javascript:…)`, `{: onclick=…}` all arrive as visible text;
* Markdown bodies are rendered here (not by MkDocs) with a fixed set of extensions and then
  cleaned with nh3 against an allowlist; the result is embedded as one raw HTML block.

Front-matter titles of generated pages go through :func:`plain`, since MkDocs puts
``page.title`` into ``<title>`` and the navigation without escaping it.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

import nh3

from generator.anthology.math import Formulas
from generator.validation.rendered import EXTENSION_CONFIGS, EXTENSIONS, render_markdown  # noqa: F401 (one dialect)

_MD_SPECIAL = "&<>\"'\\`*_[](){}#|~^$!"
_ESC = {ord(c): f"&#{ord(c)};" for c in _MD_SPECIAL}
_ESC.update({ord("\n"): " ", ord("\r"): " ", ord("\t"): " "})
# Quotes are escaped, not replaced: a title shows the quote its contributor typed, as search does.
# `<`, `>`, `&` stay replaced: Material's <title> runs page.title through `striptags`, which
# unescapes character references (`&lt;/title&gt;` would close the element).
_PLAIN = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "&quot;", "'": "&#39;", "\n": " ", "\r": " ",
                        "\\": "＼", "`": "｀"})


def esc(value) -> str:
    """Any value as inline Markdown that renders to exactly its text."""
    if value is None:
        return ""
    return str(value).translate(_ESC)


def plain(value) -> str:
    """A title for front matter / <title>: no character that could start markup."""
    return str(value).translate(_PLAIN).strip()


# Front matter of a page whose tables need the whole window: no table of contents beside it
WIDE = {"hide": ["toc"]}


def front_matter(title: str, **meta) -> str:
    import json

    lines = ["---", f"title: {json.dumps(plain(title), ensure_ascii=False)}"]
    for key, value in meta.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


# --- Markdown bodies ------------------------------------------------------------------------


TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s",
        "del", "ins", "mark", "sub", "sup", "small", "code", "pre", "kbd", "blockquote", "ul",
        "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
        "caption", "img", "a", "div", "span", "details", "summary", "input", "abbr", "figure",
        "figcaption", "label"}
ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"style", "align"}, "th": {"style", "align"},
    "ol": {"start"},
    "details": {"open"},
    "input": {"type", "checked", "disabled"},
    "abbr": set(),
}
CLASS_OK = re.compile(r"^[A-Za-z0-9 _-]{1,200}$")
ID_OK = re.compile(r"^[\w:.\-]{1,80}$")
# Every id from contributor markup (headings, footnotes) gets this prefix, and so do the
# "#fragment" links to them: no contributor element can take an id the theme or our scripts
# look up (Material's "__config", "__drawer" …; ours start with "qc-").
ID_PREFIX = "u-"
STYLE_OK = re.compile(r"^text-align: ?(left|right|center);?$")
SCHEMES = {"http", "https", "mailto"}

# href/src rewriting: (kind of attribute value, raw value) → new value or None (drop)
Resolver = Callable[[str, str], "str | None"]

def render_body(text: str, resolve: Resolver | None = None) -> str:
    """Markdown → sanitised HTML. ``resolve(tag_attr, value)`` rewrites local links/images.
    The parse is the validator's (validation/rendered.py), done once per body."""
    rendered = render_markdown(text or "")
    if rendered.too_deep:  # the validator refuses it; never a crash of the build
        return "<p>（正文嵌套过深，无法显示）</p>"
    return typeset_formulas(clean_html(rendered.html, resolve))


def typeset_formulas(fragment: str) -> str:
    """TeX (left by arithmatex, already sanitised) → path-only SVG drawn at build time: no math
    library is loaded in the browser. A formula ziamath cannot set stays visible as TeX."""
    if "arithmatex" not in fragment:
        return fragment
    # SVG ids must not repeat on a page: number them under a prefix taken from the fragment
    formulas = Formulas(prefix="m" + hashlib.sha1(fragment.encode()).hexdigest()[:8] + "-")
    return formulas.replace(fragment, "", lenient=True)


def clean_html(html: str, resolve: Resolver | None = None) -> str:
    def attribute_filter(tag: str, attr: str, value: str):
        if attr == "class":
            kept = " ".join(c for c in value.split() if not c.startswith("md-"))
            return kept if kept and CLASS_OK.match(kept) else None
        if attr == "id":
            return ID_PREFIX + value if ID_OK.match(value) else None
        if attr == "style":
            return value if STYLE_OK.match(value.strip()) else None
        if attr == "type":
            return value if value == "checkbox" else None
        if (tag, attr) in (("a", "href"), ("img", "src")):
            return _url(tag, value, resolve)
        return value

    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, attribute_filter=attribute_filter,
                     url_schemes=SCHEMES, link_rel="noopener noreferrer", strip_comments=True)


def _url(tag: str, value: str, resolve: Resolver | None) -> str | None:
    v = value.strip()
    parts = urlsplit(v)
    if parts.scheme or v.startswith("//"):
        if tag == "img":  # no request may leave the site
            return None
        return v if parts.scheme.lower() in SCHEMES else None
    if v.startswith("#"):
        return "#" + ID_PREFIX + v[1:] if len(v) > 1 else None
    if v.startswith("/"):
        return None
    return resolve(tag, unquote(v)) if resolve else None


def local_target(entry_rel: str, value: str) -> str:
    """A relative path in an entry body, as a path under the knowledge-base root."""
    path = value.split("#", 1)[0].split("?", 1)[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(entry_rel), path))


RAW_OPEN, RAW_CLOSE = "<!--qc:raw-->", "<!--/qc:raw-->"


def raw(html: str) -> str:
    """One block of HTML we generated, marked so the build can hand it past Python-Markdown
    (render.py's RawPassthrough: parsing raw HTML was most of the render time). Without that
    plugin the page is still a plain MkDocs page: the markers are HTML comments."""
    return f"\n{RAW_OPEN}\n{html.strip()}\n{RAW_CLOSE}\n\n"


def raw_block(html: str, cls: str = "qc-body") -> str:
    """Wrap HTML so Python-Markdown passes it through untouched as one block."""
    return raw(f'<div class="{cls}">\n{html.strip()}\n</div>')


def a(href: str, text_html: str) -> str:
    """An HTML link; ``href`` is a relative URL we made, ``text_html`` already escaped."""
    return f'<a href="{html_attr(href)}">{text_html}</a>'


def html_attr(value: str) -> str:
    return str(value).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def html_table(header: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """A table as one raw HTML block (cells are safe HTML: esc() text and a() links).

    Generated tables are written as HTML, not Markdown: Python-Markdown's inline pass over
    thousands of cells and links was most of the build time, and raw blocks cost nothing."""
    def cell(tag: str, i: int, value: str) -> str:
        align = ' style="text-align: right;"' if i in numeric else ""
        return f"<{tag}{align}>{value}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = "\n".join("<tr>" + "".join(cell("td", i, str(v)) for i, v in enumerate(r)) + "</tr>" for r in rows)
    # the box that scrolls on a phone can take keyboard focus, so it can be scrolled without a mouse
    return raw(f'<div class="qc-scroll" tabindex="0">\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
               f"{body}\n</tbody>\n</table>\n</div>")


def html_list(items: list[str], ordered: bool = False) -> str:
    """A list as one raw HTML block (items are safe HTML)."""
    tag = "ol" if ordered else "ul"
    body = "\n".join(f"<li>{item}</li>" for item in items)
    return raw(f"<{tag}>\n{body}\n</{tag}>") if items else ""


def html_p(content: str) -> str:
    return raw(f"<p>{content}</p>")
