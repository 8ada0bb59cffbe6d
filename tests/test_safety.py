"""Unsafe Markdown and metadata, and personal numbers (HAZARDS.md: Markdown/HTML, Privacy)."""

from __future__ import annotations

import pytest

from generator.loading.source import Source
from generator.validation.identifiers import (
    mobile_numbers,
    parse_patent_no,
    patent_check_digit,
    resident_id_numbers,
)
from generator.validation.safety import check_safety, scan_markdown

REL = "content/projects/2021/KT-2021-001.md"


def md_codes(body: str, attachments=frozenset()):
    src = Source(rel=REL, kind=None)
    return [i.code for i in scan_markdown(src, body, 1, set(attachments))]


UNSAFE = [
    ("<script>alert(1)</script>", "unsafe-html"),
    ("<img src=x onerror=alert(1)>", "unsafe-html"),
    ("<iframe src=//evil></iframe>", "unsafe-html"),
    ('<svg onbegin="alert(1)">', "unsafe-html"),
    ("<sup onclick=x>1</sup>", "unsafe-html"),
    ("[x](javascript:alert(1))", "unsafe-link"),
    ("[x]( JaVaScRiPt:alert(1))", "unsafe-link"),
    ("[x](java&#115;cript:alert(1))", "unsafe-link"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "unsafe-link"),
    ("[x]: vbscript:msgbox", "unsafe-link"),
    ("<javascript:alert(1)>", "unsafe-link"),
    ('段落\n{: onclick="alert(1)" }', "unsafe-attr"),
    ("![x](http://cdn.example.com/a.png)", "image-outside"),
    ("![x](../../../../etc/passwd.png)", "image-outside"),
    ("![x](KT-2021-001/missing.png)", "attachment-missing"),
]
SAFE = [
    "压力 < 0.5 MPa 时报警，温度 > 540 ℃ 时跳闸",
    "换行<br>与上标 H<sub>2</sub>O、10<sup>3</sup>",
    "```html\n<script>代码示例</script>\n```",
    "行内代码 `<b>` 不是标签",
    "公式 $a<b$ 与 $$x<y$$",
    "$$\n\\frac{a}{b} < c\n$$",
    "[国家知识产权局](https://www.cnipa.gov.cn/) 与 <https://example.com>",
    "![图1](KT-2021-001/图1.svg)",
]
BODIES = [payload for payload, _ in UNSAFE] + SAFE  # also through the renderer: test_hostile_corpus


@pytest.mark.parametrize("payload, code", UNSAFE)
def test_payloads_are_reported(payload, code):
    assert code in md_codes(payload)


@pytest.mark.parametrize("text", SAFE)
def test_safe_markdown_passes(text):
    assert md_codes(text, {"content/projects/2021/KT-2021-001/图1.svg"}) == []


def test_html_in_plain_metadata_and_markdown_preface():
    src = Source(rel="content/anthology/2021.yml", kind=None, text="x",
                 data={"title": "<script>x</script>", "name": "温度>500℃", "preface": "序<iframe>"},
                 lines={("title",): 3, ("name",): 4, ("preface",): 5})
    found = [(i.code, i.line) for i in check_safety(src, set())]
    assert ("html-in-text", 3) in found and ("unsafe-html", 6) in found
    assert not any(line == 4 for _, line in found)


def test_patent_check_digit_and_type():
    assert patent_check_digit("202120123456") == "2"
    assert parse_patent_no("202120123456.2") == (2021, "2", "202120123456")
    assert parse_patent_no("CN 2021 1 0123456.X") == (2021, "1", "202110123456")
    assert parse_patent_no("2021-123") is None


def test_resident_id_needs_valid_checksum_and_birth_date():
    assert resident_id_numbers("号码 11010519491231002X。") == [(3, "110105********002X")]
    assert resident_id_numbers("110105194912310021") == []  # wrong check digit
    assert resident_id_numbers("110105194913310028") == []  # month 13


@pytest.mark.parametrize("text", [
    "申请号 202120123456.2，专利号 ZL202120123456.2",
    "DOI: 10.13334/j.0258-8013.pcsee.201234",
    "工号 QD13812345678 与登记号 2021SR1234567",
    "编号 KT-2021-017，金额 13800000000.5 元",
])
def test_other_numbers_are_not_personal_data(text):
    assert resident_id_numbers(text) == [] and mobile_numbers(text) == []


@pytest.mark.parametrize("text", ["电话 13912345678", "手机：139-1234-5678", "+86 139 1234 5678"])
def test_mobile_numbers_in_any_format(text):
    assert [m for _, m in mobile_numbers(text)] == ["139****5678"]


def test_fullwidth_digits_are_not_a_patent_number():
    assert parse_patent_no("２０２１２０１２３４５６.２") is None


@pytest.mark.parametrize("text, masked", [("电话 0335-3456789", "0335-****6789"), ("(0335) 3456789", "0335-****6789"),
                                          ("010-62345678", "010-****5678")])
def test_landlines_are_personal_data(text, masked):
    from generator.validation.identifiers import landline_numbers

    assert [m for _, m in landline_numbers(text)] == [masked]


@pytest.mark.parametrize("text", ["DL/T 5190.1-2012", "2021-03-01", "0.05-0.10 MPa", "GB 13223-2011"])
def test_standards_and_dates_are_not_phones(text):
    from generator.validation.identifiers import landline_numbers

    assert landline_numbers(text) == []


def test_a_link_with_a_tab_in_its_scheme_is_reported_at_its_own_line():
    """Python-Markdown expands the tab to spaces in the destination it reports."""
    src = Source(rel=REL, kind=None)
    body = "## 背景\n\n" + "一段。\n\n" * 70 + "[x](java\tscript:alert(1))\n"
    found = [(i.code, i.line) for i in scan_markdown(src, body, 42, set())]
    assert found == [("unsafe-link", 42 + body.count("\n") - 1)], found


@pytest.mark.parametrize("body", ["``<script>alert(102)</script>``", "a ``<script>alert(102)</script>`` b",
                                  "``` ``<script>alert(102)</script>`` ```", "- ``<b onclick=x>粗</b>``"])
def test_double_backtick_code_spans_are_code(body):
    assert md_codes(body + "\n") == []


def test_personal_numbers_at_line_edges_are_reported_at_their_lines():
    """Numbers that start or end a line, numbers on neighbouring lines, and a line with both an
    ID and a phone (the ID is reported; its phone is the same person's record)."""
    text = ("title: 课题\n"
            "13912345678\n"  # a whole line
            "contact: 0335-3456789\n"
            "13812345678 与 110105194912310021\n"  # wrong check digit: not an ID, so the mobile counts
            "身份证 11010519491231002X 电话 13712345678\n"
            "2021-03-01\n"
            "末行 +86 139 1234 5678")
    src = Source(rel=REL, kind=None, text=text)
    found = [(i.code, i.line) for i in check_safety(src, set())]
    assert found == [("pii-mobile", 2), ("pii-phone", 3), ("pii-mobile", 4), ("pii-id-number", 5), ("pii-mobile", 7)]
