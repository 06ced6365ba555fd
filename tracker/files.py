"""The one way the tracker writes a file: atomically, the old file kept until the new one is whole.

Temp file in the same folder, write, fsync, `os.replace`, fsync of the folder. A failure (a full
disk, a kill) leaves the old file as it was. A symlink at the target is replaced, never written
through (a report's predictable default path cannot be turned into a write elsewhere); a file
that exists keeps its permission bits and group; a new one gets the usual mode for the umask
(shared folders and web servers can read it, unlike mkstemp's 0600).
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path
from collections.abc import Callable


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike[str], data: bytes, *, make_folder: bool = True,
                 temp_prefix: str | None = None, before_replace: Callable[[], None] | None = None) -> Path:
    """Replace `path` with `data` in one step; OSError (nothing changed) when it cannot.

    `before_replace` runs once the new bytes are safe on disk (the store keeps its backup then).
    """
    target = Path(path)
    if make_folder:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        old = os.lstat(target)
        keep = None if stat.S_ISLNK(old.st_mode) else old
    except FileNotFoundError:
        keep = None
    fd, temp = tempfile.mkstemp(prefix=temp_prefix or f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _copy_permissions(temp, keep)
        if before_replace is not None:
            before_replace()
        _replace_with_retry(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)
    return target


def _copy_permissions(temp: str, old: os.stat_result | None) -> None:
    """The old file's mode and group, or 0666 less the umask for a new file."""
    try:
        if old is None:
            os.chmod(temp, 0o666 & ~_umask())
            return
        os.chmod(temp, stat.S_IMODE(old.st_mode))
        if hasattr(os, "chown") and os.stat(temp).st_gid != old.st_gid:
            os.chown(temp, -1, old.st_gid)
    except OSError:
        pass           # a share that ignores modes or a group we are not in: the content still counts


def _replace_with_retry(source: str | Path, target: Path) -> None:
    # On Windows os.replace fails while another process has the target open (a calendar app, a
    # reader); readers close at once, so a short retry succeeds.
    for attempt in range(50):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == 49:
                raise
            time.sleep(0.02)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (where the platform can open folders)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open folders; NTFS journals the rename itself
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def is_read_only(path: Path) -> bool:
    """A file nobody may write (chmod 444): the tracker refuses to replace it, even as root."""
    try:
        return not os.stat(path).st_mode & 0o222
    except OSError:
        return False


def shared_lock_mode(folder: Path) -> int:
    """The lock file's mode: writable by everyone when the folder is (a shared 0777 folder)."""
    try:
        return 0o666 if os.stat(folder).st_mode & 0o002 else -1
    except OSError:
        return -1
