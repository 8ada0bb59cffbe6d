"""The content model: one pydantic class per kind of entry, and where each kind lives."""

from __future__ import annotations

from dataclasses import dataclass

from .common import Entry
from .management import BulletinNote, Event, Experience, Facility, Targets
from .organisation import Base, Person, Studio
from .papers import Anthology, Paper
from .projects import Project
from .property import Patent, Software
from .recognition import Award
from .selection import Notice, ScoreSheet, Selection


@dataclass(frozen=True)
class Kind:
    name: str  # code name, used in references and the CLI (`new project`)
    label: str  # what contributors call it
    folder: str  # under content/
    ext: str  # ".yml" (data only) or ".md" (front matter + Markdown body)
    model: type[Entry]
    by_year: bool = False  # files live in <folder>/<year>/
    id_format: str = ""  # for `new`: how the next id is written


KINDS: dict[str, Kind] = {k.name: k for k in [
    Kind("base", "分基地", "bases", ".yml", Base, id_format="FJD-{n:02d}"),
    Kind("person", "人员", "people", ".yml", Person, id_format="QD{n:05d}"),
    Kind("studio", "创新工作室", "studios", ".md", Studio, id_format="GZS-{n:02d}"),
    Kind("project", "创新课题", "projects", ".md", Project, by_year=True, id_format="KT-{year}-{n:03d}"),
    Kind("paper", "论文", "papers", ".md", Paper, by_year=True, id_format="LW-{year}-{n:03d}"),
    Kind("patent", "专利", "patents", ".yml", Patent, id_format="ZL-{year}-{n:03d}"),
    Kind("software", "软件著作权", "software", ".yml", Software, id_format="RZ-{year}-{n:03d}"),
    Kind("award", "奖励", "awards", ".yml", Award, id_format="JL-{year}-{n:03d}"),
    Kind("targets", "年度目标", "targets", ".yml", Targets, id_format="{year}"),
    Kind("event", "活动", "events", ".yml", Event, by_year=True, id_format="HD-{year}-{n:03d}"),
    Kind("facility", "共享设施", "facilities", ".yml", Facility, id_format="SS-{n:02d}"),
    Kind("experience", "经验文章", "experience", ".md", Experience, id_format="JY-{year}-{n:03d}"),
    Kind("anthology", "论文集选编", "anthology", ".yml", Anthology, id_format="{year}"),
    Kind("bulletin", "简报编者按", "bulletins", ".md", BulletinNote, id_format="{year}-{month:02d}"),
    Kind("selection", "评选", "selections", ".yml", Selection, by_year=True, id_format="PX-{year}-{n:03d}"),
    Kind("scoresheet", "专家评分表", "scores", ".yml", ScoreSheet, by_year=True, id_format="PF-{year}-{n:03d}"),
    Kind("notice", "公示", "notices", ".yml", Notice, id_format="GS-{year}-{n:03d}"),
]}

BY_FOLDER: dict[str, Kind] = {k.folder: k for k in KINDS.values()}

__all__ = ["KINDS", "BY_FOLDER", "Kind", "Entry", "Base", "Person", "Studio", "Project", "Paper",
           "Anthology", "Patent", "Software", "Award", "Targets", "Event", "Facility",
           "Experience", "BulletinNote", "Selection", "ScoreSheet", "Notice"]
