"""Contributor bodies of plain text skip Python-Markdown (markdown_plain.py, validation/rendered.py).

The shortcut must give exactly Python-Markdown's HTML, or decline. Three kinds of case: bodies as
employees write them (the shortcut must be taken, else it saves nothing), bodies one character
away from plain (each construct Markdown or an extension acts on: it may decline, never differ),
and thousands of random bodies built from plain and special pieces.
"""

from __future__ import annotations

import random

import pytest

from generator.markdown_text import unit_numbers
from generator.validation import rendered
from generator.validation.rendered import _python_markdown, plain_html, render_markdown

WRITTEN = [
    # the shape of a 课题 body: headings, a paragraph per line, numbered measures
    "## 背景\n\n月均超温次数是#1机组（200 MW）安全运行的一项重要指标。据近11个月统计，月均超温次数为 6.3 次。\n\n"
    "## 措施\n\n1. 经方案比选和专家论证后，调整二次风配风方式为正宝塔型。\n2. 结合检修计划，校验A侧烟温测点。\n"
    "3. 导师全程带教，做到“老带新、新促老”。\n\n## 成效\n\n经济效益约 12.5 万元/年（按 2 700 h 核定，130 吨 × 960 元/吨）。",
    # a studio's description: paragraphs only, one wrapped over two lines
    "工作室成立于 2018 年，现有成员 12 人，其中高级技师 3 人。\n主要方向：汽轮机振动分析、阀门检修工艺。\n\n"
    "近三年完成课题 9 项，获国家实用新型专利 4 项。",
    # headings repeated across sections, Latin words and digits in headings
    "# 一、背景\n\n正文。\n\n# 二、DCS 逻辑优化\n\n正文。\n\n# 一、背景\n\n再一段。",
    # an experience article with a question and a colon
    "## 问题\n\n为什么 3 号给水泵（FW-3）振动超标？\n\n## 做法\n\n检查步骤：先测轴承座，再测基础。",
    # a character reference, as the importer writes a bracket
    "参考 GB/T 1234&#8212;2020 &#91;1&#93;。",
]

NEAR_PLAIN = [
    "**加粗**的成效", "*强调*", "_下划线_", "`代码`", "[链接](http://example.com)", "![图](a.png)",
    "<b>标签</b>", "a &amp; b", "&copy; 2021", "约 10~20 万元", "~~删除~~", "$q = Q / P$", "$$x$$",
    "| 项目 | 值 |\n| --- | --- |\n| a | 1 |", "> 引用", "- 条目\n- 条目", "* 条目", "+ 条目",
    "1) 条目", "2. 从二开始", "1. 一\n3. 三", "1. 一\n续行", "正文\n1. 紧接列表", "标题\n===", "标题\n---",
    "***", "- - -", "    缩进代码", "\t制表符", "　　全角缩进的段落", "段落　中间全角空格", "行尾两空格  \n下一行",
    "行尾一空格 ", " 行首空格", "??? note\n    折叠", "!!! note\n    提示", "```\ncode\n```", "~~~\ncode\n~~~",
    "[^1]\n\n[^1]: 脚注", "[x]: http://example.com", "[TOC]", "- [ ] 任务", "## 标题 ##", "## 标题 #1",
    "####### 七级", "#没有空格", "#1机组开头的段落", "## ", "##", "# &amp; 实体标题", "a\u2028b", "a\x0bb",
    "a\rb", "a\x02b\x03", "a\\b", "a{b}c", "a^b", "a=b", "a|b", "a!b", "问号???开头\n\n???", "1.5 万元",
    "2023. 年份开头", "=等号开头", "段落\n\n\n\n多个空行", "\n\n前导空行", "结尾空行\n\n", "",
    "## 标题\n紧接段落", "段落\n## 紧接标题", "# 。", "# !!!", "# 1", "# ---", "# a  b",
    "标题\n-", "1. 一\n\n1. 二", "1. 一\n\n2. 二", "1. 一\n\n段落", "1. #1机组",
]


@pytest.mark.parametrize("body", WRITTEN)
def test_bodies_as_written_take_the_shortcut_and_match(body):
    text = unit_numbers(body)
    assert plain_html(text) is not None, "a body as employees write it should not need Python-Markdown"
    assert plain_html(text) == _python_markdown(text).html


@pytest.mark.parametrize("body", NEAR_PLAIN)
def test_one_construct_away_from_plain_never_differs(body):
    text = unit_numbers(body)
    made = plain_html(text)
    assert made is None or made == _python_markdown(text).html, made


def test_random_bodies_never_differ():
    plain = ["背景", "措施", "成效", "#1机组", "200 MW", "12.5 万元", "“老带新”", "A侧", "Test", "3", "。", "，",
             "&#91;", "-", ":", "(", ")", "?", " "]
    special = ["*", "_", "`", "~", "$", "&amp;", "<", "|", "=", "!", "#", "\\", "  ", "　", "\t", "[", "]"]
    starts = ["", "", "", "", "# ", "## ", "###### ", "1. ", "2. ", "- ", "> ", "    ", "#", "???", " "]
    rng = random.Random(20261201)
    taken = 0
    for _ in range(6000):
        lines = [rng.choice(starts) + "".join(rng.choice(special if rng.random() < 0.05 else plain)
                                              for _ in range(rng.randint(1, 6)))
                 for _ in range(rng.randint(1, 6))]
        text = unit_numbers("".join(line + rng.choice(["\n", "\n\n", "\n\n\n"]) for line in lines))
        made = plain_html(text)
        if made is not None:
            taken += 1
            assert made == _python_markdown(text).html, repr(text)
    assert taken > 300  # the generator does produce plain bodies: the comparison is not vacuous


def test_render_markdown_is_the_same_with_the_shortcut_off(monkeypatch):
    for body in WRITTEN + NEAR_PLAIN:
        fast = render_markdown.__wrapped__(body)
        with monkeypatch.context() as m:
            m.setattr(rendered, "plain_trusted", lambda: False)
            slow = render_markdown.__wrapped__(body)
        assert fast == slow, body


def test_a_markdown_that_writes_differently_turns_the_shortcut_off(monkeypatch):
    """Another version of Python-Markdown or pymdownx: the probe disagrees, every body goes the
    ordinary way (and comes out as that version writes it)."""
    real = _python_markdown

    def other_version(text):
        made = real(text)
        return rendered.Rendered(made.html.replace("<p>", '<p class="v2">'), made.raw_html, made.links)

    rendered.plain_trusted.cache_clear()
    monkeypatch.setattr(rendered, "_python_markdown", other_version)
    try:
        assert not rendered.plain_trusted()
        assert render_markdown.__wrapped__(WRITTEN[1]).html.startswith('<p class="v2">')
    finally:
        rendered.plain_trusted.cache_clear()


def test_raw_blocks_are_cut_out_as_the_regex_defines_them():
    """plugins.RawPassthrough finds each generated HTML block by str.find: on random documents of
    markers (whole, cut short, nested, back to back, never closed) and text, the blocks and the
    Markdown left are those of the definition, the DOTALL regex OPEN\\n(.*?)\\nCLOSE."""
    import re
    from types import SimpleNamespace

    from generator.site.markup import RAW_CLOSE, RAW_OPEN
    from generator.site.plugins import RawPassthrough

    raw = RawPassthrough()
    block = re.compile(re.escape(RAW_OPEN) + r"\n(.*?)\n" + re.escape(RAW_CLOSE), re.S)
    pieces = [RAW_OPEN, RAW_CLOSE, RAW_OPEN[:-3], RAW_CLOSE[1:], "\n", "\n\n", "<table>", "正文", "x", " "]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        expected_blocks: list[str] = []

        def stash(m, found=expected_blocks):
            found.append(m.group(1))
            return f"\n\nQCRAW{raw.nonce}-{len(found) - 1}QC\n\n"

        expected = block.sub(stash, text)
        page = SimpleNamespace()
        assert raw.on_page_markdown(text, page) == expected, repr(text)
        assert page.qc_raw_blocks == expected_blocks, repr(text)
