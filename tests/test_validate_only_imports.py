"""`validate --only` (the pre-commit hook, a fresh process each commit) loads only what the check
of the named files needs (issue #13: ≤ 0.5 s at 10k entries, of which start-up and imports are
most). Checked from outside: the modules a real run leaves in sys.modules."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import KB_SMALL, REPO, TEST_CONFIG

HEAVY = ["markdown", "pygments", "nh3", "openpyxl", "generator.anthology", "generator.site", "generator.search",
         "generator.importing", "generator.awards.report"]
PROBE = """
import json, sys
from generator.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def checkout(tmp: Path) -> Path:
    """A copy of the small knowledge base in a checkout's root (the cache is used there), validated
    once so the cache is warm, as on a contributor's machine before a commit."""
    root = tmp / "kb"
    shutil.copytree(KB_SMALL / "content", root / "content")
    shutil.copytree(TEST_CONFIG, root / "site_config", symlinks=False)
    (root / ".git").mkdir()
    run(root)
    return root


def run(root: Path, *files: str) -> tuple[int, set[str]]:
    env = {**os.environ, "XDG_CACHE_HOME": str(root.parent / "user-cache"), "QINCHUANG_DEBUG": "1"}
    only = ["--only", *files] if files else []
    done = subprocess.run([sys.executable, "-c", PROBE, "--root", str(root), "validate", "--format", "json", *only],
                          capture_output=True, text=True, cwd=REPO, env=env, check=False)
    assert done.stdout.strip(), done.stderr[-2000:]
    last = done.stdout.strip().splitlines()[-1]
    data = json.loads(last)
    return data["code"], set(data["modules"])


def test_only_of_a_person_loads_no_renderer(tmp_path):
    root = checkout(tmp_path)
    person = next((root / "content" / "people").glob("*.yml")).relative_to(root).as_posix()
    code, modules = run(root, person)
    assert code == 0
    loaded = [m for m in HEAVY if m in modules or any(x.startswith(m + ".") for x in modules)]
    assert loaded == []


def test_a_body_with_html_is_still_parsed(tmp_path):
    """The parse is skipped only where it can find nothing: a project whose body gains raw HTML is
    reported, Markdown loaded."""
    root = checkout(tmp_path)
    project = next((root / "content" / "projects").rglob("*.md"))
    project.write_text(project.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8")
    code, modules = run(root, project.relative_to(root).as_posix())
    assert code == 1 and "markdown" in modules


def test_skipping_the_parse_finds_the_same(monkeypatch):
    """For bodies with and without markup (the small knowledge base's and hostile ones), the check
    that skips the Markdown parse where it can find nothing reports what the parse reports."""
    from generator.loading.source import Source
    from generator.validation import safety

    bodies = [p.read_text(encoding="utf-8") for p in (KB_SMALL / "content").rglob("*.md")]
    deep = (REPO / "tests" / "fixtures" / "issues" / "markdown-too-deep.md").read_text(encoding="utf-8").split("---", 2)[2]
    bodies += [deep, "> " * 400 + "很深的引用", "\n".join("  " * i + "- 第几层" for i in range(300)),
               "普通段落 {: onclick=alert(1)}", "```\n{: onclick=x}\n```", "#1锅炉 &lt;script&gt;",
               "脚注[^1]\n\n[^1]: javascript:alert(1)", "<https://example.org>", "正文 &#60;b&#62;"]
    src = Source(rel="content/x.md", kind=None)
    for body in bodies:
        quick = list(safety.scan_markdown(src, body, 1, set()))
        with monkeypatch.context() as m:
            m.setattr(safety, "_plain", lambda _body: False)
            parsed = list(safety.scan_markdown(src, body, 1, set()))
        assert quick == parsed, body[:80]
    assert any(i.code == "markdown-too-deep" for i in safety.scan_markdown(src, deep, 1, set()))
