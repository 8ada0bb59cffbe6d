"""Post-build verification of the rendered site: every HTML file is parsed and must hold no
script the theme doesn't use, no event-handler attribute, no javascript:/data: URL, no resource
from another host (also through CSS ``url()`` in presentation attributes and style sheets), no
SVG animation, meta refresh or raw-text element we never generate, no id in the theme's
reserved ``__`` namespace on an element the theme doesn't put it on, and no internal link to a
missing file.

Pages are parsed the way a browser parses them — lexbor, an HTML5 parser (selectolax), for the
full parse; the cached token fast path below handles only pages whose every token it reads
exactly as the HTML5 tokenizer does (no raw-text element with markup-like content, no CDATA,
no odd comment) and defers every other page to the full parser. lexbor parses without
scripting, so a ``<noscript>`` element's content is emptied first, as a browser with scripts on
reads it (text, never rendered).

The theme's own scripts are allowlisted precisely (Material for MkDocs 9.8.2, pinned): the
inline scripts by SHA-256 of their text (with the page-relative base URL normalised), the JSON
config block by type, and the bundle by path. A Material upgrade that changes them fails the
build until the allowlist is reviewed — which is the point.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.contribute.form_js import SCRIPT as FORM_SCRIPT
from generator.processes import fork_pool
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
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "form", "portal",
                  # raw text in a browser, markup for a parser without scripting: never generated
                  "xmp", "noembed", "noframes", "plaintext",
                  # SVG animation can set an href to javascript: after any check; never generated
                  "set", "animate", "animatemotion", "animatetransform", "discard", "handler",
                  "listener", "foreignobject"}
# the theme's ids in its "__" namespace, and the elements it puts them on
THEME_IDS = {"__config": {"script"}, "__drawer": {"input"}, "__search": {"input"}, "__toc": {"input"}}
THEME_ID_PATTERNS = re.compile(r"^__nav_[0-9_]+(?:_label)?$")
CSP_META = "content-security-policy"
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)
CONTROL = re.compile(r"[\x00-\x20\u00ad\u200b-\u200f\u2060\ufeff]")


def check_start(tag: str, attrs: list[tuple[str, str]]) -> tuple[list[str], list[str], dict]:
    """(problems, internal links, attributes) of one start tag; names lower case, values
    unescaped. Of a repeated attribute the first counts, as in a browser."""
    problems: list[str] = []
    links: list[str] = []
    first: dict[str, str] = {}
    for name, value in attrs:
        first.setdefault(name, value)
    attrs = list(first.items())
    if tag in FORBIDDEN_TAGS and not (tag == "form" and not {"action", "method", "target"} & set(first)):
        problems.append(f"<{tag}> 不允许")  # a form may only be one our scripts handle in place
    if tag == "meta" and "http-equiv" in first and first["http-equiv"].strip().lower() != CSP_META:
        problems.append(f"<meta http-equiv={first['http-equiv'][:30]!r}> 不允许（如 refresh 跳转）")
    ident = first.get("id", "")
    if ident.startswith("__") and tag not in THEME_IDS.get(ident, ()) and not (
            tag in ("input", "label") and THEME_ID_PATTERNS.match(ident)):
        problems.append(f"<{tag} id={ident[:40]!r}> 占用了主题保留的 id（会劫持主题或检索脚本的配置）")
    for name, value in attrs:
        if name.startswith("on"):
            problems.append(f"<{tag} {name}=…> 事件属性")
        if name == "srcset":  # "a.png 1x, b.png 2x": every candidate is a URL
            for candidate in value.split(","):
                if candidate.split():
                    _url(tag, name, candidate.split()[0], problems, links)
        elif name in URL_ATTRS:
            _url(tag, name, value, problems, links)
        elif ("(" in value or "\\" in value) and not _text_attribute(name):  # fill="url(…)", style="background:u\72l(…)"
            problem = css_problem(value)
            if problem:
                problems.append(f"<{tag} {name}> {problem}")
    return problems, links, first


# Attributes a browser only ever shows or hands to scripts as text, never reads as CSS: a title
# with a backslash or "/*" in them (a contributor's 反斜杠 \1) is text, not a CSS escape.
TEXT_ATTRIBUTES = {"alt", "title", "label", "placeholder", "value", "content", "datetime", "lang", "dir"}


def _text_attribute(name: str) -> bool:
    return name in TEXT_ATTRIBUTES or name.startswith(("data-", "aria-"))


CSS_URL = re.compile(r"url\s*\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
CSS_CONTROL = re.compile(r"[\x00-\x20]+")


def css_problem(text: str) -> str | None:
    """Why CSS text (a style sheet, a style or presentation attribute) could fetch from
    outside or run something, or None. CSS escapes and comments are refused rather than
    decoded: we never generate them."""
    if "\\" in text or "/*" in text:
        return "样式含转义或注释"
    squeezed = CSS_CONTROL.sub("", text).lower()
    if "@import" in squeezed or "expression(" in squeezed or "image-set(" in squeezed:
        return f"样式引用外部资源：{text.strip()[:60]!r}"
    for m in CSS_URL.finditer(text):
        if not m.group(2).strip().startswith("#"):
            return f"样式引用外部资源：{m.group(0)[:60]!r}"
    return None


def check_script(attrs: dict, text: str) -> list[str]:
    """Problems of one script element (its attributes and text): only the theme's scripts, ours
    and JSON data blocks may appear."""
    if attrs.get("src"):
        own = BUNDLE.match(attrs["src"]) or OWN_SCRIPT.match(attrs["src"])
        if not own or text.strip() or set(attrs) - {"src"}:
            return [f"<script src={attrs['src']!r}> 不是主题脚本"]
        return []
    if attrs.get("type") == "application/json" and set(attrs) <= {"type", "id", "class"}:
        try:  # data, never executed: the theme's __config and the 投稿 form's schema
            json.loads(text)
        except ValueError:
            return ["JSON 数据块不是合法 JSON"]
        return []
    digest = hashlib.sha256(BASE_URL.sub("new URL(BASE,location)", text).encode()).hexdigest()
    if attrs or (digest not in INLINE_SCRIPTS and _own_digest(text) not in OWN_INLINE):
        return [f"未知内联脚本：{text.strip()[:60]!r}"]
    return []


def _url(tag: str, name: str, value: str, problems: list[str], links: list[str]) -> None:
    v = CONTROL.sub("", value)
    if BAD_SCHEME.match(v) or "url(" in v.lower() and BAD_SCHEME.search(v.split("url(", 1)[1].strip("'\" ")):
        problems.append(f"<{tag} {name}> 危险地址：{value[:60]!r}")
        return
    parts = urlsplit(v)
    external = bool(parts.scheme) or v.startswith("//")
    if external:
        if not (tag == "a" and name == "href" and parts.scheme in ("http", "https", "mailto")):
            problems.append(f"<{tag} {name}> 外部资源：{value[:80]!r}")
        return
    if tag in ("a", "link", "img", "script", "source") and name in ("href", "src") and parts.path:
        links.append(unquote(parts.path))


@dataclass
class Finding:
    file: str
    problem: str


# A browser with scripts on reads a <noscript> element's content as text up to the first
# "</noscript"; lexbor (scripting off) would read it as markup, where that end tag can hide in
# an attribute value. The content is emptied first, as the browser never renders it.
NOSCRIPT = re.compile(r"(<noscript(?=[\s/>])[^>]*>).*?(?:</noscript\s*>|$)", re.I | re.S)


def _lexbor_scan(text: str) -> tuple[list[str], list[str]]:
    from selectolax.lexbor import LexborHTMLParser

    problems: list[str] = []
    links: list[str] = []
    if "<noscript" in text.lower():
        text = NOSCRIPT.sub(r"\1</noscript>", text)
    for node in LexborHTMLParser(text).root.traverse(include_text=False):
        tag = node.tag
        if not tag[:1].isalpha():  # -document, -comment, !doctype
            continue
        attrs = [(k.lower(), v or "") for k, v in node.attributes.items()]  # the first of repeats
        found, found_links, first = check_start(tag, attrs)
        problems += found
        links += found_links
        if tag == "script":
            problems += check_script(first, node.text(deep=True))
        elif tag == "style":
            problem = css_problem(node.text(deep=True))
            if problem:
                problems.append(f"<style> {problem}")
    return problems, links


@dataclass
class Published:
    """Every file of the site, listed once, and the links already resolved against it."""

    files: frozenset[str]
    # per folder, the links from a page in it that reach a file: every page of a folder has the
    # same navigation links, and a page's links are first tested against them as a whole (one
    # set operation in C: 1M links at 10k entries took ~0.5 s one by one, serially)
    good: dict[str, set[str]] = field(default_factory=dict)


def published_files(site: str) -> Published:
    out = set()
    for folder, _, names in os.walk(site):
        prefix = os.path.relpath(folder, site)
        out.update(os.path.normpath(os.path.join(prefix, n)) for n in names)
    return Published(frozenset(out))


# The fast path. A site repeats the same few thousand tags (the theme's chrome on every page),
# so the page is cut into tokens by a loose regex and each *distinct* token is classified once
# — strictly, by the regexes below and the parser above — and remembered. Anything the strict
# grammar does not recognise (a stray "<", a ">" inside a quoted value, a CDATA section,
# "<script/>", an unclosed script) sends the whole page to the full parser instead, so the fast
# path never accepts what the parser would reject. A script element is one token: it ends at
# the first "</script", as in a browser.
TOKEN = re.compile(r"<!--.*?-->|<(?i:script)(?=[\s/>])[^<>]*>.*?</(?i:script)\s*>|<[^<>]*>|<", re.S)
# one attribute: the start-tag grammar repeats it, _check_tag reads each with it
ATTR_PATTERN = r"\s+([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?"
ATTR = re.compile(ATTR_PATTERN)
START = re.compile(r"<(?P<name>[a-zA-Z][a-zA-Z0-9:-]*)(?:" + ATTR_PATTERN + r")*\s*(?P<slash>/?)>")
OTHER = re.compile(r"</[a-zA-Z][a-zA-Z0-9:-]*\s*>|<![dD][oO][cC][tT][yY][pP][eE][^<>]*>")
SCRIPT_END = re.compile(r"</script\s*>", re.I)
# Comments a browser closes early ("<!-->", "<!--->") or oddly ("--!>"): html.parser reads them
# differently, so text the scanner takes for a comment could be live markup. Never generated.
ODD_COMMENTS = ("<!-->", "<!--->", "--!>")
FALLBACK = None
_TOKENS: dict[str, tuple[list[str], list[str]] | None] = {}
_UNSEEN = object()
# what _classify says of a "<!--" token that does not end with "-->" (it ended at a ">"): nothing
# wrong in a whole page, but a part (scan_parts) that holds one is not a part on its own
OPEN_COMMENT: tuple[list[str], list[str]] = ([], [])


# Elements whose content a browser reads as text up to their end tag: the token grammar would
# read markup in it. A page with one goes to the full parser, except a <title> holding no "<".
RAW_TEXT = re.compile(r"<(?:textarea|style|xmp|iframe|noembed|noframes|noscript|plaintext|template)[\s/>]", re.I)
TITLE_OPEN = re.compile(r"<title[\s/>]", re.I)
PLAIN_TITLE = re.compile(r"<title>[^<]*</title>", re.I)


def _check_tag(start: re.Match) -> tuple[list[str], list[str], dict]:
    """check_start() of a start tag START matched: its attributes read as the HTML5 tokenizer
    reads them (the strict grammar leaves no room to differ)."""
    body = start.group(0)[len(start.group("name")) + 1:]
    attrs = []
    for m in ATTR.finditer(body):
        value = m.group(2) or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        attrs.append((m.group(1).lower(), html.unescape(value) if "&" in value else value))
    return check_start(start.group("name").lower(), attrs)


def _classify(token: str) -> tuple[list[str], list[str]] | None:
    """(problems, links) of one token, or FALLBACK when only the full parser may judge it."""
    if token.startswith("<!--"):
        return ([], []) if token.endswith("-->") else OPEN_COMMENT
    head = token[:token.find(">") + 1]
    start = START.fullmatch(head)
    if start is None:
        return ([], []) if OTHER.fullmatch(token) else FALLBACK
    problems, links, attrs = _check_tag(start)
    if start.group("name").lower() == "script":
        close = SCRIPT_END.search(token, len(head))
        if close is None or start.group("slash") or close.end() != len(token):
            return FALLBACK  # unclosed or "<script/>": the parser's cases
        problems = problems + check_script(attrs, token[len(head):close.start()])
    return problems, links


def fast_scan(text: str) -> tuple[list[str], list[str]] | None:
    """(problems, links) like full_scan, each listed once, or None when the page needs the
    full parser."""
    if not _tokens_suffice(text):
        return None
    found = _token_scan(text)
    return None if found is None else (list(dict.fromkeys(found[0])), list(dict.fromkeys(found[1])))


def _tokens_suffice(text: str) -> bool:
    """Whether the token grammar reads this page as a browser does (no raw-text element but
    plain titles)."""
    return not RAW_TEXT.search(text) and len(TITLE_OPEN.findall(text)) == len(PLAIN_TITLE.findall(text))


def _token_scan(text: str, whole: bool = True) -> tuple[list[str], list[str]] | None:
    """(problems, links) of the distinct tokens of ``text``, or None (FALLBACK). ``whole``:
    ``text`` is a page; otherwise a part of one (scan_parts), where a "<!--" token must end
    with "-->" (else a comment could run on into the next part)."""
    problems: list[str] = []
    links: list[str] = []
    for token in dict.fromkeys(TOKEN.findall(text)):
        found = _TOKENS.get(token, _UNSEEN)
        if found is _UNSEEN:
            found = _TOKENS[token] = _classify(token)
        if found is FALLBACK or (found is OPEN_COMMENT and not whole):
            return None
        if found[0]:
            problems += found[0]
        if found[1]:
            links += found[1]
    return problems, links


def scan_part(part: str) -> tuple | None:
    """A part's scan for scan_parts — (problems, links, a raw-text element in it, <title>
    starts, plain <title> elements) — or None if it cannot be one."""
    found = _token_scan(part, whole=False)
    if found is None:
        return None
    return (*found, bool(RAW_TEXT.search(part)), len(TITLE_OPEN.findall(part)), len(PLAIN_TITLE.findall(part)))


def scan_parts(text: str, parts: list[str], known: dict) -> tuple[list[str], list[str]]:
    """scan_html(text) for ``text == "".join(parts)``, from each part's scan: a stamped page
    (stamp.py) is its kind's fixed pieces, scanned once (scan_part, remembered in ``known``),
    and its own values. Exact because a part's scan succeeds only when every "<" in it starts a
    token that ends in it (an unclosed tag, comment or script is a FALLBACK): then the page's
    tokens, raw-text elements and titles are the parts' own, in order (a <title> split between
    parts counts as not plain). Otherwise the page is scanned whole."""
    problems: list[str] = []
    links: list[str] = []
    opens = plain = 0
    for part in parts:
        found = known.get(part) or scan_part(part)
        if found is None or found[2]:
            return scan_html(text)
        problems += found[0]
        links += found[1]
        opens += found[3]
        plain += found[4]
    if opens != plain:
        return scan_html(text)
    return _page_level(text, (list(dict.fromkeys(problems)), list(dict.fromkeys(links))))


def full_scan(text: str) -> tuple[list[str], list[str]]:
    """(problems, links) by the full HTML5 parser, each listed once (as fast_scan lists them)."""
    problems, links = _lexbor_scan(text)
    return list(dict.fromkeys(problems)), list(dict.fromkeys(links))


def scan_html(text: str) -> tuple[list[str], list[str]]:
    """(problems, internal links) of one page, each listed once: the fast path, or the full
    parser."""
    fast = fast_scan(text)
    if fast is None:
        fast = full_scan(text)
    return _page_level(text, fast)


def _page_level(text: str, fast: tuple[list[str], list[str]]) -> tuple[list[str], list[str]]:
    """The checks of a whole page besides its tags: its policy, odd comments."""
    if "<head" in text and f'<meta http-equiv="{CSP_META}"' not in text:
        fast[0].append("页面缺少 Content-Security-Policy（第三道防线）")
    if any(odd in text for odd in ODD_COMMENTS):  # substring tests: 10× a regex search
        fast[0].append("异常的 HTML 注释（<!--> 、<!---> 或 --!>）：浏览器与检查器的理解不同")
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
    good = existing.good.setdefault(base, set())
    if good.issuperset(page_links):
        return found
    for link in page_links:
        if link in good:
            continue
        if _resolves(base, link, existing.files):
            good.add(link)
        else:
            found.append(Finding(rel, f"站内链接指向不存在的文件：{link}"))
    return found


def _resolves(base: str, link: str, files: frozenset[str]) -> bool:
    """Whether a link from a page in folder ``base`` reaches a published file."""
    # 404.html links from the site root (MkDocs without site_url); everything else is relative
    target = os.path.normpath(link.lstrip("/") if link.startswith("/") else os.path.join(base, link))
    return not target.startswith("..") and (target in files or os.path.join(target, "index.html") in files)


def _scan_chunk(site: str, rels: list[str], existing: Published) -> list[Finding]:
    out = []
    for rel in rels:
        out += scan_file(site, rel, existing)
    return out


@dataclass
class Verification:
    files: int = 0  # pages checked
    published: int = 0  # every file of the site (pages among them)
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
    existing = published_files(site)  # one walk of the site gives the pages, the SVGs and the links' targets
    rels = sorted(rel for rel in existing.files if rel.endswith(".html"))
    result = Verification(files=len(rels), published=len(existing.files))
    for asset in SEARCH_ASSETS.iterdir():  # the one script file we add must be ours, byte for byte
        published = site_dir / "assets" / "search" / asset.name
        if not published.is_file() or published.read_bytes() != asset.read_bytes():
            result.findings.append(Finding(f"assets/search/{asset.name}", "与 generator/search/assets 中的文件不一致"))
    for svg in sorted(rel for rel in existing.files if rel.endswith(".svg")):
        problem = svg_problem((site_dir / svg).read_bytes())
        if problem:
            result.findings.append(Finding(svg, f"SVG 不安全：{problem}"))
    workers = workers or min(4, os.cpu_count() or 1)
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

    with fork_pool(workers) as pool:
        for found in pool.map(_scan_chunk, [site] * len(chunks), chunks, [existing] * len(chunks)):
            result.findings += found
    return result
