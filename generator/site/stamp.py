"""Pages outside the navigation filled into a skeleton of Material's page template.

Material renders its whole page template (header, tabs, sidebars, footer, scripts) for every
page: ~45 % of an entry page's render (cProfile at 1k entries, 2026-12-01). Entry pages and
listing pages are not in the navigation, so two such pages of one folder with the same front
matter get the same template output except in five slots: the title, the content, the table of
contents (rendered per page by itself, site_config/theme/main.html leaving its place to
qc_stamp_toc), and the first heading's text and anchor (the "skip to content" link). This plugin
renders the real template for a *probe* of such a page — the page with those values replaced by
markers — and afterwards only puts each page's values where the markers were.

Why it is safe (and stays safe when a union overrides the theme):

- The markers contain the characters filters change (``<b>&amp;"'``): a value printed through a
  filter, or only in part, leaves a marker that is not found verbatim. A second, long probe
  (a title of 2,000 characters, a content of 200,000) must cut into the same pieces: a template
  that tests or truncates a value's length does not. Either way the kind is rendered the
  ordinary way.
- A template that uses the content other than by printing it ("mermaid" in page.content) is
  found by reading the templates (content_printed_plainly): then nothing is stamped.
- The first CHECKS pages of each kind are rendered the ordinary way too and must equal their
  stamp byte for byte; a page that differs in anything else (its address printed somewhere,
  say) fails that check and its kind falls back for the rest of the build.
- A kind with fewer than MIN_PAGES pages is never stamped (the checks would cost more).

A stamped page's Content-Security-Policy and page scan are made from the pieces (Final) when no
plugin of mkdocs.yml sees the page after us; otherwise the CSP plugin and the page scan run as
usual. tests/test_stamp.py builds sites both ways, including hostile titles and theme overrides
(the page's address, filters, length and content tests, a navigation printing the page), and
compares every file.
"""

from __future__ import annotations

import copy
import json
import re
import secrets
from collections import Counter

from mkdocs.structure.toc import AnchorLink, TableOfContents

from .csp import CHARSET, MARK

ENABLED = True  # tests turn it off to build the reference site
MIN_PAGES = 4
CHECKS = 2  # pages of each kind rendered the ordinary way and compared with their stamp
TEMPLATE = "qc-stamp.html"
# the table of contents by itself, with what base.html gives the partial (site_config/theme/main.html
# prints qc_stamp_toc in its place when it is defined)
TOC_TEMPLATE = "qc-stamp-toc.html"
TEMPLATES = {TEMPLATE: "{{ qc_stamp() }}",
             TOC_TEMPLATE: '{% import "partials/language.html" as lang with context %}'
                           '{% include "partials/toc.html" %}'}
FALLBACK = object()


def enabled() -> bool:
    """Stamping and plain_pages.py: both off builds the reference site (tests)."""
    return ENABLED


def page_key(page) -> tuple | None:
    """What a page's template output depends on besides its slots; None: never stamped."""
    if not isinstance(page.meta.get("title"), str):
        return None
    meta = {k: v for k, v in page.meta.items() if k not in ("title", "template")}
    try:
        meta_key = json.dumps(meta, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return None
    toc = list(page.toc)
    first = "h1" if toc and toc[0].level == 1 else ("other" if toc else "none")
    return page.url.rpartition("/")[0], meta_key, first, "<h1" in (page.content or "")


class Skeleton:
    """The template's output cut at the slots: pieces[0] slot[0] pieces[1] … pieces[-1]."""

    def __init__(self, pieces: list[str], slots: list[str]):
        self.pieces, self.slots, self.checked = pieces, slots, 0
        self.final: Final | None = None  # made at the first stamped page

    def fill(self, given: dict[str, str], pieces: list[str] | None = None) -> str:
        pieces = pieces or self.pieces
        out = [pieces[0]]
        for slot, piece in zip(self.slots, pieces[1:], strict=True):
            out += [given[slot], piece]
        return "".join(out)


# what a value may not hold for a page to be finished from the pieces (its policy and page scan
# made once per kind): a script, meta or head of its own, or an anchor that is not a slug
NOT_PLAIN = re.compile(r"(?i)<(?:script|meta|head)\b|" + re.escape(CHARSET))
ANCHOR = re.compile(r"[\w-]*")


class Final:
    """A checked skeleton's pieces as published: with the Content-Security-Policy of the page
    (csp.py) already in the first piece — the scripts are all in the pieces — and the pieces
    cut for the page scan (verify.scan_parts), each scanned once. Made only when our plugins
    are the only ones that see a page after it is rendered; None parts: not possible."""

    def __init__(self, skeleton: Skeleton, given: dict[str, str]):
        from .csp import with_policy
        from .verify import scan_part

        pieces = skeleton.pieces
        whole = "".join(pieces)
        first = with_policy(pieces[0], page=whole) if CHARSET in pieces[0] and MARK not in whole else None
        self.pieces = [first] + pieces[1:] if first else None
        if self.pieces and skeleton.fill(given, self.pieces) != with_policy(skeleton.fill(given)):
            self.pieces = None
        # The page scan's parts: the content and the table of contents each a part; the
        # title, the first heading and the skip link's anchor scanned inside their fixed
        # neighbours, with a stand-in — exact for a title or heading without "<" (no tag in it,
        # a plain <title>) and an anchor that is a slug (the link reads like any other "#slug").
        self.layout: list[str] = []
        self.known: dict[str, tuple] = {}
        if self.pieces:
            buffer = self.pieces[0]
            for slot, piece in zip(skeleton.slots, self.pieces[1:], strict=True):
                if slot in INSIDE:
                    buffer += "a" + piece
                else:
                    self.layout += [buffer, slot]
                    buffer = piece
            self.layout.append(buffer)
            for part in self.layout[::2]:
                found = scan_part(part)
                if found is None:
                    self.known = {}
                    break
                self.known[part] = found

    def usable(self, given: dict[str, str]) -> bool:
        return bool(self.pieces) and ANCHOR.fullmatch(given["anchor"]) is not None and not any(
            "<" in value and NOT_PLAIN.search(value) for slot, value in given.items() if slot != "anchor")

    def parts(self, given: dict[str, str]) -> list[str] | None:
        """The page cut for verify.scan_parts, or None (then it is scanned whole)."""
        if not self.known or "<" in given["title"] or "<" in given["heading"]:
            return None
        from .verify import scan_part

        toc = given["toc"]
        if toc not in self.known:  # the same few tables of contents recur (toc_html)
            found = scan_part(toc)
            if found is None:
                return None
            self.known[toc] = found
        return [part if k % 2 == 0 else given[part] for k, part in enumerate(self.layout)]


INSIDE = ("title", "heading", "anchor")  # slots scanned inside their neighbours (Final)


def _markers(nonce: str, has_h1: bool, long: bool) -> dict[str, str]:
    """Markers for the slots; ``long`` ones are padded past any length a template might test
    or truncate to (a title of 2,000 characters, a content of 200,000)."""
    hostile = '<b>&amp;"\'</b>'
    pad = {"title": 2000, "content": 200_000, "heading": 2000, "toc": 20_000}
    marker = {slot: f"QCSTAMP{nonce}{slot}{hostile}" + ("长" * pad[slot] if long else "") for slot in pad}
    marker["anchor"] = f"qcstamp{nonce}anchor" + ("x" * 500 if long else "")  # an id: letters only, as slugs are
    if has_h1:
        marker["content"] += "<h1"  # the template asks whether the content has a heading
    return marker


def _probe(page, marker: dict[str, str]):
    probe = copy.copy(page)
    probe.meta = {**page.meta, "title": marker["title"]}
    probe.content = marker["content"]
    toc = list(page.toc)
    if toc:
        first = AnchorLink(marker["heading"], marker["anchor"], toc[0].level)
        first.children = toc[0].children
        toc = [first] + toc[1:]
    probe.toc = TableOfContents(toc)
    return probe


def _cut(html: str, marker: dict[str, str], nonce: str) -> Skeleton | None:
    """The output split at the markers, or None if a marker was changed on its way in."""
    heads = (f"QCSTAMP{nonce}", f"qcstamp{nonce}")
    found = {slot: html.count(text) for slot, text in marker.items()}
    if html.count(heads[0]) != sum(n for s, n in found.items() if s != "anchor") \
            or html.count(heads[1]) != found["anchor"]:
        return None  # a marker printed through a filter, or in part
    # each marker starts with a head and its slot's name; found by plain search (a regex of
    # the long markers would take a second to compile)
    by_name = sorted(marker.items(), key=lambda kv: -len(kv[0]))
    pieces, slots, at = [], [], 0
    while True:
        starts = [i for i in (html.find(heads[0], at), html.find(heads[1], at)) if i >= 0]
        if not starts:
            break
        start = min(starts)
        slot = next((s for s, text in by_name if html.startswith(text, start)), None)
        if slot is None:
            return None
        pieces.append(html[at:start])
        slots.append(slot)
        at = start + len(marker[slot])
    pieces.append(html[at:])
    return Skeleton(pieces, slots)


# How the page's content may appear in the theme's templates for a skeleton to hold: printed
# as it is, and Material's test for a heading of its own (that answer is part of page_key).
CONTENT_USE = re.compile(r"page\s*(?:\.\s*content\b|\[\s*['\"]content['\"]\s*\])")
CONTENT_ALLOWED = re.compile(r"\{\{-?\s*page\.content\s*-?\}\}|\"\\u003ch1\"\s+not\s+in\s+page\.content\b")


def content_printed_plainly(env, name: str) -> bool:
    """Whether every template reachable from ``name`` (extends, include, import with a fixed
    name) uses the page's content only as CONTENT_ALLOWED says. A template that tests it
    otherwise ("mermaid" in page.content, its length) could differ between two pages a
    skeleton would make alike, and no probe sees that."""
    from jinja2 import meta
    from jinja2.exceptions import TemplateNotFound

    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source = env.loader.get_source(env, current)[0]
        except TemplateNotFound:
            continue
        uses = len(CONTENT_USE.findall(source))
        if uses != len(CONTENT_ALLOWED.findall(source)):
            return False
        todo += [t for t in meta.find_referenced_templates(env.parse(source)) if t]
    return True


class StampPages:
    """MkDocs plugin: pages outside the navigation (``eligible`` docs paths) of kinds with
    ≥ MIN_PAGES pages are rendered through the skeleton of their kind (a kind: a folder and a
    front matter). ``stamped`` counts them (tests, progress)."""

    def __init__(self, eligible: frozenset[str]):
        self.eligible = eligible
        self.kinds: dict[tuple, object] = {}
        self.stamped = 0
        self.alone = False
        self.tocs: dict[tuple, tuple[str, bool]] | None = {}
        self.nonce = secrets.token_hex(8)  # never written: a marker no content can contain by chance

    def on_env(self, env, config, files):
        from jinja2 import ChoiceLoader, DictLoader, pass_context

        if not ENABLED:
            return env
        # The policy and the page scan are made from the pieces only when no plugin of a
        # union's mkdocs.yml sees the page after us (it could change it).
        self.alone = all(type(getattr(handler, "__self__", None)).__module__.startswith("generator.")
                         for handler in config.plugins.events["post_page"])
        if not content_printed_plainly(env, "main.html"):
            return env  # the theme looks into the content: every page rendered the ordinary way
        env.loader = ChoiceLoader([DictLoader(TEMPLATES), env.loader])
        env.globals["qc_stamp"] = pass_context(lambda context: self.render(context))
        self.template, self.toc = env.get_template("main.html"), env.get_template(TOC_TEMPLATE)
        chosen = []
        for file in files.documentation_pages():
            page = file.page
            if page is None or file.src_uri not in self.eligible or "template" in page.meta:
                continue
            key = page_key(page)
            if key is not None:
                chosen.append((page, key))
        count = Counter(key for _, key in chosen)
        for page, key in chosen:
            if count[key] >= MIN_PAGES:
                page.meta["template"] = TEMPLATE
                page.qc_stamp_key = key
        return env

    def render(self, context) -> str:
        page = context["page"]
        everything = context.get_all()
        state = self.kinds.get(page.qc_stamp_key)
        if state is FALLBACK:
            return self.template.render(everything)
        if state is None:
            state = self.skeleton(page, everything)
        given = self.values(page, everything) if state is not FALLBACK else None
        if state is not FALLBACK and state.checked >= CHECKS:
            self.stamped += 1
            return self.finish(page, state, given)
        stamp = state is not FALLBACK and state.fill(given)
        real = self.template.render(everything)
        if state is not FALLBACK:
            if stamp == real:
                state.checked += 1
            else:
                state = FALLBACK
        self.kinds[page.qc_stamp_key] = state
        return real

    def finish(self, page, skeleton: Skeleton, given: dict[str, str]) -> str:
        """A stamped page as published, and for PageScan the parts it is made of."""
        if not self.alone:
            return skeleton.fill(given)
        if skeleton.final is None:
            skeleton.final = Final(skeleton, given)
        final = skeleton.final
        if not final.usable(given):
            return skeleton.fill(given)
        html = skeleton.fill(given, final.pieces)
        parts = final.parts(given)
        if parts:
            page.qc_scan = (html, parts, final.known)
        return html

    def skeleton(self, page, context: dict):
        """The skeleton of ``page``'s kind from a short and a long probe, which must agree
        (else the template tests or cuts a value), or FALLBACK."""
        cuts = []
        for long in (False, True):
            marker = _markers(self.nonce, "<h1" in (page.content or ""), long)
            html = self.template.render({**context, "page": _probe(page, marker), "qc_stamp_toc": marker["toc"]})
            cut = _cut(html, marker, self.nonce)
            if cut is None:
                return FALLBACK
            cuts.append(cut)
        same = cuts[0].pieces == cuts[1].pieces and cuts[0].slots == cuts[1].slots
        return cuts[0] if same else FALLBACK

    def values(self, page, context: dict) -> dict[str, str]:
        toc = list(page.toc)
        return {"title": page.meta["title"], "content": page.content,
                "heading": toc[0].title if toc else "", "anchor": toc[0].id if toc else "",
                "toc": self.toc_html(toc, context)}

    def toc_html(self, toc: list, context: dict) -> str:
        """The table of contents, remembered by what Material's toc.html shows of it (the first
        heading's children when it is an h1: its own text is the title). A remembered one is
        trusted once a second page with the same headings rendered it identically; if one did
        not, nothing is remembered for the rest of the build."""
        if self.tocs is None:
            return self.toc.render(context)
        shown = toc[0].children if toc and toc[0].level == 1 else toc
        key = headings(shown)
        known = self.tocs.get(key)
        if known is not None and known[1]:
            return known[0]
        html = self.toc.render(context)
        if known is None:
            self.tocs[key] = (html, False)
        elif known[0] == html:
            self.tocs[key] = (html, True)
        else:
            self.tocs = None  # toc.html prints something else of the page
        return html


def headings(items) -> tuple:
    """A table of contents as plain values (comparable, hashable)."""
    return tuple((i.title, i.id, i.level, headings(i.children)) for i in items)
