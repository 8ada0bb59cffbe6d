"""The portal's 投稿 page (browser form for a project or a paper) and the 贡献指南."""

from __future__ import annotations

from pathlib import Path

from generator.contribute.form import form_html

from .context import Site
from .markup import front_matter, raw
from .output import Output

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "贡献指南.md"


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
    result.page("contribute/index.md", "\n".join(out) + "\n")
    result.page("contribute/guide.md", GUIDE.read_text(encoding="utf-8"))
    return result
