"""Which entry files a change touches, and a report restricted to them.

Validation always loads the whole knowledge base (references need it); what is restricted is
what gets *reported*: the touched files' own problems. A file that fails its checks still counts
as present for the references to it, so a mistake in one file is never reported in another.
Only a deleted entry file breaks files nobody touched (a removed person is unknown to every
project naming them): when the change deletes one, the cross-file errors of the files naming
its id are reported too — not the rest of the knowledge base's findings.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from dataclasses import replace
from pathlib import Path, PurePosixPath

from generator.errors import UsageError
from generator.issues import Severity
from generator.validation import Report

# Stages whose errors can appear in a file the change did not touch.
CROSS_FILE_STAGES = {"references", "rules", "targets"}


def git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              encoding="utf-8", check=False)
    except FileNotFoundError as exc:
        raise UsageError("找不到 git 命令：请先安装 git（Debian/Ubuntu：apt-get install git）") from exc
    if done.returncode != 0:
        raise UsageError(f"git {' '.join(args)} 失败：{done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def name_status(root: Path, since: str, folder: str = "content") -> list[tuple[str, str]]:
    """(status letter A/M/D, path relative to root) of files changed since ``since``.

    Compares the working tree with ``since``, so uncommitted edits count; untracked new files
    count as added. A rename is reported as a deletion plus an addition.
    """
    out: dict[str, str] = {}
    listing = git(root, "diff", "--name-status", "--no-renames", "--relative", since, "--", folder)
    for line in listing.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            out[parts[-1]] = parts[0][0]
    for rel in git(root, "ls-files", "--others", "--exclude-standard", "--", folder).splitlines():
        out.setdefault(rel, "A")
    return sorted((status, rel) for rel, status in out.items())


def relative_paths(root: Path, files: list[str]) -> set[str]:
    """Paths as given (relative to the current folder, or absolute) → POSIX paths relative to root."""
    roots = (Path(os.path.abspath(root)), Path(root).resolve())
    rels = set()
    for name in files:
        given = Path(os.path.abspath(name))  # not resolved: site_config/ may be a symlink
        rel = Path(name).as_posix()  # outside the root: kept, matches nothing
        for path in (given, given.resolve()):
            for base in roots:
                if path.is_relative_to(base):
                    rel = path.relative_to(base).as_posix()
                    break
            else:
                continue
            break
        rels.add(rel)
    return rels


def checked_paths(root: Path, files: list[str]) -> set[str]:
    """``relative_paths`` of files that exist inside content/ or site_config/ (a folder there stands
    for every file in it), a relative path looked up from the current folder, then from ``root``; else one UsageError (a misspelt path must not print 校验通过)."""
    rels, bad = set(), []
    for name in files:
        # pre-commit and contributors pass repo-relative paths from anywhere: not found here, try --root
        if not os.path.isabs(name) and not os.path.exists(name) and os.path.exists(Path(root) / name):
            name = str(Path(root) / name)
        (rel,) = relative_paths(root, [name])
        inside = (rel + "/").startswith(("content/", "site_config/"))
        if not os.path.exists(name):
            bad.append(f"{name}（文件不存在）")
        elif os.path.isdir(name) and inside:  # a folder of the knowledge base: every file in it
            rels |= {f"{rel}/{f.relative_to(name).as_posix()}" for f in Path(name).rglob("*") if f.is_file()}
            continue
        elif not inside:
            bad.append(f"{name}（不在知识库的 content/ 或 site_config/ 中）")
        rels.add(rel)
    if bad:
        raise UsageError("--only 的文件无法校验：" + "；".join(bad) + f"。知识库根目录是 {Path(root).resolve()}，"
                         "请检查路径拼写，或用 --root 指定知识库")
    return rels


def touches_config(rels: set[str]) -> bool:
    return any(rel.startswith("site_config/") for rel in rels)


def restrict(report: Report, rels: set[str], root: Path | None = None) -> Report:
    """The report for a change touching ``rels``: the findings of those files, and, when the change
    deletes entry files, the cross-file errors of the files that cite a removed id (a file's stem
    is its entry's id); all of it when the configuration changed."""
    if touches_config(rels):
        return report
    removed = {PurePosixPath(rel).stem for rel in rels
               if root is not None and rel.startswith("content/") and not (root / rel).exists()}
    citing = _citing(root, removed) if removed else lambda _rel: False
    issues = [i for i in report.issues if i.path in rels
              or (i.severity == Severity.ERROR and i.stage in CROSS_FILE_STAGES and citing(i.path))]
    return replace(report, issues=issues)


def _citing(root: Path, ids: set[str]):
    """rel → whether that file names one of ``ids`` as a whole word (read once, only for files
    that have a cross-file error: a few, not the knowledge base)."""
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(ids))) + r")(?![\w-])")

    @functools.cache
    def cites(rel: str) -> bool:
        try:
            return pattern.search((root / rel).read_text(encoding="utf-8", errors="replace")) is not None
        except OSError:
            return False

    return cites


def changed_files(root: Path, since: str = "HEAD") -> set[str]:
    """Paths (relative to root) of content and configuration files changed since ``since``."""
    rels = {rel for _status, rel in name_status(root, since, "content")}
    rels |= {rel for _status, rel in name_status(root, since, "site_config")}
    return rels
