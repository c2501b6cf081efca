"""Durable, atomic file operations for publishing.

A published file or folder first exists under a temporary name in the same
folder as its final name, is flushed to disk, then takes its final name with
one rename (atomic on one filesystem: a reader opens either the old or the new
object, never a half-written one).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (a no-op where folders cannot be opened, e.g. Windows)."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def replace_file(temporary: Path, final: Path) -> None:
    """Flush `temporary`, then rename it over `final` in one step."""
    fsync_file(temporary)
    os.replace(temporary, final)
    fsync_dir(final.parent)


def replace_dir(temporary: Path, final: Path, trash: Path) -> None:
    """Put the folder `temporary` in place of `final`.

    A folder cannot be renamed over a non-empty one, so an existing `final` is
    first renamed to `trash`, then `temporary` to `final`, then `trash` is
    deleted: `final` is missing only between two renames, and is never a mix
    of two versions.
    """
    for child in temporary.iterdir():
        if child.is_file():
            fsync_file(child)
    fsync_dir(temporary)
    if final.exists():
        os.replace(final, trash)
    os.replace(temporary, final)
    fsync_dir(final.parent)
    if trash.exists():
        shutil.rmtree(trash)


def remove_quietly(path: Path) -> None:
    """Delete a temporary file or folder left by a failed publish."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
        Path(str(path) + ".wal").unlink(missing_ok=True)
