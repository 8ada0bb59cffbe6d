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
from generator.scaffold import next_id
from generator.search.documents import RELATED, documents
from generator.search.glossary import TYPE_WORDS
from generator.site.build import Progress, generate, navigation
from generator.site.context import Site
from generator.site.listings import LISTED, with_overviews
from generator.site.pages import PAGE_MAKERS, signature_problem
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
    out += prefix_problems(kinds)
    folders = [k.folder for k in kinds.values()]
    if len(folders) != len(set(folders)):
        out.append(f"两种条目用同一个目录 {folders}")
    return out


def prefix_problems(kinds: dict[str, Kind]) -> list[str]:
    """Two kinds whose ids begin alike (JL- and JL-, or S and SS-): the id no longer says the
    kind, and `new` could hand out the other kind's id. Year-keyed kinds (targets/2022) are
    unique within their kind only and have no prefix."""
    prefixes = [(name, k.id_format.split("{")[0]) for name, k in kinds.items() if not k.year_keyed]
    out = []
    for i, (earlier, theirs) in enumerate(prefixes):
        for name, prefix in prefixes[i + 1:]:  # reported on the later kind: the one being added
            if prefix.startswith(theirs) or theirs.startswith(prefix):
                out.append(f"{name}: 编号格式 {kinds[name].id_format} 的前缀 {prefix} 与 {earlier}"
                           f"（{kinds[earlier].label}，{kinds[earlier].id_format}）的重叠：请换一个别的条目没有用过的前缀")
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
            elif why := signature_problem(makers[page.maker]):
                out.append(why)
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
    found = problems(KINDS, PAGE_MAKERS, vocab)
    assert found == [], "条目类型登记（generator/models/kinds.py）有问题：\n" + "\n".join(found)


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
        assert any({label: overview} in section.get(tab, []) for section in nav), \
            f"{kind.label}的列表总览 {overview} 不在导航“{tab} → {label}”下"
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
            assert built.path_of(entry.id, name) in made.pages, f"{kind.label} {entry.id} 没有生成条目页"
            shown += 1
        if kind.page.crumb:
            assert kind.page.crumb[2] in made.pages, f"{kind.label}的面包屑指向的总览 {kind.page.crumb[2]} 没有生成"
    assert shown >= 20, f"只检查了 {shown} 个条目页"  # kb_small has entries of most kinds: the loop above checked something


def test_every_listed_kind_has_its_overview_and_full_list(built):
    _, made = built
    assert set(LISTED) == {k.folder for k in KINDS.values() if isinstance(k.listing, Listing)}, \
        "generator/site/listings.py 的 LISTED 与登记中有列表的条目类型不一致"
    for folder, kind in LISTED.items():
        for page in (f"{folder}/index.md", f"{folder}/list-all.md"):
            assert page in made.pages, f"{kind.label}的列表页 {page} 没有生成"
        headers = [c.header for c in kind.listing.columns]
        shown = re.findall(r"<th>(.*?)</th>", made.pages[f"{folder}/list-all.md"])
        assert shown[:len(headers)] == headers, \
            f"{kind.label}的完整列表 {folder}/list-all.md 的表头应为 {'、'.join(headers)}，实为 {'、'.join(shown)}"


def test_every_searched_kind_gives_documents_and_is_named_by_its_type_words(built):
    built, _ = built
    docs = documents(built.kb, lambda kind, entry_id: built.path_of(entry_id, kind))
    searched = {k.name for k in KINDS.values() if isinstance(k.search, Search)}
    with_entries = {name for name in searched if built.lists[name]}
    assert {d.kind for d in docs} == with_entries, \
        f"有检索文档的条目类型 {sorted({d.kind for d in docs})} 应为有条目的检索类型 {sorted(with_entries)}"
    untitled = [d.url or d.kind for d in docs if not (d.title and d.url)]
    assert not untitled, f"这些检索文档没有标题或链接：{untitled[:5]}"
    for kind in KINDS.values():
        if isinstance(kind.search, Search):
            for w in (kind.search.type, *kind.search.words):
                assert TYPE_WORDS.get(w) == kind.search.type, \
                    f"检索词“{w}”应指向类型“{kind.search.type}”，实为 {TYPE_WORDS.get(w)!r}"


def test_every_exported_kind_is_on_the_exports_page(built):
    _, made = built
    for name, kind in KINDS.items():
        listed = f"[CSV]({name}.csv)" in made.pages["exports/index.md"]
        want = isinstance(kind.export, Export)
        assert listed == want, f"{kind.label}{'应' if want else '不应'}列在导出页 exports/index.md 上"
        assert (f"exports/{name}.csv" in made.files) == listed, \
            f"{kind.label}的 exports/{name}.csv {'没有生成' if listed else '不应生成'}"


# --- the check bites ------------------------------------------------------------------------

def _with(**changes) -> dict[str, Kind]:
    """The registry with the facility kind changed (it has a page, no listing)."""
    return {**KINDS, "facility": dataclasses.replace(KINDS["facility"], **changes)}


def _two_argument_page(site, entry):
    return ""


def _four_argument_page(site, entry, result, extra):
    return ""


def _toy(**parts) -> dict[str, Kind]:
    base = dict(page=Omitted("没有"), listing=Omitted("没有"), search=Omitted("没有"), export=Omitted("没有"))
    id_format = parts.pop("id_format", "WJ-{n:02d}")
    toy = Kind("toy", "玩具", "toys", ".yml", KINDS["facility"].model, id_format, "个", **(base | parts))
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
    # a maker written (site, entry): the build would die with a TypeError on the first page
    (lambda: _toy(page=Page("{folder}/{id}.md", "toy_page", ("两共享", "玩具", "toys/index.md"))),
     lambda: {**PAGE_MAKERS, "toy_page": _two_argument_page},
     "toy: 页面生成函数 _two_argument_page 的参数应为 (site, entry, result)"),
    (lambda: _toy(page=Page("{folder}/{id}.md", "toy_page", ("两共享", "玩具", "toys/index.md"))),
     lambda: {**PAGE_MAKERS, "toy_page": _four_argument_page},
     "toy: 页面生成函数 _four_argument_page 的参数应为 (site, entry, result)"),
    # an id format another kind already uses: `new` would hand out an award's id
    (lambda: _toy(id_format="JL-{year}-{n:03d}"), None, "toy: 编号格式 JL-{year}-{n:03d} 的前缀 JL- 与 award"),
    (lambda: _toy(id_format="S{n:03d}"), None, "toy: 编号格式 S{n:03d} 的前缀 S 与 facility"),
])
def test_the_check_reports_a_missing_or_dangling_part(vocab, registry, makers, expected):
    found = problems(registry(), makers() if makers else PAGE_MAKERS, vocab)
    assert any(p.startswith(expected) for p in found), \
        f"检查没有报出“{expected}”，只报了：\n" + "\n".join(found)


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


def test_new_skips_an_id_another_kind_already_uses(tmp_path):
    """Even if a kind's id format overlaps another's (the check above forbids it), `new` never
    hands out an id that is already some entry's."""
    awards = tmp_path / "content" / "awards"
    awards.mkdir(parents=True)
    for n in (1, 2):
        (awards / f"JL-2022-00{n}.yml").write_text("id: x\n", encoding="utf-8")
    toy = dataclasses.replace(KINDS["award"], name="toy", label="玩具", folder="toys")
    assert next_id(tmp_path, toy, 2022) == "JL-2022-003"
    assert next_id(tmp_path, KINDS["award"], 2022) == "JL-2022-003"


def test_a_maker_with_the_wrong_signature_stops_the_build_with_a_chinese_message(built, monkeypatch):
    """Not “内部错误（TypeError: … takes 2 positional arguments but 3 were given）” mid-build."""
    from generator.errors import QinchuangError
    from generator.site import pages

    site, _ = built
    monkeypatch.setitem(pages.PAGE_MAKERS, KINDS["facility"].page.maker, _two_argument_page)
    with pytest.raises(QinchuangError) as caught:
        pages.build_entry_pages(site, kinds=["facility"])
    message = str(caught.value)
    assert "_two_argument_page" in message and "(site, entry, result)" in message, message
    assert "TypeError" not in message
