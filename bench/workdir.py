"""Where benchmarks build: bench/out/ (gitignored), on the project's own disk, or $QC_BENCH_DIR.

Not /tmp by default: the tests churn it. On the reference machine (ext4 without a journal)
creating a file right where many were just deleted costs up to ~15× what it costs on a quiet
part of the disk (0.8 against 0.03–0.05 ms, measured 2026-11-26), which would measure the file
system's recent history rather than the build. Every benchmark uses the same place.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

OUT = Path(os.environ.get("QC_BENCH_DIR") or Path(__file__).resolve().parent / "out")


def workdir(prefix: str) -> tempfile.TemporaryDirectory:
    OUT.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix=prefix, dir=OUT)
