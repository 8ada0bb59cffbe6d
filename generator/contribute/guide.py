"""The generated parts of docs/贡献指南.md: field tables, the issue-code table, a real report.

The guide is hand-written prose with generated blocks between markers::

    <!-- 自动生成:fields:project 开始（请勿手改：运行 qinchuang guide 更新） -->
    …
    <!-- 自动生成:fields:project 结束 -->

`qinchuang guide` rewrites the blocks from the models' JSON Schemas, the issue catalogue and a
validation run of the example knowledge base; `qinchuang guide --check` fails when the file is
out of date (a test runs it), so the guide cannot drift from the code.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from generator.config import SiteConfig
from generator.issues import CATALOGUE, Severity
from generator.models import KINDS
from generator.schema_export import alternatives, entry_schema, resolve

from . import guide_examples

GUIDE = Path("docs") / "贡献指南.md"
BLOCK = re.compile(r"(<!-- 自动生成:(?P<name>[\w:-]+) 开始（请勿手改：运行 qinchuang guide 更新） -->\n)"
                   r"(?P<body>.*?)"
                   r"(<!-- 自动生成:(?P=name) 结束 -->)", re.S)
STAGES = {"syntax": "格式", "schema": "字段", "references": "引用", "rules": "规则", "targets": "目标",
          "safety": "内容安全"}
LEVELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
REF_LABELS = {k: v.label for k, v in KINDS.items()}


# --- field tables ---------------------------------------------------------------------------



def describe(schema: dict, node: dict) -> str:
    """How a value is written, in the contributor's words."""
    real, _ = alternatives(schema, resolve(schema, node))
    return " 或 ".join(_describe_one(schema, n) for n in real)


def _describe_one(schema: dict, node: dict) -> str:
    if "enum" in node:
        return "取值之一：" + "、".join(map(str, node["enum"]))
    if "x-ref" in node:
        return f"{REF_LABELS.get(node['x-ref'], node['x-ref'])}编号"
    kind = node.get("type")
    if kind == "string":
        if node.get("format") == "date":
            return "日期 YYYY-MM-DD"
        if "maxLength" in node:
            return f"文字（≤{node['maxLength']} 字）"
        return "文字"
    if kind == "integer":
        return "整数" + _range(node)
    if kind == "number":
        return "数字" + _range(node)
    if kind == "boolean":
        return "true 或 false"
    if kind == "array":
        least = f"，至少 {node['minItems']} 项" if node.get("minItems") else ""
        item = resolve(schema, node.get("items", {}))
        if item.get("type") == "object" and "properties" in item:
            return f"列表{least}，每项的字段见下"
        return f"列表{least}，每项为{describe(schema, item)}"
    if kind == "object" and "properties" in node:
        keys = "、".join(node["properties"])
        return f"{{{keys}}}" if node.get("title") == "ExternalPerson" else "一组字段，见下"
    if kind == "object":
        return "“名称: 数量”若干行"
    return "—"


def _range(node: dict) -> str:
    lo, hi = node.get("minimum"), node.get("maximum")
    if lo is not None and hi is not None:
        return f"（{lo}～{hi}）"
    return f"（≥{lo}）" if lo is not None else ""


def field_rows(schema: dict, node: dict, prefix: str = "") -> list[tuple[str, str, str, str]]:
    """(field, 必填/可选, how to write it, description) for every field, nested ones dotted."""
    node = resolve(schema, node)
    required = set(node.get("required", []))
    rows = []
    for name, prop in node.get("properties", {}).items():
        real, nullable = alternatives(schema, prop)
        desc = prop.get("description") or (real[0].get("description", "") if real else "")
        need = "必填" if name in required and not nullable else "可选"
        rows.append((prefix + name, need, describe(schema, prop), desc))
        for option in real:
            if option.get("type") == "object" and "properties" in option and option.get("title") != "ExternalPerson":
                rows += field_rows(schema, option, f"{prefix}{name}.")
            elif option.get("type") == "array":
                item = resolve(schema, option.get("items", {}))
                item_real, _ = alternatives(schema, item)
                for sub in item_real:
                    if sub.get("type") == "object" and "properties" in sub and sub.get("title") != "ExternalPerson":
                        rows += field_rows(schema, sub, f"{prefix}{name}[].")
    return rows


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def fields_table(kind: str, config: SiteConfig) -> str:
    schema = entry_schema(kind, config)
    k = KINDS[kind]
    where = f"content/{k.folder}/{'<年份>/' if k.by_year else ''}<编号>{k.ext}"
    lines = [f"文件位置：`{where}`。{schema.get('description', '')}", "",
             "| 字段 | 必填 | 写法 | 说明 |", "| --- | --- | --- | --- |"]
    for name, need, how, desc in field_rows(schema, schema):
        lines.append(f"| `{name}` | {need} | {_cell(how)} | {_cell(desc)} |")
    lines += ["", "带点的字段名（如 `team[].role`）是上一级字段里的字段：`[]` 表示列表的每一项；"
              "它们的“必填”指填写了上一级字段时必须有。"]
    return "\n".join(lines)


# --- issue codes and a real report ------------------------------------------------------------

class _Blank(dict):
    def __missing__(self, key):
        return "…"


def _template(text: str) -> str:
    """A message template as the contributor will see it, every parameter shown as “…”."""
    return _cell(text.format_map(_Blank()))


def issues_table() -> str:
    lines = ["| 代码 | 级别 | 检查阶段 | 含义 | 怎么改 |", "| --- | --- | --- | --- | --- |"]
    for code in CATALOGUE.values():
        lines.append(f"| `{code.code}` | {LEVELS[code.severity]} | {STAGES.get(code.stage, code.stage)} | "
                     f"{_template(code.template)} | {_template(code.hint) or '—'} |")
    return "\n".join(lines)


def example_root(folder: Path) -> Path:
    for rel, text in guide_examples.files().items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def example_report(config: SiteConfig) -> str:
    from generator.validation import validate
    from generator.validation.output import human

    with tempfile.TemporaryDirectory() as tmp:
        result = validate(example_root(Path(tmp)), today=guide_examples.TODAY, config=config)
    return "```text\n$ qinchuang validate\n" + human(result.report) + "```"


def example_file(kind: str) -> str:
    text = {"project": guide_examples.PROJECT, "paper": guide_examples.PAPER}.get(kind)
    if text is None:
        rel = next(r for r in guide_examples.files() if f"/{KINDS[kind].folder}/" in r)
        text = guide_examples.files()[rel]
    lang = "markdown" if KINDS[kind].ext == ".md" else "yaml"
    return f"```{lang}\n{text}```"


# --- the guide --------------------------------------------------------------------------------

def block(name: str, config: SiteConfig) -> str:
    what, _, arg = name.partition(":")
    if what == "fields":
        return fields_table(arg, config)
    if what == "example":
        return example_file(arg)
    if what == "issues":
        return issues_table()
    if what == "report":
        return example_report(config)
    if what == "kinds":
        rows = ["| 类型（命令用） | 条目 | 存放位置 |", "| --- | --- | --- |"]
        for k in KINDS.values():
            rows.append(f"| `{k.name}` | {k.label} | `content/{k.folder}/{'<年份>/' if k.by_year else ''}<编号>{k.ext}` |")
        return "\n".join(rows)
    raise ValueError(f"未知的自动生成块：{name}")


def render(text: str, config: SiteConfig) -> str:
    """``text`` with every generated block rewritten."""
    cache: dict[str, str] = {}

    def fill(m: re.Match) -> str:
        name = m.group("name")
        if name not in cache:
            cache[name] = block(name, config)
        return f"{m.group(1)}{cache[name]}\n{m.group(4)}"

    return BLOCK.sub(fill, text)


def update(root: Path, config: SiteConfig, check: bool = False) -> tuple[Path, bool]:
    """Rewrite the guide under ``root``; returns (path, whether it was up to date)."""
    path = Path(root) / GUIDE
    old = path.read_text(encoding="utf-8")
    new = render(old, config)
    if new != old and not check:
        path.write_text(new, encoding="utf-8")
    return path, new == old
