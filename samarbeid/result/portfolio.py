"""What a batch produces, below the formats that write it: the summary's counts, the
ranking, and each project's rendered piece, spilled to a temporary file and read back by
address. :mod:`samarbeid.batch` (the runner) fills it; :mod:`samarbeid.render.portfolio`
(the formats) reads it.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from typing_extensions import TypedDict  # pydantic needs it for a JSON Schema on Python < 3.12

from samarbeid.errors import Problem
from samarbeid.vocab import FailOn, Level, Severity

#: Worst first: a known problem (red, then yellow) before a project the answers cannot judge
#: (inconclusive: too little coverage, so it needs answers before it needs measures), and a
#: healthy one last. Within a level, by ``risk`` (higher first; docs/validity.md), then by id.
LEVEL_RANK = {Level.red: 0, Level.yellow: 1, Level.inconclusive: 2, Level.green: 3}


#: An assessment older than this many months against ``--as-of`` is stale.
STALE_MONTHS = 12


def stale(assessed: dt.date | None, as_of: dt.date) -> bool | None:
    """Whether an assessment made on ``assessed`` is more than 12 months old on ``as_of``
    (None when it has no date). On 2027-03-01, 2026-03-01 is not stale, 2026-02-28 is."""
    if assessed is None:
        return None
    year = as_of.year - STALE_MONTHS // 12
    try:
        limit = as_of.replace(year=year)
    except ValueError:  # 29 February: a year earlier there is none; the 28th
        limit = as_of.replace(year=year, day=28)
    return assessed < limit


def worst_first_key(project_id: str, level: Level | None, risk: int) -> tuple[int, int, str]:
    """The place of a project when worst first: :data:`LEVEL_RANK`, then risk (higher first),
    then id (ids are unique, so two projects never tie)."""
    return LEVEL_RANK[level or Level.inconclusive], -risk, project_id


class ErrorData(TypedDict):
    """A file that could not be scored, in the batch JSON."""

    file: str
    line: int
    column: int
    message: str


class GateData(TypedDict):
    fail_on: str
    failed: int


class SummaryData(TypedDict):
    """The summary block of the batch JSON."""

    files: int
    projects: int
    errors: int
    levels: dict[str, int]
    findings: dict[str, int]
    gate: GateData


def error_data(problem: Problem, lang: str) -> ErrorData:
    """A problem as an entry of the batch JSON's ``errors``."""
    w = problem.where
    return {"file": w.file, "line": w.line, "column": w.column, "message": problem.message(lang)}


@dataclass
class Summary:
    """Counts over the whole batch."""

    fail_on: FailOn
    files: int = 0
    projects: int = 0
    failed: int = 0
    levels: Counter[Level] = field(default_factory=Counter)
    findings: Counter[Severity] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    stale: int = 0  # assessed more than 12 months before --as-of
    undated: int = 0  # no project.assessed

    def as_dict(self) -> SummaryData:
        """The summary block of the batch JSON."""
        return {
            "files": self.files,
            "projects": self.projects,
            "errors": self.errors,
            "levels": {str(lvl): self.levels[lvl] for lvl in Level},
            "findings": {str(sev): self.findings[sev] for sev in Severity},
            "gate": {"fail_on": str(self.fail_on), "failed": self.failed},
        }


#: (process id, offset, length) of a spilled piece
Where = tuple[int, int, int]
_WRITERS: dict[tuple[str, int], IO[bytes]] = {}


def spill(folder: str, text: str) -> Where:
    """Append ``text`` to this process's spill file in ``folder``: workers write their pieces
    themselves, so only a small address crosses between processes."""
    pid = os.getpid()
    fh = _WRITERS.get((folder, pid))
    if fh is None:
        # unbuffered: a worker may end without flushing, and the reader opens the file anew
        fh = _WRITERS[folder, pid] = open(os.path.join(folder, f"{pid}.spill"), "ab", buffering=0)  # noqa: SIM115
    raw = text.encode()
    offset = fh.tell()
    fh.write(raw)
    return pid, offset, len(raw)


class Spill:
    """The spilled pieces of a batch, read back by address."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="samarbeid-batch-")
        self.readers: dict[int, IO[bytes]] = {}

    @property
    def path(self) -> str:
        return self.folder.name

    def read(self, where: Where) -> str:
        """The stored piece."""
        pid, offset, length = where
        fh = self.readers.get(pid)
        if fh is None:
            fh = self.readers[pid] = open(os.path.join(self.path, f"{pid}.spill"), "rb")  # noqa: SIM115
        fh.seek(offset)
        return fh.read(length).decode()

    def close(self) -> None:
        """Close every file and remove the folder."""
        for fh in self.readers.values():
            fh.close()
        for key in [k for k in _WRITERS if k[0] == self.path]:
            _WRITERS.pop(key).close()
        self.folder.cleanup()


@dataclass(frozen=True)
class Outcome:
    """The result of scoring one file (or one merged project), cheap to send between processes."""

    project_id: str | None
    files: tuple[str, ...]
    piece: Where | None  # where the rendered piece was spilled
    row: Where | None  # where the project's row of a ranked overview was spilled (html)
    level: Level | None
    risk: int
    assessed: dt.date | None
    severities: tuple[Severity, ...]
    rules: tuple[str, ...]
    failed: bool
    errors: tuple[Problem, ...]
    #: worth saying, not errors (earlier rounds taken as history, files of one project that
    #: disagree on its details)
    warnings: tuple[Problem, ...] = ()


@dataclass
class BatchResult:
    """Everything a batch produced: pieces in project-id order (worst first for a ranked
    format), errors, summary, and the ranking of a ranked format."""

    spill: Spill
    index: list[tuple[str, Where]]
    errors: list[Problem]
    summary: Summary
    #: worst first (:data:`LEVEL_RANK`, then risk, then id): project id, level and the
    #: address of its overview row; empty unless the format draws a ranked overview
    ranking: list[tuple[str, Level, Where]] = field(default_factory=list)
    #: what is worth saying but scored anyway (earlier rounds taken as history, details
    #: that differ between a project's files), by project
    warnings: list[Problem] = field(default_factory=list)

    def pieces(self) -> Iterator[str]:
        """Each project's rendered piece, in output order."""
        for _, where in self.index:
            yield self.spill.read(where)

    def rows(self) -> Iterator[str]:
        """Each project's row of the ranked overview, worst first."""
        for _, _, where in self.ranking:
            yield self.spill.read(where)
