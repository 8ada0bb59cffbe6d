"""bench/make_kb.py makes a knowledge base of its own: valid, with its own site_config/ (a copy, so
editing its vocabularies never edits the tool's checkout) and a .gitignore for the build output."""

from __future__ import annotations

import json
import sys

from conftest import REPO, run_cli

sys.path.insert(0, str(REPO / "bench"))
from make_kb import write_kb  # noqa: E402


def test_generated_kb_is_valid_and_self_contained(tmp_path):
    root = tmp_path / "kb"
    write_kb(root, 400)
    config = root / "site_config"
    assert config.is_dir() and not config.is_symlink()
    assert not any(p.is_symlink() for p in config.rglob("*"))
    vocab = config / "vocabularies.yml"
    before = (REPO / "site_config" / "vocabularies.yml").read_bytes()
    vocab.write_text(vocab.read_text(encoding="utf-8") + "\n# 本知识库自己的修改\n", encoding="utf-8")
    assert (REPO / "site_config" / "vocabularies.yml").read_bytes() == before
    ignored = (root / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in ignored and "site/" in ignored
    code, out, err = run_cli("--root", str(root), "validate", "--format", "json")
    report = json.loads(out)
    assert report["summary"]["errors"] == 0, [i for i in report["issues"] if i["severity"] == "error"][:5]
    assert code == 0, err
