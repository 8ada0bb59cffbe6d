"""The incremental rebuild behind `qinchuang serve`: after an edit, the edited page first, the rest later.

An update is done in two stages, because what the contributor waits for is the page they are
looking at — almost always the entry they just saved — and everything else a build makes
can follow a moment later without their noticing.

**Stage 1, `update()` (before the browser reloads)** — only what the saved files need:

1. Loading: an entry file is read and parsed again only when its ``lstat`` changed (the
   per-file `Source` is kept).
2. Validation, incrementally: the changed files and their neighbours — the entries they refer
   to and the entries referring to them, before and after the edit — go to the ``validate
   --only`` check (generator/validation/incremental.py). By that module's rule (a finding depends
   on its entry, on entries it looks up and on entries referring to it) these are all the files
   whose findings an edit can change, so its findings for them are the whole knowledge base's
   (those it makes on the way for other files, seen from a partial knowledge base, are dropped):
   an error stops the update here and the site stays as it was. At 10k entries this is ~0.5 s
   instead of ~5 s for the whole knowledge base.
3. The knowledge base is assembled as `validate()` assembles it, from the entries of the last
   valid state with the changed files' entries checked again (`assemble`), and linked.
4. The changed entries' own pages are made and rendered (MkDocs, only those pages), and a
   deleted entry's page removed. The browser reloads now.

**Stage 2, `settle()` (deferred: in the watcher's idle time, one step at a time)** — the rest:

* ``pages``: every page's Markdown is made again and compared with what the site holds; the
  pages whose source changed (listings, the pages that link or name the entry, dashboards,
  bulletins, the home page) are rendered, removed ones deleted. Comparing the Markdown finds
  the pages that depend on an edit without a table of dependencies that could be incomplete.
* ``exports``: the CSV/JSON exports and the Excel workbook (~40 % of a one-page update's CPU
  time when it was done before the reload).
* ``search``: the search index files.
* ``validate``: a whole-knowledge-base validation, only when the incremental check could not
  see every neighbour (a neighbour of a kind that is checked over the whole kind: awards,
  targets, selections, score sheets). An error it finds shows like any other (the pages already
  updated stay until it is fixed; the next save is validated in full).

Deferred because none of these is what the contributor looks at, and together they are most of
an update: on the sample the edited page is served after 0.55 s instead of 2.8 s, the rest
follows within ~2.8 s (bench/serve_bench.py, README “实时预览”). Coalesced: a save
during stage 2 is seen between two steps (the watcher looks at the files before each step) and
during a step's making: the pages, exports and search index of a step are made in a forked child
(made_unless) that is stopped when a file changes, so a save during a long step — the search
index takes seconds at 10k entries — does not wait for it; its stage 1 runs at once and stage 2
starts again for the newest state, so rapid saves cost one stage 2. The child only computes;
writing stays in this one worker, one step at a time, so a stopped step leaves nothing
half-updated (the steps call the page makers, exports and search as they are, not rewritten
for the preview). A
step's page or file is written under a temporary name and renamed over the old one (MkDocs
renders into a staging folder beside the site), so the server never sends a half-written file;
a later request gets the new one.

Whenever the fast path cannot answer — the first build, a change to site_config/ or mkdocs.yml,
an attachment added, removed or changed, a change in what the loader reports (a misplaced file), many files at once,
the validation cache missing (it is written by a deferred ``cache`` step after a full build),
an update after an error that the fast path did not see — or when what surrounds every page
changes (the theme, the navigation, the footer, the portal's name, the reference day), the
update validates everything and makes every page at once; it renders the pages whose source
changed, or the whole site anew when the frame changed.

After the last step the site is byte-identical to a fresh `build_site(..., pdf=False)`
(tests/test_serve_incremental.py). The preview leaves out the printed anthology PDF
(typesetting takes seconds) and the post-build page check, which `qinchuang build` runs before
anything is published.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.errors import ContentError
from generator.kb import KnowledgeBase, source_key
from generator.loading.source import Source, discover, read_source

from .build import (
    REPO_MKDOCS,
    SHARED_MAKERS,
    Progress,
    entry_pages,
    frame_of,
    generate,
    reproducible,
    search_url,
)
from .context import ENTRY_DIRS, Site, entry_path, html_url
from .exports import build_exports
from .output import Output
from .pages import build_entry_pages, maker_of
from .publish import publish, reference_day, source_date_epoch
from .render import render

MAX_FAST = 20  # more files changed at once (a branch switch, a pull): the full path is as quick
STEPS = ("pages", "exports", "search")  # stage 2, in this order


class SourceCache:
    """The parsed entry files by path, kept while their ``lstat`` stays the same."""

    def __init__(self):
        self.kept: dict[str, tuple[tuple, object]] = {}
        self.read = 0  # files read by the last load (for the terminal and the benchmark)

    def load(self, root: Path, config):
        files, problems, attachments = discover(root)
        limits = config.rules.limits
        sources, kept = [], {}
        self.read = 0
        for path, rel, kind in files:
            st = os.lstat(path)
            key = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, kind.name,
                   limits.max_file_bytes, limits.max_depth)
            old = self.kept.get(rel)
            if old is None or old[0] != key:
                old = (key, read_source(path, rel, kind, limits.max_file_bytes, limits.max_depth))
                self.read += 1
            kept[rel] = old
            sources.append(old[1])
        self.kept = kept
        return sources, problems, attachments


@dataclass
class Update:
    full: bool  # the whole site was rendered
    pages: list[str] = field(default_factory=list)  # docs paths rendered (or deleted) this time
    files: int = 0  # docs files and search index files written or deleted
    read: int = 0  # entry files read
    seconds: float = 0.0
    written: list[str] = field(default_factory=list)  # site paths written or deleted (for reloading)
    step: str = ""  # the stage-2 step this was ("" for stage 1)
    fast: bool = False  # stage 1 validated incrementally and made only the edited entries' pages
    why: str = ""  # why it was not (for the terminal)


@dataclass
class Valid:
    """The last valid knowledge base and what it was made from: the fast path's starting point."""

    inputs: tuple  # everything besides the entry files it depends on (see Preview._inputs)
    sources: dict[str, Source]  # rel → the source it was checked from
    problems: list  # what discover() reported, and the attachments it found
    attachments: set[str]
    entries: dict[str, object]  # rel → its entry (None: failed its own checks)
    site: Site


def _tree_key(root: Path, config_file: Path) -> bytes:
    """mkdocs.yml and site_config/ (its theme folder included), by content."""
    digest = hashlib.blake2b(config_file.read_bytes(), digest_size=16)
    folder = root / "site_config"
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            digest.update(os.path.relpath(path, folder).encode() + b"\0")
            with open(path, "rb") as f:
                digest.update(f.read())
    return digest.digest()


def _file_key(data) -> object:
    """A docs file's identity: its bytes, or for a file published as it is, its stat."""
    if isinstance(data, bytes):
        return data
    st = os.stat(data)
    return (str(data), st.st_size, st.st_mtime_ns)


def assemble(config, sources: list[Source], entries: dict[str, object]) -> KnowledgeBase:
    """The knowledge base `validate()` builds from these sources, given each file's entry from its
    own checks (None: it failed them): the first file claiming an id holds it, files failing their
    checks or misnamed are broken for their referrers, then the back-references are linked."""
    from generator.validation.directory import build_directory

    kb = KnowledgeBase(config)
    directory = build_directory(sources)
    claimed: set[str] = set()
    for src in sources:
        entry = entries[src.rel]
        if entry is None:
            directory.mark_broken(src.kind.name, src.stem, src.data, src.rel)
            continue
        if entry.id != src.stem:
            directory.mark_broken(src.kind.name, src.stem, None, src.rel)
        key = source_key(src.kind.name, entry.id)
        if key not in claimed:
            claimed.add(key)
            kb.add(src.kind.name, entry, src)
    kb.broken = directory.broken
    kb.link()
    return kb


def _neighbours(kb: KnowledgeBase, entries: dict[str, object], rels) -> set[str]:
    """The files of the entries the entries at ``rels`` refer to, and of those referring to them."""
    found = set()
    for rel in rels:
        entry = entries.get(rel)
        if entry is None:
            continue
        ids = {target for _loc, _kind, target in entry.refs()}
        ids |= {ref.id for ref in kb.referrers(entry.id)}
        for entry_id in ids:
            kind = kb.kind_of.get(entry_id)
            if kind is not None:
                found.add(kb.source_of(kind, entry_id).rel)
    return found


class Interrupted(Exception):
    pass


def made_unless(interrupted, make, site: Site) -> Output:
    """``make(site)`` — in a forked child when ``interrupted`` is given, so that a save during a
    long step (the search index takes seconds at 10k entries) is not kept waiting: the child is
    stopped as soon as ``interrupted()`` says yes (asked every 0.3 s), and Interrupted raised. The child only computes;
    this process writes, so a stopped step leaves nothing half-done."""
    if interrupted is None:
        return make(site)
    from generator.processes import Forked

    with Forked(make, site) as job:
        while not job.ready(0.3):
            if interrupted():
                raise Interrupted
        return job.result()


def page_makers(site: Site) -> Output:
    """Every page of the site and the files they publish, without the exports and the search
    index (stage 2's later steps): `generate()` without them, in one process."""
    result = build_entry_pages(site)
    for make in SHARED_MAKERS:
        if make is not build_exports:
            result.merge(make(site))
    return result


def search_index(site: Site) -> Output:
    from generator.search import build_search

    files, _ = build_search(site.kb, lambda kind, entry_id: search_url(site, kind, entry_id))
    return Output(published=files)


MAKERS = {"pages": page_makers, "exports": build_exports, "search": search_index}


def _part_of(path: str, published: bool) -> str:
    """Which step of stage 2 makes this docs path (or published site path)."""
    if published:
        return "search"
    return "exports" if path.startswith("exports/") else "pages"


def _split(made: Output) -> dict[str, Output]:
    parts = {name: Output() for name in STEPS}
    for path, text in made.pages.items():
        parts[_part_of(path, False)].pages[path] = text
    for path, data in made.files.items():
        parts[_part_of(path, False)].files[path] = data
    for path, data in made.published.items():
        parts["search"].published[path] = data
    parts["pages"].refused.update(made.refused)
    return parts


def _merged(parts: dict[str, Output]) -> Output:
    made = Output()
    for name in STEPS:
        made.merge(parts[name])
    return made


class Preview:
    """The site in ``site_dir`` kept up to date with ``root``: what it holds, what it was made
    from, and the deferred steps left."""

    def __init__(self, root: Path, site_dir: Path, today: date | None = None):
        self.root = Path(root).resolve()
        self.site_dir = Path(site_dir)
        self.today = today
        self.sources = SourceCache()
        self.parts: dict[str, Output] | None = None  # what the site holds, by the step that makes it
        self.frame_key = None
        self.frame = None
        self.valid: Valid | None = None
        self.deferred: list[str] = []  # stage-2 steps left, in order
        self.why = ""  # why the last update could not take the fast path
        self.templates = self.root / "build" / "template-cache"  # compiled once, as by `build`

    def pending(self) -> bool:
        return bool(self.deferred)

    # --- stage 1 ---------------------------------------------------------------------------

    def _inputs(self, config_file: Path, problems, attachments, epoch: int) -> tuple:
        """What the fast path needs unchanged besides the entry files; attachments by stat (an
        edited image or SVG is checked again by a full validation), the epoch last."""
        files = []
        for rel in sorted(attachments):
            try:
                st = os.stat(self.root / rel)
                files.append((rel, st.st_size, st.st_mtime_ns, st.st_ino))
            except OSError:
                files.append((rel,))
        return (_tree_key(self.root, config_file), repr(problems), tuple(files), epoch)

    def update(self) -> Update:
        """Bring the edited pages up to date (stage 1) and queue the rest (stage 2); raises
        ContentError (with its report) when the knowledge base has errors, leaving the site as
        it was."""
        from generator.config import load_config

        started = time.perf_counter()
        config_file = self.root / "mkdocs.yml" if (self.root / "mkdocs.yml").is_file() else REPO_MKDOCS
        config = load_config(self.root)
        sources, problems, attachments = self.sources.load(self.root, config)
        epoch = source_date_epoch(self.root)
        inputs = self._inputs(config_file, problems, attachments, epoch)
        update, self.why = None, "首次生成" if self.parts is None else "上一次更新未完成或有错误"
        if self.valid is not None and self.parts is not None:
            if self.valid.inputs != inputs:
                self.why = "site_config/、mkdocs.yml、附件、文件位置或最近的提交变了"
            else:
                update = self._fast(config, config_file, (sources, problems, attachments), inputs)
        if update is None:
            update = self._slow(config, config_file, (sources, problems, attachments), inputs, epoch)
            update.why = self.why
        update.read = self.sources.read
        update.seconds = time.perf_counter() - started
        return update

    def _today(self) -> date:
        return self.today or date.today()

    def _fast(self, config, config_file: Path, loaded, inputs: tuple) -> Update | None:
        """Stage 1 of an edit of entry files; None when only the full path can answer."""
        from generator.validation import check_file
        from generator.validation.directory import Directory
        from generator.validation.incremental import FULL_KINDS, only

        valid = self.valid
        sources, problems, attachments = loaded
        by_rel = {src.rel: src for src in sources}
        changed = [rel for rel, src in by_rel.items() if valid.sources.get(rel) is not src]
        removed = [rel for rel in valid.sources if rel not in by_rel]
        if len(changed) + len(removed) > MAX_FAST:
            self.why = f"一次改了 {len(changed) + len(removed)} 个文件"
            return None
        context = config.context()
        entries = {rel: valid.entries[rel] for rel in by_rel if rel not in changed}
        for rel in changed:
            entries[rel] = check_file(by_rel[rel], context, Directory())[0]
        kb = assemble(config, sources, entries)
        edited = set(changed) | set(removed)
        rels = set(changed) | _neighbours(valid.site.kb, valid.entries, edited) | _neighbours(kb, entries, changed)
        rels -= set(removed)
        whole = {rel for rel in rels if by_rel[rel].kind.name in FULL_KINDS}
        report = only(self.root, rels - whole, self._today())
        if report is None:
            self.why = "校验缓存不能回答（见 generator/validation/incremental.py）"
            return None
        # its findings for the files named are a full validation's; those it made on the way
        # for other files (seen from a partial knowledge base) are not
        report.issues = [i for i in report.issues if i.path in rels - whole or i.path not in by_rel]
        if not report.ok:
            raise ContentError(f"知识库有 {report.errors} 个错误，预览保持上一次的结果", report=report)
        site = Site(kb=kb, ref_date=valid.site.ref_date)
        frame = frame_of(site, config_file)
        frame_key = (repr(frame), inputs)
        if frame_key != self.frame_key:
            self.why = "每页共有的部分（导航、页脚、名称）变了"
            return None  # every page changes: the full path renders them all
        pages = self.parts["pages"]
        new = Output(pages=dict(pages.pages), files=dict(pages.files), refused=dict(pages.refused))
        for rel in edited:  # the edited entries' own pages: made anew, or gone with their entry
            old = valid.entries.get(rel)
            kind = (by_rel.get(rel) or valid.sources[rel]).kind.name
            if kind not in ENTRY_DIRS:
                continue
            if old is not None:
                new.pages.pop(entry_path(kind, old.id), None)
            entry = entries.get(rel)
            if entry is not None and kb.entry(kind, entry.id) is entry:
                made = Output()
                new.pages[entry_path(kind, entry.id)] = maker_of(kind)(site, entry, made)
                new.files.update(made.files)
                new.refused.update(made.refused)
        with reproducible(inputs[-1]):
            update = self._apply({**self.parts, "pages": new}, site)
        update.fast = True
        self.valid = Valid(inputs, by_rel, list(problems), set(attachments), entries, site)
        self.deferred = list(STEPS) + (["validate"] if whole else [])
        return update

    def _slow(self, config, config_file: Path, loaded, inputs: tuple, epoch: int) -> Update:
        """Validate everything, make everything; render what changed, or all when the frame did."""
        from generator.validation import validate

        self.deferred = []
        result = validate(self.root, today=self.today, config=config, loaded=loaded)
        if not result.report.ok:
            raise ContentError(f"知识库有 {result.report.errors} 个错误，预览保持上一次的结果", report=result.report)
        site = Site(kb=result.kb, ref_date=reference_day(epoch))
        made = generate(site, Progress(enabled=False))
        frame = frame_of(site, config_file)
        frame_key = (repr(frame), inputs)
        parts = _split(made)
        with reproducible(epoch):
            if self.parts is None or frame_key != self.frame_key:
                self.frame, self.frame_key = frame, frame_key
                update = self._full(frame, made, site, parts)
            else:
                update = self._apply(parts, site)
        sources, problems, attachments = loaded
        self.valid = Valid(inputs, {src.rel: src for src in sources}, list(problems), set(attachments),
                           dict(result.passed), site)
        self.deferred = ["cache"]  # the validation cache the fast path reads, for the next edit
        return update

    def _full(self, frame, made: Output, site: Site, parts: dict[str, Output]) -> Update:
        from .build import write_published

        fresh = self.site_dir.with_name(self.site_dir.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        render(frame, made, fresh, entry_pages(site), template_cache=self.templates,
               meanwhile=lambda: write_published(made, fresh))
        # one atomic exchange, as a build publishes: two renames left a moment with no site at
        # all, and a browser reloading then got 404 (seen in the rapid-saves test under load)
        publish(fresh, self.site_dir)
        self.parts = parts
        return Update(full=True, pages=sorted(made.pages), files=len(made.files) + len(made.published),
                      written=["*"])

    # --- writing ---------------------------------------------------------------------------

    def _apply(self, parts: dict[str, Output], site: Site) -> Update:
        """Make the site hold ``parts``: render the pages and files whose source changed (into a
        staging folder, then renamed into the site one by one), write changed published files
        the same way, delete what is gone."""
        before, after = _merged(self.parts), _merged(parts)
        pages = {p for p, text in after.pages.items() if before.pages.get(p) != text}
        old_keys = {p: _file_key(d) for p, d in before.files.items()}
        files = {p for p, d in after.files.items() if old_keys.get(p) != _file_key(d)}
        published = {p: d for p, d in after.published.items() if before.published.get(p) != d}
        gone = [html_url(p) for p in before.pages.keys() - after.pages.keys()]
        gone += list(before.files.keys() - after.files.keys())
        gone += list(before.published.keys() - after.published.keys())
        written: list[str] = []
        if pages or files:
            stage = self.site_dir.with_name(self.site_dir.name + ".stage")
            shutil.rmtree(stage, ignore_errors=True)
            render(self.frame, after, stage, entry_pages(site), workers=1,
                   template_cache=self.templates, only=pages | files)
            written += _move_in(stage, self.site_dir)
            shutil.rmtree(stage, ignore_errors=True)
        for rel, data in sorted(published.items()):
            _write_atomic(self.site_dir / rel, data)
            written.append(rel)
        for rel in sorted(set(gone)):
            _remove(self.site_dir, rel)
            written.append(rel)
        self.parts = parts
        return Update(full=False, pages=sorted(pages | set(gone)), files=len(files) + len(published) + len(gone),
                      written=written)

    # --- stage 2 ---------------------------------------------------------------------------

    def settle_step(self, interrupted=None) -> Update | None:
        """Run the next deferred step; None when none is left, or when ``interrupted()`` said
        yes while the step's pages or files were being made (then the step is left queued:
        a newer save is waiting, and its update starts stage 2 anew)."""
        if not self.deferred:
            return None
        started = time.perf_counter()
        step = self.deferred[0]
        stopped = False
        try:
            if step == "cache":
                from generator.validation.incremental import full

                full(self.root, self._today())
                update = Update(full=False)
            elif step == "validate":
                update = self._validate()
            else:
                site = self.valid.site
                part = made_unless(interrupted, MAKERS[step], site)
                with reproducible(self.valid.inputs[-1]):
                    update = self._apply({**self.parts, step: part}, site)
        except Interrupted:
            stopped = True
            return None
        finally:  # a step that failed is not tried again and again: the next save starts anew
            if self.deferred[:1] == [step] and not stopped:
                self.deferred.pop(0)
        update.step, update.seconds = step, time.perf_counter() - started
        return update

    def settle(self) -> list[Update]:
        """Every deferred step (the tests; `serve` runs them one by one between looks at the files)."""
        done = []
        while (update := self.settle_step()) is not None:
            done.append(update)
        return done

    def _validate(self) -> Update:
        from generator.config import load_config
        from generator.validation import validate

        valid = self.valid
        result = validate(self.root, today=self.today, config=load_config(self.root),
                          loaded=(list(valid.sources.values()), valid.problems, valid.attachments))
        if not result.report.ok:
            self.valid = None  # the next update takes the full path
            self.deferred = []
            raise ContentError(f"知识库有 {result.report.errors} 个错误", report=result.report)
        return Update(full=False)


def _move_in(stage: Path, site_dir: Path) -> list[str]:
    """Every file rendered into ``stage`` renamed to its place in ``site_dir`` (atomic per file)."""
    moved = []
    for dirpath, _dirnames, filenames in os.walk(stage):
        for name in filenames:
            src = os.path.join(dirpath, name)
            rel = os.path.relpath(src, stage)
            dest = site_dir / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dest)
            moved.append(Path(rel).as_posix())
    return moved


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _remove(site_dir: Path, rel: str) -> None:
    """Delete a file of the site and the folders it leaves empty (a fresh build has none)."""
    path = site_dir / rel
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
