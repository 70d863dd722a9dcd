"""Score many projects: find answer files, score them over several processes, and hand the
results back sorted by project id, with every broken file as a positioned error.

Results are spilled to a temporary file as they arrive, so memory stays flat in the number
of files: only a small index (project id → offset) is kept.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from samarbeid.assessment import LEVELS, at_or_above
from samarbeid.errors import InputError, Problem
from samarbeid.i18n import t
from samarbeid.rubric.model import SEVERITIES

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Job:
    """What every worker needs to score a group of files."""

    rubric: Path | None
    lang: str
    as_of: dt.date
    fail_on: str
    spill: str  # the folder where each process appends its reports


@dataclass(frozen=True)
class Outcome:
    """The result of scoring one file (or one merged project), cheap to send between processes."""

    project_id: str | None
    files: tuple[str, ...]
    report: Where | None  # where the report (one line of JSON) was spilled
    level: str | None
    severities: tuple[str, ...]
    failed: bool
    errors: tuple[dict[str, Any], ...]


@dataclass
class Summary:
    """Counts over the whole batch."""

    files: int = 0
    projects: int = 0
    failed: int = 0
    levels: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    errors: int = 0

    def as_dict(self, fail_on: str) -> dict[str, Any]:
        """The summary block of the batch JSON."""
        return {
            "files": self.files,
            "projects": self.projects,
            "errors": self.errors,
            "levels": {lvl: self.levels[lvl] for lvl in LEVELS},
            "findings": {sev: self.findings[sev] for sev in SEVERITIES},
            "gate": {"fail_on": fail_on, "failed": self.failed},
        }


def discover(paths: Iterable[Path]) -> tuple[list[str], list[dict[str, Any]]]:
    """The answer files under ``paths`` (files as given, folders searched recursively for
    .yaml/.yml, hidden folders skipped), each once, sorted; and errors for missing paths."""
    found: dict[str, str] = {}
    errors = []
    for path in paths:
        if path.is_dir():
            for sub in path.rglob("*"):
                rel = sub.relative_to(path).parts
                if sub.suffix.lower() in SUFFIXES and sub.is_file() and not any(
                        p.startswith(".") for p in rel):
                    found.setdefault(str(sub.resolve()), str(sub))
        elif path.exists():
            found.setdefault(str(path.resolve()), str(path))
        else:
            errors.append({"file": str(path), "line": 1, "column": 1, "message": "file.not_found"})
    return sorted(found.values()), errors


def _error(problem: Problem, lang: str) -> dict[str, Any]:
    w = problem.where
    return {"file": w.file, "line": w.line, "column": w.column, "message": problem.message(lang)}


def score_group(files: Sequence[str], job: Job) -> Outcome:
    """Load, merge and score the files of one project; errors instead of a report when
    something is wrong. Runs in a worker process."""
    from samarbeid.load import LoadedFile, load_file, merge
    from samarbeid.render.json import compact
    from samarbeid.rubric import load_rubric
    from samarbeid.score import assess_data

    rubric = load_rubric(job.rubric)
    loaded: list[LoadedFile] = []
    errors: list[dict[str, Any]] = []
    for name in files:
        try:
            loaded.append(load_file(Path(name), rubric, display=name))
        except InputError as exc:
            errors.extend(_error(p, job.lang) for p in exc.problems)
    if not loaded:
        return Outcome(None, tuple(files), None, None, (), False, tuple(errors))
    project_id = loaded[0].model.project.id
    try:
        submission = merge(loaded)
    except InputError as exc:
        errors.extend(_error(p, job.lang) for p in exc.problems)
        return Outcome(project_id, tuple(files), None, None, (), False, tuple(errors))
    data = assess_data(rubric, submission, job.lang, job.as_of)
    failed = bool(gating(data, job.fail_on))
    where = spill_line(job.spill, compact(data))
    return Outcome(project_id, tuple(lf.file for lf in loaded), where, data["level"],
                   tuple(f["severity"] for f in data["findings"]), failed, tuple(errors))


def _score_one(args: tuple[str, Job]) -> Outcome:
    name, job = args
    return score_group([name], job)


def _score_many(args: tuple[tuple[str, ...], Job]) -> Outcome:
    names, job = args
    return score_group(list(names), job)


#: (process id, offset, length) of a spilled line
Where = tuple[int, int, int]
_WRITERS: dict[tuple[str, int], IO[bytes]] = {}


def spill_line(folder: str, line: str) -> Where:
    """Append ``line`` to this process's spill file in ``folder``: workers write their
    reports themselves, so only a small address crosses between processes."""
    pid = os.getpid()
    fh = _WRITERS.get((folder, pid))
    if fh is None:
        # unbuffered: a worker may end without flushing, and the reader opens the file anew
        fh = _WRITERS[folder, pid] = open(os.path.join(folder, f"{pid}.jsonl"), "ab", buffering=0)  # noqa: SIM115
    raw = line.encode() + b"\n"
    offset = fh.tell()
    fh.write(raw)
    return pid, offset, len(raw)


class Spill:
    """The spilled reports of a batch, read back by address."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="samarbeid-batch-")
        self.readers: dict[int, IO[bytes]] = {}

    @property
    def path(self) -> str:
        return self.folder.name

    def raw(self, where: Where) -> str:
        """The stored line, without its newline."""
        pid, offset, length = where
        fh = self.readers.get(pid)
        if fh is None:
            fh = self.readers[pid] = open(os.path.join(self.path, f"{pid}.jsonl"), "rb")  # noqa: SIM115
        fh.seek(offset)
        return fh.read(length - 1).decode()

    def get(self, where: Where) -> dict[str, Any]:
        """The stored line as data."""
        data: dict[str, Any] = json.loads(self.raw(where))
        return data

    def close(self) -> None:
        """Close every file and remove the folder."""
        for fh in self.readers.values():
            fh.close()
        for key in [k for k in _WRITERS if k[0] == self.path]:
            _WRITERS.pop(key).close()
        self.folder.cleanup()


@dataclass
class BatchResult:
    """Everything a batch produced: reports in project-id order, errors, summary."""

    spill: Spill
    index: list[tuple[str, Where]]
    errors: list[dict[str, Any]]
    summary: Summary

    def reports(self) -> Iterator[dict[str, Any]]:
        """Each project's report (the JSON contract), sorted by project id."""
        for _, where in self.index:
            yield self.spill.get(where)

    def raw_reports(self) -> Iterator[str]:
        """Each project's report as one line of JSON, sorted by project id."""
        for _, where in self.index:
            yield self.spill.raw(where)


def gating(report: dict[str, Any], fail_on: str) -> list[dict[str, Any]]:
    """The findings of a report (as JSON data) that fail the gate at ``fail_on``."""
    return [f for f in report["findings"] if at_or_above(f["severity"], fail_on)
            and (f["accepted"] is None or f["accepted"]["expired"])]


def run_batch(paths: Sequence[Path], *, jobs: int, rubric: Path | None, lang: str,
              as_of: dt.date, fail_on: str, progress: Any = None) -> BatchResult:
    """Score every project under ``paths``; files of one project id are merged."""
    from samarbeid.rubric import load_rubric

    load_rubric(rubric)  # a broken rubric stops the batch before any work (exit 2)
    files, errors = discover(paths)
    for e in errors:
        e["message"] = t(e["message"], lang)
    summary = Summary(files=len(files))
    spill = Spill()
    job = Job(rubric, lang, as_of, fail_on, spill.path)
    placed: dict[str, Outcome] = {}
    groups: dict[str, list[str]] = {}
    if progress is not None:
        progress.start(len(files))

    def take(outcome: Outcome, first_pass: bool) -> None:
        errors.extend(outcome.errors)
        pid = outcome.project_id
        if pid is None:
            return
        if first_pass:
            groups.setdefault(pid, []).extend(outcome.files)
            if len(groups[pid]) > len(outcome.files):  # a second file of the project: merge later
                return
        if outcome.report is not None:
            placed[pid] = outcome

    with _pool(jobs) as pool:
        chunk = max(1, min(32, len(files) // (max(jobs, 1) * 16)))
        for outcome in pool.imap_unordered(_score_one, ((f, job) for f in files), chunk):
            take(outcome, first_pass=True)
            if progress is not None:
                progress.advance()
        merged = sorted((pid, tuple(sorted(fs))) for pid, fs in groups.items() if len(fs) > 1)
        for pid, _ in merged:
            placed.pop(pid, None)
        for outcome in pool.imap_unordered(_score_many, ((fs, job) for _, fs in merged)):
            take(outcome, first_pass=False)
    if progress is not None:
        progress.stop()

    for outcome in placed.values():
        summary.projects += 1
        summary.levels[outcome.level or "inconclusive"] += 1
        summary.findings.update(outcome.severities)
        summary.failed += outcome.failed
    errors.sort(key=lambda e: (e["file"], e["line"], e["column"], e["message"]))
    summary.errors = len(errors)
    index = sorted((pid, o.report) for pid, o in placed.items() if o.report is not None)
    return BatchResult(spill, index, errors, summary)


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
    return multiprocessing.get_context(method).Pool(jobs)
