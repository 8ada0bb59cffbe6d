"""HTML → PDF with WeasyPrint, made strict.

WeasyPrint on its own prints boxes when a font is missing and only logs a warning, and its
default URL fetcher reads any local file or network address. Here: every font family of the
print CSS must be installed (checked with fontconfig before rendering), any WeasyPrint or
fontTools warning (a .notdef glyph, an image that cannot be read, a CSS rule it ignores) fails
the build, and resources can only come from files inside content/.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from generator.errors import ContentError, QinchuangError, UsageError

SIZES = {"16k": (185, 260), "a4": (210, 297)}  # 16开 (大16开) and A4, in mm
GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
FAMILY_DECL = re.compile(r"font-family\s*:\s*([^;}]+)")
NOTDEF = re.compile(r'\.notdef glyph.*"(.+)" \((U\+[0-9A-F]+)\)', re.S)


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

    def __post_init__(self) -> None:
        if self.size not in SIZES:
            raise UsageError(f"不认识的开本 {self.size}：可选 {'、'.join(SIZES)}")
        if not 0 <= self.bleed_mm <= 10:
            raise UsageError(f"出血应在 0～10 毫米之间（常用 3 毫米），而不是 {self.bleed_mm:g}")

    def css(self) -> str:
        width, height = SIZES[self.size]
        rules = [f"size: {width}mm {height}mm;"]
        if self.bleed_mm:
            rules.append(f"bleed: {self.bleed_mm:g}mm;")
        if self.crop_marks:
            rules.append("marks: crop;")
        return "@page { " + " ".join(rules) + " }"


def font_families(css_text: str) -> list[str]:
    """The named (non-generic) families of every font-family declaration, in order."""
    css_text = re.sub(r"/\*.*?\*/", "", css_text, flags=re.S)
    found: list[str] = []
    for decl in FAMILY_DECL.findall(css_text):
        for name in decl.split(","):
            name = name.strip().strip("\"'")
            if name and name.lower() not in GENERIC and name not in found:
                found.append(name)
    return found


def check_fonts(css_text: str) -> None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise FontMissing("找不到 fontconfig（fc-list），无法确认中文字体；请安装 fontconfig 与 fonts-noto-cjk")
    missing = []
    for family in font_families(css_text):
        out = subprocess.run([fc_list, f":family={family}", "family"], capture_output=True, text=True,
                             check=False).stdout
        if not out.strip():
            missing.append(family)
    if missing:
        raise FontMissing(f"缺少排印所需的字体：{'、'.join(missing)}。印出来会是方框，已停止。"
                          f"请安装（Debian/Ubuntu：apt-get install -y fonts-noto-cjk）后重试")


class ContentOnlyFetcher(URLFetcher):
    """Serves files below ``content/`` and nothing else: no network, no other local path."""

    def __init__(self, content: Path):
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True)
        self.content = os.path.realpath(content)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = os.path.realpath(unquote(parts.path)) if parts.scheme == "file" and not parts.netloc else None
        if path is None or os.path.commonpath([self.content, path]) != self.content:
            self.refused.append(url)
            raise PermissionError(f"拒绝读取知识库之外的资源：{url[:100]}")
        return super().fetch(url, headers)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _capture(*names: str):
    handler = _Collect()
    loggers = [logging.getLogger(n) for n in names]
    propagate = [logger.propagate for logger in loggers]
    for logger in loggers:  # reported once, in Chinese, by the caller, not also raw on stderr
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield handler.messages
    finally:
        for logger, flag in zip(loggers, propagate, strict=True):
            logger.removeHandler(handler)
            logger.propagate = flag


def _fail(messages: list[str]) -> ContentError:
    found = {m.group(1): m.group(2) for m in map(NOTDEF.search, messages) if m}
    chars = sorted(found)
    head = (f"有 {len(chars)} 个字符在已安装字体中没有字形（会印成方框）："
            + "、".join(f"{c}（{found[c]}）" for c in chars) + "，请改用常用字或删除；" if chars else "")
    rest = "；".join(m for m in messages[:5] if ".notdef" not in m)
    return GlyphMissing(f"排版时出现问题，未生成 PDF。{head}{rest}", chars)


def render_pdf(html: str, css_path: Path, content: Path, out: Path, setup: PageSetup) -> int:
    """Typeset ``html`` and write the PDF atomically to ``out``; returns the page count."""
    css_text = css_path.read_text(encoding="utf-8")
    check_fonts(css_text)
    fetcher = ContentOnlyFetcher(content)
    with _capture("weasyprint", "fontTools") as messages:
        try:
            document = HTML(string=html, base_url=content.as_uri() + "/", url_fetcher=fetcher).render(
                stylesheets=[CSS(string=css_text), CSS(string=setup.css())])
            pdf = document.write_pdf()
        except FatalURLFetchingError as exc:
            cause = exc.__cause__ or exc
            raise ContentError(f"排版时出现问题，未生成 PDF：{cause}") from None
    if fetcher.refused:
        raise ContentError(f"拒绝读取知识库之外的资源：{', '.join(fetcher.refused[:3])}；未生成 PDF")
    if messages:
        raise _fail(messages)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".anthology-", suffix=".pdf", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pdf)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(document.pages)
