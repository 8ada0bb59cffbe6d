"""Markdown that is only plain text, read without Python-Markdown.

Most Markdown the build converts is nothing but ATX headings, paragraphs and numbered lists of
ordinary text: a project's 背景 / 目标 / 措施 / 成效, and the headings between the HTML blocks of a
generated page. For such text Python-Markdown's result is known (``<p>…</p>``, ``<h2 id="slug">…``,
``<ol><li>…``), yet it costs a parser, a dozen extensions and an element tree each time: ~2 s of
CPU for the 3,000 project bodies of a 10k-entry build (cProfile, 2026-12-01).

``blocks()`` recognises that case and nothing more: any character that Markdown, one of the
extensions we use, HTML or the serializer would act on — emphasis, code, links, HTML, entities
other than character references, formulas (``$``), ``~``, tables, quotes, fences, admonitions,
trailing or leading whitespace, a line that could start another block — makes it return None,
and the caller uses Python-Markdown. Its two callers, contributor bodies
(validation/rendered.py) and generated pages (site/plain_pages.py), turn the blocks into HTML
the way their Markdown configuration would, and each compares itself with Python-Markdown
before it trusts itself (a fixed probe per process, and the first pages of every folder).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADING = re.compile(r"(#{1,6}) ([^\n]+)")
# characters that inline Markdown, our extensions, HTML or the serializer would change or act on;
# whitespace other than a single inner space (a line break, "  ", U+3000 … are each handled
# somewhere: stripped, collapsed, turned into <br>); control characters
SPECIAL = re.compile(r"[\\`*_\[\]!<>&{}~^=|$\x00-\x1f\x7f]|[^\S ]|^\s|\s$|  ")
ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
NUMBERED = re.compile(r"(\d{1,9})\. (\S[^\n]*)")
# a line Markdown would read as the start of another block, or as the underline that makes the
# line above it a heading ("-" alone is enough): a list, a quote, a rule, a heading (also "#1机组"
# without a space, which unit_numbers escapes), details ("???"), a code block
BLOCK_START = re.compile(r"\d{1,9}[.)] |[-+*>] |[-*_ ]{3,}$|-+$|#|\?\?\?|\t")
SLUG = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class Block:
    kind: str  # "h" heading, "p" paragraph, "ol" numbered list
    lines: tuple[str, ...]  # the paragraph's lines, the list's items, the heading's text
    level: int = 0  # a heading's number of "#"


def blocks(markdown: str) -> list[Block] | None:
    """The blocks of ``markdown`` if it is only plain headings, paragraphs and numbered lists."""
    found: list[Block] = []
    for block in markdown.split("\n\n"):
        block = block.strip("\n")
        if not block:
            continue
        lines = block.split("\n")
        heading = HEADING.fullmatch(block) if len(lines) == 1 else None
        if heading:
            text = heading.group(2)
            if SPECIAL.search(text) or "#" in text:  # no entity (toc unescapes it for the id); a
                return None                          # trailing "#" is cut off by Markdown
            found.append(Block("h", (text,), len(heading.group(1))))
        elif all(plain(line) and not BLOCK_START.match(line) for line in lines):
            found.append(Block("p", tuple(lines)))
        else:
            items = _numbered(lines)
            if items is None or (found and found[-1].kind == "ol"):  # two lists apart are one loose list
                return None
            found.append(Block("ol", tuple(items)))
    return found or None


def plain(text: str) -> bool:
    """Text Markdown passes through as it is: no special character (character references such
    as &#91; stay as they are)."""
    return not SPECIAL.search(ENTITY.sub("", text))


def heading_id(text: str, slugify, separator: str, ids: set[str], counters: dict) -> str | None:
    """The id Markdown's toc gives a heading of plain ``text`` (unique in ``ids``), or None when
    the slug holds a character an attribute would need escaped."""
    from markdown.extensions.toc import strip_tags, unique

    slug = unique(slugify(strip_tags(text), separator), ids, counters)  # strip_tags collapses whitespace
    return slug if SLUG.fullmatch(slug) else None


def ordered_list(items: tuple[str, ...]) -> str:
    return "<ol>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ol>"


def _numbered(lines: list[str]) -> list[str] | None:
    """The items of "1. …", "2. …" lines (numbered from 1, plain text), or None."""
    items = []
    for number, line in enumerate(lines, 1):
        item = NUMBERED.fullmatch(line)
        if not item or int(item.group(1)) != number or not plain(item.group(2)) or BLOCK_START.match(item.group(2)):
            return None
        items.append(item.group(2))
    return items
