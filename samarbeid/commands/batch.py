"""``samarbeid batch``: score many projects for a portfolio or a CI pipeline."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from samarbeid.batch import run_batch, signals_as_interrupt
from samarbeid.commands import emit_bytes, output_format
from samarbeid.errors import ExitCode, UsageError
from samarbeid.fileio import atomic_text, refuse_overwriting
from samarbeid.i18n import Count, t
from samarbeid.load.discover import discover
from samarbeid.render import BatchFormat, BatchSort
from samarbeid.render.disclosure import Disclosure
from samarbeid.render.portfolio import PdfFormat, portfolio_format, write_portfolio
from samarbeid.rubric import load_rubric
from samarbeid.vocab import FailOn, Level

#: what ``-o FILE`` without ``-f`` writes, by the file's suffix
SUFFIXES = {
    ".txt": BatchFormat.table,
    ".json": BatchFormat.json,
    ".jsonl": BatchFormat.jsonl,
    ".csv": BatchFormat.csv,
    ".xml": BatchFormat.junit,
    ".md": BatchFormat.markdown,
    ".markdown": BatchFormat.markdown,
    ".html": BatchFormat.html,
    ".htm": BatchFormat.html,
    ".pdf": BatchFormat.pdf,
}


def max_jobs() -> int:
    """The most worker processes this machine lets one batch start: each needs a few open
    files (pipes), so the open-file limit caps them; never more than 256."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):  # pragma: no cover - no such limit here
        return 256
    if soft == resource.RLIM_INFINITY:
        return 256
    return max(1, min(256, (soft - 64) // 4))


class _Progress:
    """A progress bar on stderr, shown only when stderr is a terminal."""

    def __init__(self, lang: str) -> None:
        from rich.console import Console
        from rich.progress import Progress

        # its own console on stderr: results own stdout, and a bar there would end up in
        # a redirected CSV or JSON file
        self.bar = Progress(transient=True, console=Console(stderr=True))
        self.label = t("p.progress", lang)
        self.task: Any = None

    def start(self, total: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task(self.label, total=total)

    def advance(self) -> None:
        self.bar.advance(self.task)

    def stop(self) -> None:
        self.bar.stop()


def run(
    paths: list[Path],
    *,
    fmt: BatchFormat | None,
    output: Path | None,
    jobs: int | None,
    fail_on: FailOn,
    exit_zero: bool,
    lang: str,
    rubric_path: Path | None,
    as_of: dt.date,
    color: bool,
    width: int,
    sort: BatchSort | None = None,
    names: bool = False,
    comments: bool = False,
    baseline: Path | None = None,
) -> ExitCode:
    """Score every project; results to stdout or ``output``, the summary to stderr. Every
    format is shared: respondents' names only with ``names``, comments only with ``comments``.
    With ``baseline`` (a folder or file: an earlier portfolio), each project is compared with
    its assessment there.

    Exit 2 when a file could not be scored, else 1 when a project fails the gate (0 with
    ``exit_zero``), else 0.
    """
    if not paths:
        raise UsageError("usage.no_files")
    if jobs is not None and jobs < 1:
        raise UsageError("usage.bad_jobs")
    if jobs is not None and jobs > max_jobs():
        raise UsageError("usage.too_many_jobs", jobs=jobs, limit=max_jobs())
    fail_on = FailOn(fail_on)
    fmt = output_format(fmt, output, SUFFIXES, BatchFormat.table)
    to_stdout = output is None or str(output) == "-"
    if to_stdout and sys.stdout is None:  # started with stdout closed (``>&-``)
        raise UsageError("output.closed")
    if fmt is BatchFormat.pdf and to_stdout and sys.stdout.isatty():
        raise UsageError("usage.binary_to_terminal")  # said before the projects are scored
    rubric = load_rubric(rubric_path)
    files, problems = discover(paths)
    earlier: list[str] | None = None
    if baseline is not None:
        # the earlier portfolio's files, and its problems among the batch's errors
        earlier, found = discover([baseline])
        problems += found
    refuse_overwriting(output, [*(Path(f) for f in [*files, *(earlier or ())]), baseline, rubric_path])
    progress = _Progress(lang) if sys.stderr.isatty() else None
    # SIGTERM and SIGHUP while the projects are scored or the output is written: a clean stop
    # that leaves neither the spill folder nor a half-written output file
    with signals_as_interrupt():
        result = run_batch(
            files,
            errors=problems,
            jobs=jobs or os.cpu_count() or 1,
            rubric=rubric_path,
            lang=lang,
            as_of=as_of,
            fail_on=fail_on,
            fmt=fmt,
            color=color and to_stdout,
            width=width,
            progress=progress,
            sort=sort,
            disclosure=Disclosure(names=names, comments=comments),
            baseline=earlier,
        )
        try:
            writer = portfolio_format(
                fmt,
                rubric=rubric,
                lang=lang,
                fail_on=fail_on,
                color=color and to_stdout,
                width=width,
                as_of=as_of,
            )
            if isinstance(writer, PdfFormat):
                emit_bytes(writer.document(result), output)
            elif to_stdout:
                write_portfolio(result, writer, sys.stdout)
                sys.stdout.flush()
            else:
                assert output is not None
                with atomic_text(output) as fh:
                    write_portfolio(result, writer, fh)
        finally:
            result.spill.close()
    # Every error and warning also on stderr, one line each, whatever the format: a CSV or a
    # table has no room for them, and a CI log shows stderr.
    for problem in [*result.errors, *result.warnings]:
        print(problem.render(lang), file=sys.stderr)
    s = result.summary
    levels = {lvl.value: Count(f"n.level.{lvl}", s.levels[lvl]) for lvl in Level}
    print(
        t(
            "p.summary",
            lang,
            projects=Count("n.projects", s.projects),
            **levels,
            failed=s.failed,
            fail_on=fail_on,
            errors=Count("n.errors", s.errors),
            files=Count("n.files", s.files),
        ),
        file=sys.stderr,
    )
    if result.errors:
        return ExitCode.INPUT
    if s.failed and not exit_zero:
        return ExitCode.GATE
    return ExitCode.OK
