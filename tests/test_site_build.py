"""End to end: tests/kb_small built into a real site once per session, then parsed.

Links must resolve, back-references must be shown, the home page must show exactly the figures
of `compute_stats`, the build must be reproducible and publishing atomic, and a real headless
Chromium must load pages without console errors or requests to other hosts.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from browser import Page, serve
from conftest import make_root, run_cli
from generator.kb.figures import compute_stats
from generator.site import build as site_build
from generator.site.build import Progress, build_site
from generator.site.verify import Finding, Verification, verify_site
from generator.validation import validate


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    root = make_root(tmp_path_factory.mktemp("site"))
    out = root / "site"
    summary = build_site(root, out=out, progress=Progress(enabled=False))
    return root, out, summary


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_summary_and_layout(built):
    root, out, summary = built
    assert summary.pages > 50 and summary.warnings == []
    for page in ("index.html", "projects/KT-2021-001.html", "people/QD10002.html", "studios/GZS-01.html",
                 "papers/LW-2021-001.html", "patents/ZL-2021-001.html", "software/RZ-2021-001.html",
                 "bases/FJD-01.html", "awards/JL-2021-001.html", "projects/notice.html",
                 "dashboards/targets.html", "dashboards/leaderboard.html", "dashboards/studios.html",
                 "dashboards/participation.html", "dashboards/awards.html", "bulletins/2022-03.html",
                 "shared/index.html", "exports/index.html", "feed.xml", "exports/project.csv"):
        assert (out / page).is_file(), page
    assert not list(out.parent.glob(".site.tmp-*")), "release folder left behind"


def test_every_internal_link_resolves(built):
    _, out, _ = built
    ids: dict[Path, set[str]] = {}
    for page in out.rglob("*.html"):
        if page.name == "404.html":
            continue
        for tag in soup(page).find_all(["a", "link", "script", "img"]):
            url = tag.get("href") or tag.get("src")
            if not url or urlsplit(url).scheme or url.startswith("//"):
                continue
            parts = urlsplit(url)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(out)} → {url}"
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = {t["id"] for t in soup(target).find_all(id=True)}
                assert unquote(parts.fragment) in ids[target], f"{page.relative_to(out)} → {url}"


def test_entry_pages_are_not_in_the_nav(built):
    _, out, _ = built
    nav = soup(out / "index.html").select_one("nav.md-nav--primary")
    hrefs = [a["href"] for a in nav.find_all("a", href=True)]
    assert not any("KT-2021-001" in h or "QD1000" in h for h in hrefs)
    assert any(h.endswith("projects/index.html") for h in hrefs)


def _links(page: Path) -> set[str]:
    return {Path(urlsplit(a["href"]).path).stem for a in soup(page).find_all("a", href=True)}


def test_back_references(built):
    _, out, _ = built
    assert "KT-2021-001" in _links(out / "studios/GZS-01.html")
    person = out / "people/QD10002.html"
    assert {"KT-2021-001", "ZL-2021-001", "LW-2021-001", "RZ-2021-001", "JL-2021-001", "GZS-01",
            "QD10003"} <= _links(person)
    text = soup(person).get_text()
    assert "导师" in text  # the role in the project group
    assert {"JL-2021-001", "LW-2021-001", "ZL-2021-001"} <= _links(out / "projects/KT-2021-001.html")
    assert "KT-2021-001" in _links(out / "patents/ZL-2021-001.html")


def test_home_figures_equal_compute_stats(built):
    root, out, _ = built
    s = compute_stats(validate(root).kb)
    shown = {div["data-key"]: div.select_one(".qc-num").get_text() for div in soup(out / "index.html").select(".qc-stat")}
    for key in ("projects_approved", "projects_completed", "patents", "papers", "software", "participants",
                "mentor_pairs", "studios", "studios_city_or_above", "bases"):
        assert shown[key] == str(getattr(s, key)), key
    assert shown["participation"] == f"{s.participation:.1%}"
    assert shown["plant_awards_yuan"] == f"{s.plant_awards_yuan:,}"
    code, stats_out, _ = run_cli("--root", str(root), "stats")
    assert code == 0
    printed = dict(line.split(None, 1) for line in stats_out.splitlines() if "年：" not in line)
    for label, key in (("立项课题", "projects_approved"), ("完成课题", "projects_completed"),
                       ("申报专利", "patents"), ("撰写论文", "papers"), ("软件著作权", "software")):
        # the figure, then what it leaves out when it does (立项课题 129（不含立项后终止的 2 项；…）)
        assert any(k.strip("\u3000") == label and v.strip().split("（")[0] == shown[key] for k, v in printed.items()), label


def test_no_foreign_script_handler_or_resource(built):
    _, out, _ = built
    assert verify_site(out).ok
    for page in out.rglob("*.html"):
        doc = soup(page)
        for tag in doc.find_all(True):
            assert not any(k.lower().startswith("on") for k in tag.attrs), page
        for tag in doc.find_all(["link", "img", "script", "iframe"]):
            url = tag.get("href") or tag.get("src") or ""
            assert not url.startswith(("http:", "https:", "//")), (page, url)


def test_pages_carry_search_facets(built):
    _, out, _ = built
    marker = soup(out / "projects/KT-2021-001.html").select_one(".qc-entry")
    assert marker["data-kind"] == "project" and marker["data-year"] == "2021" and marker["data-base"] == "FJD-01"


def test_feed_and_exports(built):
    _, out, _ = built
    feed = ET.parse(out / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert entries and all((out / e.find("a:link", ns).get("href")).is_file() for e in entries)
    projects = json.loads((out / "exports/project.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in projects] == ["KT-2021-001", "KT-2022-001"]
    rows = list(csv.DictReader(io.StringIO((out / "exports/person.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 6 and rows[0]["id"] == "QD10001"


def test_csv_defuses_formulas():
    from generator.site.exports import to_csv

    text = to_csv([{"title": "=HYPERLINK(\"http://x\")", "n": 1}]).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_build_is_reproducible(built, tmp_path):
    """The same bytes twice; the second build reads the compiled templates the first one left."""
    root, out, _ = built
    assert len(list((root / "build" / "template-cache").iterdir())) >= 20
    again = tmp_path / "again"
    build_site(root, out=again, progress=Progress(enabled=False), workers=1)
    assert digest(again) == digest(out)


def test_sharded_render_is_identical(built, tmp_path, monkeypatch):
    root, out, _ = built
    monkeypatch.setattr("generator.site.shards.SHARD_MIN_PAGES", 1)
    sharded = tmp_path / "sharded"
    build_site(root, out=sharded, build_dir=tmp_path / "b", progress=Progress(enabled=False), workers=2)
    assert digest(sharded) == digest(out)


def test_failed_build_keeps_previous_site(built, tmp_path, monkeypatch):
    root, _, _ = built
    out = tmp_path / "site"
    build_site(root, out=out, build_dir=tmp_path / "b", progress=Progress(enabled=False))
    before = digest(out)
    bad = Verification(files=1, findings=[Finding("index.html", "test")])
    monkeypatch.setattr(site_build, "verify_site", lambda _path, **_: bad)
    with pytest.raises(site_build.BuildError):
        build_site(root, out=out, build_dir=tmp_path / "b", progress=Progress(enabled=False))
    assert digest(out) == before
    assert not list(tmp_path.glob(".site.tmp-*"))


def test_invalid_kb_stops_build(tmp_path):
    root = make_root(tmp_path)
    path = root / "content/people/QD10002.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("base: FJD-01", "base: FJD-99"), encoding="utf-8")
    code, out, err = run_cli("--root", str(root), "build", "--out", str(tmp_path / "site"), "--quiet")
    assert code == 1 and "FJD-99" in out and "未生成网站" in err
    assert not (tmp_path / "site").exists()


def test_listings_paginate(tmp_path, monkeypatch):
    from datetime import date

    from generator.site import listings
    from generator.site.context import Site

    monkeypatch.setattr(listings, "PER_PAGE", 2)
    root = make_root(tmp_path)
    site = Site(kb=validate(root).kb, ref_date=date(2023, 1, 1))
    made = site_build.generate(site, Progress(enabled=False))
    assert {"people/list-all.md", "people/list-all-2.md", "people/list-all-3.md"} <= set(made.pages)
    assert "第 2 / 3 页" in made.pages["people/list-all-2.md"]


# --- a real browser ------------------------------------------------------------------------

def test_real_browser_loads_pages_locally(built, browser):
    _, out, _ = built
    with serve(out) as base:
        page = Page(browser.new_page())
        for path in ("index.html", "projects/KT-2021-001.html", "dashboards/targets.html"):
            response = page.page.goto(base + path, wait_until="networkidle")
            assert response is not None and response.status == 200, path
            assert page.page.locator("h1").first.inner_text()
        assert page.page.locator("svg.qc-chart").count() >= 1
    assert page.errors == []
    assert page.external_requests() == []


def test_theme_speedups_change_nothing_but_whitespace(tmp_path, monkeypatch):
    """site_config/theme/main.html renders the nav once per folder for pages outside the nav;
    partials/language.html asks the Translations memo. Without either, the pages are the same."""
    import re
    from datetime import date

    from generator.site import render as site_render
    from generator.site.build import REPO_MKDOCS
    from generator.site.context import Site

    root = make_root(tmp_path)
    site = Site(kb=validate(root).kb, ref_date=date(2023, 1, 1))
    made = site_build.generate(site, Progress(enabled=False))
    original = site_render.load
    pages = {}
    plain = site_render.Translations

    class NoMemo:
        def on_env(self, env, config, files):
            return env

    for cache in (True, False):
        monkeypatch.setattr(site_render, "load", lambda *a, c=cache, **k: original(*a, nav_cache=c))
        monkeypatch.setattr(site_render, "Translations", plain if cache else NoMemo)
        out = tmp_path / f"site-{cache}"
        site_render.render(site_render.Frame(REPO_MKDOCS, site_build.navigation()), made, out, [], workers=1)
        pages[cache] = {p.relative_to(out).as_posix(): re.sub(r"\s+", "", p.read_text(encoding="utf-8"))
                        for p in out.rglob("*.html")}
    assert pages[True] == pages[False]


def test_anthology_web_edition_links_the_printed_book(built):
    _, out, _ = built
    page = soup(out / "anthology" / "2021.html")
    [link] = [a for a in page.find_all("a") if "PDF" in a.get_text()]
    pdf = (out / "anthology" / unquote(link["href"])).resolve()
    assert pdf.read_bytes()[:5] == b"%PDF-"
    toc = page.find(id="目录").find_next("ol")
    assert "低负荷工况下再热器管壁超温原因分析及对策" in toc.get_text()
    assert "锅炉分场分基地" in toc.get_text() and "华北电力大学" in toc.get_text()  # authors' departments


def test_paper_formulas_are_svg(built):
    _, out, _ = built
    body = soup(out / "papers" / "LW-2021-001.html")
    assert body.select("span.math svg") and "\\(" not in body.get_text()


def test_entry_pages_are_split_so_the_first_worker_also_has_time_for_shared_pages():
    from generator.site.shards import SHARED_PAGE_COST, THEME_COST, split_entries

    entries = [f"projects/KT-{i}.md" for i in range(1000)]
    shards = split_entries(entries, 2, shared=100)
    # both workers get the same work, counted in entry pages
    assert len(shards[0]) < len(shards[1]) and set().union(*shards) == set(entries)
    assert abs((len(shards[0]) + 100 * SHARED_PAGE_COST + THEME_COST) - len(shards[1])) <= 1
    assert [len(s) for s in split_entries(entries[:100], 3, shared=500)] == [0, 50, 50]


def test_pages_scanned_while_rendering_are_the_pages_written(tmp_path):
    """The render workers scan each page's HTML as MkDocs hands it over (the post-build check
    then trusts those scans); every page on disk must be what was scanned — a plugin that
    changed a page after the scan, or a page written some other way, fails here."""
    from datetime import date

    from generator.site.context import Site
    from generator.site.render import Frame, render
    from generator.site.verify import scan_html

    root = make_root(tmp_path)
    site = Site(kb=validate(root).kb, ref_date=date(2023, 1, 1))
    out, scans = tmp_path / "out", {}
    render(Frame(site_build.REPO_MKDOCS, site_build.navigation()), site_build.generate(site, Progress(enabled=False)),
           out, site_build.entry_pages(site), workers=1, scans=scans)
    pages = {p.relative_to(out).as_posix(): p for p in out.rglob("*.html")}
    generated = {rel for rel in pages if not rel.startswith("assets/") and rel != "404.html"}
    assert generated and generated <= set(scans)
    for rel in generated:
        assert scans[rel] == scan_html(pages[rel].read_text(encoding="utf-8")), rel


def test_the_page_scan_records_the_html_it_is_handed(built):
    """The scan recorded is of the HTML MkDocs hands over, not of the file or a clean copy."""
    from generator.site.verify import scan_html

    _, out, _ = built
    from generator.site.plugins import PageScan

    scan = PageScan()

    class FakeFile:
        dest_uri = "projects/KT-2021-001.html"

    class FakePage:
        file = FakeFile()

    html = (out / "projects" / "KT-2021-001.html").read_text(encoding="utf-8")
    assert scan.on_post_page(html, page=FakePage()) == html
    problems, links = scan.scans["projects/KT-2021-001.html"]
    assert problems == [] and "../index.html" in links and "../people/QD10001.html" in links
    # what it records is the scan of the HTML it was handed, not of the file or a clean copy
    tampered = html.replace("</body>", '<a href="../nowhere.html" onclick="alert(1)">x</a></body>')
    assert scan.on_post_page(tampered, page=FakePage()) == tampered
    assert scan.scans["projects/KT-2021-001.html"] == scan_html(tampered)
    problems, links = scan.scans["projects/KT-2021-001.html"]
    assert problems == ["<a onclick=…> 事件属性"] and "../nowhere.html" in links


def test_fast_page_scan_agrees_with_the_parser_on_every_built_page(built):
    """The verifier's fast path is an optimisation only: on every page of a real build it finds
    what the full HTML parser finds, and defers to it only pages with an element a browser
    reads as raw text (the 投稿 forms' textarea and style)."""
    from generator.site.verify import RAW_TEXT, fast_scan, full_scan

    _, out, _ = built
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 50
    deferred = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        fast = fast_scan(text)
        assert fast == full_scan(text) or fast is None and RAW_TEXT.search(text), page
        if fast is None:
            deferred.add(page.relative_to(out).as_posix())
    assert deferred <= {"contribute/index.html", "contribute/proposals.html", "contribute/guide.html", "search.html"}, deferred


def test_the_build_writes_only_the_published_site(built, tmp_path):
    """Pages go to MkDocs in memory: no docs tree in build/ unless asked for with --keep-docs,
    which writes every generated page and file (for debugging and the naive benchmark)."""
    root, out, summary = built
    assert not (root / "build" / "docs").exists()
    assert not any(p.suffix == ".md" for p in (root / "build").rglob("*"))
    docs = tmp_path / "docs"
    code, _, err = run_cli("--root", str(root), "build", "--no-pdf", "--quiet", "--out", str(tmp_path / "site"),
                           "--keep-docs", str(docs))
    assert code == 0, err
    md = {p.relative_to(docs).with_suffix(".html").as_posix() for p in docs.rglob("*.md")}
    html = {p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*.html")}
    assert md and md <= html and (docs / "feed.xml").is_file()


def test_a_quote_in_a_bulletin_title_is_shown_as_written(kb_root):
    """Escaped, not replaced: the page (header, tab title) shows the ASCII quote, as search does."""
    path = kb_root / "content/bulletins/2022-03.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: 三月：新一年度课题立项启动",
                                                             "title: '三月：\"双引号\"与''单引号''课题'"), encoding="utf-8")
    out = kb_root / "site"
    code, _, err = run_cli("--root", str(kb_root), "build", "--no-pdf", "--quiet", "--out", str(out))
    assert code == 0, err
    page = next(p for p in out.rglob("*.html") if "2022-03" in str(p) and "bulletin" in str(p))
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    wanted = "三月：\"双引号\"与'单引号'课题"
    assert wanted in doc.find("title").get_text() and wanted in doc.select_one(".md-header__topic:last-child").get_text()
    assert "＂" not in page.read_text(encoding="utf-8") and "＇" not in page.read_text(encoding="utf-8")
