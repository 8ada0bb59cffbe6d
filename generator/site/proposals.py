"""合理化建议 and “五小”成果 on the portal: the fields of an entry page, the dashboard, and what
the monthly bulletin tells of them. Figures come from generator.kb.proposals."""

from __future__ import annotations

from datetime import date

from generator.kb.proposals import (
    PROPOSAL_KINDS,
    Tally,
    base_headcount,
    is_adopted,
    per_head,
    proposals,
    tally,
)
from generator.models import KINDS
from generator.models.proposals import REJECTED, TO_PROJECT

from .charts import bar_chart, figure
from .context import KIND_LABELS, Site, href
from .listings import facet_path
from .markup import WIDE, a, esc, front_matter, html_table
from .output import Output

DASHBOARD = "dashboards/proposals.md"
RATE_NOTE = "采纳率 = （采纳 + 转为课题）÷ 已评审；待评审的不计入。"


def _facet(site: Site, folder: str, name: str, value, page: str) -> str:
    target = facet_path(site, folder, name, value)
    return a(href(target, page), esc(value)) if target else esc(value)


def entry_rows(site: Site, kind: str, p, page: str) -> list[tuple[str, str]]:
    """The field table of a proposal's page (values are safe HTML); 年度, 类别 and 评审结论 link
    to the listing of their value."""
    done = p.implementation
    benefit = done.benefit if done else None
    folder = KINDS[kind].folder
    return [("年度", _facet(site, folder, "year", p.year, page)),
            ("提出人", site.links(p.proposers, page)), ("分基地", site.link(p.base, page)),
            ("提出日期", esc(p.date)), ("类别", _facet(site, folder, "category", p.category, page)),
            ("关键词", "、".join(esc(k) for k in p.keywords)),
            ("评审结论", f"<strong>{_facet(site, folder, 'decision', p.decision, page)}</strong>"),
            ("评审日期", esc(p.decided)),
            ("转为课题", site.link(p.project, page) if p.project else ""),
            ("实施日期", esc(done.date) if done else ""),
            ("经济效益", f"{esc(benefit.amount)} 万元/年（{esc(benefit.basis)}）" if benefit else ""),
            ("奖金", f"{p.bonus:,} 元" if p.bonus else "")]


def entry_sections(kind: str, p) -> str:
    """问题、建议、评审意见与实施情况: plain text, escaped, one paragraph per line written."""
    suggestion = kind == "suggestion"
    parts = [("存在的问题" if suggestion else "解决的问题", p.problem),
             ("建议内容" if suggestion else "成果内容", p.proposal),
             ("不采纳的理由" if p.decision == REJECTED else "评审意见", p.reason),
             ("实施情况", p.implementation.note if p.implementation else None)]
    return "".join(f"\n## {title}\n\n" + "\n\n".join(esc(line) for line in text.splitlines() if line.strip()) + "\n"
                   for title, text in parts if text)


# --- the dashboard --------------------------------------------------------------------------

def _rate(t: Tally) -> str:
    return f"{t.adoption_rate:.0%}" if t.adoption_rate is not None else "—"


def _tally_row(label: str, t: Tally) -> list:
    return [label, t.proposed, t.decided, t.adopted, _rate(t), t.to_project, f"{t.bonus:,}"]


TALLY_HEADER = ["类型", "提出", "已评审", "采纳（含转为课题）", "采纳率", "转为课题", "奖金（元）"]


def _months(year: int, until: date) -> list[str]:
    last = until.month if until.year == year else 12
    return [f"{year}-{m:02d}" for m in range(1, last + 1)] if year <= until.year else []


def year_section(site: Site, year: int) -> list[str]:
    kb, page = site.kb, DASHBOARD
    items = proposals(kb, year)
    of_kind = {k: [p for p in items if kb.kind_of[p.id] == k] for k in PROPOSAL_KINDS}
    out = [f"\n## {year} 年\n",
           html_table(TALLY_HEADER, [*(_tally_row(KIND_LABELS[k], tally(of_kind[k])) for k in PROPOSAL_KINDS),
                                     _tally_row("合计", tally(items))], set(range(1, 7)))]
    months = _months(year, site.ref_date) or sorted({f"{p.date:%Y-%m}" for p in items})
    counts = {k: [sum(1 for p in of_kind[k] if f"{p.date:%Y-%m}" == m) for m in months] for k in PROPOSAL_KINDS}
    out.append(f"\n### {year} 年各月提出\n")
    out.append(html_table(["月份", *(KIND_LABELS[k] for k in PROPOSAL_KINDS), "合计"],
                          [[m, *(counts[k][i] for k in PROPOSAL_KINDS), sum(counts[k][i] for k in PROPOSAL_KINDS)]
                           for i, m in enumerate(months)], {1, 2, 3}))
    out.append(figure(bar_chart(f"{year} 年各月提出的合理化建议与“五小”成果", [f"{int(m[5:])}月" for m in months],
                                [(KIND_LABELS[k], counts[k]) for k in PROPOSAL_KINDS])))
    out.append(f"\n### {year} 年各分基地\n")
    rows, estimated = [], False
    for b in site.lists["base"]:
        mine = [p for p in items if p.base == b.id]
        head = base_headcount(kb, b.id, year)
        estimated |= not head.from_staff
        t = tally(mine)
        share = per_head(len(mine), head)
        people = "—" if head.people is None else (f"{head.people}" if head.from_staff else f"{head.people}（人员条目）")
        rows.append([site.link(b.id, page), *(sum(1 for p in of_kind[k] if p.base == b.id) for k in PROPOSAL_KINDS),
                     len(mine), people, f"{share:.2f}" if share is not None else "—", _rate(t), t.to_project,
                     f"{t.bonus:,}"])
    out.append(html_table(["分基地", *(KIND_LABELS[k] for k in PROPOSAL_KINDS), "合计", "人数", "人均提案",
                           "采纳率", "转为课题", "奖金（元）"], rows, set(range(1, 10))))
    if estimated:
        out.append("\n人数：分基地文件写了职工人数（headcount）的按职工人数；没写的按知识库中该分基地的人员条目数，"
                   "标“（人员条目）”——那只是登记了的人，通常少于实有职工，人均提案因此偏高。\n")
    return out


def dashboard_page(site: Site, result: Output) -> str:
    items = proposals(site.kb)
    years = sorted({p.year for p in items}, reverse=True)
    t = tally(items)
    out = [front_matter("合理化建议与“五小”", **WIDE), "# 合理化建议与“五小”成果：全员创新的“动力源”\n",
           f"累计提出 **{t.proposed}** 条（合理化建议 {len(site.lists['suggestion'])} 条、“五小”成果 "
           f"{len(site.lists['wuxiao'])} 项），已评审 {t.decided} 条，采纳率 **{_rate(t)}**，转为课题 **{t.to_project}** 项，"
           f"已发奖金 **{t.bonus:,} 元**。{RATE_NOTE}\n"]
    for year in years:
        out += year_section(site, year)
    if not items:
        out.append("尚无合理化建议或“五小”成果。\n")
    return "\n".join(out) + "\n"


# --- the monthly bulletin -------------------------------------------------------------------

BULLETIN_SECTIONS = ["合理化建议提出", "“五小”成果申报", "建议与“五小”采纳", "建议与“五小”转为课题"]


def bulletin_items(site: Site):
    """(date, section, id, note) of every proposal made, adopted or turned into a project."""
    for kind in PROPOSAL_KINDS:
        for p in site.lists[kind]:
            yield p.date, BULLETIN_SECTIONS[0] if kind == "suggestion" else BULLETIN_SECTIONS[1], p.id, p.category
            if p.decided and p.decision == TO_PROJECT and p.project:
                yield p.decided, BULLETIN_SECTIONS[3], p.id, f"转为课题 {p.project} {site.label(p.project)}"
            elif p.decided and is_adopted(p):
                yield p.decided, BULLETIN_SECTIONS[2], p.id, f"奖金 {p.bonus:,} 元" if p.bonus else ""
