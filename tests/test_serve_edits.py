"""An employee's edits while `qinchuang serve` runs, seen from outside: the files they save and
what the server answers. The page they look at shows each edit; once the preview has settled
(its deferred steps: the other pages, the exports, the search index) the site is byte for byte
what a fresh full build gives. The watcher, the deferred steps and the server run as in `serve`."""

from __future__ import annotations

import http.client
import json
import threading
import time
from pathlib import Path

import pytest
from test_serve_incremental import digest, fresh_build

from conftest import make_root
from generator.site.serve import live

PROJECT = "content/projects/2021/KT-2021-001.md"
PAGE = "/projects/KT-2021-001.html"
TITLE = "降低1号炉低温再热器管壁超温次数"
TIMEOUT = 60


class Served:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.root = make_root(tmp)
        self.said: list[str] = []
        self.context = live(self.root, tmp / "preview", 0, say=self.said.append)
        self.httpd = self.context.__enter__()
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.settle()

    def close(self):
        self.httpd.shutdown()
        self.context.__exit__(None, None, None)

    def get(self, path: str) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def status(self, page: str = PAGE) -> dict:
        return json.loads(self.get(f"/__qinchuang__/status?page={page}")[1])

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def shows(self, path: str, text: str | None) -> str:
        """Wait until the server answers ``path`` with ``text`` in it (None: until it is gone)."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            status, body = self.get(path)
            if (status == 404) if text is None else (status == 200 and text in body):
                return body
            time.sleep(0.05)
        raise AssertionError(f"{path} never showed {text!r}: {self.said[-3:]}")

    def settle(self) -> None:
        """Wait until the watcher has taken up every save and run every deferred step."""
        time.sleep(0.5)  # longer than the watcher's interval: it has seen the last save
        deadline = time.monotonic() + TIMEOUT
        quiet = 0
        while quiet < 2:
            assert time.monotonic() < deadline, f"the preview never settled: {self.said[-3:]}"
            version = self.httpd.state.version
            time.sleep(0.4)
            quiet = quiet + 1 if self.httpd.idle() and self.httpd.state.version == version else 0

    def is_a_fresh_build(self) -> bool:
        return digest(self.tmp / "preview") == fresh_build(self.root, self.tmp / "fresh")


@pytest.fixture
def served(tmp_path):
    served = Served(tmp_path)
    yield served
    served.close()


def test_a_new_title_shows_on_the_page_then_everywhere(served):
    served.edit(PROJECT, f"title: {TITLE}", "title: 一号炉再热器超温治理")
    served.shows(PAGE, "一号炉再热器超温治理")
    served.settle()
    assert "一号炉再热器超温治理" in served.get("/projects/list-all.html")[1]  # the listing
    assert "一号炉再热器超温治理" in served.get("/exports/project.csv")[1]  # the deferred exports caught up
    assert served.is_a_fresh_build()  # the workbook and the search index too, byte for byte


def test_a_paragraph_added_to_the_body(served):
    path = served.root / PROJECT
    path.write_text(path.read_text(encoding="utf-8") + "\n补充说明：二期改造后复测，超温次数继续下降。\n", encoding="utf-8")
    served.shows(PAGE, "二期改造后复测")
    served.settle()
    assert served.is_a_fresh_build()


def test_a_new_project_then_deleted(served):
    new = served.root / "content/projects/2022/KT-2022-009.md"
    source = (served.root / "content/projects/2022/KT-2022-001.md").read_text(encoding="utf-8")
    new.write_text(source.replace("KT-2022-001", "KT-2022-009").replace("title: ", "title: 新课题：", 1), encoding="utf-8")
    served.shows("/projects/KT-2022-009.html", "新课题：")
    served.settle()
    assert "KT-2022-009" in served.get("/projects/list-all.html")[1]
    assert served.is_a_fresh_build()
    new.unlink()
    served.shows("/projects/KT-2022-009.html", None)
    served.settle()
    assert "KT-2022-009" not in served.get("/projects/list-all.html")[1]
    assert served.is_a_fresh_build()


def test_a_yaml_mistake_shows_then_its_fix_updates_the_page(served):
    before = served.get(PAGE)[1]
    served.edit(PROJECT, "status: 完成\n", "status: 完成\n  keywords: [缩进错了]\n")
    deadline = time.monotonic() + TIMEOUT
    while not served.status()["error"]:
        assert time.monotonic() < deadline, served.said[-3:]
        time.sleep(0.05)
    error = served.status()["error"]
    assert "KT-2021-001.md" in error and "yaml" in error.lower()
    assert served.get(PAGE)[1] == before  # the site stays as it was
    served.edit(PROJECT, "status: 完成\n  keywords: [缩进错了]\n", "status: 完成\n")
    served.edit(PROJECT, f"title: {TITLE}", "title: 改好后的课题名称")
    served.shows(PAGE, "改好后的课题名称")
    served.settle()
    assert served.status()["error"] is None
    assert served.is_a_fresh_build()


def test_rapid_saves_end_with_the_last_one_and_never_a_half_written_page(served):
    broken: list[str] = []
    watching = True

    def read_all_the_time():
        while watching:
            status, body = served.get(PAGE)
            if status != 200 or not body.rstrip().endswith("</html>"):
                broken.append(f"{status} {body[-80:]!r}")

    reader = threading.Thread(target=read_all_the_time)
    reader.start()
    try:
        title = TITLE
        for k in range(6):
            served.edit(PROJECT, f"title: {title}", f"title: 第{k}次保存的标题")
            title = f"第{k}次保存的标题"
            time.sleep(0.15)
        served.shows(PAGE, "第5次保存的标题")
        served.settle()
    finally:
        watching = False
        reader.join()
    assert broken == []
    assert "第5次保存的标题" in served.get("/exports/project.csv")[1]
    assert served.is_a_fresh_build()
    index_updates = [line for line in served.said if "检索索引" in line]
    assert len(index_updates) < 6  # coalesced: not one index rebuild per save


def test_a_page_reloads_only_when_it_changed(served):
    """The browser's reload asks for its own page: a deferred step that rewrites the listing
    and the exports does not reload an unrelated page, the edited one reloads."""
    other = "/bases/index.html"
    seen_page, seen_other = served.status()["version"], served.status(other)["version"]
    served.edit(PROJECT, "keywords: [低温再热器, 管壁超温, 燃烧调整]", "keywords: [低温再热器, 管壁超温, 燃烧优化]")
    served.shows(PAGE, "燃烧优化")
    served.settle()
    assert served.status()["version"] != seen_page
    assert served.status(other)["version"] == seen_other


def test_an_error_stays_shown_while_the_last_valid_state_settles(tmp_path):
    """A save with a mistake right after a good one: the good one's deferred steps still run
    (the site catches up with the last valid state), and the error stays on the page."""
    from generator.site.preview import Preview
    from generator.site.serve import State, rebuild

    root = make_root(tmp_path)
    preview, state = Preview(root, tmp_path / "preview"), State(tmp_path / "preview")
    rebuild(preview, state, say=lambda _: None)
    while preview.pending():
        rebuild(preview, state, say=lambda _: None, step=True)
    project = root / PROJECT
    good = project.read_text(encoding="utf-8")
    project.write_text(good.replace(f"title: {TITLE}", "title: 先改好的标题"), encoding="utf-8")
    rebuild(preview, state, say=lambda _: None)
    assert preview.pending() and state.error is None
    project.write_text(good.replace("status: 完成\n", "status: 完成\n  keywords: [缩进错了]\n"), encoding="utf-8")
    rebuild(preview, state, say=lambda _: None)
    assert state.error and "KT-2021-001.md" in state.error
    while preview.pending():
        rebuild(preview, state, say=lambda _: None, step=True)
    assert state.error and "KT-2021-001.md" in state.error
    assert "先改好的标题" in (tmp_path / "preview" / "exports" / "project.csv").read_text(encoding="utf-8")


def test_a_save_during_a_long_deferred_step_is_shown_at_once(served, monkeypatch):
    """The search index takes seconds at 10k entries: a save while it is being made must not
    wait for it (the step is given up and made again for the newest state)."""
    from generator.site import preview

    making = preview.MAKERS["search"]

    def slow(site):
        time.sleep(8)
        return making(site)

    monkeypatch.setitem(preview.MAKERS, "search", slow)
    served.edit(PROJECT, f"title: {TITLE}", "title: 第一次改名")
    served.shows(PAGE, "第一次改名")
    time.sleep(2.5)  # the other deferred steps are done by now: the slow search index is being made
    saved = time.monotonic()
    served.edit(PROJECT, "title: 第一次改名", "title: 第二次改名")
    served.shows(PAGE, "第二次改名")
    assert time.monotonic() - saved < 4, "the save waited for the deferred step"
    served.settle()
    assert served.is_a_fresh_build()
