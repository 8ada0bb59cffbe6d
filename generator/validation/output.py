"""Report formats: people (grouped, coloured), JSON, GitLab Code Quality, GitHub annotations."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from itertools import groupby

from generator.issues import Issue, Severity
from generator.loading.text import terminal_safe

from . import Report

LABEL = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
COLOUR = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def human(report: Report, colour: bool = False, verbose: bool = False) -> str:
    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if colour else text

    # contributor text (paths, values quoted in messages) is escaped before our own colours are added
    shown = [replace(i, **{k: terminal_safe(getattr(i, k)) for k in ("path", "message", "hint", "field")})
             for i in report.issues if verbose or i.severity != Severity.INFO]
    out: list[str] = []
    for path, items in groupby(shown, key=lambda i: i.path):
        out.append(paint(path, "1"))
        for i in items:
            where = f"{i.line}" if i.line else "-"
            field = f"  [{i.field}]" if i.field else ""
            out.append(f"  {where:>4}  {paint(LABEL[i.severity], COLOUR[i.severity])}  {i.code}{field}  {i.message}")
            if i.hint:
                out.append(f"        提示：{i.hint}")
        out.append("")
    failing = {i.path for i in shown if i.severity == Severity.ERROR}
    for rel, n in report.blocking.items():
        if rel in failing and len(failing) > 1:  # the root cause first: its referrers wait on it
            out.append(paint(f"请先修改 {rel}：另有 {n} 个条目引用它，修好后再检查这些引用。", "1"))
    hidden = report.count(Severity.INFO) if not verbose else 0
    summary = (f"检查了 {report.files} 个文件（{report.entries} 个有效条目）："
               f"错误 {report.errors} 个，警告 {report.warnings} 个，提示 {report.count(Severity.INFO)} 条")
    if hidden:
        summary += "（加 --verbose 显示提示）"
    out.append(paint(summary, "32" if report.ok else "31"))
    out.append("校验通过。" if report.ok else "校验未通过：请按上面的说明逐条修改后再提交。")
    return "\n".join(out) + "\n"


def as_json(report: Report) -> str:
    data = {
        "summary": {"files": report.files, "entries": report.entries, "errors": report.errors,
                    "warnings": report.warnings, "infos": report.count(Severity.INFO)},
        "issues": [_issue_dict(i) for i in report.issues],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _issue_dict(i: Issue) -> dict:
    return {"code": i.code, "severity": i.severity.value, "stage": i.stage, "path": i.path, "line": i.line,
            "field": i.field, "message": i.message, "hint": i.hint}


GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def gitlab(report: Report) -> str:
    """GitLab Code Quality report (artifacts:reports:codequality): shown inline in merge requests."""
    items = []
    for i in report.issues:
        if i.severity == Severity.INFO:
            continue
        key = f"{i.code}|{i.path}|{i.field}|{i.message}".encode()
        items.append({
            "description": f"{i.message}" + (f"（{i.hint}）" if i.hint else ""),
            "check_name": i.code,
            "fingerprint": hashlib.md5(key).hexdigest(),
            "severity": GITLAB_SEVERITY[i.severity],
            "location": {"path": i.path, "lines": {"begin": max(i.line, 1)}},
        })
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github(report: Report) -> str:
    """GitHub / Gitea / Forgejo Actions workflow commands: annotations on the changed lines."""
    lines = []
    for i in report.issues:
        if i.severity == Severity.INFO:
            continue
        level = "error" if i.severity == Severity.ERROR else "warning"
        message = i.message + (f"（{i.hint}）" if i.hint else "")
        lines.append(f"::{level} file={_gh_escape(i.path, True)},line={max(i.line, 1)},"
                     f"title={_gh_escape(i.code, True)}::{_gh_escape(message)}")
    lines.append(f"校验完成：错误 {report.errors} 个，警告 {report.warnings} 个")
    return "\n".join(lines) + "\n"


FORMATS = {"json": as_json, "gitlab": gitlab, "github": github}
