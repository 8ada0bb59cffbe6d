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
              "exports/index.html", "contribute/guide.html", "404.html")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_root(tmp_path_factory.mktemp("ux"))
    out = root / "site"
    build_site(root, out=out, progress=Progress(enabled=False), pdf=False)
    return root, out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def generated(root: Path) -> Site:
    result = validate(root, today=date(2023, 1, 1))
    assert result.report.ok, result.report
    site = Site(kb=result.kb, ref_date=date(2023, 1, 1))
    generate(site, Progress(enabled=False))
    return site


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
