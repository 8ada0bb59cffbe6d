"""SVG attachments (figures in papers) are published only if they cannot run anything.

An SVG opened from the portal's origin runs its scripts and event handlers, so each one is
parsed (no DTD, no entities) and checked against what a drawing needs.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

FORBIDDEN = {"script", "foreignobject", "iframe", "embed", "object", "animate", "set", "animatemotion",
             "animatetransform", "handler", "listener", "a", "image", "feimage", "use"}
URL_IN_STYLE = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)


def svg_problem(data: bytes) -> str | None:
    """None when the SVG is a plain drawing; otherwise what is wrong with it."""
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        return "含 DOCTYPE/ENTITY"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"不是有效的 SVG（{exc}）"
    if _local(root.tag) != "svg":
        return "根元素不是 <svg>"
    for el in root.iter():
        name = _local(el.tag)
        if name in FORBIDDEN:
            return f"含 <{name}>"
        for attr, value in el.attrib.items():
            key = _local(attr)
            if key.startswith("on"):
                return f"含事件属性 {key}"
            if key == "href" and not value.strip().startswith("#"):
                return f"引用外部地址 {value[:40]}"
            if (key == "style" or name == "style") and URL_IN_STYLE.search(value):
                return "样式中引用外部地址"
        if name == "style" and el.text and (URL_IN_STYLE.search(el.text) or "@import" in el.text.lower()):
            return "样式中引用外部地址"
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""
