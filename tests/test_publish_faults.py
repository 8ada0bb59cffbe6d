"""Publishing under faults: the swap over an existing site (both code paths, and over a
symbolic link), a cancelled build, a full or read-only disk, a strict umask."""

from __future__ import annotations

import errno
import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, make_root, run_cli
from generator.site import publish as pub


def _release(parent: Path, text: str) -> Path:
    release = pub.new_release(parent / "site")
    (release / "index.html").write_text(text, encoding="utf-8")
    return release


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".site.tmp-"))


@pytest.fixture(params=["renameat2", "two-renames"])
def swap(request, monkeypatch):
    if request.param == "two-renames":
        monkeypatch.setattr(pub, "_exchange", lambda a, b: False)
    return request.param


def test_swap_over_an_existing_site(tmp_path, swap):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("旧", encoding="utf-8")
    (out / "stale.html").write_text("旧", encoding="utf-8")
    pub.publish(_release(tmp_path, "新"), out)
    assert (out / "index.html").read_text(encoding="utf-8") == "新"
    assert not (out / "stale.html").exists()
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert _leftovers(tmp_path) == []


def test_swap_over_a_symlinked_site_keeps_its_target(tmp_path, swap):
    target = tmp_path / "www"
    target.mkdir()
    (target / "index.html").write_text("旧", encoding="utf-8")
    out = tmp_path / "site"
    out.symlink_to(target, target_is_directory=True)
    pub.publish(_release(tmp_path, "新"), out)
    assert not out.is_symlink() and (out / "index.html").read_text(encoding="utf-8") == "新"
    assert (target / "index.html").read_text(encoding="utf-8") == "旧"  # never deleted through the link
    assert _leftovers(tmp_path) == []


def test_failed_second_rename_restores_the_old_site(tmp_path, monkeypatch):
    monkeypatch.setattr(pub, "_exchange", lambda a, b: False)
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("旧", encoding="utf-8")
    release = _release(tmp_path, "新")
    real = os.rename

    def rename(a, b):
        if Path(a) == release:
            raise OSError(errno.EIO, "I/O error", str(a))
        real(a, b)

    monkeypatch.setattr(pub.os, "rename", rename)
    with pytest.raises(OSError):
        pub.publish(release, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "旧"


def _cli(root: Path, out: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "build", "--no-pdf",
                             "--out", str(out)], cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, **kwargs)


@pytest.fixture
def built(tmp_path):
    """A knowledge base with a published site, whose index page is remembered."""
    root = make_root(tmp_path)
    out = tmp_path / "site"
    assert _cli(root, out).wait(timeout=300) == 0
    return root, out, (out / "index.html").read_bytes()


def test_sigterm_cleans_up_and_keeps_the_site(built):
    root, out, before = built
    studio = next((root / "content" / "studios").glob("*.md"))
    studio.write_text(studio.read_text(encoding="utf-8") + "\n新的一段。\n", encoding="utf-8")  # the build differs
    process = _cli(root, out)
    seen = []
    for line in process.stderr:
        seen.append(line)
        if "Material 渲染" in line:
            process.send_signal(signal.SIGTERM)
            break
    rest = "".join(seen) + process.stderr.read()
    assert process.wait(timeout=120) == 2, rest
    assert "已中断" in rest and "Traceback" not in rest
    assert _leftovers(out.parent) == [] and (out / "index.html").read_bytes() == before


def test_file_size_limit_is_named_not_an_internal_error(built):
    root, out, before = built
    limit = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))  # noqa: E731
    process = _cli(root, out, preexec_fn=limit)
    err = process.stderr.read()
    assert process.wait(timeout=300) == 2
    assert "ulimit" in err and "内部错误" not in err and "Traceback" not in err, err
    assert (out / "index.html").read_bytes() == before and _leftovers(out.parent) == []


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "磁盘已满"), (errno.EROFS, "只读")])
def test_disk_errors_are_named_with_the_path(kb_root, monkeypatch, code, words):
    """The kernel's answer when the disk is full or mounted read-only, at the first file write."""
    def write_bytes(self, data):
        raise OSError(code, os.strerror(code), str(self))

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    status, _, err = run_cli("--root", str(kb_root), "build", "--no-pdf", "--quiet", "--out", str(kb_root / "site"))
    assert status == 2 and words in err and str(kb_root) in err and "内部错误" not in err, err
    assert _leftovers(kb_root) == []


def test_published_files_are_readable_under_umask_077(tmp_path):
    root = make_root(tmp_path)
    out = tmp_path / "site"
    assert _cli(root, out, preexec_fn=lambda: os.umask(0o077)).wait(timeout=300) == 0
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [out, *out.rglob("*")]}
    assert modes <= {0o644, 0o755}, sorted(oct(m) for m in modes)


def test_file_size_limit_names_the_file(kb_root):
    """A write that fails part-way (Path.write_bytes gives no filename) still names the file."""
    limit = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (20 * 1024, 20 * 1024))  # noqa: E731
    process = _cli(kb_root, kb_root / "site", preexec_fn=limit)
    err = process.stderr.read()
    assert process.wait(timeout=300) == 2, err
    assert "ulimit" in err and str(kb_root) + "/" in err and "输出目录" not in err, err
