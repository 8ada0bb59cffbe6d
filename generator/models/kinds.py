"""The registry of entry kinds: everything the tool knows about a kind, in one entry.

Each view derives its per-kind table from here — the loader (folder, extension), `new`
(id format), the schema export and guide, the portal's entry pages, listings, breadcrumbs,
exports and search, the summary of a merge request — so adding a kind is one ``Kind(…)`` below
plus its model (and, when it has a page, its page maker). ``tests/test_kinds.py`` fails when a
kind lacks a part or a part has no kind.

A part a kind deliberately does not have is written ``Omitted("why")``, never left out: a kind
added without, say, a listing is then a decision someone wrote down, not an oversight.

This module stays on the model side: it names the portal's page makers as strings, which
``generator.site.pages`` registers (models must not import the site).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .common import Entry
from .management import BulletinNote, Event, Experience, Facility, Targets
from .organisation import Base, Person, Studio
from .papers import Anthology, Paper
from .projects import Project
from .property import Patent, Software
from .proposals import Suggestion, Wuxiao
from .recognition import Award
from .selection import Notice, ScoreSheet, Selection


@dataclass(frozen=True)
class Omitted:
    """A part a kind does not have, and why."""

    why: str


@dataclass(frozen=True)
class Page:
    """Where the portal shows an entry of the kind."""

    path: str  # docs path of the page, from the entry: "{folder}/{id}.md", "events/{year}.md"
    # name of the page maker (a function registered in generator/site/pages.py by @page_maker);
    # "" when another module writes the page that shows the entry, named in ``written_by``
    maker: str = ""
    crumb: tuple[str, str, str] | None = None  # breadcrumb: (tab, overview's label, overview page)
    written_by: str = ""  # when there is no maker: the module writing ``path``, and what it shows


@dataclass(frozen=True)
class Column:
    """A column of a listing table. ``value`` says what a cell shows (generator/site/listings.py):
    ``link`` the entry itself, linked; ``plain:f`` field f as it is (numbers, dates, ids);
    ``text:f`` field f as text; ``ref:f`` the entry field f refers to, linked (``project.base``:
    the sub-base of the project it refers to; — when empty); ``who:f`` a person, linked, or an
    outside author's name and organisation (a list: everyone, 、-separated); ``amount:f`` a sum of money (1,000) or —."""

    header: str
    value: str


@dataclass(frozen=True)
class Facet:
    """A split of a listing: one page of entries per value of ``field`` (``filed.year``: the
    year of the date ``filed``). With a vocabulary, values are ordered as the vocabulary lists them
    and pages are numbered by position (list-status-03) rather than named by the value."""

    name: str
    label: str
    field: str
    vocab: str | None = None


@dataclass(frozen=True)
class Listing:
    """The kind's overview (``<folder>/index.md``), its full list and one list per facet value."""

    columns: tuple[Column, ...]
    facets: tuple[Facet, ...] = ()
    newest_first: bool = False  # by year, newest first, then by id; otherwise by id


# A search field is a path into the entry (``team.person``: each team member's person;
# ``project.base``: the sub-base of the project it refers to) or a function of the entry.
# A path ending in ``@`` stands for the names of the entries it refers to (people, studios …).
SearchField = str | Callable[[Entry], object]


@dataclass(frozen=True)
class Search:
    """What makes the entry findable in 成果检索 (generator/search/documents.py)."""

    type: str  # the value of the type facet, as short as a reader types it: 课题, 软著
    rank: int  # results and the type facet list kinds by rank
    title: SearchField = "title"
    keywords: tuple[SearchField, ...] = ()  # whole words, weighted above text
    text: tuple[SearchField, ...] = ()  # besides the Markdown body
    year: SearchField | None = None
    base: SearchField | None = None  # the sub-base facet: an id of a sub-base
    facets: tuple[str, ...] = ()  # fields that fill the facet of the same name (status, level …)
    related: str = ""  # text of related entries: a name from documents.RELATED
    words: tuple[str, ...] = ()  # besides ``type``, words of a query that name the kind (项目 → 课题)


@dataclass(frozen=True)
class Export:
    """In 数据导出: a CSV and a JSON file, and a sheet of the Excel workbook. The columns are the
    model's fields in order (with the Markdown body in CSV/JSON), headed in the workbook by the
    first clause of each field's description: a new field is exported without a table to edit."""

    rank: int  # the exports page and the workbook list kinds by rank


@dataclass(frozen=True)
class Kind:
    name: str  # code name, used in references and the CLI (`new project`)
    label: str  # what contributors call it
    folder: str  # under content/, and the folder of its pages and listings on the portal
    ext: str  # ".yml" (data only) or ".md" (front matter + Markdown body)
    model: type[Entry]
    id_format: str  # for `new`: how the next id is written ({year}, {month}, {n})
    measure: str  # the counting word: 课题 3 项、论文 1 篇、人员 2 人
    page: Page | Omitted
    listing: Listing | Omitted
    search: Search | Omitted
    export: Export | Omitted
    by_year: bool = False  # files live in <folder>/<year>/
    shown_as: str = ""  # what the portal calls it, when not its label

    @property
    def id_pattern(self) -> str:
        """The regular expression every id of the kind matches (the model's, one place)."""
        return next(m.pattern for m in self.model.model_fields["id"].metadata if hasattr(m, "pattern"))

    @property
    def year_keyed(self) -> bool:
        """Whether the id is a year or a month (targets/2022, anthology/2022): unique within its
        kind only, and nothing refers to it by id."""
        return "{n" not in self.id_format

    @property
    def portal_label(self) -> str:
        return self.shown_as or self.label


_innovation, _people, _shared = "创新成果", "基地与人员", "两共享"


def _page(maker: str, tab: str, overview: str, overview_folder: str) -> Page:
    """An entry page in the kind's folder, made by ``maker``; its breadcrumb names the tab and
    the overview (``<overview_folder>/index.md``) it belongs to."""
    return Page("{folder}/{id}.md", maker, (tab, overview, f"{overview_folder}/index.md"))


# 合理化建议 and “五小”成果 are listed and searched alike (one model, generator/models/proposals.py):
# found by the problem and the proposal, split by their decision and their own category list
_PROPOSAL_COLUMNS = (Column("名称", "link"), Column("提出日期", "plain:date"), Column("提出人", "who:proposers"),
                     Column("分基地", "ref:base"), Column("类别", "text:category"), Column("评审结论", "text:decision"))
_PROPOSAL_SEARCH = dict(keywords=("keywords", "proposers@", "category", "decision", "id"),
                        text=("problem", "proposal", "reason", "implementation.note"), year="year", base="base")


def _proposal_facets(categories: str) -> tuple[Facet, ...]:
    return (Facet("year", "年度", "year"), Facet("base", "分基地", "base"),
            Facet("decision", "评审结论", "decision", "proposal_decision"), Facet("category", "类别", "category", categories))


KINDS: dict[str, Kind] = {k.name: k for k in [
    Kind("base", "分基地", "bases", ".yml", Base, "FJD-{n:02d}", "个",
         page=_page("base_page", _people, "分基地", "bases"),
         listing=Omitted("分基地只有十来个：总览 bases/index.md 是一张表（build.py build_indexes），不分页"),
         search=Search("分基地", 7, title="name", keywords=("union", "id"), text=("feature",), base="id"),
         export=Export(7)),
    Kind("person", "人员", "people", ".yml", Person, "QD{n:05d}", "人",
         page=_page("person_page", _people, "人员", "people"),
         listing=Listing((Column("姓名", "link"), Column("工号", "plain:id"), Column("分基地", "ref:base"),
                          Column("岗位", "text:position"), Column("技能等级/职称", "text:skill")),
                         (Facet("base", "分基地", "base"),)),
         search=Search("人员", 5, title="name", keywords=("titles.title", "position", "skill", "id"), base="base"),
         export=Export(2)),
    Kind("studio", "创新工作室", "studios", ".md", Studio, "GZS-{n:02d}", "个",
         page=_page("studio_page", _people, "创新工作室", "studios"),
         listing=Listing((Column("工作室", "link"), Column("级别", "text:level"), Column("领衔人", "ref:leader"),
                          Column("分基地", "ref:base")),
                         (Facet("level", "级别", "level", "studio_level"), Facet("base", "分基地", "base"))),
         # the direction is what a studio is searched by: a field, not body text
         search=Search("工作室", 4, title="name", keywords=("direction", "leader@", "members@", "id"),
                       year="founded.year", base="base", facets=("level",)),
         export=Export(3)),
    Kind("project", "创新课题", "projects", ".md", Project, "KT-{year}-{n:03d}", "项", by_year=True,
         page=_page("project_page", _innovation, "课题总览", "projects"),
         listing=Listing((Column("课题", "link"), Column("编号", "plain:id"), Column("年度", "plain:year"),
                          Column("分基地", "ref:base"), Column("类别", "text:category"), Column("状态", "text:status")),
                         (Facet("year", "年度", "year"), Facet("base", "分基地", "base"),
                          Facet("status", "状态", "status", "project_status"),
                          Facet("category", "类别", "category", "project_category"),
                          Facet("area", "攻关领域", "area", "project_area")), newest_first=True),
         search=Search("课题", 0, keywords=("keywords", "team.person@", "studio@", "category", "area", "id"),
                       text=("progress.note", "benefit.basis", "appraisal.conclusion"), year="year", base="base",
                       facets=("status",), related="outcomes", words=("项目",)),
         export=Export(1)),
    Kind("paper", "论文", "papers", ".md", Paper, "LW-{year}-{n:03d}", "篇", by_year=True,
         page=_page("paper_page", _innovation, "论文总览", "papers"),
         listing=Listing((Column("论文", "link"), Column("年度", "plain:year"), Column("第一作者", "who:authors.0"),
                          Column("专业", "text:discipline"), Column("分基地", "ref:base")),
                         (Facet("year", "年度", "year"), Facet("discipline", "专业", "discipline", "discipline"),
                          Facet("base", "分基地", "base")), newest_first=True),
         search=Search("论文", 1, keywords=("keywords", "authors@", "discipline", "id"), text=("abstract",),
                       year="year", base="base", facets=("discipline",), related="project", words=("文章",)),
         export=Export(4)),
    Kind("patent", "专利", "patents", ".yml", Patent, "ZL-{year}-{n:03d}", "项",
         page=_page("patent_page", _innovation, "专利", "patents"),
         listing=Listing((Column("专利", "link"), Column("分基地", "ref:project.base"), Column("课题", "ref:project"),
                          Column("类型", "text:type"), Column("申请日", "plain:filed"), Column("状态", "text:status")),
                         (Facet("year", "申请年度", "filed.year"), Facet("type", "类型", "type", "patent_type"),
                          Facet("status", "状态", "status", "patent_status"))),
         search=Search("专利", 2, keywords=("inventors@", "type", "application_no", "grant_no", "id"),
                       year="filed.year", base="project.base", facets=("status",), related="project", words=("专利号",)),
         export=Export(5)),
    Kind("software", "软件著作权", "software", ".yml", Software, "RZ-{year}-{n:03d}", "项",
         page=_page("software_page", _innovation, "软件著作权", "software"),
         listing=Listing((Column("软件", "link"), Column("分基地", "ref:project.base"), Column("课题", "ref:project"),
                          Column("登记号", "text:registration_no"), Column("登记日期", "plain:registered")),
                         (Facet("year", "登记年度", "registered.year"),)),
         search=Search("软著", 3, keywords=("authors@", "registration_no", "id"), year="registered.year",
                       base="project.base", related="project", words=("软件著作权", "著作权")),
         export=Export(6)),
    Kind("award", "奖励", "awards", ".yml", Award, "JL-{year}-{n:03d}", "项",
         page=_page("award_page", _innovation, "奖励", "awards"),
         listing=Listing((Column("奖励", "link"), Column("年度", "plain:year"), Column("级别", "text:level"),
                          Column("等级", "text:grade"), Column("金额（元）", "amount:amount")),
                         (Facet("year", "年度", "year"), Facet("level", "级别", "level", "award_level")),
                         newest_first=True),
         search=Search("奖励", 6, title="name", keywords=("granted_by", "grade", "recipients@"), text=("note",),
                       year="year", facets=("level",), related="recipients", words=("获奖", "奖项")),
         export=Export(8)),
    Kind("targets", "年度目标", "targets", ".yml", Targets, "{year}", "份",
         page=Page("dashboards/targets.md", written_by="dashboards.py：年度目标看板，各年的目标与完成情况在一页"),
         listing=Omitted("每年一份，全部在年度目标看板上"),
         search=Omitted("目标是数字，不是成果：检索找的是课题、论文等条目"),
         export=Export(9)),
    Kind("event", "活动", "events", ".yml", Event, "HD-{year}-{n:03d}", "次", by_year=True,
         page=Page("events/{year}.md", written_by="home.py build_events：每年一页，列出当年的活动"),
         listing=Omitted("活动按年度列在 events/<年份>.md 上，那一页就是列表"),
         search=Search("活动", 10, keywords=("kind", "location"), text=("summary",), year="year", base="base"),
         export=Export(10)),
    Kind("facility", "共享设施", "facilities", ".yml", Facility, "SS-{n:02d}", "个",
         page=_page("facility_page", _shared, "共享经验与设施", "shared"),
         listing=Omitted("设施不多，列在“两共享”页（home.py shared_page）"),
         search=Search("设施", 9, title="name", keywords=("equipment", "location", "id"), text=("purpose",),
                       base="base"),
         export=Export(11)),
    Kind("experience", "经验文章", "experience", ".md", Experience, "JY-{year}-{n:03d}", "篇",
         page=_page("experience_page", _shared, "经验文章", "experience"),
         listing=Listing((Column("标题", "link"), Column("作者", "ref:author"), Column("日期", "plain:date"))),
         search=Search("经验", 8, keywords=("keywords", "author@", "id"), year="date.year", base="base"),
         export=Export(12)),
    Kind("anthology", "论文集选编", "anthology", ".yml", Anthology, "{year}", "份", shown_as="论文集",
         page=_page("anthology_page", _innovation, "论文集", "anthology"),
         listing=Omitted("每年一卷：总览 anthology/index.md 逐卷列出（build.py build_indexes）"),
         search=Omitted("论文集收录的论文各自可检索；选编文件本身只是目录"),
         export=Export(13)),
    Kind("bulletin", "简报编者按", "bulletins", ".md", BulletinNote, "{year}-{month:02d}", "篇",
         page=Page("bulletins/{id}.md", written_by="bulletins.py：每月一期简报，编者按写在那一期的开头"),
         listing=Omitted("简报按月列在 bulletins/index.md（bulletins.py）"),
         # the editor's notes; the rest of a bulletin is indexed at its source
         search=Search("简报", 11, title=lambda n: n.title or f"{n.id[:4]}年{int(n.id[5:])}月简报",
                       keywords=(lambda n: "月度简报", "id"), year=lambda n: int(n.id[:4])),
         export=Export(14)),
    Kind("selection", "评选", "selections", ".yml", Selection, "PX-{year}-{n:03d}", "个", by_year=True,
         page=Omitted("评选的结果是奖励条目和公示，各有页面；评选文件是评审组的工作记录"),
         listing=Omitted("没有页面，也就没有列表"),
         search=Omitted("没有页面可打开"),
         export=Omitted("评审过程的记录，不随门户数据发布；结果在“奖励”中")),
    Kind("scoresheet", "专家评分表", "scores", ".yml", ScoreSheet, "PF-{year}-{n:03d}", "个", by_year=True,
         page=Omitted("专家的评分只交评审组，不在门户上公开"),
         listing=Omitted("不公开"),
         search=Omitted("不公开"),
         export=Omitted("不公开：评分表不随门户数据发布")),
    Kind("notice", "公示", "notices", ".yml", Notice, "GS-{year}-{n:03d}", "个",
         page=Page("notices/{id}.md", written_by="notices.py：每份公示一页，总览 notices/index.md"),
         listing=Omitted("公示总览 notices/index.md 由 notices.py 写出（按公示期排列，不按编号分页）"),
         search=Omitted("公示期内显示在首页顶部；名单中的课题和奖励各自可检索"),
         export=Omitted("公示是发布给职工看的通知，名单中的条目各自已导出")),
    Kind("suggestion", "合理化建议", "suggestions", ".yml", Suggestion, "HL-{year}-{n:03d}", "条", by_year=True,
         page=_page("proposal_page", _innovation, "合理化建议", "suggestions"),
         listing=Listing(_PROPOSAL_COLUMNS, _proposal_facets("suggestion_category"), newest_first=True),
         search=Search("建议", 12, words=("合理化建议",), **_PROPOSAL_SEARCH), export=Export(15)),
    Kind("wuxiao", "五小成果", "wuxiao", ".yml", Wuxiao, "WX-{year}-{n:03d}", "项", by_year=True,
         page=_page("proposal_page", _innovation, "五小成果", "wuxiao"),
         listing=Listing(_PROPOSAL_COLUMNS, _proposal_facets("wuxiao_category"), newest_first=True),
         search=Search("五小", 13, words=("五小成果",), **_PROPOSAL_SEARCH), export=Export(16)),
]}

BY_FOLDER: dict[str, Kind] = {k.folder: k for k in KINDS.values()}
