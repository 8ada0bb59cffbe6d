"""Where benchmarks build: bench/out/ (gitignored), on the project's own disk, or $QC_BENCH_DIR.

Not /tmp by default: the tests churn it. On the reference machine (ext4 without a journal)
creating a file right where many were just deleted costs up to ~15× what it costs on a quiet
part of the disk (0.8 against 0.03–0.05 ms, measured 2026-11-26), which would measure the file
system's recent history rather than the build. Every benchmark uses the same place.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

OUT = Path(os.environ.get("QC_BENCH_DIR") or Path(__file__).resolve().parent / "out")


def workdir(prefix: str) -> tempfile.TemporaryDirectory:
    OUT.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix=prefix, dir=OUT)


# --- the state of the machine, printed beside the figures ----------------------------------

def cpu_probe() -> float:
    """Seconds of a fixed single-thread loop of 10 million steps: on this shared VM the same
    loop's time varied by up to 1.8× over one day, and every build's with it. Printed beside the
    figures, so that a slow figure can be told from a slow machine."""
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


def file_probe(folder: Path, files: int = 1000) -> float:
    """Milliseconds to create a small file in a new folder of ``folder`` (the probe's files stay:
    deleting them would slow what follows)."""
    probe = Path(tempfile.mkdtemp(prefix="probe-", dir=folder))
    data = b"x" * 4096
    started = time.perf_counter()
    for i in range(files):
        (probe / f"{i}.html").write_bytes(data)
    return (time.perf_counter() - started) * 1000 / files


def settle(folder: Path, wait: float, slow_ms: float = 0.15) -> str:
    """Wait (up to ``wait`` seconds) until creating a file in ``folder`` costs what it costs on a
    quiet disk; returns a line saying what was measured. On ext4 without a journal, for one to
    six minutes after many files were deleted nearby (a test run, a previous benchmark's
    cleanup) each new file costs up to ~15× more: that measures the disk's recent history, not
    the build."""
    waited = 0.0
    cost = file_probe(folder)
    while cost > slow_ms and waited < wait:
        time.sleep(15)
        waited += 15
        cost = file_probe(folder)
    note = f"，等了 {waited:.0f} s" if waited else ""
    flag = "（仍然偏慢：刚删除过大量文件？）" if cost > slow_ms else ""
    return f"新建文件 {cost:.3f} ms/个{note}{flag}"
