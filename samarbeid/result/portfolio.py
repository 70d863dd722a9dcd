"""What a batch produces, below the formats that write it: the summary's counts, the
ranking, and each project's rendered piece, spilled to a temporary file and read back by
address. :mod:`samarbeid.batch` (the runner) fills it; :mod:`samarbeid.render.portfolio`
(the formats) reads it. Its classes are ``msgspec.Struct`` classes like the rest of the
result (:mod:`samarbeid.result.assessment`): cheap to define, and an ``Outcome`` crosses
between processes for every project.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

import msgspec
from typing_extensions import TypedDict  # pydantic needs it for a JSON Schema on Python < 3.12

from samarbeid.errors import Problem
from samarbeid.result.assessment import Finding, FindingRef
from samarbeid.vocab import Direction, FailOn, Level, Presence, Severity

if TYPE_CHECKING:
    from samarbeid.result.assessment import Assessment

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


def common_key(f: Finding | FindingRef) -> str:
    """What «Vanligste funn» counts a finding under: its problem, severity and wording, so that
    each problem is counted under the title the projects actually have. A finding raised by an
    escalation is worded by the escalation whatever the grade, so its grade is left out (0).
    A short string (it crosses between processes with every project; :func:`common_ref`
    reads it back)."""
    grade = 0 if f.escalation is not None else f.grade
    return f"{f.id} {f.severity} {grade} {f.escalation or ''}"


def common_ref(key: str) -> FindingRef:
    """The finding a :func:`common_key` stands for."""
    problem, severity, grade, escalation = key.split(" ")
    return FindingRef(problem, Severity(severity), int(grade), escalation or None)


def direction(level_before: Level, risk_before: int, level_now: Level, risk_now: int) -> Direction:
    """Which way a project moved, by the order in which the portfolio ranks projects
    (:func:`worst_first_key`: level, then risk): it is better when it now ranks healthier."""
    before = (LEVEL_RANK[level_before], -risk_before)
    now = (LEVEL_RANK[level_now], -risk_now)
    return Direction.better if now > before else Direction.worse if now < before else Direction.unchanged


class Change(msgspec.Struct, frozen=True):
    """A project since its previous assessment (the latest earlier round in the folder, or its
    assessment in the portfolio of ``--baseline DIR``): level and risk then and now, which way
    it moved, and how many findings were resolved and are new."""

    since: dt.date | None
    files: tuple[str, ...]
    level_before: Level
    level_now: Level
    risk_before: int
    risk_now: int
    direction: Direction
    resolved: int
    new: int


class Standing(msgspec.Struct, frozen=True):
    """Where a project stands over time, as every batch format shows it: its assessment date,
    whether that is stale, the change since the previous assessment (None: there is none) and,
    with ``--baseline DIR``, whether the earlier portfolio had it (None without one)."""

    assessed: dt.date | None
    stale: bool | None
    change: Change | None
    presence: Presence | None


def standing(a: Assessment, as_of: dt.date, presence: Presence | None = None) -> Standing:
    """The standing of ``a`` on ``as_of``: its ``baseline`` (the comparison with the previous
    assessment) gives the change."""
    b = a.baseline
    change = None
    if b is not None:
        change = Change(
            b.assessed,
            tuple(b.files),
            b.level,
            a.level,
            b.risk,
            a.risk,
            direction(b.level, b.risk, a.level, a.risk),
            len(b.findings.resolved),
            len(b.findings.new),
        )
    return Standing(a.project.assessed, stale(a.project.assessed, as_of), change, presence)


class ChangeData(TypedDict):
    """A project's change since its previous assessment, in the batch JSON."""

    since: dt.date | None
    files: list[str]
    level_before: Level
    level_now: Level
    risk_before: int
    risk_now: int
    direction: Direction
    resolved: int
    new: int


class StandingData(TypedDict):
    """What the batch JSON adds to each project: staleness, the change, the presence in the
    earlier portfolio of ``--baseline``."""

    stale: bool | None
    change: ChangeData | None
    presence: Presence | None


def standing_data(s: Standing) -> StandingData:
    """A standing as the keys the batch JSON adds to a project."""
    c = s.change
    change: ChangeData | None = None
    if c is not None:
        change = {
            "since": c.since,
            "files": list(c.files),
            "level_before": c.level_before,
            "level_now": c.level_now,
            "risk_before": c.risk_before,
            "risk_now": c.risk_now,
            "direction": c.direction,
            "resolved": c.resolved,
            "new": c.new,
        }
    return {"stale": s.stale, "change": change, "presence": s.presence}


class Gone(msgspec.Struct, frozen=True):
    """A project of the earlier portfolio (``--baseline DIR``) that is not in this run."""

    id: str
    name: str | None
    assessed: dt.date | None
    level: Level
    risk: int
    files: tuple[str, ...]


class GoneData(TypedDict):
    id: str
    name: str | None
    assessed: str | None
    level: Level
    risk: int
    files: list[str]


class BaselineData(TypedDict):
    """The summary's comparison with an earlier portfolio (``--baseline DIR``)."""

    projects: int
    matched: int
    new: int
    gone: list[GoneData]


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
    baseline: BaselineData | None


def error_data(problem: Problem, lang: str) -> ErrorData:
    """A problem as an entry of the batch JSON's ``errors``."""
    w = problem.where
    return {"file": w.file, "line": w.line, "column": w.column, "message": problem.message(lang)}


class Summary(msgspec.Struct):
    """Counts over the whole batch."""

    fail_on: FailOn
    files: int = 0
    projects: int = 0
    failed: int = 0
    levels: Counter[Level] = msgspec.field(default_factory=Counter)
    findings: Counter[Severity] = msgspec.field(default_factory=Counter)
    #: the findings by problem, severity and wording (:func:`common_key`)
    rules: Counter[str] = msgspec.field(default_factory=Counter)
    errors: int = 0
    stale: int = 0  # assessed more than 12 months before --as-of
    undated: int = 0  # no project.assessed
    #: with ``--baseline DIR``: the projects of that portfolio, how many of this run it has
    #: and lacks, and those of its projects not in this run (by id); None without it
    baseline: int | None = None
    matched: int = 0
    new: int = 0
    gone: list[Gone] = []

    def common(self) -> list[tuple[FindingRef, int]]:
        """The findings the projects have, as they have them (:func:`common_key`), most common
        first; then the more severe, then by problem id, grade and escalation."""
        refs = [(common_ref(key), n) for key, n in self.rules.items()]
        return sorted(
            refs, key=lambda kv: (-kv[1], kv[0].severity.rank, kv[0].id, kv[0].grade, kv[0].escalation or "")
        )

    def as_dict(self) -> SummaryData:
        """The summary block of the batch JSON."""
        return {
            "files": self.files,
            "projects": self.projects,
            "errors": self.errors,
            "levels": {str(lvl): self.levels[lvl] for lvl in Level},
            "findings": {str(sev): self.findings[sev] for sev in Severity},
            "gate": {"fail_on": str(self.fail_on), "failed": self.failed},
            "baseline": None
            if self.baseline is None
            else {
                "projects": self.baseline,
                "matched": self.matched,
                "new": self.new,
                "gone": [gone_data(g) for g in self.gone],
            },
        }


def gone_data(g: Gone) -> GoneData:
    """A project of the earlier portfolio that is not in this run, in the batch JSON."""
    assessed = None if g.assessed is None else g.assessed.isoformat()
    return {
        "id": g.id,
        "name": g.name,
        "assessed": assessed,
        "level": g.level,
        "risk": g.risk,
        "files": list(g.files),
    }


#: (process id, offset, length) of a spilled piece
Where = tuple[int, int, int]
_WRITERS: dict[tuple[str, int], IO[bytes]] = {}


def spill(folder: str, text: str | bytes) -> Where:
    """Append ``text`` (or bytes) to this process's spill file in ``folder``: workers write
    their pieces themselves, so only a small address crosses between processes."""
    pid = os.getpid()
    fh = _WRITERS.get((folder, pid))
    if fh is None:
        # unbuffered: a worker may end without flushing, and the reader opens the file anew
        fh = _WRITERS[folder, pid] = open(os.path.join(folder, f"{pid}.spill"), "ab", buffering=0)  # noqa: SIM115
    raw = text.encode() if isinstance(text, str) else text
    offset = fh.tell()
    fh.write(raw)
    return pid, offset, len(raw)


#: the spill files this process reads, by folder and then by the process id that wrote them
_READERS: dict[str, dict[int, IO[bytes]]] = {}


def read_spilled(folder: str, where: Where) -> bytes:
    """The bytes spilled at ``where`` in ``folder`` (by any process of the batch)."""
    pid, offset, length = where
    readers = _READERS.setdefault(folder, {})
    fh = readers.get(pid)
    if fh is None:
        fh = readers[pid] = open(os.path.join(folder, f"{pid}.spill"), "rb")  # noqa: SIM115
    fh.seek(offset)
    return fh.read(length)


class Spill:
    """The spilled pieces of a batch, read back by address."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="samarbeid-batch-")

    @property
    def path(self) -> str:
        return self.folder.name

    def read(self, where: Where) -> str:
        """The stored piece."""
        return self.raw(where).decode()

    def raw(self, where: Where) -> bytes:
        """The stored piece, as the UTF-8 bytes it was spilled as."""
        return read_spilled(self.path, where)

    def close(self) -> None:
        """Close every file and remove the folder."""
        for fh in _READERS.pop(self.path, {}).values():
            fh.close()
        for key in [k for k in _WRITERS if k[0] == self.path]:
            _WRITERS.pop(key).close()
        self.folder.cleanup()


class Outcome(msgspec.Struct, frozen=True):
    """The result of scoring one file (or one merged project), cheap to send between processes."""

    project_id: str | None
    files: tuple[str, ...]
    piece: Where | None  # where the rendered piece was spilled
    row: Where | None  # where the project's row of a ranked overview was spilled (html)
    level: Level | None
    risk: int
    assessed: dt.date | None
    severities: tuple[Severity, ...]
    rules: tuple[str, ...]  # each finding's common_key
    failed: bool
    errors: tuple[Problem, ...]
    #: worth saying, not errors (earlier rounds taken as history, files of one project that
    #: disagree on its details)
    warnings: tuple[Problem, ...] = ()
    #: with ``--baseline DIR``: whether that portfolio has the project
    presence: Presence | None = None
    name: str | None = None  # the project's name (kept only for the earlier portfolio's projects)


class BatchResult(msgspec.Struct):
    """Everything a batch produced: pieces in project-id order (worst first for a ranked
    format), errors, summary, and the ranking of a ranked format."""

    spill: Spill
    index: list[tuple[str, Where]]
    errors: list[Problem]
    summary: Summary
    #: worst first (:data:`LEVEL_RANK`, then risk, then id): project id, level and the
    #: address of its overview row; empty unless the format draws a ranked overview
    ranking: list[tuple[str, Level, Where]] = []
    #: what is worth saying but scored anyway (earlier rounds taken as history, details
    #: that differ between a project's files), by project
    warnings: list[Problem] = []

    def pieces(self) -> Iterator[str]:
        """Each project's rendered piece, in output order."""
        for _, where in self.index:
            yield self.spill.read(where)

    def rows(self) -> Iterator[str]:
        """Each project's row of the ranked overview, worst first."""
        for _, _, where in self.ranking:
            yield self.spill.read(where)
