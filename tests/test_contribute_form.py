"""The 投稿 form, run in a real browser: the file it produces must pass `validate`."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import markdown

from generator.config import load_config
from generator.contribute.form import form_html
from generator.contribute.form_js import SCRIPT
from generator.validation import validate

TODAY = date(2022, 12, 1)
HOST = "https://git.example/kb/-/new/main/{dir}?file_name={filename}&content={content}"


def test_script_never_intercepts_typing():
    """IME safety: nothing listens to keys or input events, so no composition is interrupted."""
    for event in ("keydown", "keypress", "keyup", '"input"', "'input'", "compositionend", "beforeinput"):
        assert event not in SCRIPT
    assert "http" not in SCRIPT  # no external requests


def test_fragment_survives_markdown(kb_root):
    """The portal embeds the fragment in a Markdown page: it must come out as the same HTML."""
    html = form_html(load_config(kb_root), "project", today=TODAY)
    assert "\n\n" not in html
    page = markdown.markdown(f"# 投稿\n\n{html}\n\n其他说明。\n",
                             extensions=["attr_list", "md_in_html", "tables", "pymdownx.arithmatex",
                                         "pymdownx.superfences"])
    assert html in page


def test_suggests_next_free_id(kb_root):
    html = form_html(load_config(kb_root), "project", today=TODAY)
    assert 'value="KT-2022-002"' in html
    assert "git.example" not in html and 'data-action="host"' not in html


def open_form(browser, root: Path, kind: str, tmp_path: Path, host: str | None = None):
    html = form_html(load_config(root), kind, new_file_url=host, today=TODAY, kb=validate(root).kb)
    page_file = tmp_path / f"{kind}.html"
    page_file.write_text(f"<!doctype html><meta charset=utf-8><body>{html}</body>", encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: errors.append(r.url) if not r.url.startswith(("file:", "blob:", "data:")) else None)
    page.goto(page_file.as_uri())
    return page, errors


def produce(page) -> dict:
    page.click("button[data-action=check]")
    return {"status": page.inner_text(".qc-status"), "errors": page.inner_text("ul.qc-error-list"),
            "path": page.inner_text(".qc-path"), "text": page.inner_text("pre.qc-output")}


def accept(root: Path, produced: dict) -> list:
    path = root / produced["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(produced["text"], encoding="utf-8")
    report = validate(root, today=date(2022, 12, 31)).report
    return [i for i in report.issues if i.path == produced["path"] or i.severity == "error"]


def test_project_form_writes_a_valid_file(browser, kb_root, tmp_path):
    page, errors = open_form(browser, kb_root, "project", tmp_path)
    empty = produce(page)
    assert "还有" in empty["status"] and "课题名称" in empty["errors"]
    page.fill("[data-path=title]", "汽机润滑油滤网切换阀组密封改进")
    page.fill("[data-path=base]", "FJD-02")
    page.select_option("[data-path=category]", "技术")
    page.select_option("[data-path=area]", "安全生产")
    page.select_option("[data-path=status]", "实施")
    page.fill("[data-path=keywords]", "润滑油、滤网\n切换阀")
    for i, who in enumerate(["QD10004", "QD10006", "QD10005"]):
        page.locator("fieldset[data-path=team] .qc-row [data-path=person]").nth(i).fill(who)
    page.fill("[data-path=proposed]", "2022-04-06")
    page.fill("[data-path=approved]", "2022-04-20")
    page.fill("[data-path=started]", "2022-05-01")
    page.locator("fieldset[data-path=progress] .qc-row [data-path=date]").first.fill("2022-06-30")
    page.locator("fieldset[data-path=progress] .qc-row [data-path=note]").first.fill("完成阀组密封结构设计：采用“双O圈”方案。")
    page.fill("fieldset[data-path=benefit] [data-path=amount]", "3.5")
    page.fill("fieldset[data-path=benefit] [data-path=basis]", "年减少润滑油损耗 2 吨 × 1.75 万元/吨")
    page.fill("[data-widget=body]", "## 背景\n\n切换阀组渗油。\n\n## 目标\n\n消除渗油。\n")
    produced = produce(page)
    assert produced["status"].startswith("检查通过"), produced["errors"]
    assert produced["path"] == "content/projects/2022/KT-2022-002.md"
    assert produced["text"].startswith("---\nid: KT-2022-002\ntitle: 汽机润滑油滤网切换阀组密封改进\n")
    assert "  - 润滑油\n  - 滤网\n  - 切换阀\n" in produced["text"]
    assert accept(kb_root, produced) == []
    assert errors == []


def test_paper_form_writes_a_valid_file(browser, kb_root, tmp_path):
    page, errors = open_form(browser, kb_root, "paper", tmp_path)
    page.fill("[data-path=title]", "再热器减温水调节逻辑优化")
    page.fill("[data-path=authors]", "QD10002\n刘明，华北电力大学")
    page.fill("[data-path=base]", "FJD-01")
    page.fill("[data-path=project]", "KT-2021-001")
    page.fill("[data-path=abstract]", "针对再热器减温水调节滞后问题，优化了前馈逻辑。")
    page.fill("[data-path=keywords]", "再热器、减温水、前馈")
    page.select_option("[data-path=discipline]", "热控")
    page.fill("[data-path=references]", "国家能源局. 火力发电厂锅炉受热面管监督技术导则：DL/T 939—2016[S]. 北京：中国电力出版社，2016.")
    produced = produce(page)
    assert produced["status"].startswith("检查通过"), produced["errors"]
    assert "  - name: 刘明\n    org: 华北电力大学\n" in produced["text"]
    # valid; the warnings remind the contributor to register the paper in its project too, and
    # that the body (not filled in here) cites none of the references
    assert [i.code for i in accept(kb_root, produced)] == ["ref-mismatch", "ref-not-cited"]
    assert errors == []


def test_browser_check_matches_validator_on_bad_values(browser, kb_root, tmp_path):
    page, _ = open_form(browser, kb_root, "project", tmp_path)
    page.fill("[data-path=title]", "测" * 121)
    assert len(page.input_value("[data-path=title]")) == 120  # the browser stops at the limit …
    page.evaluate("document.querySelector('[data-path=title]').value = '测'.repeat(121)")  # … older ones may not
    page.fill("[data-path=base]", "锅炉分基地")
    page.fill("[data-path=year]", "2023")
    out = produce(page)
    assert "太长（最多 120 个字）" in out["errors"]
    # the validator's own message for a name where an id belongs, with the valid ids and names
    assert "字段“base”要填分基地的编号，这里写的“锅炉分基地”是名称" in out["errors"]
    assert "FJD-01 锅炉分场分基地" in out["errors"]
    assert "编号中的年份与“年度”不一致" in out["errors"]
    assert page.is_disabled("button[data-action=download]")


def test_chinese_ime_composition(browser, kb_root, tmp_path):
    """Type through a real IME composition (as Pinyin input does): the text arrives whole."""
    page, _ = open_form(browser, kb_root, "project", tmp_path)
    page.click("[data-path=title]")
    cdp = page.context.new_cdp_session(page)
    for partial in ("q", "qi", "qij", "汽机"):
        cdp.send("Input.imeSetComposition", {"text": partial, "selectionStart": len(partial),
                                             "selectionEnd": len(partial)})
    cdp.send("Input.insertText", {"text": "汽机"})
    page.keyboard.press("Enter")  # confirming with Enter must not submit or reset anything
    cdp.send("Input.insertText", {"text": "滤网改造"})
    assert page.input_value("[data-path=title]") == "汽机滤网改造"
    produce(page)
    assert "title: 汽机滤网改造" in page.inner_text("pre.qc-output")


def fill_minimal_paper(page) -> None:
    """The required fields of a paper, nothing else."""
    for field, value in (("title", "题目"), ("authors", "QD10002"), ("base", "FJD-01"), ("abstract", "摘要"),
                         ("keywords", "甲、乙、丙")):
        page.fill(f"[data-path={field}]", value)
    page.select_option("[data-path=discipline]", "锅炉")


def test_host_button_opens_new_file_page(browser, kb_root, tmp_path):
    page, _ = open_form(browser, kb_root, "paper", tmp_path, host=HOST)
    page.evaluate("window.open = (url) => { window.__opened = url; }")
    fill_minimal_paper(page)
    produce(page)
    page.click("button[data-action=host]")
    url = page.evaluate("window.__opened")
    assert url.startswith("https://git.example/kb/-/new/main/content/papers/2022?file_name=LW-2022-001.md&content=")
    assert "%E9%A2%98%E7%9B%AE" in url  # 题目, URL-encoded
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_download_and_long_content_fallback(browser, kb_root, tmp_path):
    page, _ = open_form(browser, kb_root, "paper", tmp_path, host=HOST)
    page.evaluate("window.open = (url) => { window.__opened = url; }")
    fill_minimal_paper(page)
    page.fill("[data-widget=body]", "## 1 引言\n\n" + "正文很长。" * 2000)
    produce(page)
    with page.expect_download() as info:
        page.click("button[data-action=download]")
    download = info.value
    assert download.suggested_filename == "LW-2022-001.md"
    saved = tmp_path / "saved.md"
    download.save_as(saved)
    assert saved.read_text(encoding="utf-8") == page.inner_text("pre.qc-output")
    page.click("button[data-action=host]")
    url = page.evaluate("window.__opened")
    assert url.endswith("&content=")  # too long for an address: the text goes to the clipboard instead
    page.wait_for_function("document.querySelector('.qc-copied').textContent.length > 0")
    assert "已复制" in page.inner_text(".qc-copied")
