"""The bundled sample knowledge base reproduces the union's own figures and is clean.

The seed (秦皇岛发电有限责任公司工会, 2021–2022): 129 projects approved, 100 completed, 18 patents,
33 papers, 4 software copyrights, 13 sub-bases, 5 studios of city level or above, 11.8 万元 of
plant awards, more than 35 % of 1,180 staff in project groups. Regenerate the content with
``scripts/sample/make_sample.py``. The tests check the regenerated sample (``sample_root``),
not content/, which a union replaces with its own records.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from generator.kb.figures import compute_stats, metric_actual
from generator.validation import validate

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def result(sample_root):
    return validate(sample_root)


def test_sample_is_clean(result):
    problems = [f"{i.path}:{i.line} {i.code} {i.message}" for i in result.report.issues
                if i.severity.value in ("error", "warning")]
    assert problems == []
    assert result.report.errors == 0 and result.report.warnings == 0


def test_sample_is_fast(result):
    assert result.report.seconds < 10


def test_seed_figures(result):
    s = compute_stats(result.kb)
    assert s.projects_approved == 129
    assert s.projects_completed == 100
    assert s.patents == 18
    assert s.papers == 33
    assert s.software == 4
    assert s.bases == 13
    assert s.studios_city_or_above == 5
    assert s.plant_awards_yuan == 118_000
    assert s.headcount == 1180
    assert s.participants >= 400
    assert s.participation > 0.35
    assert s.years == (2021, 2022)


def test_2022_targets(result):
    kb = result.kb
    assert metric_actual(kb, "申报市级创新工作室", 2022) == 2
    assert metric_actual(kb, "厂级创新工作室", 2022) == 10
    assert metric_actual(kb, "立项课题", 2022) >= 50
    assert metric_actual(kb, "申报专利", 2022) == 10


def test_every_group_pairs_old_and_new(result):
    for p in result.kb.projects:
        roles = [m.role for m in p.team]
        assert roles.count("组长") == 1, p.id
        assert "导师" in roles and "徒弟" in roles, p.id


def test_dates_within_the_two_years(result):
    end = date(2022, 12, 31)
    for p in result.kb.projects:
        for d in (p.proposed, p.approved, p.started, p.completed, p.appraisal.date if p.appraisal else None):
            assert d is None or date(2021, 1, 1) <= d <= end, p.id
        assert all(n.date <= end for n in p.progress), p.id


def test_substantial_papers(result):
    kb = result.kb
    long = []
    for paper in kb.papers:
        body = kb.body(paper.id)
        assert len(CJK.findall(body)) >= 500, paper.id
        if (len(CJK.findall(body)) >= 1500 and "| ---" in body and "$" in body
                and re.search(r"!\[[^\]]+\]\(LW-\d{4}-\d{3}/[^)]+\.svg\)", body) and paper.references):
            long.append(paper.id)
    assert len(long) >= 10


def test_anthology_2021_lists_the_2021_papers(result):
    kb = result.kb
    (book,) = [a for a in kb.anthologies if a.year == 2021]
    listed = [pid for s in book.sections for pid in s.papers]
    assert sorted(listed) == sorted(p.id for p in kb.papers if p.year == 2021)
    assert book.title == "秦电创新科技"


def test_bodies_are_not_repeated(result):
    kb = result.kb
    bodies = [kb.body(p.id) for p in kb.projects] + [kb.body(p.id) for p in kb.papers]
    assert len(set(bodies)) == len(bodies)
    titles = [p.title for p in kb.projects]
    assert len(set(titles)) == len(titles)


def test_benefits_fit_a_small_plant_that_was_losing_money(result):
    """Confirmed benefits go far beyond the 11.8 万元 of awards, yet stay a few million 元 a year."""
    kb = result.kb
    by_year: dict[int, float] = {}
    for p in kb.projects:
        for b in p.benefits:
            if b.type != "非经济" and b.confirmed_by:
                wan = b.amount / 10000 if b.unit == "元" else b.amount
                by_year[b.period.start.year] = by_year.get(b.period.start.year, 0) + wan
            if b.type != "非经济":
                assert b.method and "元" in b.method, p.id
    assert sum(by_year.values()) > 11.8 * 5
    assert all(total < 1000 for total in by_year.values()), by_year  # under 1,000 万元 a year


def test_stalled_and_changed_work_is_recorded(result):
    kb = result.kb
    stopped = [p for p in kb.projects if p.status == "终止"]
    assert stopped and all(any(c.type == "终止" and c.reason for c in p.changes) for p in stopped)
    assert sum(1 for p in kb.projects for c in p.changes if c.type == "延期" and c.reason and c.new_end) >= 3


def test_headcounts_uses_publications_and_applications(result):
    kb = result.kb
    for year in (2021, 2022):
        assert sum(b.headcount.get(year, 0) for b in kb.bases) == kb.config.headcount(year)
    assert sum(1 for p in kb.papers if p.published) >= 3
    assert any(p.uses for p in kb.projects) and any(p.uses for p in kb.patents)
    assert {a.status for s in kb.studios for a in s.applications} >= {"申报中", "未通过"}
