"""What is searchable: one document per entry page, with its text fields and its facets."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.kb import KnowledgeBase
from generator.models import KINDS, Search

# Searchable kinds → the type facet's value, in the order results and facets list them.
SEARCHED = sorted((k for k in KINDS.values() if isinstance(k.search, Search)), key=lambda k: k.search.rank)
TYPES = {k.name: k.search.type for k in SEARCHED}
FACETS = ["type", "year", "base", "status", "level", "discipline", "award"]
FACET_LABELS = {"type": "类型", "year": "年度", "base": "分基地", "status": "状态", "level": "级别",
                "discipline": "专业", "award": "获奖"}
GRADE_ORDER = ["一等奖", "二等奖", "三等奖", "优秀奖", "命名", "补助"]


@dataclass
class Document:
    kind: str
    id: str
    url: str
    title: str
    keywords: list[str] = field(default_factory=list)
    text: str = ""
    facets: dict[str, str] = field(default_factory=dict)
    # text of related entries (a patent's project, a project's patents and papers): found by it,
    # weighted below the entry's own fields; shown as the excerpt of entries without text
    related: str = ""


_MD = [
    (re.compile(r"^```.*?^```", re.S | re.M), " "),
    # formulas (display $$…$$ / \[…\], inline $…$ / \(…\)): TeX is neither searched for nor
    # readable in an excerpt, and the brace rule below would mangle it
    (re.compile(r"\$\$.*?\$\$|\\\[.*?\\\]|\\\(.*?\\\)", re.S), " "),
    # inline: a "$" not after "\\" or "$" — checked after the "$" (a pattern that starts with a
    # literal lets re skip ahead to it; one that starts with the look-behind is tried at every
    # character, 15× slower on the 10k benchmark's papers)
    (re.compile(r"\$(?<![\\$]\$)(?=\S)[^$\n]+?(?<=\S)\$"), " "),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\{:?[^}\n]*\}"), " "),
    (re.compile(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", re.M), ""),
    (re.compile(r"^\s*\|?\s*:?-{3,}.*$", re.M), ""),
    (re.compile(r"[|*_`~]+"), " "),
    # runs of blanks → one space, of newlines → one newline; written to match only what changes (not a
    # lone space) and to start with a literal or a class re can skip ahead to: 3–7× faster
    (re.compile(r"[ \t](?:(?<=\t)|[ \t])[ \t]*"), " "),
    (re.compile(r"\n\n+"), "\n"),
]


def plain(markdown: str) -> str:
    """Markdown → readable plain text for indexing and excerpts."""
    for pattern, repl in _MD:
        markdown = pattern.sub(repl, markdown)
    return markdown.strip()


def _names(kb: KnowledgeBase, values) -> list[str]:
    """The names of the entries these ids refer to (an outside author: their name)."""
    out = []
    for v in values:
        if isinstance(v, str):
            entry = kb.get(v)
            out.append(getattr(entry, "title", None) or getattr(entry, "name", "") if entry is not None else "")
        else:
            out.append(getattr(v, "name", "") or "")
    return out


def field_values(kb: KnowledgeBase, entry, spec) -> list:
    """The values of a search field (see generator.models.kinds.Search): a function of the entry,
    or a path; a path through a list gives each item's value, ``project.base`` follows the
    reference to the project, a path ending in ``@`` gives names of the entries referred to."""
    if callable(spec):
        return [spec(entry)]
    if spec.isidentifier():  # a field of the entry itself (most specs): what _walk gives, directly
        value = getattr(entry, spec)
        return ["" if v is None else v for v in value] if isinstance(value, list) else ["" if value is None else value]
    names = spec.endswith("@")
    values = _walk(kb, entry, spec.rstrip("@").split("."))
    return _names(kb, values) if names else ["" if v is None else v for v in values]


def _walk(kb: KnowledgeBase, value, parts: list[str]) -> list:
    if not parts or value is None:
        return [value]
    if isinstance(value, str):  # an id with more of the path to go: the entry it refers to
        value = kb.get(value)
        if value is None:
            return [None]
    value = getattr(value, parts[0])
    if isinstance(value, list):
        return [v for item in value for v in _walk(kb, item, parts[1:])]
    return _walk(kb, value, parts[1:])


def _one(kb: KnowledgeBase, entry, spec):
    return field_values(kb, entry, spec)[0] if spec is not None else None


def _project_text(kb: KnowledgeBase, e) -> str:
    p = kb.entry("project", e.project) if e.project else None
    return f"所属课题：{p.title}（{'、'.join(p.keywords)}）" if p else ""


def _outcome_titles(kb: KnowledgeBase, p) -> str:
    titles = [e.title for ids in (p.outcomes.patents, p.outcomes.papers, p.outcomes.software)
              for e in (kb.get(i) for i in ids) if e is not None]
    return "成果：" + "；".join(titles) if titles else ""


def _recipients(kb: KnowledgeBase, a) -> str:
    recipients = [kb.get(r) for r in a.recipients]
    labels = [getattr(r, "title", None) or getattr(r, "name", "") for r in recipients if r is not None]
    return "获奖：" + "、".join(labels) if labels else ""


# Text of related entries, found by it and weighted below the entry's own fields (Search.related).
RELATED: dict[str, Callable] = {"project": _project_text, "outcomes": _outcome_titles, "recipients": _recipients}


def documents(kb: KnowledgeBase, url_of: Callable[[str, str], str]) -> list[Document]:
    base_name = {b.id: b.name for b in kb.bases}
    best_award = _best_awards(kb)
    out: list[Document] = []
    for kind in SEARCHED:
        spec: Search = kind.search
        for e in kb.of_kind(kind.name):
            year, base = _one(kb, e, spec.year), _one(kb, e, spec.base)
            values = dict.fromkeys(FACETS, "") | {"type": spec.type, "year": str(year) if year else "",
                                                  "base": base_name.get(base or "", ""), "award": best_award.get(e.id, "")} \
                | {f: getattr(e, f) or "" for f in spec.facets}
            keywords = [k for field in spec.keywords for k in field_values(kb, e, field) if k]
            text = "\n".join(str(t) for field in spec.text for t in field_values(kb, e, field))
            source = kb.source_of(kind.name, e.id)
            body = plain(source.body) if source.body else ""
            related = RELATED[spec.related](kb, e) if spec.related else ""
            out.append(Document(kind.name, e.id, url_of(kind.name, e.id), _one(kb, e, spec.title), keywords,
                                "\n".join(t for t in (text, body) if t), values, related))
    order = {k: i for i, k in enumerate(TYPES)}
    out.sort(key=lambda d: (order[d.kind], -int(d.facets["year"] or 0), d.id))
    return out


def _best_awards(kb: KnowledgeBase) -> dict[str, str]:
    """The highest grade each entry received (an award names its recipients, a project its awards)."""
    grades: dict[str, list[str]] = {}
    for a in kb.awards:
        for r in a.recipients:
            grades.setdefault(r, []).append(a.grade)
    for p in kb.papers:
        if p.award:
            grades.setdefault(p.id, []).append(p.award)
    rank = {g: i for i, g in enumerate(GRADE_ORDER)}
    return {k: min(v, key=lambda g: rank.get(g, 99)) for k, v in grades.items()}


def dictionary_terms(kb: KnowledgeBase, extra: list[str]) -> list[str]:
    """The domain dictionary: names of people, studios, sub-bases, keywords, and configured terms."""
    terms = set(extra)
    terms.update(p.name for p in kb.people)
    terms.update(s.name for s in kb.studios)
    terms.update(b.name for b in kb.bases)
    for p in kb.projects:
        terms.update(p.keywords)
    for p in kb.papers:
        terms.update(p.keywords)
    for e in kb.experience:
        terms.update(e.keywords)
    return sorted(t for t in terms if t)
