"""Unit numbers such as “#1机组” at the start of a line stay text in every renderer."""

from __future__ import annotations

import re
from pathlib import Path

from generator.markdown_text import unit_numbers
from generator.site.markup import render_body


def test_unit_number_lines_are_paragraphs_not_headings():
    html = render_body("## 背景\n\n#1机组（200 MW）主变压器油色谱异常。\n\n```\n#2炉 代码块里不动\n```\n")
    import re

    assert re.findall(r"<h\d", html) == ["<h3"]  # only 背景 (bodies start at level 3 on a page)
    assert "<p>#1机组（200 MW）主变压器油色谱异常。</p>" in html
    assert "#2炉 代码块里不动" in html


def test_unit_numbers_leaves_real_headings_alone():
    assert unit_numbers("# 标题\n#1锅炉\n### 小节") == "# 标题\n\\#1锅炉\n### 小节"


def test_formulas_are_drawn_at_build_time():
    html = render_body("热量 $Q = c m \\Delta t$。\n\n$$\\frac{a}{b}$$\n\n中文公式 $\\text{效率}$ 保留原样")
    assert html.count("<svg") == 2 and "\\(Q" not in html and "\\[" not in html
    assert "\\text{效率}" in html  # the formula font has no Chinese: kept as TeX, not dropped
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_anthology_keeps_numbers_with_their_units():
    from generator.anthology.body import render
    from generator.anthology.math import Formulas

    nodes = render("设定为 560 ℃，负荷 80～110 MW，`5 mm` 与 5 mmol", "x.md", Path("."), Formulas(), "a", False)
    boxes = [n["c"][0] for n in nodes[0]["c"] if isinstance(n, dict) and n["t"] == "nb"]
    assert "560 ℃" in boxes and "80～110 MW" in boxes  # unbreakable in print
    assert {"t": "code", "text": "5 mm"} in nodes[0]["c"]  # code is left as written
    assert "5 m" not in boxes and "5 mmol" in boxes  # a unit is taken whole, never a prefix of a word
