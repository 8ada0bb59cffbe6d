"""The registry of kinds (generator/models/kinds.py): every kind has every part, or says why not.

``problems()`` is the check: it reads a registry and the page makers the site registered and
lists what is missing or dangling. The first test runs it on the real registry; the others feed
it broken registries — a kind without a page maker, a maker without a kind, a listing column or
search field naming a field the model does not have … — and assert each is reported, so the
check is known to bite.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import get_args

import pytest
from pydantic import BaseModel

from conftest import REPO, make_root
from generator.config import load_config
from generator.models import KINDS, Column, Export, Facet, Kind, Listing, Omitted, Page, Search
from generator.search.documents import RELATED, documents
from generator.search.glossary import TYPE_WORDS
from generator.site.build import Progress, generate, navigation
from generator.site.context import Site
from generator.site.listings import LISTED, with_overviews
from generator.site.pages import PAGE_MAKERS
from generator.site.workbook import ref_kind
from generator.validation import validate

PARTS = ("page", "listing", "search", "export")
SPECS = {"page": Page, "listing": Listing, "search": Search, "export": Export}
CELLS = {"link", "plain", "text", "ref", "who", "amount"}


# --- reading a model the way the registry's paths do ------------------------------------------

def _inner(annotation):
    """The model (or date) a field holds, looking inside lists, optionals and Annotated."""
    if isinstance(annotation, type) and (issubclass(annotation, BaseModel) or annotation is date):
        return annotation
    for arg in get_args(annotation):
        found = _inner(arg)
        if found is not None:
            return found
    return None


def path_problem(kinds: dict[str, Kind], model: type[BaseModel], path: str) -> str:
    """Why ``path`` (``team.person``, ``filed.year``, ``project.base``, ``authors.0``) does not
    lead anywhere in ``model``; "" when it does."""
    current: object = model
    for part in path.rstrip("@").split("."):
        if current is date:
            if part not in ("year", "month", "day"):
                return f"日期没有 {part}"
            current = int
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            if info is None:
                if isinstance(getattr(current, part, None), property):
                    current = object  # a computed value (Studio.level): nothing further to check
                    continue
                return f"{current.__name__} 没有字段 {part}"
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            target = extra.get("x-ref") or ref_kind(info.annotation)
            if target in kinds:
                current = ("ref", kinds[target].model)
            else:
                current = _inner(info.annotation) or object
        elif isinstance(current, tuple):  # a reference: an index into its list, or its entry's field
            if part.isdigit():
                continue
            current = current[1]
            info = current.model_fields.get(part)
            if info is None:
                return f"{current.__name__} 没有字段 {part}"
            current = _inner(info.annotation) or object
        elif part.isdigit() and current is not object:
            continue
        else:
            return f"{part} 之前的值没有下一级"
    return ""


# --- the check ------------------------------------------------------------------------------

def problems(kinds: dict[str, Kind], makers: dict, vocab: dict[str, list]) -> list[str]:
    out = []
    for name, kind in kinds.items():
        out += [f"{name}: {p}" for p in kind_problems(kinds, kind, makers, vocab)]
    for part in ("search", "export"):
        ranks = [getattr(k, part).rank for k in kinds.values() if isinstance(getattr(k, part), SPECS[part])]
        if len(ranks) != len(set(ranks)):
            out.append(f"{part}: 两种条目的 rank 相同 {sorted(ranks)}")
    words = [w for k in kinds.values() if isinstance(k.search, Search) for w in (k.search.type, *k.search.words)]
    if len(words) != len(set(words)):
        out.append(f"search: 两种条目的 type 或 words 相同 {sorted(w for w in words if words.count(w) > 1)}")
    used = {k.page.maker for k in kinds.values() if isinstance(k.page, Page) and k.page.maker}
    out += [f"页面生成函数 {m} 不属于任何一种条目" for m in sorted(set(makers) - used)]
    folders = [k.folder for k in kinds.values()]
    if len(folders) != len(set(folders)):
        out.append(f"两种条目用同一个目录 {folders}")
    return out


def kind_problems(kinds, kind: Kind, makers: dict, vocab: dict) -> list[str]:
    out = []
    for part in PARTS:
        value = getattr(kind, part)
        if isinstance(value, Omitted):
            if not value.why.strip():
                out.append(f"{part} 是 Omitted 但没有写原因")
        elif not isinstance(value, SPECS[part]):
            out.append(f"{part} 应为 {SPECS[part].__name__} 或 Omitted(原因)，实为 {value!r}")
    if not (issubclass(kind.model, BaseModel) and "id" in kind.model.model_fields):
        return out + ["模型没有 id 字段"]
    example = kind.id_format.format(year=2022, month=3, n=7)
    if not re.fullmatch(kind.id_pattern, example):
        out.append(f"id_format 生成的 {example} 不符合模型的编号格式 {kind.id_pattern}")
    if kind.ext not in (".yml", ".md"):
        out.append(f"ext 应为 .yml 或 .md：{kind.ext}")
    if isinstance(kind.page, Page):
        page = kind.page
        if page.maker:
            if page.maker not in makers:
                out.append(f"页面生成函数 {page.maker} 没有在 generator/site/pages.py 中用 @page_maker 注册")
            if page.path != "{folder}/{id}.md":
                out.append("有页面生成函数的条目页面应在 {folder}/{id}.md")
            if not page.crumb:
                out.append("条目页需要面包屑 crumb")
        elif not page.written_by.strip():
            out.append("page 没有 maker，也没有写明哪个模块写出这一页（written_by）")
    if kind.by_year and "year" not in kind.model.model_fields:
        out.append("by_year 的条目需要 year 字段（年份目录 = 年份）")
    if isinstance(kind.listing, Listing):
        if not (isinstance(kind.page, Page) and kind.page.crumb):
            out.append("有列表的条目需要条目页和面包屑（列表总览按面包屑放进导航）")
        if not kind.listing.columns or kind.listing.columns[0].value != "link":
            out.append("列表的第一列应为条目本身（link）")
        for column in kind.listing.columns:
            how, _, path = column.value.partition(":")
            if how not in CELLS or (how == "link") == bool(path):
                out.append(f"列“{column.header}”的写法 {column.value} 不认识")
            elif path and (why := path_problem(kinds, kind.model, path)):
                out.append(f"列“{column.header}”：{why}")
        for facet in kind.listing.facets:
            if why := path_problem(kinds, kind.model, facet.field):
                out.append(f"分面 {facet.name}：{why}")
            if facet.vocab and facet.vocab not in vocab:
                out.append(f"分面 {facet.name}：取值表 {facet.vocab} 不在 vocabularies.yml 中")
        if kind.listing.newest_first and "year" not in kind.model.model_fields:
            out.append("newest_first 需要 year 字段")
    if isinstance(kind.search, Search):
        search = kind.search
        fields = [search.title, *search.keywords, *search.text, search.year, search.base, *search.facets]
        for spec in fields:
            if isinstance(spec, str) and (why := path_problem(kinds, kind.model, spec)):
                out.append(f"检索字段 {spec}：{why}")
        if search.related and search.related not in RELATED:
            out.append(f"检索的 related={search.related} 不在 documents.RELATED 中")
        if not re.fullmatch(r"[\u4e00-\u9fff]+", search.type):
            out.append(f"检索类型名应为中文：{search.type}")
    if isinstance(kind.export, Export):
        for field, info in kind.model.model_fields.items():
            if not (info.description and re.search(r"[\u4e00-\u9fff]", info.description)):
                out.append(f"导出列 {field} 没有中文说明（工作簿的表头取自它）")
    return out


# --- the real registry ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def vocab():
    return load_config(REPO).vocab


def test_every_kind_has_every_part_or_says_why_not(vocab):
    assert problems(KINDS, PAGE_MAKERS, vocab) == []


def test_every_part_is_a_required_argument():
    """A kind written without one of its parts does not even load: there is no default."""
    fields = {f.name: f for f in dataclasses.fields(Kind)}
    for part in PARTS:
        assert fields[part].default is dataclasses.MISSING, part
    with pytest.raises(TypeError, match="listing"):
        Kind("toy", "玩具", "toys", ".yml", KINDS["facility"].model, "WJ-{n:02d}", "个",
             page=Omitted("—"), search=Omitted("—"), export=Omitted("—"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_root(tmp_path_factory.mktemp("kinds"))
    result = validate(root, today=date(2023, 1, 1))
    assert result.report.ok
    site = Site(kb=result.kb, ref_date=date(2023, 1, 1))
    return site, generate(site, Progress(enabled=False))


def _nav_paths(nav) -> set[str]:
    return {p for tab in nav for items in tab.values() for p in
            ([items] if isinstance(items, str) else [v for item in items for v in item.values()])}


def test_every_listed_kind_is_in_the_navigation_under_its_breadcrumbs_tab():
    nav = navigation()
    for kind in LISTED.values():
        tab, label, overview = kind.page.crumb
        assert any({label: overview} in section.get(tab, []) for section in nav), kind.name
    # a kind the hand-written navigation does not know yet joins its tab
    nav = [{"首页": "index.md"}, {"基地与人员": [{"人员": "people/index.md"}]}]
    with_overviews(nav)
    assert {"创新工作室": "studios/index.md"} in nav[1]["基地与人员"]
    assert "projects/index.md" not in _nav_paths(nav)  # its tab is not in this navigation


def test_every_entry_of_a_kind_with_a_page_is_shown_on_a_generated_page(built):
    built, made = built
    shown = 0
    for name, kind in KINDS.items():
        if not isinstance(kind.page, Page):
            continue
        for entry in built.lists[name]:
            assert built.path_of(entry.id, name) in made.pages, (name, entry.id)
            shown += 1
        if kind.page.crumb:
            assert kind.page.crumb[2] in made.pages, (name, kind.page.crumb)
    assert shown >= 20  # kb_small has entries of most kinds: the loop above checked something


def test_every_listed_kind_has_its_overview_and_full_list(built):
    _, made = built
    assert set(LISTED) == {k.folder for k in KINDS.values() if isinstance(k.listing, Listing)}
    for folder, kind in LISTED.items():
        assert f"{folder}/index.md" in made.pages and f"{folder}/list-all.md" in made.pages
        header = "".join(f"<th>{c.header}</th>" for c in kind.listing.columns)
        assert header in made.pages[f"{folder}/list-all.md"], folder


def test_every_searched_kind_gives_documents_and_is_named_by_its_type_words(built):
    built, _ = built
    docs = documents(built.kb, lambda kind, entry_id: built.path_of(entry_id, kind))
    searched = {k.name for k in KINDS.values() if isinstance(k.search, Search)}
    with_entries = {name for name in searched if built.lists[name]}
    assert {d.kind for d in docs} == with_entries
    assert all(d.title and d.url for d in docs)
    for kind in KINDS.values():
        if isinstance(kind.search, Search):
            assert all(TYPE_WORDS[w] == kind.search.type for w in (kind.search.type, *kind.search.words))


def test_every_exported_kind_is_on_the_exports_page(built):
    _, made = built
    for name, kind in KINDS.items():
        listed = f"[CSV]({name}.csv)" in made.pages["exports/index.md"]
        assert listed == isinstance(kind.export, Export), name
        assert (f"exports/{name}.csv" in made.files) == listed


# --- the check bites ------------------------------------------------------------------------

def _with(**changes) -> dict[str, Kind]:
    """The registry with the facility kind changed (it has a page, no listing)."""
    return {**KINDS, "facility": dataclasses.replace(KINDS["facility"], **changes)}


def _toy(**parts) -> dict[str, Kind]:
    base = dict(page=Omitted("没有"), listing=Omitted("没有"), search=Omitted("没有"), export=Omitted("没有"))
    toy = Kind("toy", "玩具", "toys", ".yml", KINDS["facility"].model, "SS-{n:02d}", "个", **(base | parts))
    return {**KINDS, "toy": toy}


@pytest.mark.parametrize("registry, makers, expected", [
    (lambda: _toy(page=Page("{folder}/{id}.md", "toy_page", ("两共享", "玩具", "toys/index.md"))), None,
     "toy: 页面生成函数 toy_page 没有在 generator/site/pages.py 中用 @page_maker 注册"),
    (lambda: KINDS, lambda: {**PAGE_MAKERS, "toy_page": print}, "页面生成函数 toy_page 不属于任何一种条目"),
    (lambda: _toy(page=Page("{folder}/{id}.md")), None, "toy: page 没有 maker"),
    (lambda: _toy(page=Page("{folder}/{id}.md", "facility_page")), None, "toy: 条目页需要面包屑"),
    (lambda: _toy(listing=Omitted(" ")), None, "toy: listing 是 Omitted 但没有写原因"),
    (lambda: _toy(listing=None), None, "toy: listing 应为 Listing 或 Omitted(原因)"),
    (lambda: _toy(listing=Listing((Column("设施", "link"), Column("楼层", "text:floor")))), None,
     "toy: 列“楼层”：Facility 没有字段 floor"),
    (lambda: _toy(listing=Listing((Column("设施", "link"), Column("地点", "txt:location")))), None,
     "toy: 列“地点”的写法 txt:location 不认识"),
    (lambda: _toy(listing=Listing((Column("设施", "link"),), (Facet("kind", "类别", "kind", "facility_kind"),))), None,
     "toy: 分面 kind：Facility 没有字段 kind"),
    (lambda: _toy(listing=Listing((Column("设施", "link"),), newest_first=True)), None, "toy: newest_first 需要 year"),
    (lambda: _toy(listing=Listing((Column("联系人", "ref:contact.name"), Column("设施", "link")))), None,
     "toy: 列表的第一列应为条目本身"),
    (lambda: _toy(listing=Listing((Column("设施", "link"), Column("联系人", "ref:contact.nmae")))), None,
     "toy: 列“联系人”：Person 没有字段 nmae"),
    (lambda: _toy(search=Search("设施", 99, title="name", keywords=("equipmnet",))), None,
     "toy: 检索字段 equipmnet：Facility 没有字段 equipmnet"),
    (lambda: _toy(search=Search("玩具", 99, title="name", related="nothing")), None, "toy: 检索的 related=nothing"),
    (lambda: _toy(search=Search("课题", 99, title="name")), None, "search: 两种条目的 type 或 words 相同"),
    (lambda: _toy(search=Search("玩具", 99, title="name", words=("项目",))), None, "search: 两种条目的 type 或 words 相同"),
    (lambda: _toy(search=Search("玩具", 0, title="name")), None, "search: 两种条目的 rank 相同"),
    (lambda: _toy(export=Export(1)), None, "export: 两种条目的 rank 相同"),
    (lambda: _with(id_format="SS{n:03d}"), None, "facility: id_format 生成的 SS007 不符合模型的编号格式"),
    (lambda: _with(folder="bases"), None, "两种条目用同一个目录"),
])
def test_the_check_reports_a_missing_or_dangling_part(vocab, registry, makers, expected):
    found = problems(registry(), makers() if makers else PAGE_MAKERS, vocab)
    assert any(p.startswith(expected) for p in found), found


def test_paths_are_read_like_the_views_read_them():
    model = KINDS["patent"].model
    assert path_problem(KINDS, model, "filed.year") == ""
    assert path_problem(KINDS, model, "project.base") == ""  # the project's sub-base
    assert path_problem(KINDS, model, "inventors@") == ""
    assert path_problem(KINDS, model, "filed.yaer") == "日期没有 yaer"
    assert path_problem(KINDS, model, "project.bsae") == "Project 没有字段 bsae"
    assert path_problem(KINDS, KINDS["project"].model, "team.person") == ""
    assert path_problem(KINDS, KINDS["paper"].model, "authors.0") == ""
    assert path_problem(KINDS, KINDS["project"].model, "title.year") == "year 之前的值没有下一级"
