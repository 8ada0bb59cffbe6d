"""A union replaces the sample in content/ with its own records: the tool's tests still pass.

The suite is copied (without content/) next to a knowledge base that differs from the sample (the
regenerated sample, changed) —
entries added, edited and deleted, base.yml changed as each union does — and the tests that used
to pin the sample's figures are run there in a fresh interpreter.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

# The tests that read a whole knowledge base and pin figures, pages or reports.
CONTENT_SENSITIVE = ["tests/test_sample_kb.py", "tests/test_cli.py", "tests/test_golden.py",
                     "tests/test_site_golden.py", "tests/test_issue_fixtures.py"]
SKIP_TOP = {".git", ".venv", "content", "site", "build", "node_modules"}  # content/ is replaced
SKIP = {".pytest_cache", "__pycache__", "out"}


def _ignore(folder: str, names: list[str]) -> list[str]:
    skip = SKIP | SKIP_TOP if Path(folder) == REPO else SKIP
    return [n for n in names if n in skip]


def union_content(content: Path) -> None:
    """Turn the sample into another union's data: one project added, one edited, some deleted."""
    projects = sorted((content / "projects" / "2022").glob("KT-2022-*.md"))
    last = projects[-1]
    number = int(last.stem.rsplit("-", 1)[1]) + 1
    new_id = f"KT-2022-{number:03d}"
    text = last.read_text(encoding="utf-8").replace(last.stem, new_id)
    text = re.sub(r"^title: .*$", "title: 输煤皮带跑偏自动纠正装置研制", text, count=1, flags=re.M)
    (last.parent / f"{new_id}.md").write_text(text, encoding="utf-8")
    edited = projects[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(re.sub(r"^title: .*$", "title: 本单位改写的课题名称", text, count=1, flags=re.M),
                      encoding="utf-8")
    for path in sorted(content.glob("experience/*.md"))[:2] + sorted(content.glob("events/2021/*"))[:3]:
        path.unlink()


def test_suite_passes_with_another_unions_content(tmp_path, sample_root):
    repo = tmp_path / "repo"
    shutil.copytree(REPO, repo, symlinks=True, ignore=_ignore)
    shutil.copytree(sample_root / "content", repo / "content")  # not REPO's: that may be any union's
    union_content(repo / "content")
    base = repo / "site_config" / "base.yml"
    base.write_text(base.read_text(encoding="utf-8").replace("1180", "2350").replace(
        "秦电劳模和工匠人才创新工作基地", "某电厂劳模创新工作室联盟"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(repo), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("UPDATE_GOLDEN", None)
    probe = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"],
                           cwd=repo, env=env, capture_output=True, text=True, check=True)
    assert probe.stdout.startswith(str(repo))  # the copy's code, not the worktree's
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-x", "-rN",
                          "-o", "addopts=", *CONTENT_SENSITIVE], cwd=repo, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert re.search(r"\b\d{2,} passed\b", run.stdout), run.stdout[-1000:]


def test_a_union_names_its_portal_in_base_yml_only(tmp_path):
    """A fork sets its name in site_config/base.yml; no page keeps ours (mkdocs.yml stays as shipped)."""
    from conftest import KB_SMALL, TEST_CONFIG, run_cli

    root = tmp_path / "kb"
    shutil.copytree(KB_SMALL / "content", root / "content")
    config = root / "site_config"
    config.mkdir()
    for item in TEST_CONFIG.iterdir():
        if item.name != "base.yml":
            (config / item.name).symlink_to(item.resolve())
    base = (TEST_CONFIG / "base.yml").read_text(encoding="utf-8")
    base = (base.replace("秦电劳模和工匠人才创新工作基地", "唐电职工创新工作基地").replace("short_name: 秦创", "short_name: 唐创")
            .replace("秦皇岛发电有限责任公司", "唐山热电有限责任公司"))
    (config / "base.yml").write_text(base, encoding="utf-8")
    site = tmp_path / "site"
    code, out, err = run_cli("--root", str(root), "build", "--no-pdf", "--quiet", "--out", str(site))
    assert code == 0, out + err
    for page in ("index.html", "404.html", "projects/KT-2021-001.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "<title>" in html and "唐创 · 唐电职工创新工作基地" in html, page
        assert "秦皇岛" not in html and "秦创" not in html, page
