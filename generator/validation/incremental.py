"""Validation with the cache (cache.py): a full run that records it, and the fast check of a few
files for `validate --only` / `--changed` that reads only what changed since.

The fast check gives exactly the findings a full validation gives for the named files. It
re-reads every file whose stat differs from its row (changed files are parsed and schema-checked
again, so the id index, the duplicates, the directory of names and the broken files are those
of the knowledge base as it is now). It then runs the named files' own stages, with the real
directory of names, and the real cross-file stages (references, back-links, citations, rules,
targets) on a *partial* knowledge base:

* iterating it yields the named entries, the entries they refer to and the entries that refer to
  them (the back-links: an award naming a paper, a project listing a patent);
* looking an entry up by id finds any entry of the whole knowledge base, loaded from the cache
  on demand (a project's patent naming another project, a paper in an anthology).

This rests on one property of the stages, true of every check today: **an issue is reported in
the file of the entry being iterated, and what it says depends on that entry, on entries looked
up by id, and on entries that refer to it.** Checks that count over a whole kind — yearly
targets, selections and score sheets, award quotas — break it; the files of those kinds
(``FULL_KINDS``) and new kinds (``FAST_KINDS`` is an allow-list) are checked by a full
validation. So is a change to site_config/, a deleted file among the named ones (it can break
files nobody named), a cache that is missing, damaged or from another tool, configuration or
day, and more than ``MAX_CHANGED`` changed files. tests/test_validate_incremental.py makes
random edits to a knowledge base with every kind and compares both ways, file by file.
"""

from __future__ import annotations

import gc
import os
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import NamedTuple

from generator.config import load_config
from generator.issues import Issue
from generator.kb import YEAR_KEYED, KnowledgeBase, source_key
from generator.loading.source import Source, discover, parse_source, read_bytes
from generator.models import KINDS

from . import Report, check_file, validate
from .cache import RACY_NS, Row, Store, cache_key, digest_of, signature, trusted
from .citations import check_citations
from .directory import Directory, Known
from .references import check_identity, check_references
from .rules import check_rules
from .safety import check_attachment, check_safety
from .targets import check_targets

# Kinds whose files the fast check may take; any other kind (a new one included) is checked in full.
FAST_KINDS = {"base", "person", "studio", "project", "patent", "paper", "software", "event", "facility",
              "experience", "anthology", "bulletin", "notice"}
FULL_KINDS = {"targets", "selection", "scoresheet", "award",  # their checks count over whole kinds
              "suggestion", "wuxiao"}  # new (#19k): full until their checks are reviewed against the property
MAX_CHANGED = 200  # more changed files than this since the last run: a full validation is as quick
OVERLAY_ROWS = 500  # rows changed since the last full run kept apart from the index


class Stale(Exception):
    """The cache cannot answer (a blob is missing or damaged): validate in full instead."""


def _read(path: Path, rel: str, kind, limits) -> tuple[Source, str | None]:
    """A file read and parsed, with the digest of what was read (None: not cacheable)."""
    raw = read_bytes(path, rel, limits.max_file_bytes)
    if isinstance(raw, Issue):
        digest = f"{raw.code}:{path.stat().st_size}" if raw.code == "file-too-large" else None
        return Source(rel=rel, kind=kind, issues=[raw]), digest
    return parse_source(raw, rel, kind, limits.max_depth), digest_of(rel, raw)


def _blob(src: Source, entry) -> tuple:
    """What is stored of a file: its source without the kind (the registry's kinds hold functions,
    which pickle cannot store; the row names the kind) and its entry."""
    return replace(src, kind=None), entry


def _row(src: Source, entry, sig: tuple, stamp: int, digest: str | None) -> Row:
    kind = src.kind.name
    scratch = Directory()
    scratch.add(kind, src.stem, src.data)
    if entry is None:
        scratch.mark_broken(kind, src.stem, src.data, src.rel)
    elif entry.id != src.stem:
        scratch.mark_broken(kind, src.stem, None, src.rel)
    known = tuple((key, k.kind, k.name, k.base) for key, k in scratch.entries.items())
    refs = tuple(target for _loc, _kind, target in entry.refs()) if entry is not None else ()
    return Row(src.rel, kind, src.stem, sig, stamp, digest or "", known, tuple(sorted(scratch.broken)),
               entry.id if entry is not None else None, refs)


class Tree(NamedTuple):
    """What ``discover`` found, with the folders it listed: valid while none of them changed
    (adding, removing or renaming a file or folder changes its folder's stat)."""

    stamp: int
    folders: tuple  # (rel, stat signature) of every folder listed
    files: tuple  # (rel, kind name) of the entry files, in the validator's order
    problems: tuple
    attachments: frozenset


def _discover(root: Path) -> Tree:
    stamp = time.time_ns()
    walked: list[str] = []
    files, problems, attachments = discover(root, walked)
    folders = []
    for rel in walked:
        try:
            folders.append((rel, signature(os.lstat(root / rel))))
        except OSError:
            folders.append((rel, ()))
    return Tree(stamp, tuple(folders), tuple((rel, kind.name) for _path, rel, kind in files),
                tuple(problems), frozenset(attachments))


def _tree_holds(root: str, tree: Tree) -> bool:
    for rel, sig in tree.folders:
        try:
            now = signature(os.lstat(f"{root}/{rel}"))
        except OSError:
            return False
        if now != sig or max(now[1], now[2]) >= tree.stamp - RACY_NS:
            return False
    return True


class State(NamedTuple):
    """The cache as the last runs left it: the full run's index, and the rows changed since."""

    key: bytes  # cache.cache_key of the run that wrote the index
    token: bytes  # ties an overlay to the index it amends
    rows: dict  # rel → Row
    tree: Tree
    report: Report | None  # the last full run's report while nothing changed since
    changed: dict  # rel → Row written by fast checks since the full run


def _state(store: Store | None, key: bytes) -> State | None:
    index = store.get("index") if store is not None else None
    if not isinstance(index, dict) or index.get("key") != key:
        return None
    overlay = store.get("overlay")
    if isinstance(overlay, dict) and overlay.get("token") == index["token"]:
        return State(key, index["token"], index["rows"], overlay["tree"], overlay["report"], overlay["rows"])
    return State(key, index["token"], index["rows"], index["tree"], index["report"], {})


def full(root: Path, today: date, use_cache: bool = True) -> Report:
    """A full validation; the cache's rows and report are written for the next run. The report is
    replayed instead when every input is as the last full run saw it."""
    root = Path(root)
    if not use_cache:
        return validate(root, today=today).report
    key = cache_key(root, today)  # before anything is read: a later change is a miss next time
    store = Store.open(root, create=True)
    config = load_config(root)
    state = _state(store, key)
    if state is not None and state.report is not None:
        scanned = _scan(root, state, config.rules.limits, None)
        if scanned is not None and not scanned[1] and _same_files(scanned[3], state.tree):
            return state.report
    tree = _discover(root)
    limits = config.rules.limits
    sources, seen = [], []
    for rel, kind in tree.files:
        stamp = time.time_ns()
        try:
            sig = signature(os.lstat(root / rel))
        except OSError:
            sig = ()
        src, digest = _read(root / rel, rel, KINDS[kind], limits)
        sources.append(src)
        seen.append((sig, stamp, digest))
    result = validate(root, today=today, config=config, loaded=(sources, list(tree.problems), set(tree.attachments)))
    if store is not None:
        rows, blobs = {}, {}
        for src, (sig, stamp, digest) in zip(sources, seen, strict=True):
            entry = result.passed.get(src.rel)
            rows[src.rel] = _row(src, entry, sig, stamp, digest)
            if digest:
                blobs[digest] = _blob(src, entry)
        index = {"key": key, "token": os.urandom(16), "rows": rows, "tree": tree, "report": result.report}
        store.put({"index": index, **blobs}, replace_all=True)
    return result.report


def _scan(root: Path, state: State, limits, context: dict | None) -> tuple[list[Row], dict, dict, Tree] | None:
    """Every file's row as it is now: (rows in the validator's order, rel → (source, entry) of the
    files whose bytes changed, blobs to store for them, the tree). A file whose stat differs is
    hashed; one whose bytes differ is read and schema-checked again. Without a ``context`` it only
    detects: it stops at the first changed file. None when too many files changed."""
    tree = state.tree if _tree_holds(str(root), state.tree) else _discover(root)
    rows: list[Row] = []
    fresh: dict[str, tuple[Source, object]] = {}
    blobs: dict[str, tuple] = {}
    base = str(root)
    for rel, kind in tree.files:
        row = state.changed.get(rel) or state.rows.get(rel)
        stamp = time.time_ns()
        try:
            sig = signature(os.lstat(f"{base}/{rel}"))
        except OSError:
            return None
        if row is not None and row.kind == kind and trusted(row, sig):
            rows.append(row)
            continue
        src, digest = _read(root / rel, rel, KINDS[kind], limits)
        if row is not None and row.kind == kind and digest and digest == row.digest:
            rows.append(row._replace(sig=sig, stamp=stamp))  # touched, not changed
            continue
        if context is None:
            return rows, {rel: (src, None)}, blobs, tree
        if len(fresh) >= MAX_CHANGED:
            return None
        entry, _ = check_file(src, context, Directory())  # passing or not does not depend on names
        fresh[rel] = (src, entry)
        rows.append(_row(src, entry, sig, stamp, digest))
        if digest:
            blobs[digest] = _blob(src, entry)
    return rows, fresh, blobs, tree


def _same_files(tree: Tree, before: Tree) -> bool:
    return (tree.files, tree.attachments, tree.problems) == (before.files, before.attachments, before.problems)


def only(root: Path, rels: set[str], today: date) -> Report | None:
    """The findings of a full validation, for the files ``rels`` (paths relative to ``root``), from
    the cache; None when the cache cannot answer (the caller validates in full)."""
    root = Path(root)
    if any(rel.startswith("site_config/") for rel in rels):
        return None  # a changed vocabulary or rule can touch every file
    if any(rel.startswith("content/") and not (root / rel).exists() for rel in rels):
        return None  # a deleted entry breaks files nobody named
    collecting = gc.isenabled()
    gc.disable()  # the index is 10k rows of small objects: collections while reading it cost a third
    store = None
    try:
        store = Store.open(root)
        state = _state(store, cache_key(root, today))
        return None if state is None else _only(root, rels, today, store, state)
    except Stale:
        store.clear()  # type: ignore[union-attr] — a stored file failed its seal: the full run that follows writes the cache anew
        return None
    except Exception:  # a fault of the fast path must never cost the contributor the check itself
        if os.environ.get("QINCHUANG_DEBUG"):
            raise
        if store is not None:
            store.clear()
        return None
    finally:
        if collecting:
            gc.enable()


def _only(root: Path, rels: set[str], today: date, store: Store, state: State) -> Report | None:
    started = time.perf_counter()
    config = load_config(root)
    context = config.context()
    scanned = _scan(root, state, config.rules.limits, context)
    if scanned is None:
        return None
    rows, fresh, blobs, tree = scanned
    attachments = set(tree.attachments)
    by_rel = {row.rel: row for row in rows}
    if any(by_rel[rel].kind not in FAST_KINDS or by_rel[rel].kind in FULL_KINDS for rel in rels if rel in by_rel):
        return None

    def loaded(row: Row) -> tuple[Source, object]:
        if row.rel in fresh:
            return fresh[row.rel]
        blob = store.get(row.digest) if row.digest else None
        if not isinstance(blob, tuple) or len(blob) != 2:
            raise Stale(row.rel)
        return replace(blob[0], kind=KINDS[row.kind]), blob[1]

    directory, claimed, kind_of = _indexes(rows)
    issues: list[Issue] = list(tree.problems)
    named = [row for row in rows if row.rel in rels]
    for row in named:  # the named files' own stages, as validate() runs them
        src, _ = loaded(row)
        issues += src.issues
        entry, found = check_file(src, context, directory)
        issues += found
        if entry is not None:
            first = claimed[source_key(row.kind, entry.id)]
            issues += check_identity(row.kind, entry, src, first.rel if first.rel != row.rel else None)
        if src.text:
            issues += check_safety(src, attachments)
    for rel in sorted(rels & attachments):
        issues += check_attachment(root, rel)
    kb = _partial_kb(config, named, claimed, kind_of, directory, loaded)
    issues += check_references(kb, attachments, directory)
    issues += check_citations(kb)
    issues += check_rules(kb, today)
    issues += check_targets(kb)
    issues.sort(key=Issue.sort_key)
    report = Report(issues=issues, files=len(rows) + len(attachments), entries=len(claimed),
                    seconds=time.perf_counter() - started, blocking=_blocking(claimed, kind_of, directory))
    _remember(store, state, rows, fresh, blobs, tree)
    return report


def _remember(store: Store, state: State, rows: list[Row], fresh: dict, blobs: dict, tree: Tree) -> None:
    """Store what this run learnt: the changed and re-stamped rows as a small overlay (the index of
    every row is written by full runs, and here once the overlay has grown past ``OVERLAY_ROWS``)."""
    changed = {row.rel: row for row in rows if (state.changed.get(row.rel) or state.rows.get(row.rel)) is not row}
    if not changed and tree is state.tree:
        return
    report = state.report if not fresh and _same_files(tree, state.tree) else None  # else stale
    overlay = {**state.changed, **changed}
    if len(overlay) > OVERLAY_ROWS:
        index = {"key": state.key, "token": os.urandom(16), "rows": {row.rel: row for row in rows},
                 "tree": tree, "report": report}
        store.put({"index": index, **blobs})
    else:
        store.put({"overlay": {"token": state.token, "rows": overlay, "tree": tree, "report": report}, **blobs})


def _indexes(rows: list[Row]) -> tuple[Directory, dict[str, Row], dict[str, str]]:
    """The directory of names, the first file claiming each key, and id → kind: as validate()
    builds them, from the rows alone."""
    directory = Directory()
    for row in rows:
        for key, kind, name, base in row.known:
            directory.entries.setdefault(key, Known(key, kind, name, base))
    claimed: dict[str, Row] = {}
    for row in rows:
        if row.broken:
            directory.broken |= set(row.broken)
            directory.files.update(dict.fromkeys(row.broken, row.rel))
        if row.entry_id is not None:
            claimed.setdefault(source_key(row.kind, row.entry_id), row)
    kind_of = {row.entry_id: row.kind for row in claimed.values() if row.kind not in YEAR_KEYED}
    return directory, claimed, kind_of


def _blocking(claimed: dict[str, Row], kind_of: dict[str, str], directory: Directory) -> dict[str, int]:
    """Directory.blocking, from the rows."""
    referrers: dict[str, set[str]] = {}
    for row in claimed.values():
        for target in row.refs:
            if target in directory.broken and target not in kind_of:
                referrers.setdefault(directory.files[target], set()).add(f"{row.kind}/{row.entry_id}")
    return {rel: len(who) for rel, who in sorted(referrers.items())}


class _Lazy(dict):
    """Iterating sees what was put in; a look-up by key also finds anything ``fetch`` can load."""

    def __init__(self, fetch):
        super().__init__()
        self._fetch = fetch
        self._more: dict = {}

    def _find(self, key):
        if key not in self._more:
            self._more[key] = self._fetch(key)
        return self._more[key]

    def __missing__(self, key):
        found = self._find(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key, default=None):
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        found = self._find(key)
        return default if found is None else found

    def __contains__(self, key):
        return dict.__contains__(self, key) or self._find(key) is not None


class _Kinds(dict):
    """kind → _Lazy of its entries, made on first use (``get`` included)."""

    def __init__(self, fetch):
        super().__init__()
        self._fetch = fetch

    def __missing__(self, kind):
        value = self[kind] = _Lazy(lambda entry_id: self._fetch(kind, entry_id))
        return value

    def get(self, kind, default=None):
        return self[kind]


def _partial_kb(config, named: list[Row], claimed: dict[str, Row], kind_of: dict[str, str],
                directory: Directory, loaded) -> KnowledgeBase:
    def entry(kind: str, entry_id: str):
        row = claimed.get(source_key(kind, entry_id))
        return loaded(row)[1] if row is not None and row.kind == kind else None

    def source(key: str):
        row = claimed.get(key)
        return loaded(row)[0] if row is not None else None

    kb = KnowledgeBase(config)
    kb.entries = _Kinds(entry)
    kb.sources = _Lazy(source)
    ids = {row.entry_id for row in named if row.entry_id is not None}
    keys = {source_key(row.kind, row.entry_id) for row in named if row.entry_id is not None}
    keys = {k for k in keys if claimed[k].rel in {row.rel for row in named}}  # a second claimer is not in the kb
    for k in list(keys):
        keys |= {t for t in claimed[k].refs if t in claimed}  # what they refer to
    for k, row in claimed.items():
        if ids.intersection(row.refs):  # what refers to them
            keys.add(k)
    for k in sorted(keys):
        row = claimed[k]
        src, item = loaded(row)
        kb.add(row.kind, item, src)
    kb.kind_of = dict(kind_of)
    kb.broken = directory.broken
    kb.link()
    return kb
