"""What every view needs: the knowledge base, page paths and links."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path, PurePosixPath

from generator.kb import KnowledgeBase
from generator.kb.dates import data_reference_date
from generator.kb.figures import Stats, compute_stats, mentor_pairs
from generator.loading.source import ATTACHMENT_EXTS
from generator.models import KINDS, Page
from generator.svg_check import sanitize_svg

from .markup import a, esc, local_target, raw, render_body
from .output import Output

# kind → folder of its entry pages in the docs tree: the kinds with a page maker (generator.models.kinds)
ENTRY_DIRS = {name: kind.folder for name, kind in KINDS.items() if isinstance(kind.page, Page) and kind.page.maker}
# folders of the pages that show entries (not in the navigation: see build.py)
PAGE_FOLDERS = {posixpath.dirname(k.page.path.format(folder=k.folder, id="x", year=0))
                for k in KINDS.values() if isinstance(k.page, Page)}
# what readers call each kind (the anthology's pages are the 论文集 itself rather than its 选编 file)
KIND_LABELS = {name: kind.portal_label for name, kind in KINDS.items()}


def print_head(site: Site) -> str:
    """The header a printed page carries (hidden on screen): the portal and the data's date."""
    return raw(f'<p class="qc-print-head">{esc(site.kb.config.settings.name)} · 数据截至 {data_reference_date(site.kb)}</p>')


def entry_path(kind: str, entry_id: str) -> str:
    return f"{ENTRY_DIRS[kind]}/{entry_id}.md"


def rel(target: str, from_page: str) -> str:
    """Relative link from one docs page to another docs file."""
    return _relative(target, posixpath.dirname(from_page) or ".")


@lru_cache(maxsize=1 << 16)
def _relative(target: str, folder: str) -> str:
    # pages of one folder link the same people, bases and listings: relpath is slow, ask once;
    # and a clean docs path (no "", "." or ".." part) needs no abspath (os.getcwd() each call):
    # its relative form is ".." per folder part not shared, then the rest (~25 µs → ~2 µs)
    to, start = target.split("/"), [] if folder == "." else folder.split("/")
    if not target or _UNCLEAN.intersection(to) or _UNCLEAN.intersection(start):
        return posixpath.relpath(target, folder)
    common = 0
    for a_part, b_part in zip(to, start, strict=False):  # the shorter one ends the common part
        if a_part != b_part:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


_UNCLEAN = {"", ".", ".."}


def html_url(md_path: str) -> str:
    return md_path[:-3] + ".html" if md_path.endswith(".md") else md_path


def href(target: str, page: str) -> str:
    """URL of a docs file (a .md page becomes its .html) relative to a page."""
    from urllib.parse import quote

    return quote(html_url(rel(target, page)))


@dataclass(frozen=True, eq=False)
class Site:
    """The read-only view page makers work from: the knowledge base, the build's reference day,
    the printed anthologies, and the link helpers. What a maker makes goes into its `Output`.

    Links, labels and listing rows are memoised (`remember`): each is a pure function of the
    knowledge base and of the linking page's folder (links are relative to the folder), and at
    10k entries the pages ask for ~216k links to a few thousand entries from a dozen folders
    (2.5 s of a build, measured 2026-12-01 with bench/generate_bench.py). The memo lives in this
    Site, which is made for one build from one knowledge base, so it cannot outlive a change to
    the entries."""

    kb: KnowledgeBase
    ref_date: date  # the build's reference day (from SOURCE_DATE_EPOCH): reproducible
    # year → (docs path, PDF) of the printed book, made before the pages (its size is shown)
    books: dict[int, tuple[str, bytes]] = field(default_factory=dict)
    _memo: dict = field(default_factory=dict, init=False, repr=False)  # see the class docstring

    @cached_property
    def stats(self) -> Stats:
        return compute_stats(self.kb)

    @cached_property
    def pairs_by_person(self) -> dict[str, set[tuple[str, str]]]:
        """Each person's (mentor, apprentice) pairs, as mentor or as apprentice."""
        pairs = defaultdict(set)
        for mentor, apprentice in mentor_pairs(self.kb):
            pairs[mentor].add((mentor, apprentice))
            pairs[apprentice].add((mentor, apprentice))
        return pairs

    @cached_property
    def lists(self) -> dict[str, list]:
        """Each kind's entries once, sorted by id (kb's accessors sort on every call)."""
        return {name: self.kb.of_kind(name) for name in KINDS}

    def remember(self, key: tuple, make):
        """``make()``, computed once per key in this build (see the class docstring): the key
        must hold everything the value depends on besides the knowledge base."""
        made = self._memo.get(key, self._memo)
        if made is self._memo:
            made = self._memo[key] = make()
        return made

    # --- labels and links -------------------------------------------------------------------

    def entry(self, entry_id: str, kind: str | None = None):
        """An entry by id; year-keyed kinds (targets, anthology, bulletin) need their kind."""
        if kind:
            return self.kb.entries.get(kind, {}).get(entry_id)
        return self.kb.get(entry_id)

    def label(self, entry_id: str, kind: str | None = None) -> str:
        key = ("label", entry_id, kind)
        made = self._memo.get(key)
        if made is None:
            made = self._memo[key] = self._label(entry_id, kind)
        return made

    def _label(self, entry_id: str, kind: str | None) -> str:
        entry = self.entry(entry_id, kind)
        if entry is None:
            return entry_id
        for name in ("title", "name"):
            value = getattr(entry, name, None)
            if value:
                return f"{value}（{entry.volume}）" if hasattr(entry, "volume") else value
        if kind == "bulletin":
            return f"{entry_id[:4]} 年 {int(entry_id[5:])} 月简报"
        if kind == "targets":
            return f"{entry_id} 年度目标"
        return entry_id

    def path_of(self, entry_id: str, kind: str | None = None) -> str | None:
        """The docs page that shows an entry (its own page, or the page listing it), or None."""
        kind = kind or self.kb.kind_of.get(entry_id)
        page = KINDS[kind].page if kind in KINDS else None
        if not isinstance(page, Page):
            return None
        if "{year}" in page.path:
            return page.path.format(year=self.entry(entry_id, kind).year)
        return page.path.format(folder=KINDS[kind].folder, id=entry_id)

    def link(self, entry_id: str, page: str, text: str | None = None, kind: str | None = None) -> str:
        """A link to an entry's page (HTML, valid inline in Markdown too); text escaped."""
        key = ("link", entry_id, posixpath.dirname(page), text, kind)
        made = self._memo.get(key)
        if made is None:
            made = self._memo[key] = self._link(entry_id, page, text, kind)
        return made

    def _link(self, entry_id: str, page: str, text: str | None, kind: str | None) -> str:
        target = self.path_of(entry_id, kind)
        shown = esc(text if text is not None else self.label(entry_id, kind))
        return a(html_url(rel(target, page)), shown) if target else shown

    def who(self, person, page: str) -> str:
        """A person reference: plant staff link to their page, outside co-authors are text."""
        if isinstance(person, str):
            return self.link(person, page)
        return f"{esc(person.name)}（{esc(person.org)}）"

    def links(self, ids, page: str, sep: str = "、") -> str:
        return sep.join(self.link(i, page) for i in ids) or "—"

    def attachment(self, target: str, out: Output) -> str | None:
        """Publish a file beside an entry (``content/…``) in ``out``; its docs path, or None if
        refused."""
        target = posixpath.normpath(target)  # an attachment name "../../../x.pdf" stays in content/
        if posixpath.splitext(target)[1].lower() not in ATTACHMENT_EXTS or not target.startswith("content/"):
            return None
        file = self.kb.config.root / target
        if not file.is_file():
            return None
        if _through_symlink(self.kb.config.root, target):
            out.refused[target] = "是符号链接"  # would publish a file from outside the repository
            return None
        docs_path = "files/" + target[len("content/"):]
        if file.suffix.lower() == ".svg":  # written out by us through the allowlist, never copied
            clean = sanitize_svg(file.read_bytes())
            if clean.problems:
                out.refused[target] = f"第 {clean.problems[0][0]} 行：{clean.problems[0][1]}"
                return None
            out.files[docs_path] = clean.svg
            return docs_path
        out.files[docs_path] = file
        return docs_path

    # --- bodies -----------------------------------------------------------------------------

    def source(self, entry_id: str, kind: str | None = None):
        return self.kb.source_of(kind or self.kb.kind_of[entry_id], entry_id)

    def body_html(self, entry_id: str, page: str, out: Output, kind: str | None = None) -> str:
        """An entry's Markdown body as HTML; the attachments it links are published in ``out``."""
        src = self.source(entry_id, kind)
        return self.markdown_html(src.body, src.rel, page, out)

    def markdown_html(self, text: str, source_rel: str, page: str, out: Output) -> str:
        def resolve(tag: str, value: str) -> str | None:
            target = local_target(source_rel, value)
            stem = posixpath.splitext(posixpath.basename(target))[0]
            if tag == "a" and self.path_of(stem) and target.endswith(".md"):
                return html_url(rel(self.path_of(stem), page))
            docs_path = self.attachment(target, out)
            return rel(docs_path, page) if docs_path else None

        return render_body(text, resolve)


def _through_symlink(root: Path, target: str) -> bool:
    """Whether ``root/target`` is reached through a symbolic link (a file or folder that may
    point outside the repository)."""
    path = root
    for part in PurePosixPath(target).parts:
        path = path / part
        if path.is_symlink():
            return True
    return False
