"""`new <type>`: a new entry file with every field present, each explained in a Chinese comment.

The file is generated from the same JSON Schema that editors use, so it cannot drift from the
model. It is valid as written except for the 【待填写】 placeholders, which the validator reports
until they are filled.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from generator.config import SiteConfig
from generator.errors import UsageError
from generator.models import KINDS, Kind
from generator.schema_export import alternatives, entry_schema, resolve

PLACEHOLDER = "【待填写】"

# Starting values that make a better first draft than the generic ones.
EXAMPLES: dict[str, dict[str, Any]] = {
    "project": {"team": [{"person": PLACEHOLDER, "role": "组长"}, {"person": PLACEHOLDER, "role": "导师"},
                         {"person": PLACEHOLDER, "role": "徒弟"}]},
    "paper": {"keywords": [PLACEHOLDER, PLACEHOLDER, PLACEHOLDER]},
    "award": {"amount": PLACEHOLDER},
    "notice": {"projects": [PLACEHOLDER]},  # the template's type is 立项: its batch of projects
    "targets": {"items": [{"metric": "立项课题", "total": PLACEHOLDER, "by_base": {}}]},
}

BODIES = {
    "project": "## 背景\n\n{p}\n\n## 目标\n\n{p}\n\n## 措施\n\n{p}\n\n## 成效\n\n{p}\n",
    "paper": "## 1 引言\n\n{p}\n\n## 2 问题分析\n\n{p}\n\n## 3 改进措施\n\n{p}\n\n## 4 应用效果\n\n{p}\n\n## 5 结论\n\n{p}\n",
    "studio": "## 简介\n\n{p}\n\n## 研究方向\n\n{p}\n\n## 主要成果\n\n{p}\n",
    "experience": "{p}\n",
    "bulletin": "{p}\n",
}


def next_id(root: Path, kind: Kind, year: int, month: int = 1) -> str:
    """The next free id of ``kind`` (numbers continue after the highest one in use). Ids used by
    any kind count: were two kinds' formats to overlap (tests/test_kinds.py forbids it), `new`
    still never hands out an id some entry already has."""
    fmt = kind.id_format
    if "{n" not in fmt:
        return fmt.format(year=year, month=month)
    prefix = fmt.split("{n")[0].format(year=year)
    used = [0]
    folders = dict.fromkeys([kind.folder, *(k.folder for k in KINDS.values())])
    for name in folders:
        folder = root / "content" / name
        if folder.is_dir():
            for path in folder.rglob(f"{prefix}*"):
                tail = path.stem[len(prefix):]
                if tail.isdigit() and path.suffix in (".yml", ".md"):
                    used.append(int(tail))
    return fmt.format(year=year, n=max(used) + 1)


def scaffold(root: Path, config: SiteConfig, kind_name: str, today: date | None = None,
             year: int | None = None, selection: str | None = None) -> tuple[str, str]:
    """Return (path relative to root, file text) of a new entry of ``year`` (default: this year;
    a score sheet: its selection's year, the selection given or the newest one)."""
    if kind_name not in KINDS:
        raise UsageError(f"不认识的条目类型“{kind_name}”。可用类型：{'、'.join(KINDS)}")
    today = today or date.today()
    # next year is allowed (targets and plans are written ahead), later years are a typo
    if year is not None and not 1990 <= year <= today.year + 1:
        raise UsageError(f"年份 {year} 不对：应为 1990～{today.year + 1} 之间的四位年份，如 --year {today.year}")
    if selection is not None and kind_name != "scoresheet":
        raise UsageError("--selection 只用于 qinchuang new scoresheet（评分表属于哪次评选）")
    sheet: dict = {}
    if kind_name == "scoresheet":
        from generator.awards.template import scoresheet_values
        sheet = scoresheet_values(root, config, selection, year)
        if str(sheet.get("year", "")).isdigit():
            year = int(sheet["year"])  # id, folder and year field follow the selection's year
    year = year or today.year
    kind = KINDS[kind_name]
    entry_id = next_id(root, kind, year, today.month)
    schema = entry_schema(kind_name, config)
    plant = config.settings.plant
    values = {"id": entry_id, "year": year} | EXAMPLES.get(kind_name, {})
    if kind_name == "patent":
        values["applicant"] = plant
    elif kind_name == "software":
        values["owners"] = [plant]
    elif kind_name == "scoresheet":
        values |= sheet
    elif kind_name == "anthology":
        values |= {"title": "秦电创新科技", "volume": f"{year}年卷"}
    lines = [f"# {schema['title']}", f"# 新建于 {today}：请把所有“{PLACEHOLDER}”换成真实内容，再运行 qinchuang validate 检查。"]
    # example dates inside the entry's year (a late entry for last year gets last year's dates)
    day = today if year == today.year else date(year, today.month, min(today.day, 28))
    lines += _object(schema, schema, values, 0, day)
    text = "\n".join(lines) + "\n"
    if kind.ext == ".md":
        body = BODIES.get(kind_name, "{p}\n").format(p=PLACEHOLDER)
        text = "---\n" + text + "---\n\n" + body
    folder = f"content/{kind.folder}/" + (f"{year}/" if kind.by_year else "")
    return folder + entry_id + kind.ext, text


def _optional(schema: dict, node: dict) -> tuple[dict, bool]:
    real, nullable = alternatives(schema, node)
    return real[0], nullable


def _object(schema: dict, node: dict, values: dict, indent: int, today: date) -> list[str]:
    node = resolve(schema, node)
    pad = " " * indent
    required = set(node.get("required", []))
    out: list[str] = []
    for name, prop in node.get("properties", {}).items():
        if name in ("x-vocab",):
            continue
        inner, optional = _optional(schema, prop)
        inner = resolve(schema, inner)
        desc = prop.get("description") or inner.get("description", "")
        enum = inner.get("enum")
        if enum and not all(value in desc for value in enum):
            desc += f"。可选值：{'、'.join(enum)}"
        if "可选" not in desc:
            desc += "（必填）" if name in required else "（可选）"
        out.append(f"{pad}# {desc}")
        if name in values:
            out += _value(schema, name, values[name], indent)
        elif optional:
            out.append(f"{pad}{name}:")
        elif inner.get("type") == "object" and "properties" in inner:
            out.append(f"{pad}{name}:")
            out += _object(schema, inner, {}, indent + 2, today)
        elif name not in required and inner.get("type") == "array":
            out.append(f"{pad}{name}: []")
        else:
            out += _value(schema, name, _default(schema, inner, today), indent)
    return out


def _default(schema: dict, node: dict, today: date) -> Any:
    node, _ = _optional(schema, resolve(schema, node))
    node = resolve(schema, node)
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if "anyOf" in node:
        return _default(schema, node["anyOf"][0], today)
    if kind == "string":
        return today.isoformat() if node.get("format") == "date" else PLACEHOLDER
    if kind in ("integer", "number"):
        return max(node.get("minimum", 0), 0)
    if kind == "array":
        n = node.get("minItems", 0)
        return [_default(schema, node["items"], today) for _ in range(n)]
    if kind == "object" and "properties" in node:
        req = set(node.get("required", []))
        return {k: _default(schema, v, today) for k, v in node["properties"].items() if k in req}
    if kind == "object":
        return {}
    return PLACEHOLDER


def _value(schema: dict, name: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return [f"{pad}{name}: {{}}"]
        return [f"{pad}{name}:"] + [line for k, v in value.items() for line in _value(schema, k, v, indent + 2)]
    if isinstance(value, list):
        if not value:
            return [f"{pad}{name}: []"]
        out = [f"{pad}{name}:"]
        for item in value:
            if isinstance(item, dict):
                sub = [line for k, v in item.items() for line in _value(schema, k, v, indent + 4)]
                sub[0] = f"{pad}  - " + sub[0].lstrip()
                out += sub
            else:
                out.append(f"{pad}  - {_scalar(item)}")
        return out
    return [f"{pad}{name}: {_scalar(value)}"]


def _scalar(value: Any) -> str:
    text = str(value)
    if re.fullmatch(r"[\w\u4e00-\u9fff【】-]+", text) and not text.startswith("-"):
        return text
    return json.dumps(text, ensure_ascii=False)
