"""`qinchuang build`: validate → pages in memory → Material → verify → atomic publish.

Gather, then write: the whole knowledge base is loaded and validated first; every page is a
pure function of it. Entry pages stay out of the navigation (Material renders the whole nav into
every page), so the build stays linear in the number of entries.
"""

from __future__ import annotations

import html
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from generator.errors import ContentError, QinchuangError
from generator.kb.dates import data_reference_date
from generator.processes import share_work
from generator.search import SEARCH_PAGE, build_search, search_page
from generator.search import asset_files as search_assets

from .bulletins import build_bulletins
from .context import ENTRY_DIRS, KIND_LABELS, Site, entry_path, html_url
from .contribute import build_contribute
from .dashboards import DASHBOARDS, build_dashboards
from .exports import build_exports
from .home import build_events, build_home
from .listings import build_listings, with_overviews
from .markup import esc, front_matter
from .notices import build_notices
from .output import Output
from .pages import build_entry_pages
from .publish import discard, new_release, publish, reference_day, source_date_epoch
from .render import Frame, RenderError, render, warm_templates
from .verify import verify_site

REPO_MKDOCS = Path(__file__).resolve().parents[2] / "mkdocs.yml"


class BuildError(QinchuangError):
    """The site could not be rendered or failed verification; the previous site is intact."""


@dataclass
class Summary:
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    out: Path | None = None
    stages: dict[str, float] = field(default_factory=dict)
    stamped: int = 0  # entry pages filled into their kind's skeleton of the template (stamp.py)
    plain: int = 0  # entry pages converted without Python-Markdown (plain_pages.py)


class Progress:
    def __init__(self, enabled: bool = True, stream=None):
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if self.enabled:
            print(f"[{time.perf_counter() - self.start:6.1f}s] {message}", file=self.stream, flush=True)


# --- generation -----------------------------------------------------------------------------

def portal_names(site: Site) -> tuple[str, str]:
    """The portal's title and description from base.yml: a union that forks the repository sets
    its own name there and leaves mkdocs.yml as shipped."""
    s = site.kb.config.settings
    return f"{s.short_name} · {s.name}", f"{s.plant} {s.name}知识库"


def footer_html(site: Site) -> str:
    """Every page's footer: who runs the portal, whom to ask, the day the data speaks of (the
    day the dashboards measure to, generator/kb/dates.py) and, apart, the day the knowledge base
    last changed (the build's reference day): a 2022 data set published in 2026 says both."""
    settings = site.kb.config.settings
    parts = [html.escape(settings.union)]
    if settings.contact:
        parts.append("联系：" + html.escape(settings.contact))
    parts.append(f"数据截至 {data_reference_date(site.kb).isoformat()}")
    parts.append(f"更新于 {site.ref_date.isoformat()}")
    return " · ".join(parts)


def not_found_page() -> str:
    """404.md: rendered as an ordinary page (relative links), so it is styled wherever the
    portal is served from; MkDocs writes pages after the theme's own English 404.html."""
    return (front_matter("页面不存在", hide=["navigation", "toc", "path"])
            + "# 找不到这个页面\n\n您要找的页面不存在，可能已改名或已删除。\n\n"
            "- [返回首页](index.md)\n- [成果检索](search.md)：按课题、人员、专利等查找\n"
            "- [月度简报](bulletins/index.md)\n")


def build_indexes(site: Site) -> Output:
    """The 分基地 and 论文集 indexes (a handful of entries: no facets, no pages)."""
    result = Output()
    page = "bases/index.md"
    out = [front_matter("分基地"), "# 分基地\n", "一部门、一特色。\n", "| 分基地 | 分工会 | 特色 | 负责人 |",
           "| --- | --- | --- | --- |"]
    for b in site.lists["base"]:
        head = site.link(b.head, page) if b.head else "—"
        out.append(f"| {site.link(b.id, page)} | {esc(b.union)} | {esc(b.feature)} | {head} |")
    result.page(page, "\n".join(out) + "\n")
    page = "anthology/index.md"
    out = [front_matter("论文集"), "# 论文集《秦电创新科技》\n"]
    out += [f"- {site.link(x.id, page, kind='anthology')}" for x in site.lists["anthology"]] or ["尚无选编。"]
    result.page(page, "\n".join(out) + "\n")
    return result


def build_search_pages(site: Site) -> Output:
    """The search page and its script (the index itself is made in the forked job)."""
    result = Output(files=dict(search_assets()))
    result.page(SEARCH_PAGE, search_page())
    return result


def build_not_found(site: Site) -> Output:
    return Output(pages={"404.md": not_found_page()})


def anthology_books(kb, progress: Progress) -> dict[int, tuple[str, bytes]]:
    """The printed book of every year with a selection (year → docs path, PDF), offered for
    download on its page."""
    from generator.anthology import build_pdf

    books = {}
    for anth in kb.anthologies:
        with tempfile.TemporaryDirectory(prefix="qc-book-") as tmp:
            result = build_pdf(kb, anth.year, Path(tmp) / "book.pdf")
            books[anth.year] = (f"anthology/{anth.title}-{anth.year}.pdf", result.path.read_bytes())
        progress(f"论文集 {anth.year} 年卷：{result.papers} 篇，{result.pages} 页，{result.seconds:.1f} 秒")
    return books


def search_url(site: Site, kind: str, entry_id: str) -> str:
    """Where a search result opens: the entry's page; activities on their year's page."""
    return html_url(site.path_of(entry_id, kind))


# every maker of the shared pages (not entry pages), in the order they are made
SHARED_MAKERS = (build_listings, build_dashboards, build_bulletins, build_home, build_events, build_indexes,
                 build_notices, build_exports, build_search_pages, build_contribute, build_not_found)
# Generation runs on both cores (processes.share_work): the parent and a forked child each take
# the next job as they are free, the largest first (CPU at 10k entries, 2026-12-01, each job
# alone in a forked child: the search index ~3.4 s, exports ~2.7 s, paper pages ~2–3 s,
# project pages ~1.8 s, people ~0.7 s, listings ~0.5 s), so the jobs left at the end are small
# and the two finish together. The others follow
# in their own order; the results are merged in one fixed order, whoever made them.
LARGEST_FIRST = ("search", "build_exports", "paper", "project", "person", "build_listings", "build_contribute",
                 "build_dashboards", "build_bulletins")


def generation_jobs(site: Site) -> dict[str, object]:
    """name → a job that returns (its Output, a progress line or None), in the merge order."""
    jobs: dict[str, object] = {kind: partial(_entry_job, site, kind) for kind in ENTRY_DIRS}
    jobs |= {make.__name__: partial(_maker_job, site, make) for make in SHARED_MAKERS}
    jobs["search"] = partial(_search_job, site)
    return jobs


def _entry_job(site: Site, kind: str) -> tuple[Output, str]:
    return build_entry_pages(site, kinds=[kind]), f"条目页：{KIND_LABELS[kind]} {len(site.lists[kind])}"


def _maker_job(site: Site, make) -> tuple[Output, None]:
    return make(site), None


def _search_job(site: Site) -> tuple[Output, str]:
    files, index = build_search(site.kb, lambda kind, entry_id: search_url(site, kind, entry_id))
    return Output(published=files), f"检索索引：{index.documents} 个条目，{index.files} 个文件，{index.bytes / 1e6:.1f} MB"


def generate(site: Site, progress: Progress) -> Output:
    """Every page and file of the site."""
    _ = site.lists  # computed once, before the fork, for both processes
    jobs = generation_jobs(site)
    merge_order = list(jobs)
    order = sorted(merge_order, key=lambda name: (LARGEST_FIRST.index(name) if name in LARGEST_FIRST
                                                  else len(LARGEST_FIRST), merge_order.index(name)))

    def said(i: int, value: tuple[Output, str | None]) -> None:
        if value[1]:
            progress(value[1])

    values, theirs = share_work([jobs[name] for name in order], said)
    for i in sorted(theirs):
        said(i, values[i])
    made = dict(zip(order, values, strict=True))
    elsewhere = sum(len(values[i][0].pages) for i in theirs if order[i] in ENTRY_DIRS)
    result = Output().merge(*(made[name][0] for name in merge_order))
    entries = sum(len(made[kind][0].pages) for kind in ENTRY_DIRS)
    progress(f"条目页共 {entries} 页（其中 {elsewhere} 页在另一进程中生成）")
    return result


def navigation() -> list:
    # seven tabs (navigation.tabs), grouped by what a reader comes for; 27 links no longer
    # stack in one sidebar
    return with_overviews([
        {"首页": "index.md"},  # top level: MkDocs takes only a top-level index.md as the home page
        {"创新成果": [{"课题总览": "projects/index.md"}, {"立项公示": "projects/notice.md"},
                  {"公示": "notices/index.md"},
                  {"论文总览": "papers/index.md"}, {"论文集": "anthology/index.md"},
                  {"专利": "patents/index.md"}, {"软件著作权": "software/index.md"}, {"奖励": "awards/index.md"}]},
        {"基地与人员": [{"分基地": "bases/index.md"}, {"创新工作室": "studios/index.md"}, {"人员": "people/index.md"}]},
        {"看板": [{title: path} for path, title, _ in DASHBOARDS if path.startswith("dashboards/")]},
        {"动态": [{"月度简报": "bulletins/index.md"}, {"基地活动": "events/index.md"}]},
        {"两共享": [{"共享经验与设施": "shared/index.md"}, {"经验文章": "experience/index.md"}]},
        {"检索与投稿": [{"成果检索": SEARCH_PAGE}, {"数据导出": "exports/index.md"},
                   {"投稿": "contribute/index.md"}, {"提建议 · 报“五小”": "contribute/proposals.md"},
                   {"贡献指南": "contribute/guide.md"}]},
    ])


def write_trees(trees: list[tuple[Path, list[tuple[str, bytes]]]], threads: int = 2) -> int:
    """Write (relative path, bytes) pairs under their folders; returns the number of files.

    Creating a file is the costly part (0.03–0.8 ms of kernel time each on the reference
    machine, measured 2026-11-26) and files of one directory are created one at a time by the
    kernel, so each thread takes whole directories: two threads halve the time on two cores.
    A file that already holds the same bytes is left as it is."""
    groups: dict[Path, list[tuple[Path, bytes]]] = {}
    for folder, items in trees:
        for rel_path, data in items:
            path = folder / rel_path
            groups.setdefault(path.parent, []).append((path, data))
    shares: list[list[tuple[Path, list]]] = [[] for _ in range(threads)]
    loads = [0] * threads
    for parent, files in sorted(groups.items(), key=lambda kv: (-len(kv[1]), str(kv[0]))):
        k = loads.index(min(loads))
        shares[k].append((parent, files))
        loads[k] += len(files)

    def write(share):
        for parent, files in share:
            parent.mkdir(parents=True, exist_ok=True)
            for path, data in files:
                if not (path.is_file() and path.read_bytes() == data):  # unchanged: keep as is
                    with named(path):
                        path.write_bytes(data)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(write, shares))  # list(): re-raises a thread's error here
    return sum(loads)


@contextmanager
def named(path: Path):
    """A failed write names its file: the kernel's EFBIG / ENOSPC from ``write()`` carries none."""
    try:
        yield
    except OSError as exc:
        if exc.filename or exc.filename2:
            raise
        raise OSError(exc.errno, exc.strerror, str(path)) from None


def write_docs(made: Output, docs: Path) -> int:
    """The docs tree MkDocs renders (in memory) written out, for debugging (--keep-docs) and for
    rendering it another way (bench/site_bench.py's naive build); returns the number of files."""
    if docs.exists():
        shutil.rmtree(docs)
    count = write_trees([(docs, [(p, t.encode("utf-8")) for p, t in made.pages.items()]
                          + [(p, data) for p, data in made.files.items() if isinstance(data, bytes)])])
    return count + copy_assets(made, docs)


def write_published(made: Output, site_dir: Path) -> int:
    """The files that go straight into the published site (the search index)."""
    return write_trees([(site_dir, sorted(made.published.items()))])


def entry_pages(site: Site) -> list[str]:
    return [entry_path(kind, e.id) for kind in ENTRY_DIRS for e in site.lists[kind]]


def frame_of(site: Site, config_file: Path) -> Frame:
    return Frame(config_file, navigation(), footer_html(site), portal_names(site))


@contextmanager
def reproducible(epoch: int):
    """MkDocs and Material date what they write from SOURCE_DATE_EPOCH: the reference day's."""
    saved = {k: os.environ.get(k) for k in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING")}
    os.environ.update(SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1")
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def copy_assets(made: Output, docs: Path) -> int:
    assets = sorted((p, src) for p, src in made.files.items() if isinstance(src, Path))
    for rel, src in assets:
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with named(path):
            shutil.copyfile(src, path)
    return len(assets)


@contextmanager
def collector_paused():
    """Validation builds the knowledge base — hundreds of thousands of objects at 10k entries —
    and frees almost none of them, so the garbage collector's passes over them find nothing:
    ~17 % of validation's CPU at 10k (measured 2026-12-01). Paused while it runs; afterwards
    everything is frozen (never walked again in this build: generation adds as many objects
    again) without a collection first, which would cost 0.2 s at 10k to free the little
    garbage validation leaves; build_site unfreezes it at the end (what was garbage is then
    collected as usual), as the caller may be a long-lived process."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
    gc.freeze()


# --- rendering: see render.py -------------------------------------------------------------

def build_site(root: Path, out: Path | None = None, build_dir: Path | None = None,
               progress: Progress | None = None, today: date | None = None,
               workers: int | None = None, pdf: bool = True, keep_docs: Path | None = None) -> Summary:
    # Published files must be readable by the web server whatever the caller's umask (077 is
    # common on hardened CI runners): files 0644, folders 0755. Restored afterwards.
    import gc

    umask = os.umask(0o022)
    try:
        return _build_site(root, out, build_dir, progress, today, workers, pdf, keep_docs)
    finally:
        os.umask(umask)
        gc.unfreeze()  # what collector_paused() froze


def _build_site(root: Path, out: Path | None, build_dir: Path | None, progress: Progress | None,
                today: date | None, workers: int | None, pdf: bool, keep_docs: Path | None) -> Summary:
    from generator.validation import validate

    root = Path(root).resolve()
    out = Path(out).resolve() if out else root / "site"
    build_dir = Path(build_dir).resolve() if build_dir else root / "build"
    config_file = root / "mkdocs.yml" if (root / "mkdocs.yml").is_file() else REPO_MKDOCS
    progress = progress or Progress()
    summary = Summary(out=out)
    started = time.perf_counter()

    templates = build_dir / "template-cache"
    with warm_templates(config_file, templates) as warming:  # on the core validation leaves idle
        epoch = source_date_epoch(root)
        ref_date = reference_day(epoch)
        with collector_paused():
            result = validate(root, today=today)
        progress(f"校验：{result.report.files} 个文件，{result.report.entries} 个条目，"
                 f"错误 {result.report.errors}，警告 {result.report.warnings}")
        if not result.report.ok:
            raise ContentError(f"知识库有 {result.report.errors} 个错误，未生成网站", report=result.report)
        summary.stages["validate"] = time.perf_counter() - started

        site = Site(kb=result.kb, ref_date=ref_date, books=anthology_books(result.kb, progress) if pdf else {})
        made = generate(site, progress)
        for target, why in sorted(made.refused.items()):
            progress(f"警告：附件 {target} 未发布（{why}）")

        if keep_docs:
            progress(f"文档树：{write_docs(made, keep_docs)} 个文件写入 {keep_docs}（--keep-docs）")
        summary.stages["generate"] = time.perf_counter() - started
        release = new_release(out)
        try:
            progress(f"Material 渲染 {len(made.pages)} 页 …")
            scans: dict = {}
            stats: dict = {}
            warming.join()  # long done: it takes less time than validation
            with reproducible(epoch):
                summary.warnings = render(frame_of(site, config_file), made, release, entry_pages(site), workers,
                                          scans, templates, meanwhile=lambda: write_published(made, release),
                                          stats=stats)
            summary.stamped, summary.plain = stats.get("stamped", 0), stats.get("plain", 0)
            summary.stages["render"] = time.perf_counter() - started
            progress("检查生成的网页（脚本、事件属性、外部资源、站内链接）…")
            check = verify_site(release, scans=scans)
            summary.stages["verify"] = time.perf_counter() - started
            if not check.ok:
                lines = "\n".join(f"  {f.file}: {f.problem}" for f in check.findings[:30])
                raise BuildError(f"生成的网页未通过安全检查（{len(check.findings)} 处），原网站保持不变：\n{lines}")
            summary.pages, summary.files = check.files, check.published  # counted in its walk of the site
            publish(release, out)
        except RenderError as exc:
            discard(release)
            raise BuildError(str(exc)) from None
        except BaseException:
            discard(release)
            raise
    summary.seconds = time.perf_counter() - started
    progress(f"已发布到 {out}：{summary.pages} 个网页，共 {summary.files} 个文件，用时 {summary.seconds:.1f} 秒；"
             f"校验警告 {result.report.warnings} 个，渲染警告 {len(summary.warnings)} 个")
    return summary
