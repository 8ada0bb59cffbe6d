"""`qinchuang serve`'s incremental rebuild: after each edit a contributor makes, the edited page
is right at once (stage 1), and once the deferred steps have run the preview holds byte for byte
what a fresh full build of the same knowledge base publishes."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import make_root
from generator.errors import ContentError
from generator.site.build import Progress, build_site
from generator.site.context import html_url
from generator.site.preview import Preview


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def copy_entry(src: Path, dest: Path, old_id: str, new_id: str, old_title: str, new_title: str) -> None:
    dest.write_text(src.read_text(encoding="utf-8").replace(old_id, new_id).replace(old_title, new_title),
                    encoding="utf-8")


def fresh_build(root: Path, out: Path) -> dict[str, str]:
    shutil.rmtree(out, ignore_errors=True)
    build_site(root, out=out, build_dir=out.with_name(out.name + "-build"), progress=Progress(enabled=False),
               pdf=False, workers=1)
    return digest(out)


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("incremental")
    root = make_root(tmp)
    preview = Preview(root, tmp / "preview")
    first = preview.update()
    assert first.full
    preview.settle()  # writes the validation cache the fast path reads
    return root, preview, tmp


STEPS = [  # (what, renders everything, the page it shows on, the edit)
    ("a project's title", False, "projects/KT-2021-001.html", lambda root: replace(
        root / "content/projects/2021/KT-2021-001.md", "title: 降低1号炉低温再热器管壁超温次数", "title: 降低一号炉再热器超温次数")),
    ("a person's name, shown on the pages that reference them", False, "people/QD10002.html", lambda root: replace(
        root / "content/people/QD10002.yml", "name: 王志刚", "name: 王志强")),
    ("a new project", False, "projects/KT-2022-009.html", lambda root: copy_entry(
        root / "content/projects/2022/KT-2022-001.md", root / "content/projects/2022/KT-2022-009.md",
        "KT-2022-001", "KT-2022-009", "title: ", "title: 新增课题：")),
    ("a new paper", False, "papers/LW-2021-009.html", lambda root: copy_entry(
        root / "content/papers/2021/LW-2021-001.md", root / "content/papers/2021/LW-2021-009.md",
        "LW-2021-001", "LW-2021-009", "低负荷工况下再热器管壁超温原因分析及对策", "再热器减温水逻辑优化的实践")),
    ("the paper removed again", False, "papers/LW-2021-009.html",
     lambda root: (root / "content/papers/2021/LW-2021-009.md").unlink()),
    ("the portal's name in base.yml (every page's header)", True, "index.html", lambda root: _own_config(root)),
]


def _own_config(root: Path) -> None:
    shared = (root / "site_config").resolve()
    (root / "site_config").unlink()  # the tests' shared configuration stays as it is
    shutil.copytree(shared, root / "site_config")
    base = root / "site_config" / "base.yml"
    text = base.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name:"))
    base.write_text(text.replace(name, "name: 测试工会创新工作基地"), encoding="utf-8")


@pytest.mark.parametrize("what, full, page, edit", STEPS, ids=[s[0] for s in STEPS])
def test_each_edit_gives_what_a_full_build_gives(kb, what, full, page, edit):
    root, preview, tmp = kb
    before = digest(preview.site_dir)
    edit(root)
    update = preview.update()
    assert update.full == full
    first = digest(preview.site_dir)
    assert first != before  # the edit shows at once
    if not full:
        assert update.fast  # validated incrementally, only the edited entry's page made
        assert [html_url(p) for p in update.pages] == [page], update.pages
        assert update.read <= 1  # the loader read only the edited file
    assert preview.pending()
    later = preview.settle()
    if not full:
        assert [u.step for u in later][:3] == ["pages", "exports", "search"]
        pages = sum(1 for p in first if p.endswith(".html"))
        assert len(later[0].pages) < pages / 3, later[0].pages  # only what depends on the edit
    settled = digest(preview.site_dir)
    assert not preview.pending()
    fresh = fresh_build(root, tmp / "fresh")
    assert settled == fresh
    assert first.get(page) == fresh.get(page)  # the page the contributor looks at was right at once


def test_an_error_keeps_the_last_site_and_its_fix_updates_it(kb):
    root, preview, tmp = kb
    project = root / "content/projects/2022/KT-2022-001.md"
    good = project.read_text(encoding="utf-8")
    before = digest(preview.site_dir)
    project.write_text(good.replace("year: 2022", "year: 二〇二二", 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        preview.update()
    assert caught.value.report.errors >= 1
    assert digest(preview.site_dir) == before
    project.write_text(good.replace("status: ", "status: ", 1).replace("title: ", "title: 修改后：", 1), encoding="utf-8")
    update = preview.update()
    preview.settle()
    assert not update.full and digest(preview.site_dir) == fresh_build(root, tmp / "fresh")


def test_a_full_rebuild_replaces_the_site_without_a_moment_of_no_site(tmp_path, monkeypatch):
    """The full path swaps the new site in as one exchange: at no rename does the served folder
    go missing (a browser reloading then would get 404)."""
    import os

    root = make_root(tmp_path)
    preview = Preview(root, tmp_path / "preview")
    preview.update()  # the first site
    missing: list[str] = []
    real = os.replace, os.rename

    def watched(real_call):
        def call(src, dest, *args, **kwargs):
            real_call(src, dest, *args, **kwargs)
            if not preview.site_dir.exists():
                missing.append(f"{src} → {dest}")
        return call

    monkeypatch.setattr(os, "replace", watched(real[0]))
    monkeypatch.setattr(os, "rename", watched(real[1]))
    _own_config(root)  # the portal's name: every page changes, the full path
    update = preview.update()
    assert update.full and (preview.site_dir / "index.html").is_file()
    assert missing == []
