"""Stage 6 — content safety and privacy.

Contributor text is untrusted. The portal sanitises and escapes anyway; this stage tells the
contributor, at the line, what would have been removed and why, and keeps personal numbers out
of git history in the first place.
"""

from __future__ import annotations

import html
import posixpath
import re
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

CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+?\$|\\\(.*?\\\)")
TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)([^>]*)>?")  # not <https://…> autolinks
LINK_DEST = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)>\s]*)")
REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^>\s]*)>")
ATTR_LIST = re.compile(r"\{:?([^}\n]*)\}")
EVENT_ATTR = re.compile(r"\bon[a-z]+\s*=|\b(?:href|src|style)\s*=\s*['\"]?\s*(?:javascript|vbscript|data):", re.I)
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
TEXT_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?]|&#?[A-Za-z0-9]+;")
INVISIBLES = re.compile(r"[\x00-\x20\u00ad\u200b-\u200f\u2060\ufeff]")


def check_safety(src: Source, attachments: set[str]) -> Iterator[Issue]:
    yield from _personal_numbers(src, src.text)
    if isinstance(src.data, dict):
        yield from _metadata(src, src.data, (), attachments)
    if src.body:
        yield from scan_markdown(src, src.body, src.body_line, attachments)


def _personal_numbers(src: Source, text: str) -> Iterator[Issue]:
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not any(ch.isdigit() for ch in line):
            continue
        ids = resident_id_numbers(line)
        for _, masked in ids:
            yield issue("pii-id-number", src.rel, lineno, masked=masked)
        if not ids:
            for _, masked in mobile_numbers(line):
                yield issue("pii-mobile", src.rel, lineno, masked=masked)
            for _, masked in landline_numbers(line):
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
    fence = None
    in_math = False
    for offset, line in enumerate(body.split("\n")):
        lineno = first_line + offset
        m = FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        if line.strip() == "$$":
            in_math = not in_math
            continue
        if in_math:
            continue
        code_free = MATH.sub(" ", CODE_SPAN.sub(" ", line))
        yield from _tags(src, code_free, lineno)
        yield from _links(src, code_free, lineno, attachments)
        for attrs in ATTR_LIST.findall(code_free):
            if EVENT_ATTR.search(attrs):
                yield issue("unsafe-attr", src.rel, lineno, value="{" + attrs.strip() + "}")


def _tags(src: Source, line: str, lineno: int) -> Iterator[Issue]:
    for m in TAG.finditer(line):
        name, attrs = m.group(2).lower(), m.group(3).strip().rstrip("/").strip()
        if name in SAFE_TAGS and not attrs:
            continue
        yield issue("unsafe-html", src.rel, lineno, tag=f"<{m.group(1)}{name}>")


def _links(src: Source, line: str, lineno: int, attachments: set[str]) -> Iterator[Issue]:
    targets = [(bool(m.group(1)), m.group(2)) for m in LINK_DEST.finditer(line)]
    targets += [(False, m.group(1)) for m in REF_DEF.finditer(line)]
    targets += [(False, m.group(1)) for m in AUTOLINK.finditer(line)]
    for is_image, raw in targets:
        dest = INVISIBLES.sub("", html.unescape(raw)).lower()
        scheme = SCHEME.match(dest)
        if scheme and scheme.group(1) not in SAFE_SCHEMES:
            yield issue("unsafe-link", src.rel, lineno, value=raw[:60])
        elif is_image:
            yield from _image(src, raw, lineno, attachments, external=bool(scheme))


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
