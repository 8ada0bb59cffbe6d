"""Pages of what results bring and what the office must chase: 经济效益台账, 已推广应用, 待跟进.

Figures come from generator/kb/ledger.py (what counts as a confirmed benefit) and the follow-up
findings from generator/validation/followup.py, so these pages say what the validator says.
"""

from __future__ import annotations

from collections import defaultdict

from generator.kb.amounts import NON_MONEY
from generator.kb.dates import data_reference_date
from generator.kb.figures import plant_award_total
from generator.kb.ledger import ledger_lines, proposal_benefits, self_estimates, totals
from generator.validation.followup import follow_ups

from .charts import bar_chart, figure
from .context import Site, href
from .markup import WIDE, a, esc, front_matter, html_table
from .output import Output


def wan(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value else "0"


def _period(record) -> str:
    return f"{record.period.start} 至 {record.period.end}" if record.period else "未写期间"


def _evidence(site: Site, owner, name: str | None, page: str, label: str, out: Output) -> str:
    """"，<link>" to an evidence file beside the entry (published like its attachments), or ""."""
    if not name:
        return ""
    folder = site.source(owner.id).rel.rsplit("/", 1)[0] + f"/{owner.id}/"
    docs = site.attachment(folder + name.removeprefix(f"{owner.id}/"), out)
    return "，" + (a(href(docs, page), label) if docs else esc(name))


def _confirmation(site: Site, owner, record, page: str, out: Output) -> str:
    said = (esc(record.confirmed_by) + (f"（{record.confirmed}）" if record.confirmed else "")
            if record.confirmed_by else "未核实")
    return said + _evidence(site, owner, record.evidence, page, "证明材料", out)


def benefits_page(site: Site, result: Output) -> str:
    page = "dashboards/benefits.md"
    kb = site.kb
    lines = ledger_lines(kb)
    confirmed = [x for x in lines if x.counted]
    unconfirmed = [x for x in lines if not x.confirmed]
    held = [x for x in lines if x.held]
    estimates = self_estimates(kb)
    rewards = plant_award_total(kb) / 10000
    levels = "、".join(kb.config.rules.plant_award_levels)
    out = [front_matter("经济效益台账", **WIDE), "# 经济效益台账：奖励与效益\n",
           f"**奖励 {wan(rewards)} 万元，已核实效益 {wan(sum(x.wan for x in confirmed))} 万元。**\n",
           f"奖励为基地（{esc(levels)}）奖励金额合计；效益只计财务或技术部门已核实的"
           f"金额记录（节约、增收、减损），非经济效益不折算、不计入。"
           f"未核实的另列：台账中未核实 {wan(sum(x.wan for x in unconfirmed))} 万元（{len(unconfirmed)} 条）；"
           f"另有 {len(estimates)} 个课题只有课题组自报的测算（合计 {wan(sum(p.benefit.amount for p in estimates))} 万元/年，"
           "未分年度、未核实），见文末" + ("；合理化建议与“五小”成果的效益也在文末单列" if proposal_benefits(kb) else "")
           + "。\n"]
    if held:
        out.append(f"\n## 待复核（{len(held)} 条已签核实但不合常理，合计 {wan(sum(x.wan for x in held))} 万元，不计入）\n")
        out.append("这些记录写了 confirmed_by，但金额或测算方法经校验不合常理，改正或复核后才计入已核实效益和比学赶超。\n")
        out.append(html_table(["课题", "年度", "类别", "金额（万元）", "核实", "待复核原因"], [
            [site.link(x.project.id, page), x.year or "—", esc(x.record.type), wan(x.wan),
             _confirmation(site, x.project, x.record, page, result), esc(x.doubt)] for x in held], {1, 3}))
    years = sorted({x.year for x in lines if x.year} | set(site.stats.years))
    by_year_c, by_year_u = totals(confirmed, lambda x: x.year), totals(unconfirmed, lambda x: x.year)
    out.append("\n## 按年度\n")
    rows = [[y, wan(plant_award_total(kb, y) / 10000), wan(by_year_c.get(y, 0)), wan(by_year_u.get(y, 0))] for y in years]
    if None in by_year_c or None in by_year_u:
        rows.append(["未写期间", "—", wan(by_year_c.get(None, 0)), wan(by_year_u.get(None, 0))])
    out.append(html_table(["年度", "基地奖励（万元）", "已核实效益（万元）", "未核实（万元）"], rows, {1, 2, 3}))
    out.append(figure(bar_chart("各年度奖励与已核实效益（万元）", [str(y) for y in years],
                                [("基地奖励", [round(plant_award_total(kb, y) / 10000, 2) for y in years]),
                                 ("已核实效益", [round(by_year_c.get(y, 0), 2) for y in years])])))
    out.append("\n## 按分基地\n")
    base_c, base_u = totals(confirmed, lambda x: x.project.base), totals(unconfirmed, lambda x: x.project.base)
    projects = defaultdict(set)
    for x in lines:
        projects[x.project.base].add(x.project.id)
    rows = [[site.link(b.id, page), len(projects[b.id]), wan(base_c.get(b.id, 0)), wan(base_u.get(b.id, 0))]
            for b in sorted(site.lists["base"], key=lambda b: (-base_c.get(b.id, 0), b.id)) if projects[b.id]]
    out.append(html_table(["分基地", "有效益记录的课题", "已核实（万元）", "未核实（万元）"], rows, {1, 2, 3})
               if rows else "尚无效益记录。\n")
    out.append("\n## 按类别\n")
    type_c, type_u = totals(confirmed, lambda x: x.record.type), totals(unconfirmed, lambda x: x.record.type)
    kinds = [t for t in kb.config.vocab.get("benefit_type", []) if t != NON_MONEY]
    out.append(html_table(["类别", "已核实（万元）", "未核实（万元）"],
                          [[esc(t), wan(type_c.get(t, 0)), wan(type_u.get(t, 0))] for t in kinds], {1, 2}))
    effects = [(p, i, b) for p in site.lists["project"] for i, b in enumerate(p.benefits) if b.type == NON_MONEY]
    if effects:
        out.append(f"\n## 非经济效益（{len(effects)} 条，不折算为金额）\n")
        out.append(html_table(["课题", "期间", "效益", "说明", "核实"], [
            [site.link(p.id, page), esc(_period(b)), f"{b.amount:g} {esc(b.unit)}", esc(b.method or "—"),
             _confirmation(site, p, b, page, result)] for p, i, b in effects]))
    out.append(f"\n## 明细（{len(lines)} 条金额记录）\n")
    ordered = sorted(lines, key=lambda x: (x.year or 0, x.project.id, x.index))
    out.append(html_table(["课题", "年度", "类别", "金额（万元）", "期间", "测算方法", "核实"], [
        [site.link(x.project.id, page), x.year or "—", esc(x.record.type), wan(x.wan), esc(_period(x.record)),
         esc(x.record.method or "—"), _confirmation(site, x.project, x.record, page, result) + ("，待复核" if x.held else "")]
        for x in ordered], {1, 3})
        if lines else "尚无效益记录。\n")
    if estimates:
        out.append(f"\n## 课题组自报测算（{len(estimates)} 个课题，未核实，不计入合计）\n")
        out.append(html_table(["课题", "分基地", "万元/年", "测算依据"], [
            [site.link(p.id, page), site.link(p.base, page), f"{p.benefit.amount:g}", esc(p.benefit.basis)]
            for p in sorted(estimates, key=lambda p: -p.benefit.amount)], {2}))
    proposals = proposal_benefits(kb)
    if proposals:
        kinds = {"suggestion": "合理化建议", "wuxiao": "“五小”成果"}
        out.append(f"\n## 合理化建议与“五小”成果的效益（{len(proposals)} 条，"
                   f"合计 {wan(sum(x.amount for x in proposals))} 万元/年，提出人自报，未核实，不计入合计）\n")
        out.append(html_table(["名称", "类别", "万元/年", "测算依据", "校验"], [
            [site.link(x.entry.id, page), kinds[x.kind], f"{x.amount:g}", esc(x.basis), esc(x.doubt or "—")]
            for x in sorted(proposals, key=lambda x: (-x.amount, x.entry.id))], {2}))
    return "\n".join(out) + "\n"


def uses_of(site: Site):
    """(entry, use) of every 推广应用 / 许可 / 转让 record, for the page and its counts."""
    for kind in ("project", "patent", "software"):
        for entry in site.lists[kind]:
            for use in entry.uses:
                yield entry, use


def uses_page(site: Site, result: Output) -> str:
    page = "dashboards/uses.md"
    records = sorted(uses_of(site), key=lambda r: (r[1].since, r[0].id), reverse=True)
    results = {e.id for e, _ in records}
    by_kind = defaultdict(int)
    for _, u in records:
        by_kind[u.kind] += 1
    published = [p for p in site.lists["paper"] if p.published]
    said = (f"**{len(results)}** 项成果有应用记录（" + "、".join(f"{esc(k)} {n} 条" for k, n in by_kind.items()) + "）"
            if records else "尚无应用记录")
    out = [front_matter("已推广应用", **WIDE), "# 成果转化：已推广应用\n",
           f"{said}；公开发表论文 **{len(published)}** 篇（共 {len(site.lists['paper'])} 篇）。\n"]
    if records:
        out.append("\n## 应用记录\n")
        out.append(html_table(["成果", "方式", "应用单位", "开始应用", "确认", "对方", "说明"], [
            [site.link(e.id, page), esc(u.kind), "、".join(esc(w) for w in u.where), esc(u.since),
             _confirmation_of_use(site, e, u, page, result), esc(u.party or "—"), esc(u.note or "—")] for e, u in records]))
    out.append(f"\n## 公开发表的论文（{len(published)}）\n")
    if published:
        rows = []
        for p in sorted(published, key=lambda p: (p.published.year, p.id), reverse=True):
            pub = p.published
            issue = (f"{esc(pub.volume)}" if pub.volume else "") + (f"（{esc(pub.issue)}）" if pub.issue else "")
            rows.append([site.link(p.id, page), esc(pub.journal), pub.year, issue or "—"])
        out.append(html_table(["论文", "期刊或会议", "年", "卷（期）"], rows))
        years = sorted({p.published.year for p in published})
        out.append(figure(bar_chart("各年公开发表论文（篇）", [str(y) for y in years],
                                    [("篇数", [sum(1 for p in published if p.published.year == y) for y in years])])))
    else:
        out.append("尚无公开发表的论文。\n")
    return "\n".join(out) + "\n"


def _confirmation_of_use(site: Site, entry, use, page: str, out: Output) -> str:
    return (esc(use.confirmed_by) if use.confirmed_by else "未确认") + _evidence(site, entry, use.evidence, page,
                                                                              "应用证明", out)


def followup_page(site: Site, result: Output) -> str:
    page = "dashboards/followup.md"
    kb = site.kb
    ref = data_reference_date(kb)
    rules = kb.config.rules.follow_up
    found = [f for p in site.lists["project"] for f in follow_ups(kb, p, site.source(p.id, "project"), ref)]
    out = [front_matter("待跟进课题", **WIDE), "# 待跟进：停滞、逾期与变更的课题\n",
           f"数据截至 **{ref}**（{'工会办公室设定的数据截止日期' if kb.config.settings.data_as_of else '知识库中最晚的日期'}）。"
           f"进行中（{'、'.join(esc(s) for s in rules.active_statuses)}）的课题 {rules.stalled_months} 个月没有进展记录即列为停滞；"
           "过了计划完成日期（含延期后的日期"
           + (f"；没写的按立项后 {rules.default_duration_months} 个月计" if rules.default_duration_months else "")
           + "）仍未完成即列为逾期；完成或终止后还在记进展的也列出核对。月数由工会办公室在校验规则中设定。\n"]
    counts = defaultdict(int)
    for f in found:
        counts[f.reason] += 1
    out.append("；".join(f"{esc(k)} **{n}** 项" for k, n in counts.items()) + "。\n" if found else "目前没有需要跟进的课题。\n")
    if found:
        rows = []
        for f in sorted(found, key=lambda f: (f.reason, f.project.base, f.project.id)):
            p = f.project
            leader = next((m.person for m in p.team if m.role == "组长"), p.team[0].person)
            rows.append([esc(f.reason), site.link(p.id, page), site.link(p.base, page), site.link(leader, page),
                         esc(p.status), esc(f.issue.message)])
        out.append(html_table(["情况", "课题", "分基地", "组长", "状态", "说明"], rows))
    changes = sorted(((c, p) for p in site.lists["project"] for c in p.changes), key=lambda t: (t[0].date, t[1].id),
                     reverse=True)
    out.append(f"\n## 延期、变更、终止记录（{len(changes)}）\n")
    if changes:
        out.append(html_table(["日期", "课题", "类型", "原因", "内容"], [
            [esc(c.date), site.link(p.id, page), esc(c.type), esc(c.reason),
             f"新的计划完成日期 {c.new_end}" if c.new_end else esc(c.what or "—")] for c, p in changes]))
    else:
        out.append("尚无延期、变更或终止记录。\n")
    return "\n".join(out) + "\n"


# --- sections of entry pages ------------------------------------------------------------------

def benefit_section(site: Site, p, page: str, out: Output) -> str:
    if not p.benefits:
        return ""
    rows = [[esc(b.type), f"{b.amount:g} {esc(b.unit)}", esc(_period(b)), esc(b.method or "—"),
             _confirmation(site, p, b, page, out)] for b in p.benefits]
    return "\n## 经济效益台账\n" + html_table(["类别", "金额或数量", "期间", "测算方法", "核实"], rows)


def uses_section(site: Site, entry, page: str, out: Output) -> str:
    if not entry.uses:
        return ""
    rows = [[esc(u.kind), "、".join(esc(w) for w in u.where), esc(u.since), _confirmation_of_use(site, entry, u, page, out),
             esc(u.party or "—"), esc(u.note or "—")] for u in entry.uses]
    return "\n## 推广应用\n" + html_table(["方式", "应用单位", "开始应用", "确认", "对方", "说明"], rows)


def changes_section(p) -> str:
    if not p.changes:
        return ""
    rows = [[esc(c.date), esc(c.type), esc(c.reason),
             f"新的计划完成日期 {c.new_end}" if c.new_end else esc(c.what or "—")] for c in p.changes]
    return "\n## 延期、变更、终止\n" + html_table(["日期", "类型", "原因", "内容"], rows)
