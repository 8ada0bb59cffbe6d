"""One page per entry: every reference a link, back-references listed, bodies sanitised."""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Callable

from generator.anthology.references import (
    format_reference,  # one GB/T 7714 formatter: portal and book
)
from generator.anthology.web import toc
from generator.errors import QinchuangError
from generator.kb.figures import metric_actual
from generator.models import KINDS, Page

from . import proposals
from .context import ENTRY_DIRS, KIND_LABELS, Site, entry_path, href, print_head, rel
from .dashboards import progress, row_anchor
from .ledger import benefit_section, changes_section, uses_section
from .listings import facet_path
from .markup import a, esc, front_matter, html_list, html_p, html_table, raw, raw_block
from .output import Output

BACKREF_LIMIT = 100


def table(rows: list[tuple[str, str]]) -> str:
    """A two-column field table; values are safe HTML (esc() text, links)."""
    return html_table(["项目", "内容"], [[k, v] for k, v in rows if v not in (None, "", "—")])


def marker(kind: str, entry, **data) -> str:
    """An empty element carrying the entry's facets, for the later search index."""
    attrs = {"kind": kind, "id": entry.id, **{k: v for k, v in data.items() if v is not None}}
    body = " ".join(f'data-{k}="{esc(v)}"' for k, v in attrs.items())
    return raw(f'<div class="qc-entry" {body}></div>')


# Page makers by name: generator.models.kinds names each kind's maker (models do not import the
# site); test_kinds.py checks that every name resolves and every maker serves a kind.
PAGE_MAKERS: dict[str, Callable] = {}


def page_maker(make: Callable) -> Callable:
    PAGE_MAKERS[make.__name__] = make
    return make


def signature_problem(make: Callable) -> str:
    """Why ``make`` cannot be called as a page maker, (site, entry, result); "" when it can (or
    when Python cannot tell, as for some built-ins)."""
    try:
        signature = inspect.signature(make)
    except (TypeError, ValueError):
        return ""
    try:
        signature.bind(None, None, None)
    except TypeError:
        name = getattr(make, "__name__", repr(make))
        return f"页面生成函数 {name} 的参数应为 (site, entry, result)，实为 {name}{signature}"
    return ""


def maker_of(kind: str) -> Callable:
    """The function that writes the page of an entry of ``kind``: (site, entry, result) → Markdown,
    publishing what the page links (attachments) into ``result``."""
    make = PAGE_MAKERS[KINDS[kind].page.maker]
    if why := signature_problem(make):  # one clear message instead of a TypeError mid-build
        raise QinchuangError(f"{KINDS[kind].label}（{kind}）的{why}。请按 README“新增一种条目”改正 generator/site/pages.py，"
                             "并运行 tests/test_kinds.py 检查登记。")
    return make


def breadcrumb(kind: str, page: str) -> str:
    # entry pages are not in the navigation (see build.py), so Material draws no breadcrumb for them
    tab, label, overview = KINDS[kind].page.crumb
    return raw(f'<nav class="qc-breadcrumb" aria-label="页面位置">{a(href("index.md", page), "首页")} › {tab} › '
               f"{a(href(overview, page), label)}</nav>")


def head(site: Site, kind: str, entry, title: str, **data) -> str:
    return (front_matter(title) + marker(kind, entry, **data) + print_head(site) + breadcrumb(kind, entry_path(kind, entry.id))
            + f"# {esc(title)}\n" + raw(f'<p class="qc-kind">{KIND_LABELS[kind]} · {esc(entry.id)}</p>'))


def _grade(site: Site, entry_id: str, kind: str) -> str:
    award = site.kb.entry("award", entry_id) if kind == "award" else None
    return f"（{esc(award.grade)}）" if award and award.grade else ""


def backrefs(site: Site, entry_id: str, page: str, skip: set[str] = frozenset()) -> str:
    """Everything that refers to this entry, grouped by kind."""
    groups: dict[str, list[str]] = defaultdict(list)
    for ref in site.kb.referrers(entry_id):
        if ref.kind not in skip and ref.id not in groups[ref.kind]:
            groups[ref.kind].append(ref.id)
    if not groups:
        return ""
    items = []
    for kind in sorted(groups):
        ids = sorted(groups[kind])
        shown = ids[:BACKREF_LIMIT]
        more = f"（共 {len(ids)} 项，仅列前 {BACKREF_LIMIT} 项）" if len(ids) > len(shown) else ""
        items.append(f"<strong>{KIND_LABELS.get(kind, kind)}</strong>{more}："
                     + "、".join(site.link(i, page, kind=kind) + _grade(site, i, kind) for i in shown))
    return "\n## 关联条目\n" + html_list(items)


def body_section(site: Site, entry_id: str, page: str, out: Output, heading: str | None = None) -> str:
    html = site.body_html(entry_id, page, out)
    if not html.strip():
        return ""
    return (f"\n## {heading}\n" if heading else "") + raw_block(html)


def facet(site: Site, kind_dir: str, name: str, value, page: str, label=None) -> str:
    target = facet_path(site, kind_dir, name, value)
    shown = esc(label if label is not None else value)
    return a(href(target, page), shown) if target else shown


# --- per kind -------------------------------------------------------------------------------

@page_maker
def project_page(site: Site, p, result: Output) -> str:
    page = entry_path("project", p.id)
    ap = p.appraisal
    rows = [
        ("年度", facet(site, "projects", "year", p.year, page)),
        ("分基地", site.link(p.base, page)),
        ("创新工作室", site.link(p.studio, page) if p.studio else ""),
        ("类别", facet(site, "projects", "category", p.category, page)),
        ("攻关领域", facet(site, "projects", "area", p.area, page)),
        ("QC 类型", esc(p.qc_type)),
        ("状态", facet(site, "projects", "status", p.status, page)),
        ("关键词", "、".join(esc(k) for k in p.keywords)),
        ("申报日期", esc(p.proposed)), ("立项日期", esc(p.approved)), ("实施日期", esc(p.started)),
        ("完成日期", esc(p.completed)), ("终止日期", esc(p.terminated)),
        ("成果鉴定", f"{esc(ap.date)} {esc(ap.body)}：{esc(ap.level)}" + (f"。{esc(ap.conclusion)}" if ap.conclusion else "") if ap else ""),
        ("计划完成日期", esc(p.planned_end_now) + ("（已延期）" if p.planned_end_now != p.planned_end else "")
         if p.planned_end_now else ""),
        ("经济效益（课题组测算，未核实）",
         f"{esc(p.benefit.amount)} 万元/年（{esc(p.benefit.basis)}）" if p.benefit else ""),
        ("来源", f"{KIND_LABELS[site.kb.kind_of[p.origin]]} {site.link(p.origin, page)}"
                 if p.origin in site.kb.kind_of else ""),
    ]
    out = [head(site, "project", p, p.title, year=p.year, base=p.base, status=p.status,
                category=p.category), table(rows)]
    out.append("\n## 课题组\n")
    out.append(html_table(["成员", "角色", "分基地"], [
        [site.link(m.person, page), esc(m.role), site.link(site.kb.get(m.person).base, page)] for m in p.team]))
    out.append("\n## 一题三效\n" + html_list([
        f"<strong>成果鉴定</strong>：{'有' if ap else '—'}",
        f"<strong>专利</strong>：{site.links(p.outcomes.patents, page)}",
        f"<strong>论文</strong>：{site.links(p.outcomes.papers, page)}",
        f"<strong>软件著作权</strong>：{site.links(p.outcomes.software, page)}",
        f"<strong>奖励</strong>：{site.links(p.awards, page)}"]))
    out += [changes_section(p), benefit_section(site, p, page, result), uses_section(site, p, page, result)]
    out.append(body_section(site, p.id, page, result, "课题内容"))  # what the project is, before its log
    out.append(attachments(site, p, page, result))
    if p.progress:
        out.append(f"\n## 进展记录（{len(p.progress)} 条）\n"
                   + html_list([f"{esc(n.date)}：{esc(n.note)}" for n in p.progress]))
    out.append(backrefs(site, p.id, page))
    return "\n".join(x for x in out if x) + "\n"


def attachments(site: Site, p, page: str, out: Output) -> str:
    if not p.attachments:
        return ""
    folder = site.source(p.id, "project").rel.rsplit("/", 1)[0] + f"/{p.id}/"
    lines = []
    for name in p.attachments:
        docs = site.attachment(folder + name, out)
        lines.append(a(href(docs, page), esc(name)) if docs else esc(name))
    return "\n## 附件\n" + html_list(lines)


@page_maker
def studio_page(site: Site, s, result: Output) -> str:
    page = entry_path("studio", s.id)
    rows = [("领衔人", site.link(s.leader, page)), ("成员", site.links(s.members, page)),
            ("分基地", site.link(s.base, page)), ("成立日期", esc(s.founded)),
            ("研究方向", esc(s.direction)),
            ("当前级别", facet(site, "studios", "level", s.level, page))]
    out = [head(site, "studio", s, s.name, base=s.base, level=s.level), table(rows),
           "\n## 命名历史\n",
           html_table(["级别", "日期", "命名单位", "文号"],
                      [[esc(x.level), esc(x.date), esc(x.granted_by), esc(x.document or "—")] for x in s.levels])]
    if s.applications:
        out.append("\n## 向上级申报\n" + html_table(["申报级别", "申报日期", "受理单位", "结果", "结果日期", "说明"], [
            [esc(x.level), esc(x.date), esc(x.to), esc(x.status), esc(x.decided or "—"), esc(x.note or "—")]
            for x in s.applications]))
    projects = sorted({r.id for r in site.kb.referrers(s.id, "project")})
    out.append(f"\n## 课题（{len(projects)} 项）\n")
    if projects:
        out.append(html_table(["课题", "年度", "状态"], [
            [site.link(pid, page), site.kb.get(pid).year, esc(site.kb.get(pid).status)] for pid in projects]))
    outcomes = outcomes_of(site, projects)
    for kind, title in (("patent", "专利"), ("software", "软件著作权"), ("paper", "论文")):
        ids = sorted(outcomes[kind] | {r.id for r in site.kb.referrers(s.id, kind)})
        if ids:
            out.append(f"\n## {title}（{len(ids)}）\n" + html_p(site.links(ids[:BACKREF_LIMIT], page)))
    out.append(body_section(site, s.id, page, result, "简介"))
    out.append(backrefs(site, s.id, page, skip={"project", "patent", "software", "paper"}))
    return "\n".join(x for x in out if x) + "\n"


def outcomes_of(site: Site, project_ids) -> dict[str, set[str]]:
    """Patents, software and papers of these projects: named in the project's outcomes or
    naming the project themselves."""
    kb = site.kb
    found = {"patent": set(), "software": set(), "paper": set()}
    for pid in project_ids:
        p = kb.get(pid)
        found["patent"] |= set(p.outcomes.patents)
        found["software"] |= set(p.outcomes.software)
        found["paper"] |= set(p.outcomes.papers)
        for kind in found:
            found[kind] |= {r.id for r in kb.referrers(pid, kind)}
    return found


@page_maker
def paper_page(site: Site, p, result: Output) -> str:
    page = entry_path("paper", p.id)
    pub = p.published
    where = ""
    if pub:
        where = f"{esc(pub.journal)}，{pub.year}" + (f"，{esc(pub.volume)}" if pub.volume else "") \
            + (f"（{esc(pub.issue)}）" if pub.issue else "") + (f"：{esc(pub.pages)}" if pub.pages else "")
    rows = [("作者", "、".join(site.who(x, page) for x in p.authors)),
            ("分基地", site.link(p.base, page)),
            ("所属课题", site.link(p.project, page) if p.project else ""),
            ("年度", facet(site, "papers", "year", p.year, page)),
            ("专业", facet(site, "papers", "discipline", p.discipline, page)),
            ("关键词", "、".join(esc(k) for k in p.keywords)),
            ("公开发表", where), ("论文评奖", esc(p.award))]
    out = [head(site, "paper", p, p.title, year=p.year, base=p.base, discipline=p.discipline),
           table(rows), f"\n## 摘要\n\n{esc(p.abstract)}\n", body_section(site, p.id, page, result, "正文")]
    if p.references:
        out.append("\n## 参考文献\n")
        out += [f"{i}. {esc(format_reference(r))}" for i, r in enumerate(p.references, 1)]
        out.append("")
    out.append(backrefs(site, p.id, page))
    return "\n".join(x for x in out if x) + "\n"


@page_maker
def patent_page(site: Site, p, result: Output) -> str:
    page = entry_path("patent", p.id)
    rows = [("类型", facet(site, "patents", "type", p.type, page)), ("申请号", esc(p.application_no)),
            ("申请日", esc(p.filed)), ("状态", facet(site, "patents", "status", p.status, page)),
            ("授权公告日", esc(p.granted)), ("专利号", esc(p.grant_no)),
            ("发明人", "、".join(site.who(i, page) for i in p.inventors)),
            ("申请人", esc(p.applicant)),
            ("所属课题", site.link(p.project, page) if p.project else "")]
    out = [head(site, "patent", p, p.title, year=p.filed.year, type=p.type, status=p.status), table(rows)]
    if p.history:
        out.append("\n## 状态变化\n")
        out.append(html_table(["日期", "状态"], [[esc(h.date), esc(h.status)] for h in p.history]))
    out.append(uses_section(site, p, page, result))
    out.append(backrefs(site, p.id, page))
    return "\n".join(x for x in out if x) + "\n"


@page_maker
def software_page(site: Site, s, result: Output) -> str:
    page = entry_path("software", s.id)
    rows = [("登记号", esc(s.registration_no)), ("登记日期", esc(s.registered)),
            ("著作权人", "、".join(esc(o) for o in s.owners)),
            ("开发人员", "、".join(site.who(x, page) for x in s.authors)),
            ("所属课题", site.link(s.project, page) if s.project else "")]
    return "\n".join(x for x in [head(site, "software", s, s.title, year=s.registered.year),
                                 table(rows), uses_section(site, s, page, result), backrefs(site, s.id, page)] if x) + "\n"


@page_maker
def award_page(site: Site, award, result: Output) -> str:
    page = entry_path("award", award.id)
    recipients = "<br>".join(f"{KIND_LABELS.get(site.kb.kind_of.get(r), '')} {site.link(r, page)}"
                             for r in award.recipients)
    rows = [("级别", facet(site, "awards", "level", award.level, page)), ("等级", esc(award.grade)),
            ("类别", esc(award.category)), ("年度", facet(site, "awards", "year", award.year, page)),
            ("颁发日期", esc(award.date)), ("颁发单位", esc(award.granted_by)),
            ("金额", f"{award.amount:,} 元" if award.amount is not None else ""),
            ("获奖对象", recipients), ("说明", esc(award.note))]
    return "\n".join(x for x in [head(site, "award", award, award.name, year=award.year, level=award.level),
                                 table(rows), backrefs(site, award.id, page)] if x) + "\n"


@page_maker
def base_page(site: Site, b, result: Output) -> str:
    page = entry_path("base", b.id)
    kb = site.kb
    counts = defaultdict(int)
    for r in kb.referrers(b.id):
        counts[r.kind] += 1
    projects = sorted({r.id for r in kb.referrers(b.id, "project")})
    outcomes = outcomes_of(site, projects)
    outcomes["paper"] |= {r.id for r in kb.referrers(b.id, "paper")}
    rows = [("分工会", esc(b.union)), ("特色（一部门、一特色）", esc(b.feature)),
            ("负责人", site.link(b.head, page) if b.head else ""), ("成立日期", esc(b.founded)),
            ("课题", _count_link(site, "projects", "project", b.id, counts, page, "项")),
            ("论文", _count_link(site, "papers", "paper", b.id, counts, page, "篇")),
            ("专利", f"{len(outcomes['patent'])} 项"), ("软件著作权", f"{len(outcomes['software'])} 项"),
            ("人员", _count_link(site, "people", "person", b.id, counts, page, "人"))]
    out = [head(site, "base", b, b.name), table(rows), base_targets(site, b.id, page)]
    studios = sorted({r.id for r in kb.referrers(b.id, "studio")})
    out.append("\n## 创新工作室\n" + html_p(site.links(studios, page)))
    for kind, title in (("patent", "专利"), ("software", "软件著作权"), ("paper", "论文")):
        ids = sorted(outcomes[kind])
        if not ids:
            continue
        more = f"（仅列前 {BACKREF_LIMIT} 项）" if len(ids) > BACKREF_LIMIT else ""
        out.append(f"\n## {title}（{len(ids)}）{more}\n" + html_p(site.links(ids[:BACKREF_LIMIT], page)))
    awarded = set(projects) | outcomes["paper"] | set(studios) | {r.id for r in kb.referrers(b.id, "person")}
    awards = sorted({r.id for target in awarded for r in kb.referrers(target, "award")})
    if awards:
        out.append(f"\n## 奖励（{len(awards)}）\n" + html_table(["奖励", "年度", "级别"], [
            [site.link(x, page), kb.get(x).year, esc(kb.get(x).level)] for x in awards]))
    out.append(backrefs(site, b.id, page, skip={"project", "paper", "person", "studio"}))
    return "\n".join(x for x in out if x) + "\n"


def base_targets(site: Site, base: str, page: str) -> str:
    """This sub-base's share of each year's targets, linked to its row of the targets matrix."""
    out = []
    for t in sorted(site.lists["targets"], key=lambda t: -t.year):
        items = [i for i in t.items if base in i.by_base]
        if not items:
            continue
        rows = []
        for item in items:
            actual = metric_actual(site.kb, item.metric, t.year, base)
            rows.append([esc(item.metric), progress(actual, item.by_base[base]), item.by_base[base], actual])
        link = a(href("dashboards/targets.md", page) + f"#{row_anchor(t.year, base)}", "与其他分基地比较")
        out.append(f"\n## {t.year} 年目标完成情况\n" + html_table(["指标", "完成情况", "目标", "实际"], rows, {2, 3})
                   + f"\n{link}\n")
    return "".join(out)


def _count_link(site: Site, kind_dir: str, kind: str, base: str, counts, page: str, unit: str) -> str:
    n = counts[kind]
    return facet(site, kind_dir, "base", base, page, f"{n} {unit}") if n else f"0 {unit}"


@page_maker
def experience_page(site: Site, e, result: Output) -> str:
    page = entry_path("experience", e.id)
    rows = [("作者", site.link(e.author, page)), ("日期", esc(e.date)),
            ("分基地", site.link(e.base, page) if e.base else ""),
            ("关键词", "、".join(esc(k) for k in e.keywords))]
    return "\n".join(x for x in [head(site, "experience", e, e.title, year=e.date.year, base=e.base),
                                 table(rows), body_section(site, e.id, page, result)] if x) + "\n"


@page_maker
def facility_page(site: Site, f, result: Output) -> str:
    page = entry_path("facility", f.id)
    rows = [("地点", esc(f.location)), ("用途", esc(f.purpose)), ("联系人", site.link(f.contact, page)),
            ("管理分基地", site.link(f.base, page) if f.base else ""),
            ("主要设备", "、".join(esc(x) for x in f.equipment)), ("预约方式", esc(f.booking)),
            # whatever the booking text names, the contact is who takes a booking
            ("如何预约", f"请联系 {site.link(f.contact, page)}（联系人页面列有其所在分基地与岗位）")]
    return head(site, "facility", f, f.name, base=f.base) + table(rows)


@page_maker
def anthology_page(site: Site, anth, result: Output) -> str:
    page = entry_path("anthology", anth.id)
    src = site.source(anth.id, "anthology").rel
    out = [head(site, "anthology", anth, f"{anth.title}（{anth.volume}）", year=anth.year),
           table([("收录年度", str(anth.year)), ("印数", f"{anth.copies} 册" if anth.copies else "")]),
           "\n## 编委会\n"]
    out.append(html_list([f"<strong>{esc(m.role)}</strong>：" + "、".join(site.who(p, page) for p in m.people)
                          for m in anth.board]))
    if anth.year in site.books:
        pdf, data = site.books[anth.year]
        result.files[pdf] = data
        size = len(data) / 1e6
        out.insert(2, f'\n<p class="qc-download"><a href="{esc(rel(pdf, page))}">下载印刷版 PDF（{size:.1f} MB）</a>'
                      f"，{esc(anth.title)}（{esc(anth.volume)}）。</p>\n")
    out.append("\n## 序\n" + raw_block(site.markdown_html(anth.preface, src, page, result)))
    out.append("\n## 目录\n")
    for sec in toc(site.kb, anth.year).sections:
        rows = [f"{site.link(p.id, page)}<br><small>"
                + "、".join(site.who(a.person, page) if a.person else esc(a.name) for a in p.authors)
                + f"（{esc('、'.join(p.departments))}）</small>" for p in sec.papers]
        out.append(f"\n### {esc(sec.title)}\n" + html_list(rows, True))
    return "\n".join(out) + "\n"


# --- person: 个人创新档案 --------------------------------------------------------------------

@page_maker
def person_page(site: Site, person, result: Output) -> str:
    page = entry_path("person", person.id)
    kb = site.kb
    rows = [("工号", esc(person.id)), ("分基地", site.link(person.base, page)),
            ("岗位", esc(person.position)), ("技能等级/职称", esc(person.skill)),
            ("入厂年份", esc(person.joined))]
    out = [head(site, "person", person, f"{person.name} · 个人创新档案", base=person.base), table(rows)]
    summary_at = len(out)
    if person.titles:
        out.append("\n## 荣誉称号\n")
        out.append(html_table(["称号", "类别", "级别", "年份"],
                              [[esc(t.title), esc(t.kind), esc(t.level), t.year] for t in person.titles]))
    refs = kb.referrers(person.id)
    projects = []
    for r in refs:
        if r.kind == "project" and r.field[0] == "team":
            p = kb.get(r.id)
            projects.append((p.year, p.id, p.team[r.field[1]].role))
    out.append(f"\n## 参与课题（{len(projects)} 项）\n")
    if projects:
        out.append(html_table(["课题", "年度", "角色", "状态"], [
            [site.link(pid, page), y, esc(role), esc(kb.get(pid).status)] for y, pid, role in sorted(projects)]))
    grouped = defaultdict(set)
    for r in refs:
        grouped[r.kind].add(r.id)
    for kind, title in PERSON_LISTS:
        if grouped[kind]:
            out.append(f"\n## {title}（{len(grouped[kind])}）\n" + html_p(site.links(sorted(grouped[kind]), page)))
    awards = person_award_rows(site, person.id, projects, grouped)
    out.append(person_awards(site, awards, page))
    led = sum(1 for _, _, role in projects if role == "组长")
    counts = [f"参与课题 {len(projects)} 项（任组长 {led} 项）"] + [
        f"{title} {len(grouped[kind])} {unit}" for kind, title, unit in (
            ("paper", "论文", "篇"), ("patent", "专利", "项"), ("software", "软件著作权", "项"),
            ("studio", "创新工作室", "个"), ("suggestion", "合理化建议", "条"), ("wuxiao", "“五小”成果", "项"))
        if kind in ("paper", "patent", "software", "studio") or grouped[kind]] + [f"奖励 {len(awards)} 项", f"荣誉称号 {len(person.titles)} 项"]
    out.insert(summary_at, html_p("<strong>档案概要</strong>：" + "，".join(counts) + "。"))
    pairs = site.pairs_by_person.get(person.id, ())
    mentors = sorted(m for m, x in pairs if x == person.id)
    apprentices = sorted(x for m, x in pairs if m == person.id)
    if mentors or apprentices:
        out.append("\n## 师带徒\n" + html_list([f"<strong>导师</strong>：{site.links(mentors, page)}",
                                                  f"<strong>徒弟</strong>：{site.links(apprentices, page)}"]))
    out.append(backrefs(site, person.id, page, skip=PERSON_OWN_SECTIONS))  # every other kind (a new one too)
    return "\n".join(x for x in out if x) + "\n"


# The person page's own sections; entries of any other kind with a page that refer to the person
# (a kind added later included) are listed under 关联条目. Kinds without a page (评选, 评分表) are
# not shown: their files are the jury's records.
PERSON_LISTS = (("studio", "创新工作室"), ("paper", "论文"), ("patent", "专利"), ("software", "软件著作权"),
                ("suggestion", "合理化建议"), ("wuxiao", "“五小”成果"), ("experience", "经验文章"))
PERSON_OWN_SECTIONS = frozenset({"person", "project", "award", *(k for k, _ in PERSON_LISTS),
                                 *(k for k, kind in KINDS.items() if not isinstance(kind.page, Page))})


def person_award_rows(site: Site, pid: str, projects, grouped) -> list[tuple[str, str]]:
    """(award, recipient) of awards to the person, and to their projects, papers and studios."""
    own = {(aid, "本人") for aid in grouped.get("award", ())}
    via = set()
    for target in [p for _, p, _ in projects] + sorted(grouped.get("paper", ())) + sorted(grouped.get("studio", ())):
        via |= {(r.id, target) for r in site.kb.referrers(target, "award")}
    return sorted(own | via)


def person_awards(site: Site, rows: list[tuple[str, str]], page: str) -> str:
    if not rows:
        return ""
    cells = [[site.link(aid, page), site.kb.get(aid).year, "本人" if target == "本人" else site.link(target, page)]
             for aid, target in rows]
    return "\n## 奖励\n" + html_table(["奖励", "年度", "获奖对象"], cells)


def build_entry_pages(site: Site, progress=None, kinds=None) -> Output:
    """The page of every entry (of ``kinds``, default all)."""
    result = Output()
    for kind in kinds if kinds is not None else ENTRY_DIRS:
        make = maker_of(kind)
        for entry in site.lists[kind]:
            result.page(entry_path(kind, entry.id), make(site, entry, result))
        if progress:
            progress(f"条目页：{KIND_LABELS[kind]} {len(site.lists[kind])}")
    return result


@page_maker
def proposal_page(site: Site, p, result: Output) -> str:
    """A 合理化建议 or a “五小”成果: the fields, then the problem, the proposal and the review."""
    kind = site.kb.kind_of[p.id]
    page = entry_path(kind, p.id)
    out = [head(site, kind, p, p.title, year=p.year, base=p.base, status=p.decision),
           table(proposals.entry_rows(site, kind, p, page)),
           proposals.entry_sections(kind, p), backrefs(site, p.id, page, skip={"project"})]
    return "\n".join(x for x in out if x) + "\n"
