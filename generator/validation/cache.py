"""A cache of the last validation report, for `validate --only` / `--changed` (the pre-commit hook).

Validation is a pure function of its inputs: the files under content/ and site_config/, the
tool's own code and today's date. The report of a full run is stored with a fingerprint of all
of them; a later run whose fingerprint is equal gets the same report without reading or parsing
anything. Any difference — one byte in one file, a file added, removed or renamed, a changed
vocabulary, a new version of the tool, another day — is a miss and a full validation.

The fingerprint of a file is its ``lstat`` (size, mtime_ns, ctime_ns, inode, mode): any write
changes the ctime, which a user cannot set back (restoring the mtime with ``touch`` does not
hide an edit). As in git's index, a file modified in the same instant the cache was written
("racily clean") is not trusted by its stat: its content hash is part of the fingerprint.
Configuration files are small and always hashed. The cache lives in ``build/`` of the
knowledge base (gitignored) and is only ever an exact replay; delete it at any time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from datetime import date
from pathlib import Path

CACHE = Path("build") / "validate-cache.pickle"
VERSION = 1
RACY_NS = 2_000_000_000  # files changed this close to the cache's writing are hashed
CODE = Path(__file__).resolve().parents[1]  # the generator package


def _walk(folder: Path, root: Path, hash_all: bool, racy_after: int) -> list[tuple]:
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames) + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            row = [os.path.relpath(path, root), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_mode]
            if os.path.islink(path):
                row.append(os.readlink(path))
            elif hash_all or st.st_mtime_ns >= racy_after or st.st_ctime_ns >= racy_after:
                with open(path, "rb") as f:
                    row.append(hashlib.blake2b(f.read(), digest_size=16).hexdigest())
            out.append(tuple(row))
    return out


def fingerprint(root: Path, today: date, racy_after: int) -> bytes:
    root = Path(root)
    parts = [VERSION, today.isoformat(), str(root.resolve()),
             _walk(root / "content", root, False, racy_after),
             _walk(root / "site_config", root, True, racy_after),
             _walk(CODE, CODE, False, racy_after)]
    return hashlib.blake2b(pickle.dumps(parts, protocol=5), digest_size=32).digest()


def load(root: Path, today: date):
    """The cached report if every input is as it was, else None."""
    try:
        with open(Path(root) / CACHE, "rb") as f:
            stored = pickle.load(f)
        if stored.get("version") != VERSION:
            return None
        if fingerprint(root, today, stored["since_ns"] - RACY_NS) != stored["key"]:
            return None
        return stored["report"]
    except (OSError, pickle.UnpicklingError, EOFError, KeyError, AttributeError, ImportError, TypeError):
        return None  # missing, unreadable or from another version: validate again


def begin(root: Path, today: date) -> tuple[int, bytes]:
    """Taken before validating: (the time, the fingerprint of the inputs about to be read)."""
    since = time.time_ns()
    return since, fingerprint(root, today, since - RACY_NS)


def save(root: Path, today: date, report, started: tuple[int, bytes]) -> None:
    """Store ``report`` if no input changed while it was being made (else a later run validates)."""
    since, before = started
    if fingerprint(root, today, since - RACY_NS) != before:
        return
    path = Path(root) / CACHE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp-{os.getpid()}")
        with open(tmp, "wb") as f:
            pickle.dump({"version": VERSION, "key": before, "since_ns": since, "report": report}, f, protocol=5)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only checkout validates every time; never an error
