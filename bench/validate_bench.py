"""Time `validate` on synthetic knowledge bases of 1k and 10k entries.

    python bench/validate_bench.py [--sizes 1000 10000] [--repeat 3] [--baseline DIR]

--baseline DIR: a tree holding another version's generator/ package (for instance
`mkdir /tmp/base && git archive main generator | tar -x -C /tmp/base`); its runs alternate with
this tree's on the same knowledge bases, and the ratio of medians is printed.

Each run is a fresh process (what pre-commit and CI pay), validating inside the build's
`collector_paused()`; prints wall time (best of N, and median), CPU time (the process and its
children), peak memory and a digest of the result (every issue in order, every entry, every
source), which must be the same in every run and for the baseline. Goal: 10k entries in ≤ 5 s on the 2-core reference machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from workdir import workdir  # noqa: E402  (bench/ is on the path: run as a script)

CHILD = """
import hashlib, json, pickle, resource, sys, time
from datetime import date
from pathlib import Path
from generator.validation import validate
from generator.site.build import collector_paused
def cpu():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
t, c = time.perf_counter(), cpu()
with collector_paused():  # as the build runs it
    result = validate(Path(sys.argv[1]), today=date(2026, 12, 1))
wall, c = time.perf_counter() - t, cpu() - c
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# the result, to show that another version gives the same: every issue in order, every entry, every source
issues = [(i.code, i.path, i.line, i.field, i.message, i.hint) for i in result.report.issues]
entries = [(kind, e.model_dump_json()) for kind, e in result.kb.iter_entries()]
sources = [(s.rel, s.data, s.lines, s.text, s.body, s.body_line) for s in result.sources]
digest = hashlib.sha256(pickle.dumps((issues, entries, sources))).hexdigest()[:16]
print(json.dumps({"wall": wall, "cpu": c, "peak_mb": peak, "errors": result.report.errors,
                  "entries": result.report.entries, "digest": digest}))
"""


def measure(root: Path, repeat: int, code: Path = HERE.parent) -> dict:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True,
                             check=True, cwd=code)
        runs.append(json.loads(out.stdout))
    walls = [r["wall"] for r in runs]
    assert len({r["digest"] for r in runs}) == 1, runs
    return {"entries": runs[0]["entries"], "errors": runs[0]["errors"], "best": min(walls),
            "median": statistics.median(walls), "cpu": statistics.median(r["cpu"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs), "digest": runs[0]["digest"]}


def main() -> None:
    from make_kb import write_kb

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another version's tree (with generator/) to compare with")
    args = parser.parse_args()
    results = {}
    with workdir("qc-bench-") as tmp:
        for size in args.sizes:
            root = Path(tmp) / f"kb{size}"
            write_kb(root, size)
            if args.baseline:  # alternate single runs so both see the same machine load
                mine, base = [], []
                for _ in range(args.repeat):
                    mine.append(measure(root, 1))
                    base.append(measure(root, 1, args.baseline.resolve()))
                m, b = (statistics.median(x["median"] for x in runs) for runs in (mine, base))
                mc, bc = (statistics.median(x["cpu"] for x in runs) for runs in (mine, base))
                same = {x["digest"] for x in mine} == {x["digest"] for x in base}
                print(f"validate {mine[0]['entries']:>6} entries (load {os.getloadavg()[0]:.1f}): this tree median "
                      f"{m:.2f} s wall / {mc:.2f} s CPU, baseline {b:.2f} s / {bc:.2f} s, wall ratio {m / b:.2f}, "
                      f"{'same' if same else 'DIFFERENT'} issues and knowledge base", flush=True)
                continue
            results[size] = r = measure(root, args.repeat)
            print(f"validate {r['entries']:>6} entries (load {os.getloadavg()[0]:.1f}): best {r['best']:.2f} s, "
                  f"median {r['median']:.2f} s wall, {r['cpu']:.2f} s CPU, peak {r['peak_mb']:.0f} MB, "
                  f"errors {r['errors']}, digest {r['digest']}", flush=True)
    if len(results) > 1:
        small, large = min(results), max(results)
        print(f"ratio {large // small}× entries → {results[large]['best'] / results[small]['best']:.1f}× time")


if __name__ == "__main__":
    main()
