"""Material renders the generated docs (in memory) — in parallel parts when the site is large.

MkDocs renders one page at a time in one process. Entry pages are independent of each other
(they are not in the nav and link only through raw HTML), so a large site is split into parts
(shards.py): every part is an ordinary `mkdocs build` of the same generated docs and config in
a forked process, which renders only its own pages (plugins.GeneratedDocs) straight into the
one site folder. The first part also renders every shared page (home, listings, dashboards …)
and copies the theme and the static files. The result is byte-identical to a one-process build
(tested), only faster. A build that re-renders a few changed pages (`qinchuang serve`) is one
such part.
"""

from __future__ import annotations

import gc
import logging
import os
import tempfile
from collections import Counter
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError

from generator.processes import Forked, fork_process

from .context import PAGE_FOLDERS
from .output import Output
from .plain_pages import PlainPages
from .plugins import (
    GeneratedDocs,
    PageScan,
    RawPassthrough,
    TemplateCache,
    Translations,
    UnusedThemeFiles,
    Warnings,
)
from .shards import Part, split
from .stamp import StampPages
from .stamp import enabled as stamp_enabled


class RenderError(Exception):
    pass


@dataclass(frozen=True)
class Frame:
    """What every page is rendered with besides its own Markdown: when any of it changes,
    every page changes."""

    config_file: Path  # mkdocs.yml
    nav: list
    footer: str = ""  # safe HTML for every page's footer
    names: tuple[str, str] | None = None  # site name and description, replacing mkdocs.yml's


HIDDEN = sorted({f"/{d}/*" for d in PAGE_FOLDERS} | {"/files/*", "/exports/*", "/404.md"})


def load(config_file: Path, docs: Path, site_dir: Path, nav: list | None, nav_cache: bool = True):
    from mkdocs.config import load_config

    config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(site_dir), nav=nav,
                         not_in_nav="\n".join(HIDDEN), strict=True)
    if nav_cache:
        config.extra["qc_nav_cache"] = {}  # read by site_config/theme/main.html
    return config


class _NotDirty(logging.Filter):
    """Parts write into one site folder, so MkDocs must not empty it (its "dirty" mode); its
    warning about stale navigation concerns reused old pages, and every page here is new."""

    def filter(self, record):
        return not record.getMessage().startswith("A 'dirty' build")


@contextmanager
def _no_theme_files():
    """A part that adds pages to a site whose theme files another part copied lists none:
    MkDocs would walk the theme's ~7,000 files (icons) only for us to leave them out (0.2 s
    of a one-page update on a quiet machine, 0.8 s under load)."""
    from mkdocs.structure.files import Files

    original = Files.add_files_from_theme
    Files.add_files_from_theme = lambda self, env, config: None
    try:
        yield
    finally:
        Files.add_files_from_theme = original


def build_part(frame: Frame, made: Output, empty: Path, site_dir: Path, part: Part,
               template_cache: Path | None = None, outside_nav: frozenset[str] = frozenset()) -> tuple[list[str], dict, Counter]:
    """One `mkdocs build` of ``part`` into ``site_dir``: (warnings, page scans, how many pages
    outside the navigation (``outside_nav``) took the fast paths: "stamped" from their kind's skeleton, stamp.py; "plain" without
    Python-Markdown, plain_pages.py)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, MkDocsException

    # MkDocs allocates many short-lived objects per page: collecting every 700 allocations
    # costs ~3 % of the render; restored afterwards (this may run in the caller's process)
    threshold = gc.get_threshold()
    gc.set_threshold(20000, 50, 100)
    config = load(frame.config_file, empty, site_dir, frame.nav)
    config.extra["qc_footer"] = frame.footer  # read by site_config/theme/partials/copyright.html
    if frame.names:  # the union's own name from base.yml, so a fork never shows ours (mkdocs.yml stays as shipped)
        config["site_name"], config["site_description"] = frame.names
    config.plugins["qinchuang-docs"] = GeneratedDocs(made, part.only, part.static)
    raw = config.plugins["qinchuang-raw"] = RawPassthrough()
    config.plugins["qinchuang-theme"] = UnusedThemeFiles()
    config.plugins["qinchuang-translations"] = Translations()
    if template_cache is not None:
        config.plugins["qinchuang-templates"] = TemplateCache(template_cache)
    stamp = config.plugins["qinchuang-stamp"] = StampPages(outside_nav)
    plain = PlainPages(outside_nav, raw) if stamp_enabled() else None
    from .csp import ContentSecurityPolicy

    # added after mkdocs.yml's plugins, so their on_post_page see each page last, as written
    config.plugins["qinchuang-csp"] = ContentSecurityPolicy()
    scan = config.plugins["qinchuang-scan"] = PageScan()
    logger = logging.getLogger("mkdocs")
    handler = Warnings()
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.WARNING)
    quiet = _NotDirty()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    try:
        with ExitStack() as stack:
            if not part.static:
                stack.enter_context(_no_theme_files())
            if plain:
                stack.enter_context(plain.active())
            mkdocs_build(config, dirty=True)
    except (Abort, MkDocsException) as exc:
        shown = "\n".join(f"  {m}" for m in handler.messages[:20])
        raise RenderError(f"MkDocs 渲染失败：{exc}\n{shown}") from None
    except TemplateError as exc:  # a union's own theme file: say which file and line
        raise RenderError(template_problem(exc, handler.messages)) from None
    finally:
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        gc.set_threshold(*threshold)
    return handler.messages, scan.scans, Counter(stamped=stamp.stamped, plain=plain.converted if plain else 0)


def _nav_paths(nav) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_paths(value)]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_paths(item)]
    return []


def template_problem(exc, messages: list[str]) -> str:
    """A theme template's error in Chinese, at the template's file and line (Jinja puts the
    template's frames into the traceback) and with the page MkDocs was building."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml"))]
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else getattr(exc, "filename", None) or "主题模板"
    page = next((f"\n  {m}" for m in messages if m.startswith("Error building page")), "")
    return (f"主题模板出错：{where}：{type(exc).__name__}：{exc}{page}\n"
            "  请检查这个模板文件（site_config/theme/ 或 mkdocs.yml 的 custom_dir 中您改过的文件）；"
            "404 页等没有对应条目的页面里 page 为空，用 {% if page %} 包住对 page 的引用。")


def render(frame: Frame, made: Output, site_dir: Path, entry_pages: list[str], workers: int | None = None,
           scans: dict | None = None, template_cache: Path | None = None,
           only: set[str] | None = None, meanwhile=None, stats: dict | None = None) -> list[str]:
    """Render ``made`` into ``site_dir``; returns MkDocs warnings (any warning already failed:
    strict). ``scans``, if given, receives each page's scan for the post-build check; compiled
    templates are kept in ``template_cache`` if given. ``only``: just these docs paths, into a
    site folder a full render made before (the theme's files are there already). ``meanwhile()``
    runs in this process while the parts render (after they are forked: no thread is running
    when a process forks). ``stats``, if given, receives how many entry pages took the fast
    paths (build_part)."""
    scans = scans if scans is not None else {}
    stats = stats if stats is not None else {}
    taken = Counter()
    # every page outside the navigation may be stamped (stamp.py): entry pages, listings
    in_nav = set(_nav_paths(frame.nav))
    eligible = frozenset(p for p in made.pages if p not in in_nav)
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    site_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qc-docs-") as empty:  # MkDocs wants a docs folder
        if load(frame.config_file, Path(empty), site_dir, frame.nav).site_url:
            workers = 1  # the sitemap lists every page only when one process renders them all
        if only is not None:
            entry_pages = [p for p in entry_pages if p in only]
        parts = split(entry_pages, set(made.pages) | set(made.files), workers, only)
        if len(parts) == 1:
            if meanwhile:
                meanwhile()
            warnings, scanned, taken = build_part(frame, made, Path(empty), site_dir, parts[0],
                                                  template_cache, eligible)
            scans.update(scanned)
            stats.update(taken)
            return warnings
        try:
            # The knowledge base and generated pages stay in the workers' memory unchanged: frozen,
            # the workers' garbage collector never walks (and so never copies) those memory pages.
            gc.freeze()  # undone below: the caller may be a long-lived process
            with ExitStack() as running:
                jobs = [running.enter_context(Forked(build_part, frame, made, Path(empty), site_dir, part, template_cache,
                                                       eligible))
                        for part in parts]
                if meanwhile:
                    meanwhile()
                warnings = []
                for job in jobs:
                    messages, scanned, counts = job.result()
                    warnings += messages
                    scans.update(scanned)
                    taken += counts
        finally:
            gc.unfreeze()
    stats.update(taken)
    return warnings


@contextmanager
def warm_templates(config_file: Path, cache: Path):
    """A forked process that renders a one-page site with the real configuration, which
    compiles exactly the templates a build uses into ``cache``. Best effort: if it fails, the
    render workers compile what they miss themselves. Stopped when the block is left."""
    process = fork_process(_warm, config_file, cache)
    try:
        yield process
    finally:
        if process.is_alive():
            process.terminate()  # the build failed early; the cache's writes are atomic
        process.join()


def _warm(config_file: Path, cache: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build

    logging.getLogger("mkdocs").disabled = True  # this process's warnings concern nobody
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="qc-warm-", dir=cache.parent) as tmp:
            docs = Path(tmp) / "docs"
            docs.mkdir()
            (docs / "index.md").write_text("# 模板预热\n", encoding="utf-8")
            config = load(config_file, docs, Path(tmp) / "site", None)
            config.plugins["qinchuang-templates"] = TemplateCache(cache)
            mkdocs_build(config)
    except Exception:  # noqa: BLE001 — a warm-up only saves time; the real build reports errors
        pass
