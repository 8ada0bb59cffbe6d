"""`qinchuang serve`: a live preview on 127.0.0.1, as `mkdocs serve` and `hugo server` work.

It builds the site (preview.py), watches content/, site_config/ and mkdocs.yml, rebuilds after
every change (only what changed) and reloads the open page. A validation error is printed in
the terminal and shown over the page; the page reloads once it is fixed.

Live reload is a small script served only here: every HTML response gets one
``<script src="/__qinchuang__/reload.js">`` before ``</body>`` on its way out; the files on disk
are the published ones. The pages' own policy (script-src 'self', connect-src 'self') already
lets a script from the same origin run and ask this server, so the policy is not weakened.
The script asks ``/__qinchuang__/status`` twice a second; the error text is put into the page
as text (``textContent``), never as markup: it quotes contributor files.

Only requests whose Host is a loopback name with the server's port are answered (others get
403): a page elsewhere that rebinds its own name to 127.0.0.1 (DNS rebinding) would otherwise read
the preview and the error text, which names files, as same-origin.

Watching is a stat walk (polling, like `hugo server --poll`): about 10k ``lstat`` calls per
round at 10k entries, no dependency, and it sees edits on any file system (network shares,
containers) where inotify does not.
"""

from __future__ import annotations

import http.server
import json
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from generator.errors import ContentError, QinchuangError

from .render import RenderError

PREFIX = "/__qinchuang__/"
RELOAD_TAG = f'<script src="{PREFIX}reload.js"></script>'
RELOAD_JS = """(function () {
  var seen = null;
  function overlay(text) {
    var box = document.getElementById("qc-serve-error");
    if (!text) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "qc-serve-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:10000;margin:0;padding:2em;overflow:auto;" +
        "background:rgba(255,255,255,.97);color:#b00020;font:14px/1.6 monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = text;
  }
  function ask() {
    fetch("/__qinchuang__/status", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen === null) seen = s.version;
      else if (s.version !== seen) { location.reload(); return; }
      overlay(s.error);
    }).catch(function () {}).then(function () { setTimeout(ask, 500); });
  }
  ask();
})();
"""


class State:
    """What the server shows: the site folder, a version that grows with every rebuild, and
    the current validation error (None when the knowledge base is valid)."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self.version = 0
        self.error: str | None = None
        self.lock = threading.Lock()

    def status(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error}, ensure_ascii=False).encode()


def handler_for(state: State):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(state.site_dir), **kwargs)

        def log_message(self, *args):  # the terminal shows rebuilds, not every request
            pass

        def host_ok(self) -> bool:
            address, port = self.server.server_address[:2]
            names = {"127.0.0.1", "localhost", "[::1]", address, f"[{address}]"}
            return (self.headers.get("Host") or "").strip().lower() in {f"{n}:{port}" for n in names}

        def refuse(self) -> None:
            body = "只接受发往 127.0.0.1 / localhost 的请求".encode()
            self.send_response(403)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self):
            if not self.host_ok():
                return self.refuse()
            return super().do_HEAD()

        def do_GET(self):
            if not self.host_ok():
                return self.refuse()
            path = self.path.split("?", 1)[0]
            if path == PREFIX + "reload.js":
                return self._send(RELOAD_JS.encode(), "text/javascript; charset=utf-8")
            if path == PREFIX + "status":
                return self._send(state.status(), "application/json; charset=utf-8")
            file = self.translate_path(self.path)
            if os.path.isdir(file):
                file = os.path.join(file, "index.html")
            if not os.path.exists(file) and state.error is not None and not state.site_dir.joinpath("index.html").exists():
                page = f'<!doctype html><meta charset="utf-8"><title>预览出错</title><body>{RELOAD_TAG}</body>'
                return self._send(page.encode("utf-8"), "text/html; charset=utf-8")  # the overlay shows the error
            if file.endswith(".html") and os.path.isfile(file):
                with open(file, "rb") as f:
                    html = f.read().decode("utf-8")
                at = html.rfind("</body>")
                html = html[:at] + RELOAD_TAG + html[at:] if at >= 0 else html + RELOAD_TAG
                return self._send(html.encode("utf-8"), "text/html; charset=utf-8")
            return super().do_GET()

        def _send(self, body: bytes, kind: str):
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def snapshot(root: Path) -> dict[str, tuple]:
    """The stat of every watched file: content/, site_config/ (followed if a link) and mkdocs.yml."""
    seen = {}
    for top in ("content", "site_config"):
        for dirpath, dirnames, filenames in os.walk(root / top, followlinks=True):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                seen[path] = (st.st_size, st.st_mtime_ns, st.st_ino)
    config = root / "mkdocs.yml"
    if config.is_file():
        st = config.stat()
        seen[str(config)] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return seen


def rebuild(preview, state: State, say=print) -> None:
    """One update of the preview; its outcome in the terminal and in ``state``."""
    from generator.validation.output import human

    try:
        update = preview.update()
    except ContentError as exc:
        text = human(exc.report) if exc.report is not None else ""
        say(f"{text}\n错误：{exc}")
        with state.lock:
            state.error = f"{exc}\n\n{text}"
        return
    except (QinchuangError, RenderError) as exc:  # a broken site_config/ or mkdocs.yml: the server stays up
        say(f"错误：{exc}")
        with state.lock:
            state.error = str(exc)
        return
    with state.lock:
        state.error = None
        state.version += 1
    what = "全部页面" if update.full else f"{len(update.pages)} 页"
    say(f"[{time.strftime('%H:%M:%S')}] 已更新 {what}（读入 {update.read} 个文件），用时 {update.seconds:.2f} 秒")


def watch(root: Path, preview, state: State, stop: threading.Event, say=print, interval: float = 0.3) -> None:
    before = snapshot(root)
    while not stop.wait(interval):
        now = snapshot(root)
        if now != before:
            time.sleep(0.05)  # an editor that saves in two steps (write, rename) has finished
            before = snapshot(root)
            rebuild(preview, state, say)


@contextmanager
def live(root: Path, site_dir: Path, port: int, say=print):
    """The preview built, its watcher running and its server bound (not yet serving)."""
    from .preview import Preview

    preview = Preview(root, site_dir)
    state = State(site_dir)
    rebuild(preview, state, say)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(root, preview, state, stop, say), daemon=True)
    watcher.start()
    try:
        with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler_for(state)) as httpd:
            yield httpd
    finally:
        stop.set()
        watcher.join()


def serve(root: Path, out: Path | None, port: int) -> int:
    root = Path(root).resolve()
    print("生成预览 …")
    with live(root, out or root / "build" / "serve", port) as httpd:
        print(f"预览：http://127.0.0.1:{port}/  修改 content/、site_config/ 或 mkdocs.yml 后页面自动刷新（Ctrl+C 结束）")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0
