"""The user's cache of work that does not change between runs: the checked rubric, the
compiled report templates and, in a source tree, the catalogues compiled from their ``.po``
files (docs/design.md §10, docs/performance.md).

One file per slot (a rubric's path, a template's name, a catalogue's path) in ``$XDG_CACHE_HOME/samarbeid``
(else ``~/.cache/samarbeid``), so the folder holds one file per thing cached, however often
the tool or the rubric changes. A file is used only when all of this holds, else it is a miss
and the work is done as without a cache:

- it is a regular file owned by the user running samarbeid, in a folder owned by them, and
  neither is writable by anyone else (a cache file is code: pickle, marshal);
- its digest, taken over the running code's fingerprint, the key and the payload, is
  intact: a corrupt, truncated or foreign file, or one written by other code (another
  version, an edited checkout, another Python) or for another key (an edited rubric), is
  never read back as if it were right.

Every failure to read or write is silent: the cache only saves time, it never stops a run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

_MAGIC = b"samarbeid-cache 1\n"
_DIGEST = hashlib.sha256().digest_size


def folder() -> Path:
    """Where the cache lives: ``$XDG_CACHE_HOME/samarbeid``, else ``~/.cache/samarbeid``."""
    base = os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "samarbeid"


@lru_cache(maxsize=1)
def fingerprint() -> bytes:
    """What the running code is: the package's version, the Python it runs on, and the size
    and modification time of each of its modules (an edited checkout is other code)."""
    from samarbeid import __version__

    h = hashlib.sha256(f"{__version__}\0{sys.implementation.cache_tag}\0{sys.version}".encode())
    folders = [os.path.dirname(__file__)]
    while folders:
        for entry in sorted(os.scandir(folders.pop()), key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            elif entry.name.endswith(".py"):
                info = entry.stat()
                h.update(f"\0{entry.path}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    return h.digest()


def _file(kind: str, slot: str) -> Path:
    return folder() / f"{kind}-{hashlib.sha256(slot.encode()).hexdigest()[:32]}"


def _digest(key: bytes, payload: bytes) -> bytes:
    h = hashlib.sha256(fingerprint())
    h.update(hashlib.sha256(key).digest())
    h.update(payload)
    return h.digest()


def _trusted(info: os.stat_result, *, regular: bool) -> bool:
    """Owned by this user and writable by no one else (always so where there are no owners)."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: the user's own profile
        return True
    kind_ok = stat.S_ISREG(info.st_mode) if regular else stat.S_ISDIR(info.st_mode)
    return kind_ok and info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def load(kind: str, slot: str, key: bytes) -> bytes | None:
    """The payload stored for ``slot`` under ``key`` by this code, or None."""
    try:
        path = _file(kind, slot)
        if not _trusted(os.stat(path.parent), regular=False):
            return None
        with open(path, "rb") as fh:
            if not _trusted(os.fstat(fh.fileno()), regular=True):
                return None
            data = fh.read()
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    head = len(_MAGIC) + _DIGEST
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    digest, payload = data[len(_MAGIC) : head], data[head:]
    return payload if digest == _digest(key, payload) else None


def store(kind: str, slot: str, key: bytes, payload: bytes) -> None:
    """Keep ``payload`` for ``slot`` under ``key``, replacing what the slot held; nothing
    when the cache cannot be written."""
    try:
        path = _file(kind, slot)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(os.stat(path.parent), regular=False):
            return
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + _digest(key, payload) + payload)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except (OSError, RuntimeError):
        return
