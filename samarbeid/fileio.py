"""Write files atomically: a failed or interrupted write never leaves a half file."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from samarbeid.errors import UsageError
from samarbeid.message import Msg

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


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (UTF-8, or bytes already encoded) to ``path`` via a temporary file and
    a rename.

    The previous content stays intact if anything fails; permissions of an existing file
    are kept. Raises :class:`UsageError` (exit 2) when the file cannot be written.
    """
    with _atomic(path, binary=isinstance(text, bytes)) as fh:
        fh.write(text)


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` (a PDF, a workbook) to ``path`` as :func:`write_atomic` writes text."""
    with _atomic(path, binary=True) as fh:
        fh.write(data)


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are the same existing file (same device and inode)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def refuse_overwriting(output: Path | None, inputs: Iterable[Path | None]) -> None:
    """The output rule every command that writes checks before it works: exit 2 when
    ``output`` is one of ``inputs`` (the answer files, the rubric, the map, the baselines,
    the plan; by inode, so a link or another spelling of the same path counts), or a
    write-protected file. The writer itself (:func:`atomic_text`) writes through devices,
    FIFOs and symlinks and syncs the folder."""
    if output is None or str(output) == "-":
        return
    try:
        target = os.stat(output)
    except OSError:
        return  # a new file is none of the inputs (a batch may have thousands)
    for path in inputs:
        if path is not None and _is(target, path):
            raise UsageError("usage.output_is_input", file=str(output), input=str(path))
    refuse_protected(output)


def _is(target: os.stat_result, path: Path) -> bool:
    """Whether ``path`` is the file whose status is ``target`` (by inode, as :func:`same_file`)."""
    try:
        return os.path.samestat(target, os.stat(path))
    except OSError:
        return False


def refuse_protected(path: Path) -> None:
    """Exit 2 when ``path`` is a regular file nobody may write (``chmod a-w``): its owner
    protected it, and a rename would replace it all the same (even for root)."""
    try:
        st = os.stat(path)
    except OSError:
        return
    if stat.S_ISREG(st.st_mode) and not st.st_mode & 0o222:
        raise UsageError("file.write_protected", file=str(path))


def atomic_text(path: Path) -> contextlib.AbstractContextManager[IO[str]]:
    """A text stream whose content replaces ``path`` only when the block ends without error.

    A symlink is written through (its target is replaced, the link stays); a device or a
    FIFO (``/dev/null``, ``/dev/stdout``, a named pipe) is written to directly, since it
    cannot be replaced by a rename and must never be turned into a regular file.
    """
    return _atomic(path, binary=False)


@contextlib.contextmanager
def _atomic(path: Path, *, binary: bool) -> Iterator[IO[Any]]:
    """The stream of :func:`atomic_text` (UTF-8 text), or of bytes with ``binary``."""
    how = "wb" if binary else "w"
    text: dict[str, Any] = {} if binary else {"encoding": "utf-8", "newline": ""}
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        st = path.stat()
    except OSError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
        try:
            with open(path, how, **text) as fh:
                yield fh
        except OSError as exc:
            raise UsageError("file.write_failed_at", file=str(path), reason=os_reason(exc)) from None
        return
    refuse_protected(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode = st.st_mode & 0o777 if st is not None else None
        fd, tmp = tempfile.mkstemp(prefix=_temporary_prefix(path.name), suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UsageError("file.write_failed_at", file=str(path), reason=os_reason(exc)) from None
    try:
        with os.fdopen(fd, how, **text) as fh:
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
        _fsync_folder(directory)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise UsageError("file.write_failed_at", file=str(path), reason=os_reason(exc)) from None
        raise


#: the longest file name most file systems take, in bytes
NAME_MAX = 255
#: what :func:`tempfile.mkstemp` adds to the prefix: eight random characters
_RANDOM = 8


def fitted_name(prefix: str, name: str, suffix: str, *, spare: int = 0) -> str:
    """``PREFIX NAME SUFFIX``, the name of a file samarbeid keeps beside ``name`` (a lock, a
    temporary or a recovery file), within :data:`NAME_MAX` bytes with ``spare`` bytes left
    for what the caller adds. A name too long is cut at a character and given a hash of the
    whole name, so that two long names that differ only past the cut stay apart."""
    whole = f"{prefix}{name}{suffix}"
    if len(os.fsencode(whole)) + spare <= NAME_MAX:
        return whole
    digest = "~" + hashlib.sha256(os.fsencode(name)).hexdigest()[:12]
    room = NAME_MAX - spare - len(os.fsencode(f"{prefix}{digest}{suffix}"))
    cut = name[:room]
    while len(os.fsencode(cut)) > room:
        cut = cut[:-1]
    return f"{prefix}{cut}{digest}{suffix}"


def _temporary_prefix(name: str) -> str:
    """``.NAME.``, fitted so that the temporary name (with mkstemp's random part and
    ``.tmp``) stays within :data:`NAME_MAX` bytes: a file with a long name can be written too."""
    return fitted_name(".", name, ".", spare=_RANDOM + len(".tmp"))


def _fsync_folder(directory: Path) -> None:
    """Make a rename in ``directory`` durable (where the platform allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows cannot open a folder
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse to sync a folder
        pass
    finally:
        os.close(fd)
