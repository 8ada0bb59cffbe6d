"""The strict loader against every YAML and encoding hazard in shared/design/HAZARDS.md."""

from __future__ import annotations

import pytest

from generator.loading.source import parse_source
from generator.models import KINDS

PERSON = KINDS["person"]
PROJECT = KINDS["project"]


def load(text: str | bytes, rel: str = "content/people/QD10001.yml"):
    raw = text.encode() if isinstance(text, str) else text
    return parse_source(raw, rel, PROJECT if rel.endswith(".md") else PERSON)


def codes(src):
    return [(i.code, i.line) for i in src.issues]


def test_yaml_11_values_stay_text():
    src = load("a: NO\nb: on\nc: 0755\nd: 1:20\ne: 1.10\nf: 2021-03-01\ng: 2021-03\nh: yes\n")
    assert src.data == {"a": "NO", "b": "on", "c": "0755", "d": "1:20", "e": "1.10",
                        "f": "2021-03-01", "g": "2021-03", "h": "yes"}
    assert src.issues == []


def test_empty_and_null_values_are_none_but_quoted_empty_is_text():
    src = load("a:\nb: ~\nc: null\nd: ''\ne: 'null'\n")
    assert src.data == {"a": None, "b": None, "c": None, "d": "", "e": "null"}


def test_duplicate_key_names_both_lines():
    src = load("id: QD10001\nname: 甲\nbase: FJD-01\nname: 乙\n")
    assert codes(src) == [("yaml-duplicate-key", 4)]
    assert "第 2 行" in src.issues[0].message


def test_every_field_keeps_its_line():
    src = load("id: QD10001\ntitles:\n  - title: 秦皇岛工匠\n    kind: 工匠\n\n  - title: 技术能手\n")
    assert src.lines[("titles", 0, "kind")] == 4
    assert src.lines[("titles", 1, "title")] == 6
    assert src.line(("titles", 1, "missing")) == 6


def test_invalid_date_is_a_schema_issue_not_a_crash():
    from generator.validation.schema import check_schema

    src = load("id: FJD-01\nname: 锅炉\nunion: 锅炉分工会\nfeature: 特色\nfounded: 2021-02-30\n",
               "content/bases/FJD-01.yml")
    src.kind = KINDS["base"]
    entry, found = check_schema(src, {"vocab": {}})
    assert entry is None and [(i.code, i.line) for i in found] == [("date-invalid", 5)]


def test_deep_nesting_is_refused_without_recursion_error():
    src = load("a: " + "[" * 1000 + "]" * 1000 + "\n")
    assert codes(src) == [("yaml-too-deep", 1)]
    src = load("a: " + "[" * 1000)  # unclosed as well
    assert [c for c, _ in codes(src)] in (["yaml-too-deep"], ["yaml-syntax"])


def test_alias_bomb_is_refused():
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    src = load(bomb)
    assert src.data is None and codes(src) == [("yaml-alias", 2)]


def test_fullwidth_colon_is_reported_with_hint():
    src = load("id: QD10001\nname：张三\n")
    assert ("fullwidth-colon", 2) in codes(src)
    assert "name: " in src.issues[0].hint
    whole = load("标题：值\n")  # a whole document that became one string
    assert [c for c, _ in codes(whole)] == ["fullwidth-colon"]


def test_fullwidth_colon_inside_block_text_is_fine():
    src = load("id: QD10001\nnote: |\n  结论：达到国内领先水平\n  name：不是字段\n")
    assert src.issues == []


def test_ideographic_space_and_tab_indentation():
    assert ("ideographic-space", 3) in codes(load("id: QD10001\ntitles:\n\u3000- title: x\n"))
    assert ("tab-indent", 3) in codes(load("id: QD10001\ntitles:\n\t- title: x\n"))


def test_gbk_file_gets_a_conversion_hint():
    src = load("id: QD10001\nname: 张三\n".encode("gb18030"))
    assert codes(src) == [("encoding-gbk", 2)]
    assert "iconv" in src.issues[0].hint


def test_bom_and_crlf_are_handled():
    src = load(b"\xef\xbb\xbfid: QD10001\r\nname: \xe5\xbc\xa0\xe4\xb8\x89\r\n")
    assert src.data == {"id": "QD10001", "name": "张三"} and src.issues == []


def test_bom_before_front_matter_keeps_the_front_matter():
    src = load("\ufeff---\r\nid: KT-2021-001\r\n---\r\n正文\r\n".encode(), "content/projects/2021/KT-2021-001.md")
    assert src.data == {"id": "KT-2021-001"} and src.body.strip() == "正文" and src.body_line == 4


def test_zero_width_characters_are_reported_where_they_are():
    src = load("id: QD10001\nname\u200b: 张三\n")
    assert codes(src) == [("invisible-char", 2)]
    assert "U+200B" in src.issues[0].message


def test_front_matter_split_and_body_line():
    src = load("---\nid: KT-2021-001\ntitle: 测试\n---\n\n## 背景\n", "content/projects/2021/KT-2021-001.md")
    assert src.data == {"id": "KT-2021-001", "title": "测试"}
    assert src.lines[("title",)] == 3 and src.body_line == 5


def test_tags_and_multiple_documents_are_refused():
    assert codes(load("a: !!python/object:os.system x\n")) == [("yaml-tag", 1)]
    assert codes(load("a: 1\n---\nb: 2\n")) == [("yaml-multi-document", 2)]


def test_symlinks_are_refused(kb_root):
    from datetime import date

    from generator.validation import validate

    (kb_root / "content/people/QD10099.yml").symlink_to("/etc/hostname")
    report = validate(kb_root, today=date(2026, 11, 26)).report
    assert [(i.code, i.path) for i in report.issues if i.severity == "error"] == [
        ("file-unexpected", "content/people/QD10099.yml")]


def test_control_characters_written_as_yaml_escapes_are_reported_at_their_line():
    src = load('id: QD10001\nname: "张\\0\\x07\\x1b]0;pwn\\x07\\x1b[2J三"\n')
    assert codes(src) == [("control-escape", 2)]
    assert "U+0000" in src.issues[0].message


@pytest.mark.parametrize("char", ["\u202e", "\u2028", "\u0085", "\u2066", "\x7f", "\x1b", "\x07", "\x9b"])
def test_control_and_bidi_characters_are_rejected_in_values(char):
    escaped = load(f'id: QD10001\nname: "张\\u{ord(char):04x}三"\n')
    assert codes(escaped) == [("control-escape", 2)], escaped.issues
    raw = load(f"id: QD10001\nname: 张{char}三\n".encode())
    assert [c for c, _ in codes(raw)] and all(c == "invisible-char" for c, _ in codes(raw)), raw.issues
    assert codes(raw)[0] == ("invisible-char", 2)


@pytest.mark.parametrize("char", ["\u202e", "\u0085", "\x1b", "\x00", "\x7f"])
def test_control_characters_in_a_body_are_reported_at_their_line(char):
    rel = "content/projects/2021/KT-2021-001.md"
    src = load(f"---\nid: KT-2021-001\n---\n\n正文\n第二{char}行\n\t缩进\n".encode(), rel)
    assert codes(src) == [("invisible-char", 6)], src.issues


def test_tab_and_newline_are_fine_in_bodies_and_block_text():
    rel = "content/projects/2021/KT-2021-001.md"
    src = load("---\nid: KT-2021-001\nnote: |\n  一\t二\n  三\n---\n\n正\t文\n", rel)
    assert src.issues == []
