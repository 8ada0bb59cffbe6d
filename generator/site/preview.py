"""The incremental rebuild behind `qinchuang serve`: after an edit, only what changed is redone.

1. Loading: each entry file is read and parsed again only when its ``lstat`` changed (the
   per-file `Source` is kept); validation then runs on the whole knowledge base, as always.
2. Generation: every page's Markdown is made again in memory — cheap, pure functions of the
   knowledge base — and compared with the previous build's. That is what finds the pages that
   depend on an edit (its own page, its listings, the pages that link or name it, dashboards,
   bulletins) without a table of dependencies that could be incomplete.
3. Rendering: only the pages and files whose source changed go through MkDocs again, into the
   site rendered before; removed ones are deleted. When what surrounds every page changes
   (mkdocs.yml, the theme, the navigation, the footer, the portal's name, the reference day),
   the whole site is rendered anew. The search index files are rewritten when they change.

The result is byte-identical to a fresh `build_site(..., pdf=False)` (tested). The preview
leaves out the printed anthology PDF (typesetting takes seconds) and the post-build page check,
which `qinchuang build` runs before anything is published.
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
from generator.loading.source import discover, read_source

from .build import (
    REPO_MKDOCS,
    Progress,
    entry_pages,
    forked_job,
    frame_of,
    generate,
    reproducible,
    write_published,
)
from .context import Site, html_url
from .output import Output
from .publish import reference_day, source_date_epoch
from .render import render


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


def _theme_key(root: Path, config_file: Path) -> bytes:
    """mkdocs.yml and the theme folder's files, by content."""
    digest = hashlib.blake2b(config_file.read_bytes(), digest_size=16)
    theme = root / "site_config" / "theme"
    for dirpath, dirnames, filenames in os.walk(theme):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            digest.update(os.path.relpath(path, theme).encode() + b"\0")
            with open(path, "rb") as f:
                digest.update(f.read())
    return digest.digest()


def _file_key(data) -> object:
    """A docs file's identity: its bytes, or for a file published as it is, its stat."""
    if isinstance(data, bytes):
        return data
    st = os.stat(data)
    return (str(data), st.st_size, st.st_mtime_ns)


class Preview:
    """The last build of ``root`` in ``site_dir`` and what it was made from."""

    def __init__(self, root: Path, site_dir: Path, today: date | None = None):
        self.root = Path(root).resolve()
        self.site_dir = Path(site_dir)
        self.today = today
        self.sources = SourceCache()
        self.made: Output | None = None
        self.files: dict[str, object] = {}
        self.frame_key = None
        self.templates = self.root / "build" / "template-cache"  # compiled once, as by `build`

    def update(self) -> Update:
        """Bring the site up to date; raises ContentError (with its report) when the knowledge
        base has errors, leaving the previous site as it was."""
        from generator.config import load_config
        from generator.validation import validate

        started = time.perf_counter()
        config_file = self.root / "mkdocs.yml" if (self.root / "mkdocs.yml").is_file() else REPO_MKDOCS
        config = load_config(self.root)
        loaded = self.sources.load(self.root, config)
        result = validate(self.root, today=self.today, config=config, loaded=loaded)
        if not result.report.ok:
            raise ContentError(f"知识库有 {result.report.errors} 个错误，预览保持上一次的结果", report=result.report)
        epoch = source_date_epoch(self.root)
        site = Site(kb=result.kb, ref_date=reference_day(epoch))
        if self.made is None:
            # The forked half of generation (search index, paper pages) fills its lazy tables
            # (dictionaries, math fonts) in a child that then ends: filled once here, every later
            # child inherits them (a one-page update on the sample: 0.9 s less, measured)
            forked_job(site)
        made = generate(site, Progress(enabled=False))
        frame = frame_of(site, config_file)
        frame_key = (_theme_key(self.root, config_file), repr(frame), epoch)
        files = {path: _file_key(data) for path, data in made.files.items()}
        with reproducible(epoch):
            if self.made is None or frame_key != self.frame_key:
                update = self._full(frame, made, site)
            else:
                update = self._changes(frame, made, site, files)
        self.made, self.files, self.frame_key = made, files, frame_key
        update.read = self.sources.read
        update.seconds = time.perf_counter() - started
        return update

    def _full(self, frame, made: Output, site: Site) -> Update:
        fresh = self.site_dir.with_name(self.site_dir.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        render(frame, made, fresh, entry_pages(site), template_cache=self.templates,
               meanwhile=lambda: write_published(made, fresh))
        old = self.site_dir.with_name(self.site_dir.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.site_dir.exists():
            os.replace(self.site_dir, old)
        os.replace(fresh, self.site_dir)
        shutil.rmtree(old, ignore_errors=True)
        return Update(full=True, pages=sorted(made.pages), files=len(made.files) + len(made.published))

    def _changes(self, frame, made: Output, site: Site, files: dict) -> Update:
        before = self.made
        pages = {p for p, text in made.pages.items() if before.pages.get(p) != text}
        changed_files = {p for p, key in files.items() if self.files.get(p) != key}
        gone = [html_url(p) for p in before.pages.keys() - made.pages.keys()]
        gone += list(self.files.keys() - files.keys())
        gone += list(before.published.keys() - made.published.keys())
        published = {p: data for p, data in made.published.items() if before.published.get(p) != data}
        if pages or changed_files:
            render(frame, made, self.site_dir, entry_pages(site), workers=1, template_cache=self.templates,
                   only=pages | changed_files)
        for rel, data in published.items():
            path = self.site_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for rel in gone:
            _remove(self.site_dir, rel)
        return Update(full=False, pages=sorted(pages | set(gone)),
                      files=len(changed_files) + len(published) + len(gone))


def _remove(site_dir: Path, rel: str) -> None:
    """Delete a file of the site and the folders it leaves empty (a fresh build has none)."""
    path = site_dir / rel
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
