"""How a render is split into parts that run side by side (render.py): which docs paths each
part renders, and which part copies the theme and static files."""

from __future__ import annotations

from dataclasses import dataclass

SHARD_MIN_PAGES = 600  # below this, forking costs more than it saves
# what the first worker's extra work costs, in entry pages (see split_entries)
SHARED_PAGE_COST = 3.5
THEME_COST = 250


@dataclass(frozen=True)
class Part:
    only: set[str] | None  # the docs paths this part renders or copies; None: all
    static: bool  # also the theme's files and static templates (one part per site)


def split_entries(entry_pages: list[str], workers: int, shared: int) -> list[set[str]]:
    """Entry pages per worker. The first worker also renders the shared pages (home, listings,
    dashboards …), the 404 page and the sitemap, and copies the theme, so it gets fewer entry
    pages: a shared page costs ~3.5 entry pages and the theme's files ~250 (measured at 10k,
    2026-12-01, each part's CPU: an entry page is stamped from its kind's skeleton, stamp.py,
    and converted without Python-Markdown, plain_pages.py; a shared page is rendered in full)."""
    first_extra = shared * SHARED_PAGE_COST + THEME_COST
    per_worker = (len(entry_pages) + first_extra) / workers
    first = max(0, min(len(entry_pages), round(per_worker - first_extra)))
    rest = entry_pages[first:]
    return [set(entry_pages[:first])] + [set(rest[k::workers - 1]) for k in range(workers - 1)]


def split(entry_pages: list[str], paths: set[str], workers: int, only: set[str] | None = None) -> list[Part]:
    """The parts of a render of ``paths`` (every generated docs path). ``only``: a re-render of
    these paths into a site made before: one part, no theme files."""
    if only is not None:
        return [Part(only, static=False)]
    if workers <= 1 or len(entry_pages) < SHARD_MIN_PAGES:
        return [Part(None, static=True)]
    pages = sum(1 for p in paths if p.endswith(".md"))
    shards = split_entries(entry_pages, workers, shared=pages - len(entry_pages))
    others = set().union(*shards[1:])
    return [Part(paths - others, static=True)] + [Part(shard, static=False) for shard in shards[1:]]
