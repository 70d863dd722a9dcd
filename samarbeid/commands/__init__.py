"""One module per command; each is a thin call into the load → score → render pipeline."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from samarbeid.fileio import write_atomic
from samarbeid.rubric.model import SEVERITIES

FAIL_ON_CHOICES = ("never", *SEVERITIES)


def emit(text: str, output: Path | None) -> None:
    """Send a result to ``output`` (atomically) or to stdout."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text)


def gate_failed(severities: Iterable[str], fail_on: str) -> bool:
    """Whether any severity is at or above ``fail_on`` (``never`` never fails)."""
    if fail_on == "never":
        return False
    limit = SEVERITIES.index(fail_on)  # type: ignore[arg-type]
    return any(SEVERITIES.index(s) <= limit for s in severities)  # type: ignore[arg-type]
