"""The README's steps for adding a kind, followed literally in a copy of the repository.

The code blocks of README.md “新增一种条目” are taken as they are written (each names its file
and where it goes), applied to a copy, the two commands the steps name are run, and then the
copy's own registry test and a real `qinchuang build` show that the new kind has its page,
listing, navigation entry, search documents and exports — and the files touched are counted.
Before the page maker is added, the copy's registry test must fail naming it: the steps are
exact, and skipping one is caught.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import REPO

SECTION = re.compile(r"^### 新增一种条目\n(.*?)(?=^##)", re.S | re.M)
BLOCK = re.compile(r"^( *)```(?:python|yaml)\n(.*?)^\1```", re.S | re.M)
WHERE = re.compile(r"# 文件：(\S+?)（(.+?)）\n")


def readme_blocks() -> list[tuple[str, str, str]]:
    """(path, where, code) of every code block in the README's steps, in order."""
    text = SECTION.search((REPO / "README.md").read_text(encoding="utf-8")).group(1)
    out = []
    for _indent, body in BLOCK.findall(text):
        code = textwrap.dedent(body)
        m = WHERE.match(code)
        assert m, f"代码块的第一行应写明文件和位置：{code[:60]}"
        out.append((m.group(1), m.group(2), code[m.end():]))
    return out


def apply(repo: Path, path: str, where: str, code: str) -> None:
    file = repo / path
    if where == "新文件":
        assert not file.exists(), path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(code, encoding="utf-8")
        return
    text = file.read_text(encoding="utf-8")
    if where == "导入":  # after the module's last relative import
        last = list(re.finditer(r"^from \.\S* import .*$", text, re.M))[-1]
        text = text[:last.end()] + "\n" + code.rstrip("\n") + text[last.end():]
    elif where == "KINDS 列表末尾":
        end = text.index("\n]}\n", text.index("KINDS: dict"))
        text = text[:end] + "\n" + code.rstrip("\n") + text[end:]
    elif where == "文件末尾":
        text = text.rstrip("\n") + "\n\n\n" + code
    else:
        raise AssertionError(f"不认识的位置：{where}")
    file.write_text(text, encoding="utf-8")


def run(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(repo), "QINCHUANG_NO_CACHE": "1"}
    done = subprocess.run([sys.executable, *args], cwd=repo, env=env, capture_output=True, text=True)
    if check:
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The repository's files (as git sees them, without the sample content) in a fresh git repo."""
    repo = tmp_path_factory.mktemp("newkind") / "repo"
    files = git(REPO, "ls-files", "-z", "-co", "--exclude-standard").split("\0")
    for rel in files:
        if not rel or rel.startswith(("content/", "bench/", "scripts/sample/")) or not (REPO / rel).exists():
            continue
        target = repo / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if (REPO / rel).is_symlink():
            target.symlink_to(os.readlink(REPO / rel))
        else:
            shutil.copyfile(REPO / rel, target)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "copy")
    return repo


def test_a_newcomer_adds_a_kind_by_the_readmes_steps(copy, tmp_path):
    blocks = readme_blocks()
    assert [w for _, w, _ in blocks] == ["新文件", "导入", "KINDS 列表末尾", "文件末尾", "新文件"]

    # steps 1 and 2 (model, registry) without step 3: the registry test names the missing maker
    for path, where, code in blocks[:3]:
        apply(copy, path, where, code)
    missing = run(copy, "-m", "pytest", "-q", "-x", "tests/test_kinds.py::test_every_kind_has_every_part_or_says_why_not",
                  check=False)
    assert missing.returncode != 0
    assert "material: 页面生成函数 material_page 没有在 generator/site/pages.py 中用 @page_maker 注册" in missing.stdout

    # steps 3 and 4: the page maker and the test entry
    for path, where, code in blocks[3:]:
        apply(copy, path, where, code)
    # step 5: the two commands, and the kind named in the README's list of `new` types
    run(copy, "-m", "generator", "schema")
    run(copy, "-m", "generator", "guide")
    readme = copy / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("notice（公示）。", "notice（公示）、material（培训教材）。", 1),
                      encoding="utf-8")

    touched = sorted(line[3:] for line in git(copy, "-c", "core.quotepath=false", "status", "--porcelain", "-uall").splitlines())
    by_hand = ["README.md", "generator/models/kinds.py", "generator/models/materials.py", "generator/site/pages.py",
               "tests/kb_small/content/materials/2022/JC-2022-001.yml"]
    generated = [".vscode/settings.json", "docs/贡献指南.md", "site_config/schema/material.schema.json"]
    assert touched == sorted(by_hand + generated)

    # step 6: the copy's own checks of the registry and of the generated files
    run(copy, "-m", "pytest", "-q", "tests/test_kinds.py", "tests/test_docs.py", "tests/test_contribute_guide.py",
        "tests/test_cli.py::test_exported_schemas_are_up_to_date",
        "tests/test_contribute_ci.py::test_vscode_maps_every_yml_kind_to_its_schema")

    # and the portal: a real build of the test knowledge base with the new entry
    root = tmp_path / "kb"
    shutil.copytree(copy / "tests/kb_small/content", root / "content")
    (root / "site_config").symlink_to(copy / "tests/site_config")
    run(copy, "-m", "generator", "build", "--root", str(root), "--no-pdf")
    site = root / "site"
    page = (site / "materials/JC-2022-001.html").read_text(encoding="utf-8")
    assert "锅炉吹灰器检修培训教材" in page and "培训教材 · JC-2022-001" in page
    assert 'href="../index.html">首页</a> › 两共享 ›' in page  # its breadcrumb
    overview = (site / "materials/index.html").read_text(encoding="utf-8")
    assert "共 1 项" in overview and "按年度" in overview
    assert "JC-2022-001" in (site / "materials/list-year-2022.html").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="materials/index.html"[^>]*>(\s|<[^>]+>)*培训教材', home)  # in the navigation
    base = (site / "bases/FJD-01.html").read_text(encoding="utf-8")
    assert re.search(r"<strong>培训教材</strong>：<a [^>]*>锅炉吹灰器检修培训教材</a>", base)  # back-reference
    # the person it refers to: a kind the person page has no section of is listed under 关联条目
    person = (site / "people/QD10004.html").read_text(encoding="utf-8")
    related = re.search(r"<h2[^>]*>关联条目.*?</ul>", person, re.S)
    assert related, "人员 QD10004 的页面没有“关联条目”一节"
    assert re.search(r"<strong>培训教材</strong>：<a [^>]*>锅炉吹灰器检修培训教材</a>", related.group(0)), related.group(0)
    rows = list(csv.DictReader(io.StringIO((site / "exports/material.csv").read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in rows] == ["JC-2022-001"] and rows[0]["author"] == "QD10004"
    searched = run(copy, "-c", textwrap.dedent(f"""
        from pathlib import Path
        from generator.search.documents import documents
        from generator.validation import validate
        kb = validate(Path({str(root)!r})).kb
        print([(d.facets['type'], d.title, d.url)
               for d in documents(kb, lambda kind, i: kind + '/' + i) if d.kind == 'material'])
        from generator.search.glossary import TYPE_WORDS
        print(TYPE_WORDS['讲义'])"""))
    assert "('教材', '锅炉吹灰器检修培训教材', 'material/JC-2022-001')" in searched.stdout
    assert searched.stdout.splitlines()[-1] == "教材"  # “讲义” in a query names the kind
