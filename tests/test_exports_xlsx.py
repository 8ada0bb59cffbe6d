"""The .xlsx workbook as the union office opens it (openpyxl reads it like Excel does).

One sheet per kind, Chinese headers, a name beside every code, flat cells (no JSON), numbers as
numbers, dates as dates, ids and application numbers as text, frozen header and auto-filter, and
the same bytes on every build.
"""

from __future__ import annotations

import io
import re
import time
from datetime import date, datetime

import pytest
import yaml
from openpyxl import load_workbook

from conftest import KB_SMALL, make_root
from generator.site.build import Progress, generate
from generator.site.context import Site
from generator.validation import validate

REF = date(2023, 1, 1)
CJK = re.compile(r"[\u4e00-\u9fff]")


def workbook_bytes(root) -> bytes:
    result = validate(root, today=REF)
    assert result.report.ok, result.report.issues
    site = Site(kb=result.kb, ref_date=REF)
    return generate(site, Progress(enabled=False)).files["exports/qinchuang-data.xlsx"]


@pytest.fixture(scope="module")
def book():
    return load_workbook(io.BytesIO(workbook_bytes(KB_SMALL)))


def table(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def raw(rel: str) -> dict:
    text = (KB_SMALL / "content" / rel).read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("---")[1]
    return yaml.safe_load(text)


def test_a_sheet_per_kind_with_chinese_headers(book):
    for name in ("创新课题", "人员", "创新工作室", "论文", "专利", "软件著作权", "分基地", "奖励"):
        assert name in book.sheetnames
    for sheet in book.worksheets:
        header = [c.value for c in sheet[1]]
        assert header and all(isinstance(h, str) and CJK.search(h) for h in header), (sheet.title, header)
        assert len(set(header)) == len(header), sheet.title
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert all(sheet.column_dimensions[c.column_letter].width >= 6 for c in sheet[1])


def beside(sheet, code_header: str) -> list[tuple]:
    """(code, the cell right of it) for each row: the name must sit next to its code."""
    header = [c.value for c in sheet[1]]
    i = header.index(code_header)
    return [(row[i], row[i + 1]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_names_beside_codes(book):
    bases = {raw(f"bases/{p.name}")["id"]: raw(f"bases/{p.name}")["name"]
             for p in (KB_SMALL / "content" / "bases").iterdir()}
    people = {raw(f"people/{p.name}")["id"]: raw(f"people/{p.name}")["name"]
              for p in (KB_SMALL / "content" / "people").iterdir()}
    assert beside(book["人员"], "工号") == sorted(people.items())
    pairs = beside(book["人员"], "所在分基地编号") + beside(book["创新课题"], "所属分基地编号")
    assert pairs and all(bases[code] == name for code, name in pairs)
    for row in table(book["创新课题"]):
        assert row["组长"] in people.values(), row
        for role in ("导师", "徒弟", "成员"):
            assert role in row
    leaders = beside(book["创新工作室"], "领衔人工号")
    assert leaders and all(people[code] == name for code, name in leaders)
    (patent,) = table(book["专利"])
    src = raw("patents/ZL-2021-001.yml")
    assert patent["发明人"] == "、".join(people[i] for i in src["inventors"])


def test_no_json_and_flat_cells(book):
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2, values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert not value.lstrip().startswith(("{", "[")), (sheet.title, value)
                    assert "': " not in value and '": ' not in value, (sheet.title, value)


def test_types_numbers_dates_text(book):
    projects = {r["课题编号"]: r for r in table(book["创新课题"])}
    src = raw("projects/2021/KT-2021-001.md")
    row = projects["KT-2021-001"]
    assert row["经济效益（万元/年）"] == pytest.approx(float(src["benefit"]["amount"]))
    assert isinstance(row["申报日期"], datetime) and row["申报日期"].date() == date.fromisoformat(str(src["proposed"]))
    assert isinstance(row["立项年度"], int)
    sheet = book["专利"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("申请号") + 1)
    assert cell.data_type == "s" and cell.value == "202120123456.2"
    assert cell.number_format == "@"
    ident = sheet.cell(row=2, column=header.index("专利条目编号") + 1)
    assert ident.data_type == "s" and ident.number_format == "@"


def test_contributor_text_never_becomes_a_formula(tmp_path):
    root = make_root(tmp_path)
    path = root / "content" / "people" / "QD10006.yml"
    path.write_text(re.sub(r"^position: .*$", 'position: "=HYPERLINK(\\"http://evil.example/\\",\\"点击\\")"',
                           path.read_text(encoding="utf-8"), flags=re.M)
                    if "position:" in path.read_text(encoding="utf-8")
                    else path.read_text(encoding="utf-8") + 'position: "=HYPERLINK(\\"http://evil.example/\\")"\n',
                    encoding="utf-8")
    book = load_workbook(io.BytesIO(workbook_bytes(root)))
    cells = [c for s in book.worksheets for row in s.iter_rows() for c in row]
    assert not [c.value for c in cells if c.data_type == "f"]
    assert any(isinstance(c.value, str) and c.value.startswith("=HYPERLINK") and c.data_type == "s" for c in cells)


def test_a_cell_longer_than_excel_holds_is_cut_with_a_note(tmp_path):
    """Excel holds 32,767 characters in a cell: 1,500 progress notes (one line each, one cell)
    are cut there, saying so, and the file still opens; the CSV keeps every note."""
    root = make_root(tmp_path)
    project = root / "content" / "projects" / "2021" / "KT-2021-001.md"
    notes = "".join(f"  - date: 2021-04-12\n    note: 第{i}次完成近三年超温记录统计，确认超温集中在低负荷投粉阶段。\n"
                    for i in range(1500))
    project.write_text(project.read_text(encoding="utf-8").replace("progress:\n", "progress:\n" + notes, 1),
                       encoding="utf-8")
    result = validate(root, today=REF)
    assert result.report.ok, result.report.issues
    made = generate(Site(kb=result.kb, ref_date=REF), Progress(enabled=False))
    sheet = load_workbook(io.BytesIO(made.files["exports/qinchuang-data.xlsx"]))["创新课题"]
    longest = max((c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)), key=len)
    assert len(longest) == 32767 and "第0次" in longest and longest.endswith("全文见 CSV / JSON 导出）")
    assert "第1499次" in made.files["exports/project.csv"].decode("utf-8-sig")


def test_workbook_is_byte_reproducible():
    first = workbook_bytes(KB_SMALL)
    time.sleep(1.1)  # zip entries and document properties must not carry the clock
    assert workbook_bytes(KB_SMALL) == first


def test_export_page_links_the_workbook():
    result = validate(KB_SMALL, today=REF)
    site = Site(kb=result.kb, ref_date=REF)
    made = generate(site, Progress(enabled=False))
    assert "qinchuang-data.xlsx" in made.pages["exports/index.md"]
    csv = made.files["exports/project.csv"]
    assert csv.startswith("\ufeff".encode())
    listings = [text for path, text in made.pages.items() if path.startswith("projects/list-")]
    assert listings
    for text in listings:
        assert "导出本页" in text and "../exports/project.csv" in text and "../exports/qinchuang-data.xlsx" in text


def test_a_kind_with_no_entries_still_gets_its_chinese_header_row(tmp_path):
    """A union with no software yet still gets a 软件著作权 sheet with headers to fill in and filter on."""
    import shutil

    root = make_root(tmp_path)
    shutil.rmtree(root / "content" / "software")
    for project in (root / "content" / "projects").rglob("*.md"):  # nothing may refer to the software
        text = project.read_text(encoding="utf-8")
        project.write_text(re.sub(r"\n    software:\n(?:      - .*\n)+", "\n", text), encoding="utf-8")
    sheet = load_workbook(io.BytesIO(workbook_bytes(root)))["软件著作权"]
    header = [c.value for c in sheet[1]]
    assert len(header) >= 3 and all(isinstance(h, str) and CJK.search(h) for h in header), header
    assert sheet.max_row == 1


def test_a_long_or_odd_kind_label_still_names_a_sheet_excel_accepts():
    """A kind a union adds may have a label Excel refuses as a sheet name (XlsxWriter raises)."""
    import xlsxwriter

    from generator.site.workbook import _sheet_name

    book = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    for label in ("合理化建议：[试行]/第一批*" * 3, "五小成果?", "a\\b", "人员"):
        name = _sheet_name(label)
        book.add_worksheet(name)  # raises InvalidWorksheetName for what Excel would refuse
        assert name[0] == label[0] and len(name) <= 31
    book.close()


def test_every_code_has_its_name_beside_it_even_when_it_may_be_of_several_kinds(book):
    """An award's recipients are studios or projects (a reference to "any" kind): their names
    come beside their codes; an entry's own code is bare, on every sheet (a join key)."""
    awards = table(book["奖励"])
    assert awards
    for row in awards:
        codes = [c for c in (row["获奖对象编号"] or "").split("、") if c]
        names = (row["获奖对象"] or "").split("、")
        assert len(names) == len(codes) and all(names), row
    bases = table(book["分基地"])
    assert bases and all(re.fullmatch(r"[A-Z]+-\d+", row["分基地编号"]) for row in bases), bases[:2]
