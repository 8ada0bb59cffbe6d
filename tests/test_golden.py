"""Golden test: `validate --format json` over a small knowledge base with known mistakes.

tests/kb_bad/ holds files laid over tests/kb_small/. When a message or a check changes on
purpose, regenerate the expected file and review the diff:

    make golden        (UPDATE_GOLDEN=1 pytest tests/test_golden.py)
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import make_root, run_cli

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "validate.json"


def test_validate_json_matches_golden(tmp_path):
    root = make_root(tmp_path)
    shutil.copytree(HERE / "kb_bad" / "content", root / "content", dirs_exist_ok=True)
    code, out, err = run_cli("validate", str(root), "--format", "json")
    assert code == 1 and err == ""
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(out, encoding="utf-8")
    assert out == GOLDEN.read_text(encoding="utf-8")
