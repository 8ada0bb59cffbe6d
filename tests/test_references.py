"""Reference-stage edge cases found while writing the sample knowledge base."""

from __future__ import annotations

import shutil
from datetime import date

from generator.validation import validate

TODAY = date(2026, 11, 26)


def problems(root):
    return [(i.code, i.path) for i in validate(root, today=TODAY).report.issues if i.severity != "info"]


def test_targets_and_anthology_of_the_same_year_coexist(kb_root):
    (kb_root / "content/targets/2021.yml").write_text(
        'id: "2021"\nyear: 2021\nitems:\n  - metric: 撰写论文\n    total: 1\n', encoding="utf-8")
    assert (kb_root / "content/anthology/2021.yml").exists()
    assert problems(kb_root) == []


def test_same_base_in_two_metrics_is_not_a_repeat(kb_root):
    (kb_root / "content/targets/2022.yml").write_text(
        'id: "2022"\nyear: 2022\nitems:\n'
        "  - metric: 立项课题\n    total: 2\n    by_base: {FJD-01: 1, FJD-02: 1}\n"
        "  - metric: 申报专利\n    total: 2\n    by_base: {FJD-01: 1, FJD-02: 1}\n", encoding="utf-8")
    assert problems(kb_root) == []


def test_same_person_twice_in_a_team_is_an_error_where_written_again(kb_root):
    path = kb_root / "content/projects/2022/KT-2022-001.md"
    text = path.read_text(encoding="utf-8").replace("  - person: QD10005\n    role: 徒弟\n",
                                                    "  - person: QD10005\n    role: 徒弟\n  - person: QD10005\n    role: 成员\n")
    path.write_text(text, encoding="utf-8")
    report = validate(kb_root, today=TODAY).report
    [found] = [i for i in report.issues if i.code == "ref-repeated"]
    assert (found.path, found.field, found.line) == ("content/projects/2022/KT-2022-001.md", "team[3].person", 16)
    assert found.severity == "error"  # one person, two rows: the team is wrong, not just unusual


def test_same_person_in_two_board_roles_is_fine(kb_root):
    path = kb_root / "content/anthology/2021.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("people: [QD10004, QD10006]",
                                                             "people: [QD10001, QD10006]"), encoding="utf-8")
    assert problems(kb_root) == []


def _with_attachment(root, written: str):
    path = root / "content/projects/2022/KT-2022-001.md"
    folder = path.parent / "KT-2022-001"
    folder.mkdir()
    (folder / "证书.jpg").write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", f"---\nattachments: [{written}]\n", 1),
                    encoding="utf-8")
    return validate(root, today=TODAY)


def test_attachment_written_with_its_folder_as_the_guide_shows(kb_root):
    """The guide's `KT-2021-017/证书.jpg` (the same-named folder) and the bare name both work."""
    for written in ("KT-2022-001/证书.jpg", "证书.jpg"):
        root = kb_root.parent / written.replace("/", "_")
        shutil.copytree(kb_root, root, symlinks=True)
        result = _with_attachment(root, written)
        assert [i for i in result.report.issues if i.severity == "error"] == [], written
        assert result.kb.get("KT-2022-001").attachments == ["证书.jpg"]


def test_attachment_in_another_entrys_folder_is_missing_and_says_where(kb_root):
    report = _with_attachment(kb_root, "KT-2022-009/证书.jpg").report
    missing = [i for i in report.issues if i.code == "attachment-missing"]
    assert len(missing) == 1 and "KT-2022-001/KT-2022-009/证书.jpg" in missing[0].message, report.issues
    assert "证书.jpg" in missing[0].hint and "KT-2022-001/" in missing[0].hint
