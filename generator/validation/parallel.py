"""Validation on both cores: a large knowledge base shares its per-file work with a forked child.

Why: at 10k entries `validate()` took ~3.3 s on one core while the build's other core was
nearly idle (only the template warm-up runs beside it). Two parts of it are per file and need
no other file: reading (decoding, YAML with line numbers: ~45 % of it) and the safety checks
(~26 %; they need only the source and the attachments, which `discover()` knows up front).

How, in two steps (each child inherits its arguments by fork; only its answer is pickled back):

1. Reading: this process reads the first files, a child the others, split by bytes; this
   process takes a little more than half (`OWN_SHARE`), as the child's sources must still be
   pickled to it and unpickled here (~0.04 s per MB of files together, measured at 10k).
   The child's sources come after this process's own: the order is discover()'s, as before.
2. Safety: once every file is read, a child checks every source that needs it (a source that
   `serve` kept unchanged has its result in `Source.safety` and is not checked again) while
   this process runs the schema, reference, rule and target stages; the issue lists come
   back in the sources' order and are added where the one-process path adds them.

When: only when the bytes to read, or the text to check, reach `FORK_BYTES`; below that the
fork and the pickling cost more than the half they save, so a small knowledge base and
`validate --only` run in one process as before (without even importing multiprocessing).

A child that fails is not trusted (`processes.ForkedOrLocal`): its share is done again in this
process, so the result, or the error, is exactly the one-process path's. Nothing outlives
the call.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import accumulate

from generator.issues import Issue
from generator.loading.source import Source, read_source
from generator.models import Kind

from .safety import check_safety

FORK_BYTES = 512 * 1024  # measured: see the README's performance section
OWN_SHARE = 0.55  # of the bytes read by this process rather than the child

Files = list[tuple[str, str, Kind]]


def read_sources(files: Files, max_bytes: int, max_depth: int) -> list[Source]:
    """Every file's `Source`, in the order of ``files``."""
    sizes = list(accumulate(_size(path) for path, _, _ in files))
    cut = bisect_left(sizes, sizes[-1] * OWN_SHARE) + 1 if sizes and sizes[-1] >= FORK_BYTES else len(files)
    if cut >= len(files):  # small, or one file is most of the bytes
        return _read(files, max_bytes, max_depth)
    from generator.processes import ForkedOrLocal

    with ForkedOrLocal(_read, files[cut:], max_bytes, max_depth) as child:
        own = _read(files[:cut], max_bytes, max_depth)
        theirs = child.result()
    return own + theirs


@contextmanager
def checking_safety(sources: list[Source], attachments: set[str]) -> Iterator[Callable[[], list[list[Issue]]]]:
    """A function giving the safety issues of each of ``sources``: computed in a child started
    now when there is enough text, else when the function is called."""
    if sum(len(src.text) for src in sources) < FORK_BYTES:  # characters: near enough to bytes here
        yield lambda: _safety(sources, attachments)
        return
    from generator.processes import ForkedOrLocal

    with ForkedOrLocal(_safety, sources, attachments) as child:
        yield child.result


def _read(files: Files, max_bytes: int, max_depth: int) -> list[Source]:
    return [read_source(path, rel, kind, max_bytes, max_depth) for path, rel, kind in files]


def _safety(sources: list[Source], attachments: set[str]) -> list[list[Issue]]:
    return [list(check_safety(src, attachments)) for src in sources]


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:  # read_source reports it
        return 0
