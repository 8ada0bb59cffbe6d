"""docs/贡献指南.md: its generated parts are up to date, and its examples are really validated."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, run_cli
from generator.config import load_config
from generator.contribute import guide, guide_examples
from generator.issues import CATALOGUE
from generator.models import KINDS
from generator.schema_export import entry_schema
from generator.validation import validate


def test_guide_is_up_to_date():
    """Fails after a model, vocabulary or issue-code change: run `qinchuang guide` and commit."""
    path, fresh = guide.update(REPO, load_config(REPO), check=True)
    assert fresh, f"{path} 已过期：运行 qinchuang guide 重新生成"


def test_guide_check_command():
    code, out, _ = run_cli("--root", str(REPO), "guide", "--check")
    assert code == 0 and "是最新的" in out


def test_every_issue_code_is_explained():
    text = (REPO / guide.GUIDE).read_text(encoding="utf-8")
    for code in CATALOGUE:
        assert f"| `{code}` |" in text


def test_every_field_of_every_kind_has_a_row():
    config = load_config(REPO)
    for kind in KINDS:
        table = guide.fields_table(kind, config)
        for name in entry_schema(kind, config)["properties"]:
            assert f"| `{name}` |" in table, (kind, name)


def test_examples_validate_and_the_report_is_real(tmp_path):
    root = guide.example_root(tmp_path)
    report = validate(root, today=guide_examples.TODAY, config=load_config(REPO)).report
    broken = {f"content/projects/2022/{pid}.md" for pid in guide_examples.BROKEN}
    assert {i.path for i in report.issues if i.severity != "info"} == broken
    assert [i.code for i in report.issues] == ["schema-vocab", "date-invalid", "mentor-missing", "ref-unknown"]


def test_render_only_touches_marked_blocks():
    text = ("前言\n<!-- 自动生成:issues 开始（请勿手改：运行 qinchuang guide 更新） -->\n旧内容\n"
            "<!-- 自动生成:issues 结束 -->\n后记\n")
    out = guide.render(text, load_config(REPO))
    assert out.startswith("前言\n") and out.endswith("后记\n") and "旧内容" not in out
    assert guide.render(out, load_config(REPO)) == out


def test_guide_path_is_in_docs():
    assert guide.GUIDE == Path("docs") / "贡献指南.md"
