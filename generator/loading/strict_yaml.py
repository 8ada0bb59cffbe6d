"""A strict YAML reader built on libyaml's event stream.

PyYAML's own constructors apply YAML 1.1 typing (`no` → False, `0755` → 493, `1:20` → 80),
let the last duplicate key win, follow aliases and recurse. Here the tree is built from parser
events instead, iteratively, so that:

* every scalar stays text (or None for an empty/`null` value); the pydantic models convert
  text to numbers and dates per field, so `title: 2021` stays "2021" and `1.10` stays "1.10";
* duplicate keys, aliases, explicit tags, extra documents and deep nesting are errors;
* every node keeps its line: ``lines[("team", 0, "person")] == 12``.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from generator.issues import Issue, issue

from .text import INVISIBLE, char_name

try:  # libyaml is ~10× faster; the pure-Python parser gives the same events
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple  # a field path such as ("team", 0, "person")

NULLS = {"", "~", "null", "Null", "NULL"}

# libyaml's messages, said in Chinese. Unknown ones are passed through as they are.
PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现冒号“:”（取值中含有冒号时，请给整个取值加引号）",
    "mapping values are not allowed in this context": "此处不能出现冒号“:”：缩进不一致，或取值中含有冒号（请给整个取值加引号）",
    "could not find expected ':'": "缺少冒号“:”，或上一行的引号没有闭合",
    "did not find expected key": "缩进不一致：同一级字段的缩进必须对齐",
    "did not find expected '-' indicator": "列表缩进不一致：同一列表的“- ”必须对齐",
    "found character that cannot start any token": "出现了不能作为开头的字符（常见原因：Tab 缩进或 @、` 开头的值）",
    "found undefined tag handle": "出现了未定义的标签",
    "did not find expected node content": "缺少取值，或括号没有闭合",
    "found unknown escape character": "双引号内有无法识别的转义字符（反斜杠），请改用单引号",
    "expected <document start>, but found '<block mapping start>'": "缩进不一致",
    "found a tab character that violates indentation": "Tab 缩进不允许，请改用空格",
    "did not find expected ',' or ']'": "方括号 [ 没有闭合，或列表项之间少了半角逗号：应写成 [甲, 乙]",
    "did not find expected ',' or '}'": "花括号 { 没有闭合，或各项之间少了半角逗号",
    "found unexpected end of stream": "文件意外结束：引号或括号没有闭合",
}


class _Frame:
    __slots__ = ("container", "path", "key", "key_lines")

    def __init__(self, container, path):
        self.container = container
        self.path = path
        self.key = None  # for mappings: the key waiting for its value
        self.key_lines: dict[str, int] = {}


def load_yaml(text: str, path: str, first_line: int = 1, max_depth: int = 20
              ) -> tuple[Any, dict[Path, int], list[Issue]]:
    """Parse one YAML document. Returns (data, line map, issues); data is None on fatal errors."""
    lines: dict[Path, int] = {(): first_line}
    found: list[Issue] = []
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    may_lose = " #" in text or "\t#" in text  # the scan below only where a comment could eat text
    source_lines = text.splitlines() if may_lose else []

    def at(event) -> int:
        return event.start_mark.line + first_line

    def attach(value, event, is_key_candidate=True):
        nonlocal root
        if not stack:
            root = value
            lines[()] = at(event)  # where the content starts (after leading comments)
            return None
        frame = stack[-1]
        if isinstance(frame.container, list):
            child = frame.path + (len(frame.container),)
            frame.container.append(value)
            lines[child] = at(event)
            return child
        if frame.key is None:  # this value is a key
            raise _Fatal(issue("yaml-complex-key", path, at(event)))
        key, frame.key = frame.key, None
        child = frame.path + (key,)
        frame.container[key] = value
        return child

    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event).__name__
            if kind == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    found.append(issue("yaml-multi-document", path, at(event)))
                    break
                continue
            if kind in ("StreamStartEvent", "StreamEndEvent", "DocumentEndEvent"):
                continue
            if kind == "AliasEvent":
                raise _Fatal(issue("yaml-alias", path, at(event), name=event.anchor))
            if getattr(event, "tag", None) and kind != "MappingEndEvent" and kind != "SequenceEndEvent":
                raise _Fatal(issue("yaml-tag", path, at(event), tag=event.tag))
            if kind == "ScalarEvent":
                value = None if (not event.style and event.value in NULLS) else event.value
                if not event.style and may_lose:
                    _hash_comment(source_lines, event, value, path, at(event), found)
                hidden = INVISIBLE.search(event.value) if event.style == '"' else None
                if hidden:  # written as an escape (`"\x1b"`, `"\u202e"`): the line scan cannot see it
                    ch = hidden.group()
                    found.append(issue("control-escape", path, at(event), char=f"U+{ord(ch):04X}",
                                       name=char_name(ch)))
                frame = stack[-1] if stack else None
                if frame is not None and isinstance(frame.container, dict) and frame.key is None:
                    _take_key(frame, value, event, at(event), path, found, lines)
                else:
                    attach(value, event)
            elif kind in ("MappingStartEvent", "SequenceStartEvent"):
                if len(stack) >= max_depth:
                    raise _Fatal(issue("yaml-too-deep", path, at(event), limit=max_depth))
                container: dict | list = {} if kind == "MappingStartEvent" else []
                frame = stack[-1] if stack else None
                if frame is not None and isinstance(frame.container, dict) and frame.key is None:
                    raise _Fatal(issue("yaml-complex-key", path, at(event)))
                child = attach(container, event)
                stack.append(_Frame(container, child if child is not None else ()))
            elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                stack.pop()
    except _Fatal as fatal:
        return None, lines, found + [fatal.issue]
    except yaml.MarkedYAMLError as exc:
        # an unclosed quote or bracket is found at the end of the file: point at where it opened
        opened = exc.context and ("quoted scalar" in exc.context or "flow" in exc.context)
        mark = (exc.context_mark if opened and exc.context_mark else None) or exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else first_line
        problem = (exc.problem or str(exc)).strip()
        unclosed = _unclosed_quote(text, (exc.problem_mark or mark).line if (exc.problem_mark or mark) else 0)
        if unclosed:  # reported where the quote opens, not where the parser gave up
            number, quote, fixed = unclosed
            return None, lines, found + [issue("yaml-unclosed-quote", path, number + first_line,
                                               quote="“'”" if quote == "'" else "“\"”", fixed=fixed)]
        detail = PROBLEMS.get(problem, problem)
        return None, lines, found + [issue("yaml-syntax", path, line, detail=detail)]
    except (yaml.YAMLError, RecursionError, MemoryError, ValueError) as exc:
        return None, lines, found + [issue("yaml-syntax", path, first_line, detail=type(exc).__name__)]
    return root, lines, found


# `#` right after a space ends a plain value: `note: 已在 #1、#2 炉实施` keeps only “已在”. A
# comment written on purpose has a space after `#` (`category: 设备检修  # 可选：…`, as the
# templates of `new` write them); text such as `#1炉`, `#2机` has none — that is the lost text.
LOST_TEXT = re.compile(r"[ \t]+#(?=[^\s#])(.*)$")


def _hash_comment(lines: list[str], event, value, path: str, line: int, found: list[Issue]) -> None:
    start, end = event.start_mark, event.end_mark
    source = lines[end.line] if end.line < len(lines) else ""
    if value is None:  # `note: #1炉…`: the whole value went into the comment
        if start.line != end.line or not source[:end.column].rstrip().endswith((":", "-")):
            return
    elif start.line != end.line and not source[:end.column].strip():
        return
    hit = LOST_TEXT.match(source, end.column)
    if not hit:
        return
    rest = hit.group(1).strip()
    shown = "'" + ((value or "") + " #" + rest).strip().replace("'", "''")[:40] + "'"
    if ":" in source[:end.column]:
        shown = source.split(":", 1)[0].strip(" -") + ": " + shown
    elif source.lstrip().startswith("-"):
        shown = "- " + shown
    found.append(issue("yaml-hash-comment", path, end.line + line - start.line, rest=rest[:20], example=shown))


QUOTED_VALUE = re.compile(r"""^(\s*(?:-\s+)?(?:[^\s'"#\[{-][^:#]*:\s+)?)(['"])(.*)$""")


def _unclosed_quote(text: str, last: int) -> tuple[int, str, str] | None:
    """The first line (0-based, up to ``last``) whose value opens a quote it never closes:
    (line, quote, the line with the quote closed)."""
    for number, line in enumerate(text.split("\n")[:last + 1]):
        m = QUOTED_VALUE.match(line)
        if not m:
            continue
        quote, rest = m.group(2), m.group(3)
        body = rest.replace("''", "") if quote == "'" else re.sub(r"\\.", "", rest)
        if quote not in body:
            return number, quote, line.strip() + quote
    return None


def _take_key(frame: _Frame, value, event, line: int, path: str, found: list[Issue], lines):
    key = "" if value is None else value
    if key in frame.key_lines:
        found.append(issue("yaml-duplicate-key", path, line, field=dotted(frame.path + (key,)),
                           key=key, first=frame.key_lines[key]))
    frame.key_lines[key] = line
    frame.key = key
    lines[frame.path + (key,)] = line


class _Fatal(Exception):
    def __init__(self, found: Issue):
        self.issue = found


def dotted(parts: Path) -> str:
    """("team", 0, "person") → team[0].person, as fields are named in messages."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out

