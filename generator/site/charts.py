"""Charts drawn at build time as inline SVG: no script, no request, Chinese labels as text."""

from __future__ import annotations

from html import escape

from .markup import raw

COLOURS = ["#3f51b5", "#ff9800", "#4caf50", "#e91e63", "#00bcd4", "#795548"]


def _num(v: float) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def bar_chart(title: str, categories: list[str], series: list[tuple[str, list[float]]],
              height: int = 220) -> str:
    """Grouped vertical bars: one group per category, one bar per series."""
    if not categories or not series:
        return ""
    n_series = len(series)
    group_w = max(40, 18 * n_series + 16)
    left, top, bottom = 40, 52, 46
    width = max(left + group_w * len(categories) + 10, left + 110 * n_series)
    peak = max([v for _, vals in series for v in vals] + [1])
    scale = (height - top - bottom) / peak
    base_y = height - bottom
    out = [f'<svg class="qc-chart" role="img" xmlns="http://www.w3.org/2000/svg" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
           f'<title>{escape(title)}</title>',
           f'<text x="{left}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
           f'<line x1="{left}" y1="{base_y}" x2="{width - 5}" y2="{base_y}" stroke="#999"/>']
    for i, (name, _) in enumerate(series):  # legend
        x = left + i * 110
        out.append(f'<rect x="{x}" y="22" width="10" height="10" fill="{COLOURS[i % len(COLOURS)]}"/>'
                   f'<text x="{x + 14}" y="31" font-size="11">{escape(name)}</text>')
    bar_w = (group_w - 16) / n_series
    for c, cat in enumerate(categories):
        gx = left + c * group_w + 8
        for s, (_, values) in enumerate(series):
            v = values[c]
            h = v * scale
            x = gx + s * bar_w
            out.append(f'<rect x="{x:.1f}" y="{base_y - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                       f'fill="{COLOURS[s % len(COLOURS)]}"><title>{escape(cat)} {escape(series[s][0])}：{_num(v)}</title></rect>')
            out.append(f'<text x="{x + (bar_w - 2) / 2:.1f}" y="{base_y - h - 3:.1f}" font-size="10" '
                       f'text-anchor="middle">{_num(v)}</text>')
        out.append(f'<text x="{gx + (group_w - 16) / 2:.1f}" y="{base_y + 16}" font-size="11" '
                   f'text-anchor="middle">{escape(cat)}</text>')
    out.append("</svg>")
    return "".join(out)


def hbar_chart(title: str, rows: list[tuple[str, float]], width: int = 560) -> str:
    """Horizontal bars, e.g. a leaderboard."""
    if not rows:
        return ""
    left, row_h, top = 150, 22, 28
    height = top + row_h * len(rows) + 8
    peak = max([v for _, v in rows] + [1])
    scale = (width - left - 50) / peak
    out = [f'<svg class="qc-chart" role="img" xmlns="http://www.w3.org/2000/svg" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
           f'<title>{escape(title)}</title>',
           f'<text x="4" y="16" font-size="13" font-weight="bold">{escape(title)}</text>']
    for i, (label, v) in enumerate(rows):
        y = top + i * row_h
        out.append(f'<text x="{left - 6}" y="{y + 14}" font-size="11" text-anchor="end">{escape(label)}</text>'
                   f'<rect x="{left}" y="{y + 3}" width="{v * scale:.1f}" height="{row_h - 6}" fill="{COLOURS[0]}"/>'
                   f'<text x="{left + v * scale + 4:.1f}" y="{y + 14}" font-size="10">{_num(v)}</text>')
    out.append("</svg>")
    return "".join(out)


def figure(svg: str) -> str:
    """Embed as a raw HTML block in generated Markdown."""
    return raw(f'<div class="qc-figure">\n{svg}\n</div>') if svg else ""
