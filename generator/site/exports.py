"""CSV and JSON of every kind of entry, and one Excel workbook (for QC申报, 专家评定, the union office)."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

from generator.models import KINDS, Export

from .context import KIND_LABELS, Site
from .markup import front_matter
from .output import Output
from .workbook import WORKBOOK, build_workbook

# the exported kinds, in the order the exports page and the workbook list them
EXPORT_KINDS = [k.name for k in sorted((k for k in KINDS.values() if isinstance(k.export, Export)),
                                       key=lambda k: k.export.rank)]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def records(site: Site, kind: str) -> list[dict]:
    out = []
    for entry in site.lists[kind]:
        data = entry.model_dump(mode="json")
        src = site.source(entry.id, kind)
        if src.rel.endswith(".md"):
            data["body"] = src.body
        out.append(data)
    return out


def _cell(value) -> str:
    """Nested values as JSON; text that a spreadsheet would run as a formula is defused."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    # NFKC: a full-width "＝HYPERLINK(" is a formula to a spreadsheet too
    return "'" + text if unicodedata.normalize("NFKC", text[:1]).startswith(FORMULA_START) else text


def to_csv(rows: list[dict]) -> bytes:
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 as such


def build_exports(site: Site) -> Output:
    result = Output()
    out = [front_matter("数据导出"), "# 数据导出\n",
           "知识库全部条目的表格（CSV，可用 Excel 打开）与结构化数据（JSON）。\n",
           f"**[Excel 工作簿]({WORKBOOK.split('/')[-1]})**：每类条目一个工作表，中文表头，编号旁附名称，"
           "日期、金额可直接筛选求和，编号和申请号按文字保存。\n",
           "| 类别 | 条目数 | 下载 |\n| --- | ---: | --- |"]
    for kind in EXPORT_KINDS:
        rows = records(site, kind)
        name = f"exports/{kind}"
        result.files[name + ".json"] = (json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
        result.files[name + ".csv"] = to_csv(rows)
        out.append(f"| {KIND_LABELS[kind]} | {len(rows)} | [CSV]({kind}.csv) · [JSON]({kind}.json) |")
    result.files[WORKBOOK] = build_workbook(site, EXPORT_KINDS)
    result.page("exports/index.md", "\n".join(out) + "\n")
    return result
