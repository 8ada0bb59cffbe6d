"""The validation cache: one row per file of the last validation, so `validate --only` /
`--changed` (the pre-commit hook) re-reads only the files that changed (see incremental.py).

What is stored, in ``build/validate-cache.sqlite`` of the knowledge base (gitignored; delete it
at any time):

* the **index**: for every file of content/, in the validator's order, its ``lstat``, a hash of
  its bytes, what the directory of names records for it, whether it passed its own syntax and
  schema checks, its entry's id and the ids it refers to — enough for the id index, the
  duplicate check, the suggestions and the "请先修改" counts of the whole knowledge base without
  reading one entry file;
* one **blob** per file, keyed by the hash of its path and bytes: the parsed file and its entry,
  loaded only for the few entries a check of the named files looks at;
* the full **report** of the last full run, replayed by a plain `validate` while nothing changed.

Safety (a stale cache must never hide an error):

* The whole cache belongs to one *key*: the tool's code (every file of the generator package,
  hashed), Python and pydantic versions, every file of site_config/ (hashed), the knowledge
  base's path and today's date. Any difference and the cache is not used at all.
* A file is trusted by its ``lstat`` (size, mtime_ns, ctime_ns, inode): any write changes the
  ctime, which a user cannot set back. As in git's index, a file whose times are within
  ``RACY_NS`` of when its row was taken ("racily clean") is hashed instead; so is any file whose
  stat differs, and only a different hash makes it a changed file.
* The rows are made from the very bytes that were validated (hashed before parsing).
* Every stored value is sealed with a keyed hash (BLAKE2b) whose key is a random secret in the
  user's own cache folder (``~/.cache/qinchuang/cache-key``, mode 0600). A cache file copied from
  another machine, committed to the repository, truncated or written by anything else fails the
  seal and is ignored — never unpickled, since unpickling runs code.

sqlite3 (standard library) holds the values: reading one blob by key is a B-tree look-up, and a
write is one transaction, so an interrupted run leaves the previous cache intact.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import NamedTuple

CACHE = Path("build") / "validate-cache.sqlite"
VERSION = 2
RACY_NS = 2_000_000_000  # files changed this close to when their row was taken are hashed
CODE = Path(__file__).resolve().parents[1]  # the generator package
MAC_BYTES = 32


class Row(NamedTuple):
    """One file of content/ as the last validation saw it."""

    rel: str
    kind: str
    stem: str
    sig: tuple  # (size, mtime_ns, ctime_ns, inode) when it was read
    stamp: int  # time.time_ns() just before it was read
    digest: str  # hash of path and bytes: the blob's key
    known: tuple  # (key, id, kind, name, base) rows the directory of names records for the file
    broken: tuple  # ids this file marks as present but broken (it failed its own checks)
    entry_id: str | None  # the entry's id when the file passed its syntax and schema checks
    refs: tuple  # ids the entry refers to


def _secret() -> bytes | None:
    """The user's random sealing key, made on first use; None when it cannot be kept."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "qinchuang"
    path = folder / "cache-key"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(os.urandom(32))
        data = path.read_bytes()
        return data if len(data) == 32 else None  # another process is still writing it: no cache now
    except OSError:
        return None


def _hash_tree(folder: Path, base: Path) -> list[tuple[str, str]]:
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                with open(path, "rb") as f:
                    digest = hashlib.blake2b(f.read(), digest_size=16).hexdigest()
            except OSError:
                digest = "unreadable"
            out.append((os.path.relpath(path, base), digest))
    return out


def cache_key(root: Path, today: date) -> bytes:
    """Everything besides content/ that validation depends on."""
    import pydantic

    parts = [VERSION, today.isoformat(), str(Path(root).resolve()), sys.version, pydantic.VERSION,
             _hash_tree(CODE, CODE), _hash_tree(Path(root) / "site_config", Path(root))]
    return hashlib.blake2b(pickle.dumps(parts, protocol=5), digest_size=32).digest()


def digest_of(rel: str, raw: bytes) -> str:
    return hashlib.blake2b(rel.encode() + b"\0" + raw, digest_size=20).hexdigest()


def signature(st: os.stat_result) -> tuple:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def trusted(row: Row, sig: tuple) -> bool:
    """The file is as the row saw it, by its stat alone (not when it was racily clean)."""
    return row.sig == sig and max(sig[1], sig[2]) < row.stamp - RACY_NS


class Store:
    """The sealed values of one knowledge base's cache."""

    def __init__(self, db: sqlite3.Connection, secret: bytes):
        self.db = db
        self.secret = secret

    @classmethod
    def open(cls, root: Path, create: bool = False) -> Store | None:
        secret = _secret()
        path = Path(root) / CACHE
        if secret is None or (not create and not path.exists()):
            return None
        for attempt in (1, 2):
            try:
                if create:
                    path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=5)
                db.execute("CREATE TABLE IF NOT EXISTS cache (name TEXT PRIMARY KEY, value BLOB)")
                return cls(db, hashlib.blake2b(str(Path(root).resolve()).encode(), key=secret).digest())
            except sqlite3.DatabaseError:
                if not create or attempt == 2:
                    return None
                try:
                    path.unlink()  # not a database (damaged, or something else): a full run starts it again
                except OSError:
                    return None
            except (OSError, sqlite3.Error):
                return None
        return None

    def _mac(self, name: str, payload: bytes) -> bytes:
        return hashlib.blake2b(name.encode() + b"\0" + payload, key=self.secret, digest_size=MAC_BYTES).digest()

    def get(self, name: str):
        """The value stored under ``name`` if its seal is intact, else None."""
        try:
            found = self.db.execute("SELECT value FROM cache WHERE name = ?", (name,)).fetchone()
            if found is None or not isinstance(found[0], bytes):
                return None
            mac, payload = found[0][:MAC_BYTES], found[0][MAC_BYTES:]
            if not hmac.compare_digest(mac, self._mac(name, payload)):
                return None  # not written by this user's tool for this knowledge base: never unpickled
            return pickle.loads(payload)
        except Exception:  # noqa: BLE001 — a damaged cache is a miss, whatever the damage
            return None

    def clear(self) -> None:
        self.put({}, replace_all=True)

    def put(self, values: dict[str, object], replace_all: bool = False) -> None:
        rows = []
        for name, value in values.items():
            payload = pickle.dumps(value, protocol=5)
            rows.append((name, self._mac(name, payload) + payload))
        try:
            with self.db:
                if replace_all:
                    self.db.execute("DELETE FROM cache")
                self.db.executemany("INSERT OR REPLACE INTO cache VALUES (?, ?)", rows)
        except sqlite3.Error:
            pass  # a read-only checkout or a full disk validates every time; never an error
