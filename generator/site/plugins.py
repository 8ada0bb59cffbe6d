"""The MkDocs plugins of a build, each for one job: the generated docs handed over in memory,
raw HTML passed through, the theme's unused files left out, compiled templates kept, the
translations memo, the page scan for the post-build check."""

from __future__ import annotations

import logging
import re
import secrets
from pathlib import Path

from .markup import RAW_CLOSE, RAW_OPEN
from .output import Output
from .verify import scan_html, scan_parts


class GeneratedDocs:
    """The generated docs (an `Output`) as MkDocs files in memory: nothing is written to a docs
    folder and read back. ``only``: the docs paths this build renders or copies (None: all);
    every other one stays in the collection, excluded, so links to it resolve. ``static``:
    also the theme's files and static templates (404.html); off in a build that adds pages to
    a site another build made."""

    def __init__(self, made: Output, only: set[str] | None = None, static: bool = True):
        self.made, self.only, self.static = made, only, static

    def on_config(self, config):
        if not self.static:
            config.theme.static_templates.clear()
        return config

    def on_files(self, files, config):
        from mkdocs.structure.files import File, InclusionLevel, file_sort_key

        if not self.static:
            for file in files:  # the theme's files, there before ours
                file.inclusion = InclusionLevel.EXCLUDED
        made, only = self.made, self.only
        ours = [File.generated(config, path, content=text) for path, text in made.pages.items()]
        ours += [File.generated(config, path, content=data) if isinstance(data, bytes)
                 else File.generated(config, path, abs_src_path=str(data)) for path, data in made.files.items()]
        ours.sort(key=file_sort_key)  # the order MkDocs walks a docs folder in
        for file in ours:
            if only is not None and file.src_uri not in only:
                file.inclusion = InclusionLevel.EXCLUDED
            files.append(file)
        return files


class Warnings(logging.Handler):
    """Collects MkDocs' warnings (each one fails the build: strict)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


class UnusedThemeFiles:
    """Theme files no reader needs: Material's lunr language files serve only its own search
    plugin, which is off (we ship our own search), the source maps only developer tools, and a
    sitemap without site_url lists no address."""

    def on_config(self, config):
        if not config.site_url:  # without it MkDocs writes a sitemap with no address in it
            config.theme.static_templates.difference_update({"sitemap.xml", "sitemap.xml.gz"})
        return config

    def on_files(self, files, config):
        for file in list(files):
            uri = file.src_uri
            if file.generated_by is None and (  # a theme file
                    uri.startswith("assets/javascripts/lunr/") or uri.endswith(".map")  # 1.2 MB
                    or (uri == "sitemap.xml" and uri not in config.theme.static_templates)):
                files.remove(file)
        return files


class TemplateCache:
    """Compiled theme templates kept on disk (Jinja's bytecode cache; each entry is checked
    against its template's source). Otherwise every render worker compiles Material's ~30
    templates anew, ~0.15 s each; warm_templates() fills the cache while the parent validates."""

    def __init__(self, folder: Path):
        self.folder = folder

    def on_env(self, env, config, files):
        from jinja2 import FileSystemBytecodeCache

        self.folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(self.folder))
        return env


class Translations:
    """Material's lang.t(key) builds the language's whole dictionary literal on every call —
    some 30 calls a page. Our partials/language.html asks this memo instead: same strings."""

    def on_env(self, env, config, files):
        lang = env.get_template(f"partials/languages/{config.theme['language']}.html").module
        fallback = env.get_template("partials/languages/en.html").module
        memo: dict = {}

        def translate(key):
            if key not in memo:
                memo[key] = lang.t(key) or fallback.t(key) or key
            return memo[key]

        env.globals["qc_translate"] = translate
        return env


class RawPassthrough:
    """Blocks of HTML we generated (markup.raw) skip Python-Markdown: each is swapped for a
    placeholder paragraph before conversion and put back after it. Headings stay Markdown, so
    the table of contents is unchanged; the HTML is byte-for-byte what Markdown would pass."""

    OPEN, CLOSE = RAW_OPEN + "\n", "\n" + RAW_CLOSE  # a block: OPEN, its HTML, CLOSE

    def __init__(self):
        # A placeholder no text can produce: a nonce drawn per build (never written to a page,
        # so the output stays byte-identical), and a lookup that checks its bounds.
        self.nonce = secrets.token_hex(12)
        self.slot = re.compile(rf"<p>QCRAW{self.nonce}-(\d+)QC</p>")

    def on_page_markdown(self, markdown, page, **_):
        # each OPEN to the first CLOSE after it, by str.find (what the regex OPEN(.*?)CLOSE with
        # DOTALL matches, at a fifth of its time: 0.45 s of CPU at 10k entries)
        out: list[str] = []
        blocks: list[str] = []
        pos = 0
        while (i := markdown.find(self.OPEN, pos)) >= 0 and (j := markdown.find(self.CLOSE, i + len(self.OPEN))) >= 0:
            out += (markdown[pos:i], f"\n\nQCRAW{self.nonce}-{len(blocks)}QC\n\n")
            blocks.append(markdown[i + len(self.OPEN):j])
            pos = j + len(self.CLOSE)
        out.append(markdown[pos:])
        page.qc_raw_blocks = blocks
        return "".join(out)

    def on_page_content(self, html, page, **_):
        blocks = getattr(page, "qc_raw_blocks", [])

        def put_back(m):
            k = int(m.group(1))
            return blocks[k] if k < len(blocks) else ""

        return self.slot.sub(put_back, html)


class PageScan:
    """Scans each page for the post-build check as it is written (verify.scan_html), in the
    render worker that made it: no second read, and the work is shared by the workers."""

    def __init__(self):
        self.scans: dict[str, tuple[list[str], list[str]]] = {}

    def on_post_page(self, output, page, **_):
        stamped = page.__dict__.pop("qc_scan", None)  # (html, parts, known) of a stamped page (stamp.py);
        # popped: MkDocs keeps every page object to the end of the build, and 10k pages' HTML is 300 MB
        if stamped and stamped[0] is output:  # as stamped: no plugin changed it since
            self.scans[page.file.dest_uri] = scan_parts(output, stamped[1], stamped[2])
        else:
            self.scans[page.file.dest_uri] = scan_html(output)
        return output
