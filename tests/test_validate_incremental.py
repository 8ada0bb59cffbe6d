"""`validate --only` / `--changed` from the incremental cache give exactly what a full validation
gives for those files, after any edit (generator/validation/incremental.py).

Property-style: on a copy of a knowledge base, random edits of the kinds a contributor makes (an
id that others cite renamed, a cited person deleted, an id duplicated in another file, a year
changed, a date broken, a reference mistyped, a vocabulary or rule changed …), and after each
one, for the edited files, the files citing them and a few random files, the CLI's `--only`
report (cache on) is compared with the report of a fresh full validation restricted to the same
file. The cache must also have answered (not fallen back to a full run) where it is meant to.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import KB_SMALL, TEST_CONFIG, run_cli
from generator.contribute.changed import restrict
from generator.validation import cache, incremental, validate
from generator.validation.output import as_json


def checkout(tmp: Path, content: Path) -> Path:
    root = tmp / "kb"
    shutil.copytree(content, root / "content")
    shutil.copytree(TEST_CONFIG, root / "site_config")  # a copy: the tests edit it
    (root / ".git").mkdir()  # the cache is used in a checkout's root only
    return root


@pytest.fixture(autouse=True)
def own_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setenv("QINCHUANG_DEBUG", "1")  # a fault of the fast path raises here instead of falling back


@pytest.fixture
def answered(monkeypatch):
    """How many times the cache answered (True) or sent the run to a full validation (False)."""
    seen: list[bool] = []
    real = incremental.only

    def spy(*args, **kwargs):
        report = real(*args, **kwargs)
        seen.append(report is not None)
        return report

    monkeypatch.setattr(incremental, "only", spy)
    return seen


def cached_json(root: Path, *rels: str) -> tuple[int, dict]:
    code, out, err = run_cli("--root", str(root), "validate", "--format", "json", "--only",
                             *(str(root / rel) for rel in rels))
    assert code in (0, 1), err
    return code, json.loads(out)  # the JSON report carries no timing


def fresh_reports(root: Path):
    full = validate(root, today=date.today()).report
    return lambda *rels: json.loads(as_json(restrict(full, set(rels), root)))


def cited_by(root: Path, entry_id: str) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "content").rglob("*")
                  if p.is_file() and p.suffix in (".yml", ".md") and entry_id in p.read_text(encoding="utf-8")
                  and p.stem != entry_id)


def entry_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "content").rglob("*") if p.is_file() and p.suffix in (".yml", ".md"))


def sub(path: Path, pattern: str, repl: str) -> bool:
    text = path.read_text(encoding="utf-8")
    new = re.sub(pattern, repl, text, count=1, flags=re.M)
    path.write_text(new, encoding="utf-8")
    return new != text


# Each edit changes the knowledge base the way a contributor or the union office does, and returns
# the files it touched (which then get --only, with their referrers and random others).
def rename_cited_id(rng, root):
    people = sorted((root / "content" / "people").glob("*.yml"))
    person = rng.choice(people)
    new = person.with_name(person.stem + "9.yml")
    person.rename(new)
    sub(new, r"^id: .*$", f"id: {new.stem}")
    return [new], person.stem


def delete_cited(rng, root):
    kind = rng.choice(["people", "bases", "studios", "patents", "papers"])
    files = sorted(p for p in (root / "content" / kind).rglob("*") if p.suffix in (".yml", ".md"))
    victim = rng.choice(files)
    victim.unlink()
    return [], victim.stem


def duplicate_id(rng, root):
    src = rng.choice(entry_files(root))
    twin = src.with_name("副本" + src.name) if rng.random() < 0.5 else src
    if twin == src:  # the same id in another year's folder (by-year kinds) or under a new file name
        folder = src.parent.with_name("2019") if re.fullmatch(r"\d{4}", src.parent.name) else src.parent
        folder.mkdir(exist_ok=True)
        twin = folder / (src.stem + "0" + src.suffix)
    shutil.copy(src, twin)
    return [twin, src], src.stem


def change_year(rng, root):
    files = [p for p in entry_files(root) if re.search(r"^year: \d{4}$", p.read_text(encoding="utf-8"), re.M)]
    path = rng.choice(files)
    sub(path, r"^year: (\d{4})$", f"year: {rng.choice([2019, 2020, 2021, 2022, 2023])}")
    return [path], path.stem


def break_field(rng, root):
    path = rng.choice(entry_files(root))
    edits = [(r"^(\w+): (\d{4})-(\d\d)-(\d\d)$", r"\1: \2-13-\4"),  # an impossible date
             (r"^(  - person: |leader: |contact: |expert: )QD(\d+)", r"\1QD9\2"),  # a mistyped 工号
             (r"^(\s*role: )组长", r"\1成员"),  # no team leader left
             (r"^(title|name): .*$", r"\1: 改过的名称"),  # a harmless edit (names feed suggestions)
             (r"^(base: )(\S+)", r"\1FJD-99"),  # an unknown 分基地
             (r"^(project: )(\S+)", r"\1KT-2021-999"),  # an outcome naming a project that does not exist
             (r"^(application_no: ).*$", r"\1CN2021100000000.1"),  # a wrong check digit
             (r"^(\w+):", r"\1："),  # a full-width colon: the file no longer parses
             (r"^(status: ).*$", r"\1已完成")]
    pattern, repl = rng.choice(edits)
    sub(path, pattern, repl)
    return [path], path.stem


def remove_backlink(rng, root):
    projects = [p for p in (root / "content" / "projects").rglob("*.md")
                if re.search(r"^  (patents|papers|software): \[?\S", p.read_text(encoding="utf-8"), re.M)]
    if not projects:
        return break_field(rng, root)
    path = rng.choice(projects)
    sub(path, r"^(  (?:patents|papers|software): ).*$", r"\1[]")
    return [path], path.stem


def claim_outcome_twice(rng, root):
    """A patent moved to another project that lists it, while its first project still lists it too:
    the first project's finding depends on an entry two references away."""
    patents = [p for p in (root / "content" / "patents").rglob("*.yml")
               if re.search(r"^project: \S", p.read_text(encoding="utf-8"), re.M)]
    if not patents:
        return break_field(rng, root)
    patent = rng.choice(patents)
    first = re.search(r"^project: (\S+)", patent.read_text(encoding="utf-8"), re.M).group(1)
    others = [p for p in (root / "content" / "projects").rglob("*.md") if p.stem != first]
    other = rng.choice(others)
    listed = (sub(other, r"^(  patents: \[)\]", rf"\1{patent.stem}]")
              or sub(other, r"^(  patents: \[)", rf"\1{patent.stem}, ")
              or sub(other, r"^(  patents:)\n(\s*)- ", rf"\1\n\2- {patent.stem}\n\2- "))
    if not listed:
        return break_field(rng, root)
    sub(patent, r"^project: \S+", f"project: {other.stem}")
    return [patent, other], patent.stem


def add_entry(rng, root):
    src = rng.choice(sorted((root / "content" / "people").glob("*.yml")))
    new = src.with_name("QD88888.yml")
    text = re.sub(r"^id: .*$", "id: QD88888", src.read_text(encoding="utf-8"), count=1, flags=re.M)
    new.write_text(text, encoding="utf-8")
    return [new], "QD88888"


def edit_config(rng, root):
    vocab = root / "site_config" / "vocabularies.yml"
    text = vocab.read_text(encoding="utf-8")
    vocab.write_text(text.replace("[技术, 管理, 经营]", "[管理, 经营]", 1) if rng.random() < 0.5
                     else text + "\n# 注释\n", encoding="utf-8")
    return [], ""


EDITS = [rename_cited_id, delete_cited, duplicate_id, change_year, break_field, break_field, break_field,
         remove_backlink, claim_outcome_twice, add_entry, edit_config]


def check_all(rng, root, touched: list[Path], entry_id: str, fresh) -> None:
    rels = [p.relative_to(root).as_posix() for p in touched if p.exists()]
    rels += cited_by(root, entry_id)[:4] if entry_id else []
    rels += [p.relative_to(root).as_posix() for p in rng.sample(entry_files(root), 3)]
    for rel in dict.fromkeys(rels):
        assert cached_json(root, rel)[1] == fresh(rel), rel
    assert cached_json(root, *dict.fromkeys(rels))[1] == fresh(*dict.fromkeys(rels))


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_small(tmp_path, answered, seed):
    rng = random.Random(seed)
    root = checkout(tmp_path, KB_SMALL / "content")
    assert run_cli("--root", str(root), "validate")[0] in (0, 1)  # the first, full run writes the cache
    for _step in range(6):
        edit = rng.choice(EDITS)
        touched, entry_id = edit(rng, root)
        check_all(rng, root, touched, entry_id, fresh_reports(root))
    assert any(answered), "the cache never answered: the test would not test it"


def test_random_edits_sample(tmp_path, sample_root, answered):
    rng = random.Random(13)
    root = checkout(tmp_path, sample_root / "content")
    run_cli("--root", str(root), "validate")
    for edit in [rename_cited_id, delete_cited, duplicate_id, change_year, break_field, break_field,
                 remove_backlink, claim_outcome_twice, claim_outcome_twice, add_entry]:
        touched, entry_id = edit(rng, root)
        check_all(rng, root, touched, entry_id, fresh_reports(root))
    assert sum(answered) >= len(answered) // 2, answered  # most of these are answered from the cache


def test_an_edited_file_is_answered_from_the_cache(tmp_path, answered, monkeypatch):
    root = checkout(tmp_path, KB_SMALL / "content")
    run_cli("--root", str(root), "validate")
    project = next((root / "content" / "projects").rglob("*.md"))
    sub(project, r"^proposed: (\d{4})-(\d\d)-(\d\d)$", r"proposed: \1-13-\3")
    calls = []
    monkeypatch.setattr("generator.validation.incremental.validate", lambda *a, **k: calls.append(1))
    rel = project.relative_to(root).as_posix()
    code, report = cached_json(root, rel)
    assert code == 1 and calls == [] and answered == [True]  # nothing validated in full
    monkeypatch.undo()
    assert report == fresh_reports(root)(rel)


def test_tool_code_or_version_change_is_a_miss(tmp_path, answered, monkeypatch):
    root = checkout(tmp_path, KB_SMALL / "content")
    code = tmp_path / "generator"
    code.mkdir()
    (code / "rules.py").write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "CODE", code)
    run_cli("--root", str(root), "validate")
    project = "content/" + next((root / "content" / "projects").rglob("*.md")).relative_to(root / "content").as_posix()
    cached_json(root, project)
    (code / "rules.py").write_text("A = 2\n", encoding="utf-8")  # the tool's code changed
    cached_json(root, project)
    cached_json(root, project)  # the full run above wrote a new cache
    monkeypatch.setattr(cache, "VERSION", cache.VERSION + 1)  # a new version of the cache format
    cached_json(root, project)
    assert answered == [True, False, True, False]


def plant(root: Path, name: str, payload: bytes) -> None:
    import sqlite3

    db = sqlite3.connect(root / cache.CACHE)
    with db:
        db.execute("INSERT OR REPLACE INTO cache VALUES (?, ?)", (name, payload))


@pytest.mark.parametrize("damage", ["truncated", "garbage", "foreign-key", "pickle-bomb", "tampered-blob"])
def test_a_corrupt_or_foreign_cache_is_ignored(tmp_path, answered, monkeypatch, damage):
    import pickle

    root = checkout(tmp_path, KB_SMALL / "content")
    run_cli("--root", str(root), "validate")
    project = next((root / "content" / "projects").rglob("*.md"))
    rel = project.relative_to(root).as_posix()
    marker = tmp_path / "pwned"

    class Bomb:
        def __reduce__(self):
            return (Path.touch, (marker,))

    path = root / cache.CACHE
    if damage == "truncated":
        path.write_bytes(path.read_bytes()[:5000])
    elif damage == "garbage":
        path.write_bytes(os.urandom(4096))
    elif damage == "foreign-key":  # a cache made by another user or machine (or committed by a fork)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    elif damage == "pickle-bomb":  # unsealed values are never unpickled
        plant(root, "index", b"\0" * cache.MAC_BYTES + pickle.dumps(Bomb()))
    elif damage == "tampered-blob":  # every file's stored parse swapped for another file's (sealed) one
        import sqlite3

        db = sqlite3.connect(path)
        names = [n for (n,) in db.execute("SELECT name FROM cache WHERE name NOT IN ('index', 'overlay')")]
        values = [db.execute("SELECT value FROM cache WHERE name = ?", (n,)).fetchone()[0] for n in names]
        with db:
            db.executemany("UPDATE cache SET value = ? WHERE name = ?", list(zip(values[1:] + values[:1], names, strict=True)))
    expected = fresh_reports(root)(rel)
    assert cached_json(root, rel)[1] == expected
    assert not marker.exists()
    assert answered == [False]
    assert cached_json(root, rel)[1] == expected  # and the cache written again answers correctly
    assert answered[-1] is True


def test_changed_names_the_files_of_the_change(tmp_path, answered):
    import subprocess

    root = checkout(tmp_path, KB_SMALL / "content")
    shutil.rmtree(root / ".git")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org",
                    "commit", "-qm", "kb"], check=True)
    run_cli("--root", str(root), "validate")
    project = next((root / "content" / "projects").rglob("*.md"))
    sub(project, r"^(\s*role: )组长", r"\1成员")
    code, out, _ = run_cli("--root", str(root), "validate", "--format", "json", "--changed")
    rel = project.relative_to(root).as_posix()
    assert json.loads(out) == fresh_reports(root)(rel) and code == 1
    assert answered == [True]


def test_every_kind_is_classified():
    """A new kind falls back to full validation until someone decides whether its checks keep the
    fast path's property (incremental.py's docstring); this names the kinds still undecided."""
    from generator.models import KINDS

    assert set(KINDS) <= incremental.FAST_KINDS | incremental.FULL_KINDS, set(KINDS) - incremental.FAST_KINDS


def test_a_finding_two_references_away(tmp_path, sample_root, answered):
    """Project A lists patent X; X is moved to project B, which lists it too: A's ref-mismatch
    depends on B, which A does not name. Tried with several patents until the case occurs."""
    for seed in range(10):
        root = checkout(tmp_path / str(seed), sample_root / "content")
        run_cli("--root", str(root), "validate")
        rng = random.Random(seed)
        _touched, patent = claim_outcome_twice(rng, root)
        fresh = fresh_reports(root)
        firsts = [rel for rel in cited_by(root, patent) if "ref-mismatch" in {i["code"] for i in fresh(rel)["issues"]}]
        if firsts:
            assert cached_json(root, firsts[0])[1] == fresh(firsts[0])
            assert answered[-1] is True
            return
    pytest.fail("no patent of the sample is listed by a project")
