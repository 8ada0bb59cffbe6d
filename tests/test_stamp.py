"""Entry pages stamped from their kind's skeleton (generator/site/stamp.py) and converted without
Python-Markdown (plain_pages.py) must be byte for byte what MkDocs and Material make.

Each case builds one knowledge base twice — the fast paths on, and off (MkDocs renders every
page itself) — and compares every published file. Hostile but valid titles, titles Markdown
acts on, and theme overrides a union might write (one printing each page's address, one
printing the title through a filter) must all come out identical; the fast paths must also
really be taken where nothing forbids them, so the comparison is not vacuous.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
from pathlib import Path

import pytest

from generator.site import stamp
from generator.site.build import Progress, build_site

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from make_kb import write_kb  # noqa: E402

# valid for the validator (no <, >, & or ;) but awkward for a fill-in: quotes, template syntax,
# the stamp's own marker words, regex replacement escapes, Markdown emphasis, a heading's #
TITLES = [
    '“引号”与"直引号"及\'单引号\'的课题',
    "{{ page.url }} 与 {% raw %} 的课题",
    "QCSTAMP title 与 qcstamp anchor 的课题",
    r"反斜杠 \1 \g<0> $1 的课题",
    "*强调* 与 _下划线_ 与 `代码` 的课题",
    "# 井号开头的课题 #",
    "很长的课题名称" * 12,
    "带 emoji 🔧 与全角　空格的课题",
]


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build_both(root: Path, tmp: Path, monkeypatch) -> tuple[dict, dict, object]:
    fast = build_site(root, out=tmp / "fast", build_dir=tmp / "b1", progress=Progress(enabled=False), pdf=False)
    monkeypatch.setattr(stamp, "ENABLED", False)
    slow = build_site(root, out=tmp / "slow", build_dir=tmp / "b2", progress=Progress(enabled=False), pdf=False)
    monkeypatch.setattr(stamp, "ENABLED", True)
    assert slow.stamped == 0 and slow.plain == 0
    return digest(tmp / "fast"), digest(tmp / "slow"), fast


def differing(a: dict, b: dict) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> Path:
    """A synthetic knowledge base of 300 entries, some projects retitled with TITLES."""
    root = tmp_path_factory.mktemp("stamp") / "kb"
    write_kb(root, 300)
    projects = sorted((root / "content" / "projects").rglob("KT-*.md"))
    for path, title in zip(projects[::3], TITLES, strict=False):
        text = path.read_text(encoding="utf-8")
        quoted = "'" + title.replace("'", "''") + "'"
        path.write_text(re.sub(r"(?m)^title: .*$", lambda m, quoted=quoted: "title: " + quoted, text, count=1), encoding="utf-8")
    return root


def test_fast_paths_make_the_same_site(kb, tmp_path, monkeypatch):
    fast, slow, summary = build_both(kb, tmp_path, monkeypatch)
    assert differing(fast, slow) == []
    entry_pages = sum(1 for p in fast if re.match(r"(projects|people|papers|patents|awards)/[A-Z]{2}[-\d]", p))
    assert summary.stamped >= 0.8 * entry_pages, (summary.stamped, entry_pages)
    assert summary.plain >= 0.5 * entry_pages, (summary.plain, entry_pages)


def test_hostile_titles_are_shown_as_written(kb, tmp_path):
    from bs4 import BeautifulSoup

    build_site(kb, out=tmp_path / "site", build_dir=tmp_path / "b", progress=Progress(enabled=False), pdf=False)
    shown = {}
    for path in (tmp_path / "site" / "projects").glob("KT-*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        shown[page.find("h1").get_text()] = page.find("title").get_text()
    for title in TITLES:
        assert title in shown, title  # the heading, as written
        if not set(title) & set("\\<>&`"):  # shown as full-width look-alikes there (markup._PLAIN)
            assert shown[title].startswith(title), shown[title]  # the browser tab
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html"))
    assert not re.search("(?i)qcstamp[0-9a-f]{16}", text)  # no marker (with its nonce) left behind
    assert "QCSTAMP title" in text  # the title that only looks like one is shown


def themed_root(kb: Path, tmp: Path, extra: str, partials: dict[str, str] | None = None) -> Path:
    """The knowledge base with a union's own theme: our theme folder with ``extra`` added to
    main.html (and ``partials`` overridden), and a mkdocs.yml pointing at it."""
    root = tmp / "themed"
    shutil.copytree(kb, root, symlinks=True)
    shutil.copytree(REPO / "site_config" / "theme", root / "theme")
    main = root / "theme" / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + extra, encoding="utf-8")
    for name, text in (partials or {}).items():
        (root / "theme" / "partials" / name).write_text(text, encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("custom_dir: site_config/theme", "custom_dir: theme")
    assert "custom_dir: theme" in config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


@pytest.mark.parametrize("extra", [
    # each page's own address in its footer: differs on pages the skeleton has the same
    '{% block footer %}{{ super() }}<p class="where">{{ page.url }}</p>{% endblock %}',
    # the title through a filter, and a branch on the content's length
    '{% block htmltitle %}<title>{{ page.title | upper }}</title>{% endblock %}',
    '{% block announce %}{% if page.content | length > 3000 %}长页{% endif %}{% endblock %}',
    '{% block htmltitle %}<title>{{ page.title | truncate(30) }}</title>{% endblock %}',
    # a script only for pages that need it, as diagram and formula plugins do
    '{% block scripts %}{{ super() }}{% if "qc-scroll" in page.content %}<p>有表格</p>{% endif %}{% endblock %}',
], ids=["address", "filter", "length", "truncate", "substring"])
def test_a_union_theme_that_defeats_the_skeleton_falls_back(kb, tmp_path, monkeypatch, extra):
    root = themed_root(kb, tmp_path, extra)
    fast, slow, summary = build_both(root, tmp_path, monkeypatch)
    assert differing(fast, slow) == []
    assert summary.stamped == 0  # every kind fell back (or, for the content test, none was tried)


def test_a_plain_theme_override_is_still_stamped(kb, tmp_path, monkeypatch):
    """An override that prints the same thing on every page keeps the fast path."""
    root = themed_root(kb, tmp_path, '{% block announce %}工会通知：系统维护{% endblock %}')
    fast, slow, summary = build_both(root, tmp_path, monkeypatch)
    assert differing(fast, slow) == []
    assert summary.stamped > 100
    assert "工会通知：系统维护" in (tmp_path / "fast" / "projects" / "index.html").read_text(encoding="utf-8")


def test_stamped_pages_are_scanned_as_a_whole_page_would_be(kb, tmp_path, monkeypatch):
    """The page scan of a stamped page is made from its kind's pieces (verify.scan_parts):
    for every such page it must equal the scan of the whole page."""
    from generator.site import plugins, verify

    compared = []

    def both(text, parts, known):
        made = verify.scan_parts(text, parts, known)
        compared.append(made == verify.scan_html(text))
        return made

    monkeypatch.setattr(plugins, "scan_parts", both)
    summary = build_site(kb, out=tmp_path / "site", build_dir=tmp_path / "b", progress=Progress(enabled=False),
                         pdf=False, workers=1)
    assert all(compared)
    assert len(compared) >= 0.8 * summary.stamped > 0


# constructs that must not be read differently when a page is scanned in parts
TRICKS = ['<!-- a > b', '-->', '<script>', '</script>', '<a href="javascript:x">', '<', '<img src="//x/y.png">',
          '<!-->', '--!>', '<title>', '</title>', '<textarea>', '<p onclick="x">', '"', '>', 'text']


@pytest.mark.parametrize("seed", range(40))
def test_scan_in_parts_equals_the_whole_scan(seed):
    import random

    from generator.site.verify import scan_html, scan_part, scan_parts

    rng = random.Random(seed)
    page = ('<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>'
            '<a href="../x.html">x</a><p>正文</p><script src="../assets/x.js"></script></body></html>')
    cuts = sorted(rng.sample(range(1, len(page)), 4))
    parts = [page[a:b] for a, b in zip([0] + cuts, cuts + [len(page)], strict=True)]
    for _ in range(rng.randint(1, 3)):
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(TRICKS))
    text = "".join(parts)
    known = {p: scan_part(p) for p in parts[::2] if scan_part(p) is not None}
    assert scan_parts(text, parts, known) == scan_html(text)


def test_a_union_navigation_that_prints_the_page_shows_each_page_its_own(kb, tmp_path, monkeypatch):
    """partials/nav.html overridden to say where the reader is: the navigation, otherwise made
    once per folder, must then be each page's own."""
    import material

    nav = (Path(material.__file__).parent / "templates" / "partials" / "nav.html").read_text(encoding="utf-8")
    mine = '<div class="where" data-url="{{ page.url }}">您在：{{ page.title }}</div>\n'
    assert '<ul class="md-nav__list"' in nav
    nav = nav.replace('<ul class="md-nav__list"', mine + '<ul class="md-nav__list"', 1)
    root = themed_root(kb, tmp_path, "", {"nav.html": nav})
    fast, slow, summary = build_both(root, tmp_path, monkeypatch)
    assert differing(fast, slow) == []
    for path in sorted((tmp_path / "fast" / "projects").glob("KT-*.html"))[:20]:
        text = path.read_text(encoding="utf-8")
        assert f'data-url="projects/{path.name}"' in text, path.name


def test_a_mistake_in_a_union_template_names_its_file_and_line(kb, tmp_path):
    """A partial that uses page.url without {% if page %} breaks on 404.html (no page): the
    build says which template and line, not an internal error."""
    from generator.site.build import BuildError

    root = themed_root(kb, tmp_path, "", {"copyright.html": "<p>\n{{ page.url.upper() }}\n</p>\n"})
    with pytest.raises(BuildError) as caught:
        build_site(root, out=tmp_path / "site", build_dir=tmp_path / "b", progress=Progress(enabled=False), pdf=False)
    message = str(caught.value)
    assert "主题模板出错" in message and "copyright.html:2" in message, message
    assert not (tmp_path / "site").exists()  # nothing published
