"""Pages whose Markdown is only our HTML blocks and plain text skip Python-Markdown.

An entry page is generated as HTML blocks (markup.raw, passed through by plugins.RawPassthrough)
between Markdown headings, which MkDocs needs for the table of contents. Python-Markdown still
costs ~45 % of such a page's render after the template is stamped (stamp.py; cProfile at 1k
entries, 2026-12-01): a parser, its extensions and a tree for a dozen lines. For a page whose
Markdown, once the blocks are stashed, is nothing but placeholders, ATX headings, paragraphs and
numbered lists of plain text (no character Markdown or HTML would treat specially), the result is
known: ``<p>…</p>``, ``<h2 id="slug">text</h2>`` and ``<ol>`` lines, the ids made by the
configured slugify and toc's own ``unique()``, and the same table-of-contents tokens. Any other page goes through Python-Markdown.

The first CHECKS pages of each folder are converted both ways and must agree in content, table
of contents, title and anchors; if one does not, the folder goes through Python-Markdown for the
rest of the build. tests/test_stamp.py compares whole sites built with and without this.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager

from .plugins import RawPassthrough
from .stamp import headings

CHECKS = 2
HEADING = re.compile(r"(#{1,6}) ([^\n]+)")
# characters that inline Markdown, HTML or the serializer would change or act on
SPECIAL = re.compile(r"[\\`*_\[\]!<>&#{}~^=|]|\s$|^\s|  ")
ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
NUMBERED = re.compile(r"(\d{1,9})\. (\S[^\n]*)")
# a line Markdown would read as the start of another block: a list, a quote, a rule, a code block
BLOCK_START = re.compile(r"\d{1,9}[.)] |[-+*>] |[-*_ ]{3,}$|\t")
SLUG = re.compile(r"[\w-]+")
# extensions that do nothing to a line of plain text (MkDocs adds toc, tables and fenced_code)
KNOWN = {"toc", "tables", "fenced_code", "admonition"}


class PlainPages:
    """Converts the plain pages among ``eligible`` (docs paths); ``converted`` counts them."""

    def __init__(self, eligible: frozenset[str], raw: RawPassthrough):
        self.eligible, self.raw = eligible, raw
        self.placeholder = re.compile(rf"QCRAW{raw.nonce}-\d+QC")
        self.folders: dict[str, int | None] = {}  # folder → pages checked; None: not for this folder
        self.converted = 0

    @contextmanager
    def active(self):
        """Page.render patched for this build (restored after: the caller may render again)."""
        from mkdocs.structure.pages import Page

        original = Page.render
        plain = self

        def render(page, config, files):
            if page.file.src_uri in plain.eligible and plain.render(page, config, files, original):
                return
            original(page, config, files)

        Page.render = render
        try:
            yield
        finally:
            Page.render = original

    def render(self, page, config, files, original) -> bool:
        """Whether ``page`` was converted here."""
        folder = page.file.src_uri.rpartition("/")[0]
        checked = self.folders.get(folder, 0)
        if checked is None:
            return False
        made = self.convert(page.markdown, config)
        if made is None:
            return False
        if checked < CHECKS:
            original(page, config, files)
            if (page.content, headings(page.toc), page._title_from_render, page.present_anchor_ids) \
                    == (made[0], headings(made[1]), made[2], made[3]):
                self.folders[folder] = checked + 1
            else:
                self.folders[folder] = None
            return True  # rendered by Python-Markdown this time
        page.content, page.toc, page._title_from_render, page.present_anchor_ids = made
        if logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = {}  # as Python-Markdown leaves it: the page has no Markdown links
        self.converted += 1
        return True

    def convert(self, markdown: str, config):
        """(content, toc, title, anchor ids) as Python-Markdown would make them, or None."""
        from markdown.extensions.toc import nest_toc_tokens, strip_tags, unique
        from mkdocs.structure.toc import get_toc

        options = (config["mdx_configs"] or {}).get("toc", {})
        if any(not isinstance(e, str) or e not in KNOWN for e in config["markdown_extensions"]) or options.get("permalink") \
                or options.get("anchorlink") or options.get("baselevel", 1) != 1 or "toc_depth" in options:
            return None  # another extension might act on plain text (a union's mkdocs.yml)
        slugify = options.get("slugify")
        separator = options.get("separator", "-")
        if slugify is None:
            return None
        html, tokens, ids, counters = [], [], set(), {}
        title = None  # mkdocs' _ExtractTitleTreeprocessor: the first element, if it is an h1
        for block in markdown.split("\n\n"):
            block = block.strip("\n")
            if not block:
                continue
            if not html:
                first = HEADING.fullmatch(block)
                title = first.group(2) if first and len(first.group(1)) == 1 else None
            if "\n" in block:  # only a numbered list of plain items spans lines
                items = _numbered(block.split("\n"))
                if items is None:
                    return None
                html.append("<ol>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ol>")
                continue
            if self.placeholder.fullmatch(block):
                html.append(f"<p>{block}</p>")
                continue
            heading = HEADING.fullmatch(block)
            if not heading:
                if _plain(block) and not BLOCK_START.match(block):
                    html.append(f"<p>{block}</p>")  # a paragraph of plain text
                    continue
                items = _numbered([block])
                if items is None:
                    return None
                html.append(f"<ol>\n<li>{items[0]}</li>\n</ol>")
                continue
            if SPECIAL.search(heading.group(2)):
                return None
            level, text = len(heading.group(1)), heading.group(2)
            name = strip_tags(text)  # as toc does: whitespace collapsed (U+3000 too)
            slug = unique(slugify(name, separator), ids, counters)
            if not SLUG.fullmatch(slug):
                return None
            html.append(f'<h{level} id="{slug}">{text}</h{level}>')
            tokens.append({"level": level, "id": slug, "name": name, "html": text, "data-toc-label": ""})
        if not html:
            return None
        return "\n".join(html), get_toc(nest_toc_tokens(tokens)), title, set(ids)


def _plain(text: str) -> bool:
    """Text Markdown passes through as it is: no special character (character references such
    as &#91; stay as they are)."""
    return not SPECIAL.search(ENTITY.sub("", text))


def _numbered(lines: list[str]) -> list[str] | None:
    """The items of "1. …", "2. …" lines (numbered from 1, plain text), or None."""
    items = []
    for number, line in enumerate(lines, 1):
        item = NUMBERED.fullmatch(line)
        if not item or int(item.group(1)) != number or not _plain(item.group(2)) or BLOCK_START.match(item.group(2)):
            return None
        items.append(item.group(2))
    return items
