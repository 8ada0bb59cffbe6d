"""Stage 3 — references: ids unique and matching their files, every reference resolvable."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import PurePosixPath

from generator.issues import Issue, issue
from generator.kb import KnowledgeBase
from generator.loading.strict_yaml import dotted
from generator.models import KINDS
from generator.models.projects import OUTCOME_FIELDS

ID_YEAR = re.compile(r"^(?:[A-Z]{2,3}-)?(\d{4})(?:-|$)")  # KT-2022-001, 2022 (targets), 2022-03 (bulletin)
LABELS = {name: kind.label for name, kind in KINDS.items()} | {"any": "条目"}


def check_identity(kind_name: str, entry, src, other: str | None) -> Iterator[Issue]:
    """File name = id, year folder = year, id unique across the whole knowledge base."""
    kind = KINDS[kind_name]
    if entry.id != src.stem:
        yield issue("id-filename", src.rel, src.line(("id",)), "id", id=entry.id, stem=src.stem, ext=kind.ext)
    id_year = ID_YEAR.search(entry.id)
    year = getattr(entry, "year", None)
    if id_year and isinstance(year, int) and int(id_year.group(1)) != year:
        yield issue("id-year", src.rel, src.line(("id",)), "id", id=entry.id, id_year=id_year.group(1), year=year)
    if kind.by_year:
        folder = PurePosixPath(src.rel).parent.name
        if folder != str(entry.year):
            yield issue("year-folder", src.rel, src.line(("year",)), "year", folder=folder,
                        year=entry.year, expected=entry.year)
    if other is not None:
        yield issue("id-duplicate", src.rel, src.line(("id",)), "id", id=entry.id, other=other)


def check_references(kb: KnowledgeBase, attachments: set[str]) -> Iterator[Issue]:
    names = {}
    for person in kb.people:
        names.setdefault(person.name, person.id)
    for kind, entry in kb.iter_entries():
        src = kb.source_of(kind, entry.id)
        repeated = Counter()
        for loc, target_kind, target in entry.refs():
            if loc[-1] != target:  # a dict key (targets' by_base) cannot repeat within its dict
                repeated[(_without_last_index(loc), target)] += 1
            actual = kb.kind_of.get(target)
            if actual is None and target in kb.broken:
                continue
            if actual is None or (target_kind != "any" and actual != target_kind):
                yield issue("ref-unknown", src.rel, src.line(loc), dotted(loc), kind=LABELS[target_kind],
                            ref=target, suggest=_suggest(kb, target_kind, target, names))
        for (field, target), n in repeated.items():
            if n > 1 and kind != "anthology":  # a paper selected twice is an anthology-selection error
                yield issue("ref-repeated", src.rel, src.line(field[:1]), dotted(field), ref=target)
        yield from _attachments(entry, src, attachments)
    yield from _mutual_links(kb)


def _without_last_index(loc: tuple) -> tuple:
    """("team", 3, "person") → ("team", "person"): the same person twice in one list."""
    last = max((i for i, p in enumerate(loc) if isinstance(p, int)), default=None)
    return loc if last is None else loc[:last] + loc[last + 1:]


def _suggest(kb: KnowledgeBase, kind: str, target: str, names: dict[str, str]) -> str:
    if kind == "person" and target in names:
        return f"这里要填工号而不是姓名：{target} 的工号是 {names[target]}"
    pool = list(kb.entries.get(kind, {})) if kind != "any" else list(kb.kind_of)
    close = difflib.get_close_matches(target, pool, n=1, cutoff=0.75)
    if close:
        return f"是不是“{close[0]}”？"
    return f"请先添加该{LABELS[kind]}，或检查编号是否写错"


def _attachments(entry, src, attachments: set[str]) -> Iterator[Issue]:
    folder = PurePosixPath(src.rel).parent / entry.id
    for i, name in enumerate(getattr(entry, "attachments", []) or []):
        if (folder / name).as_posix() not in attachments:
            yield issue("attachment-missing", src.rel, src.line(("attachments", i)), f"attachments[{i}]",
                        ref=f"{entry.id}/{name}")


def _mutual_links(kb: KnowledgeBase) -> Iterator[Issue]:
    """A patent/paper/software naming a project should be listed by that project, and back."""
    for project in kb.projects:
        listed = {(kind, x) for kind, field in OUTCOME_FIELDS.items() for x in getattr(project.outcomes, field)}
        for kind, target in sorted(listed):
            other = kb.get(target)
            if other is not None and kb.kind_of[target] == kind and getattr(other, "project", None) not in (None, project.id):
                src = kb.sources[project.id]
                yield issue("ref-mismatch", src.rel, src.line(("outcomes",)), "outcomes",
                            detail=f"课题登记了{LABELS[kind]} {target}，但该{LABELS[kind]}写的所属课题是 {other.project}")
    for kind, items in (("patent", kb.patents), ("paper", kb.papers), ("software", kb.software)):
        for item in items:
            project = kb.get(item.project) if item.project else None
            if project is None or kb.kind_of[item.project] != "project":
                continue
            field = OUTCOME_FIELDS[kind]
            if item.id not in getattr(project.outcomes, field):
                src = kb.sources[item.id]
                yield issue("ref-mismatch", src.rel, src.line(("project",)), "project",
                            detail=f"所属课题 {project.id} 的 outcomes.{field} 中没有登记 {item.id}，请在课题中补上")
