"""One module per command; each is a thin call into the load → score → render pipeline."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import TypeVar

from samarbeid.errors import UsageError
from samarbeid.fileio import write_atomic

F = TypeVar("F", bound=Enum)


def emit(text: str, output: Path | None) -> None:
    """Send a result to ``output`` (atomically) or to stdout."""
    if output is None or str(output) == "-":
        if sys.stdout is None:  # started with stdout closed (``>&-``)
            raise UsageError("output.closed")
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text)


def output_format(fmt: F | None, output: Path | None, by_suffix: Mapping[str, F], default: F) -> F:
    """The format to write: ``fmt`` when given; else the one ``output``'s suffix names
    (``-o rapport.html`` → html); else ``default``. A given format that contradicts a known
    suffix (``-f json -o rapport.html``) is a usage error."""
    named = by_suffix.get(output.suffix.lower()) if output is not None else None
    if fmt is None:
        return named or default
    if named is not None and named is not fmt:
        assert output is not None
        raise UsageError("usage.format_suffix", file=str(output), fmt=fmt.value, suffix=output.suffix)
    return fmt
