"""The home page (headline figures = `qinchuang stats`), 两共享 and the activities pages."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from generator.kb.figures import approved_label

from .bulletins import summaries
from .charts import bar_chart, figure
from .context import Site, href
from .dashboards import row_anchor, targets_table
from .markup import WIDE, a, esc, front_matter, html_list, html_p, html_table, raw
from .notices import home_block
from .output import Output


def headline(site: Site) -> list[tuple[str, str, str]]:
    """(key, label, value) of the home page figures, all from compute_stats."""
    s = site.stats
    rate = f"{s.participation:.1%}" if s.participation is not None else "—"
    latest = max(s.participation_by_year, default=None)
    year_rate = s.participation_by_year[latest][2] if latest else None
    yearly = [("participation_year", f"{latest} 年参与率", f"{year_rate:.1%}")] if year_rate is not None else []
    return [("projects_approved", approved_label(s), str(s.projects_approved)),
            ("projects_completed", "完成课题", str(s.projects_completed)),
            ("patents", "申报专利", str(s.patents)),
            ("papers", "撰写论文", str(s.papers)),
            ("software", "软件著作权", str(s.software)),
            ("participants", "累计参与职工（人）", str(s.participants)),
            *yearly,
            ("participation", "累计参与率", rate),
            ("mentor_pairs", "师带徒组合", str(s.mentor_pairs)),
            ("studios", "创新工作室", str(s.studios)),
            ("studios_city_or_above", "市级及以上工作室", str(s.studios_city_or_above)),
            ("bases", "分基地", str(s.bases)),
            ("plant_awards_yuan", "基地奖励（元）", f"{s.plant_awards_yuan:,}")]


def home_page(site: Site, bulletins: dict[str, str] | None = None) -> str:
    """``bulletins``: month → summary, newest first (the latest is shown under the figures)."""
    bulletins = bulletins or {}
    settings = site.kb.config.settings
    s = site.stats
    cells = "".join(f'<div class="qc-stat" data-key="{k}"><span class="qc-num">{escape(v)}</span>'
                    f'<span class="qc-label">{escape(label)}</span></div>' for k, label, v in headline(site))
    out = [front_matter("首页", **WIDE), f"# {esc(settings.name)}\n",
           f"{esc(settings.plant)} · {esc(settings.union)}。工会搭台助推、劳模工匠挂帅、全员参与创新。\n",
           raw(f'<div class="qc-stats">\n{cells}\n</div>'),
           f"统计年度：{'、'.join(map(str, s.years)) or '—'}；职工 {s.headcount or '—'} 人。"
           "累计参与率 = 各年参加课题组的不同人数合计 / 最近一年职工人数；各年参与率见"
           "[参与与师带徒](dashboards/participation.md)。\n"]
    if notices := home_block(site):  # 公示 open today come first
        out.insert(3, notices)
    for month, news in list(bulletins.items())[:1]:
        out.append(f"\n## 最新简报\n\n[{month[:4]} 年 {int(month[5:])} 月简报](bulletins/{month}.md)：{esc(news)}。"
                   " [往期简报](bulletins/index.md)\n")
    targets = sorted(site.lists["targets"], key=lambda t: t.year)
    if targets:
        t = targets[-1]
        out.append(f"\n## {t.year} 年目标完成情况\n")
        out.append(targets_table(site, t, "index.md"))
        # raw links: MkDocs validates only heading anchors, the year's anchor is an element id
        out.append(html_p(a(f"dashboards/targets.html#{row_anchor(t.year)}", f"{t.year} 年各分基地目标")
                          + " · " + a("dashboards/targets.html", "历年目标")))
    if s.by_year:
        keys = list(next(iter(s.by_year.values())))
        out.append("\n## 历年成果\n")
        out.append(html_table(["年度", *keys], [[y, *(f"{v:,}" for v in figures.values())]
                                               for y, figures in s.by_year.items()], set(range(1, len(keys) + 1))))
        counts = [k for k in keys if "元" not in k]
        out.append(figure(bar_chart("历年成果", [str(y) for y in s.by_year],
                                    [(k, [s.by_year[y][k] for y in s.by_year]) for k in counts])))
    out.append("\n## 两共享、两集中\n")
    out.append("- [立项公示](projects/notice.md) · [月度简报](bulletins/index.md) · [比学赶超](dashboards/leaderboard.md)")
    out.append("- [共享经验与设施](shared/index.md) · [奖励台账](dashboards/awards.md) · [数据导出](exports/index.md)\n")
    return "\n".join(out) + "\n"


def shared_page(site: Site) -> str:
    page = "shared/index.md"
    out = [front_matter("两共享"), "# 两共享：共享创新工作经验、共享科技设施资源\n", "\n## 共享科技设施\n",
           html_table(["设施", "地点", "用途", "联系人"], [
               [site.link(f.id, page), esc(f.location), esc(f.purpose), site.link(f.contact, page)]
               for f in site.lists["facility"]])]
    articles = sorted(site.lists["experience"], key=lambda e: (e.date, e.id), reverse=True)
    out.append(f"\n## 创新工作经验（{len(articles)} 篇）\n")
    out.append(html_list([f"{e.date} {site.link(e.id, page)} — {site.link(e.author, page)}" for e in articles[:100]]))
    if len(articles) > 100:
        out.append("\n[全部经验文章](../experience/list-all.md)")
    return "\n".join(out) + "\n"


def build_home(site: Site) -> Output:
    """The home page and the 两共享 page."""
    result = Output()
    result.page("index.md", home_page(site, summaries(site)))
    result.page("shared/index.md", shared_page(site))
    return result


def build_events(site: Site) -> Output:
    """A page per year of activities, and their index."""
    result = Output()
    by_year = defaultdict(list)
    for e in site.lists["event"]:
        by_year[e.year].append(e)
    index = [front_matter("基地活动"), "# 基地活动\n", "推进例会、经验交流会、业务培训班等。\n"]
    rows = []
    for y in sorted(by_year, reverse=True):
        page = f"events/{y}.md"
        rows.append([a(f"{y}.html", str(y)), len(by_year[y])])
        cells = [[e.date, esc(e.kind), f"<strong>{esc(e.title)}</strong><br>{esc(e.summary)}",
                  esc(e.location or "—"), e.attendance or "—", site.link(e.base, page) if e.base else "—"]
                 for e in sorted(by_year[y], key=lambda e: (e.date, e.id))]
        result.page(page, front_matter(f"{y} 年基地活动", **WIDE) + f"# {y} 年基地活动\n"
                 + html_table(["日期", "类别", "活动", "地点", "人数", "承办"], cells, {4}))
    newest = sorted(site.lists["event"], key=lambda e: (e.date, e.id), reverse=True)[:10]
    if newest:
        index.append("\n## 最近的活动\n")
        index.append(html_table(["日期", "活动", "类别", "人数"], [
            [e.date, f"{a(href(f'events/{e.year}.md', 'events/index.md'), esc(e.title))}<br>{esc(e.summary)}",
             esc(e.kind), e.attendance or "—"] for e in newest], {3}))
    index.append("\n## 各年度\n")
    index.append(html_table(["年度", "活动数"], rows, {1}))
    result.page("events/index.md", "\n".join(index) + "\n")
    return result
