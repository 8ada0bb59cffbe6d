"""个人创新档案 and the 申报 packs, opened with python-docx / openpyxl as the office would."""

from __future__ import annotations

import pytest
from docx import Document
from openpyxl import load_workbook

from conftest import make_root, run_cli
from generator.reports.packs import QC_SECTIONS, TECH_SECTIONS

QC_HEADINGS = ["课题概况", "小组概况", "选题理由", "现状调查", "目标", "原因分析", "要因确认", "对策", "实施",
               "效果检查", "巩固措施", "总结"]


def headings(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


def section_text(doc, name: str) -> str:
    out, inside = [], False
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading"):
            inside = p.text == name
        elif inside:
            out.append(p.text)
    return "\n".join(out)


def test_qc_pack_has_the_usual_sections_filled_from_the_project(tmp_path):
    root = make_root(tmp_path)
    out = tmp_path / "qc.docx"
    status, text, err = run_cli("--root", str(root), "pack", "KT-2021-001", "--type", "qc", "--out", str(out))
    assert status == 0, err
    doc = Document(out)
    assert headings(doc) == QC_HEADINGS
    assert [h for h, *_ in QC_SECTIONS] == QC_HEADINGS[2:]
    body = (root / "content/projects/2021/KT-2021-001.md").read_text(encoding="utf-8")
    background = body.split("## 背景", 1)[1].split("##", 1)[0].strip().splitlines()[0]
    assert background[:12] in section_text(doc, "选题理由")  # the project's 背景 feeds 选题理由
    assert "2021-04-12" in section_text(doc, "实施")  # progress notes feed 实施
    members = [row.cells[1].text for row in doc.tables[1].rows[1:]]
    assert members == ["关健", "王志刚", "李晓雨"]
    for name in ("现状调查", "原因分析", "要因确认", "巩固措施"):  # not in the project: marked for the author
        assert section_text(doc, name).startswith("【待补充】"), name
        assert name in text  # and listed on the terminal


def test_tech_pack_lists_outcomes_and_marks_what_is_missing(tmp_path):
    root = make_root(tmp_path)
    out = tmp_path / "tech.docx"
    assert run_cli("--root", str(root), "pack", "KT-2022-001", "--type", "tech", "--out", str(out))[0] == 0
    doc = Document(out)
    assert headings(doc)[2:-1] == [h for h, *_ in TECH_SECTIONS]
    assert headings(doc)[-1] == "知识产权、鉴定与获奖"
    assert section_text(doc, "知识产权、鉴定与获奖").startswith("【待补充】")  # a project still without outcomes


def test_hostile_project_text_stays_text_in_word(tmp_path):
    root = make_root(tmp_path)
    path = root / "content/projects/2021/KT-2021-001.md"
    # raw tags are refused by the validator (unsafe-html); what passes it must stay literal text
    evil = '&lt;/w:t&gt;&lt;/w:r&gt;&lt;w:r&gt;&lt;w:t&gt;injected ]]> &amp; {{x}} %s'
    path.write_text(path.read_text(encoding="utf-8").replace("## 背景\n", f"## 背景\n\n{evil}\n"), encoding="utf-8")
    out = tmp_path / "qc.docx"
    assert run_cli("--root", str(root), "pack", "KT-2021-001", "--out", str(out))[0] == 0
    doc = Document(out)
    assert evil in section_text(doc, "选题理由")
    assert not any(p.text == "injected" for p in doc.paragraphs)


def test_pack_of_an_unknown_project(tmp_path):
    root = make_root(tmp_path)
    status, out, err = run_cli("--root", str(root), "pack", "KT-2099-001")
    assert status == 2 and "KT-2099-001" in err and "Traceback" not in err


def test_dossier_docx_and_xlsx_with_ranks_and_a_date_range(tmp_path):
    root = make_root(tmp_path)
    out = tmp_path / "out"
    status, text, err = run_cli("--root", str(root), "dossier", "QD10002", "--out", str(out))
    assert status == 0, err
    doc = Document(out / "个人创新档案-QD10002.docx")
    assert [h.split("（")[0] for h in headings(doc)] == ["创新课题", "专利", "论文", "软件著作权", "奖励", "合理化建议"]
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    rows = {t.rows[0].cells[0].text + t.rows[0].cells[1].text: [[c.text for c in r.cells] for r in t.rows[1:]]
            for t in doc.tables}
    projects = rows["编号课题名称"]
    assert ["KT-2021-001", "降低1号炉低温再热器管壁超温次数", "导师"] == projects[0][:3]
    paper = rows["编号论文题目"][0]
    assert paper[0] == "LW-2021-001" and paper[2] == "第 1 / 3"  # first of three authors (one external)
    wb = load_workbook(out / "个人创新档案-QD10002.xlsx")
    assert wb.sheetnames == ["基本信息", "创新课题", "专利", "论文", "软件著作权", "奖励", "合理化建议"]
    assert wb["论文"]["C2"].value == "第 1 / 3"

    run_cli("--root", str(root), "dossier", "QD10002", "--from", "2022-01-01", "--out", str(out))
    later = load_workbook(out / "个人创新档案-QD10002.xlsx")
    assert later["创新课题"].max_row == 1 and later["论文"].max_row == 1  # 2021 work is outside the range


def test_dossier_cells_are_never_formulas(tmp_path):
    root = make_root(tmp_path)
    path = root / "content/projects/2021/KT-2021-001.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: 降低1号炉低温再热器管壁超温次数", 'title: "=HYPERLINK(\\"http://evil.example/\\",\\"点击\\")"'),
        encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("--root", str(root), "dossier", "QD10002", "--format", "xlsx", "--out", str(out))[0] == 0
    cell = load_workbook(out / "个人创新档案-QD10002.xlsx")["创新课题"]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_dossier_bad_date_and_unknown_person(tmp_path):
    root = make_root(tmp_path)
    status, _, err = run_cli("--root", str(root), "dossier", "QD10002", "--from", "2022/01/01")
    assert status == 2 and "YYYY-MM-DD" in err
    status, _, err = run_cli("--root", str(root), "dossier", "QD99999")
    assert status == 2 and "QD99999" in err


def test_guide_says_which_project_heading_feeds_which_section():
    from conftest import REPO

    guide = (REPO / "docs" / "贡献指南.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in guide.splitlines() if line.startswith("| ")}
    for name, headings, _ in QC_SECTIONS + TECH_SECTIONS:
        assert name in rows, name
        for heading in headings:
            assert f"`## {heading}`" in rows[name], (name, heading)


@pytest.mark.parametrize("start, end, projects, awards", [
    ("2021-12-01", "2021-12-31", [], ["JL-2021-001"]),  # award dated 2021-12-28; the project ended 11-30
    ("2021-06-01", "2021-12-31", ["KT-2021-001"], ["JL-2021-001"]),  # approved 03-05: active in the range
    ("2022-01-01", "2022-12-31", [], []),
])
def test_dossier_range_uses_award_dates_and_project_activity(tmp_path, start, end, projects, awards):
    root = make_root(tmp_path)
    out = tmp_path / "out"
    status, _, err = run_cli("--root", str(root), "dossier", "QD10002", "--from", start, "--to", end,
                             "--format", "xlsx", "--out", str(out))
    assert status == 0, err
    wb = load_workbook(out / "个人创新档案-QD10002.xlsx")
    assert [r[0].value for r in wb["创新课题"].iter_rows(min_row=2)] == projects
    assert [r[0].value for r in wb["奖励"].iter_rows(min_row=2)] == awards


def test_dossier_reversed_range_and_a_day_that_does_not_exist(tmp_path):
    root = make_root(tmp_path)
    status, _, err = run_cli("--root", str(root), "dossier", "QD10002", "--from", "2022-12-31", "--to", "2022-01-01")
    assert status == 2 and "晚于" in err
    status, _, err = run_cli("--root", str(root), "dossier", "QD10002", "--from", "2022-02-30")
    assert status == 2 and "不存在" in err and "YYYY-MM-DD" not in err


def test_dossier_xlsx_has_numbers_and_dates(tmp_path):
    import datetime as dt

    root = make_root(tmp_path)
    out = tmp_path / "out"
    assert run_cli("--root", str(root), "dossier", "QD10002", "--format", "both", "--out", str(out))[0] == 0
    wb = load_workbook(out / "个人创新档案-QD10002.xlsx")
    award = next(r for r in wb["奖励"].iter_rows(min_row=2) if r[0].value == "JL-2021-001")
    assert award[6].value == 5000 and award[6].data_type == "n"
    approved = wb["创新课题"]["D2"].value
    assert isinstance(approved, dt.datetime) and approved.date() == dt.date(2021, 3, 5)
    doc = Document(out / "个人创新档案-QD10002.docx")
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "5,000" in cells and "2021-03-05" in cells
