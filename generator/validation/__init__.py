"""The validator: load everything, then check in stages, collecting every issue.

syntax → schema → references → rules → targets → content safety. A stage only sees what
passed the stages before it (a file with a YAML error is not schema-checked; an entry that
failed its schema is not in the knowledge base), so one mistake is reported once, where it is.

A large knowledge base is read, and safety-checked, on both cores (parallel.py says when and
why); the result is the same as in one process, issue for issue.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.config import SiteConfig, load_config
from generator.issues import Issue, Severity
from generator.kb import KnowledgeBase, source_key
from generator.loading.source import Source, discover
from generator.models import Entry

from .citations import check_citations
from .directory import Directory, build_directory
from .parallel import checking_safety, read_sources
from .references import check_identity, check_references
from .rules import check_rules
from .safety import check_attachment
from .schema import check_schema
from .targets import check_targets


@dataclass
class Report:
    issues: list[Issue] = field(default_factory=list)
    files: int = 0
    entries: int = 0
    seconds: float = 0.0
    blocking: dict[str, int] = field(default_factory=dict)  # broken file → entries referring to it

    def count(self, severity: Severity) -> int:
        return sum(1 for i in self.issues if i.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def ok(self) -> bool:
        return self.errors == 0


@dataclass
class Result:
    report: Report
    kb: KnowledgeBase
    sources: list[Source]
    passed: dict[str, Entry | None] = field(default_factory=dict)  # rel → its entry if it passed its schema


def check_file(src: Source, context: dict, directory: Directory) -> tuple[Entry | None, list[Issue]]:
    """One file's own syntax and schema: its entry, or None when either failed (it is then
    present but broken for the references to it), and the schema's issues."""
    if not src.ok:
        return None, []
    entry, problems = check_schema(src, context, directory)
    return (None if problems else entry), problems


def load_sources(root: Path, config: SiteConfig) -> tuple[list[Source], list[Issue], set[str]]:
    files, problems, attachments = discover(root)
    limits = config.rules.limits
    sources = read_sources(files, limits.max_file_bytes, limits.max_depth)  # on both cores when large
    return sources, problems, attachments


def validate(root: Path, today: date | None = None, config: SiteConfig | None = None,
             loaded: tuple[list[Source], list[Issue], set[str]] | None = None) -> Result:
    """Validate the knowledge base at ``root``; ``loaded`` is ``load_sources``'s result when the
    caller has read the files itself (the cache hashes the very bytes that were validated)."""
    started = time.perf_counter()
    root = Path(root)
    config = config or load_config(root)
    today = today or date.today()
    sources, issues, attachments = loaded or load_sources(root, config)
    issues = list(issues)
    present = frozenset(attachments)
    stale = [src for src in sources if src.text and (src.safety is None or src.safety[0] != present)]
    with checking_safety(stale, attachments) as safety:  # on the other core, beside the stages below
        kb, directory, passed = _check_entries(sources, config, today, attachments, issues)
        for src, found in zip(stale, safety(), strict=True):
            src.safety = (present, found)
    for src in sources:
        if src.text:
            issues += src.safety[1]
    for rel in sorted(attachments):
        issues += check_attachment(root, rel)
    issues.sort(key=Issue.sort_key)
    report = Report(issues=issues, files=len(sources) + len(attachments), entries=kb.count(),
                    seconds=time.perf_counter() - started, blocking=directory.blocking(kb))
    return Result(report=report, kb=kb, sources=sources, passed=passed)


def _check_entries(sources: list[Source], config: SiteConfig, today: date, attachments: set[str],
                   issues: list[Issue]) -> tuple[KnowledgeBase, Directory, dict[str, Entry | None]]:
    """Every stage but content safety, its issues added to ``issues``: the knowledge base of
    the entries that passed, the directory of names, each file's entry if it passed its schema."""
    kb = KnowledgeBase(config)
    context = config.context()
    directory = build_directory(sources)
    claimed: dict[str, str] = {}
    passed: dict[str, Entry | None] = {}
    for src in sources:  # syntax issues were collected while reading
        issues += src.issues
        entry, problems = check_file(src, context, directory)
        issues += problems
        passed[src.rel] = entry
        if entry is None:
            directory.mark_broken(src.kind.name, src.stem, src.data, src.rel)
            continue
        key = source_key(src.kind.name, entry.id)
        issues += check_identity(src.kind.name, entry, src, claimed.get(key))
        if entry.id != src.stem:  # id-filename: the file's name is what referrers wrote, present but broken
            directory.mark_broken(src.kind.name, src.stem, None, src.rel)
        if key not in claimed:
            claimed[key] = src.rel
            kb.add(src.kind.name, entry, src)
    kb.broken = directory.broken  # present but failing their own checks: referrers are not reported
    kb.link()
    issues += check_references(kb, attachments, directory)
    issues += check_citations(kb)
    issues += check_rules(kb, today)
    issues += check_targets(kb)
    return kb, directory, passed
