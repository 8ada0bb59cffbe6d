"""Search at scale: index time and size, first-query transfer and latency in headless Chromium.

    python bench/search_bench.py [--sizes 1000 10000]

For each synthetic knowledge base (bench/make_kb.py) the index is built from the validated
knowledge base, served on 127.0.0.1 with a bare host page, and queried in a fresh browser
context (empty cache), as an employee's first search would be. Goals at 10k entries: first
query ≤ 0.5 MB transferred, a result on screen ≤ 300 ms, a facet click ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests"), str(HERE)]
from workdir import workdir  # noqa: E402  (bench/ is on the path: run as a script)

QUERIES = ["给水泵 振动", "凝汽器", "磨煤机出力不足", "脱硫吸收塔", "节能"]


def main() -> None:
    from make_kb import write_kb
    from test_search import HOST, url_of

    from browser import chromium, serve
    from generator.search import asset_files, build_search
    from generator.validation import validate

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    with workdir("qc-search-bench-") as tmp, chromium() as browser:
        for size in args.sizes:
            root = Path(tmp) / f"kb{size}"
            write_kb(root, size)
            kb = validate(root).kb
            started = time.perf_counter()
            files, stats = build_search(kb, url_of)
            index_s = time.perf_counter() - started
            site = Path(tmp) / f"site{size}"
            for rel, data in {**files, **asset_files()}.items():
                (site / rel).parent.mkdir(parents=True, exist_ok=True)
                (site / rel).write_bytes(data)
            (site / "search.html").write_text(HOST, encoding="utf-8")
            (site / "favicon.ico").write_bytes(b"")
            first_bytes, first_ms, warm_ms, facet_ms = [], [], [], []
            with serve(site) as base:
                for query in QUERIES:
                    context = browser.new_context()  # empty cache: a first search
                    page = context.new_page()
                    received: list[int] = []
                    page.on("response", lambda r, got=received: got.append(len(r.body()) if r.ok else 0))
                    page.goto(base + "search.html")
                    page.wait_for_function("window.QCSearch && QCSearch.page")
                    t0 = time.perf_counter()
                    page.fill(".qc-search-input", query)
                    page.press(".qc-search-input", "Enter")
                    page.wait_for_selector("#qc-search[data-state=done]")
                    first_ms.append((time.perf_counter() - t0) * 1000)
                    first_bytes.append(sum(received))
                    page.evaluate("document.getElementById('qc-search').removeAttribute('data-state')")
                    t0 = time.perf_counter()
                    page.fill(".qc-search-input", query + " 改造")
                    page.press(".qc-search-input", "Enter")
                    page.wait_for_selector("#qc-search[data-state=done]")
                    warm_ms.append((time.perf_counter() - t0) * 1000)
                    page.evaluate("document.getElementById('qc-search').removeAttribute('data-state')")
                    t0 = time.perf_counter()
                    page.click("input[name=type] >> nth=0")  # a facet click narrows the same results
                    page.wait_for_selector("#qc-search[data-state=done]")
                    facet_ms.append((time.perf_counter() - t0) * 1000)
                    context.close()
            print(f"search {stats.documents:>6} documents: index {index_s:.2f} s, {stats.bytes / 1e6:.1f} MB in "
                  f"{stats.files} files ({stats.shards} shards); first query (page + index) "
                  f"median {statistics.median(first_bytes) / 1e3:.0f} KB, max {max(first_bytes) / 1e3:.0f} KB, "
                  f"result in median {statistics.median(first_ms):.0f} ms (max {max(first_ms):.0f}); "
                  f"next query median {statistics.median(warm_ms):.0f} ms; "
                  f"facet click median {statistics.median(facet_ms):.0f} ms", flush=True)


if __name__ == "__main__":
    main()
