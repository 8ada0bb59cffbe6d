"""Post-build verification of the rendered site: every HTML file is parsed and must hold no
script the theme doesn't use, no event-handler attribute, no javascript:/data: URL, no resource
from another host, and no internal link to a missing file.

The theme's own scripts are allowlisted precisely (Material for MkDocs 9.8.2, pinned): the
inline scripts by SHA-256 of their text (with the page-relative base URL normalised), the JSON
config block by type, and the bundle by path. A Material upgrade that changes them fails the
build until the allowlist is reviewed — which is the point.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.contribute.form_js import SCRIPT as FORM_SCRIPT
from generator.search import ASSETS as SEARCH_ASSETS

INLINE_SCRIPTS = {
    "89614d6b864bbe7884f6ad1ab21aa2216e6686af528a97cd15075dda2fe14374",  # __md_scope / get / set
    "0eb10c249dbdb0beef225a10ce5cbe55418cc4a7014cc208f8e7d6ed8f00906e",  # palette restore
    "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f",  # tabbed anchor
}
BASE_URL = re.compile(r'new URL\("(?:\.|/|\.\.(?:/\.\.)*)",location\)')
# Our own scripts: the search (a file, its bytes checked in verify_site) and the 投稿 form's
# inline script (by SHA-256 like the theme's).
OWN_SCRIPT = re.compile(r"^(?:/|\./|(?:\.\./)*)assets/search/search\.js$")


def _own_digest(text: str) -> str:
    """Digest of our inline script with blank lines dropped (form_html drops them for Markdown)."""
    return hashlib.sha256("\n".join(line for line in text.splitlines() if line.strip()).encode()).hexdigest()


OWN_INLINE = {_own_digest(FORM_SCRIPT)}
BUNDLE = re.compile(r"^(?:/|(?:\.\./)*)assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js$")
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "background",
             "cite", "longdesc", "srcset", "manifest", "ping"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "form"}
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)
CONTROL = re.compile(r"[\x00-\x20\u00ad\u200b-\u200f\u2060\ufeff]")


@dataclass
class Finding:
    file: str
    problem: str


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[str] = []
        self._script: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag in FORBIDDEN_TAGS and not (tag == "form" and not {"action", "method", "target"} & set(a)):
            self.problems.append(f"<{tag}> 不允许")  # a form may only be one our scripts handle in place
        for name, value in a.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> 事件属性")
            if name in URL_ATTRS or name == "style" and "url(" in value:
                self._url(tag, name, value, a)
        if tag == "script":
            self._script = a
            self._text = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag("script")

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self._check_script(self._script, "".join(self._text))
            self._script = None

    def _check_script(self, attrs: dict, text: str) -> None:
        if attrs.get("src"):
            own = BUNDLE.match(attrs["src"]) or OWN_SCRIPT.match(attrs["src"])
            if not own or text.strip() or set(attrs) - {"src"}:
                self.problems.append(f"<script src={attrs['src']!r}> 不是主题脚本")
            return
        if attrs.get("type") == "application/json" and set(attrs) <= {"type", "id", "class"}:
            try:  # data, never executed: the theme's __config and the 投稿 form's schema
                json.loads(text)
            except ValueError:
                self.problems.append("JSON 数据块不是合法 JSON")
            return
        digest = hashlib.sha256(BASE_URL.sub("new URL(BASE,location)", text).encode()).hexdigest()
        if attrs or (digest not in INLINE_SCRIPTS and _own_digest(text) not in OWN_INLINE):
            self.problems.append(f"未知内联脚本：{text.strip()[:60]!r}")

    def _url(self, tag: str, name: str, value: str, attrs: dict) -> None:
        v = CONTROL.sub("", value)
        if BAD_SCHEME.match(v) or "url(" in v.lower() and BAD_SCHEME.search(v.split("url(", 1)[1].strip("'\" ")):
            self.problems.append(f"<{tag} {name}> 危险地址：{value[:60]!r}")
            return
        parts = urlsplit(v)
        external = bool(parts.scheme) or v.startswith("//")
        if external:
            if not (tag == "a" and name == "href" and parts.scheme in ("http", "https", "mailto")):
                self.problems.append(f"<{tag} {name}> 外部资源：{value[:80]!r}")
            return
        if tag in ("a", "link", "img", "script", "source") and name in ("href", "src") and parts.path:
            self.links.append(unquote(parts.path))


@dataclass
class Published:
    """Every file of the site, listed once, and the links already resolved against it."""

    files: frozenset[str]
    resolved: dict[tuple[str, str], bool] = field(default_factory=dict)


def published_files(site: str) -> Published:
    out = set()
    for folder, _, names in os.walk(site):
        prefix = os.path.relpath(folder, site)
        out.update(os.path.normpath(os.path.join(prefix, n)) for n in names)
    return Published(frozenset(out))


# The fast path. A site repeats the same few thousand tags (the theme's chrome on every page),
# so each distinct tag is checked once by the parser above and remembered. The page is cut
# into tags by a strict regex; anything it does not recognise — a stray "<", a CDATA section,
# "<script/>" — sends the whole page to the full parser instead, so the fast path never
# accepts what the parser would reject.
SCAN = re.compile(
    r"(?P<comment><!--.*?-->)"
    r"|(?P<decl><![dD][oO][cC][tT][yY][pP][eE][^<>]*>)"
    r"|(?P<end></[a-zA-Z][a-zA-Z0-9:-]*\s*>)"
    r"|(?P<start><(?P<name>[a-zA-Z][a-zA-Z0-9:-]*)"
    r"(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*(?P<slash>/?)>)"
    r"|(?P<other><)", re.S)
RAW_TEXT_END = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}
_TAGS: dict[str, tuple[list[str], list[str], dict]] = {}


def _check_tag(tag: str) -> tuple[list[str], list[str], dict]:
    if tag not in _TAGS:
        scanner = _Scanner()
        scanner.feed(tag)
        _TAGS[tag] = (scanner.problems, scanner.links, scanner._script or {})
    return _TAGS[tag]


def fast_scan(text: str) -> tuple[list[str], list[str]] | None:
    """(problems, links) like _Scanner, or None when the page needs the full parser."""
    problems: list[str] = []
    links: list[str] = []
    skip = 0  # inside a script or style element up to here
    for m in SCAN.finditer(text):
        if m.start() < skip:
            continue
        tag = m.group("start")
        if tag is None:
            if m.group("other") is not None:
                return None
            continue
        found, hrefs, attrs = _check_tag(tag)
        if found:
            problems += found
        if hrefs:
            links += hrefs
        name = m.group("name").lower()
        if name in RAW_TEXT_END:
            close = RAW_TEXT_END[name].search(text, m.end())
            if close is None or m.group("slash"):
                return None
            if name == "script":
                scanner = _Scanner()
                scanner._check_script(attrs, text[m.end():close.start()])
                problems += scanner.problems
            skip = close.end()
    return problems, links


def scan_html(text: str) -> tuple[list[str], list[str]]:
    """(problems, internal links) of one page: the fast path, or the full parser."""
    fast = fast_scan(text)
    if fast is None:
        scanner = _Scanner()
        scanner.feed(text)
        scanner.close()
        fast = (scanner.problems, scanner.links)
    return fast


def scan_file(site: str, rel: str, existing: Published | None = None,
              scanned: tuple[list[str], list[str]] | None = None) -> list[Finding]:
    """Findings of one published page; ``scanned`` is its scan_html() result if already made
    (the render workers scan each page as they write it)."""
    if scanned is None:
        with open(os.path.join(site, rel), encoding="utf-8") as fh:
            scanned = scan_html(fh.read())
    problems, page_links = scanned
    found = [Finding(rel, p) for p in problems]
    base = os.path.dirname(rel)
    if existing is None:
        existing = published_files(site)
    for link in page_links:
        if not _resolves(base, link, existing):
            found.append(Finding(rel, f"站内链接指向不存在的文件：{link}"))
    return found


def _resolves(base: str, link: str, published: Published) -> bool:
    """Whether a link from a page in folder ``base`` reaches a published file (remembered per
    build: every page of a folder has the same navigation links)."""
    key = (base, link)
    if key not in published.resolved:
        # 404.html links from the site root (MkDocs without site_url); everything else is relative
        target = os.path.normpath(link.lstrip("/") if link.startswith("/") else os.path.join(base, link))
        published.resolved[key] = not target.startswith("..") and (
            target in published.files or os.path.join(target, "index.html") in published.files)
    return published.resolved[key]


def _scan_chunk(site: str, rels: list[str], existing: Published) -> list[Finding]:
    out = []
    for rel in rels:
        out += scan_file(site, rel, existing)
    return out


@dataclass
class Verification:
    files: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def verify_site(site_dir: Path, workers: int | None = None,
                scans: dict[str, tuple[list[str], list[str]]] | None = None) -> Verification:
    """Check every published page. ``scans`` holds pages the render workers already scanned
    (from the exact HTML they wrote); only their links are left to check here."""
    from generator.svg_check import svg_problem

    site = str(site_dir)
    rels = sorted(str(p.relative_to(site_dir)) for p in site_dir.rglob("*.html"))
    result = Verification(files=len(rels))
    for asset in SEARCH_ASSETS.iterdir():  # the one script file we add must be ours, byte for byte
        published = site_dir / "assets" / "search" / asset.name
        if not published.is_file() or published.read_bytes() != asset.read_bytes():
            result.findings.append(Finding(f"assets/search/{asset.name}", "与 generator/search/assets 中的文件不一致"))
    for svg in sorted(site_dir.rglob("*.svg")):
        problem = svg_problem(svg.read_bytes())
        if problem:
            result.findings.append(Finding(str(svg.relative_to(site_dir)), f"SVG 不安全：{problem}"))
    workers = workers or min(4, os.cpu_count() or 1)
    existing = published_files(site)
    if scans:
        for rel in rels:
            if rel in scans:
                result.findings += scan_file(site, rel, existing, scans[rel])
        rels = [rel for rel in rels if rel not in scans]
    if workers <= 1 or len(rels) < 400:
        result.findings += _scan_chunk(site, rels, existing)
        return result
    size = -(-len(rels) // (workers * 4))
    chunks = [rels[i:i + size] for i in range(0, len(rels), size)]
    from .render import die_with_parent

    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent) as pool:
        for found in pool.map(_scan_chunk, [site] * len(chunks), chunks, [existing] * len(chunks)):
            result.findings += found
    return result
