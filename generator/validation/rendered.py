"""The one Markdown parse of contributor bodies: the HTML the portal shows (before nh3), the
raw HTML it passed through, and the link and image destinations it created.

The safety scan asks the renderer rather than guessing with line patterns what is code or
maths: an unclosed fence, a lone ``$$``, ``$ … $`` or an escaped backtick are whatever
Python-Markdown (with exactly the portal's extensions, ``site/markup.py``) says they are. Raw
HTML is recorded where Python-Markdown stores it for pass-through — blocks in its
``html_block`` preprocessor, inline tags in its ``html`` pattern — so code spans, fenced code
and formulas, which never reach those, are never reported, and nothing else escapes the record.

The portal (``site/markup.render_body``) takes its HTML from the same call, remembered per
body: a build validates first, so each body is parsed once, and the validator cannot judge a
different parse from the one published. A body nested beyond Python's recursion limit (500
nested list items) cannot be parsed at all: ``too_deep``, an error for the validator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import markdown
from markdown.treeprocessors import Treeprocessor
from pymdownx.slugs import slugify

from generator.markdown_plain import blocks, heading_id, ordered_list
from generator.markdown_text import unit_numbers

# The Markdown dialect of contributed bodies: the validator's parse is the portal's (site/markup).
EXTENSIONS = ["tables", "footnotes", "admonition", "pymdownx.details", "pymdownx.superfences",
              "pymdownx.arithmatex", "pymdownx.tasklist", "pymdownx.tilde", "sane_lists", "toc"]
EXTENSION_CONFIGS = {
    "pymdownx.arithmatex": {"generic": True},
    "pymdownx.superfences": {"custom_fences": []},
    "toc": {"slugify": slugify(case="lower"), "permalink": False, "baselevel": 2},
}


@dataclass
class Rendered:
    html: str = ""
    raw_html: list[str] = field(default_factory=list)  # fragments passed through as HTML
    links: list[tuple[str, str]] = field(default_factory=list)  # ("a" | "img", destination)
    too_deep: bool = False


class _Links(Treeprocessor):
    def __init__(self, md, record: Rendered):
        super().__init__(md)
        self.record = record

    def run(self, root):
        for el in root.iter("a"):
            if el.get("href") is not None:
                self.record.links.append(("a", el.get("href")))
        for el in root.iter("img"):
            if el.get("src") is not None:
                self.record.links.append(("img", el.get("src")))


@lru_cache(maxsize=1)
def _parser() -> tuple[markdown.Markdown, Rendered]:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    record = Rendered()
    block = md.preprocessors["html_block"]
    block_run = block.run

    def run_recording(lines):
        store = md.htmlStash.store

        def recording(html):
            record.raw_html.append(str(html))
            return store(html)

        md.htmlStash.store = recording  # only while this preprocessor runs: fenced code is stored before
        try:
            return block_run(lines)
        finally:
            del md.htmlStash.store

    block.run = run_recording
    inline = md.inlinePatterns["html"]
    inline_match = inline.handleMatch

    def match_recording(m, data):
        record.raw_html.append(m.group(1))
        return inline_match(m, data)

    inline.handleMatch = match_recording
    md.treeprocessors.register(_Links(md, record), "qc-links", 0)  # after the inline pass
    return md, record


@lru_cache(maxsize=16384)
def render_markdown(body: str) -> Rendered:
    """``body`` as the portal renders it (HTML not yet sanitised), with what the check needs."""
    text = unit_numbers(body)
    html = plain_html(text) if plain_trusted() else None
    return Rendered(html) if html is not None else _python_markdown(text)


def _python_markdown(text: str) -> Rendered:
    md, record = _parser()
    md.reset()
    record.raw_html, record.links = [], []
    try:
        html = md.convert(text)
    except RecursionError:
        _parser.cache_clear()  # its state is half-way through a parse: start afresh
        return Rendered(too_deep=True)
    # reference definitions, used or not ("[x]: vbscript:…" is a link waiting for its use)
    links = record.links + [("a", url) for url, _ in md.references.values()]
    return Rendered(html, record.raw_html, links)


# --- plain bodies without Python-Markdown (markdown_plain.py) --------------------------------

def plain_html(text: str) -> str | None:
    """Python-Markdown's HTML for ``text`` when it is only plain headings, paragraphs and
    numbered lists (no raw HTML, no link: the record stays empty), else None. Headings move
    down as toc's ``baselevel`` says; ids are toc's, made by the same slugify and unique()."""
    found = blocks(text)
    if found is None:
        return None
    toc = EXTENSION_CONFIGS["toc"]
    shift, ids, counters, html = toc["baselevel"] - 1, set(), {}, []
    for block in found:
        if block.kind == "h":
            slug = heading_id(block.lines[0], toc["slugify"], toc.get("separator", "-"), ids, counters)
            if slug is None:
                return None
            level = min(block.level + shift, 6)
            html.append(f'<h{level} id="{slug}">{block.lines[0]}</h{level}>')
        elif block.kind == "p":
            html.append("<p>" + "\n".join(block.lines) + "</p>")
        else:
            html.append(ordered_list(block.lines))
    return "\n".join(html)


# Each construct plain_html() makes, as a contributor would write it: duplicate and empty slugs,
# every level, Latin and digits, a multi-line paragraph, "#" inside a line, a character reference.
PROBE = ("# 背景\n\n第一段，#1机组（200 MW）负荷 85%。\n第二行 ZL-2021-002：“引号”与'单引号'。\n\n"
         "## 背景\n\n### 背景\n\n#### Test 2 Heading\n\n##### 一、措施（续）\n\n###### 。\n\n"
         "1. 经方案比选后，调整配风方式。\n2. 结合检修计划，校验 A 侧测点 &#91;1&#93;。\n\n"
         "# 。\n\n# 背景\n\n末段 a.b/c-d+e 100 (kWh) @ 3 ? 4 : 5 ; 6 , 7 \" 8")


@lru_cache(maxsize=1)
def plain_trusted() -> bool:
    """Whether plain_html() agrees with the installed Python-Markdown on PROBE: checked once per
    process, so another version of Markdown or pymdownx that writes these differently turns the
    shortcut off instead of changing the portal."""
    return plain_html(PROBE) == _python_markdown(PROBE).html
