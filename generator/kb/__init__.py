"""The knowledge base: every valid entry, typed and cross-linked, with typed queries.

Built once from validated sources; the views (portal, search, anthology, exports) read only
this, never the YAML files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from generator.config import SiteConfig
from generator.loading.source import Source
from generator.models import (
    KINDS,
    Anthology,
    Award,
    Base,
    BulletinNote,
    Entry,
    Event,
    Experience,
    Facility,
    Notice,
    Paper,
    Patent,
    Person,
    Project,
    ScoreSheet,
    Selection,
    Software,
    Studio,
    Suggestion,
    Targets,
    Wuxiao,
)

T = TypeVar("T", bound=Entry)


# Kinds whose id is a year or a month: unique within their kind only (targets/2022.yml and
# anthology/2022.yml may both exist); nothing refers to them by id.
YEAR_KEYED = {name for name, kind in KINDS.items() if kind.year_keyed}


def source_key(kind: str, entry_id: str) -> str:
    return f"{kind}/{entry_id}" if kind in YEAR_KEYED else entry_id


@dataclass(frozen=True)
class BackRef:
    kind: str  # kind of the referring entry
    id: str  # id of the referring entry
    field: tuple  # the field path that holds the reference


@dataclass
class KnowledgeBase:
    config: SiteConfig
    entries: dict[str, dict[str, Entry]] = field(default_factory=lambda: defaultdict(dict))
    sources: dict[str, Source] = field(default_factory=dict)  # id → the file it came from
    kind_of: dict[str, str] = field(default_factory=dict)  # id → kind
    backrefs: dict[str, list[BackRef]] = field(default_factory=lambda: defaultdict(list))
    # ids of files that exist but failed their own checks: already reported there, so a
    # reference to them is not reported again as unknown
    broken: set[str] = field(default_factory=set)
    # ids of entries the rules found errors in (a date out of order, a period across years): their
    # dates do not set the data's reference day (generator/kb/dates.py)
    faulty: set[str] = field(default_factory=set)
    _sorted: dict[str, list] = field(default_factory=dict, repr=False)  # kind → entries by id
    # values derived from all entries that several views ask for (the data's reference date),
    # computed once per knowledge base; cleared when an entry is added
    memo: dict = field(default_factory=dict, repr=False)

    def add(self, kind: str, entry: Entry, source: Source) -> None:
        self._sorted.pop(kind, None)
        self.memo.clear()
        self.entries[kind][entry.id] = entry
        self.sources[source_key(kind, entry.id)] = source
        if kind not in YEAR_KEYED:
            self.kind_of[entry.id] = kind

    def source_of(self, kind: str, entry_id: str) -> Source:
        return self.sources[source_key(kind, entry_id)]

    def link(self) -> None:
        """Index who refers to whom, so every page can show its back-references."""
        self.backrefs.clear()
        for kind, items in self.entries.items():
            for entry in items.values():
                for loc, _target_kind, target in entry.refs():
                    if target in self.kind_of:
                        self.backrefs[target].append(BackRef(kind, entry.id, loc))

    def get(self, entry_id: str) -> Entry | None:
        kind = self.kind_of.get(entry_id)
        return self.entries[kind][entry_id] if kind else None

    def entry(self, kind: str, entry_id: str) -> Entry | None:
        """An entry of a given kind (the only way to reach targets, anthologies and bulletins)."""
        return self.entries.get(kind, {}).get(entry_id)

    def body(self, entry_id: str, kind: str | None = None) -> str:
        return self.sources[source_key(kind, entry_id) if kind else entry_id].body

    def referrers(self, entry_id: str, kind: str | None = None) -> list[BackRef]:
        return [r for r in self.backrefs.get(entry_id, []) if kind is None or r.kind == kind]

    def _all(self, kind: str, _type: type[T]) -> list[T]:
        # figures and views ask for the same lists many times: sort once per kind
        if kind not in self._sorted:
            self._sorted[kind] = sorted(self.entries.get(kind, {}).values(), key=lambda e: e.id)
        return list(self._sorted[kind])  # type: ignore[return-value]

    def of_kind(self, kind: str) -> list[Entry]:
        """The entries of a kind, sorted by id."""
        return self._all(kind, Entry)

    # Typed accessors: sorted by id for stable output.
    @property
    def bases(self) -> list[Base]:
        return self._all("base", Base)

    @property
    def people(self) -> list[Person]:
        return self._all("person", Person)

    @property
    def studios(self) -> list[Studio]:
        return self._all("studio", Studio)

    @property
    def projects(self) -> list[Project]:
        return self._all("project", Project)

    @property
    def papers(self) -> list[Paper]:
        return self._all("paper", Paper)

    @property
    def patents(self) -> list[Patent]:
        return self._all("patent", Patent)

    @property
    def software(self) -> list[Software]:
        return self._all("software", Software)

    @property
    def awards(self) -> list[Award]:
        return self._all("award", Award)

    @property
    def targets(self) -> list[Targets]:
        return self._all("targets", Targets)

    @property
    def events(self) -> list[Event]:
        return self._all("event", Event)

    @property
    def facilities(self) -> list[Facility]:
        return self._all("facility", Facility)

    @property
    def experience(self) -> list[Experience]:
        return self._all("experience", Experience)

    @property
    def anthologies(self) -> list[Anthology]:
        return self._all("anthology", Anthology)

    @property
    def bulletin_notes(self) -> list[BulletinNote]:
        return self._all("bulletin", BulletinNote)

    @property
    def selections(self) -> list[Selection]:
        return self._all("selection", Selection)

    @property
    def score_sheets(self) -> list[ScoreSheet]:
        return self._all("scoresheet", ScoreSheet)

    @property
    def notices(self) -> list[Notice]:
        return self._all("notice", Notice)

    @property
    def suggestions(self) -> list[Suggestion]:
        return self._all("suggestion", Suggestion)

    @property
    def wuxiao(self) -> list[Wuxiao]:
        return self._all("wuxiao", Wuxiao)

    def count(self) -> int:
        return sum(len(v) for v in self.entries.values())

    def iter_entries(self) -> Iterator[tuple[str, Entry]]:
        for kind in sorted(self.entries):
            for entry_id in sorted(self.entries[kind]):
                yield kind, self.entries[kind][entry_id]
