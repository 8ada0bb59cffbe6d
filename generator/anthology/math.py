"""Formulas: LaTeX → path-only SVG with ziamath, for the portal and the printed book.

LaTeX in the content stays LaTeX; ziamath (pure Python, its own math font) draws it as paths,
which both the browser and Typst show (Typst cannot read LaTeX math). Inline formulas are
aligned on the text baseline by the SVG's descent. Every SVG gets its own id prefix: ziamath
names glyph symbols by glyph, and one id twice in one HTML page is an error. In the book a
display formula is numbered at the right margin: its ``\tag{…}``, or else the next number of
the paper (ziamath would set the tag itself, pushed left and running off the trim).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from generator.errors import ContentError

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
VIEWBOX = re.compile(r'viewBox="([-0-9.]+) ([-0-9.]+) ([-0-9.]+) ([-0-9.]+)"')
IDS = re.compile(r'\b(id="|href="#)([^"]+)"')
INLINE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.S)
DISPLAY = re.compile(r'<div class="arithmatex">\s*\\\[(.*?)\\\]\s*</div>', re.S)

SIZE_PX = 14  # body text is 10.5 pt = 14 px; formulas are set at the same size
PT_PER_PX = 0.75
TAG = re.compile(r"\\tag\*?\{([^{}]{1,12})\}")


@lru_cache(maxsize=4096)
def _svg(latex: str, size: int) -> str:
    import ziamath  # 80 ms to import: only when a page has a formula

    from generator.svg_check import clean_formula_svg

    # ziamath writes TeX arguments into attributes (\\textcolor{url(…)} → fill="url(…)") and its
    # SVG is inserted after nh3: the drawing allowlist is its sanitiser
    return clean_formula_svg(ziamath.Latex(latex, size=size).svg())


class Formulas:
    """Typesets the formulas of one document, numbering SVG ids so they stay unique."""

    def __init__(self, prefix: str = "f") -> None:
        self.count = 0
        self.prefix = prefix

    def svg(self, latex: str, where: str, display: bool) -> str:
        latex = latex.strip()
        if CJK.search(latex):
            raise ContentError(f"{where}: 公式中含有中文或全角符号，公式字体无法排印：{latex[:60]}"
                               f"（请把文字写在公式之外，公式内只用字母、数字和 LaTeX 命令；如果这里本不是公式，请把 $ 写成 \\$）")
        try:
            svg = _svg(latex, SIZE_PX)
        except Exception as exc:  # ziamath raises assorted parser errors on malformed LaTeX
            raise ContentError(f"{where}: 公式无法解析（{type(exc).__name__}）：{latex[:60]}") from None
        self.count += 1
        prefix = f"{self.prefix}{self.count}-"
        svg = IDS.sub(lambda m: f'{m.group(1)}{prefix}{m.group(2)}"', svg)
        box = VIEWBOX.search(svg)
        if box and not display:
            descent = float(box.group(2)) + float(box.group(4))
            svg = svg.replace("<svg ", f'<svg style="vertical-align: {-descent:.3f}px" ', 1)
        return svg

    def node(self, latex: str, where: str, display: bool, number: int) -> dict:
        """One formula for the book: SVG, its size in pt and, displayed, its number."""
        tag = TAG.search(latex)
        latex = TAG.sub("", latex)
        svg = self.svg(latex, where, display=True)
        box = VIEWBOX.search(svg)
        x, y, width, height = (float(v) for v in box.groups()) if box else (0.0, 0.0, 0.0, 0.0)
        return {"t": "math", "svg": svg, "display": display, "width": round(width * PT_PER_PX, 3),
                "descent": round((y + height) * PT_PER_PX, 3),
                "tag": (tag.group(1).strip() if tag else str(number)) if display else None}

    def placeholders(self, fragment: str, where: str) -> tuple[str, list[dict]]:
        """arithmatex output → ``<span class="math" data-n>`` / ``<div class="formula" data-n>``
        placeholders and the formula nodes they stand for (display formulas numbered from 1)."""
        drawn: list[dict] = []

        def place(match, display: bool) -> str:
            number = sum(1 for d in drawn if d["display"]) + 1
            drawn.append(self.node(html.unescape(match.group(1)), where, display, number))
            n = len(drawn) - 1
            return f'<div class="formula" data-n="{n}"></div>' if display else f'<span class="math" data-n="{n}"></span>'

        fragment = DISPLAY.sub(lambda m: place(m, True), fragment)
        return INLINE.sub(lambda m: place(m, False), fragment), drawn

    def replace(self, fragment: str, where: str, lenient: bool = False) -> str:
        """Replace pymdownx.arithmatex (generic mode) output by SVG. ``lenient``: a formula that
        cannot be set stays as TeX instead of raising (the portal shows it; the book refuses)."""
        def drawn(match, display: bool) -> str:
            try:
                svg = self.svg(html.unescape(match.group(1)), where, display)
            except ContentError:
                if lenient:
                    return match.group(0)
                raise
            return f'<div class="formula">{svg}</div>' if display else f'<span class="math">{svg}</span>'

        fragment = DISPLAY.sub(lambda m: drawn(m, True), fragment)
        return INLINE.sub(lambda m: drawn(m, False), fragment)
