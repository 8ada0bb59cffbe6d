"""`qinchuang serve`: a live preview on 127.0.0.1, as `mkdocs serve` and `hugo server` work.

It builds the site (preview.py), watches content/, site_config/ and mkdocs.yml, rebuilds after
every change (only what changed) and reloads the open page. A validation error is printed in
the terminal and shown over the page until it is fixed.

Live reload is a small script served only here: every HTML response gets one
``<script src="/__qinchuang__/reload.js" data-version="…">`` before ``</body>`` on its way out; the files on disk
are the published ones. The pages' own policy (script-src 'self', connect-src 'self') already
lets a script from the same origin run and ask this server, so the policy is not weakened.
The script asks ``/__qinchuang__/status?page=…`` five times a second and reloads when *its* page
was rewritten since it was served (the tag carries the page's version then): a deferred step
that updates the exports does not reload a project page. The error text is put into the page as
text (``textContent``), never as markup: it quotes contributor files.

An update has two stages (preview.py): the edited pages first, then, one deferred step at a
time while no file changes, the other pages, the exports and the search index. The watcher
looks at the files before every step, so a new save is taken up at once.

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
from urllib.parse import parse_qs, unquote

from generator.errors import ContentError, QinchuangError

from .render import RenderError

PREFIX = "/__qinchuang__/"
RELOAD_TAG = f'<script src="{PREFIX}reload.js"'  # then the page's version as served, data-version="…"


def reload_tag(version: int) -> str:
    return f'{RELOAD_TAG} data-version="{version}"></script>'
RELOAD_JS = """(function () {
  var me = document.currentScript, seen = me ? me.getAttribute("data-version") : null;
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
  var url = "/__qinchuang__/status?page=" + encodeURIComponent(location.pathname);
  function ask() {
    fetch(url, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen === null) seen = String(s.version);
      else if (String(s.version) !== seen) { location.reload(); return; }
      overlay(s.error);
    }).catch(function () {}).then(function () { setTimeout(ask, 200); });
  }
  ask();
})();
"""


class State:
    """What the server shows: the site folder, a version that grows with every update, the
    version at which each site file was last written (a page reloads when its own changed), and
    the current validation error (None when the knowledge base is valid)."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self.version = 0
        self.written: dict[str, int] = {}  # site path → the version that last wrote it
        self.everything = 0  # the version that last rendered the whole site
        self.error: str | None = None
        self.busy = False  # the watcher is taking up a save
        self.lock = threading.Lock()

    def wrote(self, paths: list[str]) -> None:
        with self.lock:
            self.version += 1
            if "*" in paths:
                self.everything = self.version
            for path in paths:
                self.written[path] = self.version

    def page_version(self, page: str) -> int:
        """The version that last wrote the page at URL path ``page``."""
        rel = unquote(page).lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        with self.lock:
            return max(self.everything, self.written.get(rel, 0))

    def status(self, page: str = "") -> bytes:
        version = self.page_version(page)
        with self.lock:
            return json.dumps({"version": version, "error": self.error}, ensure_ascii=False).encode()


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
            path, _, query = self.path.partition("?")
            if path == PREFIX + "reload.js":
                return self._send(RELOAD_JS.encode(), "text/javascript; charset=utf-8")
            if path == PREFIX + "status":
                page = parse_qs(query).get("page", [""])[0]
                return self._send(state.status(page), "application/json; charset=utf-8")
            file = self.translate_path(self.path)
            if os.path.isdir(file):
                file = os.path.join(file, "index.html")
            tag = reload_tag(state.page_version(path))  # read before the file: a later write reloads it
            if not os.path.exists(file) and state.error is not None and not state.site_dir.joinpath("index.html").exists():
                page = f'<!doctype html><meta charset="utf-8"><title>预览出错</title><body>{tag}</body>'
                return self._send(page.encode("utf-8"), "text/html; charset=utf-8")  # the overlay shows the error
            status = 200
            if not os.path.exists(file) and state.site_dir.joinpath("404.html").is_file():
                # an entry deleted or renamed while its page is open: the portal's own 404 page,
                # with the reload script, so the page comes back by itself with the file
                file, status = str(state.site_dir / "404.html"), 404
            if file.endswith(".html") and os.path.isfile(file):
                with open(file, "rb") as f:
                    html = f.read().decode("utf-8")
                at = html.rfind("</body>")
                html = html[:at] + tag + html[at:] if at >= 0 else html + tag
                return self._send(html.encode("utf-8"), "text/html; charset=utf-8", status)
            return super().do_GET()

        def _send(self, body: bytes, kind: str, status: int = 200):
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser reloaded or left while the page was sent: nothing to report

        def copyfile(self, source, outputfile):
            try:
                super().copyfile(source, outputfile)
            except (BrokenPipeError, ConnectionResetError):
                pass

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


def rebuild(preview, state: State, say=print, step: bool = False, interrupted=None) -> None:
    """One update of the preview (``step``: its next deferred step, given up when
    ``interrupted()`` says a file changed); the outcome in the terminal and in ``state``."""
    from generator.validation.output import human

    try:
        update = preview.settle_step(interrupted) if step else preview.update()
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
    if update is None:
        return
    if not step:  # a deferred step of the last valid state does not clear an error since
        with state.lock:
            state.error = None
    if update.written or not step:
        state.wrote(update.written)
    stamp = time.strftime("%H:%M:%S")
    if not step:
        what = "全部页面" if update.full else f"{len(update.pages)} 页"
        why = f"；全部校验：{update.why}" if update.why else ""
        say(f"[{stamp}] 已更新 {what}（读入 {update.read} 个文件{why}），用时 {update.seconds:.2f} 秒")
    elif update.written:
        say(f"[{stamp}]   其后：{STEP_NAMES.get(update.step, update.step)} {len(update.written)} 个文件，用时 {update.seconds:.2f} 秒")


STEP_NAMES = {"pages": "引用它的页面、列表和看板", "exports": "数据导出", "search": "检索索引"}


def watch(root: Path, preview, state: State, stop: threading.Event, say=print, interval: float = 0.3) -> None:
    """Look at the files every ``interval`` seconds, and before every deferred step."""
    before = snapshot(root)
    while not stop.wait(0 if preview.pending() else interval):
        now = snapshot(root)
        if now != before:
            state.busy = True
            time.sleep(0.05)  # an editor that saves in two steps (write, rename) has finished
            before = snapshot(root)
            rebuild(preview, state, say)
            state.busy = False
        elif preview.pending():  # given up at once when a file changes meanwhile: that save first
            rebuild(preview, state, say, step=True, interrupted=lambda seen=before: snapshot(root) != seen)


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
            httpd.state = state  # for the tests and bench/serve_bench.py
            httpd.idle = lambda: not state.busy and not preview.pending()
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
