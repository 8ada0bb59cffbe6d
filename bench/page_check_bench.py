"""The post-build page check: its fast path, lexbor (selectolax) and html5lib, over the pages
of a built portal.

    python bench/page_check_bench.py [SITE]     # default: site/ (run `qinchuang build` first)

Prints the median time per page of each way to scan, over 3 runs, and how many pages the fast
path defers to the full parser. html5lib is not a dependency: it is measured only if installed
(`pip install html5lib==1.1`), to show why the full parse is lexbor's.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.site import verify  # noqa: E402


def _timed(scan, pages: list[str]) -> float:
    runs = []
    for _ in range(3):
        verify._TOKENS.clear()  # the fast path's memo starts empty, as in a build
        started = time.perf_counter()
        for text in pages:
            scan(text)
        runs.append((time.perf_counter() - started) / len(pages))
    return statistics.median(runs)


def _html5lib_scan(text: str) -> None:
    import html5lib

    for el in html5lib.parse(text, namespaceHTMLElements=False).iter():
        verify.check_start(str(el.tag).lower(), [(k.lower(), v) for k, v in el.attrib.items()])


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "site")
    pages = [p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))]
    if not pages:
        sys.exit(f"{site} 中没有网页：先运行 qinchuang build")
    deferred = sum(1 for text in pages if verify.fast_scan(text) is None)
    print(f"{len(pages)} 个网页，平均 {sum(map(len, pages)) / len(pages) / 1000:.0f} kB；快速路径交给完整解析器的：{deferred} 个")
    ways = {"scan_html（快速路径 + lexbor 兜底）": verify.scan_html, "lexbor 完整解析": verify.full_scan}
    try:
        import html5lib  # noqa: F401

        ways["html5lib 完整解析"] = _html5lib_scan
    except ImportError:
        print("（未安装 html5lib，不测它）")
    for name, scan in ways.items():
        print(f"{name}: 每页 {_timed(scan, pages) * 1000:.2f} ms（3 次的中位数）")


if __name__ == "__main__":
    main()
