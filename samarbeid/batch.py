"""Score many projects: the single-project pipeline mapped over projects, over several
processes.

Each worker runs :func:`samarbeid.pipeline.assess_loaded` on one project's files, as
``report`` would, and renders that project's piece of the output (a JSON line, a CSV row, a
table row …) itself. The piece is spilled to a temporary file and only a small
:class:`~samarbeid.result.portfolio.Outcome` crosses back, so memory stays flat in the number of
files and the main process does little more than copy the pieces out in project-id order.

The files are grouped by the project id in their head (:mod:`samarbeid.load.scan`) before
any is scored, so each file is scored once and a project's files go to one worker together,
where :func:`samarbeid.pipeline.group_files` makes them one assessment with its history,
exactly as in ``report``. A file whose head does not tell its id is scored alone; a project
whose files came back from more than one worker that way is scored again with all of them
(only those), so the grouping is always the one the full reader gives.

A format may also draw a ranked overview before the pieces (the HTML portfolio's matrix,
worst first): the worker renders each project's row of it as a second piece, spilled like
the first, and the Outcome carries only the two numbers the ranking needs (level and risk)
and the assessment date (for the count of stale assessments).

With ``--baseline DIR`` the earlier portfolio is scored first, by the same pool and the same
grouping: each worker spills the assessment it made (pickled) and sends back its address.
The main process writes the addresses by project id to one file in the spill folder; a
worker scoring a project of this run reads it once, and compares the project with its
earlier assessment there, if it has one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from samarbeid.errors import ExitCode, InputError, Problem, SourceRef
from samarbeid.render import BatchSort
from samarbeid.render.disclosure import ANONYMOUS, Disclosure
from samarbeid.result.portfolio import (
    BatchResult,
    Gone,
    Outcome,
    Spill,
    Summary,
    Where,
    common_key,
    read_spilled,
    spill,
    stale,
    standing,
    worst_first_key,
)
from samarbeid.vocab import FailOn, Level, Presence

if TYPE_CHECKING:
    from samarbeid.load.answers import LoadedFile
    from samarbeid.render import BatchFormat
    from samarbeid.render.portfolio import PortfolioFormat
    from samarbeid.result.assessment import Assessment


class Job(msgspec.Struct, frozen=True):
    """What every worker needs to score and render a group of files."""

    rubric: Path | None
    lang: str
    as_of: dt.date
    fail_on: FailOn
    fmt: BatchFormat
    color: bool
    width: int
    spill: str  # the folder where each process appends its rendered pieces
    disclosure: Disclosure = ANONYMOUS  # what the pieces show of the respondents
    #: with ``--baseline DIR``: the file (in the spill folder) that gives the address of each
    #: project's earlier assessment, by project id
    earlier: str | None = None


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


def _loaded(files: Sequence[str], job: Job) -> Iterator[tuple[tuple[str, ...], list[LoadedFile]] | Outcome]:
    """The files loaded, one list per project id (normally one) with the names they were
    given by, and an Outcome with the problems of the files that cannot be read, if any.
    Runs in a worker process."""
    from samarbeid.load.answers import load_file
    from samarbeid.rubric import load_rubric

    rubric = load_rubric(job.rubric)
    projects: dict[str, list[tuple[str, LoadedFile]]] = {}
    failed: list[str] = []
    problems: list[Problem] = []
    for f in files:
        try:
            lf = load_file(Path(f), rubric)
        except InputError as exc:
            failed.append(f)
            problems.extend(exc.problems)
        else:
            projects.setdefault(lf.model.project.id, []).append((f, lf))
    if problems:
        yield _failed(failed, problems)
    for pairs in projects.values():
        yield tuple(name for name, _ in pairs), [lf for _, lf in pairs]


def _failed(files: Sequence[str], problems: Sequence[Problem]) -> Outcome:
    return Outcome(None, tuple(files), None, None, None, 0, None, (), (), False, tuple(problems))


def score_project(files: Sequence[str], job: Job) -> list[Outcome]:
    """Score the files of a project as ``report`` does (its newest round, with the earlier
    rounds as history) and render its piece; positioned problems instead when something is
    wrong. The files are those the main process took for one project by the id in their
    head; should they hold more than one, each is scored on its own (the main process
    scores again a project whose files came in more than one Outcome). With an earlier
    portfolio (``--baseline DIR``) the change is since the project's assessment there. Runs
    in a worker process."""
    outcomes = []
    for project in _assessed(files, job):
        if isinstance(project, Outcome):
            outcomes.append(project)
        else:
            assessment, names, warnings = project
            outcomes.append(_rendered(assessment, names, warnings, job))
    return outcomes


def _assessed(
    files: Sequence[str], job: Job
) -> Iterator[Outcome | tuple[Assessment, tuple[str, ...], list[Problem]]]:
    """Each project of ``files`` assessed (with its files and warnings), or the Outcome of
    the problems that stopped it."""
    from samarbeid.pipeline import assess_loaded
    from samarbeid.rubric import load_rubric

    for project in _loaded(files, job):
        if isinstance(project, Outcome):
            yield project
            continue
        names, loaded = project
        warnings: list[Problem] = []
        try:
            assessment = assess_loaded(loaded, load_rubric(job.rubric), as_of=job.as_of, warnings=warnings)
        except InputError as exc:
            yield _failed(names, exc.problems)
        else:
            yield assessment, names, warnings


def _rendered(assessment: Assessment, files: tuple[str, ...], warnings: list[Problem], job: Job) -> Outcome:
    """The project's piece (and overview row) spilled, and its Outcome."""
    presence = None
    if job.earlier is not None:
        before = _earlier_assessment(job, assessment.project.id)
        presence = Presence.new if before is None else Presence.matched
        if before is not None:
            from samarbeid.score.compare import compare

            assessment = compare(before, assessment)
    fmt = _job_format(job)
    shown = job.disclosure.apply(assessment)  # what the piece may show of the respondents
    where_it_stands = standing(assessment, job.as_of, presence)
    where = spill(job.spill, fmt.item(shown, where_it_stands))
    # The overview's row is spilled too rather than sent back in the Outcome: the main
    # process keeps every Outcome until the end, and a few hundred bytes of HTML per project
    # would make its memory grow with the portfolio; an address does not.
    row = fmt.row(shown, where_it_stands)
    return Outcome(
        assessment.project.id,
        files,
        where,
        None if row is None else spill(job.spill, row),
        assessment.level,
        assessment.risk,
        assessment.project.assessed,
        tuple(f.severity for f in assessment.findings),
        tuple(common_key(f) for f in assessment.findings),
        bool(assessment.failing(job.fail_on)),
        (),
        tuple(warnings),
        presence,
    )


def score_earlier(files: Sequence[str], job: Job) -> list[Outcome]:
    """Score the files of a project of an earlier portfolio (``--baseline DIR``) as
    :func:`score_project` does, and spill the assessment itself (pickled) for the project of
    this run to be compared with. Its warnings are left out: that portfolio is only compared
    with. Runs in a worker process."""
    outcomes = []
    for project in _assessed(files, job):
        if isinstance(project, Outcome):
            outcomes.append(project)
            continue
        a, names, _ = project
        where = spill(job.spill, pickle.dumps(msgspec.structs.replace(a, baseline=None, trend=[])))
        p = a.project
        outcomes.append(
            Outcome(p.id, names, where, None, a.level, a.risk, p.assessed, (), (), False, (), name=p.name)
        )
    return outcomes


@lru_cache(maxsize=1)
def _earlier_index(path: str) -> dict[str, Where]:
    """The address of each project's earlier assessment, by project id (read once per process)."""
    with open(path, "rb") as fh:
        index: dict[str, Where] = pickle.load(fh)  # written by this batch's main process
    return index


def _earlier_assessment(job: Job, project_id: str) -> Assessment | None:
    """The project's assessment in the earlier portfolio, or None when it has none."""
    assert job.earlier is not None
    where = _earlier_index(job.earlier).get(project_id)
    if where is None:
        return None
    before: Assessment = pickle.loads(read_spilled(job.spill, where))  # spilled by this batch's workers
    return before


def _score(args: tuple[list[tuple[str, ...]], Job]) -> list[Outcome]:
    tasks, job = args
    return [outcome for names in tasks for outcome in score_project(names, job)]


def _score_earlier(args: tuple[list[tuple[str, ...]], Job]) -> list[Outcome]:
    tasks, job = args
    return [outcome for names in tasks for outcome in score_earlier(names, job)]


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
    disclosure: Disclosure = ANONYMOUS,
    baseline: Sequence[str] | None = None,
) -> BatchResult:
    """Score every project among ``files`` (found by :func:`samarbeid.load.discover.discover`,
    whose problems come in ``errors``). The files of one project id are scored together, as
    ``report`` scores them (:func:`samarbeid.pipeline.group_files`): the newest round, with
    the earlier ones as its history. ``sort``
    orders the projects (default: by id, worst first for a ranked format); a ranked format's
    overview is worst first whatever it is. ``disclosure`` is what the pieces show of the
    respondents (:mod:`samarbeid.render.disclosure`). ``baseline`` (the files of an earlier
    portfolio, ``--baseline DIR``) is scored the same way first, and each project is compared
    with its assessment there."""
    from samarbeid.rubric import load_rubric

    load_rubric(rubric)  # a broken rubric stops the batch before any work (exit 2)
    spill_: Spill | None = None
    try:
        # SIGTERM and SIGHUP are interrupts from before the spill folder exists, so none is
        # left behind
        with signals_as_interrupt():
            spill_ = Spill()
            job = Job(rubric, lang, as_of, fail_on, fmt, color, width, spill_.path, disclosure)
            earlier = None if baseline is None else list(baseline)
            return _run(list(files), list(errors), spill_, job, jobs, progress, sort, earlier)
    except BaseException:
        if spill_ is not None:
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
    earlier_files: list[str] | None = None,
) -> BatchResult:
    summary = Summary(job.fail_on, files=len(files))
    if progress is not None:
        progress.start(len(files) + len(earlier_files or ()))

    def take(outcome: Outcome) -> Outcome:
        # Findings arrive as new strings with every project; share one copy of each, so that
        # what the main process keeps per project stays a few hundred bytes.
        errors.extend(outcome.errors)
        return msgspec.structs.replace(outcome, rules=tuple(map(sys.intern, outcome.rules)))

    tasks = _tasks(files)
    earlier_tasks = None if earlier_files is None else _tasks(earlier_files)
    # no more workers than projects: a batch of one project runs in this process
    jobs = min(jobs, max(len(tasks), len(earlier_tasks or ())))
    _prepare(job, forking=jobs > 1)
    with _pool(jobs) as pool:
        earlier: dict[str, Outcome] = {}
        if earlier_tasks is not None:
            earlier = _projects(pool, _score_earlier, earlier_tasks, job, jobs, take, progress)
            index = os.path.join(spill_.path, "earlier.pickle")
            with open(index, "wb") as fh:
                pickle.dump({pid: o.piece for pid, o in earlier.items()}, fh)
            job = msgspec.structs.replace(job, earlier=index)
        placed = _projects(pool, _score, tasks, job, jobs, take, progress)
        # Let the workers finish on their own before the pool is left: leaving a running pool
        # terminates it, and terminating idle workers can wait forever on the task queue's
        # lock that one of them holds. An interrupted batch still terminates them.
        pool.close()
        pool.join()

    for outcome in placed.values():
        summary.projects += 1
        summary.levels[outcome.level or Level.inconclusive] += 1
        summary.findings.update(outcome.severities)
        summary.rules.update(outcome.rules)
        summary.failed += outcome.failed
        late = stale(outcome.assessed, job.as_of)
        summary.stale += late is True
        summary.undated += late is None
        summary.matched += outcome.presence is Presence.matched
        summary.new += outcome.presence is Presence.new
    if earlier_files is not None:
        summary.baseline = len(earlier)
        summary.gone = [
            Gone(pid, o.name, o.assessed, o.level or Level.inconclusive, o.risk, o.files)
            for pid, o in sorted(earlier.items())
            if pid not in placed
        ]
    errors.sort(key=lambda p: (p.where, p.code))
    summary.errors = len(errors)
    ranked = _job_format(job).ranked
    done = sorted((pid, o) for pid, o in placed.items() if o.piece is not None and o.level is not None)
    by = sort or (BatchSort.level if ranked else BatchSort.id)
    # worst first: the order of a ranked overview, and of the pieces sorted by level
    worst_first = (
        sorted(done, key=lambda item: worst_first_key(item[0], item[1].level, item[1].risk))
        if ranked or by is BatchSort.level
        else []
    )
    order = worst_first if by is BatchSort.level else done
    index_ = [(pid, o.piece) for pid, o in order if o.piece is not None]
    ranking = (
        [(pid, o.level, o.row) for pid, o in worst_first if o.row is not None and o.level is not None]
        if ranked
        else []
    )
    # what was worth saying (earlier rounds taken as history, details that differ), by project
    warnings = [w for _, o in sorted(placed.items()) for w in o.warnings]
    warnings += [
        Problem(SourceRef(g.files[0], 1, 1), "batch.gone", {"project": g.id}, severity="warning")
        for g in summary.gone
    ]
    return BatchResult(spill_, index_, errors, summary, ranking, warnings)


def _tasks(files: list[str]) -> list[tuple[str, ...]]:
    """``files`` grouped into the tasks of :func:`_projects`: the files of each project id
    read from their head (:func:`samarbeid.load.scan.project_id`), by id, and then each file
    whose head does not tell on its own."""
    from samarbeid.load.scan import project_id

    heads: dict[str | None, list[str]] = {}
    for f in files:
        heads.setdefault(project_id(f), []).append(f)
    unknown = heads.pop(None, [])
    return [tuple(sorted(names)) for _, names in sorted(heads.items())] + [(f,) for f in unknown]


def _prepare(job: Job, *, forking: bool) -> None:
    """Everything a worker needs that does not depend on its files, made once before the
    workers start (they are forked from this process where the platform can): the modules,
    the rubric with its compiled conditions, and the output format; then, when workers are
    about to be forked, frozen (:func:`gc.freeze`, as Python's documentation advises before a
    fork). A batch in this process alone freezes nothing: a caller's objects stay collectable."""
    import gc

    from samarbeid import pipeline  # noqa: F401  (imported for the workers)
    from samarbeid.rubric import load_rubric

    _ = load_rubric(job.rubric).plans, _job_format(job)
    if not forking:
        return
    # What exists now lives as long as the process: out of the cyclic garbage collector's
    # sight, no collection in a worker walks it (nor writes to its pages, which the fork
    # shares), and none walks it again when the process ends.
    gc.freeze()


def _projects(
    pool: Any,
    task: Callable[[tuple[list[tuple[str, ...]], Job]], list[Outcome]],
    tasks: list[tuple[str, ...]],
    job: Job,
    jobs: int,
    take: Callable[[Outcome], Outcome],
    progress: Any,
) -> dict[str, Outcome]:
    """Each project among ``tasks`` (:func:`_tasks`), scored by ``task`` in ``pool``, by
    project id. The files of a project id are one task, so each file is scored once; a
    project whose files came in more than one Outcome (a file whose head did not tell its
    id) is scored again with all of them."""
    placed: dict[str, Outcome] = {}
    projects: dict[str, list[str]] = {}
    parts: dict[str, int] = {}
    for outcomes in pool.imap_unordered(task, ((chunk, job) for chunk in _chunks(tasks, jobs))):
        for outcome in map(take, outcomes):
            if outcome.project_id is not None:
                placed[outcome.project_id] = outcome
                projects.setdefault(outcome.project_id, []).extend(outcome.files)
                parts[outcome.project_id] = parts.get(outcome.project_id, 0) + 1
            if progress is not None:
                for _ in outcome.files:
                    progress.advance()
    again = [pid for pid in sorted(projects) if parts[pid] > 1]
    for pid in again:  # scored again below, with all of its files
        del placed[pid]
    together = [([tuple(sorted(projects[pid]))], job) for pid in again]
    for outcomes in pool.imap_unordered(task, together):
        for outcome in map(take, outcomes):
            if outcome.project_id is not None:
                placed[outcome.project_id] = outcome
    return placed


def _chunks(tasks: list[tuple[str, ...]], jobs: int) -> Iterator[list[tuple[str, ...]]]:
    """``tasks`` in the pieces a worker takes at a time: each an eighth of a worker's share of
    what is left, at most 32 and at least one. Few pieces cross between the processes (each
    Outcome of a piece comes back in one message), and the last ones are small, so that the
    workers run out of work together rather than one finishing a large piece alone."""
    start = 0
    while start < len(tasks):
        size = max(1, min(32, (len(tasks) - start) // (max(jobs, 1) * 8)))
        yield tasks[start : start + size]
        start += size


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a closed terminal or SSH session), turned into the same clean stop
    as Ctrl-C; the exit code is 128 + the signal, as a shell reports it (143, 129)."""

    def __init__(self, signum: int) -> None:
        super().__init__()
        self.exit_code = STOP_SIGNALS[signal.Signals(signum)]


#: the signals that stop a batch cleanly, and their exit codes (Ctrl-C, SIGINT, is Python's
#: KeyboardInterrupt already)
STOP_SIGNALS = {signal.SIGTERM: ExitCode.TERMINATED, signal.SIGHUP: ExitCode.HUNG_UP}


@contextlib.contextmanager
def signals_as_interrupt() -> Iterator[None]:
    """While a batch runs and writes its output, SIGTERM and SIGHUP stop it like Ctrl-C:
    workers end, and temporary files (the spill folder, a half-written ``-o`` file) go."""

    def stop(signum: int, frame: Any) -> None:
        raise Interrupted(signum)

    try:
        previous = {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS}
    except ValueError:  # not the main thread (tests): leave signals alone
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _quiet_worker() -> None:
    """Workers leave Ctrl-C, SIGHUP and SIGTERM to the main process, which stops them (with
    SIGTERM): no worker prints a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class _InProcess:
    """A stand-in for a process pool when ``--jobs 1``."""

    def __enter__(self) -> _InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def imap_unordered(self, fn: Any, items: Iterable[Any]) -> Iterator[Any]:
        return map(fn, items)

    def close(self) -> None:
        return None

    def join(self) -> None:
        return None


def _pool(jobs: int) -> Any:
    """A process pool of ``jobs`` workers (fork where the platform has it), or none for 1."""
    if jobs <= 1:
        return _InProcess()
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return _pool_class()(jobs, initializer=_quiet_worker, context=multiprocessing.get_context(method))


@lru_cache(maxsize=1)
def _pool_class() -> type:
    """:class:`multiprocessing.pool.Pool` whose thread that keeps the workers running wakes
    only when one ends or the pool changes state. The standard one also wakes on every
    result waiting to be read, and spins until the result thread has read it: with a result
    per piece of work, that thread took about 0.1 s of the main process's CPU per 2 000
    files, which on two cores is taken from the workers. It needs those wakes only to
    replace a worker that ends after ``maxtasksperchild`` tasks, which a batch does not set."""
    from multiprocessing.pool import Pool

    class QuietPool(Pool):
        def _get_sentinels(self) -> list[Any]:
            notifier = getattr(self, "_change_notifier", None)  # a private part of the pool:
            if notifier is None:  # a Python that has none keeps the standard wakes
                return super()._get_sentinels()  # type: ignore[misc,no-any-return]
            return [notifier._reader]

    return QuietPool
