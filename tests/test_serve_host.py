"""`qinchuang serve` answers only requests addressed to it by a loopback name.

A page on another site can make the browser resolve its own name to 127.0.0.1 (DNS rebinding)
and then read the preview — and the validation error shown over it, which quotes file paths —
as same-origin. Such requests carry the attacker's name in Host; the preview refuses them.
"""

from __future__ import annotations

import http.client
import threading

import pytest

from generator.site.serve import State, handler_for

PORT = 8121


@pytest.fixture()
def server(tmp_path):
    import http.server

    (tmp_path / "index.html").write_text("<html><body>首页</body></html>", encoding="utf-8")
    state = State(tmp_path)
    state.error = "content/people/QD00001.yml:3 错误 …"
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), handler_for(state))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def ask(path: str, host: str | None, method: str = "GET") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    conn.putrequest(method, path, skip_host=True)
    if host is not None:
        conn.putheader("Host", host)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"LOCALHOST:{PORT}", f"[::1]:{PORT}"])
def test_loopback_names_are_answered(server, host):
    status, body = ask("/", host)
    assert status == 200, f"Host {host} 应得到预览，实为 {status}"
    assert "首页".encode() in body
    assert ask("/__qinchuang__/status", host)[0] == 200


@pytest.mark.parametrize("host", [f"evil.example:{PORT}", "evil.example", f"127.0.0.1.evil.example:{PORT}",
                                  f"localhost.evil.example:{PORT}", "127.0.0.1:9999", f"10.0.0.5:{PORT}", "", None])
@pytest.mark.parametrize("path", ["/", "/__qinchuang__/status", "/__qinchuang__/reload.js", "/index.html"])
def test_other_names_are_refused(server, host, path):
    status, body = ask(path, host)
    assert status == 403, f"Host {host!r} 请求 {path} 应被拒绝（403），实为 {status}"
    assert b"QD00001" not in body and "首页".encode() not in body


def test_head_requests_are_checked_too(server):
    assert ask("/", f"evil.example:{PORT}", "HEAD")[0] == 403
    assert ask("/", f"127.0.0.1:{PORT}", "HEAD")[0] == 200


def test_a_missing_page_gets_the_site_404_that_reloads_when_it_comes_back(server, tmp_path):
    """An entry deleted (or renamed) while its page is open: the reload lands on a missing
    page. It must be the portal's own 404 page, in Chinese, carrying the reload script, so the
    page comes back by itself when the file does (not the server's English error page)."""
    (tmp_path / "404.html").write_text("<html><body><h1>找不到这个页面</h1></body></html>", encoding="utf-8")
    status, body = ask("/experience/JY-2022-002.html", f"127.0.0.1:{PORT}")
    assert status == 404
    text = body.decode("utf-8")
    assert "找不到这个页面" in text and "/__qinchuang__/reload.js" in text
    assert "Error response" not in text
