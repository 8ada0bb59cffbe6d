"""SVG drawings (paper figures, typeset formulas) re-written through an allowlist.

An SVG opened from the portal's origin is a document: it runs scripts and event handlers, makes
itself its own XSLT stylesheet (``<?xml-stylesheet type="text/xsl"?>``), and fetches through
CSS (``@import``, ``url()`` — also spelt with CSS escapes) and presentation attributes
(``fill="url(http://…)"``). A denylist over a parse misses some of these, so the drawing is
written out anew by us from what a drawing needs: known SVG elements and attributes, references
only to ``#fragments`` inside the file, CSS only as simple rules of allowlisted properties, no
processing instructions, no DOCTYPE, no comments. What an ordinary drawing tool adds (Inkscape,
Illustrator, Visio metadata in their own namespaces, ``data-*`` attributes) is dropped quietly;
anything that could run or fetch is a *problem*, reported with its line, so the validator can
tell the contributor. The file is decoded first by its declared encoding (drawing tools in
China write ``encoding="gbk"``, which expat refuses).

No maintained Python library does this (svg sanitizers on PyPI are denylists or unmaintained;
nh3/ammonia drop SVG entirely), hence this module on the standard library's expat.
"""

from __future__ import annotations

import codecs
import re
import xml.parsers.expat
from dataclasses import dataclass, field

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "symbol", "use", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop",
    "clipPath", "mask", "pattern", "marker", "style", "filter", "feGaussianBlur", "feOffset", "feBlend",
    "feColorMatrix", "feFlood", "feComposite", "feMerge", "feMergeNode", "feMorphology", "feDropShadow",
}
QUIET_ELEMENTS = {"metadata"}  # dropped with their content, without a problem
# presentation and geometry attributes a drawing uses (SVG 1.1/2); everything else is dropped
ATTRIBUTES = set("""
x y x1 y1 x2 y2 cx cy r rx ry fx fy fr d points width height viewBox preserveAspectRatio transform
id class style version fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap
stroke-linejoin stroke-dasharray stroke-dashoffset stroke-miterlimit opacity color display visibility
font-family font-size font-weight font-style font-variant text-anchor dominant-baseline
alignment-baseline baseline-shift letter-spacing word-spacing text-decoration writing-mode
stop-color stop-opacity offset gradientUnits gradientTransform spreadMethod patternUnits
patternContentUnits patternTransform clipPathUnits maskUnits maskContentUnits clip-path clip-rule mask
filter filterUnits primitiveUnits in in2 result stdDeviation dx dy mode type values operator k1 k2 k3
k4 radius flood-color flood-opacity marker-start marker-mid marker-end markerWidth markerHeight
markerUnits refX refY orient startOffset textLength lengthAdjust rotate method spacing side
paint-order vector-effect shape-rendering text-rendering image-rendering color-interpolation
color-interpolation-filters isolation mix-blend-mode overflow white-space xml:space xml:lang
""".split())
HREF_ELEMENTS = {"use", "linearGradient", "radialGradient", "pattern", "textPath", "filter"}
CSS_PROPERTIES = {a for a in ATTRIBUTES if "-" in a or a in {
    "fill", "stroke", "opacity", "color", "display", "visibility", "filter", "mask", "overflow", "isolation"}}
# a CSS value or attribute value: no escapes, no at-rules, no quotes that could hide a url(
SAFE_VALUE = re.compile(r"^[\w\s#.,%+\-*/()'\"!]*$")
URL = re.compile(r"url\s*\(", re.I)
LOCAL_URL = re.compile(r"url\(\s*(['\"]?)#[\w.:-]+\1\s*\)", re.I)
SELECTOR = re.compile(r"^[\w\s.#,*>+~:-]+$")
DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass
class Sanitized:
    svg: bytes
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, what is wrong)


def decode(data: bytes) -> str:
    """The text of an XML file: BOM, else the declared encoding, else UTF-8 (ValueError if none
    of them decodes it)."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name)
    declared = DECLARED.match(data[:200])
    name = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return data.decode(name)
    except LookupError:
        raise ValueError(f"未知的编码 {name}") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"按 {name} 编码无法解码（第 {exc.start} 字节）") from None


def check_value(value: str) -> str | None:
    """None if an attribute or CSS value cannot reach outside the file, else why."""
    if URL.search(LOCAL_URL.sub("", value)):
        return f"引用外部地址 {value[:40]}"
    if not SAFE_VALUE.match(value.replace("\n", " ")):
        return f"取值含不允许的字符 {value[:40]}"
    return None


def clean_declarations(text: str) -> tuple[str, list[str]]:
    """``prop: value; …`` keeping allowlisted properties with safe values; (css, problems)."""
    kept, problems = [], []
    for declaration in text.split(";"):
        if not declaration.strip():
            continue
        name, sep, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        why = "缺少冒号" if not sep else check_value(value)
        if why:
            problems.append(f"样式 {declaration.strip()[:40]}：{why}")
        elif name in CSS_PROPERTIES:
            kept.append(f"{name}:{value}")
    return ";".join(kept), problems


def clean_stylesheet(text: str) -> tuple[str, list[str]]:
    """A <style> sheet as plain ``selector{declarations}`` rules; anything else (at-rules,
    escapes, nesting) is a problem."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    if "\\" in text or "@" in text or "<" in text:
        return "", ["<style> 中含 @ 规则、反斜杠转义或标签"]
    rules, problems = [], []
    for chunk in text.split("}"):
        if not chunk.strip():
            continue
        selector, sep, body = chunk.partition("{")
        if not sep or "{" in body or not SELECTOR.match(selector.strip()):
            problems.append(f"<style> 中不认识的规则 {chunk.strip()[:40]}")
            continue
        css, found = clean_declarations(body)
        problems += found
        rules.append(f"{' '.join(selector.split())}{{{css}}}")
    return "".join(rules), problems


def _escape(text: str, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


class _Writer:
    """expat callbacks → the allowlisted drawing, and the problems found on the way."""

    def __init__(self, parser):
        self.parser = parser
        self.out: list[str] = []
        self.problems: list[tuple[int, str]] = []
        self.skip = 0  # depth inside a dropped element
        self.stack: list[str] = []
        self.style: list[str] | None = None

    def problem(self, detail: str) -> None:
        self.problems.append((self.parser.CurrentLineNumber, detail))

    def start(self, name: str, attrs: list[str]) -> None:
        ns, _, local = name.rpartition(" ")
        known = ns in ("", SVG_NS) and local in ELEMENTS
        if not known and local not in QUIET_ELEMENTS and (ns in ("", SVG_NS) or ns.startswith("http://www.w3.org/")):
            self.problem(f"含 <{local}>")  # script, foreignObject, a, image, animate, set, XHTML, XSLT …
        if self.skip or not known:  # other vocabularies (Inkscape, RDF …) are dropped quietly
            self.skip += 1
            return
        if not self.stack and local != "svg":
            self.problem("根元素不是 <svg>")
        kept = []
        for i in range(0, len(attrs), 2):
            attr = self.attribute(local, attrs[i], attrs[i + 1])
            if attr:
                kept.append(attr)
        if not self.stack:
            kept[:0] = [f'xmlns="{SVG_NS}"', f'xmlns:xlink="{XLINK_NS}"']
        self.out.append(f"<{local}{''.join(' ' + a for a in kept)}>")
        self.stack.append(local)
        if local == "style":
            self.style = []

    def attribute(self, element: str, name: str, value: str) -> str | None:
        ns, _, local = name.rpartition(" ")
        if local.lower().startswith("on"):
            self.problem(f"含事件属性 {local}")
            return None
        if local == "href" and ns in ("", XLINK_NS):
            if not re.fullmatch(r"#[\w.:-]+", value.strip()):
                self.problem(f"引用外部地址 {value[:40]}")
                return None
            prefix = "xlink:" if ns else ""
            return f'{prefix}href="{_escape(value.strip(), True)}"' if element in HREF_ELEMENTS else None
        if ns and ns != XML_NS:
            return None  # inkscape:, sodipodi: …
        full = f"xml:{local}" if ns else local
        if local == "style" and not ns:
            css, problems = clean_declarations(value)
            for p in problems:
                self.problem(p)
            return f'style="{_escape(css, True)}"' if css and not problems else None
        why = check_value(value) if "(" in value or "\\" in value else None
        if why:
            self.problem(f"属性 {local}：{why}")
            return None
        return f'{full}="{_escape(value, True)}"' if full in ATTRIBUTES else None

    def end(self, name: str) -> None:
        if self.skip:
            self.skip -= 1
            return
        local = self.stack.pop()
        if local == "style" and self.style is not None:
            css, problems = clean_stylesheet("".join(self.style))
            for p in problems:
                self.problem(p)
            self.out.append(_escape(css) if not problems else "")
            self.style = None
        self.out.append(f"</{local}>")

    def text(self, data: str) -> None:
        if self.skip:
            return
        if self.style is not None:
            self.style.append(data)
        else:
            self.out.append(_escape(data))

    def instruction(self, target: str, data: str) -> None:
        self.problem(f"含处理指令 <?{target} …?>（如 xml-stylesheet）")

    def doctype(self, *args) -> None:
        self.problem("含 DOCTYPE/ENTITY")
        raise _Refused  # entities are never expanded (no "billion laughs")


class _Refused(Exception):
    pass


def sanitize_svg(data: bytes | str) -> Sanitized:
    """The drawing re-written through the allowlist, and what had to be removed as unsafe. A
    file that cannot be parsed at all is all problem and an empty drawing."""
    try:
        text = data if isinstance(data, str) else decode(data)
    except ValueError as exc:
        return Sanitized(_EMPTY, [(1, f"不是有效的 SVG（{exc}）")])
    text = re.sub(r"^\s*<\?xml(?=\s)[^>]*\?>", "", text.lstrip("\ufeff"), count=1)  # decoded already
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    writer = _Writer(parser)
    parser.StartElementHandler = writer.start
    parser.EndElementHandler = writer.end
    parser.CharacterDataHandler = writer.text
    parser.ProcessingInstructionHandler = writer.instruction
    parser.StartDoctypeDeclHandler = writer.doctype
    parser.ordered_attributes = True
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError as exc:
        return Sanitized(_EMPTY, writer.problems + [(exc.lineno or 1, f"不是有效的 SVG（{exc}）")])
    except _Refused:
        return Sanitized(_EMPTY, writer.problems)
    if not writer.out:
        return Sanitized(_EMPTY, writer.problems + [(1, "根元素不是 <svg>")])
    return Sanitized(("".join(writer.out)).encode("utf-8"), writer.problems)


_EMPTY = f'<svg xmlns="{SVG_NS}"></svg>'.encode()


def svg_problem(data: bytes) -> str | None:
    """None when the SVG is a plain drawing; otherwise the first thing wrong with it."""
    problems = sanitize_svg(data).problems
    return f"第 {problems[0][0]} 行：{problems[0][1]}" if problems else None


def clean_formula_svg(svg: str) -> str:
    """ziamath's SVG for the page: the same allowlist (a ``\\textcolor{url(…)}`` loses its
    colour, never becomes a request)."""
    return sanitize_svg(svg).svg.decode("utf-8")
