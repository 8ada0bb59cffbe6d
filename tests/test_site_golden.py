"""Golden test: the generated MkDocs docs tree (Markdown pages, feed) for tests/kb_small.

The pages are a pure function of the knowledge base and a reference date, so they are compared
byte for byte with tests/golden/site/. When a page changes on purpose, regenerate and review
the diff:

    make golden        (UPDATE_GOLDEN=1 pytest tests/test_site_golden.py)
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

from conftest import KB_SMALL
from generator.site.build import Progress, generate
from generator.site.context import Site
from generator.validation import validate

GOLDEN = Path(__file__).resolve().parent / "golden" / "site"
REF_DATE = date(2023, 1, 1)
GOLDEN_FILES = ("feed.xml",)


def generated() -> dict[str, bytes]:
    result = validate(KB_SMALL, today=REF_DATE)
    assert result.report.ok
    site = Site(kb=result.kb, ref_date=REF_DATE)
    made = generate(site, Progress(enabled=False))
    out = {path: text.encode("utf-8") for path, text in made.pages.items()}
    out.update({path: made.files[path] for path in GOLDEN_FILES})
    return out


def regenerate() -> None:
    """Rewrite tests/golden/site/ from the current generator (what UPDATE_GOLDEN=1 does)."""
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for path, data in generated().items():
        target = GOLDEN / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def test_generated_docs_match_golden():
    if os.environ.get("UPDATE_GOLDEN"):
        regenerate()
    pages = generated()
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(pages) == sorted(expected)
    for path, data in pages.items():
        assert data.decode("utf-8") == expected[path].decode("utf-8"), path
