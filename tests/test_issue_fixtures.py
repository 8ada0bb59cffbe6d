"""One fixture file per issue code: dropped into a valid knowledge base, it must produce exactly
that code at exactly that line, in that file, and nothing else outside it.

Each fixture names where it goes and what it expects in its first comment lines:
    # path: content/people/QD10099.yml
    # expect: yaml-duplicate-key 6
(`# pad-to: N` makes the test pad the file with comment lines to N bytes; `# needs: A.yml B.yml`
installs those files of tests/fixtures/support/ too, each at its own `# path:`, for rules that
involve more than one file: a score sheet needs its selection, a quota needs awards before it.)
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import FIXTURES, make_root, run_cli
from generator.issues import CATALOGUE, Severity
from generator.validation import validate

HEADER = re.compile(rb"# (path|expect|pad-to|needs): ([^\n]+)")
SUPPORT = FIXTURES.parent / "support"
FILES = sorted(FIXTURES.iterdir())


def read_fixture(path):
    raw = path.read_bytes()
    meta = {k.decode(): v.decode().removesuffix("-->").strip() for k, v in HEADER.findall(raw)}
    code, line = meta["expect"].split()
    return raw, meta["path"], code, int(line), int(meta.get("pad-to", 0))


def install(tmp_path, fixture):
    raw, rel, code, line, pad = read_fixture(fixture)
    root = make_root(tmp_path)
    for name in dict(HEADER.findall(raw)).get(b"needs", b"").decode().split():
        support = (SUPPORT / name).read_bytes()
        target = root / dict(HEADER.findall(support))[b"path"].decode().strip()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(support)
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    while len(raw) < pad:
        raw += b"# " + b"x" * 200 + b"\n"
    target.write_bytes(raw)
    return root, rel, code, line


def test_every_code_has_exactly_one_fixture():
    codes = [read_fixture(f)[2] for f in FILES]
    assert sorted(codes) == sorted(CATALOGUE), set(CATALOGUE) ^ set(codes)
    assert [f.stem for f in FILES] == sorted(codes)  # the file is named after its code


@pytest.mark.parametrize("fixture", FILES, ids=[f.stem for f in FILES])
def test_fixture_reports_its_code_at_its_line(tmp_path, fixture):
    root, rel, code, line = install(tmp_path, fixture)
    report = validate(root, today=date(2026, 11, 26)).report
    found = [(i.code, i.path, i.line) for i in report.issues]
    assert (code, rel, line) in found, found
    others = [i for i in report.issues if i.path != rel and i.severity != Severity.INFO]
    assert not others, others
    assert all(i.message and re.search(r"[\u4e00-\u9fff]", i.message) for i in report.issues)


@pytest.mark.parametrize("fixture", FILES, ids=[f.stem for f in FILES])
def test_cli_exit_code_and_message_name_the_file(tmp_path, fixture):
    root, rel, code, line = install(tmp_path, fixture)
    status, out, err = run_cli("validate", str(root), "--color", "never", "--verbose")
    assert err == ""
    expected = 1 if CATALOGUE[code].severity == Severity.ERROR else 0
    assert status == expected
    assert rel in out and f"{line:>4}  " in out and code in out


def test_a_quoted_value_with_a_line_break_stays_on_its_line(tmp_path):
    """A contributor's value quoted in a message (here a link split across lines) shows its line
    break as an escape: one problem, one line of the report."""
    root = make_root(tmp_path)
    path = root / "content" / "projects" / "2021" / "KT-2021-001.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n[点这里]( java\nscript:alert(1))\n", encoding="utf-8")
    code, out, _ = run_cli("validate", str(root), "--color", "never")
    lines = [line for line in out.splitlines() if "unsafe-link" in line]
    assert code == 1 and len(lines) == 1, out
    assert "java\\nscript" in lines[0], lines[0]
