"""Contributor Markdown, prepared the same way for every renderer (portal pages, anthology)."""

from __future__ import annotations

import re

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HASH_NO_SPACE = re.compile(r"^ {0,3}#(?=[^#\s])")


def unit_numbers(text: str) -> str:
    """Keep "#1锅炉" (the plant numbers its units #1…#4) a paragraph: Python-Markdown, unlike
    CommonMark, reads a line-initial "#" without a following space as a heading."""
    lines, fence = text.split("\n"), None
    for i, line in enumerate(lines):
        m = FENCE.match(line)
        if m:
            fence = None if fence and m.group(1)[0] == fence[0] else (fence or m.group(1))
        elif fence is None and HASH_NO_SPACE.match(line):
            lines[i] = "\\" + line
    return "\n".join(lines)
