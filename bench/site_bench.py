"""Portal build benchmark: our full build at 1k and 10k entries, and the naive baseline.

    python bench/site_bench.py                 # 1k + 10k ours, naive at 1k
    python bench/site_bench.py --naive 1000 2000 --sizes 1000

Synthetic knowledge bases come from bench/make_kb.py (realistic mix and sizes). "Ours" is
`qinchuang build` (validate → docs → Material, sharded → verify → publish). The naive baseline
renders the same docs tree (written by `build --keep-docs`) with plain MkDocs-Material the way a first attempt would: every page
in the navigation (no `nav:` → all pages) and Material's search plugin (lang: zh). Every build
runs in its own process; wall time and peak RSS (wait4 rusage: the largest process of the build's
tree) are printed.

Our build runs --repeat times at each size, each time cold (no build folder, no site, so no
template cache), and the median is compared. The naive build runs once: it takes ~30 s and
varied by ±4 % over a day of runs, ours by up to ±30 %. Most of that is the file system: on this
machine (ext4 without a journal) creating a file costs 0.03–0.8 ms depending on how many inodes
were freed nearby lately (the kernel checks each recently freed one before reusing it), and our
build creates ~2,800 files at 1k against the naive build's ~1,200. Set QC_BENCH_DIR to build
somewhere else than bench/out/ (e.g. a folder where nothing was deleted lately).

Goals (issue 12): ours ≥ 10× faster than naive at 1k; 10k ≤ 15 s and ≤ 1 GB; 10k/1k ≤ 11×.
The load average is printed: on a shared machine compare the ratios within one run. So are,
before each size, the cost of creating a file where the build will write (the benchmark first
waits, up to --settle seconds, while it is several times the quiet disk's: see workdir.settle)
and the time of a fixed single-thread loop, before each size and at the end (the machine's
own speed drifts).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
from workdir import cpu_probe, settle, workdir  # noqa: E402  (bench/ is on the path: run as a script)

NAIVE_CONFIG = """site_name: naive
docs_dir: {docs}
site_dir: {site}
use_directory_urls: false
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
markdown_extensions:
  - tables
  - admonition
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {{kwds: {{case: lower}}}}
"""


def run(cmd: list[str], env: dict | None = None) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, peak RSS MiB, exit code) of one process tree.

    CPU time (user + system of the process and its children) is printed besides wall time:
    on a shared machine it is the steadier measure of the work done."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    err = proc.stderr.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code:
        print(err[-2000:], file=sys.stderr)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, code


def ours(root: Path, repeat: int) -> dict:
    """Median of ``repeat`` cold builds (wall, CPU, peak RSS each the median of its own)."""
    runs = []
    for k in range(repeat):
        # the previous run's output is moved aside, not deleted: deleting thousands of files
        # makes creating files nearby slower for a while (ext4 without a journal skips inodes
        # freed moments ago), which would slow whichever build runs next
        for stale in (root / "build", root / "site"):
            if stale.exists():
                stale.rename(root / f"{stale.name}-run{k}")
        runs.append(run([sys.executable, "-m", "generator", "--root", str(root), "build",
                         "--out", str(root / "site"), "--quiet"]))
    ok = all(code == 0 for *_, code in runs)
    pages = sum(1 for _ in (root / "site").rglob("*.html")) if ok else 0
    walls = sorted(r[0] for r in runs)
    return {"wall": statistics.median(walls), "walls": [round(w, 2) for w in walls],
            "cpu": statistics.median(r[1] for r in runs), "rss_mib": int(statistics.median(r[2] for r in runs)),
            "ok": ok, "pages": pages}


def naive(root: Path) -> dict:
    # the docs tree of our build (which renders it in memory), written out untimed and
    # rendered the naive way
    docs = root / "naive-docs"
    code = run([sys.executable, "-m", "generator", "--root", str(root), "build", "--out", str(root / "naive-ours"),
                "--quiet", "--keep-docs", str(docs)])[3]
    if code:
        return {"wall": float("nan"), "cpu": float("nan"), "rss_mib": 0, "ok": False}
    site = root / "naive-site"
    config = root / "naive-mkdocs.yml"
    config.write_text(NAIVE_CONFIG.format(docs=docs, site=site), encoding="utf-8")
    wall, cpu, rss, code = run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                          env={"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1609459200"})
    index = site / "search" / "search_index.json"
    size = sum(p.stat().st_size for p in [site / "index.html"] if p.exists())
    return {"wall": wall, "cpu": cpu, "rss_mib": rss, "ok": code == 0,
            "search_index_mib": round(index.stat().st_size / 2**20, 1) if index.exists() else None,
            "home_kib": size // 1024}


def main() -> int:
    from make_kb import write_kb

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--naive", type=int, nargs="*", default=[1000],
                        help="sizes to also build naively (slow: O(N²)); none to skip")
    parser.add_argument("--repeat", type=int, default=3, help="cold builds of ours per size (median)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--settle", type=float, default=180,
                        help="seconds to wait at most for file creation to be quick again (see workdir.settle)")
    args = parser.parse_args()
    results: dict[str, dict] = {}
    print(f"负载（1/5/15 分钟）：{' '.join(f'{x:.1f}' for x in os.getloadavg())}，{os.cpu_count()} 核", flush=True)
    with workdir("qc-site-bench-") as tmp:
        for n in sorted(set(args.sizes) | set(args.naive)):
            root = Path(tmp) / f"kb{n}"
            write_kb(root, n)
            print(f"        {settle(root, args.settle)}；单线程计数循环 {cpu_probe():.2f} s", flush=True)
            print(f"{n:>6} 条目：", end="", flush=True)
            r = ours(root, args.repeat)
            results[f"ours-{n}"] = r
            spread = "" if len(r["walls"]) < 2 else f"（{len(r['walls'])} 次中位；{r['walls'][0]:.1f}–{r['walls'][-1]:.1f} s）"
            print(f"我们 {r['wall']:6.1f} s{spread}（CPU {r['cpu']:6.1f} s） {r['rss_mib']:5d} MiB  {r['pages']} 页"
                  + ("" if r["ok"] else "  失败"), end="", flush=True)
            if n in args.naive:
                nr = naive(root)
                results[f"naive-{n}"] = nr
                print(f" | 朴素 {nr['wall']:6.1f} s（CPU {nr['cpu']:6.1f} s） {nr['rss_mib']:5d} MiB  "
                      f"首页 {nr['home_kib']} KiB  搜索索引 {nr['search_index_mib']} MiB  "
                      f"→ {nr['wall'] / r['wall']:.1f}× 慢", end="")
            print(flush=True)
    print(f"负载（1/5/15 分钟）：{' '.join(f'{x:.1f}' for x in os.getloadavg())}；单线程计数循环 {cpu_probe():.2f} s")
    summary(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


def summary(results: dict) -> None:
    checks = []
    if "ours-1000" in results and "naive-1000" in results:
        ratio = results["naive-1000"]["wall"] / results["ours-1000"]["wall"]
        cpu_ratio = results["naive-1000"]["cpu"] / results["ours-1000"]["cpu"]
        checks.append((f"1k：比朴素构建快 {ratio:.1f}×（CPU 时间 {cpu_ratio:.1f}×；目标 ≥ 10×）", ratio >= 10))
    if "ours-10000" in results:
        r = results["ours-10000"]
        checks.append((f"10k：{r['wall']:.1f} s（目标 ≤ 15 s）", r["wall"] <= 15))
        checks.append((f"10k：峰值 {r['rss_mib']} MiB（单个进程；目标 ≤ 1024 MiB）", r["rss_mib"] <= 1024))
        if "ours-1000" in results:
            growth = r["wall"] / results["ours-1000"]["wall"]
            cpu_growth = r["cpu"] / results["ours-1000"]["cpu"]
            checks.append((f"10k/1k：{growth:.1f}×（CPU 时间 {cpu_growth:.1f}×；目标 ≤ 11×）", growth <= 11))
    for text, ok in checks:
        print(("✔ " if ok else "✘ ") + text)


if __name__ == "__main__":
    sys.exit(main())
