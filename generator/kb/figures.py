"""The base's headline figures and the yearly target counters, computed from the knowledge base.

One definition of each figure: `stats`, the home page, the dashboards and the target check all
call these functions, so they cannot disagree.

Two figures differ from a plain count on purpose, and every page showing both says so
(generator/site/listings.py counted_as):
* 立项课题 counts projects with an approval date and an approved or completed status
  (rules.yml approved_statuses / completed_statuses); 课题总览's total also counts proposals,
  rejected and terminated projects. A project terminated after its approval is left out of
  立项课题 (the seed's 129 are the projects approved and still carried on; the union's yearly
  report counts them so), and every place showing the figure says how many were left out
  (立项课题（不含立项后终止的 2 项）), so 129 beside 131 files with ``approved`` is not a puzzle.
* 参与职工 counts the distinct people of project groups; 人员 lists everyone with an entry.
  The pooled figure over all years is divided by the latest year's headcount: it is labelled
  累计 wherever shown, beside each year's own rate (that year's groups / that year's headcount).
Terms: a project group's mentor is 导师 (the team_role vocabulary) on every page, never 师傅.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import get_args

from generator.config import Counter
from generator.kb import KnowledgeBase


def _approved(kb: KnowledgeBase, year: int | None = None):
    ok = set(kb.config.rules.approved_statuses) | set(kb.config.rules.completed_statuses)
    return [p for p in kb.projects if p.status in ok and p.approved
            and (year is None or p.approved.year == year)]


def terminated_after_approval(kb: KnowledgeBase) -> list:
    """Projects approved, then terminated: not in 立项课题, said beside it."""
    ok = set(kb.config.rules.approved_statuses) | set(kb.config.rules.completed_statuses)
    return [p for p in kb.projects if p.approved and p.status not in ok and (p.terminated or p.status == "终止")]


def approved_label(stats: Stats) -> str:
    """立项课题, with the projects it leaves out when there are any."""
    n = stats.projects_terminated
    return f"立项课题（不含立项后终止的 {n} 项）" if n else "立项课题"


def _completed(kb: KnowledgeBase, year: int | None = None):
    ok = set(kb.config.rules.completed_statuses)
    return [p for p in kb.projects if p.status in ok and p.completed
            and (year is None or p.completed.year == year)]


def participants(kb: KnowledgeBase, year: int | None = None) -> set[str]:
    """Distinct people in project groups (of projects approved in ``year``, or of all)."""
    projects = [p for p in kb.projects if year is None or p.year == year]
    return {m.person for p in projects for m in p.team}


def participation_in(kb: KnowledgeBase, year: int) -> tuple[int, int | None, float | None]:
    """(people in the groups of ``year``'s projects, that year's headcount, their ratio)."""
    n = len(participants(kb, year))
    headcount = kb.config.headcount(year)
    return n, headcount, (n / headcount if headcount else None)


def mentor_pairs(kb: KnowledgeBase) -> set[tuple[str, str]]:
    """师带徒 pairs: every (mentor, apprentice) that share a project group."""
    pairs = set()
    for p in kb.projects:
        mentors = [m.person for m in p.team if m.role == "导师"]
        apprentices = [m.person for m in p.team if m.role == "徒弟"]
        pairs.update((a, b) for a in mentors for b in apprentices)
    return pairs


def studio_level_at(studio, when: date) -> str | None:
    current = None
    for step in studio.levels:
        if step.date <= when:
            current = step.level
    return current


def is_city_or_above(kb: KnowledgeBase, level: str | None) -> bool:
    ladder = kb.config.vocab.get("studio_level", [])
    return level in ladder and ladder.index(level) >= 1


def plant_award_total(kb: KnowledgeBase, year: int | None = None) -> int:
    levels = set(kb.config.rules.plant_award_levels)
    return sum(a.amount or 0 for a in kb.awards if a.level in levels and (year is None or a.year == year))


# --- yearly target counters (names referenced from site_config/rules.yml) ------------------

def _studios_city_named(kb, year, base=None):
    return sum(1 for s in kb.studios if (base is None or s.base == base) and any(
        step.date.year == year and is_city_or_above(kb, step.level) for step in s.levels))


def _studios_factory(kb, year, base=None):
    end = date(year, 12, 31)
    return sum(1 for s in kb.studios if (base is None or s.base == base)
               and studio_level_at(s, end) == kb.config.vocab["studio_level"][0])


COUNTERS = {
    "studios_city_named": _studios_city_named,
    "studios_factory": _studios_factory,
    "projects_approved": lambda kb, y, b=None: sum(1 for p in _approved(kb, y) if b is None or p.base == b),
    "projects_completed": lambda kb, y, b=None: sum(1 for p in _completed(kb, y) if b is None or p.base == b),
    "patents_filed": lambda kb, y, b=None: sum(1 for p in kb.patents if p.filed.year == y
                                               and (b is None or _patent_base(kb, p) == b)),
    "papers_written": lambda kb, y, b=None: sum(1 for p in kb.papers if p.year == y and (b is None or p.base == b)),
    "software_registered": lambda kb, y, b=None: sum(1 for s in kb.software if s.registered.year == y
                                                     and (b is None or _software_base(kb, s) == b)),
}


assert set(COUNTERS) == set(get_args(Counter)), "generator/config.py Counter and COUNTERS differ"


def _patent_base(kb, patent):
    project = kb.get(patent.project) if patent.project else None
    if project is not None:
        return project.base
    first = next((i for i in patent.inventors if isinstance(i, str)), None)
    person = kb.get(first) if first else None
    return person.base if person is not None else None


def _software_base(kb, software):
    project = kb.get(software.project) if software.project else None
    return project.base if project is not None else None


def metric_actual(kb: KnowledgeBase, metric: str, year: int, base: str | None = None) -> int:
    counter = kb.config.rules.target_counters[metric]
    return COUNTERS[counter](kb, year, base)


@dataclass(frozen=True)
class Stats:
    projects_approved: int
    projects_terminated: int  # approved, then terminated: left out of projects_approved
    projects_completed: int
    patents: int
    papers: int
    software: int
    bases: int
    studios: int
    studios_city_or_above: int
    people: int
    participants: int
    headcount: int | None
    participation: float | None  # cumulative: people of all years / the latest year's headcount
    participation_by_year: dict  # year → (people in that year's groups, that year's headcount, rate)
    mentor_pairs: int
    plant_awards_yuan: int
    awards: int
    years: tuple[int, ...]
    by_year: dict


def compute_stats(kb: KnowledgeBase) -> Stats:
    years = sorted({p.year for p in kb.projects} | {p.year for p in kb.papers})
    headcount = kb.config.headcount(years[-1]) if years else None
    people = participants(kb)
    by_year = {}
    for y in years:
        by_year[y] = {
            "立项课题": len(_approved(kb, y)),
            "完成课题": len(_completed(kb, y)),
            "申报专利": sum(1 for p in kb.patents if p.filed.year == y),
            "撰写论文": sum(1 for p in kb.papers if p.year == y),
            "软件著作权": sum(1 for s in kb.software if s.registered.year == y),
            "基地奖励（元）": plant_award_total(kb, y),
        }
    return Stats(
        projects_approved=len(_approved(kb)),
        projects_terminated=len(terminated_after_approval(kb)),
        projects_completed=len(_completed(kb)),
        patents=len(kb.patents),
        papers=len(kb.papers),
        software=len(kb.software),
        bases=len(kb.bases),
        studios=len(kb.studios),
        studios_city_or_above=sum(1 for s in kb.studios if is_city_or_above(kb, s.level)),
        people=len(kb.people),
        participants=len(people),
        headcount=headcount,
        participation=(len(people) / headcount) if headcount else None,
        participation_by_year={y: participation_in(kb, y) for y in years},
        mentor_pairs=len(mentor_pairs(kb)),
        plant_awards_yuan=plant_award_total(kb),
        awards=len(kb.awards),
        years=tuple(years),
        by_year=by_year,
    )
