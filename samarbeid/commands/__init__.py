"""One module per command; each is a thin call into the load → score → render pipeline."""

from __future__ import annotations

import sys
from pathlib import Path

from samarbeid.fileio import write_atomic


def emit(text: str, output: Path | None) -> None:
    """Send a result to ``output`` (atomically) or to stdout."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text)
