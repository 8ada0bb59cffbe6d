"""Bytes → text, and the line-level checks YAML itself would get wrong silently.

Windows tools save GBK/GB18030, a BOM or CRLF; copy-paste from WeChat or Word brings zero-width
characters; Chinese input methods produce full-width colons and ideographic spaces. YAML either
fails obscurely or, worse, accepts these with a different meaning, so they are caught here with
a hint a contributor can act on.
"""

from __future__ import annotations

import re
import unicodedata

from generator.issues import Issue, issue

BOM = "\ufeff"

# Characters that change meaning while staying invisible. U+FEFF is handled as a BOM at the start.
INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
# A key written with a full-width colon: `标题：值` or `title：value` at the start of a line / list item.
BLOCK_START = re.compile(r"(?::|^ *-)[ ]+[|>][-+0-9]*[ ]*(#.*)?$")
FULLWIDTH_KEY = re.compile(r"^[ ]*(?:- +)?([A-Za-z_][A-Za-z0-9_]*)[ \u3000]*：")


def decode(raw: bytes, path: str) -> tuple[str | None, list[Issue]]:
    """Strict UTF-8 with BOM and CRLF normalised; GBK gets a message that says how to convert."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        try:
            raw.decode("gb18030")
            looks_chinese = any("\u4e00" <= ch <= "\u9fff" for ch in raw.decode("gb18030"))
        except UnicodeDecodeError:
            looks_chinese = False
        if looks_chinese:
            return None, [issue("encoding-gbk", path, line)]
        return None, [issue("encoding-invalid", path, line, byte=exc.start + 1)]
    if text.startswith(BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def scan_lines(text: str, path: str, first_line: int = 1, yaml: bool = True) -> list[Issue]:
    """Invisible characters anywhere; indentation and colon hazards in YAML lines."""
    found: list[Issue] = []
    block_indent = -1  # inside a `|` / `>` block scalar: its text is content, not YAML structure
    for offset, line in enumerate(text.split("\n")):
        lineno = first_line + offset
        m = INVISIBLE.search(line)
        if m:
            ch = m.group()
            found.append(issue("invisible-char", path, lineno, col=m.start() + 1,
                               char=f"U+{ord(ch):04X}", name=unicodedata.name(ch, "控制字符")))
        if not yaml:
            continue
        indent = len(line) - len(line.lstrip(" "))
        if block_indent >= 0:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = -1
        if BLOCK_START.search(line):
            block_indent = indent
        if line.startswith("\u3000") or re.match(r"^ *\u3000", line):
            found.append(issue("ideographic-space", path, lineno))
        elif line.startswith("\t") or re.match(r"^ +\t", line):
            found.append(issue("tab-indent", path, lineno))
        m = FULLWIDTH_KEY.match(line)
        if m and not _inside_quotes(line, m.end()):
            found.append(issue("fullwidth-colon", path, lineno, key=m.group(1)))
    return found


def _inside_quotes(line: str, pos: int) -> bool:
    head = line[:pos]
    return head.count('"') % 2 == 1 or head.count("'") % 2 == 1
