"""Reference lists in GB/T 7714—2015 style (顺序编码制): the one formatter of the portal and
the printed book.

Structured references are formatted here; a reference given as one line of text is taken to be
already formatted by the author and printed as it is. The standard uses Western punctuation
(". , : //") for Chinese and foreign references alike. ``REQUIRED`` names, per type, the fields
without which the standard's entry cannot be written; the validator warns about each one missing.

    [J] 作者. 题名[J]. 刊名, 年, 卷(期): 页码.
    [M] 作者. 题名[M]. 出版地: 出版者, 年: 页码.
    [C] 作者. 题名[C]//论文集名. 出版地: 出版者, 年: 页码.
    [D] 作者. 题名[D]. 保存地: 保存单位, 年.
    [R] 作者. 题名: 报告号[R]. 出版地: 出版者, 年.
    [S] 起草单位. 标准名称: 标准号[S]. 出版地: 出版者, 年.
    [P] 专利申请者. 专利题名: 专利号[P]. 公告日期.
    [N] 作者. 题名[N]. 报纸名, 出版日期(版次).
    [EB/OL] 作者. 题名[EB/OL]. (更新日期)[引用日期]. 网址.
"""

from __future__ import annotations

import re

from generator.models.papers import Reference

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
MAX_AUTHORS = 3  # GB/T 7714 8.1.2: more than three → the first three, then 等 / et al.

# Fields the entry of each type needs (besides type and title), as the reader must find it.
REQUIRED: dict[str, tuple[str, ...]] = {
    "J": ("container", "year"),
    "M": ("place", "publisher", "year"),
    "C": ("container", "place", "publisher", "year"),
    "D": ("place", "publisher", "year"),
    "R": ("place", "publisher", "year"),
    "S": ("number",),
    "P": ("number", "year"),
    "N": ("container", "year"),
    "EB/OL": ("url", "accessed"),
}
FIELD_NAMES = {"container": "刊名/论文集名/报纸名（container）", "place": "出版地（place）",
               "publisher": "出版者（publisher）", "year": "出版年（year）", "number": "标准号/专利号（number）",
               "url": "网址（url）", "accessed": "引用日期（accessed）"}


def is_chinese(ref: Reference) -> bool:
    sample = (ref.authors[0] if ref.authors else "") + ref.title
    return bool(CJK.search(sample))


def authors(ref: Reference) -> str:
    names = list(ref.authors)
    if len(names) > MAX_AUTHORS:
        more = "等" if is_chinese(ref) else "et al."
        names = names[:MAX_AUTHORS] + [more]
    return ", ".join(names)


def publisher(ref: Reference) -> str | None:
    """出版者: its own field; for [M] [D] [R] [S] an older file may have put it in container."""
    if ref.publisher:
        return ref.publisher
    return ref.container if ref.type in ("M", "D", "R", "S") else None


def missing_fields(ref: Reference) -> list[str]:
    values = {"publisher": publisher(ref)}
    return [f for f in REQUIRED.get(ref.type, ())
            if not (values[f] if f in values else getattr(ref, f, None))]


def _volume_issue(ref: Reference) -> str:
    """卷(期); without a volume the issue follows the year: 2019(3)."""
    text = ref.volume or ""
    if ref.issue:
        text += f"({ref.issue})"
    return text


def _imprint(ref: Reference) -> str:
    """出版地: 出版者, 年"""
    text = ": ".join(x for x in (ref.place, publisher(ref)) if x)
    if ref.year:
        text += f", {ref.year}" if text else str(ref.year)
    return text


def _with_pages(text: str, ref: Reference) -> str:
    return f"{text}: {ref.pages}" if ref.pages and text else text


def format_reference(ref: Reference | str) -> str:
    """One reference as printed after its number, ending with a full stop."""
    if isinstance(ref, str):
        return ref.strip()
    mark = f"[{ref.type}]"
    kind = ref.type
    title = ref.title + (f": {ref.number}" if ref.number and kind in ("S", "P", "R") else "")
    parts = [authors(ref)]
    if kind == "J":
        year_part = str(ref.year or "")
        if ref.volume:
            where = ", ".join(x for x in (ref.container, year_part, _volume_issue(ref)) if x)
        else:  # no volume: 年(期), never ", (3)"
            where = ", ".join(x for x in (ref.container, year_part + (f"({ref.issue})" if ref.issue else "")) if x)
        parts += [f"{title}{mark}", _with_pages(where, ref)]
    elif kind == "C":
        parts += [f"{title}{mark}" + (f"//{ref.container}" if ref.container else ""), _with_pages(_imprint(ref), ref)]
    elif kind == "N":
        date = f"{ref.year}-{ref.issue}" if ref.year and ref.issue else str(ref.year or "")
        where = ", ".join(x for x in (ref.container, date) if x)
        parts += [f"{title}{mark}", where + (f"({ref.pages})" if ref.pages else "")]
    elif kind == "EB/OL":
        dates = (f"({ref.year})" if ref.year else "") + (f"[{ref.accessed.isoformat()}]" if ref.accessed else "")
        parts += [f"{title}{mark}", dates, ref.url or ""]
    elif kind == "P":
        parts += [f"{title}{mark}", str(ref.year or "")]
    else:  # M, D, S, R: 出版地: 出版者, 年: 页码
        parts += [f"{title}{mark}", _with_pages(_imprint(ref), ref)]
    text = ""
    for part in (p for p in parts if p):
        text += part if not text else (" " if text.endswith(".") else ". ") + part
    return text if text.endswith(".") else text + "."
