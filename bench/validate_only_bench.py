"""Time `validate --only FILE` (the pre-commit hook) against a full `validate`, at 10k entries.

    python bench/validate_only_bench.py [--entries 10000] [--repeat 5]

Each run is a fresh process, as pre-commit starts one. Measured, each a median:

* Python start-up alone, and start-up + the imports of `validate` (part of every run);
* a full validation without the cache (`QINCHUANG_NO_CACHE=1`), and a cold one that writes it;
* `--only` of a project when nothing changed since the last run;
* `--only` of that project right after it was edited (the pre-commit case);
* `--only` of that project right after a person it cites was edited (another file changed);
* `--only` of the edited person itself (a person is cited by many projects);
* `--only` on a misspelt path (exit 2 before any work).

The tool's bytecode is compiled first (as installed, not paying for compiling its source each run).
The load average is printed with the figures: the machine is shared and noisy, so compare the
ratios within one run.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_kb import write_kb  # noqa: E402
from workdir import workdir  # noqa: E402

CPU: dict[str, list[float]] = {}  # the same runs' CPU time (user + system): less sensitive to the load


def timed(args: list[str], expect: int | None = None, cache: bool = True, python: list[str] | None = None,
          name: str = "") -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # bytecode as a user has it
    env.update({} if cache else {"QINCHUANG_NO_CACHE": "1"})
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *(python or ["-m", "generator", *args])], capture_output=True,
                          text=True, cwd=HERE.parent, env=env)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.setdefault(name, []).append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    assert done.returncode == expect if expect is not None else done.returncode in (0, 1), (args, done.returncode, done.stdout[-500:], done.stderr[-500:])
    return seconds


def edit(path: Path, n: int) -> None:
    text = path.read_text(encoding="utf-8")
    key = "title" if path.suffix == ".md" else "name"
    path.write_text(re.sub(rf"^{key}: .*$", f"{key}: 修改后的名称{n}", text, count=1, flags=re.M),
                    encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    # An installed tool has its bytecode: compile it first, so no run pays for compiling the source
    # (PYTHONDONTWRITEBYTECODE, set on some machines, would make every run do it)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "generator")], check=True)
    with workdir("qc-only-") as tmp:
        root = Path(tmp) / "kb"
        write_kb(root, args.entries)
        (root / ".git").mkdir()  # a checkout: the cache is on
        project = sorted((root / "content" / "projects").rglob("KT-*.md"))[0]
        person = root / "content" / "people" / (re.search(r"person: (QD\d+)", project.read_text(encoding="utf-8"))[1]
                                                + ".yml")
        only = ["--root", str(root), "validate", "--only"]
        names = ["startup", "imports", "full", "cold", "hit", "edited", "cited-edited", "person-edited", "missing"]
        runs: dict[str, list[float]] = {k: [] for k in names}
        loads = [os.getloadavg()[0]]
        for n in range(args.repeat):
            runs["startup"].append(timed([], 0, python=["-c", "pass"], name="startup"))
            runs["imports"].append(timed([], 0, python=["-c", "import generator.cli, generator.validation.incremental"],
                                          name="imports"))
            if n < 3:  # a full run is ~30× the others: three are enough for its median
                runs["full"].append(timed(["--root", str(root), "validate"], cache=False, name="full"))
                shutil.rmtree(root / "build", ignore_errors=True)
                runs["cold"].append(timed(["--root", str(root), "validate"], name="cold"))  # no cache yet: writes it
            runs["hit"].append(timed(only + [str(project)], name="hit"))
            edit(project, n)
            runs["edited"].append(timed(only + [str(project)], name="edited"))
            edit(person, n)
            runs["cited-edited"].append(timed(only + [str(project)], name="cited-edited"))
            edit(person, n + 100)
            runs["person-edited"].append(timed(only + [str(person)], name="person-edited"))
            runs["missing"].append(timed(only + [str(project) + ".bak"], 2, name="missing"))
            loads.append(os.getloadavg()[0])
        med = {k: statistics.median(v) for k, v in runs.items()}
        full = med["full"]
        print(f"{args.entries} entries, median of {args.repeat} fresh processes (full: of {min(3, args.repeat)}); "
              f"load average {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores:")
        rows = [("python start-up (python -c pass)", "startup"),
                ("start-up + imports of validate", "imports"),
                ("validate (full, no cache)", "full"),
                ("validate (full, cold: writes the cache)", "cold"),
                ("--only project, nothing changed", "hit"),
                ("--only project, just edited", "edited"),
                ("--only project, a person it cites edited", "cited-edited"),
                ("--only that person, just edited", "person-edited"),
                ("--only wrong path (exit 2)", "missing")]
        cpu = {k: statistics.median(v) for k, v in CPU.items()}
        print(f"  {'':<44} {'wall':>8}  {'ratio':>12}  {'CPU':>8}")
        for label, key in rows:
            print(f"  {label:<44} {med[key]:6.2f} s  ({med[key] / full:.3f}× full)  {cpu[key]:6.2f} s")


if __name__ == "__main__":
    main()
