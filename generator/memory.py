"""Garbage collection during the build's big passes.

Validation and generation build and read hundreds of megabytes of long-lived objects (sources,
models, pages) and make almost no reference cycles: Python's full collections, triggered by the
count of new objects, walk all of them again and again and find nothing (10k entries: 7 full
collections in validation, none collecting an object; 0.55 s of 4 s, measured 2026-12-01 with
bench/generate_bench.py). While a pass runs, only full collections are held back; the young
generations are still collected, so short-lived cycles are freed as before. A forked child
inherits the setting and so does not touch (copy) the parent's pages to collect them."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def full_collections_paused():
    """No full (oldest-generation) collection inside the block; the thresholds as they were after."""
    saved = gc.get_threshold()
    gc.set_threshold(saved[0], saved[1], 1 << 30)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
