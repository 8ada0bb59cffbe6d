"""公示: a page per notice (立项 batch or award results) with its posting period, the list and
whom to tell an objection; the list of notices; the open ones for the home page.

Each notice page is also its A4 print version: ``notices.css`` lays the page out for printing
(named page ``notice``, the portal's header, navigation and footer hidden), so the office
prints it from the browser and pins it up in the 课题研讨室."""

from __future__ import annotations

from datetime import date

from generator.awards.ranking import rank
from generator.models import Notice

from .context import Site, href
from .markup import a, esc, front_matter, html_table, raw
from .output import Output

INDEX = "notices/index.md"


def notice_path(notice_id: str) -> str:
    return f"notices/{notice_id}.md"


def status(notice: Notice, today: date) -> str:
    if today < notice.posted:
        return "未开始"
    return "公示中" if today <= notice.until else "已结束"


def open_notices(site: Site) -> list[Notice]:
    return [n for n in site.kb.notices if status(n, site.ref_date) == "公示中"]


def build_notices(site: Site) -> Output:
    result = Output()
    notices = sorted(site.kb.notices, key=lambda n: (n.posted, n.id), reverse=True)
    for notice in notices:
        result.page(notice_path(notice.id), notice_page(site, notice))
    rows = [[a(href(notice_path(n.id), INDEX), esc(n.title)), esc(n.type), f"{n.posted} 至 {n.until}",
             esc(status(n, site.ref_date))] for n in notices]
    out = [front_matter("公示"), "# 公示\n",
           f"立项课题和评奖结果在公示期内公开，接受职工监督（状态截至 {site.ref_date}）。"
           "每份公示的页面可直接用 A4 纸打印张贴。\n",
           html_table(["公示", "类型", "公示期", "状态"], rows) if rows else "尚无公示。\n"]
    result.page(INDEX, "\n".join(out) + "\n")
    return result


def notice_page(site: Site, notice: Notice) -> str:
    page = notice_path(notice.id)
    state = status(notice, site.ref_date)
    contact = site.kb.entry("person", notice.contact)
    head = (f'<p class="qc-notice-period">公示期：{notice.posted} 至 {notice.until}'
            f'<span class="qc-notice-state" data-state="{esc(state)}">{esc(state)}</span></p>')
    parts = [raw(f'<div class="qc-notice">\n{head}'), esc(notice.note) + "\n" if notice.note else ""]
    if notice.projects:
        parts.append(html_table(["序号", "课题编号", "课题名称", "分基地", "组长", "类别", "立项日期"],
                                _project_rows(site, notice, page)))
    for selection_id in notice.selections:
        selection = site.kb.entry("selection", selection_id)
        parts.append(f"\n## {esc(selection.name)}（{esc(selection.category)}）\n")
        parts.append(html_table(["序号", "等级", "编号", "名称", "分基地", "完成人"],
                                _award_rows(site, selection, page)))
    parts.append(raw(
        f'<div class="qc-notice-sign"><p class="qc-notice-objection">公示期内，如对以上内容有异议，请以书面形式（署真实姓名）向'
        f'{esc(notice.place)}反映，联系人：{esc(contact.name if contact else notice.contact)}。'
        f'逾期未提出异议的，视为无异议。</p>\n'
        f'<p class="qc-notice-issuer">{esc(notice.issuer)}<br>{notice.posted}</p></div>\n</div>'))
    return front_matter(notice.title) + f"# {esc(notice.title)}\n" + "\n".join(parts) + "\n"


def _nowrap(value) -> str:
    return _nowrap_html(esc(value))


def _nowrap_html(html: str) -> str:
    return f'<span class="qc-nowrap">{html}</span>'


def _leader(entry) -> str | None:
    team = getattr(entry, "team", None)
    if team:
        return next((m.person for m in team if m.role == "组长"), team[0].person)
    return None


def _project_rows(site: Site, notice: Notice, page: str) -> list[list[str]]:
    rows = []
    for i, pid in enumerate(notice.projects, 1):
        p = site.kb.get(pid)
        leader = _leader(p)
        rows.append([str(i), _nowrap(p.id), site.link(p.id, page), site.link(p.base, page),
                     _nowrap_html(site.link(leader, page) if leader else "—"), _nowrap(p.category),
                     _nowrap(p.approved or "—")])
    return rows


def _award_rows(site: Site, selection, page: str) -> list[list[str]]:
    rows = []
    for r in (r for r in rank(site.kb, selection) if r.grade):
        entry = site.kb.get(r.nominee)
        people = [m.person for m in getattr(entry, "team", [])] or list(getattr(entry, "authors", []))
        names = "、".join(site.who(p, page) for p in people)  # a public notice names every 完成人
        rows.append([str(len(rows) + 1), _nowrap(r.grade), _nowrap(r.nominee), site.link(r.nominee, page),
                     site.link(entry.base, page), names or "—"])
    return rows


def home_block(site: Site, page: str = "index.md") -> str:
    """The notices open on the build day, for the top of the home page ("" when none)."""
    items = [f"<li>{a(href(notice_path(n.id), page), esc(n.title))}（公示至 {n.until}）</li>"
             for n in open_notices(site)]
    if not items:
        return ""
    return (raw(f'<div class="qc-home-notices"><p><strong>正在公示</strong></p><ul>{"".join(items)}</ul>'
                f'<p>{a(href(INDEX, page), "全部公示")}</p></div>'))
