"""合理化建议 and “五小”成果 on the built portal: entry pages, listings with 导出本页, the search page
in a real browser, CSV/JSON/xlsx exports, the monthly bulletin and the dashboard.

The knowledge base is test_proposals.py's (tests/kb_small, its own proposals replaced by one of each decision);
every figure expected here is counted by hand from those six files.
"""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from test_proposals import FILES, PROJECT, own_proposals_only, write

from browser import Page, serve
from conftest import make_root
from generator.site.build import Progress, build_site


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    root = own_proposals_only(make_root(tmp_path_factory.mktemp("proposals")))
    for rel, text in FILES.items():
        write(root, rel, text)
    project = (root / PROJECT).read_text(encoding="utf-8")
    write(root, PROJECT, project.replace("status: 实施\n", "status: 实施\norigin: HL-2022-003\n", 1))
    out = root / "site"
    build_site(root, out=out, progress=Progress(enabled=False), pdf=False)
    return out


def page(out, rel) -> BeautifulSoup:
    return BeautifulSoup((out / rel).read_text(encoding="utf-8"), "html.parser")


def text(out, rel) -> str:
    return " ".join(page(out, rel).select_one("article").get_text(" ").split())


def test_entry_page_shows_problem_proposal_decision_and_links(portal):
    body = text(portal, "suggestions/HL-2022-001.html")
    for shown in ("磨煤机出口温度测点加装防磨套管", "平均三个月就要更换一次", "耐磨陶瓷防磨套", "采纳",
                  "2022-03-25", "已在 1、2 号炉四台磨煤机实施", "1.2", "年少更换套管", "200", "设备检修"):
        assert shown in body, shown
    links = {a.get_text(): a["href"] for a in page(portal, "suggestions/HL-2022-001.html").select("article a")}
    assert links["王志刚"].endswith("people/QD10002.html") and links["李晓雨"].endswith("people/QD10003.html")
    assert links["锅炉分场分基地"].endswith("bases/FJD-01.html")
    assert "栈桥属粉尘场所" in text(portal, "suggestions/HL-2022-002.html")  # the reason of a rejection
    to_project = page(portal, "suggestions/HL-2022-003.html").select("article a")
    assert any(a["href"].endswith("projects/KT-2022-001.html") for a in to_project)
    # and back: the project shows where it came from, the proposer's page lists the proposal
    assert any(a["href"].endswith("suggestions/HL-2022-003.html")
               for a in page(portal, "projects/KT-2022-001.html").select("article a"))
    assert any(a["href"].endswith("suggestions/HL-2022-001.html")
               for a in page(portal, "people/QD10003.html").select("article a"))
    assert "小革新" in text(portal, "wuxiao/WX-2022-001.html")


def test_listings_list_every_proposal_with_export_links(portal):
    listed = {a["href"].rsplit("/", 1)[-1] for a in page(portal, "suggestions/list-all.html").select("article table a")}
    assert {f"HL-2022-00{n}.html" for n in range(1, 5)} <= listed
    overview = page(portal, "suggestions/index.html")
    assert "共 4 项" in overview.get_text()
    exports = overview.select_one(".qc-export") or page(portal, "suggestions/list-all.html").select_one(".qc-export")
    assert exports is not None and "导出本页" in exports.get_text()
    targets = [a["href"] for a in exports.select("a")]
    assert any(t.endswith("exports/suggestion.csv") for t in targets)
    wuxiao = {a["href"].rsplit("/", 1)[-1] for a in page(portal, "wuxiao/list-all.html").select("article table a")}
    assert {"WX-2022-001.html", "WX-2022-002.html"} <= wuxiao


def test_exports_hold_every_field(portal):
    rows = list(csv.DictReader(io.StringIO((portal / "exports/suggestion.csv").read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in rows] == ["HL-2022-001", "HL-2022-002", "HL-2022-003", "HL-2022-004"]
    assert rows[1]["decision"] == "不采纳" and "粉尘" in rows[1]["reason"]
    data = json.loads((portal / "exports/wuxiao.json").read_text(encoding="utf-8"))
    assert [(d["id"], d["category"], d["bonus"]) for d in data] == [("WX-2022-001", "小革新", 300),
                                                                    ("WX-2022-002", "小发明", None)]
    book = load_workbook(portal / "exports/qinchuang-data.xlsx")
    sheet = book["合理化建议"]
    header = [c.value for c in sheet[1]]
    values = {h: c.value for h, c in zip(header, sheet[2], strict=True)}
    assert values["建议编号"] == "HL-2022-001" and values["评审结论"] == "采纳" and values["奖金（元）"] == 200
    assert values["提出人姓名"] == "王志刚、李晓雨" and values["提出人工号"] == "QD10002、QD10003"
    assert values["经济效益（万元/年）"] == 1.2 and str(values["实施情况·实施日期"])[:10] == "2022-04-20"
    assert "五小成果" in book.sheetnames


def test_bulletin_tells_this_months_proposals_adoptions_and_projects(portal):
    march = text(portal, "bulletins/2022-03.html")
    # proposed in March 2022: HL-2022-001 (3-08), HL-2022-002 (3-15), WX-2022-001 (3-28)
    for title in ("磨煤机出口温度测点加装防磨套管", "输煤栈桥加装暖风机", "一种阀门手轮加力扳手"):
        assert title in march, title
    sections = [h.get_text() for h in page(portal, "bulletins/2022-03.html").select("article h2")]
    adopted = next(s for s in sections if "采纳" in s)
    assert adopted
    february = text(portal, "bulletins/2022-02.html")  # HL-2022-003 turned into KT-2022-001 on 2-10
    assert "润滑油滤网改为在线切换" in february and "转为课题" in february


def test_dashboard_counts_per_month_base_head_and_adoption(portal):
    dash = page(portal, "dashboards/proposals.html")
    body = " ".join(dash.select_one("article").get_text(" ").split())
    # six proposals; decided five (HL-004 pending); adopted or turned into a project: HL-001, HL-003,
    # WX-001 = 3 of 5 = 60 %; one 转为课题; bonuses 200 + 100 + 300 = 600 元
    assert "60%" in body and "600" in body
    tables = [[[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in t.select("tr")]
              for t in dash.select("article table")]
    by_month = next(t for t in tables if t[0][0] == "月份")
    months = {r[0]: r for r in by_month[1:]}
    assert months["2022-03"][1:3] == ["2", "1"]  # 合理化建议 2, 五小 1
    assert months["2022-01"][1:3] == ["1", "0"] and months["2022-06"][1:3] == ["0", "1"]
    by_base = next(t for t in tables if t[0][0] == "分基地")
    header = by_base[0]
    per_head = next(i for i, h in enumerate(header) if "人均" in h)
    assert "人员条目" in " ".join(header) or "人员条目" in body  # the denominator says what it is
    rows = {r[0]: r for r in by_base[1:]}
    # FJD-01: HL-001, WX-001, WX-002 by 3 people in kb_small; FJD-02: HL-002, HL-003, HL-004 by 3
    assert rows["锅炉分场分基地"][per_head] == "1.00" and rows["汽机分场分基地"][per_head] == "1.00"
    assert dash.select("article svg"), "the monthly chart"


def test_search_page_finds_proposals_by_problem_and_proposal_words(portal, browser):
    with serve(portal) as base:
        for query, expected in (("暖风机", "输煤栈桥加装暖风机"), ("陶瓷防磨套", "磨煤机出口温度测点加装防磨套管"),
                                ("手轮 打滑", "一种阀门手轮加力扳手"), ("洗眼器", "化学加药间增设洗眼器")):
            p = Page(browser.new_page())
            p.page.goto(f"{base}search.html?q={quote(query)}")
            p.page.wait_for_selector("#qc-search[data-state=done]", timeout=15_000)
            titles = [a.inner_text() for a in p.page.query_selector_all(".qc-hit > a")]
            assert titles and titles[0] == expected, (query, titles)
            assert p.errors == [] and p.external_requests() == []
            p.page.close()


def test_ledger_lists_proposals_benefits_apart_and_unconfirmed(portal):
    """HL-2022-001's 1.2 万元/年 (the only proposal with a benefit) is on the ledger page, in its own group."""
    soup = page(portal, "dashboards/benefits.html")
    h = next(h for h in soup.select("h2") if h.get_text().startswith("合理化建议与"))
    assert "未核实" in h.get_text() and "不计入" in h.get_text()
    rows = [[c.get_text(" ", strip=True) for c in tr.select("td")] for tr in h.find_next("table").select("tbody tr")]
    assert [r[0] for r in rows] == ["磨煤机出口温度测点加装防磨套管"]
    assert rows[0][2:4] == ["1.2", "年少更换套管 16 次 × 750 元"]
    headline = soup.select_one("article strong").get_text()
    assert "已核实效益 0 万元" in headline or "1.2" not in headline  # never added to the audited figure


def test_search_by_the_kinds_full_names(portal, browser):
    """“合理化建议 …” and “五小成果 …” as a worker types them (issue 19, finding 5): the full names of the
    kinds name the kind, like “建议” and “五小” do, instead of being words every entry must contain."""
    with serve(portal) as base:
        for query, first, folder in (("合理化建议 暖风机", "输煤栈桥加装暖风机", "suggestions/"),
                                     ("五小成果 手轮", "一种阀门手轮加力扳手", "wuxiao/"),
                                     ("合理化建议", None, "suggestions/"), ("五小成果", None, "wuxiao/")):
            p = Page(browser.new_page())
            p.page.goto(f"{base}search.html?q={quote(query)}")
            p.page.wait_for_selector("#qc-search[data-state=done]", timeout=15_000)
            hits = p.page.query_selector_all(".qc-hit > a")
            titles = [a.inner_text() for a in hits]
            assert titles, query
            if first:
                assert titles[0] == first, (query, titles)
            assert folder in (hits[0].get_attribute("href") or ""), (query, titles)
            assert p.errors == [] and p.external_requests() == []
            p.page.close()


def test_listing_shows_every_proposer(portal):
    """HL-2022-001 was proposed by 王志刚 and 李晓雨 jointly: both are named in the list (issue 19, finding 7)."""
    rows = page(portal, "suggestions/list-all.html").select("article table tbody tr")
    row = next(r for r in rows if "磨煤机出口温度测点加装防磨套管" in r.get_text())
    header = [th.get_text(strip=True) for th in row.find_parent("table").select("th")]
    cell = row.select("td")[header.index("提出人")].get_text(" ", strip=True)
    assert "王志刚" in cell and "李晓雨" in cell, cell
