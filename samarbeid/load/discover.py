"""Find the answer files under the paths a user gives, and say what could not be searched;
and find the tiltaksplan that lies next to them.

Folders are searched recursively for ``.yaml``/``.yml`` files; hidden files and folders
(``.git``, an editor's ``.svar.yaml.swp``) are skipped, and so is a tiltaksplan
(``tiltaksplan.yaml``, :data:`PLAN_FILE`), which lies next to the answer files but is not
one (:func:`plan_beside` finds it there). Nothing is skipped silently: a folder that cannot
be read or searched, a path that does not exist, a link to nothing, a FIFO
or a device where an answer file should be, and paths that hold no answer file at all are
positioned problems, so a gate never passes on what was not scored (and nothing hangs on a
FIFO).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from samarbeid.errors import Problem, SourceRef

SUFFIXES = (".yaml", ".yml")

#: The name ``report`` looks for next to the answer files, and ``batch`` passes over when it
#: searches a folder for answer files.
PLAN_FILE = "tiltaksplan.yaml"


def discover(paths: Iterable[Path]) -> tuple[list[str], list[Problem]]:
    """The answer files under ``paths`` (files as given), each once, sorted by name; and the
    problems: missing paths, unreadable folders, and no answer file found anywhere."""
    given = list(paths)
    found: dict[str, str] = {}
    problems: list[Problem] = []
    for path in given:
        if path.is_dir():
            for real, name in _walk(path, problems):
                found.setdefault(real, name)
        elif os.path.lexists(path):
            if _answer_file(str(path), problems):
                found.setdefault(os.path.realpath(path), str(path))
        else:
            problems.append(Problem(SourceRef(str(path), 1, 1), "file.not_found"))
    if not found and not problems:
        problems.extend(Problem(SourceRef(str(path), 1, 1), "discover.no_answer_files") for path in given)
    return sorted(found.values()), problems


def _answer_file(path: str, problems: list[Problem], mode: int | None = None) -> bool:
    """Whether ``path`` is a regular file to read; if not, the problem that says why.
    ``mode`` is the file's own mode when it is known to be no link."""
    from samarbeid.fileio import os_reason

    try:
        mode = os.stat(path).st_mode if mode is None else mode
    except OSError as exc:
        if exc.errno == errno.ENOENT and os.path.islink(path):
            problems.append(Problem(SourceRef(path, 1, 1), "discover.dangling_link"))
        elif exc.errno == errno.EACCES:
            folder = os.path.dirname(path) or "."
            problem = Problem(SourceRef(folder, 1, 1), "discover.unreadable", {"reason": os_reason(exc)})
            if problem not in problems:
                problems.append(problem)
        else:
            problems.append(Problem(SourceRef(path, 1, 1), "file.unreadable", {"reason": os_reason(exc)}))
        return False
    if stat.S_ISREG(mode):
        return True
    problems.append(Problem(SourceRef(path, 1, 1), "file.not_regular"))
    return False


def _walk(folder: Path, problems: list[Problem]) -> Iterable[tuple[str, str]]:
    """The answer files in ``folder`` and below, each with the real path it is known by
    (the folder's real path once, and a file's own only when the file is a link)."""

    def unreadable(exc: OSError) -> None:
        from samarbeid.fileio import os_reason

        where = exc.filename if exc.filename is not None else str(folder)
        problems.append(
            Problem(SourceRef(str(where), 1, 1), "discover.unreadable", {"reason": os_reason(exc)})
        )

    for top, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        real_top: str | None = None
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES) and name != PLAN_FILE:
                path = os.path.join(top, name)
                try:
                    mode: int | None = os.lstat(path).st_mode
                except OSError:
                    mode = None  # gone or unreadable: _answer_file says why
                if mode is not None and stat.S_ISLNK(mode):
                    mode = None  # a link is followed, and known by what it points to
                if _answer_file(path, problems, mode):
                    if mode is None:
                        yield os.path.realpath(path), path
                    else:
                        # os.walk follows no link into a folder, so the file's real path is
                        # its name in the folder's
                        real_top = real_top or os.path.realpath(top)
                        yield os.path.join(real_top, name), path


def plan_beside(paths: Iterable[Path]) -> Path | None:
    """The plan next to the answer files: ``tiltaksplan.yaml`` in the folder of an answer
    file given (or in a folder given), the first found in the order given; None when none
    of them holds one."""
    for path in paths:
        folder = path if path.is_dir() else path.parent
        candidate = folder / PLAN_FILE
        if candidate.is_file():
            return Path(os.path.normpath(candidate))
    return None
