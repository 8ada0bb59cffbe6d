"""月度简报: generated from every dated event of the knowledge base, one page per month,
with the optional editor's note (content/bulletins/YYYY-MM.md), and an Atom feed of them."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from datetime import date

from . import proposals
from .context import Site
from .markup import WIDE, esc, front_matter, html_list, raw_block
from .output import Output

SECTIONS = ["课题立项", "课题完成", "成果鉴定", "课题进展", "专利申请", "专利授权", "论文发表",
            "软件著作权登记", "获得奖励", "工作室命名", *proposals.BULLETIN_SECTIONS, "基地活动", "经验分享"]


# characters XML 1.0 does not allow at all (a "\u0001" in a YAML title would break the feed)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """&, < and > escaped for XML character data (what xml.sax.saxutils.escape does, without
    the 17 ms import of urllib.request it brings); characters XML cannot hold dropped."""
    return html.escape(NOT_XML.sub("", text), quote=False)


def collect(site: Site) -> dict[str, list[tuple[date, str, str, str]]]:
    """month → [(date, section, entry id or '', note)] — notes are plain text, escaped later.
    Only months since the base was founded: what happened before (a project approved in 2019)
    is on its entry page, but no bulletin of the base reported it."""
    months: dict[str, list] = defaultdict(list)
    founded = site.kb.config.settings.founded
    first = date(founded.year, founded.month, 1)

    def add(when: date | None, section: str, entry_id: str, note: str = "") -> None:
        if when is not None and when >= first:
            months[f"{when.year:04d}-{when.month:02d}"].append((when, section, entry_id, note))

    for p in site.lists["project"]:
        add(p.approved, "课题立项", p.id)
        add(p.completed, "课题完成", p.id)
        if p.appraisal:
            add(p.appraisal.date, "成果鉴定", p.id, f"{p.appraisal.body}：{p.appraisal.level}")
        for n in p.progress:
            add(n.date, "课题进展", p.id, n.note)
    for p in site.lists["patent"]:
        add(p.filed, "专利申请", p.id, p.type)
        add(p.granted, "专利授权", p.id, p.grant_no or "")
    for p in site.lists["paper"]:
        if p.published and p.published.date:
            add(p.published.date, "论文发表", p.id, p.published.journal)
    for s in site.lists["software"]:
        add(s.registered, "软件著作权登记", s.id, s.registration_no)
    for a in site.lists["award"]:
        add(a.date, "获得奖励", a.id, f"{a.level} {a.grade}")
    for s in site.lists["studio"]:
        for step in s.levels:
            add(step.date, "工作室命名", s.id, f"{step.level}（{step.granted_by}）")
    for e in site.lists["event"]:
        add(e.date, "基地活动", e.id, f"{e.kind}：{e.summary}" + (f"（{e.attendance} 人参加）" if e.attendance else ""))
    for x in site.lists["experience"]:
        add(x.date, "经验分享", x.id)
    for item in proposals.bulletin_items(site):
        add(*item)
    for note in site.lists["bulletin"]:  # an editor's note is published whatever its month
        months.setdefault(note.id, [])
    return months


def bulletin_page(site: Site, month: str, items: list, result: Output) -> str:
    page = f"bulletins/{month}.md"
    note = site.entry(month, "bulletin")
    year, mon = month.split("-")
    title = f"{year} 年 {int(mon)} 月简报" + (f"：{note.title}" if note and note.title else "")
    out = [front_matter(title), f'<div class="qc-entry" data-kind="bulletin" data-id="{month}" data-year="{year}"></div>\n',
           f"# {esc(title)}\n"]
    if note:
        out.append("\n## 编者按\n")
        if note.editor:
            out.append(f"编辑：{site.link(note.editor, page)}\n")
        out.append(raw_block(site.body_html(note.id, page, result, "bulletin")))
    counts = defaultdict(int)
    for _, section, _, _ in items:
        counts[section] += 1
    if counts:
        out.append("本月概况：" + "，".join(f"{s} {counts[s]} 项" for s in SECTIONS if counts[s]) + "。\n")
    for section in SECTIONS:
        rows = sorted((i for i in items if i[1] == section), key=lambda i: (i[0], i[2]))
        if not rows:
            continue
        lines = [f"{when.month} 月 {when.day} 日：{site.link(entry_id, page) if entry_id else ''}"
                 + (f" — {esc(text)}" if text else "") for when, _, entry_id, text in rows]
        out.append(f"\n## {section}\n" + html_list(lines))
    return "\n".join(out) + "\n"


def summary(items: list) -> str:
    counts = defaultdict(int)
    for _, section, _, _ in items:
        counts[section] += 1
    return "，".join(f"{s} {counts[s]} 项" for s in SECTIONS if counts[s]) or "本月无记录"


def summaries(site: Site) -> dict[str, str]:
    """Month → what happened in it, newest first (the home page shows the latest)."""
    months = collect(site)
    return {month: summary(months[month]) for month in sorted(months, reverse=True)}


def build_bulletins(site: Site) -> Output:
    """Every month's page, the index and the feed."""
    result = Output()
    months = collect(site)
    order = sorted(months, reverse=True)
    for month in order:
        result.page(f"bulletins/{month}.md", bulletin_page(site, month, months[month], result))
    out = [front_matter("月度简报", **WIDE), "# 月度简报\n",
           "每月自动汇编：课题立项、完成、鉴定、进展，专利、论文、软著、奖励，工作室命名，合理化建议与“五小”成果，基地活动。"
           "用 RSS 阅读器订阅：[简报订阅地址](../feed.xml)\n"]
    current = None
    for month in order:
        if month[:4] != current:
            current = month[:4]
            out.append(f"\n## {current} 年\n")
        out.append(f"- [{int(month[5:])} 月](./{month}.md)：{esc(summary(months[month]))}")
    result.page("bulletins/index.md", "\n".join(out) + "\n")
    result.files["feed.xml"] = atom_feed(site, months, order)
    return result


def _month_updated(month: str, items: list) -> str:
    when = max((i[0] for i in items), default=date(int(month[:4]), int(month[5:]), 1))
    return f"{when.isoformat()}T00:00:00Z"


def atom_feed(site: Site, months: dict, order: list[str]) -> bytes:
    settings = site.kb.config.settings
    updated = max((_month_updated(m, months[m]) for m in order), default="1970-01-01T00:00:00Z")
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
           f"<title>{xml_text(settings.short_name)} 月度简报</title>",
           f"<subtitle>{xml_text(settings.name)}</subtitle>",
           "<id>urn:qinchuang:bulletins</id>",
           '<link rel="self" href="feed.xml"/>',
           '<link rel="alternate" type="text/html" href="bulletins/index.html"/>',
           f"<updated>{updated}</updated>",
           f"<author><name>{xml_text(settings.union)}</name></author>"]
    for month in order:
        note = site.entry(month, "bulletin")
        title = f"{month[:4]} 年 {int(month[5:])} 月简报" + (f"：{note.title}" if note and note.title else "")
        out += ["<entry>", f"<title>{xml_text(title)}</title>",
                f"<id>urn:qinchuang:bulletin:{month}</id>",
                f'<link rel="alternate" type="text/html" href="bulletins/{month}.html"/>',
                f"<updated>{_month_updated(month, months[month])}</updated>",
                f"<summary>{xml_text(summary(months[month]))}</summary>", "</entry>"]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")
