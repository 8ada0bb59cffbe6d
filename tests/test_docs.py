"""Documentation stays true: every command and format is in the README, every code in the catalogue."""

from __future__ import annotations

from conftest import REPO
from generator.cli import FORMAT_CHOICES, build_parser
from generator.models import KINDS

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return list(sub.choices)


def test_every_command_is_documented():
    for name in _commands():
        assert f"qinchuang {name}" in README, name


def test_every_format_and_type_is_documented():
    for fmt in FORMAT_CHOICES[1:]:
        assert f"--format {fmt}" in README
    for kind in KINDS:
        assert kind in README


def test_exit_codes_are_documented():
    assert "`0` 通过" in README and "`1` 知识库有错误" in README and "`2` 用法" in README
