"""Book data → PDF with Typst (the `typst` package from PyPI: the compiler ships in the wheel).

Made strict, because a printed book cannot be fixed after the press run:
- the template's fonts must be installed (fontconfig), and Typst sees only those font files
  (``ignore_system_fonts``; ``fallback: false`` in the template);
- every character of the text must have a glyph in them, checked before typesetting with the
  fonts' character sets (fontconfig) — Typst would otherwise print a box, silently;
- after typesetting, every font in the PDF must be embedded and be one of the CJK faces: a
  glyph taken from any other font (Typst's bundled ones) fails the build;
- the compiler's root is ``content/``: the template and its data read nothing else, and every
  SVG figure is checked to be a plain drawing (no external image, file or URL) first;
- prepress: Trim/Bleed boxes set on every page; bleed and crop-mark room only when asked for;
  the file is written atomically with ordinary permissions (0644, whatever the umask).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.errors import ContentError, QinchuangError, UsageError
from generator.svg_check import svg_problem

SIZES = {"16k": (185, 260), "a4": (210, 297)}  # 16开 (大16开) and A4, in mm
FORMATS = {"16k": "889 mm × 1194 mm　1/16", "a4": "880 mm × 1230 mm　1/16"}  # 开本 on the colophon
FONT_BINDING = re.compile(r'#let \w+-font = "([^"]+)"')
MM = 72 / 25.4
SLUG_MM = 10  # room for crop marks outside the bleed (matches the template)


class GlyphMissing(ContentError):
    """Characters no installed font can draw (they would print as boxes)."""

    def __init__(self, message: str, chars: list[str]):
        super().__init__(message)
        self.chars = chars


class FontMissing(QinchuangError):
    """A font the book needs is not installed: printing would show boxes (exit 2)."""


@dataclass(frozen=True)
class PageSetup:
    size: str = "16k"
    bleed_mm: float = 0.0
    crop_marks: bool = False
    pdf_a: bool = False  # PDF/A-2b (archival) instead of a plain PDF 1.7

    def __post_init__(self) -> None:
        if self.size not in SIZES:
            raise UsageError(f"不认识的开本 {self.size}：可选 {'、'.join(SIZES)}")
        if not 0 <= self.bleed_mm <= 10:
            raise UsageError(f"出血应在 0～10 毫米之间（常用 3 毫米），而不是 {self.bleed_mm:g}")

    def data(self) -> dict:
        width, height = SIZES[self.size]
        return {"width": width, "height": height, "bleed": self.bleed_mm, "marks": self.crop_marks,
                "grey": self.pdf_a}


def font_families(template: str) -> list[str]:
    """The families the template binds (``#let serif-font = "…"``), in order."""
    return list(dict.fromkeys(FONT_BINDING.findall(template)))


def _fc_files(family: str) -> list[tuple[str, int]]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise FontMissing("找不到 fontconfig（fc-list），无法确认中文字体；请安装 fontconfig 与 fonts-noto-cjk")
    out = subprocess.run([fc_list, f":family={family}", "file", "index"], capture_output=True, text=True,
                         check=False).stdout
    found = []
    for line in out.splitlines():
        path, _, rest = line.partition(": ")
        m = re.search(r"index=(\d+)", rest) or re.search(r"index=(\d+)", line)
        found.append((path.rstrip(":"), int(m.group(1)) if m else 0))
    return found


def check_fonts(template: str) -> dict[str, list[tuple[str, int]]]:
    """Each family of the template → its font files; FontMissing if any is not installed."""
    files = {family: _fc_files(family) for family in font_families(template)}
    missing = [family for family, found in files.items() if not found]
    if missing:
        raise FontMissing(f"缺少排印所需的字体：{'、'.join(missing)}。印出来会是方框，已停止。"
                          f"请安装（Debian/Ubuntu：apt-get install -y fonts-noto-cjk）后重试")
    return files


@lru_cache(maxsize=8)
def _charset(family: str) -> frozenset[int]:
    """The characters of a family's regular face, from fontconfig's cache (milliseconds; reading
    the cmap of a 20 MB CJK collection with fontTools takes a second)."""
    out = subprocess.run([shutil.which("fc-list") or "fc-list", f":family={family}:weight=regular", "charset"],
                         capture_output=True, text=True, check=False).stdout
    chars: set[int] = set()
    for line in out.splitlines()[:1]:
        for part in line.partition("charset=")[2].split():
            first, _, last = part.partition("-")
            chars.update(range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(chars)


def _texts(value, out: list[str]) -> None:
    """Every string of the book data that is printed as text (not SVG drawings, paths, ids)."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, list):
        for v in value:
            _texts(v, out)
    elif isinstance(value, dict):
        for key, v in value.items():
            if key not in ("svg", "src"):
                _texts(v, out)


def _covered(files: dict[str, list[tuple[str, int]]]) -> frozenset[int]:
    """Characters every family of the template can draw."""
    sets = [_charset(family) for family in files]
    return frozenset.intersection(*sets) if sets else frozenset()


def _missing(text: str, covered: frozenset[int]) -> list[str]:
    return sorted({c for c in text if ord(c) not in covered and c not in "\n\t\r"})


def _glyph_error(chars: list[str], where: str = "") -> GlyphMissing:
    listed = "、".join(f"{c}（U+{ord(c):04X}）" for c in chars)
    return GlyphMissing(f"排版时出现问题，未生成 PDF。{where}有 {len(chars)} 个字符在已安装字体中没有字形"
                        f"（会印成方框或别的字体）：{listed}，请改用常用字或删除", chars)


def check_glyphs(book: dict, files: dict[str, list[tuple[str, int]]]) -> None:
    text: list[str] = []
    _texts(book, text)
    chars = _missing("".join(text), _covered(files))
    if chars:
        raise _glyph_error(chars)


def check_figures(book: dict, content: Path, files: dict[str, list[tuple[str, int]]]) -> None:
    """SVG figures must be plain drawings (Typst would otherwise be asked to load what they
    link), and their text must be in the CJK fonts (Typst draws it with any font it has)."""
    import xml.etree.ElementTree as ET

    covered = _covered(files)
    for paper in book["papers"]:
        for src in _sources(paper["body"]):
            path = content / src.lstrip("/")
            if path.suffix.lower() != ".svg":
                continue
            data = path.read_bytes()
            problem = svg_problem(data)
            if problem:
                raise ContentError(f"拒绝读取知识库之外的资源：{src}（{problem}）；未生成 PDF")
            chars = _missing("".join(ET.fromstring(data).itertext()), covered)
            if chars:
                raise _glyph_error(chars, f"图片 content{src} 中")


def _sources(nodes) -> list[str]:
    found = []
    if isinstance(nodes, list):
        for n in nodes:
            found += _sources(n)
    elif isinstance(nodes, dict):
        if nodes.get("t") == "figure":
            found.append(nodes["src"])
        for v in nodes.values():
            if isinstance(v, list):
                found += _sources(v)
    return found


BASE_FONT = re.compile(rb"/BaseFont\s*/([A-Za-z0-9+\-_.]+)")
FONT_FILE = re.compile(rb"/FontFile[23]?\s")


def _check_pdf_fonts(pdf: bytes, families: list[str]) -> None:
    """Every font in the PDF is one of the template's families, embedded: a fallback glyph fails.
    (Read from the bytes: Typst writes font dictionaries uncompressed.)"""
    allowed = tuple(f.replace(" ", "").lower() for f in families)
    names = {m.decode().split("+")[-1] for m in BASE_FONT.findall(pdf)}
    wrong = sorted(n for n in names if not n.lower().startswith(allowed))
    if names and len(FONT_FILE.findall(pdf)) < len(names) // 2:  # Type0 + CID pairs share a file
        wrong.append("（字体未嵌入）")
    if wrong:
        raise GlyphMissing(f"排版时出现问题，未生成 PDF：用到了模板字体以外的字体 {'、'.join(wrong)}"
                           "（会印成非中文字体或方框）", [])


PAGE_OBJECT = re.compile(rb"(?m)^(\d+) 0 obj\n<</Type/Page(/[^\n]*?)>>\nendobj$")
TRAILER = re.compile(rb"trailer\n<<(.*?)>>\nstartxref\n(\d+)\n%%EOF\s*$", re.S)


def _boxes(pdf: bytes, setup: PageSetup) -> bytes:
    """TrimBox / BleedBox on every page (Typst sets only the MediaBox), as an incremental update
    of the PDF: the pages are written again after the original, nothing else is touched (pypdf
    would parse and rewrite the whole book: seconds). Without bleed or marks the MediaBox is
    the trim and no box is declared."""
    if not setup.bleed_mm and not setup.crop_marks:
        return pdf
    width, height = SIZES[setup.size]
    off = (setup.bleed_mm + (SLUG_MM if setup.crop_marks else 0)) * MM
    bleed = setup.bleed_mm * MM
    trim = (off, off, off + width * MM, off + height * MM)
    boxes = ("/TrimBox[{:.4f} {:.4f} {:.4f} {:.4f}]".format(*trim)
             + f"/BleedBox[{trim[0] - bleed:.4f} {trim[1] - bleed:.4f} {trim[2] + bleed:.4f} {trim[3] + bleed:.4f}]").encode()
    trailer = TRAILER.search(pdf)
    pages = PAGE_OBJECT.findall(pdf)
    if trailer is None or not pages:
        raise QinchuangError("Typst 输出的 PDF 结构与预期不同，无法写入裁切框（TrimBox）；请检查 typst 版本")
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    xref = [b"xref\n"]
    for number, body in pages:
        xref.append(b"%s 1\n%010d 00000 n \n" % (number, len(out)))
        out += b"%s 0 obj\n<</Type/Page%s%s>>\nendobj\n" % (number, body, boxes)
    start = len(out)
    keep = re.sub(rb"/Prev \d+", b"", trailer.group(1))
    out += b"".join(xref) + b"trailer\n<<%s/Prev %s>>\nstartxref\n%d\n%%%%EOF\n" % (keep, trailer.group(2), start)
    return bytes(out)


def render_pdf(book: dict, template: Path, content: Path, out: Path, setup: PageSetup) -> int:
    """Typeset ``book`` with ``template`` and write the PDF atomically to ``out``; returns pages."""
    import typst

    source = template.read_text(encoding="utf-8")
    files = check_fonts(source)
    check_glyphs(book, files)
    check_figures(book, content, files)
    data = dict(book, setup=setup.data(), format=FORMATS[setup.size])
    font_dirs = sorted({os.path.dirname(p) for found in files.values() for p, _ in found})
    try:
        pdf = typst.compile(source.encode("utf-8"), root=str(content), font_paths=font_dirs,
                            ignore_system_fonts=True, sys_inputs={"book": json.dumps(data, ensure_ascii=False)},
                            pdf_standards=["a-2b"] if setup.pdf_a else [])
    except typst.TypstError as exc:
        where = "；".join(str(t) for t in (getattr(exc, "trace", None) or [])[:3])
        raise ContentError(f"排版时出现问题，未生成 PDF：{exc}" + (f"（{where}）" if where else "")) from None
    _check_pdf_fonts(pdf, font_families(source))
    pages = len(PAGE_OBJECT.findall(pdf))
    pdf = _boxes(pdf, setup)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".anthology-", suffix=".pdf", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pdf)
        # mkstemp makes 0600, and a CI runner's umask may be 077: the book is for the web server and
        # the print shop, so 0644 whatever the umask (as the portal's published files)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return pages
