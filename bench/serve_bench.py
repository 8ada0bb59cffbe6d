"""`qinchuang serve` benchmark: from saving an edit to the page being up to date, as a user sees it.

    python bench/serve_bench.py                        # the bundled sample (content/) and 10k entries
    python bench/serve_bench.py --sizes -1 --repeat 5  # the sample only
    python bench/serve_bench.py --sizes 0 1000         # tests/kb_small (sample-sized), 1k entries

For each knowledge base the real preview runs (generator/site/serve.py `live`: the watcher's
polling, the rebuild, the HTTP server on --port), then a contributor's edits are made one after
the other, --repeat rounds of: a project's title, a paragraph added to its body, a new project,
that project deleted again. For each edit it times, from the moment the file is saved:

* **disk**: the edited page's HTML in the site folder shows the edit (or is gone, for a delete);
* **served**: the server answers the page with the edit (a 404 for a delete), which is what the
  browser's reload gets;
* **settled**: the preview has finished every part of the update, the site-wide files too
  (workbook, exports, search index): from then on the site is what a full build gives.

and the CPU seconds between the save and settling (this process and the children it waited for:
the watcher's stat walks included, as they are part of what `serve` costs). Medians per kind of
edit and over all edits are printed; on a loaded machine wall time also measures the load (printed
before and after), CPU time what an update costs. Goal: served ≤ 1 s on the sample, ≤ 3 s at 10k.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
from workdir import workdir  # noqa: E402  (bench/ is on the path: run as a script)

EDITS = ("标题", "正文", "新增", "删除")
TICK = 0.02  # seconds between two looks at the page (looking costs this process CPU time)
TIMEOUT = 600.0


def cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


class Project:
    """The project the edits are made to, and the new one copied from it."""

    def __init__(self, root: Path):
        files = sorted((root / "content" / "projects").rglob("*.md"))
        self.file = files[len(files) // 2]
        self.id = self.file.stem
        head, number = self.id.rsplit("-", 1)
        taken = {f.stem for f in files}
        self.new_id = next(f"{head}-{n:0{len(number)}d}" for n in range(10 ** len(number) - 1, 0, -1)
                           if f"{head}-{n:0{len(number)}d}" not in taken)
        self.new_file = self.file.with_name(self.new_id + ".md")
        self.original = self.file.read_text(encoding="utf-8")

    @staticmethod
    def retitled(text: str, before: str = "", after: str = "") -> str:
        """The front matter's title with text around it (inside the quotes of a quoted title)."""
        head, _, rest = text.partition("\ntitle: ")
        title, _, tail = rest.partition("\n")
        quote = title[0] if title[:1] in "'\"" and len(title) > 1 and title[-1] == title[0] else ""
        if quote:
            title = title[1:-1]
        return f"{head}\ntitle: {quote}{before}{title}{after}{quote}\n{tail}"

    def fresh(self, marker: str) -> str:
        """A new project like this one, under way, without what would claim this one's outcomes,
        benefits and awards (those would be the contributor's mistakes, not a new entry)."""
        import yaml

        _, front, body = self.original.split("---\n", 2)
        data = yaml.safe_load(front)
        for key in ("outcomes", "benefits", "awards", "completed", "appraisal"):
            data.pop(key, None)
        data.update(id=self.new_id, title=marker + data["title"], status="实施")
        return f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\n{body}"

    def title(self, k: int) -> str:
        marker = f"（标题修改{k}）"
        self.file.write_text(self.retitled(self.original, after=marker), encoding="utf-8")
        return marker

    def body(self, k: int) -> str:
        marker = f"正文修改第{k}段"
        self.file.write_text(self.original.rstrip("\n") + f"\n\n{marker}：补充一段说明。\n", encoding="utf-8")
        return marker

    def add(self, k: int) -> str:
        marker = f"新增课题{k}"
        self.new_file.write_text(self.fresh(marker), encoding="utf-8")
        return marker

    def delete(self, k: int) -> None:
        self.new_file.unlink()

    def restore(self) -> None:
        self.file.write_text(self.original, encoding="utf-8")


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def settled(handle) -> bool:
    """Every part of the last update done (deferred site-wide files included, where deferred)."""
    idle = getattr(handle, "idle", None)
    return idle() if idle is not None else True


def timed(edit, page: Path, url: str, port: int, handle, version: int) -> dict:
    """Make the edit and time disk, served and settled (seconds from the save) and the CPU."""
    cpu0, t0 = cpu(), time.perf_counter()
    marker = edit()
    gone = marker is None
    text = None if gone else marker.encode("utf-8")
    times: dict = {}
    while time.perf_counter() - t0 < TIMEOUT:
        now = time.perf_counter() - t0
        if "disk" not in times:
            if (not page.exists()) if gone else (page.exists() and text in page.read_bytes()):
                times["disk"] = now
        if "served" not in times and "disk" in times:  # the server reads the disk: not sooner
            status, body = get(port, url)
            if (status == 404) if gone else (status == 200 and text in body):
                times["served"] = now
        if "disk" in times and "served" in times and handle.state.version > version and settled(handle):
            times["settled"] = time.perf_counter() - t0
            times["cpu"] = cpu() - cpu0
            return times
        time.sleep(TICK)
    raise TimeoutError(f"no update after {TIMEOUT:.0f} s: {times}; {(handle.state.error or '')[:3000]}")


def measure(root: Path, port: int, repeat: int, verbose: bool = False) -> tuple[float, dict[str, list[dict]]]:
    from generator.site.serve import live

    site = root / "build" / "serve"
    said: list[str] = []
    started = time.perf_counter()
    with live(root, site, port, say=said.append) as httpd:
        server = threading.Thread(target=httpd.serve_forever, daemon=True)
        server.start()
        while not settled(httpd):
            time.sleep(TICK)
        first = time.perf_counter() - started
        project = Project(root)
        url = f"/projects/{project.id}.html"
        new_url = f"/projects/{project.new_id}.html"
        results: dict[str, list[dict]] = {name: [] for name in EDITS}
        try:
            for k in range(repeat):
                for name, edit, page_url in zip(EDITS, (project.title, project.body, project.add, project.delete),
                                                (url, url, new_url, new_url), strict=True):
                    version = httpd.state.version
                    results[name].append(timed(lambda edit=edit, k=k: edit(k), site / page_url.lstrip("/"), page_url,
                                               port, httpd, version))
                version = httpd.state.version
                project.restore()
                while httpd.state.version == version or not settled(httpd):  # the restore's own update
                    time.sleep(TICK)
        finally:
            httpd.shutdown()
    errors = [line for line in said if "错误" in line]
    if errors:
        raise RuntimeError("\n".join(errors)[:3000])
    if verbose:  # what the terminal of `serve` said: how many pages each update rendered, and when
        print("\n".join(f"    | {line}" for line in said), flush=True)
    return first, results


def median(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def main() -> int:
    from make_kb import write_kb

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[-1, 10000],
                        help="-1: the bundled sample content/; 0: tests/kb_small; N: a synthetic KB of N entries")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--port", type=int, default=8750)
    parser.add_argument("--verbose", action="store_true", help="also print what serve said after each update")
    args = parser.parse_args()
    # The knowledge bases are made inside this checkout: without a fixed epoch, a commit made
    # during the run would change every page's date (SOURCE_DATE_EPOCH is the last commit's
    # time) and so turn the next edit into a full render.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1733011200")
    print(f"负载（1/5/15 分钟）：{load()}，{os.cpu_count()} 核", flush=True)
    with workdir("qc-serve-bench-") as tmp:
        for n in args.sizes:
            root = Path(tmp) / f"kb{n}"
            if n < 0:
                shutil.copytree(REPO / "content", root / "content")
                shutil.copytree(REPO / "site_config", root / "site_config")
            elif n:
                write_kb(root, n)
            else:
                shutil.copytree(REPO / "tests" / "kb_small" / "content", root / "content")
                shutil.copytree(REPO / "tests" / "site_config", root / "site_config")
            first, results = measure(root, args.port, args.repeat, args.verbose)
            goal = 1.0 if n <= 1000 else 3.0
            name = {0: "测试知识库", -1: "自带样例"}.get(n, f"{n} 条目")
            every = [r for rows in results.values() for r in rows]
            served = median(every, "served")
            print(f"{name}：首次生成 {first:.1f} s；保存 → 页面更新（中位，{len(every)} 次）：磁盘 {median(every, 'disk'):.2f} s，"
                  f"服务器返回 {served:.2f} s，全部完成 {median(every, 'settled'):.2f} s，CPU {median(every, 'cpu'):.2f} s"
                  + (" ✔" if served <= goal else " ✘") + f" 目标 ≤ {goal:.0f} s；负载 {load()}", flush=True)
            for edit, rows in results.items():
                print(f"    {edit}：磁盘 {median(rows, 'disk'):.2f} s，返回 {median(rows, 'served'):.2f} s，"
                      f"完成 {median(rows, 'settled'):.2f} s，CPU {median(rows, 'cpu'):.2f} s"
                      f"（返回，按轮次 {[round(r['served'], 2) for r in rows]}）", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
