"""Contributor text never reaches a page as markup.

The validator already rejects these payloads as errors, so a KB cannot carry them; the portal
must be safe on its own anyway. The renderer functions are fed the payloads directly, and a
knowledge base whose entries were altered after validation is rendered end to end by Material
and scanned.
"""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup

from conftest import make_root
from generator.site.build import Progress, generate, navigation
from generator.site.context import Site, html_url
from generator.site.markup import esc, front_matter, plain, render_body
from generator.site.render import Frame, render
from generator.site.verify import verify_site
from generator.validation import validate

TEXT_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[点我](javascript:alert(1))",
    "{: onclick=\"alert(1)\" }",
    "<svg onload=alert(1)>",
    "**粗体** `code` $x$ ![i](http://evil.example/x.png)",
    '"><a href="javascript:alert(1)">x</a>',
]
BODY_PAYLOAD = """## 标题

<script>alert(1)</script>
<img src="x" onerror="alert(1)">
<iframe src="http://evil.example/"></iframe>
<a href="javascript:alert(1)">js</a> [md](javascript:alert(2)) [data](data:text/html,<b>x</b>)
段落{: onclick="alert(3)" }
<div style="background:url(javascript:alert(4))" onmouseover="alert(5)">x</div>
![远程图片](http://evil.example/a.png) <form action="http://evil.example/"><input name=q></form>

| 表格 | 保留 |
| --- | --- |
| 1 | 2 |

!!! note "提示"
    admonition 保留

??? tip "详情"
    details 保留

$$E = mc^2$$

```python
print("<script>")
```

脚注[^1]

[^1]: 脚注内容
"""


FORMULA_TAGS = {"svg", "symbol", "path", "use", "g", "rect", "line", "polyline", "polygon"}


def _no_markup(html: str) -> None:
    doc = BeautifulSoup(html, "html.parser")
    for formula in doc.select("span.math > svg, div.formula > svg"):  # drawn by us from TeX
        for tag in [formula, *formula.find_all(True)]:
            assert tag.name in FORMULA_TAGS, tag.name
            assert all(v.startswith("#") for k, v in tag.attrs.items() if k.endswith("href")), tag
        formula.decompose()
    assert not doc.find_all(["script", "iframe", "svg", "form", "object", "embed"])
    for tag in doc.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (tag, name)
            text = " ".join(value) if isinstance(value, list) else value
            assert "javascript:" not in text.lower() and "data:" not in text.lower(), (tag, name)
            if name in ("src", "href"):
                assert not (tag.name == "img" and text.startswith(("http:", "https:", "//")))


@pytest.mark.parametrize("payload", TEXT_PAYLOADS)
def test_metadata_escape_renders_as_text(payload):
    import markdown

    html = markdown.markdown(f"| a |\n| --- |\n| {esc(payload)} |\n\n# {esc(payload)}\n\n- {esc(payload)}",
                             extensions=["tables", "attr_list", "toc"])
    _no_markup(html)
    text = BeautifulSoup(html, "html.parser").get_text()
    assert text.count(payload) == 3


@pytest.mark.parametrize("payload", TEXT_PAYLOADS)
def test_front_matter_title_is_plain(payload):
    title = plain(payload)
    assert not set(title.replace("&quot;", "").replace("&#39;", "")) & set("<>&\"'`\\")
    assert front_matter(payload).startswith("---\ntitle: \"")


def test_body_is_sanitised_but_keeps_structure():
    html = render_body(BODY_PAYLOAD)
    _no_markup(html)
    doc = BeautifulSoup(html, "html.parser")
    assert doc.find("table") and doc.find("details") and doc.select_one("div.admonition")
    assert doc.select_one("div.formula > svg") and doc.find("pre")  # the formula, drawn
    assert doc.select_one("div.footnote") and doc.find("h3", id="u-标题")  # contributor ids are prefixed
    assert "alert" not in "".join(str(t) for t in doc.find_all("a"))


def test_local_links_and_images_are_resolved_or_dropped():
    seen = []

    def resolve(tag, value):
        seen.append((tag, value))
        return "ok.html" if value == "KT-2021-001.md" else None

    html = render_body("[a](KT-2021-001.md) [b](../../etc/passwd) ![c](photo.png) [d](/abs)", resolve)
    doc = BeautifulSoup(html, "html.parser")
    assert [a.get("href") for a in doc.find_all("a")] == ["ok.html", None, None]
    assert doc.find("img").get("src") is None
    assert ("a", "KT-2021-001.md") in seen


def test_tampered_kb_renders_safely_end_to_end(tmp_path):
    """Payloads put into every title, name and body after validation: the built site is clean,
    and every page that shows a tampered entry shows the payload as text (so a page that was
    skipped, or emptied, cannot pass)."""
    root = make_root(tmp_path)
    result = validate(root)
    kb = result.kb
    payload = TEXT_PAYLOADS[0] + TEXT_PAYLOADS[1] + TEXT_PAYLOADS[2] + TEXT_PAYLOADS[3]
    tampered = []
    for kind, items in kb.entries.items():
        for entry_id, entry in list(items.items()):
            update = {f: payload for f in ("title", "name", "summary", "direction", "feature", "abstract")
                      if isinstance(getattr(entry, f, None), str)}
            items[entry_id] = entry.model_copy(update=update)
            if update:
                tampered.append((kind, entry_id))
            if kb.source_of(kind, entry_id).body:
                kb.source_of(kind, entry_id).body = BODY_PAYLOAD
    site = Site(kb=kb, ref_date=date(2023, 1, 1))
    out = tmp_path / "out"
    from generator.site.build import REPO_MKDOCS

    assert render(Frame(REPO_MKDOCS, navigation()), generate(site, Progress(enabled=False)), out, [], workers=1) == []
    check = verify_site(out)
    assert check.ok, check.findings[:5]
    shown = 0
    for kind, entry_id in tampered:
        path = site.path_of(entry_id, kind)
        if path is None:
            continue  # a kind without a page (评选, 评分表): nothing to show it on
        doc = BeautifulSoup((out / html_url(path)).read_text(encoding="utf-8"), "html.parser")
        assert payload in doc.get_text(), (kind, entry_id, path)  # reached the page, as text
        shown += 1
    assert shown >= 20
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        doc = BeautifulSoup(html, "html.parser")
        for tag in doc.find_all(True):
            assert not any(k.startswith("on") for k in tag.attrs), (page, tag.name)
            assert "javascript:" not in (tag.get("href") or "").lower()
        assert "<script>alert" not in html and "<img src=x" not in html and '<img src="x"' not in html
        scripts = [s.get_text() for s in doc.find_all("script") if not s.get("src")]
        assert not any("alert" in text for text in scripts), page
        assert "<" not in doc.find("title").get_text()


@pytest.mark.parametrize("svg, ok", [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/><text>\xe5\x9b\xbe</text></svg>', True),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', False),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', False),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', False),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
     b'<image x:href="http://evil.example/a.png"/></svg>', False),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:alert(1)"/></svg>', False),
    (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', False),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://evil.example/x.css);</style></svg>', False),
])
def test_svg_attachments_are_checked(svg, ok):
    from generator.svg_check import svg_problem

    assert (svg_problem(svg) is None) == ok


# (page, what a browser would run or fetch in it — each a part of the problem the scan must
# report; none: the page is clean —, the internal links on it)
SCAN_CASES = [
    ('<p title="a>b" onclick="x">t</p>', ["onclick"], []),  # ">" inside a quoted value
    ('<img src=x onerror=alert(1)//>', ["onerror"], ["x"]),
    ('<svg/onload=alert(1)>', ["onload"], []),  # "/" between name and attribute: the full parser decides
    ('<script>var a = "<b>";</script><a href="javascript:alert(1)">x</a>', ["未知内联脚本", "危险地址"], []),
    ('<script/>alert(1)', ["未知内联脚本：'alert(1)'"], []),
    ('<!-- <script>alert(1)</script> --><p>ok</p>', [], []),
    ('<a href="&#106;avascript:alert(1)">x</a>', ["危险地址：'javascript:alert(1)'"], []),
    # outside SVG/MathML a CDATA section is a bogus comment up to the first ">": the script tag is
    # inside it, "alert(1)" is text, "</script>" a stray end tag
    ('<![CDATA[<script>alert(1)</script>]]>', [], []),
    ('<p>1 < 2</p><iframe src=x></iframe>', ["<iframe> 不允许"], []),
    ('<SCRIPT>alert(1)</SCRIPT><a href="a.html">a</a><a href="a.html">again</a>', ["未知内联脚本"], ["a.html"]),
    ('<script title="a>b">alert(1)</script>', ["未知内联脚本：'alert(1)'"], []),
    ('<svg><style><img src=x onerror=alert(1)></style></svg>', ["<img onerror"], ["x"]),  # SVG style text is markup
    ('<p>ok</p><script src="assets/search/search.js"></script>', [], ["assets/search/search.js"]),
    ('<a href="javascript:alert(1)" href="ok.html">x</a>', ["危险地址"], []),  # a browser keeps the first
    ('<img srcset="a.png 1x, http://evil.example/b.png 2x">', ["外部资源：'http://evil.example/b.png'"], []),
    ('<a HREF="x.html?a=1&amp;b=2" Title=\'&lt;t&gt;\' data-x=y>x</a><div/>', [], ["x.html"]),
]


@pytest.mark.parametrize("html, expected, links", SCAN_CASES)
def test_page_scan_finds_what_a_browser_would_run_by_either_path(html, expected, links):
    """Each page's problems are named (a clean page has none) and its links found, by the scan
    the build uses; the verifier's fast path either finds exactly what the HTML parser finds
    (each problem and link once) or defers to it — so a deferring page is judged too."""
    from generator.site.verify import fast_scan, full_scan, scan_html

    full = full_scan(html)
    for scanned in (full, scan_html(html)):
        problems, found_links = scanned
        assert len(problems) == len(expected), problems
        for part in expected:
            assert any(part in p for p in problems), (part, problems)
        assert found_links == links
    fast = fast_scan(html)
    assert fast is None or fast == full


@pytest.mark.parametrize("html", [
    '<!--><img src=x onerror=alert(1)>-->',  # a browser ends the comment at "<!-->"
    '<!---><script>alert(1)</script>-->',
    '<!-- a --!><img src=x onerror=alert(1)>-->',
    '<svg><style><img src=x onerror=alert(1)></style></svg>',
    '<SCRIPT>alert(1)</SCRIPT>',
    '<a href="javascript:alert(1)" href="ok.html">x</a>',
    '<img srcset="a.png 1x, http://evil.example/b.png 2x">',
])
def test_page_scan_finds_markup_a_browser_would_run(html):
    from generator.site.verify import scan_html

    problems, _ = scan_html(html)
    assert problems, html
