"""Score many projects: the single-project pipeline mapped over files, over several processes.

Each worker runs :func:`samarbeid.pipeline.assess_files` on one project's files and renders
that project's piece of the output (a JSON line, a CSV row, a table row …) itself. The piece
is spilled to a temporary file and only a small :class:`Outcome` crosses back, so memory
stays flat in the number of files and the main process does little more than copy the
pieces out in project-id order.

A format may also draw a ranked overview before the pieces (the HTML portfolio's matrix,
worst first): the worker renders each project's row of it as a second piece, spilled like
the first, and the :class:`Outcome` carries only the two numbers the ranking needs (level
and risk) and the assessment date (for the count of stale assessments).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import signal
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from typing_extensions import TypedDict  # pydantic needs it for a JSON Schema on Python < 3.12

from samarbeid.errors import ExitCode, InputError, Problem, SourceRef
from samarbeid.render import BatchSort
from samarbeid.vocab import FailOn, Level, Severity

if TYPE_CHECKING:
    from samarbeid.render import BatchFormat
    from samarbeid.render.portfolio import PortfolioFormat


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


@dataclass(frozen=True)
class Job:
    """What every worker needs to score and render a group of files."""

    rubric: Path | None
    lang: str
    as_of: dt.date
    fail_on: FailOn
    fmt: BatchFormat
    color: bool
    width: int
    spill: str  # the folder where each process appends its rendered pieces


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
    #: worth saying, not errors (files of one project that disagree on its details)
    warnings: tuple[Problem, ...] = ()


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


@lru_cache(maxsize=2)
def _format(
    fmt: BatchFormat,
    rubric: Path | None,
    lang: str,
    fail_on: FailOn,
    color: bool,
    width: int,
    as_of: dt.date,
) -> PortfolioFormat:
    """The output format of a job, made once per process."""
    from samarbeid.render.portfolio import portfolio_format
    from samarbeid.rubric import load_rubric

    return portfolio_format(
        fmt, rubric=load_rubric(rubric), lang=lang, fail_on=fail_on, color=color, width=width, as_of=as_of
    )


def _job_format(job: Job) -> PortfolioFormat:
    return _format(job.fmt, job.rubric, job.lang, job.fail_on, job.color, job.width, job.as_of)


def score_group(files: Sequence[str], job: Job, history: Sequence[str] = ()) -> Outcome:
    """Score the files of one project (with ``history``: the files of its earlier
    assessments) and render its piece; positioned problems instead when something is wrong.
    Runs in a worker process."""
    from samarbeid.pipeline import assess_files
    from samarbeid.rubric import load_rubric

    rubric = load_rubric(job.rubric)
    warnings: list[Problem] = []
    try:
        assessment = assess_files(
            [Path(f) for f in files],
            rubric,
            as_of=job.as_of,
            baselines=[Path(f) for f in history],
            warnings=warnings,
        )
    except InputError as exc:
        return Outcome(None, tuple(files), None, None, None, 0, None, (), (), False, tuple(exc.problems))
    fmt = _job_format(job)
    where = spill(job.spill, fmt.item(assessment))
    # The overview's row is spilled too rather than sent back in the Outcome: the main
    # process keeps every Outcome until the end, and a few hundred bytes of HTML per project
    # would make its memory grow with the portfolio; an address does not.
    row = fmt.row(assessment)
    return Outcome(
        assessment.project.id,
        tuple(files),
        where,
        None if row is None else spill(job.spill, row),
        assessment.level,
        assessment.risk,
        assessment.project.assessed,
        tuple(f.severity for f in assessment.findings),
        tuple(f.id for f in assessment.findings),
        bool(assessment.failing(job.fail_on)),
        (),
        tuple(warnings),
    )


def _score_one(args: tuple[str, Job]) -> Outcome:
    name, job = args
    return score_group([name], job)


def _score_many(args: tuple[tuple[str, ...], tuple[str, ...], Job]) -> Outcome:
    names, history, job = args
    return score_group(list(names), job, history)


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
    #: what is worth saying but scored anyway (older assessments taken as history)
    warnings: list[Problem] = field(default_factory=list)

    def pieces(self) -> Iterator[str]:
        """Each project's rendered piece, in output order."""
        for _, where in self.index:
            yield self.spill.read(where)

    def rows(self) -> Iterator[str]:
        """Each project's row of the ranked overview, worst first."""
        for _, _, where in self.ranking:
            yield self.spill.read(where)


def run_batch(
    files: Sequence[str],
    *,
    jobs: int,
    rubric: Path | None,
    lang: str,
    as_of: dt.date,
    fail_on: FailOn,
    fmt: BatchFormat,
    color: bool = False,
    width: int = 80,
    progress: Any = None,
    errors: Sequence[Problem] = (),
    sort: BatchSort | None = None,
) -> BatchResult:
    """Score every project among ``files`` (found by :func:`samarbeid.discover.discover`,
    whose problems come in ``errors``). Files of one project id with one date are merged;
    with several dates the newest is scored and the older ones are its history. ``sort``
    orders the projects (default: by id, worst first for a ranked format); a ranked format's
    overview is worst first whatever it is."""
    from samarbeid.rubric import load_rubric

    load_rubric(rubric)  # a broken rubric stops the batch before any work (exit 2)
    spill_ = Spill()
    job = Job(rubric, lang, as_of, fail_on, fmt, color, width, spill_.path)
    try:
        with _terminated_as_interrupt():
            return _run(list(files), list(errors), spill_, job, jobs, progress, sort)
    except BaseException:
        spill_.close()  # an interrupted batch leaves no temporary files behind
        raise
    finally:
        if progress is not None:
            progress.stop()  # also gives the terminal its cursor back


def _run(
    files: list[str],
    errors: list[Problem],
    spill_: Spill,
    job: Job,
    jobs: int,
    progress: Any,
    sort: BatchSort | None = None,
) -> BatchResult:
    summary = Summary(job.fail_on, files=len(files))
    placed: dict[str, Outcome] = {}
    groups: dict[str, list[tuple[str, dt.date | None]]] = {}
    warnings: list[Problem] = []
    if progress is not None:
        progress.start(len(files))

    def take(outcome: Outcome, first_pass: bool) -> None:
        # Rule ids arrive as new strings with every project; share one copy of each, so that
        # what the main process keeps per project stays a few hundred bytes.
        outcome = dataclasses.replace(outcome, rules=tuple(sys.intern(r) for r in outcome.rules))
        errors.extend(outcome.errors)
        if not first_pass:  # a file scored alone has nothing to disagree with
            warnings.extend(outcome.warnings)
        pid = outcome.project_id
        if pid is None:
            return
        if first_pass:
            group = groups.setdefault(pid, [])
            group.extend((f, outcome.assessed) for f in outcome.files)
            if len(group) > 1:  # a second file of the project: score them together later
                return
        placed[pid] = outcome

    with _pool(jobs) as pool:
        chunk = max(1, min(32, len(files) // (max(jobs, 1) * 16)))
        for outcome in pool.imap_unordered(_score_one, ((f, job) for f in files), chunk):
            take(outcome, first_pass=True)
            if progress is not None:
                progress.advance()
        second = []
        for pid, group in sorted(groups.items()):
            if len(group) < 2:
                continue
            placed.pop(pid, None)
            current, history = split_history(group)
            if history:
                warnings.append(
                    Problem(
                        SourceRef(history[0], 1, 1),
                        "batch.history",
                        {"project": pid, "count": len(history), "files": ", ".join(current)},
                        severity="warning",
                    )
                )
            second.append((tuple(current), tuple(history), job))
        for outcome in pool.imap_unordered(_score_many, second):
            take(outcome, first_pass=False)

    for outcome in placed.values():
        summary.projects += 1
        summary.levels[outcome.level or Level.inconclusive] += 1
        summary.findings.update(outcome.severities)
        summary.rules.update(outcome.rules)
        summary.failed += outcome.failed
        late = stale(outcome.assessed, job.as_of)
        summary.stale += late is True
        summary.undated += late is None
    errors.sort(key=lambda p: (p.where, p.code))
    summary.errors = len(errors)
    ranked = _job_format(job).ranked
    done = sorted((pid, o) for pid, o in placed.items() if o.piece is not None and o.level is not None)
    worst_first = sorted(done, key=lambda item: worst_first_key(item[0], item[1].level, item[1].risk))
    by = sort or (BatchSort.level if ranked else BatchSort.id)
    order = worst_first if by is BatchSort.level else done
    index = [(pid, o.piece) for pid, o in order if o.piece is not None]
    ranking = (
        [(pid, o.level, o.row) for pid, o in worst_first if o.row is not None and o.level is not None]
        if ranked
        else []
    )
    return BatchResult(spill_, index, errors, summary, ranking, warnings)


def worst_first_key(project_id: str, level: Level | None, risk: int) -> tuple[int, int, str]:
    """The place of a project when worst first: :data:`LEVEL_RANK`, then risk (higher first),
    then id (ids are unique, so two projects never tie)."""
    return LEVEL_RANK[level or Level.inconclusive], -risk, project_id


def split_history(group: Sequence[tuple[str, dt.date | None]]) -> tuple[list[str], list[str]]:
    """The files of one project: those of its newest assessment round (see
    :func:`samarbeid.pipeline.rounds`), and those of earlier ones."""
    from samarbeid.pipeline import rounds

    *earlier, newest = rounds(group)
    return sorted(newest), sorted(f for r in earlier for f in r)


class Interrupted(KeyboardInterrupt):
    """SIGTERM, turned into the same clean stop as Ctrl-C (exit 143 instead of 130)."""

    exit_code = ExitCode.TERMINATED


@contextlib.contextmanager
def _terminated_as_interrupt() -> Iterator[None]:
    """While a batch runs, SIGTERM stops it like Ctrl-C: workers end, temporary files go."""

    def stop(signum: int, frame: Any) -> None:
        raise Interrupted

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (tests): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _quiet_worker() -> None:
    """Workers leave Ctrl-C and SIGTERM to the main process, which stops them: no worker
    prints a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class _InProcess:
    """A stand-in for a process pool when ``--jobs 1``."""

    def __enter__(self) -> _InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def imap_unordered(self, fn: Any, items: Iterable[Any], chunksize: int = 1) -> Iterator[Any]:
        return map(fn, items)


def _pool(jobs: int) -> Any:
    """A process pool of ``jobs`` workers (fork where the platform has it), or none for 1."""
    if jobs <= 1:
        return _InProcess()
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method).Pool(jobs, initializer=_quiet_worker)
