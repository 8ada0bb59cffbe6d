"""`qinchuang serve`: preview the published site on 127.0.0.1 (the built files, as published)."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


def serve(root: Path, out: Path | None, port: int, rebuild: bool) -> int:
    from .build import build_site

    out = out or root / "site"
    if rebuild or not (out / "index.html").is_file():
        build_site(root, out=out)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"预览：http://127.0.0.1:{port}/  （Ctrl+C 结束）")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0
