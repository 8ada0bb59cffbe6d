"""Material renders the docs tree — in parallel shards when the site is large.

MkDocs renders one page at a time in one process. Entry pages are independent of each other
(they are not in the nav and link only through raw HTML), so a large site is split into shards:
every shard is an ordinary `mkdocs build` of the same docs tree and config in a forked process,
where a small in-process MkDocs plugin marks the pages of other shards as excluded. Shard 0 also
renders every shared page (home, listings, dashboards …) and the static files; the other shards
only their entry pages, which are then moved into shard 0's output. The result is byte-identical
to a one-process build (tested), only faster.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import secrets
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from generator.processes import fork_pool, fork_process

from .context import PAGE_FOLDERS
from .markup import RAW_CLOSE, RAW_OPEN

SHARD_MIN_PAGES = 600  # below this, forking costs more than it saves


class RenderError(Exception):
    pass


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def load(config_file: Path, docs: Path, site_dir: Path, nav: list, nav_cache: bool = True):
    from mkdocs.config import load_config

    hidden = sorted({f"/{d}/*" for d in PAGE_FOLDERS} | {"/files/*", "/exports/*", "/404.md"})
    config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(site_dir), nav=nav,
                         not_in_nav="\n".join(hidden), strict=True)
    if nav_cache:
        config.extra["qc_nav_cache"] = {}  # read by site_config/theme/main.html
    return config


class _ShardPlugin:
    """Keeps one shard's pages; marks every other docs file as excluded (not rendered)."""

    def __init__(self, keep: set[str], others: set[str], docs: str, keep_shared: bool):
        self.keep, self.others, self.docs, self.keep_shared = keep, others, docs, keep_shared

    def on_files(self, files, config):
        from mkdocs.structure.files import InclusionLevel

        for file in files:
            if not file.abs_src_path or not file.abs_src_path.startswith(self.docs):
                continue  # theme files
            if file.src_uri in self.keep or (self.keep_shared and file.src_uri not in self.others):
                continue
            file.inclusion = InclusionLevel.EXCLUDED
        return files


class UnusedThemeFiles:
    """Theme files no reader needs: Material's lunr language files serve only its own search
    plugin, which is off (we ship our own search), the source maps only developer tools, and a
    sitemap without site_url lists no address."""

    def on_config(self, config):
        if not config.site_url:  # without it MkDocs writes a sitemap with no address in it
            config.theme.static_templates.difference_update({"sitemap.xml", "sitemap.xml.gz"})
        return config

    def on_files(self, files, config):
        for file in list(files):
            uri = file.src_uri
            if not file.abs_src_path.startswith(config.docs_dir) and (
                    uri.startswith("assets/javascripts/lunr/") or uri.endswith(".map")  # 1.2 MB
                    or (uri == "sitemap.xml" and uri not in config.theme.static_templates)):
                files.remove(file)
        return files


class TemplateCache:
    """Compiled theme templates kept on disk (Jinja's bytecode cache; each entry is checked
    against its template's source). Otherwise every render worker compiles Material's ~30
    templates anew, ~0.15 s each; warm_templates() fills the cache while the parent validates."""

    def __init__(self, folder: Path):
        self.folder = folder

    def on_env(self, env, config, files):
        from jinja2 import FileSystemBytecodeCache

        self.folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(self.folder))
        return env


class Translations:
    """Material's lang.t(key) builds the language's whole dictionary literal on every call —
    some 30 calls a page. Our partials/language.html asks this memo instead: same strings."""

    def on_env(self, env, config, files):
        lang = env.get_template(f"partials/languages/{config.theme['language']}.html").module
        fallback = env.get_template("partials/languages/en.html").module
        memo: dict = {}

        def translate(key):
            if key not in memo:
                memo[key] = lang.t(key) or fallback.t(key) or key
            return memo[key]

        env.globals["qc_translate"] = translate
        return env


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


class RawPassthrough:
    """Blocks of HTML we generated (markup.raw) skip Python-Markdown: each is swapped for a
    placeholder paragraph before conversion and put back after it. Headings stay Markdown, so
    the table of contents is unchanged; the HTML is byte-for-byte what Markdown would pass."""

    BLOCK = re.compile(re.escape(RAW_OPEN) + r"\n(.*?)\n" + re.escape(RAW_CLOSE), re.S)

    def __init__(self):
        # A placeholder no text can produce: a nonce drawn per build (never written to a page,
        # so the output stays byte-identical), and a lookup that checks its bounds.
        self.nonce = secrets.token_hex(12)
        self.slot = re.compile(rf"<p>QCRAW{self.nonce}-(\d+)QC</p>")

    def on_page_markdown(self, markdown, page, **_):
        blocks: list[str] = []

        def stash(m):
            blocks.append(m.group(1))
            return f"\n\nQCRAW{self.nonce}-{len(blocks) - 1}QC\n\n"

        page.qc_raw_blocks = blocks
        return self.BLOCK.sub(stash, markdown)

    def on_page_content(self, html, page, **_):
        blocks = getattr(page, "qc_raw_blocks", [])

        def put_back(m):
            k = int(m.group(1))
            return blocks[k] if k < len(blocks) else ""

        return self.slot.sub(put_back, html)


class PageScan:
    """Scans each page for the post-build check as it is written (verify.scan_html), in the
    render worker that made it: no second read, and the work is shared by the workers."""

    def __init__(self):
        self.scans: dict[str, tuple[list[str], list[str]]] = {}

    def on_post_page(self, output, page, **_):
        from .verify import scan_html

        self.scans[page.file.dest_uri] = scan_html(output)
        return output


def _build(config_file: Path, docs: Path, site_dir: Path, nav: list, shard: tuple | None,
           template_cache: Path | None = None, footer: str = "",
           names: tuple[str, str] | None = None) -> tuple[list[str], dict]:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, MkDocsException

    # MkDocs allocates many short-lived objects per page: collecting every 700 allocations
    # costs ~3 % of the render; restored afterwards (this may run in the caller's process)
    threshold = gc.get_threshold()
    gc.set_threshold(20000, 50, 100)
    config = load(config_file, docs, site_dir, nav)
    config.extra["qc_footer"] = footer  # read by site_config/theme/partials/copyright.html
    if names:  # the union's own name from base.yml, so a fork never shows ours (mkdocs.yml stays as shipped)
        config["site_name"], config["site_description"] = names
    config.plugins["qinchuang-raw"] = RawPassthrough()
    config.plugins["qinchuang-theme"] = UnusedThemeFiles()
    config.plugins["qinchuang-translations"] = Translations()
    if template_cache is not None:
        config.plugins["qinchuang-templates"] = TemplateCache(template_cache)
    from .csp import ContentSecurityPolicy

    # added after mkdocs.yml's plugins, so their on_post_page see each page last, as written
    config.plugins["qinchuang-csp"] = ContentSecurityPolicy()
    scan = config.plugins["qinchuang-scan"] = PageScan()
    if shard is not None:
        keep, others, keep_shared = shard
        config.plugins["qinchuang-shard"] = _ShardPlugin(keep, others, str(docs), keep_shared)
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        mkdocs_build(config)
    except (Abort, MkDocsException) as exc:
        shown = "\n".join(f"  {m}" for m in handler.messages[:20])
        raise RenderError(f"MkDocs 渲染失败：{exc}\n{shown}") from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        gc.set_threshold(*threshold)
    return handler.messages, scan.scans


def _page_count(docs: Path) -> int:
    return sum(1 for _ in docs.rglob("*.md"))


def split_entries(entry_pages: list[str], workers: int, shared: int) -> list[set[str]]:
    """Entry pages per worker. The first worker also renders the shared pages (home, listings,
    dashboards …), the 404 page and the sitemap, and copies the theme, so it gets fewer entry
    pages: a shared page costs ~1.2 entry pages and the rest ~25 (measured at 1k, 2026-11-26)."""
    first_extra = shared * 1.2 + 25
    per_worker = (len(entry_pages) + first_extra) / workers
    first = max(0, min(len(entry_pages), round(per_worker - first_extra)))
    rest = entry_pages[first:]
    return [set(entry_pages[:first])] + [set(rest[k::workers - 1]) for k in range(workers - 1)]


def render(config_file: Path, docs: Path, site_dir: Path, nav: list, entry_pages: list[str],
           workers: int | None = None, scans: dict | None = None,
           template_cache: Path | None = None, footer: str = "",
           names: tuple[str, str] | None = None) -> list[str]:
    """Render into ``site_dir``; returns MkDocs warnings (any warning already failed: strict).
    ``scans``, if given, receives each page's scan for the post-build check; compiled templates
    are kept in ``template_cache`` if given; ``footer`` is safe HTML for every page's footer;
    ``names`` (site name, description) replace mkdocs.yml's."""
    scans = scans if scans is not None else {}
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    if load(config_file, docs, site_dir, nav).site_url:
        workers = 1  # the sitemap lists every page only when one process renders them all
    if workers <= 1 or len(entry_pages) < SHARD_MIN_PAGES:
        warnings, scanned = _build(config_file, docs, site_dir, nav, None, template_cache, footer, names)
        scans.update(scanned)
        return warnings
    shards = split_entries(entry_pages, workers, shared=_page_count(docs) - len(entry_pages))
    everything_else = set(entry_pages)
    tmp = [Path(tempfile.mkdtemp(prefix=f"{site_dir.name}-shard-", dir=site_dir.parent)) for _ in range(workers - 1)]
    jobs = [(site_dir, (shards[0], everything_else - shards[0], True))]
    jobs += [(tmp[k - 1], (shards[k], set(), False)) for k in range(1, workers)]
    try:
        # The knowledge base and generated pages stay in the workers' memory unchanged: frozen,
        # the workers' garbage collector never walks (and so never copies) those memory pages.
        gc.freeze()  # undone below: the caller may be a long-lived process
        with fork_pool(workers) as pool:
            futures = [pool.submit(_build, config_file, docs, out, nav, shard, template_cache, footer, names) for out, shard in jobs]
            warnings = []
            for future in futures:
                messages, scanned = future.result()
                warnings += messages
                scans.update(scanned)
        for k in range(1, workers):
            for src_uri in shards[k]:
                html = src_uri[:-3] + ".html"
                (site_dir / html).parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp[k - 1] / html, site_dir / html)
    finally:
        gc.unfreeze()
        for folder in tmp:
            shutil.rmtree(folder, ignore_errors=True)
    return warnings
