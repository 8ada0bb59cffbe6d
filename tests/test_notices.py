"""公示: open / closed by date, on the home page only while open, the list and the objection
contact on its page, contributor text escaped, and the page printed by Chromium on A4."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader

from browser import Page, serve
from conftest import FIXTURES, make_root
from generator.site.context import Site
from generator.site.home import home_page
from generator.site.notices import build_notices
from generator.validation import validate

NOTICE = """\
id: GS-2022-001
title: 2022年第一批创新课题立项公示
year: 2022
type: 立项
posted: 2022-03-02
until: 2022-03-08
projects: [KT-2022-001]
contact: QD10004
place: 工会办公室（办公楼 305 室）
issuer: 秦皇岛发电有限责任公司工会
note: {note}
"""


def kb_with_notice(tmp_path, note="经评审，拟立项以下课题，现予公示。", extra=None):
    root = make_root(tmp_path)
    folder = root / "content/notices"
    folder.mkdir()
    (folder / "GS-2022-001.yml").write_text(NOTICE.format(note=note), encoding="utf-8")
    for rel, text in (extra or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    result = validate(root)
    assert result.report.ok, [(i.code, i.path, i.message) for i in result.report.issues if i.severity == "error"]
    return root, result.kb


def pages_on(kb, day: date) -> dict[str, str]:
    site = Site(kb=kb, ref_date=day)
    return build_notices(site).pages | {"index.md": home_page(site)}


@pytest.mark.parametrize("day, state, on_home", [
    (date(2022, 3, 1), "未开始", False),
    (date(2022, 3, 2), "公示中", True),
    (date(2022, 3, 8), "公示中", True),  # the last day counts
    (date(2022, 3, 9), "已结束", False),
])
def test_notice_is_open_only_during_its_period(tmp_path, day, state, on_home):
    _, kb = kb_with_notice(tmp_path)
    pages = pages_on(kb, day)
    assert f'data-state="{state}"' in pages["notices/GS-2022-001.md"]
    assert ("notices/GS-2022-001.html" in pages["index.md"]) is on_home
    assert state in pages["notices/index.md"]


def test_notice_page_has_period_list_and_whom_to_object_to(tmp_path):
    _, kb = kb_with_notice(tmp_path)
    page = pages_on(kb, date(2022, 3, 3))["notices/GS-2022-001.md"]
    assert "公示期：2022-03-02 至 2022-03-08" in page
    assert "KT-2022-001" in page and "汽机润滑油系统滤网在线切换装置研制" in page
    assert "工会办公室（办公楼 305 室）" in page and "赵建国" in page  # QD10004's name, never a phone number


def test_award_notice_lists_the_ranking_result(tmp_path):
    support = (FIXTURES.parent / "support" / "PX-2021-001.yml").read_text(encoding="utf-8").replace(
        "experts: [QD10001, QD10004]", "experts: [QD10004]")  # the one expert's sheet is in: a final ranking
    sheet = ("id: PF-2021-001\nselection: PX-2021-001\nyear: 2021\nexpert: QD10004\ndate: 2021-12-10\n"
             "scores:\n  KT-2021-001: {创新性: 8, 实用性: 8, 经济效益: 8, 推广价值: 8}\n")
    notice = NOTICE.format(note="评选结果").replace("type: 立项", "type: 评奖").replace(
        "projects: [KT-2022-001]", "selections: [PX-2021-001]").replace("GS-2022-001", "GS-2022-002")
    _, kb = kb_with_notice(tmp_path, extra={"content/selections/2021/PX-2021-001.yml": support,
                                            "content/scores/2021/PF-2021-001.yml": sheet,
                                            "content/notices/GS-2022-002.yml": notice})
    page = pages_on(kb, date(2022, 3, 3))["notices/GS-2022-002.md"]
    assert "一等奖" in page and "降低1号炉低温再热器管壁超温次数" in page
    assert "KT-2022-001" not in page  # nobody scored it: no award, not listed


def test_notice_text_is_escaped(tmp_path):
    _, kb = kb_with_notice(tmp_path, note="'[点此提出异议](javascript:alert(1)) **加粗**'")
    page = pages_on(kb, date(2022, 3, 3))["notices/GS-2022-001.md"]
    assert "](javascript" not in page and "**加粗**" not in page


def test_notice_prints_on_a4_without_the_portal_chrome(tmp_path, browser):
    from generator.site.build import Progress, build_site

    root, _ = kb_with_notice(tmp_path)
    out = root / "site"
    build_site(root, out=out, progress=Progress(enabled=False), pdf=False)
    with serve(out) as base:
        page = Page(browser.new_page())
        page.page.goto(base + "notices/GS-2022-001.html")
        page.page.emulate_media(media="print")
        assert not page.page.locator(".md-header").is_visible()
        assert not page.page.locator(".md-sidebar--primary").is_visible()
        assert page.page.locator("h1").inner_text() == "2022年第一批创新课题立项公示"
        pdf = PdfReader(io.BytesIO(page.page.pdf(prefer_css_page_size=True)))
        assert page.external_requests() == [] and page.errors == []
    box = pdf.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    assert len(pdf.pages) == 1
    text = unicodedata.normalize("NFKC", pdf.pages[0].extract_text())  # CJK fonts map some glyphs to radicals
    assert "公示期" in text and "工会办公室" in text and "成果检索" not in text  # no header search box


def test_project_page_names_its_notice_in_chinese_and_links_it(tmp_path):
    _, kb = kb_with_notice(tmp_path)
    from generator.site.pages import backrefs

    related = backrefs(Site(kb=kb, ref_date=date(2022, 3, 3)), "KT-2022-001", "projects/KT-2022-001.md")
    assert "<strong>公示</strong>" in related and "notice：" not in related
    assert "<a href=\"../notices/GS-2022-001.html\">2022年第一批创新课题立项公示</a>" in related


def test_reference_day_is_the_beijing_date():
    from datetime import UTC, datetime

    from generator.site.publish import reference_day

    # 2022-03-01 16:30 UTC is 2022-03-02 00:30 in Beijing: a notice posted 03-02 is already open
    assert reference_day(int(datetime(2022, 3, 1, 16, 30, tzinfo=UTC).timestamp())) == date(2022, 3, 2)
    assert reference_day(int(datetime(2022, 3, 1, 15, 59, tzinfo=UTC).timestamp())) == date(2022, 3, 1)
