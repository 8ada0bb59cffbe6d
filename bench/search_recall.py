"""Recall of 成果检索 on a query set, typed into the portal's search page in headless Chromium,
side by side with Pagefind (extended, Chinese) indexing the same built pages.

    python bench/search_recall.py [--queries bench/search_queries.yml] [--root .] [--rebuild]
                                  [--pagefind "/tmp/pfvenv/bin/python -m pagefind"] [--show-misses]

The portal is built once into bench/out/recall/ (--rebuild to build it again); the search index
and search assets are rewritten from the current code on every run, so engine changes are
measured without a full build. Per category: recall@10 (the share of queries whose expected
entries are all in the first ten results) and MRR (1 / rank of the first expected entry).
Categories ``typo`` and ``pinyin`` are reported apart from the total, as the issue asks.
Pagefind: pip install 'pagefind[extended]==1.5.2' into any environment (not a project dependency).
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import yaml

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests"), str(HERE)]
from workdir import OUT  # noqa: E402  (bench/ is on the path: run as a script)

APART = ("typo", "pinyin")
OURS_JS = """async (q) => {
  const root = document.getElementById('qc-search');
  root.removeAttribute('data-state');
  const input = document.querySelector('.qc-search-input');
  input.value = q;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  const t0 = performance.now();
  while (root.getAttribute('data-state') !== 'done') {
    await new Promise(r => setTimeout(r, 5));
    if (performance.now() - t0 > 10000) return null;
  }
  return [...document.querySelectorAll('.qc-hit > a')].slice(0, 10).map(a => a.getAttribute('href'));
}"""
PAGEFIND_JS = """async (q) => {
  if (!window.__pf) { window.__pf = await import(new URL('pagefind/pagefind.js', document.baseURI).href); await window.__pf.init(); }
  const r = await window.__pf.search(q);
  const top = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  return top.map(d => d.url);
}"""


def entry_id(href: str) -> str:
    """projects/KT-2021-001.html → KT-2021-001 (any prefix, ./ or site path)."""
    return Path(urlparse(href).path).stem


def build_portal(root: Path, site: Path, pagefind: str, rebuild: bool) -> None:
    from generator.site.build import Progress, build_site

    if rebuild or not (site / "index.html").is_file():
        build_site(root, out=site, build_dir=site.parent / "build", progress=Progress(enabled=False), pdf=False)
        rebuild = True
    if rebuild or not (site / "pagefind").is_dir():
        run = subprocess.run([*shlex.split(pagefind), "--site", str(site), "--force-language", "zh-cn",
                              "--root-selector", "article", "--exclude-selectors", "#qc-search"],
                             capture_output=True, text=True)
        if run.returncode:
            raise SystemExit("pagefind failed:\n" + run.stdout[-2000:] + run.stderr[-2000:])


def refresh_search(root: Path, site: Path) -> float:
    """The current engine's index and assets into the built site; returns the index time."""
    from generator.search import asset_files, build_search
    from generator.site.build import search_url
    from generator.site.context import Site
    from generator.validation import validate

    kb = validate(root).kb
    s = Site(kb=kb, ref_date=None)
    t0 = time.perf_counter()
    files, _ = build_search(kb, lambda kind, i: search_url(s, kind, i))
    took = time.perf_counter() - t0
    for old in (site / "search").rglob("*.json"):
        old.unlink()
    for rel, data in {**files, **asset_files()}.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    return took


def score(results: list[str] | None, expected: list[str]) -> tuple[bool, float]:
    ids = [entry_id(h) for h in results or []]
    found = all(e in ids for e in expected)
    ranks = [ids.index(e) + 1 for e in expected if e in ids]
    return found, (1 / min(ranks)) if ranks else 0.0


def main() -> None:
    from browser import chromium, serve

    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=Path, default=HERE / "search_queries.yml")
    parser.add_argument("--root", type=Path, default=HERE.parent)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--pagefind", default="/tmp/pfvenv/bin/python -m pagefind")
    parser.add_argument("--show-misses", action="store_true", help="also list queries whose entry is not first")
    args = parser.parse_args()
    queries = yaml.safe_load(args.queries.read_text(encoding="utf-8"))
    site = OUT / "recall" / "site"
    build_portal(args.root.resolve(), site, args.pagefind, args.rebuild)
    index_s = refresh_search(args.root.resolve(), site)
    rows, misses, ms = {}, [], []
    with chromium() as browser, serve(site) as base:
        page = browser.new_page()
        page.goto(base + "search.html")
        page.wait_for_function("window.QCSearch && QCSearch.page")
        for category, items in queries.items():
            rows[category] = {"ours": [], "pagefind": []}
            for query, *expected in items:
                query = str(query)
                t0 = time.perf_counter()
                ours = page.evaluate(OURS_JS, query)
                ms.append((time.perf_counter() - t0) * 1000)
                theirs = page.evaluate(PAGEFIND_JS, query)
                for engine, got in (("ours", ours), ("pagefind", theirs)):
                    found, rr = score(got, expected)
                    rows[category][engine].append((found, rr))
                    if engine == "ours" and (not found or (args.show_misses and rr < 1)):
                        misses.append((category, query, expected, [entry_id(h) for h in got or []]))
    print(f"index {index_s:.2f} s; query typed → results, median {statistics.median(ms):.0f} ms (debounce included)")
    print(f"{'category':<14}{'n':>4}  {'ours R@10':>9} {'MRR':>5}   {'Pagefind R@10':>13} {'MRR':>5}")
    totals = {"ours": [], "pagefind": []}
    for category, engines in rows.items():
        line = f"{category:<14}{len(engines['ours']):>4}"
        for engine in ("ours", "pagefind"):
            got = engines[engine]
            if category not in APART:
                totals[engine] += got
            line += f"  {sum(f for f, _ in got) / len(got):>9.2f} {sum(r for _, r in got) / len(got):>5.2f}   "
        print(line)
    n = len(totals["ours"])
    print(f"{'total':<14}{n:>4}" + "".join(
        f"  {sum(f for f, _ in totals[e]) / n:>9.2f} {sum(r for _, r in totals[e]) / n:>5.2f}   " for e in ("ours", "pagefind")))
    if args.show_misses:
        for category, query, expected, got in misses:
            print(f"  {'miss' if not set(expected) <= set(got) else 'rank'} [{category}] {query!r} → want {expected}, got {got}")


if __name__ == "__main__":
    main()
