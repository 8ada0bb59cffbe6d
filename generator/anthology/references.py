"""Reference lists in GB/T 7714—2015 style (顺序编码制).

Structured references are formatted here; a reference given as one line of text is taken to be
already formatted by the author and printed as it is. The standard uses Western punctuation
(". , : //") for Chinese and foreign references alike.
"""

from __future__ import annotations

import re

from generator.models.papers import Reference

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
MAX_AUTHORS = 3  # GB/T 7714 8.1.2: more than three → the first three, then 等 / et al.


def is_chinese(ref: Reference) -> bool:
    sample = (ref.authors[0] if ref.authors else "") + ref.title
    return bool(CJK.search(sample))


def authors(ref: Reference) -> str:
    names = list(ref.authors)
    if len(names) > MAX_AUTHORS:
        more = "等" if is_chinese(ref) else "et al."
        names = names[:MAX_AUTHORS] + [more]
    return ", ".join(names)


def _volume_issue(ref: Reference) -> str:
    text = ref.volume or ""
    if ref.issue:
        text += f"({ref.issue})"
    return text


def _publisher(ref: Reference) -> str:
    """出版地: 出版者, 年"""
    text = f"{ref.place}: " if ref.place else ""
    text += ref.container or ""
    if ref.year:
        text += f", {ref.year}" if text else str(ref.year)
    return text


def _with_pages(text: str, ref: Reference) -> str:
    return f"{text}: {ref.pages}" if ref.pages else text


def format_reference(ref: Reference | str) -> str:
    """One reference as printed after its number, ending with a full stop."""
    if isinstance(ref, str):
        return ref.strip()
    head = authors(ref)
    mark = f"[{ref.type}]"
    title = ref.title + (f": {ref.number}" if ref.number and ref.type in ("S", "P") else "")
    parts = [head] if head else []
    kind = ref.type
    if kind == "J":
        where = ", ".join(x for x in (ref.container, str(ref.year or ""), _volume_issue(ref)) if x)
        parts += [f"{title}{mark}", _with_pages(where, ref)]
    elif kind == "C":
        parts += [f"{title}{mark}//{ref.container or ''}".rstrip("/"),
                  _with_pages(_publisher_only(ref), ref)]
    elif kind == "N":
        where = ", ".join(x for x in (ref.container, str(ref.year or "")) if x)
        parts += [f"{title}{mark}", where + (f"({ref.pages})" if ref.pages else "")]
    elif kind == "EB/OL":
        parts += [f"{title}{mark}", f"({ref.year})" if ref.year else "", ref.url or ""]
    elif kind == "P":
        parts += [f"{title}{mark}", str(ref.year or "")]
    else:  # M, D, S, R: 出版地: 出版者, 年: 页码
        if ref.number and kind == "R":
            title += f": {ref.number}"
        parts += [f"{title}{mark}", _with_pages(_publisher(ref), ref)]
    text = ""
    for part in (p for p in parts if p):
        text += part if not text else (" " if text.endswith(".") else ". ") + part
    return text if text.endswith(".") else text + "."


def _publisher_only(ref: Reference) -> str:
    """For 论文集 the container is the proceedings title, so only place and year follow."""
    text = f"{ref.place}" if ref.place else ""
    if ref.year:
        text += f", {ref.year}" if text else str(ref.year)
    return text
