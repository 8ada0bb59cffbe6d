"""`qinchuang new <type> --year YYYY` and the id ↔ year ↔ folder check, as an editor uses them."""

from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import run_cli
from generator.models import KINDS
from generator.validation import validate

YEAR_KEYED = [name for name, kind in KINDS.items() if kind.by_year or "{year" in kind.id_format]


def test_a_late_entry_for_last_year(kb_root):
    before = sorted(p.name for p in (kb_root / "content/projects/2021").glob("KT-2021-*.md"))
    code, out, err = run_cli("--root", str(kb_root), "new", "project", "--year", "2021")
    assert code == 0, err
    (created,) = sorted(set(p.name for p in (kb_root / "content/projects/2021").glob("KT-2021-*.md")) - set(before))
    highest = max(int(n[8:11]) for n in before)
    assert created == f"KT-2021-{highest + 1:03d}.md" and created in out
    text = (kb_root / "content/projects/2021" / created).read_text(encoding="utf-8")
    assert re.search(r"^year: 2021$", text, re.M)
    fields = "\n".join(line for line in text.split("---")[1].splitlines() if not line.startswith("#"))
    dates = re.findall(r"\b(\d{4})-\d{2}-\d{2}\b", fields)
    assert dates and set(dates) == {"2021"}
    codes = {i.code for i in validate(kb_root).report.issues if i.path.endswith(created)}
    assert not codes & {"id-year", "year-folder", "id-filename"}, codes


@pytest.mark.parametrize("kind", YEAR_KEYED)
def test_every_year_keyed_type_takes_the_year(kb_root, kind):
    code, out, err = run_cli("--root", str(kb_root), "new", kind, "--year", "2019", "--stdout")
    assert code == 0, err
    ident = re.search(r"^id: \"?([^\"\n]+)", out, re.M).group(1)
    assert "2019" in ident, (kind, ident)
    year = re.search(r"^year: (\d+)$", out, re.M)
    assert year is None or year.group(1) == "2019"


def test_default_is_this_year(kb_root):
    code, out, _ = run_cli("--root", str(kb_root), "new", "project", "--stdout")
    assert code == 0 and re.search(rf"^year: {date.today().year}$", out, re.M)


@pytest.mark.parametrize("bad", ["22", "20222", "1800"])
def test_a_wrong_year_is_one_clear_error(kb_root, bad):
    code, _, err = run_cli("--root", str(kb_root), "new", "project", "--year", bad)
    assert code == 2 and "年份" in err and "Traceback" not in err


def test_id_year_disagreeing_with_year_and_folder(kb_root):
    """The issue's case: KT-2026-001 with year 2022 in the 2022/ folder used to pass."""
    src = next((kb_root / "content/projects/2021").glob("KT-2021-*.md"))
    text = src.read_text(encoding="utf-8").replace(src.stem, "KT-2026-001")
    text = re.sub(r"^year: 2021$", "year: 2022", text, flags=re.M)
    text = re.sub(r"\b2021-(\d\d-\d\d)\b", r"2022-\1", text)
    (kb_root / "content/projects/2022").mkdir(exist_ok=True)
    (kb_root / "content/projects/2022/KT-2026-001.md").write_text(text, encoding="utf-8")
    src.unlink()
    issues = [i for i in validate(kb_root, today=date(2026, 11, 26)).report.issues
              if i.path == "content/projects/2022/KT-2026-001.md"]
    assert [i.code for i in issues if i.code == "id-year"] == ["id-year"]
    (hit,) = [i for i in issues if i.code == "id-year"]
    assert "2026" in hit.message and "2022" in hit.message and hit.line == 2


@pytest.mark.parametrize("year", ["1989", "2999"])
def test_new_refuses_a_year_that_cannot_be_meant(kb_root, year):
    code, out, err = run_cli("--root", str(kb_root), "new", "project", "--year", year)
    assert code == 2 and "年份" in err and "Traceback" not in err
    assert not list((kb_root / "content" / "projects").glob(f"{year}/*"))
