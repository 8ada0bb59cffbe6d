"""Listings: one overview per kind, split by facet (year, sub-base, status …) and paginated,
so no page grows with the size of the knowledge base."""

from __future__ import annotations

import posixpath
from collections import defaultdict

from generator.models import KINDS, Facet, Listing

from .context import KIND_LABELS, Site, href
from .markup import WIDE, a, esc, front_matter, html_table, raw
from .output import Output

PER_PAGE = 100


def _facet_key(site: Site, facet: Facet, value) -> str:
    """A facet value's part of its page name: its position in the vocabulary (list-status-03),
    or the value itself (list-year-2022, list-base-FJD-01)."""
    if facet.vocab is None:
        return str(value)
    values = site.kb.config.vocab.get(facet.vocab, [])
    return f"{values.index(value) + 1:02d}" if value in values else "other"


def attribute(entry, path: str):
    """``filed.year``: the year of the entry's date ``filed``."""
    for name in path.split("."):
        entry = getattr(entry, name)
    return entry


# the kinds with listings, by the folder of their pages (where pages link facets from)
LISTED = {k.folder: k for k in KINDS.values() if isinstance(k.listing, Listing)}


def facet_path(site: Site, kind_dir: str, name: str, value) -> str | None:
    kind = LISTED.get(kind_dir)
    facet = next((f for f in kind.listing.facets if f.name == name), None) if kind else None
    if facet is None:
        return None
    return f"{kind_dir}/list-{name}-{_facet_key(site, facet, value)}.md"


# --- rows -----------------------------------------------------------------------------------

def _cell(site: Site, e, value: str, page: str) -> str:
    """One cell of a listing row, as a Column of the registry describes it."""
    how, _, path = value.partition(":")
    if how == "link":
        return site.link(e.id, page)
    head, _, rest = path.partition(".")
    if how == "ref" and rest:  # ref:project.base: the base of the project the entry refers to
        target = getattr(e, head)
        return site.link(attribute(site.kb.get(target), rest), page) if target else "—"
    if how == "who":
        value = attribute(e, path) if not rest.isdigit() else getattr(e, head)[int(rest)]
        if isinstance(value, list):  # who:proposers: everyone named, in their order
            return "、".join(site.who(x, page) for x in value) or "—"
        return site.who(value, page)
    value = attribute(e, path)
    if how == "plain":
        return value
    if how == "text":
        return esc(value or "")
    if how == "ref":
        return site.link(value, page) if value else "—"
    if how == "amount":
        return f"{value:,}" if value is not None else "—"
    raise ValueError(f"listing column {value!r}: unknown kind of cell {how!r}")


def _row(site: Site, kind: str, e, page: str) -> tuple[list[str], list[str]]:
    columns = KINDS[kind].listing.columns
    # an entry is listed on several facet pages of one folder: its cells are made once per folder
    cells = site.remember(("row", kind, e.id, posixpath.dirname(page)),
                          lambda: [_cell(site, e, c.value, page) for c in columns])
    return [c.header for c in columns], cells


def page_name(stem: str, n: int) -> str:
    return f"{stem}.md" if n == 1 else f"{stem}-{n}.md"


def pager(stem: str, n: int, total: int, page: str) -> str:
    if total <= 1:
        return ""
    window = sorted({1, total, *range(max(1, n - 3), min(total, n + 3) + 1)})
    parts, last = [], 0
    for k in window:
        if k - last > 1:
            parts.append("…")
        parts.append(f"<strong>{k}</strong>" if k == n else a(href(page_name(stem, k), page), str(k)))
        last = k
    return f'\n<p class="qc-pager">第 {n} / {total} 页：' + " ".join(parts) + "</p>\n"


def paginated(site: Site, result: Output, stem: str, title: str, kind: str, entries: list, intro: str = "") -> list[str]:
    """Write ``stem.md``, ``stem-2.md`` …; return the paths."""
    total = max(1, -(-len(entries) // PER_PAGE))
    paths = []
    for n in range(1, total + 1):
        page = page_name(stem, n)
        chunk = entries[(n - 1) * PER_PAGE:n * PER_PAGE]
        heading = f"{title}（第 {n} 页）" if total > 1 else title
        out = [front_matter(heading, **WIDE), f"# {esc(heading)}\n", intro, f"共 {len(entries)} 项。\n",
               export_links(kind, page)]
        if chunk:
            header, _ = _row(site, kind, chunk[0], page)
            out.append(html_table(header, [_row(site, kind, e, page)[1] for e in chunk]))
        out.append(pager(stem, n, total, page))
        result.page(page, "\n".join(x for x in out if x) + "\n")
        paths.append(page)
    return paths


def export_links(kind: str, page: str) -> str:
    """导出本页: the kind's CSV and its sheet of the workbook (one file per kind, not per listing
    page, which would repeat each entry once per facet)."""
    from .workbook import WORKBOOK

    sheet = KIND_LABELS[kind]
    return ('<p class="qc-export">导出本页：' + a(href(f"exports/{kind}.csv", page), f"{esc(sheet)}（CSV）")
            + " · " + a(href(WORKBOOK, page), f"Excel 工作簿（工作表“{esc(sheet)}”）") + "</p>\n")


def overview_extra(site: Site, kind: str, entries: list, page: str) -> str:
    """What an overview shows before its facets: the studios as cards (names and levels),
    the newest experience articles with date, author and keywords."""
    if kind == "studio":
        cards = [f'<div class="qc-card"><h3>{site.link(s.id, page)}</h3><p>{esc(s.level)} · {site.link(s.base, page)}</p>'
                 f"<p>领衔人：{site.link(s.leader, page)}</p><p>{esc(s.direction)}</p></div>"
                 for s in sorted(entries, key=lambda s: (-_level_rank(site, s.level), s.id))]
        return raw('<div class="qc-cards">\n' + "\n".join(cards) + "\n</div>") if cards else ""
    if kind == "experience":
        newest = sorted(entries, key=lambda e: (e.date, e.id), reverse=True)[:20]
        return "\n## 最新文章\n" + html_table(["日期", "文章", "作者", "关键词"], [
            [e.date, site.link(e.id, page), site.link(e.author, page), esc("、".join(e.keywords)) or "—"]
            for e in newest]) if newest else ""
    return ""


def _level_rank(site: Site, level: str) -> int:
    ladder = site.kb.config.vocab.get("studio_level", [])
    return ladder.index(level) if level in ladder else -1


def counted_as(site: Site, kind: str) -> str:
    """How an overview's total relates to the home page's figure of the same kind (the
    definitions are in generator.kb.figures): a reader who sees both numbers sees why."""
    s = site.stats
    if kind == "project":
        return f"（其中立项 {s.projects_approved} 项，即首页的“立项课题”；其余为申报中、未立项或已终止）"
    if kind == "person":
        return f"（其中参加过课题组的 {s.participants} 人，即首页的“参与职工”）"
    return ""


def _sort_key(kind: str):
    if KINDS[kind].listing.newest_first:
        return lambda e: (-e.year, e.id)
    return lambda e: e.id


def build_listings(site: Site, progress=None) -> Output:
    """Every listing: each kind's overview, its full list and one list per facet value."""
    result = Output()
    for kind_dir, spec in LISTED.items():
        kind = spec.name
        entries = sorted(site.lists[kind], key=_sort_key(kind))
        title = spec.label
        paginated(site, result, f"{kind_dir}/list-all", f"全部{title}", kind, entries)
        index = f"{kind_dir}/index.md"
        out = [front_matter(title, **WIDE), f"# {title}\n",
               f"共 {len(entries)} 项{counted_as(site, kind)}：" + a(href(f"{kind_dir}/list-all.md", index), "查看全部") + "\n", overview_extra(site, kind, entries, index)]
        for facet in spec.listing.facets:
            name, label, vocab = facet.name, facet.label, facet.vocab
            groups = defaultdict(list)
            for e in entries:
                groups[attribute(e, facet.field)].append(e)
            out.append(f"\n## 按{label}\n")
            rows = []
            for value in _ordered(site, groups, vocab, name):
                path = facet_path(site, kind_dir, name, value)
                shown = site.label(value) if name == "base" else value
                paginated(site, result, path[:-3], f"{title}：{shown}", kind, groups[value])
                rows.append([a(href(path, index), esc(shown)), len(groups[value])])
            out.append(html_table([label, "数量"], rows, numeric={1}))
        result.page(f"{kind_dir}/index.md", "\n".join(out) + "\n")
        if progress:
            progress(f"列表：{title} {len(entries)}")
    return result


def _ordered(site: Site, groups: dict, vocab: str | None, name: str) -> list:
    if vocab:
        order = site.kb.config.vocab.get(vocab, [])
        return sorted(groups, key=lambda v: (order.index(v) if v in order else len(order), str(v)))
    if name == "year":
        return sorted(groups, reverse=True)
    return sorted(groups, key=str)


def paginated_rows(site: Site, result: Output, stem: str, title: str, header: list[str], rows: list[list[str]]) -> list[str]:
    """Like :func:`paginated` for pre-rendered table rows (links relative to ``stem``'s folder)."""
    total = max(1, -(-len(rows) // PER_PAGE))
    paths = []
    for n in range(1, total + 1):
        page = page_name(stem, n)
        heading = f"{title}（第 {n} 页）" if total > 1 else title
        out = [front_matter(heading, **WIDE), f"# {esc(heading)}\n", f"共 {len(rows)} 项。\n"]
        chunk = rows[(n - 1) * PER_PAGE:n * PER_PAGE]
        if chunk:
            out.append(html_table(header, chunk))
        out.append(pager(stem, n, total, page))
        result.page(page, "\n".join(x for x in out if x) + "\n")
        paths.append(page)
    return paths


def with_overviews(nav: list) -> list:
    """The navigation with every listed kind's overview: one that the hand-ordered navigation
    (build.py) does not name yet joins the tab its breadcrumb names, at the end."""
    named = {path for tab in nav for items in tab.values() if isinstance(items, list)
             for item in items for path in item.values()}
    for kind in LISTED.values():
        tab, label, overview = kind.page.crumb
        if overview not in named:
            for section in nav:
                if isinstance(section.get(tab), list):
                    section[tab].append({label: overview})
    return nav
