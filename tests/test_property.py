"""Any bytes, any text: the loader and the validator return a report, never an exception."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_root
from generator.loading.source import parse_source
from generator.models import KINDS
from generator.validation import validate

YAMLISH = st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n\t ：\u3000\u200b0123456789年月日<>/\\")),
                  max_size=200)


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=400), kind=st.sampled_from(list(KINDS)))
def test_any_bytes_give_a_source(raw, kind):
    k = KINDS[kind]
    src = parse_source(raw, f"content/{k.folder}/x{k.ext}", k)
    assert src.data is None or isinstance(src.data, dict)
    assert all(i.line >= 0 and i.message for i in src.issues)


@settings(max_examples=300, deadline=None)
@given(text=YAMLISH, md=st.booleans())
def test_any_yamlish_text_gives_a_source(text, md):
    kind = KINDS["project" if md else "person"]
    raw = (("---\n" + text + "\n---\n正文") if md else text).encode("utf-8")
    src = parse_source(raw, f"content/{kind.folder}/x{kind.ext}", kind)
    assert src.data is None or isinstance(src.data, dict)


FIELD_VALUES = st.one_of(st.none(), st.text(max_size=30), st.integers(), st.lists(st.text(max_size=8), max_size=3))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from(["id", "name", "base", "titles", "joined", "skill", "x"]),
                            FIELD_VALUES, max_size=6))
def test_validate_never_raises_on_random_entries(tmp_path_factory, data):
    import json

    root = make_root(tmp_path_factory.mktemp("kb"))
    # JSON is valid YAML flow syntax: a quick way to write arbitrary structures
    (root / "content/people/QD10099.yml").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = validate(root, today=date(2026, 11, 26)).report
    assert report.files >= 22
