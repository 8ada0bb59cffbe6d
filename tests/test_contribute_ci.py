"""The CI templates, pre-commit hook and editor settings: valid YAML/JSON, and every command
they run exists (a Makefile target or a qinchuang subcommand), so they cannot rot silently."""

from __future__ import annotations

import json
import re
import shlex

import pytest
import yaml

from conftest import REPO
from generator.cli import build_parser
from generator.models import KINDS

CI_FILES = [".gitlab-ci.yml", ".gitea/workflows/validate.yml", ".github/workflows/ci.yml",
            ".github/workflows/tools.yml"]
YAML_FILES = CI_FILES + [".pre-commit-config.yaml", ".yamllint.yml"]
OTHER_COMMANDS = {"rm", "cp", "rsync", "git"}
TEMPLATES = [".gitlab/merge_request_templates/新增条目.md", ".gitea/pull_request_template.md",
             ".github/pull_request_template.md"]


def load(rel: str) -> dict:
    return yaml.safe_load((REPO / rel).read_text(encoding="utf-8"))


def make_targets() -> set[str]:
    makefile = REPO / "Makefile"
    return set(re.findall(r"^([A-Za-z0-9_.-]+):", makefile.read_text(encoding="utf-8"), re.M))


def subcommands() -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return set(sub.choices)


def commands(rel: str) -> list[str]:
    """Every shell line a CI file runs."""
    data = load(rel)
    lines: list[str] = []
    if rel == ".gitlab-ci.yml":
        jobs = {k: v for k, v in data.items() if isinstance(v, dict) and k not in ("variables",)}
        for job in jobs.values():
            for key in ("before_script", "script", "after_script"):
                lines += job.get(key) or []
    else:
        for job in data["jobs"].values():
            lines += [step["run"] for step in job["steps"] if "run" in step]
    return lines


def split(line: str) -> list[list[str]]:
    """A shell line → its simple commands (split on && || ; |), comments and $(…) dropped."""
    line = re.sub(r"\$\([^)]*\)", "X", line)
    return [shlex.split(part) for part in re.split(r"&&|\|\||;|\|", line) if part.strip()]


@pytest.mark.parametrize("rel", YAML_FILES)
def test_yamllint(rel):
    from yamllint import linter
    from yamllint.config import YamlLintConfig

    config = YamlLintConfig(file=str(REPO / ".yamllint.yml"))
    problems = list(linter.run((REPO / rel).read_text(encoding="utf-8"), config, rel))
    assert problems == [], [str(p) for p in problems]


@pytest.mark.parametrize("rel", CI_FILES)
def test_ci_runs_only_known_commands(rel):
    targets, subs = make_targets(), subcommands()
    seen = set()
    for line in commands(rel):
        for words in split(line):
            program = words[0]
            if program == "make":
                wanted = [w for w in words[1:] if not w.startswith("-") and "=" not in w]
                assert wanted and set(wanted) <= targets, f"{rel}: make {wanted} 不是 Makefile 目标"
                seen.add("make")
            elif program.endswith("qinchuang"):
                sub = next(w for w in words[1:] if not w.startswith("-"))
                assert sub in subs, f"{rel}: qinchuang {sub} 不是子命令"
                seen.add("qinchuang")
            else:
                assert program in OTHER_COMMANDS, f"{rel}: 未登记的命令 {program}"
    assert {"make", "qinchuang"} <= seen or rel.endswith("tools.yml") and seen == {"make"}


def test_gitlab_validate_produces_code_quality():
    data = load(".gitlab-ci.yml")
    job = data["validate"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["artifacts"]["when"] == "always"
    assert any("--format gitlab --output gl-code-quality-report.json" in c for c in job["after_script"])
    assert any(r.get("if", "").startswith("$CI_PIPELINE_SOURCE == \"merge_request_event\"") for r in job["rules"])
    assert data["pages"]["artifacts"]["paths"] == ["public"]


@pytest.mark.parametrize("rel", [".gitea/workflows/validate.yml", ".github/workflows/ci.yml"])
def test_actions_annotate(rel):
    data = load(rel)
    triggers = data.get("on", data.get(True))  # PyYAML reads the key `on` as true
    assert "pull_request" in triggers
    assert any("validate --format github" in c for c in commands(rel))


def test_pre_commit_hook_validates_only_changed_files():
    hooks = {h["id"]: h for repo in load(".pre-commit-config.yaml")["repos"] for h in repo["hooks"]}
    hook = hooks["qinchuang-validate"]
    assert hook["entry"] == "python -m generator validate --only"
    assert hook["pass_filenames"] and hook["require_serial"]
    pinned = set(re.findall(r'"([A-Za-z0-9_.-]+==[^"]+)"', (REPO / "pyproject.toml").read_text(encoding="utf-8")))
    for h in hooks.values():
        assert set(h.get("additional_dependencies", [])) <= pinned, f"{h['id']}: 版本与 pyproject.toml 不一致"
        words = h["entry"].split()
        if words[:3] == ["python", "-m", "generator"]:
            assert words[3] in subcommands()
    assert re.match(hook["files"], "content/projects/2022/KT-2022-001.md")
    assert not re.match(hook["files"], "generator/cli.py")


def test_vscode_maps_every_yml_kind_to_its_schema():
    text = (REPO / ".vscode/settings.json").read_text(encoding="utf-8")
    settings = json.loads("\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//")))
    mapped = settings["yaml.schemas"]
    for kind in KINDS.values():
        key = f"./site_config/schema/{kind.name}.schema.json"
        if kind.ext == ".yml":
            assert (REPO / key).exists()
            glob = f"content/{kind.folder}/*/*.yml" if kind.by_year else f"content/{kind.folder}/*.yml"
            assert mapped[key] == [glob]
        else:
            assert key not in mapped  # front matter is not checked by the YAML extension (see the note)
    extensions = json.loads((REPO / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_editorconfig():
    text = (REPO / ".editorconfig").read_text(encoding="utf-8")
    for line in ("charset = utf-8", "end_of_line = lf", "insert_final_newline = true", "indent_size = 2"):
        assert line in text


@pytest.mark.parametrize("rel", TEMPLATES)
def test_merge_request_templates(rel):
    text = (REPO / rel).read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 10
    for must in ("师带徒", "一题三效", "身份证号", "查重", "贡献指南"):
        assert must in text


def _profile_of(line: str) -> set[str]:
    """The setup profiles a CI line's make calls install (what `make -n` would run)."""
    import subprocess

    profiles = set()
    for words in split(line):
        if words[0] == "make":
            dry = subprocess.run(["make", "-n", "-C", str(REPO), *words[1:]], capture_output=True, text=True, check=True)
            profiles |= set(re.findall(r"scripts/setup\.sh (\w+)", dry.stdout))
    return profiles


def test_validate_jobs_install_neither_browser_nor_fonts():
    gitlab = load(".gitlab-ci.yml")
    for job in ("validate", "changes"):
        assert not gitlab.get("default", {}).get("before_script")
        lines = gitlab[job].get("before_script", []) + gitlab[job]["script"]
        assert set().union(*map(_profile_of, lines)) == {"validate"}, job
    for rel in (".gitea/workflows/validate.yml", ".github/workflows/ci.yml"):
        steps = load(rel)["jobs"]["validate"]["steps"]
        assert set().union(*(_profile_of(st["run"]) for st in steps if "run" in st)) == {"validate"}, rel


def _requested_packages(tmp_path, profile: str) -> list[str]:
    """Run scripts/setup.sh PROFILE with dpkg-query / apt-get replaced by recorders."""
    import shutil
    import subprocess

    (tmp_path / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "setup.sh", tmp_path / "scripts" / "setup.sh")
    (tmp_path / "pyproject.toml").write_text("")
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").symlink_to("/bin/true")
    (tmp_path / ".venv" / ".installed").touch()
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "dpkg-query").write_text("#!/bin/sh\nexit 1\n")  # nothing is installed
    (fake / "apt-get").write_text(f"#!/bin/sh\necho \"$@\" >> {tmp_path / 'apt.log'}\n")
    (fake / "npm").write_text(f"#!/bin/sh\necho \"$@\" >> {tmp_path / 'npm.log'}\n")  # the full profile's test tools
    for tool in fake.iterdir():
        tool.chmod(0o755)
    env = {"PATH": f"{fake}:/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run(["bash", str(tmp_path / "scripts" / "setup.sh"), profile], env=env, check=True,
                   capture_output=True)
    log = tmp_path / "apt.log"
    return [w for line in log.read_text().splitlines() if "install" in line for w in line.split()
            if not w.startswith("-") and w != "install"] if log.exists() else []


def test_setup_profiles_install_only_what_the_job_needs(tmp_path):
    assert _requested_packages(tmp_path / "v", "validate") == []
    build = _requested_packages(tmp_path / "b", "build")
    assert "fonts-noto-cjk" in build and "chromium" not in build
    full = _requested_packages(tmp_path / "f", "full")
    assert (tmp_path / "f" / "npm.log").exists() and not (tmp_path / "v" / "npm.log").exists()
    assert {"chromium", "openssh-server", "rsync", "fonts-noto-cjk"} <= set(full)
