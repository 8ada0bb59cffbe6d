"""The Content-Security-Policy ``<meta>`` of every page: the third line of defence.

Escaping and nh3 keep contributor text from becoming markup, the page check refuses a page
holding anything they missed; the policy makes the browser itself refuse to run or fetch what
both missed. Scripts run only from the site's own files or when their text is one of the inline
scripts the page check allowlists (the theme's and the 投稿 form's), by SHA-256 hash — so a
hash is never computed for a script we did not write. Nothing is loaded from another host,
no plugin content (``object-src 'none'``), no ``<base>`` (``base-uri 'none'``), and forms
submit only to the site. Styles stay ``'unsafe-inline'``: Material sets style attributes.

The meta goes right after ``<meta charset>``, before every script: a policy applies only to
what follows it.
"""

from __future__ import annotations

import base64
import hashlib
import re

from .verify import CSP_META, check_script

INLINE = re.compile(r"<script>(.*?)</script>", re.S)  # our inline scripts carry no attributes
CHARSET = '<meta charset="utf-8">'
MARK = f'<meta http-equiv="{CSP_META}"'


def policy(html: str) -> str:
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
                     for text in INLINE.findall(html) if not check_script({}, text)})
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *hashes]),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-src 'none'",
    ])


def with_policy(html: str, page: str | None = None) -> str:
    """The page with its policy meta (unchanged when it already has one or has no head).
    ``page``: the whole page when ``html`` is only its beginning (stamp.py), whose scripts
    the policy allows."""
    if MARK in html:
        return html
    meta = f'{MARK} content="{policy(html if page is None else page)}">'
    if CHARSET in html:
        return html.replace(CHARSET, CHARSET + meta, 1)
    return html.replace("<head>", "<head>" + meta, 1)


class ContentSecurityPolicy:
    """MkDocs plugin: the policy into every rendered page and static template (404.html)."""

    def on_post_page(self, output, page, **_):
        return with_policy(output)

    def on_post_template(self, output_content, template_name, **_):
        return with_policy(output_content) if template_name.endswith(".html") else output_content
