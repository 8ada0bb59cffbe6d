"""Validation on two cores (generator/validation/parallel.py) gives exactly what one process gives:
the same issues in the same order, the same knowledge base, the same sources, the same error when
something fails. Compared on a knowledge base with errors of every kind the fixtures hold and on a
synthetic 1k one, with the threshold set so that both children run (and checked that they did)."""

from __future__ import annotations

import os
import re
import sys
from datetime import date

import pytest

from conftest import FIXTURES, REPO, make_root, run_cli
from generator import processes
from generator.issues import CATALOGUE
from generator.loading import source as loading
from generator.models import KINDS
from generator.validation import parallel, validate

sys.path.insert(0, str(REPO / "bench"))
from make_kb import write_kb  # noqa: E402

TODAY = date(2026, 11, 26)
HEADER = re.compile(rb"# (path|needs): ([^\n]+)")


def many_errors(tmp_path) -> list:
    """Knowledge bases that hold every issue fixture between them: the small knowledge base with
    as many fixtures dropped in at once as have paths of their own (and the support files they
    need), the others in the next one."""
    groups: list[dict[str, bytes]] = []
    for fixture in sorted(FIXTURES.iterdir()):
        raw = fixture.read_bytes()
        meta = dict(HEADER.findall(raw))
        needs = [FIXTURES.parent / "support" / n for n in meta.get(b"needs", b"").decode().split()]
        files = {dict(HEADER.findall(p.read_bytes()))[b"path"].decode().strip(): p.read_bytes() for p in needs}
        files[meta[b"path"].decode().removesuffix("-->").strip()] = raw
        group = next((g for g in groups if not files.keys() & g.keys()), None)
        if group is None:
            groups.append(group := {})
        group.update(files)
    roots = []
    for n, group in enumerate(groups):
        (tmp_path / str(n)).mkdir()
        roots.append(root := make_root(tmp_path / str(n)))
        for rel, data in group.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
    return roots


def digest(result):
    issues = [(i.code, i.severity, i.path, i.line, i.field, i.message, i.hint) for i in result.report.issues]
    entries = [(kind, type(e).__name__, e.model_dump()) for kind, e in result.kb.iter_entries()]
    sources = [(s.rel, s.kind, s.data, s.lines, s.text, s.body, s.body_line, s.issues, s.safety) for s in result.sources]
    kb_sources = sorted((key, s.rel) for key, s in result.kb.sources.items())
    return issues, entries, sources, kb_sources, result.passed, result.report.files, result.report.blocking


@pytest.fixture
def children(monkeypatch):
    """Both steps forked whatever the size; the list of the children's outcomes ("ok" when the
    answer came back, else the error's type)."""
    seen: list[str] = []
    real = processes.Forked.result

    def spy(self):
        try:
            value = real(self)
        except Exception as exc:
            seen.append(type(exc).__name__)
            raise
        seen.append("ok")
        return value

    monkeypatch.setattr(processes.Forked, "result", spy)
    monkeypatch.setattr(parallel, "FORK_BYTES", 0)
    return seen


def one_process(root, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(parallel, "FORK_BYTES", 1 << 60)
        return validate(root, today=TODAY)


def test_errors_of_every_kind_same_in_two_processes(tmp_path, monkeypatch, children):
    codes = set()
    for root in many_errors(tmp_path):
        alone = one_process(root, monkeypatch)
        codes |= {i.code for i in alone.report.issues}
        del children[:]
        both = validate(root, today=TODAY)
        assert children == ["ok", "ok"]  # the files were read, and checked, by children
        assert digest(both) == digest(alone)
        assert all(s.kind is KINDS[s.kind.name] for s in both.sources)  # the registry's objects, not copies
    assert len(codes) >= 0.8 * len(CATALOGUE), sorted(set(CATALOGUE) - codes)  # the comparison covers most rules


def test_synthetic_1k_same_in_two_processes(tmp_path, monkeypatch, children):
    root = tmp_path / "kb1k"
    write_kb(root, 1000)
    alone = one_process(root, monkeypatch)
    both = validate(root, today=TODAY)
    assert children == ["ok", "ok"]
    assert both.report.entries == 1000 and digest(both) == digest(alone)


def test_safety_results_are_kept_for_the_next_validation(tmp_path, monkeypatch, children):
    """serve validates again with the sources it kept: those checked by the child are not checked again."""
    root = many_errors(tmp_path)[0]
    first = validate(root, today=TODAY)
    loaded = (first.sources, [], _attachments(root))
    calls = []
    real = parallel.check_safety
    monkeypatch.setattr(parallel, "check_safety", lambda src, att: calls.append(src.rel) or real(src, att))
    again = validate(root, today=TODAY, loaded=loaded)
    assert calls == []
    assert [i for i in again.report.issues if i.stage == "safety"] == [i for i in first.report.issues
                                                                       if i.stage == "safety"]


def _attachments(root):
    from generator.loading.source import discover

    return discover(root)[2]


def test_a_small_knowledge_base_is_validated_in_one_process(kb_root, monkeypatch):
    def no_fork(*_args):
        raise AssertionError("forked")

    monkeypatch.setattr(processes, "Forked", no_fork)
    assert validate(kb_root, today=TODAY).report.entries > 0


def failing_in_child(monkeypatch, parent: int, rel_part: str, how):
    """read_source, as seen by a child only (or by everyone when ``parent`` is 0), fails on the
    file whose path contains ``rel_part``."""
    real = loading.read_source

    def read(path, rel, *args):
        if rel_part in rel and os.getpid() != parent:
            how()
        return real(path, rel, *args)

    monkeypatch.setattr(parallel, "read_source", read)


def last_file(root):
    from generator.loading.source import discover

    return discover(root)[0][-1][1]  # read by the child: the child's share is the last files


def test_a_child_that_raises_gives_the_one_process_error(tmp_path, monkeypatch, children):
    root = many_errors(tmp_path)[0]
    rel = last_file(root)

    def boom():
        raise ValueError("解析器内部故障")

    failing_in_child(monkeypatch, 0, rel, boom)  # everywhere: the one-process path raises too
    with monkeypatch.context() as m:
        m.setattr(parallel, "FORK_BYTES", 1 << 60)
        alone = run_cli("--root", str(root), "validate")
    both = run_cli("--root", str(root), "validate")
    assert children[0] == "ValueError"  # the child did fail
    assert both == alone
    assert both[0] == 2 and "内部错误（ValueError: 解析器内部故障）" in both[2] and "Traceback" not in both[2]


def test_a_child_that_dies_does_not_change_the_result(tmp_path, monkeypatch, children):
    root = many_errors(tmp_path)[0]
    alone = one_process(root, monkeypatch)
    failing_in_child(monkeypatch, os.getpid(), last_file(root), lambda: os._exit(9))  # killed, say, by the OOM killer
    both = validate(root, today=TODAY)
    assert children[0] == "ChildProcessError"
    assert digest(both) == digest(alone)


def test_a_child_that_raises_only_there_does_not_change_the_result(tmp_path, monkeypatch, children):
    root = many_errors(tmp_path)[0]
    alone = one_process(root, monkeypatch)

    def boom():
        raise MemoryError

    failing_in_child(monkeypatch, os.getpid(), last_file(root), boom)
    both = validate(root, today=TODAY)
    assert children[0] == "MemoryError"
    assert digest(both) == digest(alone)
