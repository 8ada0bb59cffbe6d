"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, against a folder
served on 127.0.0.1. Every request is recorded so tests can assert none leaves the machine."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path, prefix: str = ""):
    """Serve ``folder`` at http://127.0.0.1:PORT/<prefix>; yields the base URL."""
    root = folder
    if prefix:  # serve from a sub-path, as on an intranet server (/innovation/)
        import tempfile

        holder = Path(tempfile.mkdtemp(prefix="qc-serve-"))
        (holder / prefix.strip("/")).symlink_to(folder.resolve(), target_is_directory=True)
        root = holder
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/" + (prefix.strip("/") + "/" if prefix else "")
    finally:
        server.shutdown()


class Page:
    """A Playwright page that records console errors and every requested URL."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

    def external_requests(self) -> list[str]:
        return [u for u in self.requests if urlparse(u).hostname not in ("127.0.0.1", "localhost", None)
                and not u.startswith(("data:", "blob:", "about:"))]


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
