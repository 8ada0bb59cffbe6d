"""Stage 6 — content safety and privacy.

Contributor text is untrusted. The portal sanitises and escapes anyway; this stage tells the
contributor, at the line, what would have been removed and why, and keeps personal numbers out
of git history in the first place.
"""

from __future__ import annotations

import html
import posixpath
import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from generator.issues import Issue, issue
from generator.loading.source import Source
from generator.loading.strict_yaml import dotted
from generator.markdown_text import FENCE
from generator.svg_check import sanitize_svg

from .identifiers import landline_numbers, mobile_numbers, resident_id_numbers

SAFE_SCHEMES = {"http", "https", "mailto"}
SAFE_TAGS = {"br", "sup", "sub"}  # harmless inline tags, allowed only without attributes
MARKDOWN_FIELDS = {("preface",)}  # metadata fields that hold Markdown rather than plain text

NESTING = re.compile(r"(?:\s*(?:[-*+>]|\d+[.)])(?=\s))*\s*")
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
# a tag as the HTML tokenizer reads one: any name that starts with a letter ("<svg/onload", "<x:y>")
RAW_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)([^>]*)>?")
ATTR_LIST = re.compile(r"\{:?([^}\n]*)\}")
EVENT_ATTR = re.compile(r"\bon[a-z]+\s*=|\b(?:href|src|style)\s*=\s*['\"]?\s*(?:javascript|vbscript|data):", re.I)
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
TEXT_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?]|&#?[A-Za-z0-9]+;")
_NEWLINE = re.compile("\n")
INVISIBLES = re.compile(r"[\x00-\x20\u00ad\u200b-\u200f\u2060\ufeff]")


def check_safety(src: Source, attachments: set[str]) -> Iterator[Issue]:
    yield from _personal_numbers(src, src.text)
    if isinstance(src.data, dict):
        yield from _metadata(src, src.data, (), attachments)
    if src.body:
        yield from scan_markdown(src, src.body, src.body_line, attachments)


def _personal_numbers(src: Source, text: str) -> Iterator[Issue]:
    """Per line: its ID numbers, or, on a line without one, its mobile and landline numbers.

    The patterns are matched on the whole text at once, not line by line: none of them matches
    a line break and their look-arounds treat one as they treat a line's start or end, so the
    matches are the same, found with three scans per file instead of three per line."""
    found: dict[int, tuple[list, list, list]] = {}
    starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
    for n, numbers in enumerate((resident_id_numbers(text), mobile_numbers(text), landline_numbers(text))):
        for offset, masked in numbers:
            found.setdefault(bisect_right(starts, offset), ([], [], []))[n].append(masked)
    for lineno in sorted(found):
        ids, mobiles, landlines = found[lineno]
        for masked in ids:
            yield issue("pii-id-number", src.rel, lineno, masked=masked)
        if not ids:
            for masked in mobiles:
                yield issue("pii-mobile", src.rel, lineno, masked=masked)
            for masked in landlines:
                yield issue("pii-phone", src.rel, lineno, masked=masked)


def _metadata(src: Source, node: Any, loc: tuple, attachments: set[str]) -> Iterator[Issue]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _metadata(src, value, loc + (key,), attachments)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _metadata(src, value, loc + (i,), attachments)
    elif isinstance(node, str):
        if loc in MARKDOWN_FIELDS:
            yield from scan_markdown(src, node, src.line(loc) + 1, attachments)
        elif TEXT_MARKUP.search(node):
            chars = "".join(sorted({c for c in node if c in "<>&;"}))
            yield issue("html-in-text", src.rel, src.line(loc), dotted(loc), chars=chars)


def scan_markdown(src: Source, body: str, first_line: int, attachments: set[str]) -> Iterator[Issue]:
    """Raw HTML and links as the portal's Markdown parse finds them (rendered.py), each at the
    line where it is written; ``{: …}`` attribute lists (not enabled, so shown as text, but a
    sign of an attempt) by a line scan outside code."""
    if _plain(body):
        yield from _attr_lists(src, body, first_line)
        return
    from .rendered import (
        render_markdown,  # Markdown and its extensions: only for a body that needs them
    )

    rendered = render_markdown(body)
    if rendered.too_deep:  # at the line with the most list/quote markers and indentation
        depths = [len(NESTING.match(line).group(0)) for line in body.split("\n")]
        yield issue("markdown-too-deep", src.rel, first_line + depths.index(max(depths)))
        return
    where = _Locator(body, first_line)
    for fragment in rendered.raw_html:
        at = where.find(fragment)
        for m in RAW_TAG.finditer(fragment):
            name, attrs = m.group(2).lower(), m.group(3).strip().rstrip("/").strip()
            lineno = where.line(at, m.start(), m.group(0))
            if name in SAFE_TAGS and not attrs:
                continue
            if SCHEME.match(name) and not m.group(1):  # "<javascript:…>": meant as an autolink
                yield issue("unsafe-link", src.rel, lineno, value=m.group(0)[1:61].rstrip(">"))
            else:
                yield issue("unsafe-html", src.rel, lineno, tag=f"<{m.group(1)}{name[:30]}>")
    for tag, raw in rendered.links:
        dest = INVISIBLES.sub("", html.unescape(raw)).lower()
        scheme = SCHEME.match(dest)
        lineno = where.line(where.find(raw), 0, raw)
        if scheme and scheme.group(1) not in SAFE_SCHEMES:
            yield issue("unsafe-link", src.rel, lineno, value=raw[:60])
        elif tag == "img":
            yield from _image(src, raw, lineno, attachments, external=bool(scheme))
    yield from _attr_lists(src, body, first_line)


# Leading list/quote markers and indentation of a line below this length cannot nest deep
# enough to exhaust the parser (each level takes two characters or more).
PLAIN_NESTING = 32


def _plain(body: str) -> bool:
    """Whether the Markdown parse of ``body`` can find nothing: raw HTML and autolinks start with
    "<", links, images and reference definitions with "[", and it is not nested deep. Such a
    body (most of a knowledge base's) skips the parse, which is the costly part of the check."""
    if "<" in body or "[" in body:
        return False
    return all(len(NESTING.match(line).group(0)) < PLAIN_NESTING for line in body.split("\n"))


def _attr_lists(src: Source, body: str, first_line: int) -> Iterator[Issue]:
    """``{: …}`` attribute lists with an event handler, outside fenced code (a line scan)."""
    fence = None
    for offset, line in enumerate(body.split("\n")):
        m = FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        for attrs in ATTR_LIST.findall(CODE_SPAN.sub(" ", line)):
            if EVENT_ATTR.search(attrs):
                yield issue("unsafe-attr", src.rel, first_line + offset, value="{" + attrs.strip() + "}")


class _Locator:
    """Lines of text pieces the parser reports, found in the body in order (a repeated piece
    is looked for after its previous place)."""

    def __init__(self, body: str, first_line: int):
        self.body, self.first_line = body, first_line
        self.after: dict[str, int] = {}

    def find(self, piece: str) -> int:
        piece = piece.strip()
        at = self._search(piece, self.after.get(piece, 0)) if piece else -1
        if at < 0 and piece:
            at = self._search(piece, 0)
        if at >= 0:
            self.after[piece] = at + 1
        return at

    def _search(self, piece: str, start: int) -> int:
        """``piece`` from ``start``; Python-Markdown expands tabs to spaces in what it reports
        (``java<TAB>script:`` comes back as ``java    script:``), so whitespace matches any run."""
        at = self.body.find(piece, start)
        words = piece.split()
        if at < 0 and len(words) > 1:
            m = re.compile(r"\s+".join(map(re.escape, words))).search(self.body, start)
            at = m.start() if m else -1
        return at

    def line(self, at: int, offset: int, text: str) -> int:
        if at < 0:  # reassembled by the parser: look for the piece itself
            at, offset = self._search(text.strip(), 0), 0
        return self.first_line + (self.body.count("\n", 0, at + offset) if at >= 0 else 0)


def _image(src: Source, raw: str, lineno: int, attachments: set[str], external: bool) -> Iterator[Issue]:
    if external or raw.startswith("/") or raw.startswith("//"):
        yield issue("image-outside", src.rel, lineno, value=raw[:60])
        return
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src.rel), raw.split("#")[0]))
    if not target.startswith("content/"):
        yield issue("image-outside", src.rel, lineno, value=raw[:60])
    elif target not in attachments:
        yield issue("attachment-missing", src.rel, lineno, ref=raw)


def check_attachment(root, rel: str) -> Iterator[Issue]:
    """SVG figures are XML that a browser runs: they must be plain drawings."""
    if rel.lower().endswith(".svg"):
        for line, detail in sanitize_svg((root / rel).read_bytes()).problems[:10]:
            yield issue("unsafe-svg", rel, line, detail=detail)
