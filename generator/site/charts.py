"""Charts drawn at build time as inline SVG: no script, no request, Chinese labels as text.

Our own rather than a charting library: the libraries that draw SVG in Python (matplotlib,
pygal) embed fonts or paths for the text, or need a script in the page for their tooltips;
here every label stays real text in the portal's font, searchable and read by screen readers.

The layout is computed from estimated text widths (a CJK character is 1 em, a Latin letter or
digit ~0.6 em), so labels never collide: category labels wrap onto two lines and are shortened
with "…" beyond that (the full label is the bar's <title>), legends flow onto further rows, the
canvas is at least as wide as its title. The SVG scales with the column (viewBox, width 100 %).
"""

from __future__ import annotations

import unicodedata
from html import escape

from .markup import raw

COLOURS = ["#3f51b5", "#e65100", "#2e7d32", "#c2185b", "#00838f", "#6d4c41"]
TITLE, LABEL, VALUE = 15, 13, 12  # font sizes in viewBox units, drawn 1:1 on a desktop
LINE = 1.5  # line height in em: a CJK font's glyph box is ~1.4 em tall


def _num(v: float) -> str:
    return f"{v:g}" if isinstance(v, float) else f"{v:,}"


def text_width(text: str, size: float) -> float:
    """Estimated advance of ``text`` at ``size``: wide (CJK) characters 1 em, others 0.6 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.6 * size for c in text)


def fit_lines(text: str, width: float, size: float, lines: int = 2) -> list[str]:
    """``text`` broken into at most ``lines`` lines of ``width``; the last shortened with "…"."""
    out, current = [], ""
    for c in text:
        if text_width(current + c, size) > width and current:
            out.append(current)
            current = c
            if len(out) == lines:
                break
        else:
            current += c
    else:
        out.append(current)
        return out
    last = out[-1]
    while last and text_width(last + "…", size) > width:
        last = last[:-1]
    out[-1] = last + "…"
    return out


def _text(x: float, y: float, text: str, size: int, anchor: str = "start", bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{weight}>'
            f'{escape(text)}</text>')


SHRINK_MAX = 480  # wider charts are not shrunk on a phone (their text would fall below 9 px): they scroll


def _svg(title: str, width: float, height: float, body: list[str]) -> str:
    # width/height give the natural size; the stylesheet lets a chart up to SHRINK_MAX wide
    # shrink with the column
    wide = " qc-chart--wide" if width > SHRINK_MAX else ""
    return (f'<svg class="qc-chart{wide}" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}">'
            f'<title>{escape(title)}</title>' + "".join(body) + "</svg>")


def _legend(names: list[str], left: float, top: float, width: float) -> tuple[list[str], float]:
    """Legend entries flowing left to right, wrapping to a new row; (elements, bottom y)."""
    out, x, y = [], left, top
    for i, name in enumerate(names):
        w = 14 + text_width(name, LABEL) + 18
        if x > left and x + w > width:
            x, y = left, y + LABEL * LINE
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="10" height="10" fill="{COLOURS[i % len(COLOURS)]}"/>'
                   + _text(x + 14, y + 10, name, LABEL))
        x += w
    return out, y + LABEL * LINE


def bar_chart(title: str, categories: list[str], series: list[tuple[str, list[float]]],
              height: int = 240) -> str:
    """Grouped vertical bars: one group per category, one bar per series."""
    if not categories or not series:
        return ""
    n_series = len(series)
    widest_value = max(text_width(_num(v), VALUE) for _, vals in series for v in vals)
    bar_w = max(16.0, widest_value + 4)  # a value label never spills onto the next bar
    # wide enough for a short label on one line (a long one wraps onto two)
    label_w = min(max(text_width(c, LABEL) for c in categories) + 12, 7 * LABEL)
    group_w = max(bar_w * n_series + 14, label_w, 56.0)
    left = 12
    width = max(left + group_w * len(categories) + 12, text_width(title, TITLE) + 2 * left, 320.0)
    legend, legend_bottom = _legend([name for name, _ in series], left, TITLE * LINE + 10, width - left)
    top = legend_bottom + VALUE * LINE + 4
    label_lines = [fit_lines(cat, group_w - 6, LABEL) for cat in categories]
    bottom = 8 + LABEL * LINE * max(len(lines) for lines in label_lines)
    plot_h = max(80, height - top - bottom)
    height = top + plot_h + bottom
    peak = max([v for _, vals in series for v in vals] + [1])
    base_y = top + plot_h
    out = [_text(left, TITLE * 1.2, title, TITLE, bold=True), *legend,
           f'<line x1="{left}" y1="{base_y}" x2="{width - left:.1f}" y2="{base_y}" stroke="#767676"/>']
    for c, cat in enumerate(categories):
        gx = left + c * group_w + (group_w - bar_w * n_series) / 2
        for s, (name, values) in enumerate(series):
            v = values[c]
            h = v * plot_h / peak
            x = gx + s * bar_w
            out.append(f'<rect x="{x + 1:.1f}" y="{base_y - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                       f'fill="{COLOURS[s % len(COLOURS)]}"><title>{escape(cat)} {escape(name)}：{_num(v)}</title></rect>')
            out.append(_text(x + bar_w / 2, base_y - h - 4, _num(v), VALUE, "middle"))
        cx = left + c * group_w + group_w / 2
        for k, line in enumerate(label_lines[c]):
            out.append(_text(cx, base_y + 4 + LABEL * (LINE * k + 1.1), line, LABEL, "middle"))
    return _svg(title, width, height, out)


def hbar_chart(title: str, rows: list[tuple[str, float]], width: int = SHRINK_MAX) -> str:
    """Horizontal bars, e.g. a leaderboard; labels beyond a third of the width are shortened."""
    if not rows:
        return ""
    row_h, top = LABEL * LINE + 6, TITLE * LINE + 8
    left = min(width / 3, max(text_width(label, LABEL) for label, _ in rows) + 12)
    width = max(width, text_width(title, TITLE) + 8)
    widest_value = max(text_width(_num(v), VALUE) for _, v in rows)
    height = top + row_h * len(rows) + 8
    peak = max([v for _, v in rows] + [1])
    scale = (width - left - widest_value - 12) / peak
    out = [_text(4, TITLE * 1.2, title, TITLE, bold=True)]
    for i, (label, v) in enumerate(rows):
        y = top + i * row_h
        shown = fit_lines(label, left - 12, LABEL, lines=1)[0]
        baseline = y + row_h / 2 + LABEL * 0.35
        out.append(f'<g><title>{escape(label)}：{_num(v)}</title>' + _text(left - 6, baseline, shown, LABEL, "end")
                   + f'<rect x="{left:.1f}" y="{y + 4:.1f}" width="{v * scale:.1f}" height="{row_h - 8:.1f}" fill="{COLOURS[0]}"/>'
                   + _text(left + v * scale + 4, baseline, _num(v), VALUE) + "</g>")
    return _svg(title, width, height, out)


def figure(svg: str) -> str:
    """Embed as a raw HTML block in generated Markdown."""
    return raw(f'<div class="qc-figure">\n{svg}\n</div>') if svg else ""
