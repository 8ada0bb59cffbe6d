"""Writing what an import produced — safely — and the report in the office's terms.

Nothing is written on --dry-run; an existing file is never replaced without --update. Every
produced file is validated together with the rest of the knowledge base (in a scratch copy on a
dry run), and each problem is shown next to its place in the source: the sheet row and column,
or the paragraph of the document.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.issues import Severity
from generator.validation import validate
from generator.validation.output import LABEL


@dataclass
class Produced:
    rel: str  # relative to the knowledge-base root
    data: bytes
    origin: str  # "立项台账 第 5 行", "论文.docx"
    field_places: dict[str, str] = field(default_factory=dict)  # dotted field → source place
    line_places: dict[int, str] = field(default_factory=dict)  # line of the file → source place
    id: str = ""
    changes: list[str] | None = None  # --update of an existing entry: “字段：旧值 → 新值”


@dataclass
class Plan:
    files: list[Produced] = field(default_factory=list)
    to_fix: list[tuple[str, str]] = field(default_factory=list)  # (source place, what to do)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (source place, what was done)


def front_matter(fields: dict) -> tuple[str, dict[str, int]]:
    """YAML of ``fields`` in their order, and the first line of each top-level field.
    safe_dump quotes whatever YAML would read as another type or as syntax."""
    lines, at = [], {}
    for key, value in fields.items():
        at[key] = len(lines) + 1
        text = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=1000,
                              default_flow_style=False)
        lines += text.rstrip("\n").split("\n")
    return "\n".join(lines) + "\n", at


def place_of(item: Produced, field_name: str, line: int) -> str:
    best = ""
    for key in item.field_places:
        if (field_name == key or field_name.startswith(key + ".") or field_name.startswith(key + "[")) \
                and len(key) > len(best):
            best = key
    if best:
        return item.field_places[best]
    if line in item.line_places:
        return item.line_places[line]
    return item.origin


def apply(root: Path, plan: Plan, *, dry_run: bool, update: bool) -> tuple[str, int]:
    """Write (or pretend to), validate, and return (report text, exit code)."""
    out: list[str] = []
    fresh, kept = [], []
    for item in plan.files:
        (kept if (root / item.rel).exists() and not update else fresh).append(item)
    verb = "将写入" if dry_run else "已写入"
    for item in fresh:
        exists = (root / item.rel).exists()
        if exists and item.changes is not None:
            state = "（更新已有条目：" + ("只改下列字段，其他字段和正文保留）" if item.changes else "没有变化）")
        else:
            state = "（覆盖原文件）" if exists else ""
        out.append(f"{verb} {item.rel}{state}  ← {item.origin}")
        out += [f"    {change}" for change in item.changes or []]
    for item in kept:
        out.append(f"未覆盖 {item.rel}：文件已存在（确认要用导入结果替换时加 --update）  ← {item.origin}")
    target = _scratch_copy(root) if dry_run else root
    try:
        for item in fresh:
            path = target / item.rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(item.data)
        report = validate(target).report if fresh else None
    finally:
        if dry_run:
            shutil.rmtree(target.parent, ignore_errors=True)
    if plan.notes:
        out += ["", "导入时的处理（请核对）："] + [f"  {where}：{what}" for where, what in plan.notes]
    if plan.to_fix:
        out += ["", f"需要处理的 {len(plan.to_fix)} 项（找不到或不能确定的名称、字段）："]
        out += [f"  {where}：{what}" for where, what in plan.to_fix]
    code = 0
    if report is not None:
        by_rel = {item.rel: item for item in fresh}
        mine = [i for i in report.issues if i.path in by_rel and i.severity != Severity.INFO]
        others = sum(1 for i in report.issues if i.path not in by_rel and i.severity == Severity.ERROR)
        out.append("")
        if mine:
            out.append(f"校验导入的文件：错误 {sum(i.severity == Severity.ERROR for i in mine)} 个，"
                       f"警告 {sum(i.severity == Severity.WARNING for i in mine)} 个")
            for i in mine:
                item = by_rel[i.path]
                where = f"{i.path}:{i.line}" if i.line else i.path
                field_text = f" [{i.field}]" if i.field else ""
                out.append(f"  {place_of(item, i.field, i.line)} → {where}  {LABEL[i.severity]}  {i.code}{field_text}  {i.message}")
                if i.hint:
                    out.append(f"      提示：{i.hint}")
        else:
            entries = sum(1 for item in fresh if item.rel.endswith((".md", ".yml")))
            out.append(f"校验导入的 {entries} 个条目：通过。")
        if others:
            out.append(f"（知识库其他文件另有 {others} 个错误，运行 qinchuang validate 查看）")
        if any(i.severity == Severity.ERROR for i in mine):
            code = 1
            out.append("请按上面的说明修改生成的文件（或改好原表格、原文档后加 --update 重新导入），再运行 qinchuang validate。")
    if dry_run:
        out.append("（试运行：没有写入任何文件）")
    return "\n".join(out) + "\n", code


def _scratch_copy(root: Path) -> Path:
    """The knowledge base as it would be after the import, in a temporary folder."""
    scratch = Path(tempfile.mkdtemp(prefix="qinchuang-dry-run-")) / "kb"
    scratch.mkdir()
    shutil.copytree(root / "content", scratch / "content", symlinks=True)
    (scratch / "site_config").symlink_to((root / "site_config").resolve())
    return scratch
