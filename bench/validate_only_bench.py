"""Time `validate --only FILE` (the pre-commit hook) against a full `validate`, at 10k entries.

    python bench/validate_only_bench.py [--entries 10000] [--repeat 3]

Each run is a fresh process, as pre-commit starts one. Measured: a full validation without the
cache; `--only` right after the file was edited (a cache miss: everything is validated again);
`--only` when nothing changed since the last run (the report cache replays it: the hook after a
`qinchuang validate`, or a second commit attempt); `--only` on a misspelt path (exit 2 before
any work). Prints medians; compare the ratios within one run (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_kb import write_kb  # noqa: E402
from workdir import workdir  # noqa: E402


def timed(args: list[str], expect: int, cache: bool = True) -> float:
    env = {**os.environ, **({} if cache else {"QINCHUANG_NO_CACHE": "1"})}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          cwd=HERE.parent, env=env)
    seconds = time.perf_counter() - started
    assert done.returncode == expect, (args, done.returncode, done.stdout[-500:], done.stderr[-500:])
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with workdir("qc-only-") as tmp:
        root = Path(tmp) / "kb"
        write_kb(root, args.entries)
        (root / ".git").mkdir()  # a checkout: the report cache is on
        edited = sorted((root / "content" / "projects").rglob("KT-*.md"))[0]
        only = ["--root", str(root), "validate", "--only", str(edited)]
        runs = {"full": [], "miss": [], "hit": [], "missing": []}
        for n in range(args.repeat):
            runs["full"].append(timed(["validate", str(root)], 0, cache=False))
            text = edited.read_text(encoding="utf-8")
            edited.write_text(re.sub(r"^title: .*$", f"title: 修改后的课题名称{n}", text, count=1, flags=re.M),
                              encoding="utf-8")
            runs["miss"].append(timed(only, 0))
            runs["hit"].append(timed(only, 0))
            runs["missing"].append(timed(["--root", str(root), "validate", "--only", str(edited) + ".bak"], 2))
        med = {k: statistics.median(v) for k, v in runs.items()}
        print(f"{args.entries} entries, median of {args.repeat} fresh processes:")
        print(f"  validate (full, no cache)           {med['full']:.2f} s")
        print(f"  validate --only, file just edited   {med['miss']:.2f} s  ({med['miss'] / med['full']:.2f}× full)")
        print(f"  validate --only, nothing changed    {med['hit']:.2f} s  ({med['hit'] / med['full']:.2f}× full)")
        print(f"  validate --only wrong path          {med['missing']:.2f} s  (exit 2)")


if __name__ == "__main__":
    main()
