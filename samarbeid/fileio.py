"""Write files atomically: a failed or interrupted write never leaves a half file."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from samarbeid.errors import Msg, UsageError

#: The failures people meet, in their own words; others keep the system's text.
_REASONS = {
    errno.ENOSPC: "os.no_space",
    errno.EDQUOT: "os.no_space",
    errno.EACCES: "os.denied",
    errno.EPERM: "os.denied",
    errno.EROFS: "os.read_only",
    errno.ENOENT: "os.no_folder",
    errno.ENOTDIR: "os.no_folder",
    errno.EISDIR: "os.is_dir",
    errno.ENAMETOOLONG: "os.name_too_long",
}


def os_reason(exc: OSError) -> str:
    """Why an operation on a file failed, as a message parameter."""
    code = _REASONS.get(exc.errno) if exc.errno is not None else None
    return Msg(code) if code else (exc.strerror or str(exc))


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` via a temporary file and a rename.

    The previous content stays intact if anything fails; permissions of an existing file
    are kept. Raises :class:`UsageError` (exit 2) when the file cannot be written.
    """
    with atomic_text(path) as fh:
        fh.write(text)


@contextlib.contextmanager
def atomic_text(path: Path) -> Iterator[IO[str]]:
    """A text stream whose content replaces ``path`` only when the block ends without error."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else None
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UsageError("file.write_failed_at", file=str(path), reason=os_reason(exc)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise UsageError("file.write_failed_at", file=str(path), reason=os_reason(exc)) from None
        raise
