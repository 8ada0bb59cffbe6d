"""Generation benchmark: what `qinchuang build` does in CPU before Material renders a page.

    python bench/generate_bench.py                     # 1k and 10k, median of 3
    python bench/generate_bench.py --sizes 10000 --repeat 1 --profile bench/out/gen.prof
    python bench/generate_bench.py --code OLD_DIR --kb bench/out/kbs   # another version's code

Synthetic knowledge bases from bench/make_kb.py. Each repetition runs in a new Python process
(the Markdown memo of validation/rendered.py, every cached property and the garbage
collector's counts start as in a build) and measures, stage by stage and in one process:

* validation (`validate()`, as the build calls it),
* the entry pages of every kind,
* every shared maker of build.SHARED_MAKERS,
* the search index;

then, in another fresh process, `generate()` as the build runs it (these jobs shared between
the process and a forked child, processes.share_work): its wall time, the CPU of each process
and how many jobs the child took — wall should be about half the CPU, or one core waits.

Wall and CPU seconds (process time: user + system) are the medians over --repeat. The load
average is printed before and after: on a shared machine compare figures of one run.
--profile writes a cProfile of the stage-by-stage run (first size, first repetition).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# --code DIR: measure another version of generator/ (e.g. `git archive main generator site_config
# | tar -x -C DIR`), to compare before and after a change in one run; read before the imports
CODE = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv[:-1] else REPO
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(CODE))
from workdir import workdir  # noqa: E402  (bench/ is on the path: run as a script)

TODAY = date(2026, 12, 1)  # fixed: the figures do not depend on the day the bench runs


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def _site(root: Path, timings: dict):
    from generator.site.build import Site
    from generator.site.publish import reference_day, source_date_epoch
    from generator.validation import validate

    start = _clock()
    result = validate(root, today=TODAY)
    timings["validate"] = _since(start)
    assert result.report.ok, f"{result.report.errors} errors"
    site = Site(kb=result.kb, ref_date=reference_day(source_date_epoch(root)))
    start = _clock()
    _ = site.lists
    timings["lists"] = _since(start)
    return site


def staged(root: Path, profile: Path | None) -> dict:
    """Stage by stage, in this process: {stage: (wall, cpu)}."""
    from generator.search import build_search
    from generator.site import build
    from generator.site.context import ENTRY_DIRS
    from generator.site.pages import build_entry_pages

    timings: dict[str, tuple[float, float]] = {}
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    site = _site(root, timings)
    for kind in ENTRY_DIRS:
        start = _clock()
        build_entry_pages(site, kinds=[kind])
        timings[f"entry pages: {kind}"] = _since(start)
    for make in build.SHARED_MAKERS:
        start = _clock()
        make(site)
        timings[f"shared: {make.__name__}"] = _since(start)
    start = _clock()
    build_search(site.kb, lambda kind, entry_id: build.search_url(site, kind, entry_id))
    timings["search index"] = _since(start)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    return timings


def together(root: Path, digests: Path | None = None) -> dict:
    """`generate()` as the build runs it (the jobs shared with a forked child,
    processes.share_work): its wall time, the CPU of each process and how many jobs the child
    took; ``digests``: write a SHA-256 of every generated page and file there (to compare
    before/after a change)."""
    import resource

    from generator.site import build

    timings: dict[str, tuple[float, float]] = {}
    site = _site(root, timings)
    real, taken = build.share_work, {}

    def share_work(jobs, done=None):
        values, theirs = real(jobs, done)
        taken["child"] = len(theirs)
        return values, theirs

    build.share_work = share_work

    def children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # a child counts once it is joined
        return usage.ru_utime + usage.ru_stime

    before = children()
    start = _clock()
    made = build.generate(site, build.Progress(enabled=False))
    wall, cpu = _since(start)
    child = children() - before
    if digests:
        write_digests(made, digests)
    timings["generate() wall"] = (wall, cpu + child)
    timings["  parent CPU"] = (float("nan"), cpu)
    timings["  child CPU"] = (float("nan"), child)
    timings["  jobs the child took"] = (float(taken.get("child", 0)), float("nan"))
    return timings


def write_digests(made, path: Path) -> None:
    import hashlib

    def digest(data) -> str:
        data = data.encode("utf-8") if isinstance(data, str) else data
        return hashlib.sha256(data.read_bytes() if isinstance(data, Path) else data).hexdigest()

    lines = [f"{group} {name} {digest(data)}" for group in ("pages", "files", "published")
             for name, data in sorted(getattr(made, group).items())]
    lines += [f"refused {name} {why}" for name, why in sorted(made.refused.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _in_child(fn, *args) -> dict:
    """``fn(*args)`` in a new Python process (as a build runs: not a fork of this one, whose
    garbage collector's counts a fork would inherit; a forked child here ran validation without
    the full collections a build has), its result passed back as JSON."""
    import json
    import subprocess

    command = [sys.executable, __file__, "--code", str(CODE), "--child", fn.__name__,
               json.dumps([str(a) if isinstance(a, Path) else a for a in args])]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return {k: tuple(v) for k, v in json.loads(done.stdout.splitlines()[-1]).items()}


def _child(name: str, args: str) -> None:
    import json

    values = [Path(a) if isinstance(a, str) else a for a in json.loads(args)]
    print(json.dumps({"staged": staged, "together": together}[name](*values)))


def median(runs: list[dict]) -> dict:
    return {key: tuple(statistics.median(r[key][i] for r in runs) for i in (0, 1)) for key in runs[0]}


def show(n: int, staged_t: dict, together_t: dict) -> None:
    print(f"\n{n} 条目（中位数）            墙钟 s    CPU s")
    total = 0.0
    for key, (wall, cpu) in staged_t.items():
        print(f"  {key:<32} {wall:7.2f}  {cpu:7.2f}")
        if key != "validate":
            total += cpu
    print(f"  {'= generation, every job':<32} {'':7}  {total:7.2f}")
    print(f"  {'= validation + generation':<32} {'':7}  {total + staged_t['validate'][1]:7.2f}")
    for key, (wall, cpu) in together_t.items():
        if key in ("validate", "lists"):
            continue
        w = "" if wall != wall else f"{wall:7.2f}"
        c = "" if cpu != cpu else f"{cpu:7.2f}"
        print(f"  {key:<32} {w:>7}  {c:>7}")


def main() -> int:
    from make_kb import write_kb

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="cProfile of the first stage-by-stage run")
    parser.add_argument("--digests", type=Path, help="write digests of the generated files to DIR/<N>.txt")
    parser.add_argument("--code", type=Path, help="the folder holding the generator/ to measure (default: this one)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)  # one measurement (see _in_child)
    parser.add_argument("--kb", type=Path, help="reuse this folder for the KBs (kb<N> made once)")
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return 0
    print(f"负载（1/5/15 分钟）：{' '.join(f'{x:.1f}' for x in os.getloadavg())}，{os.cpu_count()} 核；代码 {CODE}",
          flush=True)
    with workdir("qc-gen-bench-") as tmp:
        base = args.kb or Path(tmp)
        profile = args.profile
        for n in args.sizes:
            root = base / f"kb{n}"
            if not (root / "content").is_dir():
                write_kb(root, n)
            runs_s, runs_t = [], []
            for k in range(args.repeat):
                runs_s.append(_in_child(staged, root, profile))
                profile = None
                digests = args.digests / f"{n}.txt" if args.digests and k == 0 else None
                if digests:
                    digests.parent.mkdir(parents=True, exist_ok=True)
                runs_t.append(_in_child(together, root, digests))
            show(n, median(runs_s), median(runs_t))
    print(f"\n负载（1/5/15 分钟）：{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
