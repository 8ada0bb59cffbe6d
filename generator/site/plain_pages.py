"""Pages whose Markdown is only our HTML blocks and plain text skip Python-Markdown.

An entry page is generated as HTML blocks (markup.raw, passed through by plugins.RawPassthrough)
between Markdown headings, which MkDocs needs for the table of contents. Python-Markdown still
costs ~45 % of such a page's render after the template is stamped (stamp.py; cProfile at 1k
entries, 2026-12-01): a parser, its extensions and a tree for a dozen lines. For a page whose
Markdown, once the blocks are stashed, is nothing but placeholders, ATX headings, paragraphs and
numbered lists of plain text (generator/markdown_plain.py, which contributor bodies use too), the
result is known: ``<p>…</p>``, ``<h2 id="slug">text</h2>`` and ``<ol>`` lines, the ids made by the
configured slugify and toc's own ``unique()``, and the same table-of-contents tokens. Any other
page goes through Python-Markdown.

The first CHECKS pages of each folder are converted both ways and must agree in content, table
of contents, title and anchors; if one does not, the folder goes through Python-Markdown for the
rest of the build. tests/test_stamp.py compares whole sites built with and without this.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from generator.markdown_plain import blocks, heading_id, ordered_list

from .plugins import RawPassthrough
from .stamp import headings

CHECKS = 2
# extensions that do nothing to a line of plain text (MkDocs adds toc, tables and fenced_code)
KNOWN = {"toc", "tables", "fenced_code", "admonition"}


class PlainPages:
    """Converts the plain pages among ``eligible`` (docs paths); ``converted`` counts them."""

    def __init__(self, eligible: frozenset[str], raw: RawPassthrough):
        self.eligible, self.raw = eligible, raw
        self.folders: dict[str, int | None] = {}  # folder → pages checked; None: not for this folder
        self.converted = 0

    @contextmanager
    def active(self):
        """Page.render patched for this build (restored after: the caller may render again)."""
        from mkdocs.structure.pages import Page

        original = Page.render
        plain = self

        def render(page, config, files):
            if page.file.src_uri in plain.eligible and plain.render(page, config, files, original):
                return
            original(page, config, files)

        Page.render = render
        try:
            yield
        finally:
            Page.render = original

    def render(self, page, config, files, original) -> bool:
        """Whether ``page`` was converted here."""
        folder = page.file.src_uri.rpartition("/")[0]
        checked = self.folders.get(folder, 0)
        if checked is None:
            return False
        made = self.convert(page.markdown, config)
        if made is None:
            return False
        if checked < CHECKS:
            original(page, config, files)
            if (page.content, headings(page.toc), page._title_from_render, page.present_anchor_ids) \
                    == (made[0], headings(made[1]), made[2], made[3]):
                self.folders[folder] = checked + 1
            else:
                self.folders[folder] = None
            return True  # rendered by Python-Markdown this time
        page.content, page.toc, page._title_from_render, page.present_anchor_ids = made
        if logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = {}  # as Python-Markdown leaves it: the page has no Markdown links
        self.converted += 1
        return True

    def convert(self, markdown: str, config):
        """(content, toc, title, anchor ids) as Python-Markdown would make them, or None."""
        from markdown.extensions.toc import nest_toc_tokens
        from mkdocs.structure.toc import get_toc

        options = (config["mdx_configs"] or {}).get("toc", {})
        if any(not isinstance(e, str) or e not in KNOWN for e in config["markdown_extensions"]) or options.get("permalink") \
                or options.get("anchorlink") or options.get("baselevel", 1) != 1 or "toc_depth" in options:
            return None  # another extension might act on plain text (a union's mkdocs.yml)
        slugify = options.get("slugify")
        found = blocks(markdown) if slugify is not None else None
        if found is None:
            return None
        html, tokens, ids, counters = [], [], set(), {}
        # mkdocs' _ExtractTitleTreeprocessor: the first element, if it is an h1
        title = found[0].lines[0] if found[0].kind == "h" and found[0].level == 1 else None
        for block in found:
            if block.kind == "p":
                html.append("<p>" + "\n".join(block.lines) + "</p>")
            elif block.kind == "ol":
                html.append(ordered_list(block.lines))
            else:
                level, text = block.level, block.lines[0]
                slug = heading_id(text, slugify, options.get("separator", "-"), ids, counters)
                if slug is None:
                    return None
                html.append(f'<h{level} id="{slug}">{text}</h{level}>')
                tokens.append({"level": level, "id": slug, "name": text, "html": text, "data-toc-label": ""})
        return "\n".join(html), get_toc(nest_toc_tokens(tokens)), title, set(ids)
