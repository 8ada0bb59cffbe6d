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

# Characters that change meaning while staying invisible (U+FEFF is handled as a BOM at the
# start), and the control characters that would reach a terminal, a CSV or a page as commands:
# C0 but tab and newline, DEL, C1 (U+0085 NEL among them), bidi overrides and isolates
# (U+202A–202E, U+2066–2069), line and paragraph separators. The same pattern checks raw lines,
# YAML values after their escapes (`"\x1b"`) and the contribution form (as a JavaScript RegExp).
INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u202a-\u202e\u2066-\u2069"
                       r"\x00-\x08\x0b-\x1f\x7f-\x9f]")


def char_name(ch: str) -> str:
    return unicodedata.name(ch, "控制字符")


def terminal_safe(text: str) -> str:
    r"""Text for a terminal or a review comment: every character of INVISIBLE written as its escape
    (``\x1b``, ``\u202e``), so contributor text can neither drive the terminal nor reorder a line."""
    if not INVISIBLE.search(text):
        return text
    return INVISIBLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                         else f"\\u{ord(m.group()):04x}", text)


# A key written with a full-width colon: `标题：值` or `title：value` at the start of a line / list item.
BLOCK_START = re.compile(r"(?::|^ *-)[ ]+[|>][-+0-9]*[ ]*(#.*)?$")
FULLWIDTH_KEY = re.compile(r"^[ ]*(?:- +)?([A-Za-z_][A-Za-z0-9_]*)[ \u3000]*：")
# The structure at the start of a line (indentation, list dashes) and a field name after it.
PREFIX = re.compile(r"^[ \t\u00a0\u3000]*(?:-[ \t\u00a0\u3000]+)*")
KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):")
LIST_SEPARATORS = "、，"
IDEOGRAPHIC_INDENT = re.compile(r"^ *\u3000")
TAB_INDENT = re.compile(r"^ +\t")
# A cheap first look: only lines with one of these go through _spacing (most lines have none).
HAZARD = re.compile(r"[\u00a0\u3000]|:\S|[、，]|^[ \t\u3000]*-[^\s-]")
# `-QD10001`: a list item without the space after its dash is read as one text “-QD10001”.
DASH_ITEM = re.compile(r"-(?:[A-Za-z_][A-Za-z0-9_]*:(?:\s|$)|[A-Za-z0-9\u4e00-\u9fff][^:\s]*$)")


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
    invisible = INVISIBLE.search(text) is not None  # one scan of the file: most have none
    for offset, line in enumerate(text.split("\n")):
        lineno = first_line + offset
        m = INVISIBLE.search(line) if invisible else None
        if m:
            ch = m.group()
            found.append(issue("invisible-char", path, lineno, col=m.start() + 1,
                               char=f"U+{ord(ch):04X}", name=char_name(ch)))
        if not yaml:
            continue
        indent = len(line) - len(line.lstrip(" "))
        if block_indent >= 0:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = -1
        if BLOCK_START.search(line):
            block_indent = indent
        if line.startswith("\u3000") or IDEOGRAPHIC_INDENT.match(line):
            found.append(issue("ideographic-space", path, lineno))
        elif line.startswith("\t") or TAB_INDENT.match(line):
            found.append(issue("tab-indent", path, lineno))
        m = FULLWIDTH_KEY.match(line)
        if m and not _inside_quotes(line, m.end()):
            found.append(issue("fullwidth-colon", path, lineno, key=m.group(1)))
        elif (not found or found[-1].line != lineno) and HAZARD.search(line):  # one message per line
            found += _spacing(line, path, lineno)
    return found


def _spacing(line: str, path: str, lineno: int) -> list[Issue]:
    """Spaces YAML does not take for spaces (NBSP, U+3000 after a colon), `key:value`, and
    `[甲、乙]` — a flow list separated the Chinese way, which YAML silently reads as one item."""
    prefix = PREFIX.match(line).group()
    if "\u00a0" in prefix:
        return [issue("nbsp", path, lineno, col=prefix.index("\u00a0") + 1, fixed=_fixed(line))]
    if DASH_ITEM.match(line, len(prefix)):
        fixed = line[:len(prefix)] + "- " + line[len(prefix) + 1:]
        return [issue("dash-no-space", path, lineno, col=len(prefix) + 1, fixed=fixed.strip())]
    key = KEY.match(line, len(prefix))
    if not key:
        return []
    after = line[key.end():key.end() + 1]
    col = key.end() + 1
    if after == "\u3000":
        return [issue("fullwidth-space", path, lineno, col=col, fixed=_fixed(line))]
    if after == "\u00a0":
        return [issue("nbsp", path, lineno, col=col, fixed=_fixed(line))]
    if after and after not in " #" and not line.startswith("//", key.end()):
        fixed = line[:key.end()] + " " + line[key.end():]
        return [issue("colon-no-space", path, lineno, key=key.group(1), fixed=fixed.strip())]
    return _flow_list(line, path, lineno, key.end())


def _flow_list(line: str, path: str, lineno: int, start: int) -> list[Issue]:
    value = line[start:].split(" #")[0].strip()
    if not (value.startswith("[") and value.endswith("]")):
        return []
    offset = line.index("[", start)
    for i, ch in enumerate(value):
        if ch in LIST_SEPARATORS and not _inside_quotes(value, i):
            items = [p.strip() for p in re.split(f"[,{LIST_SEPARATORS}]", value[1:-1]) if p.strip()]
            item = next(p for p in value[1:-1].split(",") if ch in p).strip()
            return [issue("flow-list-comma", path, lineno, sep=ch, col=offset + i + 1, item=item,
                          fixed="[" + ", ".join(items) + "]")]
    return []


def _fixed(line: str) -> str:
    return line.replace("\u00a0", " ").replace(":\u3000", ": ").strip()


def _inside_quotes(line: str, pos: int) -> bool:
    head = line[:pos]
    return head.count('"') % 2 == 1 or head.count("'") % 2 == 1
