"""`qinchuang serve` benchmark: from saving an edit to the page being up to date.

    python bench/serve_bench.py                  # the sample-sized test KB and 10k entries
    python bench/serve_bench.py --sizes 1000 --repeat 5
    python bench/serve_bench.py --sizes -1       # the bundled sample (content/ of this repository)

For each knowledge base the preview is built once (full), then a project's title is edited
--repeat times; each time the incremental update (re-read the changed file, validate,
regenerate every page's source in memory, re-render only the changed pages) is timed, plus the
watcher's poll (a stat walk, 0.3 s interval: on average half of it is waited). Medians printed,
and the CPU seconds of an update (this process and the forked search job): on a loaded machine
wall time mostly measures the load, CPU time what an update costs.
Goal: ≤ 1 s on the sample, ≤ 3 s at 10k entries.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
from workdir import workdir  # noqa: E402  (bench/ is on the path: run as a script)

POLL = 0.3  # generator/site/serve.py watch(): seconds between two stat walks


def edit_title(root: Path, k: int) -> None:
    project = next((root / "content" / "projects").rglob("*.md"))
    text = project.read_text(encoding="utf-8")
    head, _, rest = text.partition("\ntitle: ")
    title, _, tail = rest.partition("\n")
    project.write_text(f"{head}\ntitle: {title.split('（修改')[0]}（修改 {k}）\n{tail}", encoding="utf-8")


def measure(root: Path, repeat: int) -> dict:
    from generator.site.preview import Preview
    from generator.site.serve import snapshot

    preview = Preview(root, root / "build" / "serve")
    started = time.perf_counter()
    preview.update()
    full = time.perf_counter() - started
    walks, updates, pages, cpus = [], [], [], []
    for k in range(repeat):
        edit_title(root, k)
        started = time.perf_counter()
        snapshot(root)
        walks.append(time.perf_counter() - started)
        before = os.times()
        update = preview.update()
        after = os.times()
        cpus.append(sum(getattr(after, f) - getattr(before, f)
                        for f in ("user", "system", "children_user", "children_system")))
        updates.append(update.seconds)
        pages.append(len(update.pages))
    return {"full": full, "walk": statistics.median(walks), "update": statistics.median(updates),
            "pages": int(statistics.median(pages)), "updates": sorted(round(u, 2) for u in updates),
            "cpu": statistics.median(cpus)}


def main() -> int:
    from make_kb import write_kb

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 10000],
                        help="0: tests/kb_small (sample-sized); -1: the bundled sample content/")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"负载（1/5/15 分钟）：{' '.join(f'{x:.1f}' for x in os.getloadavg())}，{os.cpu_count()} 核")
    with workdir("qc-serve-bench-") as tmp:
        for n in args.sizes:
            root = Path(tmp) / f"kb{n}"
            if n < 0:
                shutil.copytree(REPO / "content", root / "content")
                (root / "site_config").symlink_to(REPO / "site_config")
            elif n:
                write_kb(root, n)
            else:
                shutil.copytree(REPO / "tests" / "kb_small" / "content", root / "content")
                (root / "site_config").symlink_to(REPO / "tests" / "site_config")
            r = measure(root, args.repeat)
            latency = r["update"] + r["walk"] + POLL / 2
            goal = 1.0 if n <= 1000 else 3.0
            name = {0: "测试知识库", -1: "自带样例"}.get(n, f"{n} 条目")
            print(f"{name}：首次 {r['full']:.1f} s；改一个标题 → 页面更新 {latency:.2f} s"
                  f"（增量更新 {r['update']:.2f} s、CPU {r['cpu']:.2f} s，中位，{args.repeat} 次 {r['updates']}；重渲染 {r['pages']} 页；"
                  f"扫描 {r['walk'] * 1000:.0f} ms + 平均等待 {POLL / 2:.2f} s）"
                  + (" ✔" if latency <= goal else " ✘") + f" 目标 ≤ {goal:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
