"""Time `validate` on synthetic knowledge bases of 1k and 10k entries.

    python bench/validate_bench.py [--sizes 1000 10000] [--repeat 3] [--baseline DIR]

--baseline DIR: a tree holding another version's generator/ package (for instance
`mkdir /tmp/base && git archive main generator | tar -x -C /tmp/base`); its runs alternate with
this tree's on the same knowledge bases, and the ratio of medians is printed.

Each run is a fresh process (what pre-commit and CI pay); prints wall time (best of N, and
median) and peak memory. Goal: 10k entries in ≤ 5 s on the 2-core reference machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from workdir import workdir  # noqa: E402  (bench/ is on the path: run as a script)

CHILD = """
import json, resource, sys, time
from pathlib import Path
t = time.perf_counter()
from generator.validation import validate
result = validate(Path(sys.argv[1]))
wall = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"wall": wall, "peak_mb": peak, "errors": result.report.errors,
                  "entries": result.report.entries}))
"""


def measure(root: Path, repeat: int, code: Path = HERE.parent) -> dict:
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True,
                             check=True, cwd=code)
        runs.append(json.loads(out.stdout))
    walls = [r["wall"] for r in runs]
    return {"entries": runs[0]["entries"], "errors": runs[0]["errors"], "best": min(walls),
            "median": statistics.median(walls), "peak_mb": max(r["peak_mb"] for r in runs)}


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
                print(f"validate {mine[0]['entries']:>6} entries: this tree median {m:.2f} s, baseline {b:.2f} s, "
                      f"ratio {m / b:.2f}", flush=True)
                continue
            results[size] = r = measure(root, args.repeat)
            print(f"validate {r['entries']:>6} entries: best {r['best']:.2f} s, median {r['median']:.2f} s, "
                  f"peak {r['peak_mb']:.0f} MB, errors {r['errors']}", flush=True)
    if len(results) > 1:
        small, large = min(results), max(results)
        print(f"ratio {large // small}× entries → {results[large]['best'] / results[small]['best']:.1f}× time")


if __name__ == "__main__":
    main()
