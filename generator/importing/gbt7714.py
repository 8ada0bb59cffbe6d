"""One line of a paper's 参考文献 list → the structured fields of a Reference (GB/T 7714).

There is no maintained Python parser for GB/T 7714 (the parsers around are for BibTeX or
English citation styles and do not know [J]/[M]/[S] codes or Chinese punctuation), so the few
usual shapes are matched here. A line that does not match is kept as its text, which the model
accepts and the anthology prints as written: nothing is lost, and the import report says which.
"""

from __future__ import annotations

import re

COMMA, COLON, STOP = "[,，]", "[:：]", "[.．。]"
NUMBER = re.compile(r"^\s*(?:\[\s*\d+\s*\]|［\s*\d+\s*］|\d+[.．、])\s*")
HEAD = re.compile(rf"^(?P<authors>[^\[\]]+?){STOP}\s*(?P<title>.+?)\s*\[(?P<type>[A-Z]+(?:/OL)?)\]\s*{STOP}?\s*(?P<rest>.*)$")
JOURNAL = re.compile(rf"^(?P<container>[^,，]+?){COMMA}\s*(?P<year>\d{{4}})(?:{COMMA}\s*(?P<volume>[^(（:：]+?))?\s*"
                     rf"(?:[(（]\s*(?P<issue>[^)）]+?)\s*[)）])?\s*(?:{COLON}\s*(?P<pages>[\d\-–—~～]+))?\s*{STOP}?$")
PUBLISHER = re.compile(rf"^(?:(?P<place>[^:：,，]+?){COLON}\s*)?(?P<container>[^,，]+?){COMMA}\s*(?P<year>\d{{4}})"
                       rf"(?:{COLON}\s*(?P<pages>[\d\-–—~～]+))?\s*{STOP}?$")
YEAR_ONLY = re.compile(rf"^(?P<year>\d{{4}})\s*{STOP}?$")
STANDARD_NO = re.compile(rf"^(?P<title>.+?){COLON}\s*(?P<number>[A-Z]{{1,4}}(?:/[A-Z])?\s*[\d.]+[—\-–]\d{{4}})$")
TYPES = {"J", "M", "C", "D", "S", "P", "R", "N", "EB/OL"}
MAX_SHORT = 120


def strip_number(line: str) -> str:
    return NUMBER.sub("", line.strip(), count=1).strip()


def parse(line: str) -> dict | str:
    """The structured reference, or the line itself (without its [n]) when it has another shape."""
    text = strip_number(line)
    m = HEAD.match(text)
    if not m or m["type"] not in TYPES:
        return text
    ref: dict = {"type": m["type"]}
    names = [a.strip() for a in re.split(r"[,，、;；]", m["authors"]) if a.strip()]
    ref["authors"] = [a for a in names if a not in ("等", "et al", "et al.")]
    title = m["title"].strip()
    if m["type"] == "S" and (s := STANDARD_NO.match(title)):
        title, ref["number"] = s["title"].strip(), s["number"].strip()
    ref["title"] = title
    rest = m["rest"].strip()
    shape = JOURNAL if m["type"] in ("J", "N") else PUBLISHER
    found = shape.match(rest) or YEAR_ONLY.match(rest)
    if not found:
        return text
    for key, value in found.groupdict().items():
        if value:
            ref[key] = int(value) if key == "year" else value.strip()
    if any(isinstance(v, str) and len(v) > MAX_SHORT for v in ref.values()):
        return text
    return ref
