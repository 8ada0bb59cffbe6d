"""Listings: one overview per kind, split by facet (year, sub-base, status …) and paginated,
so no page grows with the size of the knowledge base."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from .context import KIND_LABELS, Site, href
from .markup import WIDE, a, esc, front_matter, html_table, raw
from .output import Output

PER_PAGE = 100


def _vocab_key(vocab_name: str) -> Callable:
    def key(site: Site, value) -> str:
        values = site.kb.config.vocab.get(vocab_name, [])
        return f"{values.index(value) + 1:02d}" if value in values else "other"
    return key


def _plain_key(site: Site, value) -> str:
    return str(value)


# kind dir → facet name → (label, value getter, key in file name, vocabulary for ordering)
FACETS: dict[str, dict[str, tuple]] = {
    "projects": {"year": ("年度", lambda e: e.year, _plain_key, None),
                 "base": ("分基地", lambda e: e.base, _plain_key, None),
                 "status": ("状态", lambda e: e.status, _vocab_key("project_status"), "project_status"),
                 "category": ("类别", lambda e: e.category, _vocab_key("project_category"), "project_category"),
                 "area": ("攻关领域", lambda e: e.area, _vocab_key("project_area"), "project_area")},
    "papers": {"year": ("年度", lambda e: e.year, _plain_key, None),
               "discipline": ("专业", lambda e: e.discipline, _vocab_key("discipline"), "discipline"),
               "base": ("分基地", lambda e: e.base, _plain_key, None)},
    "people": {"base": ("分基地", lambda e: e.base, _plain_key, None)},
    "studios": {"level": ("级别", lambda e: e.level, _vocab_key("studio_level"), "studio_level"),
                "base": ("分基地", lambda e: e.base, _plain_key, None)},
    "patents": {"year": ("申请年度", lambda e: e.filed.year, _plain_key, None),
                "type": ("类型", lambda e: e.type, _vocab_key("patent_type"), "patent_type"),
                "status": ("状态", lambda e: e.status, _vocab_key("patent_status"), "patent_status")},
    "software": {"year": ("登记年度", lambda e: e.registered.year, _plain_key, None)},
    "awards": {"year": ("年度", lambda e: e.year, _plain_key, None),
               "level": ("级别", lambda e: e.level, _vocab_key("award_level"), "award_level")},
    "experience": {},
}
KIND_OF_DIR = {"projects": "project", "papers": "paper", "people": "person", "studios": "studio",
               "patents": "patent", "software": "software", "awards": "award",
               "experience": "experience"}
TITLES = {"projects": "创新课题", "papers": "论文", "people": "人员", "studios": "创新工作室",
          "patents": "专利", "software": "软件著作权", "awards": "奖励", "experience": "经验文章"}


def facet_path(site: Site, kind_dir: str, name: str, value) -> str | None:
    spec = FACETS.get(kind_dir, {}).get(name)
    if spec is None:
        return None
    return f"{kind_dir}/list-{name}-{spec[2](site, value)}.md"


# --- rows -----------------------------------------------------------------------------------

def _row(site: Site, kind: str, e, page: str) -> tuple[list[str], list[str]]:
    link = site.link(e.id, page)
    if kind == "project":
        return ["课题", "编号", "年度", "分基地", "类别", "状态"], \
            [link, e.id, e.year, f"{site.link(e.base, page)}", f"{esc(e.category)}", f"{esc(e.status)}"]
    if kind == "paper":
        first = e.authors[0]
        return ["论文", "年度", "第一作者", "专业", "分基地"], \
            [link, e.year, f"{site.who(first, page)}", f"{esc(e.discipline)}", f"{site.link(e.base, page)}"]
    if kind == "person":
        return ["姓名", "工号", "分基地", "岗位", "技能等级/职称"], \
            [link, e.id, f"{site.link(e.base, page)}", f"{esc(e.position or '')}", f"{esc(e.skill or '')}"]
    if kind == "studio":
        return ["工作室", "级别", "领衔人", "分基地"], \
            [link, f"{esc(e.level)}", f"{site.link(e.leader, page)}", f"{site.link(e.base, page)}"]
    if kind == "patent":
        return ["专利", "分基地", "课题", "类型", "申请日", "状态"], \
            [link, *_base_and_project(site, e, page), f"{esc(e.type)}", e.filed, f"{esc(e.status)}"]
    if kind == "software":
        return ["软件", "分基地", "课题", "登记号", "登记日期"], \
            [link, *_base_and_project(site, e, page), f"{esc(e.registration_no)}", e.registered]
    if kind == "award":
        amount = f"{e.amount:,}" if e.amount is not None else "—"
        return ["奖励", "年度", "级别", "等级", "金额（元）"], \
            [link, e.year, f"{esc(e.level)}", f"{esc(e.grade)}", amount]
    return ["标题", "作者", "日期"], [link, f"{site.link(e.author, page)}", e.date]


def _base_and_project(site: Site, e, page: str) -> list[str]:
    """分基地 and 课题 of a patent or software: those of the project it came from."""
    if not e.project:
        return ["—", "—"]
    return [site.link(site.kb.get(e.project).base, page), site.link(e.project, page)]


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
    if kind in ("project", "paper"):
        return lambda e: (-e.year, e.id)
    if kind == "award":
        return lambda e: (-e.year, e.id)
    return lambda e: e.id


def build_listings(site: Site, progress=None) -> Output:
    """Every listing: each kind's overview, its full list and one list per facet value."""
    result = Output()
    for kind_dir, facets in FACETS.items():
        kind = KIND_OF_DIR[kind_dir]
        entries = sorted(site.lists[kind], key=_sort_key(kind))
        title = TITLES[kind_dir]
        paginated(site, result, f"{kind_dir}/list-all", f"全部{title}", kind, entries)
        index = f"{kind_dir}/index.md"
        out = [front_matter(title, **WIDE), f"# {title}\n",
               f"共 {len(entries)} 项{counted_as(site, kind)}：" + a(href(f"{kind_dir}/list-all.md", index), "查看全部") + "\n", overview_extra(site, kind, entries, index)]
        for name, (label, get, _key, vocab) in facets.items():
            groups = defaultdict(list)
            for e in entries:
                groups[get(e)].append(e)
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
