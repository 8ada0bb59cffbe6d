"""Baseline for the choice of search engine: Pagefind (extended, Chinese segmentation) indexing
the same documents as our index, one HTML page per document.

    pip install 'pagefind[extended]==1.5.2'     # in any environment; not a project dependency
    python bench/pagefind_baseline.py [--sizes 1000 10000] [--pagefind "python -m pagefind"]

Prints Pagefind's index time and size next to ours for the same synthetic knowledge bases.
"""

from __future__ import annotations

import argparse
import html
import shlex
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]
from workdir import workdir  # noqa: E402  (bench/ is on the path: run as a script)


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def main() -> None:
    from make_kb import write_kb

    from generator.search import build_search
    from generator.search.documents import documents
    from generator.validation import validate

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--pagefind", default="/tmp/pfvenv/bin/python -m pagefind")
    args = parser.parse_args()
    with workdir("qc-pagefind-") as tmp:
        for size in args.sizes:
            root = Path(tmp) / f"kb{size}"
            write_kb(root, size)
            kb = validate(root).kb
            t0 = time.perf_counter()
            files, stats = build_search(kb, lambda k, i: f"{k}/{i}.html")
            ours = time.perf_counter() - t0
            site = Path(tmp) / f"site{size}"
            for d in documents(kb, lambda k, i: f"{k}/{i}.html"):
                page = site / d.url
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(
                    f'<!doctype html><html lang="zh-cn"><meta charset="utf-8"><title>{html.escape(d.title)}</title>'
                    f'<body><main data-pagefind-body><h1>{html.escape(d.title)}</h1>'
                    f'<p>{html.escape(" ".join(d.keywords))}</p><p>{html.escape(d.text)}</p></main></body></html>',
                    encoding="utf-8")
            t0 = time.perf_counter()
            run = subprocess.run([*shlex.split(args.pagefind), "--site", str(site), "--force-language", "zh-cn"],
                                 capture_output=True, text=True)
            theirs = time.perf_counter() - t0
            if run.returncode:
                print(run.stdout[-2000:], run.stderr[-2000:])
                raise SystemExit("pagefind failed")
            size_b, count = folder_size(site / "pagefind")
            print(f"{stats.documents:>6} documents: ours {ours:.2f} s, {stats.bytes / 1e6:.1f} MB / {stats.files} files;"
                  f" Pagefind {theirs:.2f} s, {size_b / 1e6:.1f} MB / {count} files", flush=True)


if __name__ == "__main__":
    main()
