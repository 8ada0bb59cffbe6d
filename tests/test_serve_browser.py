"""`qinchuang serve` in Chromium: an edited title appears without touching the browser; a
validation error shows over the page and goes away, with the page reloaded, once fixed."""

from __future__ import annotations

import threading
import time

from playwright.sync_api import expect

from browser import Page
from conftest import make_root
from generator.site.serve import RELOAD_TAG, live

PROJECT = "content/projects/2021/KT-2021-001.md"
TITLE = "降低1号炉低温再热器管壁超温次数"


def started(tmp_path):
    root = make_root(tmp_path)
    said: list[str] = []
    context = live(root, tmp_path / "preview", 0, say=said.append)
    httpd = context.__enter__()
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return root, context, httpd, f"http://127.0.0.1:{httpd.server_address[1]}/", said


def stopped(context, httpd):
    httpd.shutdown()
    context.__exit__(None, None, None)


def test_an_edited_title_reloads_the_open_page(tmp_path, browser):
    root, context, httpd, base, said = started(tmp_path)
    try:
        page = Page(browser.new_page())
        page.page.goto(base + "projects/KT-2021-001.html", wait_until="load")  # the reload script asks the server five times a second
        assert TITLE in page.page.locator("h1").first.inner_text()
        project = root / PROJECT
        project.write_text(project.read_text(encoding="utf-8").replace(TITLE, "一号炉再热器超温治理"), encoding="utf-8")
        expect(page.page.locator("h1").first).to_contain_text("一号炉再热器超温治理", timeout=20000)
        assert page.errors == [] and page.external_requests() == []
        assert any("已更新" in line for line in said)
        # the reload script is the server's: the files on disk are the published ones
        assert RELOAD_TAG not in (tmp_path / "preview" / "projects" / "KT-2021-001.html").read_text(encoding="utf-8")
    finally:
        stopped(context, httpd)


def test_a_validation_error_shows_over_the_page_until_fixed(tmp_path, browser):
    root, context, httpd, base, said = started(tmp_path)
    try:
        page = Page(browser.new_page())
        page.page.goto(base + "projects/KT-2021-001.html", wait_until="load")  # the reload script asks the server five times a second
        project = root / PROJECT
        good = project.read_text(encoding="utf-8")
        project.write_text(good.replace("year: 2021", "year: <img src=x onerror=alert(1)>", 1), encoding="utf-8")
        overlay = page.page.locator("#qc-serve-error")
        overlay.wait_for(timeout=20000)
        text = overlay.inner_text()
        assert "KT-2021-001.md" in text and "错误" in text
        assert page.page.locator("#qc-serve-error img").count() == 0  # contributor text stays text
        assert any("错误" in line for line in said)
        project.write_text(good.replace(TITLE, "修好后的课题名称"), encoding="utf-8")
        expect(page.page.locator("h1").first).to_contain_text("修好后的课题名称", timeout=20000)
        time.sleep(0.6)  # one status round after the reload
        assert overlay.count() == 0 and page.errors == []
    finally:
        stopped(context, httpd)
