"""Release folders and the atomic swap; the reproducible build date.

A build renders into a fresh hidden folder beside the output (``.site.tmp-<pid>-XXXX``); only a
verified release is swapped in. On Linux the swap is one ``renameat2(RENAME_EXCHANGE)``: the
output path always names a complete site, old or new. Elsewhere two renames are used (the old
site is kept under a temporary name until the new one is in place). An output that is a
symbolic link is swapped the same way.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

FALLBACK_EPOCH = 1609459200  # 2021-01-01T00:00:00Z, when there is no git history
RENAME_EXCHANGE = 2
AT_FDCWD = -100


BEIJING = timezone(timedelta(hours=8), "北京时间")  # China has one zone and no summer time


def reference_day(epoch: int) -> date:
    """The build's reference day: the Beijing date of ``epoch`` (a notice posted 2022-03-02 is open
    from 00:00 Beijing time, 16:00 UTC the day before)."""
    return datetime.fromtimestamp(epoch, tz=BEIJING).date()


def source_date_epoch(root: Path) -> int:
    """SOURCE_DATE_EPOCH if set, else the last commit's time, else a fixed date."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True,
                             text=True, timeout=10, check=False)
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return int(out.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    return FALLBACK_EPOCH


def _tmp_prefix(out: Path) -> str:
    return f".{out.name}.tmp-"


def new_release(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out)
    return Path(tempfile.mkdtemp(prefix=f"{_tmp_prefix(out)}{os.getpid()}-", dir=out.parent))


def clean_stale(out: Path) -> None:
    """Remove release folders left by killed builds (their process is gone)."""
    for path in out.parent.glob(_tmp_prefix(out) + "*"):
        pid = path.name[len(_tmp_prefix(out)):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    rc = fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return rc == 0


def publish(release: Path, out: Path) -> None:
    """Make ``release`` the site at ``out``; the previous site is removed only afterwards.

    ``out`` may be a symbolic link (to a folder elsewhere): it is replaced by the new site in
    the same single exchange, so the path never names nothing; the link itself is then removed
    (the folder it pointed to is left alone)."""
    os.chmod(release, 0o755)  # mkdtemp makes 0700; a web server must read it
    if not out.exists() and not out.is_symlink():
        os.rename(release, out)
        return
    if not _exchange(release, out):
        old = Path(tempfile.mkdtemp(prefix=f"{_tmp_prefix(out)}{os.getpid()}-old-", dir=out.parent))
        os.rmdir(old)
        os.rename(out, old)  # a link is renamed as a link
        try:
            os.rename(release, out)
        except OSError:
            os.rename(old, out)
            raise
        release = old
    _remove_previous(release)  # now names the previous site (or link)


def _remove_previous(path: Path) -> None:
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def discard(release: Path) -> None:
    shutil.rmtree(release, ignore_errors=True)
