"""QC成果申报 and 科技成果申报 packs: one project as a Word file in the usual layout, its fields
filled in and every section it does not yet have marked for the author.

Which project field feeds which section is data (QC_SECTIONS, TECH_SECTIONS) so the contributor
guide can show the same table (docs/贡献指南.md, “申报材料”)."""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import UsageError
from generator.kb import KnowledgeBase
from generator.models import Project

from . import office

# QC section → the project's Markdown headings (## …) that feed it, in order of preference,
# and what the author should write when none is there
QC_SECTIONS: list[tuple[str, list[str], str]] = [
    ("选题理由", ["选题理由", "背景"], "为什么选这个课题：存在的问题、上级要求或与指标的差距"),
    ("现状调查", ["现状调查"], "调查数据（时间、次数、分布），用排列图、饼图找出主要症结"),
    ("目标", ["设定目标", "目标"], "量化目标值及可行性论证"),
    ("原因分析", ["原因分析"], "因果图、关联图或系统图，列出末端原因"),
    ("要因确认", ["要因确认"], "逐条末端原因的确认方法、标准、结论（是否要因）"),
    ("对策", ["制定对策", "对策", "措施"], "对策表（5W1H：要因、对策、目标、措施、地点、完成时间、负责人）"),
    ("实施", ["对策实施", "实施"], "逐条对策的实施过程和实施效果"),
    ("效果检查", ["效果检查", "成效"], "目标完成情况（活动前后对比）、经济效益、社会效益"),
    ("巩固措施", ["巩固措施"], "标准化：修订的规程、作业指导书、图纸，及巩固期数据"),
    ("总结", ["总结和下一步打算", "总结"], "专业技术、管理方法、小组成员综合素质方面的收获，下一步课题"),
]
TECH_SECTIONS: list[tuple[str, list[str], str]] = [
    ("立项背景", ["背景", "选题理由"], "国内外现状、本单位存在的问题"),
    ("主要技术内容与创新点", ["措施", "对策", "创新点"], "技术方案、关键技术、与同类技术相比的创新点"),
    ("技术经济指标", ["目标", "技术指标"], "主要技术指标及达到的水平"),
    ("应用情况与效益", ["成效", "效果检查", "应用情况"], "应用范围、时间，经济效益和社会效益"),
]
TEMPLATES = {"qc": ("QC成果申报", QC_SECTIONS), "tech": ("科技成果申报", TECH_SECTIONS)}


def body_sections(markdown: str) -> dict[str, str]:
    """## heading → its text, from a project's Markdown body."""
    out: dict[str, str] = {}
    current = None
    for line in markdown.splitlines():
        m = re.match(r"^##\s+(.+?)\s*#*\s*$", line)
        if m:
            current = re.sub(r"^[一二三四五六七八九十\d]+[、.．\s]+", "", m.group(1)).strip()
            out[current] = ""
        elif current is not None:
            out[current] += line + "\n"
    return {k: v.strip() for k, v in out.items() if v.strip()}


def _names(kb: KnowledgeBase, people) -> str:
    names = []
    for p in people:
        person = kb.entry("person", p) if isinstance(p, str) else None
        names.append(person.name if person else (p if isinstance(p, str) else f"{p.name}（{p.org}）"))
    return "、".join(names)


def write_pack(kb: KnowledgeBase, project_id: str, template: str, path: Path) -> tuple[Path, list[str]]:
    """The pack; returns its path and the sections left for the author."""
    p = kb.entry("project", project_id)
    if p is None:
        raise UsageError(f"没有编号为 {project_id} 的课题")
    title, sections = TEMPLATES[template]
    base = kb.entry("base", p.base)
    studio = kb.entry("studio", p.studio) if p.studio else None
    doc = office.new_document(p.title, f"{title} · {kb.config.settings.plant}")
    office.heading(doc, "课题概况" if template == "qc" else "成果概况")
    office.fields(doc, [("课题名称", p.title), ("课题编号", p.id), ("课题类型", p.qc_type or ""),
                        ("类别 / 领域", f"{p.category} / {p.area}"), ("分基地", base.name if base else p.base),
                        ("创新工作室", studio.name if studio else "—"), ("申报单位", kb.config.settings.plant),
                        ("活动时间", f"{p.approved or p.proposed} 至 {p.completed or '—'}"), ("状态", p.status),
                        ("关键词", "、".join(p.keywords))])
    office.heading(doc, "小组概况" if template == "qc" else "主要完成人")
    rows = []
    for i, m in enumerate(p.team, 1):
        person = kb.entry("person", m.person)
        rows.append([str(i), person.name if person else m.person, m.person, m.role,
                     (person.position or "") if person else "", (person.skill or "") if person else ""])
    office.paragraph(doc, f"成员 {len(p.team)} 人。")
    office.table(doc, ["序号", "姓名", "工号", "角色", "岗位", "技能等级/职称"], rows)
    body = body_sections(kb.body(p.id, "project"))
    missing = []
    for name, headings, hint in sections:
        office.heading(doc, name)
        text = next((body[h] for h in headings if h in body), None)
        if text:
            office.markdown(doc, text)
        extra = _extra(kb, p, name)
        for line in extra:
            office.paragraph(doc, line)
        if not text and not extra:
            office.todo(doc, hint)
            missing.append(name)
    if template == "tech":
        office.heading(doc, "知识产权、鉴定与获奖")
        _outcomes(doc, kb, p)
    return office.save(doc, path), missing


def _extra(kb: KnowledgeBase, p: Project, section: str) -> list[str]:
    """Structured fields that belong in a section besides its text."""
    lines = []
    if section == "实施" and p.progress:
        lines += [f"{n.date}：{n.note}" for n in p.progress]
    if section in ("效果检查", "应用情况与效益"):
        if p.benefit:
            lines.append(f"经济效益：{p.benefit.amount:g} 万元/年（测算依据：{p.benefit.basis}）")
        if p.appraisal:
            lines.append(f"成果鉴定：{p.appraisal.date} 经{p.appraisal.body}鉴定，{p.appraisal.level}。")
        outcomes = [kb.get(x) for x in (*p.outcomes.patents, *p.outcomes.papers, *p.outcomes.software)]
        if outcomes:
            lines.append("取得成果：" + "；".join(o.title for o in outcomes if o is not None))
    return lines


def _outcomes(doc, kb: KnowledgeBase, p: Project) -> None:
    rows = []
    for x in p.outcomes.patents:
        e = kb.entry("patent", x)
        if e:
            rows.append(["专利", e.title, f"{e.type} {e.application_no}（{e.status}）", _names(kb, e.inventors)])
    for x in p.outcomes.software:
        e = kb.entry("software", x)
        if e:
            rows.append(["软件著作权", e.title, e.registration_no, _names(kb, e.authors)])
    for x in p.outcomes.papers:
        e = kb.entry("paper", x)
        if e:
            pub = f"{e.published.journal} {e.published.year}" if e.published else f"{e.year} 年撰写"
            rows.append(["论文", e.title, pub, _names(kb, e.authors)])
    if p.appraisal:
        rows.append(["成果鉴定", p.appraisal.body, f"{p.appraisal.date} {p.appraisal.level}", ""])
    for x in p.awards + [a.id for a in kb.awards if p.id in a.recipients and a.id not in p.awards]:
        a = kb.entry("award", x)
        if a:
            rows.append(["获奖", a.name, f"{a.level} {a.grade}（{a.year}）", a.granted_by])
    if rows:
        office.table(doc, ["类别", "名称", "编号 / 等级", "完成人 / 颁发单位"], rows)
    else:
        office.todo(doc, "专利、软件著作权、论文、鉴定或获奖情况")
