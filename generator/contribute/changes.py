"""`changes --since <ref>`: a Markdown summary of a change for the reviewer of a merge request.

What was added, changed or deleted (by kind, with titles), the validation result of the changed
files, possible duplicates (查重) of new or changed projects, and the yearly targets after the
change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import UsageError
from generator.issues import Severity
from generator.kb import KnowledgeBase
from generator.kb.figures import metric_actual
from generator.loading.source import parse_source
from generator.loading.text import terminal_safe
from generator.models import BY_FOLDER, KINDS
from generator.validation import Result, validate

from .changed import git, name_status, restrict
from .similar import DEFAULT_THRESHOLD, SUSPECT_SHARE, similar_projects

VERB = {"A": "新增", "M": "修改", "D": "删除"}
SEVERITY = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@dataclass(frozen=True)
class Change:
    status: str  # A / M / D
    rel: str
    kind: str | None  # None: not an entry file (attachment, misplaced file)
    id: str
    title: str = ""
    detail: str = ""  # project status, paper discipline … or, for a broken file, its first problem
    fields: tuple[str, ...] = ()  # “status：实施 → 立项” for a modified entry


def classify(status: str, rel: str, kb: KnowledgeBase, result: Result | None = None,
             old: dict | None = None) -> Change:
    parts = PurePosixPath(rel).parts
    kind = BY_FOLDER.get(parts[1]) if len(parts) > 2 else None
    entry_id = PurePosixPath(rel).stem
    if kind is None or not rel.endswith(kind.ext):
        return Change(status, rel, None, entry_id)
    entry = kb.entry(kind.name, entry_id) if status != "D" else None
    if entry is not None and kb.source_of(kind.name, entry_id).rel != rel:
        entry = None  # another file claims the id
    new = _raw(result, rel) if status != "D" else {}
    title = str(getattr(entry, "title", None) or getattr(entry, "name", None) or _name(new) or _name(old or {}))
    detail = str(getattr(entry, "status", "") or getattr(entry, "discipline", "") or "")
    problem = _first_error(result, rel) if status != "D" and result is not None else ""
    if problem:
        detail = f"未通过校验：{problem}"
    fields = tuple(field_diff(old, new)) if status == "M" and old is not None and new else ()
    return Change(status, rel, kind.name, entry_id, title, detail, fields)


def _raw(result: Result | None, rel: str) -> dict:
    src = next((s for s in result.sources if s.rel == rel), None) if result else None
    return src.data if src is not None and isinstance(src.data, dict) else {}


def _name(data: dict) -> str:
    return next((str(data[k]) for k in ("title", "name") if isinstance(data.get(k), str)), "")


def _first_error(result: Result, rel: str) -> str:
    return next((i.message for i in result.report.issues if i.path == rel and i.severity == Severity.ERROR), "")


def _short(value) -> str:
    if value is None:
        return "（删除）"
    if isinstance(value, list):
        text = "、".join(_short(v) for v in value)
    elif isinstance(value, dict):
        text = "，".join(f"{k}: {_short(v)}" for k, v in value.items())
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def field_diff(old: dict, new: dict) -> list[str]:
    """Top-level fields whose value changed, as the reviewer reads them: field：old → new."""
    out = []
    for key in [*new, *(k for k in old if k not in new)]:
        if old.get(key) != new.get(key):
            before = "（无）" if key not in old else _short(old[key])
            out.append(f"{key}：{before} → {_short(new.get(key))}")
    return out


def old_data(root: Path, since: str, rel: str) -> dict | None:
    """The entry's fields as they were at ``since`` (None when it did not parse then)."""
    parts = PurePosixPath(rel).parts
    kind = BY_FOLDER.get(parts[1]) if len(parts) > 2 else None
    try:
        raw = git(root, "show", f"{since}:./{rel}")
    except UsageError:
        return None
    src = parse_source(raw.encode("utf-8"), rel, kind)
    return src.data if isinstance(src.data, dict) else None


def headline(changes: list[Change]) -> str:
    """新增课题 3 项、论文 1 篇；修改课题 2 项"""
    counts = Counter((c.status, c.kind) for c in changes if c.kind)
    parts = []
    for status in "AMD":
        items = [f"{KINDS[k].label} {n} {KINDS[k].measure}" for (s, k), n in sorted(counts.items(),
                 key=lambda kv: list(KINDS).index(kv[0][1])) if s == status]
        if items:
            parts.append(VERB[status] + "、".join(items))
    others = sum(1 for c in changes if not c.kind)
    if others:
        parts.append(f"其他文件 {others} 个（附件等）")
    return "；".join(parts) or "content/ 下没有改动"


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _entries_table(changes: list[Change]) -> list[str]:
    rows = ["| 变动 | 类型 | 编号 | 名称 | 状态/专业 | 文件 |", "| --- | --- | --- | --- | --- | --- |"]
    for c in changes:
        label = KINDS[c.kind].label if c.kind else "附件/其他"
        rows.append(f"| {VERB.get(c.status, c.status)} | {label} | {c.id} | {_escape(c.title) or '—'} | "
                    f"{_escape(c.detail) or '—'} | `{c.rel}` |")
    diffs = [c for c in changes if c.fields]
    if diffs:
        rows += ["", "修改的字段："]
        rows += [f"- {c.id}《{_escape(c.title)}》：" + "；".join(_escape(f) for f in c.fields) for c in diffs]
    return rows


def _validation(result: Result, rels: set[str], root: Path | None = None) -> list[str]:
    report = restrict(result.report, rels, root)  # a deletion: errors it causes anywhere are shown
    shown = [i for i in report.issues if i.severity != Severity.INFO]
    verdict = "✅ 通过" if report.ok else "❌ 未通过"
    out = [f"{verdict}：改动文件及其引起的问题中，错误 {report.errors} 个，警告 {report.warnings} 个"
           f"（全库 {result.report.entries} 个有效条目，用时 {result.report.seconds:.1f} 秒）。", ""]
    if shown:
        out += ["| 级别 | 代码 | 位置 | 说明 |", "| --- | --- | --- | --- |"]
        for i in shown[:200]:
            where = f"`{i.path}:{i.line}`" if i.line else f"`{i.path}`"
            text = i.message + (f"（{i.hint}）" if i.hint else "")
            out.append(f"| {SEVERITY[i.severity]} | `{i.code}` | {where} | {_escape(text)} |")
        if len(shown) > 200:
            out.append(f"\n……另有 {len(shown) - 200} 条，请运行 `qinchuang validate --changed` 查看。")
    return out


def _duplicates(kb: KnowledgeBase, changes: list[Change], threshold: float) -> list[str]:
    ids = [c.id for c in changes if c.kind == "project" and c.status != "D"]
    if not ids:
        return ["本次没有新增或修改课题。"]
    floor = threshold * SUSPECT_SHARE
    found = similar_projects(kb, ids, floor)
    rows = [(pid, m) for pid, matches in found.items() for m in matches[:5]]
    if not rows:
        return [f"新增/修改的 {len(ids)} 项课题未发现相似课题（阈值 {threshold:.2f}，疑似下限 {floor:.2f}）。"]
    out = [f"⚠️ 以下课题与已有课题相似（“相似”：相似度 ≥ {threshold:.2f}；“疑似”：{floor:.2f} 以上），"
           "请审核人确认不是重复立项：", "",
           "| 判断 | 课题 | 相似课题 | 年度 | 相似度 | 题目 | 内容 |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for pid, m in sorted(rows, key=lambda r: (r[1].score < threshold, r[0], -r[1].score)):
        verdict = "相似" if m.score >= threshold else "疑似"
        out.append(f"| {verdict} | {pid} | {m.other}《{_escape(m.other_title)}》 | {m.other_year} | **{m.score:.2f}** | "
                   f"{m.title_score:.2f} | {m.text_score:.2f} |")
    return out


def _targets(kb: KnowledgeBase, changes: list[Change]) -> list[str]:
    years = {t.year for t in kb.targets}
    touched = {getattr(kb.entry(c.kind, c.id), "year", None) for c in changes if c.kind and c.status != "D"}
    show = sorted(years & touched) or sorted(years)[-1:]
    if not show:
        return ["知识库中没有年度目标（content/targets/）。"]
    out = ["| 年度 | 指标 | 完成 | 目标 | 进度 |", "| --- | --- | --- | --- | --- |"]
    for t in kb.targets:
        if t.year not in show:
            continue
        for item in t.items:
            actual = metric_actual(kb, item.metric, t.year)
            gap = f"尚差 {item.total - actual}" if actual < item.total else "已完成"
            out.append(f"| {t.year} | {item.metric} | {actual} | {item.total} | {gap} |")
    return out


def summary(root: Path, since: str, threshold: float = DEFAULT_THRESHOLD, result: Result | None = None) -> str:
    """The Markdown summary of the changes under content/ between ``since`` and the working tree."""
    return summarize(root, since, threshold, result)[0]


def summarize(root: Path, since: str, threshold: float = DEFAULT_THRESHOLD,
              result: Result | None = None) -> tuple[str, bool]:
    """``summary`` and whether the change passes validation (what `changes` exits with)."""
    root = Path(root)
    listing = name_status(root, since, "content")
    result = result or validate(root)
    changes = [classify(status, rel, result.kb, result, old_data(root, since, rel) if status != "A" else None)
               for status, rel in listing]
    rels = {c.rel for c in changes}
    lines = [f"## 本次改动（相对 `{since}`）", "", f"**{headline(changes)}**", ""]
    if changes:
        lines += _entries_table(changes) + [""]
    lines += ["## 校验结果", ""] + _validation(result, rels, root) + [""]
    lines += ["## 查重", ""] + _duplicates(result.kb, changes, threshold) + [""]
    lines += ["## 改动后的年度目标进度", ""] + _targets(result.kb, changes) + [""]
    # read in a terminal or a review comment: no control characters
    return terminal_safe("\n".join(lines)), restrict(result.report, rels, root).ok
