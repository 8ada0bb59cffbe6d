"""Authors as printed: name and department, and the author index sorted by pinyin."""

from __future__ import annotations

from dataclasses import dataclass

from generator.kb import KnowledgeBase
from generator.models import Base, Paper, Person

# Surnames read differently from the same character in ordinary words (pypinyin reads words).
SURNAMES = {"单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao", "查": "zha", "曾": "zeng",
            "缪": "miao", "盖": "ge", "覃": "qin", "翟": "zhai", "尉": "yu", "乐": "yue", "万": "wan",
            "长孙": "zhangsun", "尉迟": "yuchi", "单于": "chanyu", "燕": "yan", "召": "shao", "纪": "ji",
            "任": "ren", "华": "hua", "秘": "bi", "石": "shi", "沈": "shen", "柏": "bai", "员": "yun"}


@dataclass(frozen=True)
class Author:
    name: str
    department: str  # the sub-base's department (else its name) for plant staff, organisation for external co-authors
    person: str | None = None  # person id; None for external co-authors

    @property
    def key(self) -> tuple[str, str]:
        return (self.person or "", self.name if self.person else f"{self.name}\x00{self.department}")


def authors(kb: KnowledgeBase, paper: Paper) -> list[Author]:
    result = []
    for who in paper.authors:
        if isinstance(who, str):
            person = kb.get(who)
            if isinstance(person, Person):
                base = kb.get(person.base)
                dept = (base.department or base.name) if isinstance(base, Base) else person.base
                result.append(Author(person.name, dept, person.id))
            else:  # the validator reports unknown people; print the id rather than crash
                result.append(Author(who, "", who))
        else:
            result.append(Author(who.name, who.org))
    return result


def departments(people: list[Author]) -> list[str]:
    """Distinct departments in order of first appearance (for the numbered 单位 line)."""
    seen: list[str] = []
    for a in people:
        if a.department and a.department not in seen:
            seen.append(a.department)
    return seen


def pinyin_key(name: str) -> tuple:
    """Sort key: surname reading (with the polyphonic surname table), then the rest, then tones."""
    from pypinyin import Style, lazy_pinyin  # 0.15 s to import: only the printed index needs it

    for size in (2, 1):
        if name[:size] in SURNAMES and len(name) > size:
            head, rest = [SURNAMES[name[:size]]], name[size:]
            break
    else:
        head, rest = [], name
    plain = head + lazy_pinyin(rest, style=Style.NORMAL, errors="default")
    tones = lazy_pinyin(name, style=Style.TONE3, errors="default")
    return (" ".join(plain).lower(), tones, name)


@dataclass(frozen=True)
class IndexEntry:
    author: Author
    papers: list[str]  # paper ids in book order
    letter: str  # initial of the pinyin, A–Z (or "#" for anything else)


def author_index(kb: KnowledgeBase, papers: list[Paper]) -> list[IndexEntry]:
    found: dict[tuple, tuple[Author, list[str]]] = {}
    for paper in papers:
        for a in authors(kb, paper):
            entry = found.setdefault(a.key, (a, []))
            if paper.id not in entry[1]:
                entry[1].append(paper.id)
    ordered = sorted(found.values(), key=lambda item: (pinyin_key(item[0].name), item[0].department))
    result = []
    for author, ids in ordered:
        first = pinyin_key(author.name)[0][:1].upper()
        result.append(IndexEntry(author, ids, first if "A" <= first <= "Z" else "#"))
    return result
