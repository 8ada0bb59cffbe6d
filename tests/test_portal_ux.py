"""The portal as its readers meet it: an employee at a desktop (1400 px) or on a phone (390 px).

Acceptance tests written from the reader's side — what the page says and shows, not how the
generator makes it: a bulletin lists everything its summary announces, tables fit the column,
chart labels do not collide, the 404 page works under a sub-path, axe-core finds no serious
violation. They run on tests/kb_small and on small knowledge bases made here, never on content/.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from browser import Page, serve
from conftest import REPO, make_root
from generator.site.build import Progress, build_site, generate
from generator.site.context import Site
from generator.site.output import Output
from generator.validation import validate

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1400, 390)
# one page of every page type (kb_small names)
PAGE_TYPES = ("index.html", "projects/index.html", "projects/list-all.html", "projects/KT-2021-001.html",
              "projects/notice.html", "people/QD10002.html", "people/index.html", "studios/index.html",
              "studios/GZS-01.html", "papers/LW-2021-001.html", "papers/index.html",
              "patents/ZL-2021-001.html", "patents/list-all.html", "software/list-all.html",
              "bases/FJD-01.html", "bases/index.html", "awards/JL-2021-001.html", "awards/list-all.html",
              "dashboards/targets.html", "dashboards/leaderboard.html", "dashboards/studios.html",
              "dashboards/participation.html", "dashboards/awards.html", "dashboards/pairs.html",
              "bulletins/index.html", "bulletins/2022-03.html", "events/index.html", "events/2022.html",
              "shared/index.html", "experience/index.html", "experience/JY-2022-001.html",
              "facilities/SS-01.html", "anthology/index.html", "anthology/2021.html",
              "exports/index.html", "contribute/guide.html", "contribute/index.html", "404.html")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_root(tmp_path_factory.mktemp("ux"))
    out = root / "site"
    build_site(root, out=out, progress=Progress(enabled=False), pdf=False)
    return root, out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def generated(root: Path) -> Output:
    result = validate(root, today=date(2023, 1, 1))
    assert result.report.ok, result.report
    return generate(Site(kb=result.kb, ref_date=date(2023, 1, 1)), Progress(enabled=False))


# --- bulletins ------------------------------------------------------------------------------

ANNOUNCED = re.compile(r"([^\s，：。]+) (\d+) 项")


def test_every_section_announced_in_a_bulletin_is_there_with_all_its_items(built):
    _, out = built
    pages = sorted((out / "bulletins").glob("20*.html"))
    assert pages
    for path in pages:
        page = soup(path)
        article = page.select_one("article")
        [summary] = [p for p in article.find_all("p") if p.get_text().startswith("本月概况")]
        announced = ANNOUNCED.findall(summary.get_text())
        assert announced, path.name
        headings = {h.get_text(strip=True): h for h in article.find_all("h2")}
        for section, count in announced:
            assert section in headings, f"{path.name}: 概况提到“{section}”，却没有这一节"
            items = headings[section].find_next("ul").find_all("li", recursive=False)
            assert len(items) == int(count), f"{path.name}: {section} 应有 {count} 项，列出 {len(items)} 项"


def test_a_month_with_several_kinds_of_news_lists_them_all(kb_root):
    """A project approved and a patent granted and an award in the same month: three sections."""
    content = kb_root / "content"
    month = "2022-06"
    (content / "events" / "2022" / "HD-2022-090.yml").write_text(
        "id: HD-2022-090\nyear: 2022\ntitle: 六月推进例会\nkind: 推进例会\ndate: 2022-06-10\nsummary: 各分基地汇报进展\n",
        encoding="utf-8")
    award = yaml.safe_load((content / "awards" / "JL-2021-001.yml").read_text(encoding="utf-8"))
    award.update(id="JL-2022-090", year=2022, date=date(2022, 6, 20))
    (content / "awards" / "JL-2022-090.yml").write_text(yaml.safe_dump(award, allow_unicode=True), encoding="utf-8")
    site = generated(kb_root)
    text = site.pages[f"bulletins/{month}.md"]
    assert "## 基地活动" in text and "六月推进例会" in text
    assert "## 获得奖励" in text and "JL-2022-090" in text


def test_no_bulletin_before_the_base_was_founded(built):
    root, out = built
    founded = yaml.safe_load((root / "site_config" / "base.yml").read_text(encoding="utf-8"))["founded"]
    first = f"{founded.year:04d}-{founded.month:02d}"
    months = [p.stem for p in (out / "bulletins").glob("20*.html")]
    assert months and min(months) >= first, sorted(months)[:3]
    listed = [a["href"] for a in soup(out / "bulletins" / "index.html").select("article a[href]")]
    assert not [h for h in listed if re.match(r"\./?\d{4}-\d\d", h) and h.lstrip("./")[:7] < first]


def test_home_page_shows_the_latest_bulletin(built):
    _, out = built
    latest = max(p.stem for p in (out / "bulletins").glob("20*.html"))
    links = [a["href"] for a in soup(out / "index.html").select("article a[href]")]
    assert f"bulletins/{latest}.html" in links


# --- charts ---------------------------------------------------------------------------------

# What every <text> of every chart occupies, in page pixels, and the chart's own box.
TEXT_BOXES = """() => [...document.querySelectorAll('svg.qc-chart')].map(svg => {
  const frame = svg.getBoundingClientRect();
  return {title: svg.querySelector('title').textContent,
          frame: [frame.left, frame.top, frame.right, frame.bottom],
          texts: [...svg.querySelectorAll('text')].map(t => {
            const r = t.getBoundingClientRect();
            return {text: t.textContent, box: [r.left, r.top, r.right, r.bottom]};
          })};
})"""


def overlap(a, b) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def assert_charts_read(charts: list[dict], where: str) -> None:
    for chart in charts:
        frame, texts = chart["frame"], chart["texts"]
        for t in texts:
            box = t["box"]
            inside = box[0] >= frame[0] - 0.5 and box[2] <= frame[2] + 0.5 and box[1] >= frame[1] - 0.5 and box[3] <= frame[3] + 0.5
            assert inside, f"{where} {chart['title']}: “{t['text']}” 被裁掉 {box} ⊄ {frame}"
        for i, a in enumerate(texts):
            for b in texts[i + 1:]:
                assert not overlap(a["box"], b["box"]), f"{where} {chart['title']}: “{a['text']}” 与 “{b['text']}” 重叠"


def test_every_chart_of_the_site_reads_at_desktop_and_phone_width(built, browser):
    _, out = built
    pages = sorted({p.relative_to(out).as_posix() for p in out.rglob("*.html") if "qc-chart" in p.read_text(encoding="utf-8")})
    assert pages, "no chart on the site"
    with serve(out) as base:
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            for path in pages:
                page.goto(base + path)
                charts = page.evaluate(TEXT_BOXES)
                assert charts
                assert_charts_read(charts, f"{path} @{width}px")
                for chart in charts:  # legible: no label smaller than 9 px on screen
                    heights = [t["box"][3] - t["box"][1] for t in chart["texts"]]
                    assert min(heights) >= 9, f"{path} @{width}px {chart['title']}: 文字只有 {min(heights):.1f} px 高"
                assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} @{width}px: 图撑宽了整页"
            page.close()


def test_hard_charts_keep_their_labels_apart(browser, tmp_path):
    """What a union's data does to a chart: long sub-base names, many years, big sums, one bar."""
    from generator.site.charts import bar_chart, hbar_chart

    long_names = ["发电运行部集控运行一值分基地", "设备检修分场热控专业分基地", "燃料分场输煤程控分基地", "化学分场",
                  "环保脱硫分场分基地", "供热分场", "锅炉分场分基地", "汽机分场分基地"]
    charts = [
        bar_chart("各年度基地奖励（元）", ["2022"], [("基地奖励", [1234567])]),
        bar_chart("2022 年度目标与完成情况", [f"指标{i}：申报市级及以上创新工作室" for i in range(13)],
                  [("目标", list(range(13))), ("实际", [v * 2 for v in range(13)])]),
        bar_chart("历年成果", [str(y) for y in range(2008, 2024)],
                  [(k, [1000 + y for y in range(16)]) for k in ("立项课题", "完成课题", "申报专利", "撰写论文", "软件著作权登记")]),
        hbar_chart("分基地综合得分", [(n, 300 - 7 * i) for i, n in enumerate(long_names)]),
    ]
    (tmp_path / "charts.html").write_text(
        '<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="qinchuang.css"><article>'
        + "".join(f'<div class="qc-figure">{c}</div>' for c in charts) + "</article>", encoding="utf-8")
    shutil.copy(REPO / "site_config/theme/assets/stylesheets/qinchuang.css", tmp_path)
    with serve(tmp_path) as base:
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(base + "charts.html")
            found = page.evaluate(TEXT_BOXES)
            assert len(found) == len(charts)
            assert_charts_read(found, f"@{width}px")
            for chart in found:
                assert min(t["box"][3] - t["box"][1] for t in chart["texts"]) >= 9, f"@{width}px {chart['title']}: 字太小"
            page.close()
    assert "申报市级及以上创新工作室" in charts[1]  # a shortened label keeps its full text in <title>


# --- tables and the shell --------------------------------------------------------------------

TABLES = """() => [...document.querySelectorAll('article table')].map(t => {
  const r = t.getBoundingClientRect(), col = document.querySelector('article').getBoundingClientRect();
  return {head: t.querySelector('th') ? t.querySelector('th').textContent : '', right: r.right, column: col.right};
})"""


def test_no_table_scrolls_sideways_on_a_desktop(built, browser):
    _, out = built
    with serve(out) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        for path in PAGE_TYPES:
            page.goto(base + path)
            for table in page.evaluate(TABLES):
                assert table["right"] <= table["column"] + 1, f"{path}: 表“{table['head']}…”超出栏宽"
            assert page.evaluate("document.documentElement.scrollWidth") <= 1400, path
        page.close()


def test_on_a_phone_wide_tables_scroll_in_their_box_with_the_first_column_kept(built, browser):
    _, out = built
    with serve(out) as base:
        page = browser.new_page(viewport={"width": 390, "height": 800})
        for path in PAGE_TYPES:
            page.goto(base + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{path}: 整页左右滚动"
        page.goto(base + "dashboards/leaderboard.html")
        sticky = page.evaluate("getComputedStyle(document.querySelector('article td')).position")
        assert sticky == "sticky"
        page.close()


def test_404_page_is_chinese_and_styled_under_a_sub_path(built, browser):
    _, out = built
    with serve(out, prefix="/innovation/") as base:
        page = Page(browser.new_page())
        response = page.page.goto(base + "404.html")
        assert response.status == 200
        assert "找不到" in page.page.locator("h1").inner_text()
        header = page.page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
        assert header in ("sticky", "fixed"), "404 页没有加载样式表"
        hrefs = page.page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        assert hrefs and all(h.startswith(base) for h in hrefs if h.startswith("http")), hrefs
        assert page.external_requests() == []
        page.page.close()


def test_shell_footer_tabs_and_no_developer_files(built):
    root, out = built
    home = soup(out / "index.html")
    footer = home.select_one("footer").get_text(" ", strip=True)
    assert "数据截至" in footer
    settings = yaml.safe_load((root / "site_config" / "base.yml").read_text(encoding="utf-8"))
    assert settings["union"] in footer and settings["contact"] in footer
    assert home.select("nav.md-tabs a"), "no tabs"
    assert not list(out.rglob("*.map")), "source maps published"
    sitemap = out / "sitemap.xml"
    assert not sitemap.exists() or "<loc>" in sitemap.read_text(encoding="utf-8")
    assert "Made with" not in footer


# --- accessibility ---------------------------------------------------------------------------

def test_axe_finds_no_serious_violation_on_any_page_type(built, browser):
    _, out = built
    assert AXE.is_file(), "axe-core missing: run make setup (scripts/setup.sh installs it from npm)"
    script = AXE.read_text(encoding="utf-8")
    found = []
    with serve(out) as base:
        for width in WIDTHS:
            # The portal's CSP forbids inline scripts; axe is the test's own tool, so only it bypasses the CSP.
            context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
            page = context.new_page()
            for path in PAGE_TYPES:
                page.goto(base + path)
                page.add_script_tag(content=script)
                result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                                       ".filter(v => ['serious', 'critical'].includes(v.impact))"
                                       ".map(v => [v.id, v.nodes.length, v.nodes[0].target.join(' ')])")
                found += [(path, width, *v) for v in result]
            context.close()
    assert found == [], "\n".join(map(str, found))


# --- cross-links a reader follows ------------------------------------------------------------

def test_each_base_page_links_to_its_own_row_of_the_target_matrix(built):
    root, out = built
    bases = [p for p in (out / "bases").glob("*.html") if p.name != "index.html"]
    targets = soup(out / "dashboards" / "targets.html")
    linked = 0
    for path in bases:
        for link in soup(path).select('article a[href*="targets.html#"]'):
            anchor = link["href"].split("#", 1)[1]
            mark = targets.find(id=anchor)
            assert mark is not None, f"{path.name}: {anchor} 不存在"
            row = mark.find_parent("tr")
            assert row is not None and row.find("a", href=f"../bases/{path.name}"), f"{anchor} 不是该分基地的行"
            assert all(("✔" in td.get_text() or "▼" in td.get_text() or td.get_text(strip=True) == "—")
                       for td in row.find_all("td")[1:]), "进度没有符号"
            linked += 1
    assert linked, "no base page links to the target matrix"


def test_a_shortfall_is_marked_by_a_sign_not_colour_alone(kb_root):
    site = generated(kb_root)
    page = site.pages["dashboards/targets.md"]
    short = re.findall(r"▼ (\d+)%，差 (\d+)", page)
    done = re.findall(r"✔ (\d+)%", page)
    assert short or done
    assert all(int(p) < 100 and int(gap) > 0 for p, gap in short)
    assert all(int(p) >= 100 for p in done)


def test_patent_and_software_lists_name_sub_base_and_project(built):
    _, out = built
    for listing in ("patents/list-all.html", "software/list-all.html"):
        header = [th.get_text(strip=True) for th in soup(out / listing).select("article table th")]
        assert "分基地" in header and "课题" in header, listing


def test_base_and_studio_pages_list_the_patents_of_their_projects(built):
    _, out = built
    patent = soup(out / "patents" / "ZL-2021-001.html")
    project = patent.find("a", href=re.compile(r"projects/KT-"))["href"].rsplit("/", 1)[1]
    project_page = soup(out / "projects" / project)
    base = project_page.find("a", href=re.compile(r"bases/FJD-"))["href"].rsplit("/", 1)[1]
    assert soup(out / "bases" / base).find("a", href="../patents/ZL-2021-001.html"), "分基地页没有列出专利"
    studio = project_page.find("a", href=re.compile(r"studios/GZS-"))
    if studio:
        assert soup(out / "studios" / studio["href"].rsplit("/", 1)[1]).find("a", href="../patents/ZL-2021-001.html")


def test_person_page_is_the_personal_record_with_counts(built):
    _, out = built
    page = soup(out / "people" / "QD10002.html")
    assert "个人创新档案" in page.select_one("h1").get_text()
    assert "个人创新档案" in page.title.get_text()
    summary = page.find(string=re.compile("档案概要")).find_parent("p").get_text()
    projects = len(page.find("h2", string=re.compile("参与课题")).find_next("table").select("tbody tr"))
    assert f"参与课题 {projects} 项" in summary


def test_project_page_shows_its_content_before_its_log(built):
    _, out = built
    headings = [h.get_text(strip=True) for h in soup(out / "projects" / "KT-2021-001.html").select("article h2")]
    content = [i for i, h in enumerate(headings) if h.startswith("课题内容")]
    log = [i for i, h in enumerate(headings) if h.startswith("进展记录")]
    assert content and log and content[0] < log[0], headings


# --- one vocabulary, one set of figures --------------------------------------------------------

FORBIDDEN = {"师傅": "导师", "Atom 源": "简报订阅", "qinchuang guide": "（开发者命令）", "site_config/": "（配置路径）"}


def test_reader_pages_use_one_vocabulary_and_no_developer_text(built):
    _, out = built
    for path in out.rglob("*.html"):
        rel = path.relative_to(out).as_posix()
        if rel.startswith("contribute/"):  # the contributors' guide names files and synonyms on purpose
            continue
        text = soup(path).select_one("article").get_text(" ")
        for word, instead in FORBIDDEN.items():
            assert word not in text, f"{rel}: “{word}”（应为 {instead}）"


def test_overview_totals_explain_the_home_page_figures(built):
    _, out = built
    home = {d["data-key"]: d.select_one(".qc-num").get_text() for d in soup(out / "index.html").select(".qc-stat")}
    projects = soup(out / "projects" / "index.html").select_one("article").get_text()
    assert f"其中立项 {home['projects_approved']} 项" in projects
    people = soup(out / "people" / "index.html").select_one("article").get_text()
    assert f"{home['participants']} 人" in people


# --- thin pages and print ----------------------------------------------------------------------

def test_studio_index_shows_names_and_levels_as_cards(built):
    _, out = built
    cards = soup(out / "studios" / "index.html").select(".qc-card")
    studios = [p for p in (out / "studios").glob("GZS-*.html")]
    assert len(cards) == len(studios)
    assert all(c.find("a", href=re.compile(r"GZS-")) for c in cards)


def test_events_index_lists_dates_and_summaries(built):
    _, out = built
    text = soup(out / "events" / "index.html").select_one("article").get_text()
    year_page = soup(out / "events" / "2022.html").select_one("article tbody tr")
    first_date = year_page.find("td").get_text(strip=True)
    assert first_date in text


def pdf_pages(pdf: Path) -> list[str]:
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@pytest.mark.parametrize("path", ["projects/KT-2021-001.html", "people/QD10002.html", "projects/notice.html"])
def test_printed_pages_are_a4_in_order_with_header_and_page_numbers(built, browser, tmp_path, path):
    root, out = built
    name = yaml.safe_load((root / "site_config" / "base.yml").read_text(encoding="utf-8"))["name"]
    with serve(out) as base:
        page = browser.new_page()
        page.goto(base + path)
        page.pdf(path=str(tmp_path / "print.pdf"), prefer_css_page_size=True)
        page.close()
    pages = pdf_pages(tmp_path / "print.pdf")
    assert pages
    assert name in pages[0] and "数据截至" in pages[0], pages[0][:300]
    for n, text in enumerate(pages, 1):
        assert re.search(rf"第\s*{n}\s*页", text), f"page {n} without its number"
    whole = "\n".join(pages)
    assert "基地与人员" not in whole, "the navigation was printed"
    if "课题内容" in whole and "进展记录" in whole:
        assert whole.index("课题内容") < whole.index("进展记录")


def test_entry_pages_say_where_they_are(built):
    _, out = built
    for path in ("projects/KT-2021-001.html", "people/QD10002.html", "studios/GZS-01.html", "patents/ZL-2021-001.html"):
        crumb = soup(out / path).select_one("article nav.qc-breadcrumb")
        assert crumb is not None, path
        targets = [((out / path).parent / a["href"]).resolve() for a in crumb.find_all("a")]
        assert targets[0] == (out / "index.html").resolve()
        assert targets[-1] == (out / path.split("/")[0] / "index.html").resolve(), path  # the kind's overview


def test_every_kind_has_a_chinese_label_for_readers():
    """关联条目 and listings name each kind in Chinese: a new kind (评选, 公示 …) never shows its field name."""
    from generator.models import KINDS
    from generator.site.context import KIND_LABELS

    assert set(KINDS) <= set(KIND_LABELS)
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+", label) for label in KIND_LABELS.values()), KIND_LABELS


def test_the_mentor_with_most_apprentices_comes_first(kb_root):
    """Who mentors the most? One row per mentor, most apprentices first, on the dashboard and the list."""
    from generator.site.build import Progress, generate
    from generator.site.context import Site
    from generator.validation import validate

    project = kb_root / "content/projects/2022/KT-2022-001.md"
    text = project.read_text(encoding="utf-8")
    # 周海涛 (QD10006) also mentors 李晓雨 (QD10003): two apprentices, more than 王志刚's one
    project.write_text(text.replace("    role: 徒弟\n", "    role: 徒弟\n  - person: QD10003\n    role: 徒弟\n", 1),
                       encoding="utf-8")
    result = validate(kb_root)
    assert result.report.ok, result.report.issues
    made = generate(Site(kb=result.kb, ref_date=result.kb.config.settings.founded), Progress(enabled=False))
    for page in ("dashboards/participation.md", "dashboards/pairs.md"):
        rows = re.findall(r"<tr><td><a [^>]*>([^<]+)</a></td><td[^>]*>(\d+)</td>", made.pages[page])
        assert rows[0] == ("周海涛", "2") and ("王志刚", "1") in rows, (page, rows)
