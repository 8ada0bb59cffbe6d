"""Stage 3 — references: ids unique and matching their files, every reference resolvable."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import PurePosixPath

from generator.issues import Issue, issue
from generator.kb import KnowledgeBase
from generator.loading.strict_yaml import dotted
from generator.models import KINDS
from generator.models.ledger import evidence_refs
from generator.models.projects import OUTCOME_FIELDS

from .directory import LABELS, Directory

ID_YEAR = re.compile(r"^(?:[A-Z]{2,3}-)?(\d{4})(?:-|$)")  # KT-2022-001, 2022 (targets), 2022-03 (bulletin)



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


def check_references(kb: KnowledgeBase, attachments: set[str], directory: Directory) -> Iterator[Issue]:
    for kind, entry in kb.iter_entries():
        src = kb.source_of(kind, entry.id)
        near_base = entry.id if kind == "base" else getattr(entry, "base", None) or ""
        repeated = Counter()
        again: dict[tuple, tuple] = {}  # the place of the repetition, where the contributor wrote it
        for loc, target_kind, target in entry.refs():
            if loc[-1] != target:  # a dict key (targets' by_base) cannot repeat within its dict
                repeated[(_without_last_index(loc), target)] += 1
                if repeated[(_without_last_index(loc), target)] == 2:
                    again[(_without_last_index(loc), target)] = loc
            actual = kb.kind_of.get(target)
            if actual is None and target in kb.broken:
                continue
            if actual is None or (target_kind != "any" and actual != target_kind):
                yield issue("ref-unknown", src.rel, src.line(loc), dotted(loc), kind=LABELS[target_kind],
                            ref=target, suggest=directory.suggest(target_kind, target, near_base))
        for (field, target), n in repeated.items():
            if n > 1 and kind != "anthology":  # a paper selected twice is an anthology-selection error
                loc = again[(field, target)]
                yield issue("ref-repeated", src.rel, src.line(loc), dotted(loc), ref=target)
        yield from _attachments(entry, src, attachments)
    yield from _mutual_links(kb)


def _without_last_index(loc: tuple) -> tuple:
    """("team", 3, "person") → ("team", "person"): the same person twice in one list."""
    last = max((i for i, p in enumerate(loc) if isinstance(p, int)), default=None)
    return loc if last is None else loc[:last] + loc[last + 1:]


def _attachments(entry, src, attachments: set[str]) -> Iterator[Issue]:
    folder = PurePosixPath(src.rel).parent / entry.id
    named = [(("attachments", i), name) for i, name in enumerate(getattr(entry, "attachments", []) or [])]
    for loc, name in named + list(evidence_refs(entry)):
        name = name.removeprefix(f"{entry.id}/")
        if (folder / name).as_posix() not in attachments:
            yield issue("attachment-missing", src.rel, src.line(loc), dotted(loc),
                        ref=f"{entry.id}/{name}",
                        hint=f"把文件放进 {folder.as_posix()}/，在 attachments 里写文件名（如 "
                             f"{PurePosixPath(name).name}）或 {entry.id}/{PurePosixPath(name).name}")


def _mutual_links(kb: KnowledgeBase) -> Iterator[Issue]:
    """A patent/paper/software naming a project should be listed by that project, and back."""
    for project in kb.projects:
        listed = {(kind, x) for kind, field in OUTCOME_FIELDS.items() for x in getattr(project.outcomes, field)}
        for kind, target in sorted(listed):
            other = kb.get(target)
            named = getattr(other, "project", None)
            # the item names another project: said here only when that project lists it too (both
            # claim it); otherwise the item's own file is told to be listed there, once
            if (other is not None and kb.kind_of[target] == kind and named not in (None, project.id)
                    and kb.kind_of.get(named) == "project"
                    and target in getattr(kb.get(named).outcomes, OUTCOME_FIELDS[kind])):
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
