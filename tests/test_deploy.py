"""`qinchuang deploy` / `rollback` against a real OpenSSH server on 127.0.0.1.

The test starts Debian's sshd on one of our ports with its own host key and an authorised client
key, serves ``<base>/current`` over HTTP the way nginx's ``root …/current`` does (the symlink is
resolved per request), and has a reader load pages and every asset they use while deploys run.
"""

from __future__ import annotations

import getpass
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import REPO, run_cli

SSH_PORTS = range(2213, 2220)
HTTP_PORTS = range(8130, 8140)
SERVER: dict = {}


def free_port(ports) -> int:
    for port in ports:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    """(ssh command, user@127.0.0.1) of a running sshd that accepts only our key."""
    tmp = tmp_path_factory.mktemp("sshd")
    for name in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp / name)], check=True)
    (tmp / "authorized_keys").write_text((tmp / "client.pub").read_text())
    port = free_port(SSH_PORTS)
    host_key = (tmp / "host.pub").read_text().split()
    (tmp / "known_hosts").write_text(f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}\n")
    (tmp / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {tmp / 'host'}\nAuthorizedKeysFile {tmp / 'authorized_keys'}\n"
        f"PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n"
        f"StrictModes no\nUsePAM no\nPidFile {tmp / 'sshd.pid'}\n")
    Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege-separation folder
    proc = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", str(tmp / "sshd_config")],
                            stderr=open(tmp / "sshd.log", "w"))  # noqa: SIM115
    ssh = (f"ssh -p {port} -i {tmp / 'client'} -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes "
           f"-o UserKnownHostsFile={tmp / 'known_hosts'} -o LogLevel=ERROR")
    deadline = time.time() + 10
    while subprocess.run([*ssh.split(), "-o", "BatchMode=yes", f"{getpass.getuser()}@127.0.0.1", "true"],
                         capture_output=True).returncode != 0:
        assert time.time() < deadline, (tmp / "sshd.log").read_text()
        time.sleep(0.1)
    SERVER.update(keys=tmp, port=port)  # for the CI-secret test
    yield ssh, f"{getpass.getuser()}@127.0.0.1"
    proc.terminate()
    proc.wait(timeout=10)


def make_site(folder: Path, version: str, pages: int = 300, blob: int = 0) -> Path:
    """A site whose pages use version-named assets (as a theme update renames its CSS/JS)."""
    (folder / "assets").mkdir(parents=True)
    (folder / "pages").mkdir()
    (folder / "assets" / f"app-{version}.css").write_text(f"/* {version} */ body{{color:#333}}")
    (folder / "assets" / f"app-{version}.js").write_text(f"// {version}")
    (folder / "assets" / "logo.svg").write_text(f"<svg><!-- {version} --></svg>")
    (folder / "assets" / "common.css").write_text("p{margin:0}")  # the same in every version
    page = (f'<html><head><link rel="stylesheet" href="assets/app-{version}.css">'
            f'<script src="assets/app-{version}.js"></script></head><body data-version="{version}">'
            f'<img src="assets/logo.svg"></body></html>')
    (folder / "index.html").write_text(page)
    for i in range(pages):
        (folder / "pages" / f"p{i}.html").write_text(page.replace('"assets/', '"../assets/') + "x" * (i % 97))
    if blob:
        (folder / "assets" / "data.bin").write_bytes(os.urandom(blob))
    return folder


@pytest.fixture
def served(tmp_path):
    """The server's folder and an HTTP server that serves <base>/current like nginx."""
    base = tmp_path / "srv" / "qinchuang"
    base.mkdir(parents=True)
    handler = partial(type("Quiet", (SimpleHTTPRequestHandler,), {"log_message": lambda *a: None}),
                      directory=str(base / "current"))
    server = ThreadingHTTPServer(("127.0.0.1", free_port(HTTP_PORTS)), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base, f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, b""


def version_of(url: str) -> str:
    status, body = get(url + "index.html")
    assert status == 200
    return re.search(rb'data-version="([^"]+)"', body).group(1).decode()


class Reader(threading.Thread):
    """Loads a page, then every asset it names — as a browser does, with time in between."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.stop, self.failures, self.versions, self.loads = url, threading.Event(), [], set(), 0

    def run(self):
        while not self.stop.is_set():
            for page in ("index.html", "pages/p7.html"):
                status, body = get(self.url + page)
                if status != 200:
                    self.failures.append((page, status))
                    continue
                self.versions.add(re.search(rb'data-version="([^"]+)"', body).group(1).decode())
                folder = page.rpartition("/")[0]
                for ref in re.findall(rb'(?:href|src)="([^"]+)"', body):
                    asset = os.path.normpath(os.path.join(folder, ref.decode()))
                    status, _ = get(self.url + asset)
                    if status != 200:
                        self.failures.append((asset, status))
                self.loads += 1


def qc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=REPO, capture_output=True, text=True)


def test_deploy_switches_atomically_while_a_reader_polls(sshd, served, tmp_path):
    ssh, login = sshd
    base, url = served
    target = f"{login}:{base}"
    first = qc("deploy", target, "--site", str(make_site(tmp_path / "v1", "v1")), "--ssh", ssh)
    assert first.returncode == 0, first.stderr
    assert version_of(url) == "v1" and (base / "current").is_symlink()
    reader = Reader(url)
    reader.start()
    try:
        for i in range(2, 6):
            done = qc("deploy", target, "--site", str(make_site(tmp_path / f"v{i}", f"v{i}")), "--ssh", ssh,
                      "--keep", "3")
            assert done.returncode == 0, done.stderr
            assert version_of(url) == f"v{i}"
        time.sleep(0.2)
    finally:
        reader.stop.set()
        reader.join(timeout=30)
    assert reader.failures == []
    assert len(reader.versions) >= 3, reader.versions  # the reader really read across the switches
    releases = sorted(p.name for p in (base / "releases").iterdir() if not p.name.startswith("."))
    assert len(releases) == 3  # --keep 3
    assert os.readlink(base / "current") == f"releases/{releases[-1]}"
    # unchanged files travel once: hard links to the previous release
    assert (base / "current" / "assets" / "common.css").stat().st_nlink >= 2
    assert (base / "releases" / releases[-1] / "assets" / "app-v4.css").exists()  # carried for old pages
    assert not (base / "releases" / releases[-1] / "assets" / "app-v3.css").exists()  # but one generation only


def test_interrupted_upload_leaves_current_untouched_and_rollback(sshd, served, tmp_path):
    ssh, login = sshd
    base, url = served
    target = f"{login}:{base}"
    assert run_cli("deploy", target, "--site", str(make_site(tmp_path / "a", "a")), "--ssh", ssh)[0] == 0
    assert run_cli("deploy", target, "--site", str(make_site(tmp_path / "b", "b")), "--ssh", ssh)[0] == 0
    before = os.readlink(base / "current")
    big = make_site(tmp_path / "c", "c", pages=3000, blob=60_000_000)
    proc = subprocess.Popen([sys.executable, "-m", "generator", "deploy", target, "--site", str(big), "--ssh", ssh],
                            cwd=REPO, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    incoming = base / "releases" / ".incoming"
    deadline = time.time() + 60
    while not (incoming.exists() and any(p.is_file() for p in incoming.rglob("*"))):  # data.bin under way
        assert proc.poll() is None and time.time() < deadline, "the upload ended before it could be interrupted"
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)  # the CI job is cancelled mid-transfer
    proc.wait()
    uploaded = sum(1 for _ in incoming.rglob("*") if _.is_file())
    assert uploaded < sum(1 for _ in big.rglob("*") if _.is_file())  # really interrupted
    assert os.readlink(base / "current") == before and version_of(url) == "b"
    # the next deploy resumes and finishes
    assert run_cli("deploy", target, "--site", str(big), "--ssh", ssh)[0] == 0
    assert version_of(url) == "c" and not incoming.exists()
    code, out, err = run_cli("rollback", target, "--ssh", ssh)
    assert code == 0, err
    assert os.readlink(base / "current") == before and version_of(url) == "b"
    assert "已回退" in out


def test_refusals_are_one_clear_error(sshd, served, tmp_path):
    ssh, login = sshd
    base, _ = served
    (base / "current").mkdir()  # a site copied by hand: never deleted by us
    code, _, err = run_cli("deploy", f"{login}:{base}", "--site", str(make_site(tmp_path / "a", "a")), "--ssh", ssh)
    assert code == 2 and "普通目录" in err and "Traceback" not in err
    assert (base / "current").is_dir() and not (base / "current").is_symlink()
    code, _, err = run_cli("deploy", f"{login}:{base}", "--site", str(tmp_path / "missing"), "--ssh", ssh)
    assert code == 2 and "qinchuang build" in err
    code, _, err = run_cli("rollback", f"{login}:{base}", "--to", "nope", "--ssh", ssh)
    assert code == 2 and "nope" in err
    code, _, err = run_cli("deploy", f"{login}:{base}", "--site", str(make_site(tmp_path / "b", "b")),
                           "--ssh", re.sub(r"-i \S+", "-i /nonexistent", ssh))
    assert code == 2 and "Traceback" not in err and "未改变" in err or "失败" in err


def test_ci_secrets_as_text(sshd, served, tmp_path):
    """In CI the key and known_hosts are secret variables holding text, not files."""
    _, login = sshd
    base, url = served
    env = {**os.environ, "QINCHUANG_SSH_KEY": (SERVER["keys"] / "client").read_text(),
           "QINCHUANG_KNOWN_HOSTS": (SERVER["keys"] / "known_hosts").read_text(),
           "QINCHUANG_SSH": f"ssh -p {SERVER['port']} -o IdentitiesOnly=yes -o LogLevel=ERROR"}
    done = subprocess.run([sys.executable, "-m", "generator", "deploy", f"{login}:{base}", "--site",
                           str(make_site(tmp_path / "s", "s"))], cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert version_of(url) == "s"
    env["QINCHUANG_KNOWN_HOSTS"] = "[127.0.0.1]:1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"
    done = subprocess.run([sys.executable, "-m", "generator", "deploy", f"{login}:{base}", "--site",
                           str(make_site(tmp_path / "t", "t"))], cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 2 and version_of(url) == "s"  # an unknown host key: refused, nothing changed
