"""``samarbeid batch``: score many projects for a portfolio or a CI pipeline."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from samarbeid.batch import run_batch
from samarbeid.errors import ExitCode, UsageError
from samarbeid.fileio import atomic_text
from samarbeid.i18n import Count, t
from samarbeid.render import BatchFormat
from samarbeid.render.portfolio import write_portfolio
from samarbeid.rubric import load_rubric


class _Progress:
    """A progress bar on stderr, shown only when stderr is a terminal."""

    def __init__(self, lang: str) -> None:
        from rich.progress import Progress

        self.bar = Progress(transient=True, console=None)
        self.label = t("p.progress", lang)
        self.task: Any = None

    def start(self, total: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task(self.label, total=total)

    def advance(self) -> None:
        self.bar.advance(self.task)

    def stop(self) -> None:
        self.bar.stop()


def run(paths: list[Path], *, fmt: BatchFormat, output: Path | None, jobs: int | None,
        fail_on: str, exit_zero: bool, lang: str, rubric_path: Path | None, as_of: dt.date,
        color: bool, width: int) -> ExitCode:
    """Score every project; results to stdout or ``output``, the summary to stderr.

    Exit 2 when a file could not be scored, else 1 when a project fails the gate (0 with
    ``exit_zero``), else 0.
    """
    if not paths:
        raise UsageError("usage.no_files")
    if jobs is not None and jobs < 1:
        raise UsageError("usage.bad_jobs")
    rubric = load_rubric(rubric_path)
    progress = _Progress(lang) if sys.stderr.isatty() else None
    result = run_batch(paths, jobs=jobs or os.cpu_count() or 1, rubric=rubric_path, lang=lang,
                       as_of=as_of, fail_on=fail_on, progress=progress)
    try:
        kwargs = {"rubric": rubric, "lang": lang, "fail_on": fail_on, "width": width}
        if output is None or str(output) == "-":
            write_portfolio(result, fmt, sys.stdout, color=color, **kwargs)  # type: ignore[arg-type]
            sys.stdout.flush()
        else:
            with atomic_text(output) as fh:
                write_portfolio(result, fmt, fh, **kwargs)  # type: ignore[arg-type]
    finally:
        result.spill.close()
    s = result.summary
    levels = {lvl: Count(f"n.level.{lvl}", s.levels[lvl])
              for lvl in ("red", "yellow", "green", "inconclusive")}
    print(t("p.summary", lang, projects=Count("n.projects", s.projects), **levels, failed=s.failed,
            fail_on=fail_on, errors=Count("n.errors", s.errors), files=Count("n.files", s.files)),
          file=sys.stderr)
    if result.errors:
        return ExitCode.INPUT
    if s.failed and not exit_zero:
        return ExitCode.GATE
    return ExitCode.OK
