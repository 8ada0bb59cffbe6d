"""Finding and reading the files of a knowledge base: the one loader everything uses."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.issues import Issue, issue
from generator.models import BY_FOLDER, KINDS, Kind

from .strict_yaml import load_yaml
from .text import decode, scan_lines

# Files that may sit beside entries (in a folder named like the entry id).
ATTACHMENT_EXTS = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf"}
DEFAULT_MAX_BYTES = 256 * 1024
DEFAULT_MAX_DEPTH = 12


@dataclass
class Source:
    """One entry file as read: its data (text scalars), where each field is, and its body."""

    rel: str  # POSIX path relative to the knowledge-base root, e.g. content/projects/2021/KT-2021-001.md
    kind: Kind | None
    data: Any = None
    lines: dict[tuple, int] = field(default_factory=dict)
    text: str = ""  # the whole decoded file (privacy checks scan comments too)
    body: str = ""
    body_line: int = 0  # the line where the Markdown body starts
    issues: list[Issue] = field(default_factory=list)
    # the privacy and markup checks' result, with the attachments it was checked against: a
    # source kept unchanged by `serve` is not scanned again (validation/__init__.py)
    safety: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def stem(self) -> str:
        return _stem(self.rel)

    def __reduce__(self):
        # pickled by validation's reading child (validation/parallel.py): fields as a tuple, the
        # body as its length (it is the end of the text), the kind by name (the registry's own
        # object on the other side) — about a third less time to pickle and unpickle
        tail = len(self.body) if self.body and self.text.endswith(self.body) else self.body
        return _unpickled, (self.rel, self.kind and self.kind.name, self.data, self.lines, self.text, tail,
                            self.body_line, self.issues, self.safety)

    def line(self, loc: tuple = ()) -> int:
        """The line of a field path; falls back to its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, 1)

    @property
    def ok(self) -> bool:
        return isinstance(self.data, dict) and not any(i.severity == "error" for i in self.issues)


def _unpickled(rel, kind, data, lines, text, tail, body_line, issues, safety) -> Source:
    body = text[len(text) - tail:] if isinstance(tail, int) else tail
    return Source(rel, kind and KINDS[kind], data, lines, text, body, body_line, issues, safety)


def read_source(path: str | Path, rel: str, kind: Kind | None, max_bytes: int = DEFAULT_MAX_BYTES,
                max_depth: int = DEFAULT_MAX_DEPTH) -> Source:
    raw = read_bytes(path, rel, max_bytes)
    if isinstance(raw, Issue):
        return Source(rel=rel, kind=kind, issues=[raw])
    return parse_source(raw, rel, kind, max_depth)


def read_bytes(path: str | Path, rel: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes | Issue:
    """The file's bytes, or the issue that stops it from being read (too large, unreadable)."""
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            return issue("file-too-large", rel, 1, size=size, limit=max_bytes)
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return issue("encoding-invalid", rel, 1, byte=0)


def parse_source(raw: bytes, rel: str, kind: Kind | None, max_depth: int = DEFAULT_MAX_DEPTH) -> Source:
    src = Source(rel=rel, kind=kind)
    text, problems = decode(raw, rel)
    src.issues += problems
    if text is None:
        return src
    src.text = text
    if not text.strip():
        src.issues.append(issue("file-empty", rel, 1))
        return src
    markdown = rel.endswith(".md")
    front, first_line = text, 1
    if markdown:
        split = split_front_matter(text, rel)
        if isinstance(split, Issue):
            src.issues.append(split)
            src.issues += scan_lines(text, rel, 1, yaml=False)
            return src
        front, src.body, src.body_line = split
        first_line = 2
        src.issues += scan_lines(src.body, rel, src.body_line, yaml=False)
    scanned = scan_lines(front, rel, first_line)
    src.issues += scanned
    data, src.lines, problems = load_yaml(front, rel, first_line, max_depth)
    named_cause = any(i.severity == "error" for i in scanned)
    if named_cause:  # the YAML error follows from the cause the line scan named
        problems = [i for i in problems if i.code != "yaml-syntax"]
    seen = {i.line for i in scanned if i.code == "invisible-char"}  # the raw character, already named
    problems = [i for i in problems if not (i.code == "control-escape" and i.line in seen)]
    src.issues += problems
    if data is not None and not isinstance(data, dict):
        found = "一段文字" if isinstance(data, str) else "一个列表"
        if isinstance(data, str) and "：" in data and not any(i.code == "fullwidth-colon" for i in src.issues):
            src.issues.append(issue("fullwidth-colon", rel, src.lines[()], key=data.split("：")[0][:20]))
        else:
            src.issues.append(issue("yaml-not-mapping", rel, src.lines[()], found=found))
        data = None
    elif data is None and not problems and not named_cause:
        src.issues.append(issue("file-empty", rel, first_line))
    src.data = data
    return src


def split_front_matter(text: str, rel: str) -> tuple[str, str, int] | Issue:
    """`---` / front matter / `---` / body. Returns (front, body, body_line)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return issue("frontmatter-missing", rel, 1)
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return issue("frontmatter-unclosed", rel, 1)


def discover(root: Path, walked: list[str] | None = None) -> tuple[list[tuple[str, str, Kind]], list[Issue], set[str]]:
    """Walk content/: entry files with their kind, issues for misplaced files, attachment paths;
    the folders listed are added to ``walked`` (relative to root: the cache watches them).

    Paths are joined and returned as strings: pathlib's parsing was most of the time of
    `validate --only` at 10k files."""
    root = Path(root)
    content = root / "content"
    base = str(content)
    entries: list[tuple[str, str, Kind]] = []
    problems: list[Issue] = []
    attachments: set[str] = set()
    for dirpath, dirnames, filenames in _walk(str(content)):
        inner = dirpath[len(base):].replace(os.sep, "/").strip("/")  # relative to content/
        prefix = f"content/{inner}/" if inner else "content/"
        if walked is not None:
            walked.append(prefix.rstrip("/"))
        keep = []
        for d, link in dirnames:
            rel = prefix + d
            if link:  # os.walk would skip it, the build would follow it
                problems.append(issue("file-unexpected", rel, 1, detail="不允许符号链接目录，请提交文件本身"))
            elif d.startswith("."):  # never validated, so never published either: say so
                problems.append(issue("file-unexpected", rel, 1,
                                      detail="隐藏目录（名称以“.”开头）不会被校验和发布，请改名或删除"))
            else:
                keep.append(d)
        dirnames[:] = keep
        top = inner.split("/", 1)[0] if inner else None
        kind = BY_FOLDER.get(top) if top else None
        depth = (inner.count("/") + 2) if inner else 1  # parts below content/ of a file here
        for name, link in filenames:
            if name.startswith(".") or name.lower() == "readme.md":
                continue
            rel = prefix + name
            if link:  # a link could pull any file of the build machine into the site
                problems.append(issue("file-unexpected", rel, 1, detail="不允许符号链接，请提交文件本身"))
                continue
            ext = os.path.splitext(name)[1].lower()
            if ext in ATTACHMENT_EXTS:
                attachments.add(rel)
                continue
            if kind is None:
                problems.append(issue("file-unexpected", rel, 1, detail=f"content/ 下没有“{top}”这一类目录"
                                      if depth > 1 else "文件应放在某一类条目的目录中"))
                continue
            if ext != kind.ext:
                problems.append(issue("file-unexpected", rel, 1,
                                      detail=f"{kind.label}的文件扩展名应为 {kind.ext}，而不是 {ext or '（无）'}"))
            elif depth != (3 if kind.by_year else 2):
                where = f"content/{kind.folder}/<年份>/" if kind.by_year else f"content/{kind.folder}/"
                problems.append(issue("file-unexpected", rel, 1, detail=f"{kind.label}文件应直接放在 {where} 下"))
            else:
                entries.append((os.path.join(dirpath, name), rel, kind))
    return entries, problems, attachments


def _walk(top: str):
    """os.walk, top-down and sorted, with each name's "is a symbolic link" from the directory
    listing itself (no ``lstat`` per file). Yields (folder, [(dir, link)], [(file, link)]);
    the caller prunes the first list to the names of the folders to enter."""
    try:
        with os.scandir(top) as it:
            found = list(it)
    except OSError:
        return
    dirs, files = [], []
    for entry in found:
        try:
            is_dir = entry.is_dir()  # follows links, as os.walk does
        except OSError:
            is_dir = False
        (dirs if is_dir else files).append((entry.name, entry.is_symlink()))
    dirs.sort()
    files.sort()
    enter = list(dirs)
    yield top, enter, files
    for name in enter:
        yield from _walk(os.path.join(top, name))


@lru_cache(maxsize=1 << 16)
def _stem(rel: str) -> str:
    # asked three times per file by validation (ids, references): a Path each time cost 0.2 s at 10k
    return Path(rel).stem
