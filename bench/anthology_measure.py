"""Measure the typography of a printed anthology PDF, the way an editor checks a proof.

    python bench/anthology_measure.py BOOK.pdf [BOOK2.pdf …] [--list]

Everything is read back from the PDF (pdfplumber: every glyph with its position and size), so
the figures hold whatever engine made the book:

- ragged: non-final body lines (a body-size line followed on the same page, at the next line
  pitch, or at the top of the next page, by a line that starts at the left margin without
  indent) whose last glyph — or formula drawing — ends more than ¼ em short of the right margin
  (a closing mark ending a line counts as half an em: its ink fills the left half);
- punctuation pairs: two adjacent full-width punctuation marks (“），”, “”。”…) and how many of
  them are compressed (the first advances less than ¾ em);
- kinsoku: a line that starts with a closing mark or ends with an opening mark;
- split number–unit pairs: a number, unit, standard number or “表1/图1/式(1)” broken over lines;
- TOC: every entry of 目录 points at a page whose folio is that number and which opens with it;
- fonts: every font embedded, and each a CJK face (no fallback font).

With ``--list`` every finding is printed with its page, so it can be looked at.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pypdf import PdfReader

PUNCT = set("，。、；：！？）》」』”’】〕（《「『“‘【〔")
CLOSING = set("，。、；：！？）》」』”’】〕")
OPENING = set("（《「『“‘【〔")
LATIN = re.compile(r"[0-9A-Za-z.,/%℃°‰³²μΩ×·—\-−]+")
TAIL = re.compile(LATIN.pattern + "$")
UNIT_START = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz%℃°‰μΩ/—-−.×³²")
LABELS = ("表", "图", "式", "第")
TOC_ENTRY = re.compile(r"^(.+?)\s*[·.…]{3,}\s*(\d+)$")
CJK = re.compile(r"[\u3400-\u9fff]")
FOLIO = re.compile(r"^(\d+|[ivxlc]+)$")


@dataclass
class Line:
    page: int  # 0-based
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str
    advances: list[tuple[str, float, float]] = field(default_factory=list)  # char, advance, size


@dataclass
class Report:
    pages: int = 0
    body_lines: int = 0
    non_final: int = 0
    ragged: list[str] = field(default_factory=list)
    ragged_half: int = 0
    pairs: int = 0
    uncompressed: list[str] = field(default_factory=list)
    kinsoku: list[str] = field(default_factory=list)
    splits: list[str] = field(default_factory=list)
    toc_entries: int = 0
    toc_wrong: list[str] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)
    fonts_not_embedded: list[str] = field(default_factory=list)
    fonts_not_cjk: list[str] = field(default_factory=list)


def _lines(page, number: int) -> list[Line]:
    chars = sorted((c for c in page.chars if c["text"].strip()), key=lambda c: (c["top"], c["x0"]))
    drawings = [(o["x0"], o["x1"], o["top"], o["bottom"]) for o in page.curves + page.rects
                if o["x1"] - o["x0"] < 200 and o["bottom"] - o["top"] < 30]
    # Rows: glyphs whose heights overlap (a superscript citation mark belongs to its line).
    rows: list[list[dict]] = []
    span = (0.0, 0.0)
    for c in chars:
        overlap = min(span[1], c["bottom"]) - max(span[0], c["top"])
        if rows and overlap > 0.3 * (c["bottom"] - c["top"]):
            rows[-1].append(c)
            span = (min(span[0], c["top"]), max(span[1], c["bottom"]))
        else:
            rows.append([c])
            span = (c["top"], c["bottom"])
    # Lines: a row split where a wide gap has no formula drawn in it (another column or cell).
    lines: list[list[dict]] = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        lines.append([row[0]])
        for prev, c in zip(row, row[1:], strict=False):
            if c["x0"] - prev["x1"] < 2.5 * c["size"] or _drawn(drawings, prev, c):
                lines[-1].append(c)
            else:
                lines.append([c])
    result = []
    for group in lines:
        top, bottom = min(c["top"] for c in group), max(c["bottom"] for c in group)
        last = max(group, key=lambda c: c["x1"])
        # A closing mark's ink fills the left half of its em: at a line end it counts half an em
        # (an engine that compresses it there, as Chinese typesetting does, leaves no gap).
        x1 = last["x0"] + 0.5 * last["size"] if last["text"] in CLOSING else last["x1"]
        for dx0, dx1, dtop, dbottom in drawings:  # an inline formula at the end of a line
            if dtop < bottom and dbottom > top and dx0 >= x1 - 1:
                x1 = max(x1, dx1)
        size = max(Counter(round(c["size"], 1) for c in group).items(), key=lambda kv: (kv[1], kv[0]))[0]
        advances = [(a["text"], b["x0"] - a["x0"], a["size"]) for a, b in zip(group, group[1:], strict=False)]
        result.append(Line(number, top, bottom, group[0]["x0"], x1, size, "".join(c["text"] for c in group),
                           advances))
    return result


def _drawn(drawings, a: dict, b: dict) -> bool:
    """A drawing (an inline formula) between glyphs ``a`` and ``b`` of one line."""
    return any(dx0 < b["x0"] and dx1 > a["x1"] and dtop < b["bottom"] and dbottom > b["top"]
               for dx0, dx1, dtop, dbottom in drawings)


def _margins(lines: list[Line], body: float) -> dict[int, tuple[float, float]]:
    """Per page parity: the left margin (the leftmost start shared by at least three body lines:
    not the most common one, which on a wide A4 page of short paragraphs is the 2 em indent of
    their first lines) and the right margin (the largest right edge reached by at least three
    body lines)."""
    margins = {}
    for parity in (0, 1):
        own = [ln for ln in lines if ln.page % 2 == parity and ln.size == body]
        if not own:
            continue
        starts = Counter(round(ln.x0) for ln in own)
        left = min((x for x, n in starts.items() if n >= 3), default=starts.most_common(1)[0][0])
        rights = Counter(round(ln.x1 * 2) / 2 for ln in own)
        right = max((r for r, n in rights.items() if n >= 3), default=max(rights))
        margins[parity] = (left, right)
    return margins


def _continues(line: Line, nxt: Line, left: float) -> bool:
    """``nxt`` carries on the paragraph of ``line``: same size, at the left margin, next pitch."""
    if nxt.size != line.size or abs(nxt.x0 - left) > 1.5:
        return False
    if nxt.page == line.page:
        return 0.5 * line.size < nxt.top - line.top < 1.9 * line.size
    return nxt.page == line.page + 1


def _split(line: Line, nxt: Line) -> bool:
    m = TAIL.search(line.text)
    head = LATIN.match(nxt.text)
    t = m.group(0) if m else ""
    h = head.group(0) if head else ""
    if t and h:
        if len(h) == 1 and h.isupper() and len(nxt.text) > 1 and CJK.match(nxt.text[1]):
            return False  # an index letter (A, B, …) beside a name: two columns read as one line
        if t[-1].isdigit() and (h[0].isdigit() or h[0] in UNIT_START):
            return True
        if t[-1] == "/" or h[0] in "/³²":
            return True
        if t[-1].isalpha() and h[0].isdigit():
            return True
    if line.text.endswith(LABELS) and nxt.text[:1].isdigit():
        return True
    return bool(t) and t[-1].isdigit() and nxt.text[:1] in ("万", "亿")


def _toc(pdf_lines: list[list[Line]], report: Report) -> None:
    def folio(lines: list[Line]) -> str:
        return lines[-1].text if lines and FOLIO.match(lines[-1].text) else ""

    folios = {folio(p): p for p in pdf_lines if folio(p)}
    in_toc = False
    for page in pdf_lines:
        titled = any(ln.text.replace(" ", "").replace("\u3000", "") == "目录" for ln in page[:3])
        # the 目录 page and the pages after it that go on listing entries
        in_toc = titled or (in_toc and any(TOC_ENTRY.match(ln.text) for ln in page))
        if not in_toc:
            continue
        for ln in page:
            m = TOC_ENTRY.match(ln.text)
            if not m:
                continue
            report.toc_entries += 1
            title, number = m.group(1).strip(), m.group(2)
            opening = folios.get(number)
            texts = [x.text for x in opening[:4]] if opening else []
            if not any(title in t or t in title and len(t) > 4 for t in texts):
                report.toc_wrong.append(f"目录“{title}”→ 第 {number} 页：{texts[:3]}")


def _fonts(path: Path, report: Report) -> None:
    seen = {}
    for page in PdfReader(path).pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            font = font.get_object()
            seen.setdefault(str(font["/BaseFont"]), font)
    for name, font in sorted(seen.items()):
        report.fonts.append(name)
        desc = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        desc = desc.get("/FontDescriptor")
        if desc is None or not {"/FontFile", "/FontFile2", "/FontFile3"} & set(desc.get_object()):
            report.fonts_not_embedded.append(name)
        if "CJK" not in name:
            report.fonts_not_cjk.append(name)


def measure(path: Path) -> Report:
    report = Report()
    with pdfplumber.open(path) as pdf:
        pages = [_lines(p, i) for i, p in enumerate(pdf.pages)]
    report.pages = len(pages)
    flat = [ln for p in pages for ln in p]
    body = Counter(ln.size for ln in flat for _ in ln.text).most_common(1)[0][0]
    margins = _margins(flat, body)
    for i, ln in enumerate(flat):
        where = f"p{ln.page + 1}"
        if len(ln.text) > 1 and (ln.text[0] in CLOSING or ln.text[-1] in OPENING):
            report.kinsoku.append(f"{where}: {ln.text[:20]}…{ln.text[-8:]}")
        for (a, adv, size), b in zip(ln.advances, ln.text[1:], strict=False):
            if a in PUNCT and b in PUNCT and adv < 1.5 * size:  # farther apart: a formula between
                report.pairs += 1
                if adv > 0.75 * size:
                    report.uncompressed.append(f"{where}: “{a}{b}” {adv / size:.2f} em")
        if i + 1 >= len(flat) or ln.page % 2 not in margins:
            continue
        left, right = margins[ln.page % 2]
        nxt = flat[i + 1]
        next_left = margins.get(nxt.page % 2, (left,))[0]
        if not _continues(ln, nxt, next_left):
            continue
        if _split(ln, nxt):
            report.splits.append(f"{where}: …{ln.text[-10:]} / {nxt.text[:10]}…")
        if ln.size != body or abs(ln.x0 - left) > 2 * body + 1.5:
            continue
        report.non_final += 1
        short = (right - ln.x1) / body
        if short > 0.5:
            report.ragged_half += 1
        if short > 0.25:
            report.ragged.append(f"{where}: {short:.2f} em short: …{ln.text[-16:]}")
    report.body_lines = sum(1 for ln in flat if ln.size == body)
    _toc(pages, report)
    _fonts(path, report)
    return report


def summary(path: Path, r: Report) -> str:
    pct = 100 * len(r.ragged) / r.non_final if r.non_final else 0.0
    return "\n".join([
        f"{path.name}: {r.pages} pages, {r.body_lines} body lines, {r.non_final} non-final",
        f"  ragged > 1/4 em: {len(r.ragged)} ({pct:.1f} %), > 1/2 em: {r.ragged_half}",
        f"  punctuation pairs: {r.pairs}, uncompressed: {len(r.uncompressed)}",
        f"  kinsoku violations: {len(r.kinsoku)}",
        f"  split number-unit pairs: {len(r.splits)}",
        f"  TOC entries: {r.toc_entries}, wrong: {len(r.toc_wrong)}",
        f"  fonts: {len(r.fonts)}, not embedded: {len(r.fonts_not_embedded)}, "
        f"not CJK: {len(r.fonts_not_cjk)} {r.fonts_not_cjk[:4] if r.fonts_not_cjk else ''}",
    ])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="+", type=Path)
    ap.add_argument("--list", action="store_true", help="print every finding")
    args = ap.parse_args()
    failed = False
    for path in args.pdf:
        r = measure(path)
        print(summary(path, r))
        if args.list:
            for name in ("ragged", "uncompressed", "kinsoku", "splits", "toc_wrong"):
                for item in getattr(r, name):
                    print(f"    {name}: {item}")
        failed |= bool(r.ragged or r.uncompressed or r.kinsoku or r.splits or r.toc_wrong
                       or r.fonts_not_embedded or r.fonts_not_cjk)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
