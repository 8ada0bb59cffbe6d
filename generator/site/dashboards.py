"""Dashboards: targets vs actuals, 比学赶超, studio promotion, participation and 师带徒, awards.

Every figure comes from generator.kb.figures, so the portal, `qinchuang stats` and the target
check agree by construction.
"""

from __future__ import annotations

from collections import defaultdict

from generator.kb.dates import data_reference_date
from generator.kb.figures import mentor_pairs, metric_actual, plant_award_total
from generator.kb.leaderboard import LABELS, SHORT, leaderboard, weights

from . import proposals
from .charts import bar_chart, figure, hbar_chart
from .context import Site, href, print_head
from .ledger import benefits_page, followup_page, uses_page
from .listings import facet_path, paginated_rows
from .markup import WIDE, a, esc, front_matter, html_table, raw
from .output import Output


def _pct(actual: int, target: int) -> str:
    return f"{actual / target:.0%}" if target else "—"


def progress(actual: int, goal: int) -> str:
    """A target's progress: a bar, and a sign and words, so a shortfall is not told by colour
    alone (✔ reached, ▼ short by N); 0 % and 200 % read differently at a glance."""
    if not goal:
        return "—"
    share = actual / goal
    done = actual >= goal
    colour = "#2e7d32" if done else "#c62828"
    sign = (f'<span class="qc-done">✔ {share:.0%}</span>' if done
            else f'<span class="qc-short">▼ {share:.0%}，差 {goal - actual}</span>')
    return (f'<span class="qc-progress"><svg viewBox="0 0 100 8" aria-hidden="true" focusable="false">'
            f'<rect width="100" height="8" fill="#e0e0e0"/><rect width="{min(share, 1) * 100:.0f}" height="8" '
            f'fill="{colour}"/></svg>{sign}</span>')


def row_anchor(year: int, base: str | None = None) -> str:
    """Anchor of a year's section (or of a sub-base's row in its matrix) on the targets page."""
    return f"y{year}" + (f"-{base}" if base else "")


def targets_table(site: Site, targets, page: str) -> str:
    kb = site.kb
    rows = []
    cats, goal, done = [], [], []
    for item in targets.items:
        actual = metric_actual(kb, item.metric, targets.year)
        rows.append([esc(item.metric), progress(actual, item.total), item.total, actual])
        cats.append(item.metric)
        goal.append(item.total)
        done.append(actual)
    chart = bar_chart(f"{targets.year} 年度目标与完成情况", cats, [("目标", goal), ("实际", done)])
    return html_table(["指标", "完成情况", "目标", "实际"], rows, numeric={2, 3}) + figure(chart)


def split_targets(targets) -> list:
    """The items of a year's targets that are divided among the sub-bases."""
    return [i for i in targets.items if i.by_base]


def targets_matrix(site: Site, targets, page: str) -> str:
    """分基地 × 指标: one row per sub-base, each cell its progress against its share."""
    split = split_targets(targets)
    bases = sorted({b for item in split for b in item.by_base})
    rows = []
    for base in bases:
        cells = [f'<span id="{row_anchor(targets.year, base)}"></span>{site.link(base, page)}']
        for item in split:
            goal = item.by_base.get(base)
            if goal is None:
                cells.append("—")
                continue
            actual = metric_actual(site.kb, item.metric, targets.year, base)
            cells.append(f"{actual} / {goal}<br>{progress(actual, goal)}")
        rows.append(cells)
    return html_table(["分基地", *(esc(i.metric) for i in split)], rows)


def targets_page(site: Site, result: Output) -> str:
    page = "dashboards/targets.md"
    out = [front_matter("年度目标完成情况", **WIDE), "# 年度目标完成情况\n",
           "每项指标：进度条与“✔ 已完成 / ▼ 差几项”；分到各分基地的指标见每年的“各分基地”表。\n"]
    for t in sorted(site.lists["targets"], key=lambda t: -t.year):
        out.append(raw(f'<span id="{row_anchor(t.year)}"></span>'))
        out.append(f"\n## {t.year} 年\n")
        if t.note:
            out.append(esc(t.note) + "\n")
        out.append(targets_table(site, t, page))
        if split_targets(t):
            out.append(f"\n### {t.year} 年各分基地（实际 / 目标）\n")
            out.append(targets_matrix(site, t, page))
    if not site.lists["targets"]:
        out.append("尚无年度目标。\n")
    return "\n".join(out) + "\n"


def leaderboard_page(site: Site, result: Output) -> str:
    """比学赶超: every sub-base's inputs and its score, weighted as rules.yml leaderboard says."""
    page = "dashboards/leaderboard.md"
    kb = site.kb
    years = site.stats.years
    w = weights(kb)
    names = list(w)
    rows = leaderboard(kb, site.lists["base"], years)
    per_head = any(r.per_100 is not None for r in rows)
    formula = " + ".join(f"{w[n]:g} × {LABELS[n]}" for n in names)  # the tables' short headers spelt out
    out = [front_matter("比学赶超：分基地排行", **WIDE), "# 比学赶超：分基地排行\n",
           f"统计年度：{'、'.join(map(str, years)) or '—'}。综合 = {esc(formula)}"
           "（权重由工会办公室在校验规则中设定；效益只计已核实的）。"
           + ("每百人 = 综合 × 100 / 分基地职工人数（分基地登记的人数，取统计年度中最近一年）；"
              "没有登记职工人数的分基地不算每百人。" if per_head else "") + "\n"]
    team_of_base = defaultdict(set)
    for p in site.lists["project"]:
        team_of_base[p.base].update(m.person for m in p.team)
    header = ["名次 · 分基地", "综合", *(["每百人", "职工"] if per_head else []), "参与人数"]
    table_rows = []
    for rank, r in enumerate(rows, 1):
        heads = [f"{r.per_100:g}" if r.per_100 is not None else "—", r.headcount or "—"] if per_head else []
        table_rows.append([f"{rank}. {site.link(r.base.id, page)}", f"<strong>{r.score:g}</strong>", *heads,
                           len(team_of_base[r.base.id])])
    out.append(html_table(header, table_rows, set(range(1, len(header)))))
    out.append(figure(hbar_chart("分基地综合得分", [(r.base.name, r.score) for r in rows[:30]])))
    if per_head:
        ranked = sorted((r for r in rows if r.per_100 is not None), key=lambda r: (-r.per_100, r.base.id))
        out.append(figure(hbar_chart("分基地每百名职工得分", [(r.base.name, r.per_100) for r in ranked[:30]])))
    shown = [n for n in names if any(r.values[n] for r in rows)]  # a column of zeros says nothing
    out.append("\n## 得分构成\n")
    if len(shown) < len(names):
        out.append("各分基地均为 0、未列出的指标：" + "、".join(LABELS[n] for n in names if n not in shown) + "。\n")
    out.append(html_table(["分基地", *(SHORT[n] for n in shown)], [
        [site.link(r.base.id, page), *(f"{r.values[n]:g}" for n in shown)] for r in rows], set(range(1, len(shown) + 1))))
    if years:
        y = years[-1]
        out.append(f"\n## {y} 年\n")
        latest = leaderboard(kb, site.lists["base"], [y])
        out.append(html_table(["分基地", "综合", *(SHORT[n] for n in shown)], [
            [site.link(r.base.id, page), f"{r.score:g}", *(f"{r.values[n]:g}" for n in shown)] for r in latest],
            set(range(1, len(shown) + 2))))
    return "\n".join(out) + "\n"


def promotion_status(site: Site, studio) -> dict:
    """成熟一个、推送一个: a factory-level studio's figures against site_config rules.promotion."""
    kb = site.kb
    rule = kb.config.rules.promotion
    done = set(kb.config.rules.completed_statuses)
    projects = [kb.get(r.id) for r in kb.referrers(studio.id, "project")]
    completed = {p.id for p in projects if p.status in done}
    patents = {x for p in projects for x in p.outcomes.patents}
    patents |= {r.id for p in projects for r in kb.referrers(p.id, "patent")}
    years = (data_reference_date(kb) - studio.levels[-1].date).days / 365.25
    return {"completed": len(completed), "patents": len(patents), "years": years,
            "ok": (len(completed) >= rule.min_completed_projects and len(patents) >= rule.min_patents
                   and years >= rule.min_years_at_level)}


def shortfall(status: dict, rule) -> str:
    """What a studio lacks for promotion, in words."""
    lacks = []
    if status["completed"] < rule.min_completed_projects:
        lacks.append(f"完成课题 {rule.min_completed_projects - status['completed']} 项")
    if status["patents"] < rule.min_patents:
        lacks.append(f"专利 {rule.min_patents - status['patents']} 项")
    if status["years"] < rule.min_years_at_level:
        lacks.append(f"在级 {rule.min_years_at_level - status['years']:.1f} 年")
    return "、".join(lacks)


def studios_page(site: Site, result: Output) -> str:
    page = "dashboards/studios.md"
    kb = site.kb
    ladder = kb.config.vocab.get("studio_level", [])
    rule = kb.config.rules.promotion
    studios = site.lists["studio"]
    out = [front_matter("工作室晋级", **WIDE), "# 工作室晋级：成熟一个、推送一个\n",
           ]
    rows = []
    for level in ladder:
        n = sum(1 for s in studios if s.level == level)
        link = facet_path(site, "studios", "level", level)
        rows.append([a(href(link, page), esc(level)) if n else esc(level), n])
    out.append(html_table(["级别", "工作室数"], rows, {1}))
    out.append(f"\n## 推荐晋级候选\n\n条件：处于{esc(ladder[0] if ladder else '厂级')}，"
               f"完成课题 ≥ {rule.min_completed_projects}，专利 ≥ {rule.min_patents}，"
               f"在当前级别 ≥ {rule.min_years_at_level} 年（在级年数算到数据截止日期 "
               f"{data_reference_date(kb)}）。\n")
    rows, ready = [], 0
    for s in studios:
        if ladder and s.level == ladder[0]:
            st = promotion_status(site, s)
            ready += st["ok"]
            rows.append((not st["ok"], [site.link(s.id, page), st["completed"], st["patents"], f"{st['years']:.1f}",
                                        "✔ 推荐" if st["ok"] else "还差：" + shortfall(st, rule)]))
    rows.sort(key=lambda r: r[0])
    if rows:
        out.append(f"目前 {ready} 个工作室符合条件。\n" if ready else
                   "目前没有工作室符合全部条件；下表列出每个工作室还差什么。\n")
        out.append(html_table(["工作室", "完成课题", "专利", "在级年数", "候选"], [r for _, r in rows], {1, 2, 3}))
    else:
        out.append(f"目前没有处于{esc(ladder[0] if ladder else '厂级')}的工作室。\n")
    applications = sorted(((x, s) for s in studios for x in s.applications), key=lambda t: (t[0].date, t[1].id),
                          reverse=True)
    if applications:
        pending = sum(1 for x, _ in applications if x.status == "申报中")
        out.append(f"\n## 向上级申报（{len(applications)} 次，申报中 {pending} 次）\n")
        out.append(html_table(["申报日期", "工作室", "申报级别", "受理单位", "结果", "结果日期", "说明"], [
            [esc(x.date), site.link(s.id, page), esc(x.level), esc(x.to), esc(x.status), esc(x.decided or "—"),
             esc(x.note or "—")] for x, s in applications]))
    out.append("\n## 命名时间线\n")
    steps = sorted(((x.date, s.id, x) for s in studios for x in s.levels), key=lambda t: (t[0], t[1]), reverse=True)
    out.append(html_table(["日期", "工作室", "级别", "命名单位", "文号"], [
        [when, site.link(sid, page), esc(x.level), esc(x.granted_by), esc(x.document or "—")] for when, sid, x in steps]))
    return "\n".join(out) + "\n"


def participation_page(site: Site, result: Output) -> str:
    kb, s = site.kb, site.stats
    rate = f"{s.participation:.1%}" if s.participation is not None else "—"
    span = f"{s.years[0]}–{s.years[-1]} 年" if len(s.years) > 1 else "".join(f"{y} 年" for y in s.years)
    out = [front_matter("职工参与与师带徒", **WIDE), "# 职工参与与师带徒\n",
           "各年参与率 = 当年立项课题的课题组中不同的人数 / 当年职工人数：\n"]
    cats, vals, rows = [], [], []
    for y, (n, hc, share) in s.participation_by_year.items():
        rows.append([y, n, hc or "—", f"{share:.1%}" if share is not None else "—"])
        cats.append(str(y))
        vals.append(n)
    out.append(html_table(["年度", "参与人数", "职工人数", "参与率"], rows, {1, 2, 3}))
    out.append(f"\n**累计**（{span}参加过课题组的不同人数，每人只计一次）：**{s.participants}** 人，"
               f"对最近一年职工 {s.headcount or '—'} 人为 **{rate}**——这是几年合计的人数，不是某一年的参与率。"
               f"师带徒组合 **{s.mentor_pairs}** 对。\n")
    out.append(figure(bar_chart("各年度参与人数", cats, [("参与人数", vals)])))
    out.append("\n## 师带徒组合\n")
    pairs = mentor_pairs(kb)
    apprentices: dict[str, list[str]] = {}
    for mentor, apprentice in sorted(pairs):
        apprentices.setdefault(mentor, []).append(apprentice)
    # mentors with the most apprentices first: "who mentors the most" is what readers ask
    ranked = sorted(apprentices.items(), key=lambda item: (-len(item[1]), item[0]))
    out.append(f"共 {len(pairs)} 对、{len(ranked)} 位导师，" + a("pairs.html", "查看全部导师及其徒弟") + "。\n")
    page = "dashboards/participation.md"
    top = [[site.link(m, page), len(ys), "、".join(site.link(y, page) for y in ys)] for m, ys in ranked[:10]]
    if top:
        out.append("带徒最多的导师：\n")
        out.append(html_table(["导师", "徒弟人数", "徒弟"], top, {1}))
    rows = [[site.link(m, "dashboards/pairs.md"), len(ys), "、".join(site.link(y, "dashboards/pairs.md") for y in ys)]
            for m, ys in ranked]
    paginated_rows(site, result, "dashboards/pairs", "导师及其徒弟（按徒弟人数）", ["导师", "徒弟人数", "徒弟"], rows)
    return "\n".join(out) + "\n"


def awards_page(site: Site, result: Output) -> str:
    page = "dashboards/awards.md"
    kb = site.kb
    by_year = defaultdict(list)
    for award in site.lists["award"]:
        by_year[award.year].append(award)
    out = [front_matter("奖励台账", **WIDE), "# 奖励台账：集中奖励创新成果\n",
           f"基地奖励合计（{'、'.join(kb.config.rules.plant_award_levels)}）：**{plant_award_total(kb):,} 元**。\n",
           ]
    years = sorted(by_year)
    rows = []
    for y in years:
        total = sum(x.amount or 0 for x in by_year[y])
        link = facet_path(site, "awards", "year", y)
        rows.append([y, len(by_year[y]), f"{plant_award_total(kb, y):,}", f"{total:,}", a(href(link, page), "明细")])
    out.append(html_table(["年度", "奖励项数", "基地奖励（元）", "全部金额（元）", "明细"], rows, {1, 2, 3}))
    out.append(figure(bar_chart("各年度基地奖励（元）", [str(y) for y in years],
                                [("基地奖励", [plant_award_total(kb, y) for y in years])])))
    out.append("\n## 按级别\n")
    rows = []
    for level in kb.config.vocab.get("award_level", []):
        items = [x for x in site.lists["award"] if x.level == level]
        if items:
            rows.append([esc(level), len(items), f"{sum(x.amount or 0 for x in items):,}"])
    out.append(html_table(["级别", "项数", "金额（元）"], rows, {1, 2}))
    return "\n".join(out) + "\n"


def notice_page(site: Site, result: Output, limit: int = 100) -> str:
    """立项公示: the most recently approved projects."""
    page = "projects/notice.md"
    approved = sorted((p for p in site.lists["project"] if p.approved),
                      key=lambda p: (p.approved, p.id), reverse=True)[:limit]
    out = [front_matter("立项公示", **WIDE), print_head(site), "# 立项公示\n",
           f"最近立项的 {len(approved)} 个课题（截至 {site.ref_date}），按立项日期排列。\n"]
    rows = []
    for p in approved:
        leader = next((m.person for m in p.team if m.role == "组长"), p.team[0].person)
        rows.append([p.approved, site.link(p.id, page), site.link(p.base, page), site.link(leader, page),
                     esc(p.category)])
    out.append(html_table(["立项日期", "课题", "分基地", "组长", "类别"], rows))
    return "\n".join(out) + "\n"


# (page, title in the navigation, maker)
DASHBOARDS = [("dashboards/targets.md", "年度目标", targets_page),
              ("dashboards/leaderboard.md", "比学赶超", leaderboard_page),
              ("dashboards/studios.md", "工作室晋级", studios_page),
              ("dashboards/participation.md", "参与与师带徒", participation_page),
              ("dashboards/awards.md", "奖励台账", awards_page),
              ("dashboards/benefits.md", "经济效益", benefits_page),
              ("dashboards/uses.md", "已推广应用", uses_page),
              ("dashboards/followup.md", "待跟进", followup_page),
              (proposals.DASHBOARD, "合理化建议与“五小”", proposals.dashboard_page),
              ("projects/notice.md", "立项公示", notice_page)]


def build_dashboards(site: Site) -> Output:
    result = Output()
    for path, _, make in DASHBOARDS:
        result.page(path, make(site, result))
    return result
