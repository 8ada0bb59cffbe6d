"""The portal's 投稿 pages (browser forms: project and paper; 合理化建议 and “五小”) and the 贡献指南."""

from __future__ import annotations

from pathlib import Path

from generator.contribute.form import form_html

from .context import Site
from .markup import front_matter, raw
from .output import Output

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "贡献指南.md"


PROPOSALS = "contribute/proposals.md"


def proposals_page(site: Site, url: str | None) -> str:
    """合理化建议 and “五小”成果 on a page of their own: every form embeds the people, sub-bases and
    projects it picks from, so four forms on one page would carry those lists four times."""
    config = site.kb.config
    out = [front_matter("提建议 · 报“五小”"), "# 提合理化建议、报“五小”成果\n",
           "合理化建议和“五小”成果（小发明、小创造、小革新、小设计、小建议）是全员创新的“动力源”。"
           "刚提出时评审结论选“待评审”；评审后改为采纳、不采纳（写理由）或转为课题（写课题编号）。"
           "内容只在你的浏览器里处理，不会发送到任何地方。详细说明见 [贡献指南](guide.md)。\n"]
    for kind, label in (("suggestion", "合理化建议"), ("wuxiao", "“五小”成果")):
        out += [f"## 新增{label}\n", raw(form_html(config, kind, new_file_url=url, today=site.ref_date, kb=site.kb))]
    return "\n".join(out) + "\n"


def build_contribute(site: Site) -> Output:
    result = Output()
    config = site.kb.config
    url = config.settings.git_host_new_file_url
    forms = [(kind, label, form_html(config, kind, new_file_url=url, today=site.ref_date, kb=site.kb))
             for kind, label in (("project", "创新课题"), ("paper", "论文"))]
    out = [front_matter("投稿"), "# 投稿\n",
           "在这里填写课题或论文，页面会按与校验程序相同的规则检查，生成可以直接提交的文件。"
           "内容只在你的浏览器里处理，不会发送到任何地方。详细说明见 [贡献指南](guide.md)。\n"]
    for _kind, label, html in forms:
        out += [f"## 新增{label}\n", raw(html)]
    out.append("合理化建议和“五小”成果请在 [提建议 · 报“五小”](proposals.md) 页填写。\n")
    result.page("contribute/index.md", "\n".join(out) + "\n")
    result.page(PROPOSALS, proposals_page(site, url))
    result.page("contribute/guide.md", GUIDE.read_text(encoding="utf-8"))
    return result
