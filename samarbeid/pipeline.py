"""The one pipeline every command runs: load → score → (compare) → render.

``report``, ``batch`` and the closing report of ``assess`` all go through
:func:`assess_files`, so a project scores the same whichever command shows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from samarbeid.assessment import Assessment
from samarbeid.compare import compare
from samarbeid.errors import UsageError
from samarbeid.load import load_submission
from samarbeid.rubric.model import Rubric
from samarbeid.score import assess


def assess_files(
    files: Sequence[Path], rubric: Rubric, *, as_of: dt.date | None, baselines: Sequence[Path] = ()
) -> Assessment:
    """Load and merge one project's answer files, score them, and compare with the
    earlier assessment in ``baselines`` (if any)."""
    assessment = assess(rubric, load_submission(files, rubric), as_of=as_of)
    if baselines:
        before = assess(rubric, load_submission(baselines, rubric), as_of=as_of)
        if before.project.id != assessment.project.id:
            raise UsageError(
                "usage.baseline_project", found=before.project.id, expected=assessment.project.id
            )
        assessment = compare(before, assessment)
    return assessment
