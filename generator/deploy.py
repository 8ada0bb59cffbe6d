"""Atomic deploy to the intranet web server over SSH, with release folders and rollback.

Layout on the server (nginx: ``root /srv/qinchuang/current;``)::

    /srv/qinchuang/releases/20261201T083000123456Z/   one complete site per deploy
    /srv/qinchuang/releases/.incoming/                the upload in progress (resumed if interrupted)
    /srv/qinchuang/current -> releases/20261201T…      what the web server serves

A deploy uploads into ``releases/.incoming`` with rsync (``--link-dest`` the current release,
so unchanged files are hard links and only changed files travel), renames it to its release
name, then points ``current`` at it by renaming a fresh symlink over the old one — rename(2)
is atomic, so every request sees either the old or the new release, never a mix or nothing.
Until that rename, ``current`` is untouched: an interrupted upload changes nothing a reader sees.

A page loaded just before the switch may ask for its stylesheet just after it. So the files of
the previous release that the new one no longer has (except pages) are hard-linked into the new
release: an old page finds its old assets. Each release lists its own files in
``.qinchuang-files``, so carried files do not pile up beyond one generation.

We drive the stock ``ssh`` and ``rsync`` (key, host key checking, ``~/.ssh/config`` work as
usual) and need only POSIX sh and GNU coreutils on the server; no agent to install there. In CI
the key and the server's host key come as text in QINCHUANG_SSH_KEY / QINCHUANG_KNOWN_HOSTS
(secret variables of GitLab, Gitea or GitHub); they are written to private temporary files.
"""

from __future__ import annotations

import atexit
import os
import posixpath
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from generator.errors import QinchuangError, UsageError

MANIFEST = ".qinchuang-files"
INCOMING = ".incoming"


class DeployError(QinchuangError):
    """The server refused or the transfer failed; ``current`` is unchanged."""


@dataclass(frozen=True)
class Target:
    host: str | None  # None: a folder on this machine
    path: str
    ssh: tuple[str, ...]

    @classmethod
    def parse(cls, spec: str, ssh: str | None = None) -> Target:
        """``user@host:/srv/qinchuang`` (scp style) or a local absolute path."""
        host, sep, path = spec.partition(":")
        if not sep or "/" in host:
            host, path = None, spec
        if not path.startswith("/"):
            raise UsageError(f"发布目标 {spec} 的目录应为绝对路径，如 deploy@web01:/srv/qinchuang")
        command = shlex.split(ssh or os.environ.get("QINCHUANG_SSH") or "ssh") + _secret_options()
        return cls(host, path.rstrip("/") or "/", tuple(command))

    def run(self, script: str, stdin: str = "") -> str:
        """Run a POSIX sh script on the server; a failure is a DeployError with the server's words."""
        argv = ["sh", "-c", script] if self.host is None else [*self.ssh, "-o", "BatchMode=yes", self.host, script]
        try:
            done = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DeployError(f"无法连接发布目标（{exc}）") from None
        if done.returncode != 0:
            raise DeployError(f"发布目标上的命令失败（退出码 {done.returncode}）：{done.stderr.strip()[-500:]}")
        return done.stdout

    def rsync_dest(self, path: str) -> str:
        return path if self.host is None else f"{self.host}:{path}"


def _secret_options() -> list[str]:
    """ssh options for a key / known_hosts given as text in the environment (CI secrets)."""
    key, known = os.environ.get("QINCHUANG_SSH_KEY", ""), os.environ.get("QINCHUANG_KNOWN_HOSTS", "")
    if not key and not known:
        return []
    folder = tempfile.mkdtemp(prefix="qinchuang-ssh-")
    atexit.register(shutil.rmtree, folder, True)
    options = []
    for text, name, option in ((key, "key", "-i"), (known, "known_hosts", "-oUserKnownHostsFile=")):
        if text:
            path = os.path.join(folder, name)
            with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w", encoding="utf-8") as f:
                f.write(text.replace("\r\n", "\n").strip() + "\n")
            options += [option, path] if option == "-i" else [option + path, "-oStrictHostKeyChecking=yes"]
    return options


def _q(path: str) -> str:
    return shlex.quote(path)


def releases(target: Target) -> tuple[list[str], str | None]:
    """The release names (oldest first) and the one ``current`` points to."""
    base = target.path
    out = target.run(f"mkdir -p {_q(base + '/releases')} && cd {_q(base)} && ls -1 releases && echo '--' "
                     f"&& {{ readlink current || true; }}")
    names, _, current = out.partition("--\n")
    listed = sorted(n for n in names.split("\n") if n and not n.startswith("."))
    current = current.strip()
    return listed, (posixpath.basename(current) if current else None)


def _switch(target: Target, name: str) -> None:
    base = _q(target.path)
    target.run(f"cd {base} && test -d {_q('releases/' + name)} && "
               f"if [ -e current ] && [ ! -L current ]; then echo '{target.path}/current 是一个普通目录，"
               f"请先把它改名（如 mv current current.old）再发布' >&2; exit 3; fi && "
               f"ln -sfn {_q('releases/' + name)} .current.new && mv -Tf .current.new current")


def _prune(target: Target, keep: int) -> list[str]:
    names, current = releases(target)
    drop = [n for n in names[:-keep] if n != current] if keep > 0 else []
    if drop:
        target.run(f"cd {_q(target.path + '/releases')} && rm -rf -- " + " ".join(_q(n) for n in drop))
    return drop


def deploy(site: Path, spec: str, keep: int = 5, ssh: str | None = None, say=print) -> str:
    site = site.resolve()
    if not (site / "index.html").is_file():
        raise UsageError(f"{site} 中没有 index.html：请先运行 qinchuang build 生成网站")
    if keep < 1:
        raise UsageError("--keep 至少为 1")
    target = Target.parse(spec, ssh)
    names, current = releases(target)
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() or p.is_symlink())
    incoming = f"{target.path}/releases/{INCOMING}"
    # by content (--checksum), not by time: every build writes fresh mtimes, and times are not kept,
    # so an unchanged file matches the running release and becomes a hard link to it
    cmd = ["rsync", "-rlpD", "--checksum", "--delete"]
    if target.host is not None:
        cmd += ["-e", shlex.join(target.ssh)]
    if current:  # unchanged files become hard links to the running release
        cmd.append(f"--link-dest=../{current}")
    say(f"上传到 {spec}（{len(files)} 个文件）……")
    try:
        done = subprocess.run([*cmd, f"{site}/", target.rsync_dest(incoming + "/")], capture_output=True, text=True)
    except OSError as exc:
        raise DeployError(f"无法运行 rsync（{exc}）：请安装 rsync（apt-get install rsync）") from None
    if done.returncode != 0:
        raise DeployError(f"上传失败（rsync 退出码 {done.returncode}），网站未改变：{done.stderr.strip()[-500:]}")
    name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target.run(f"cat > {_q(incoming + '/' + MANIFEST)}", stdin="\n".join(files) + "\n")
    if current:
        _carry_over(target, current, set(files))
    target.run(f"cd {_q(target.path + '/releases')} && mv -T {INCOMING} {_q(name)}")
    _switch(target, name)
    dropped = _prune(target, keep)
    say(f"已发布 {name}（上一版 {current or '无'}）" + (f"；清理旧版本 {len(dropped)} 个" if dropped else ""))
    return name


def _carry_over(target: Target, previous: str, new_files: set[str]) -> None:
    """Hard-link the previous release's own non-page files that the new site lacks."""
    listed = target.run(f"cat {_q(f'{target.path}/releases/{previous}/{MANIFEST}')} 2>/dev/null || true")
    carry = [f for f in listed.split("\n") if f and f not in new_files and not f.endswith(".html")
             and f != MANIFEST and "\n" not in f]
    if not carry:
        return
    script = (f"cd {_q(target.path + '/releases')} && while IFS= read -r f; do "
              f'mkdir -p "{INCOMING}/$(dirname "$f")" && ln -f "{previous}/$f" "{INCOMING}/$f" 2>/dev/null || true; done')
    target.run(script, stdin="\n".join(carry) + "\n")


def rollback(spec: str, to: str | None = None, ssh: str | None = None, say=print) -> str:
    target = Target.parse(spec, ssh)
    names, current = releases(target)
    if to is None:
        older = [n for n in names if current and n < current]
        if not older:
            raise DeployError(f"{spec} 上没有比当前版本（{current or '无'}）更早的版本可以回退")
        to = older[-1]
    elif to not in names:
        raise UsageError(f"{spec} 上没有版本 {to}；现有版本：{'、'.join(names) or '无'}")
    _switch(target, to)
    say(f"已回退到 {to}（原为 {current}）")
    return to
