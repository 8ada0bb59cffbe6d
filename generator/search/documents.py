"""What is searchable: one document per entry page, with its text fields and its facets."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.kb import KnowledgeBase

# Entity types in the order results and facets list them.
TYPES = {"project": "课题", "paper": "论文", "patent": "专利", "software": "软著", "studio": "工作室",
         "person": "人员", "award": "奖励", "base": "分基地", "experience": "经验", "facility": "设施",
         "event": "活动", "bulletin": "简报"}
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
    (re.compile(r"(?<![\\$])\$(?=\S)[^$\n]+?(?<=\S)\$"), " "),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\{:?[^}\n]*\}"), " "),
    (re.compile(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", re.M), ""),
    (re.compile(r"^\s*\|?\s*:?-{3,}.*$", re.M), ""),
    (re.compile(r"[|*_`~]+"), " "),
    (re.compile(r"[ \t]+"), " "),
    (re.compile(r"\n{2,}"), "\n"),
]


def plain(markdown: str) -> str:
    """Markdown → readable plain text for indexing and excerpts."""
    for pattern, repl in _MD:
        markdown = pattern.sub(repl, markdown)
    return markdown.strip()


def documents(kb: KnowledgeBase, url_of: Callable[[str, str], str]) -> list[Document]:
    base_name = {b.id: b.name for b in kb.bases}
    person_name = {p.id: p.name for p in kb.people}
    studio_name = {s.id: s.name for s in kb.studios}
    best_award = _best_awards(kb)

    def names(ids) -> list[str]:
        return [person_name.get(i, "") if isinstance(i, str) else i.name for i in ids]

    project = {p.id: p for p in kb.projects}

    def project_text(project_id) -> str:
        p = project.get(project_id or "")
        return f"所属课题：{p.title}（{'、'.join(p.keywords)}）" if p else ""

    def outcome_titles(p) -> str:
        titles = [e.title for ids in (p.outcomes.patents, p.outcomes.papers, p.outcomes.software)
                  for e in (kb.get(i) for i in ids) if e is not None]
        return "成果：" + "；".join(titles) if titles else ""

    def doc(kind, e, title, keywords, text, year=None, base=None, related="", **facets) -> Document:
        values = dict.fromkeys(FACETS, "") | {"type": TYPES[kind], "year": str(year) if year else "", "base": base_name.get(base or "", ""),
                  "award": best_award.get(e.id, "")} | {k: v or "" for k, v in facets.items()}
        source = kb.source_of(kind, e.id)
        body = plain(source.body) if source.body else ""
        return Document(kind, e.id, url_of(kind, e.id), title, [k for k in keywords if k],
                        "\n".join(t for t in (text, body) if t), values, related)

    out: list[Document] = []
    for p in kb.projects:
        out.append(doc("project", p, p.title,
                       [*p.keywords, *names(m.person for m in p.team), studio_name.get(p.studio or "", ""),
                        p.category, p.area, p.id],
                       "\n".join([*(n.note for n in p.progress), p.benefit.basis if p.benefit else "",
                                  p.appraisal.conclusion or "" if p.appraisal else ""]),
                       p.year, p.base, related=outcome_titles(p), status=p.status))
    for p in kb.papers:
        out.append(doc("paper", p, p.title, [*p.keywords, *names(p.authors), p.discipline, p.id], p.abstract,
                       p.year, p.base, related=project_text(p.project), discipline=p.discipline))
    project_base = {p.id: p.base for p in kb.projects}
    for p in kb.patents:
        out.append(doc("patent", p, p.title, [*names(p.inventors), p.type, p.application_no, p.grant_no or "", p.id],
                       "", p.filed.year, project_base.get(p.project or ""), related=project_text(p.project),
                       status=p.status))
    for s in kb.software:
        out.append(doc("software", s, s.title, [*names(s.authors), s.registration_no, s.id], "",
                       s.registered.year, project_base.get(s.project or ""), related=project_text(s.project)))
    for s in kb.studios:  # the direction is what a studio is searched by: a field, not body text
        out.append(doc("studio", s, s.name, [s.direction, person_name.get(s.leader, ""), *names(s.members), s.id],
                       "", s.founded.year, s.base, level=s.level))
    for p in kb.people:
        honours = [t.title for t in p.titles]
        out.append(doc("person", p, p.name, [*honours, p.position or "", p.skill or "", p.id], "",
                       None, p.base))
    for a in kb.awards:
        recipients = [kb.get(r) for r in a.recipients]
        labels = [getattr(r, "title", None) or getattr(r, "name", "") for r in recipients if r is not None]
        out.append(doc("award", a, a.name, [a.granted_by, a.grade, *labels], a.note or "", a.year, None,
                       related="获奖：" + "、".join(labels) if labels else "", level=a.level))
    for b in kb.bases:
        out.append(doc("base", b, b.name, [b.union, b.id], b.feature, None, b.id))
    for e in kb.experience:
        out.append(doc("experience", e, e.title, [*e.keywords, person_name.get(e.author, ""), e.id], "",
                       e.date.year, e.base))
    for f in kb.facilities:
        out.append(doc("facility", f, f.name, [*f.equipment, f.location, f.id], f.purpose, None, f.base))
    for e in kb.events:
        out.append(doc("event", e, e.title, [e.kind, e.location or ""], e.summary, e.year, e.base))
    for n in kb.bulletin_notes:  # the editor's notes; the rest of a bulletin is indexed at its source
        out.append(doc("bulletin", n, n.title or f"{n.id[:4]}年{int(n.id[5:])}月简报", ["月度简报", n.id], "",
                       int(n.id[:4]), None))
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
