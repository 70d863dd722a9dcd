"""Find the answer files under the paths a user gives, and say what could not be searched.

Folders are searched recursively for ``.yaml``/``.yml`` files; hidden files and folders
(``.git``, an editor's ``.svar.yaml.swp``) are skipped, and so is a tiltaksplan
(``tiltaksplan.yaml``, :data:`samarbeid.answerfile.plan.PLAN_FILE`), which lies next to the
answer files but is not one. Nothing is skipped silently: a
folder that cannot be read, a path that does not exist, and paths that hold no answer file
at all are positioned problems, so a gate never passes on what was not scored.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from samarbeid.answerfile.plan import PLAN_FILE
from samarbeid.errors import Problem, SourceRef

SUFFIXES = (".yaml", ".yml")


def discover(paths: Iterable[Path]) -> tuple[list[str], list[Problem]]:
    """The answer files under ``paths`` (files as given), each once, sorted by name; and the
    problems: missing paths, unreadable folders, and no answer file found anywhere."""
    given = list(paths)
    found: dict[str, str] = {}
    problems: list[Problem] = []
    for path in given:
        if path.is_dir():
            for name in _walk(path, problems):
                found.setdefault(os.path.realpath(name), name)
        elif path.exists():
            found.setdefault(os.path.realpath(path), str(path))
        else:
            problems.append(Problem(SourceRef(str(path), 1, 1), "file.not_found"))
    if not found and not problems:
        problems.extend(Problem(SourceRef(str(path), 1, 1), "discover.no_answer_files") for path in given)
    return sorted(found.values()), problems


def _walk(folder: Path, problems: list[Problem]) -> Iterable[str]:
    def unreadable(exc: OSError) -> None:
        from samarbeid.fileio import os_reason

        where = exc.filename if exc.filename is not None else str(folder)
        problems.append(
            Problem(SourceRef(str(where), 1, 1), "discover.unreadable", {"reason": os_reason(exc)})
        )

    for top, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES) and name != PLAN_FILE:
                path = os.path.join(top, name)
                if os.path.isfile(path):
                    yield path
