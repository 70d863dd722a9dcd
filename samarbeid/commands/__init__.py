"""One module per command; each is a thin call into the load → score → render pipeline."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Mapping
from enum import Enum
from pathlib import Path
from typing import TypeVar

from samarbeid.errors import UsageError
from samarbeid.fileio import write_atomic, write_atomic_bytes

F = TypeVar("F", bound=Enum)


def emit(text: str, output: Path | None, *, has_output_option: bool = True) -> None:
    """Send a result to ``output`` (atomically) or to stdout. A closed stdout is refused with
    a hint to ``-o``, or, for a command without that option, to a redirection."""
    if output is None or str(output) == "-":
        if sys.stdout is None:  # started with stdout closed (``>&-``)
            raise UsageError("output.closed" if has_output_option else "output.closed_redirect")
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text)


def emit_bytes(data: bytes, output: Path | None, *, terminal: str = "usage.binary_to_terminal") -> None:
    """Send a binary result (a PDF, a workbook) to ``output`` (atomically) or to stdout; to a
    terminal it is the usage error ``terminal``."""
    if output is None or str(output) == "-":
        if sys.stdout is None:  # started with stdout closed (``>&-``)
            raise UsageError("output.closed")
        if sys.stdout.isatty():
            raise UsageError(terminal)
        sys.stdout.flush()
        with contextlib.suppress(BrokenPipeError):  # the reader stopped early: as PipeSafe does
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
    else:
        write_atomic_bytes(output, data)


def check_suffix(output: Path | None, suffixes: Iterable[str]) -> None:
    """Refuse an ``output`` whose suffix names a format this command does not write
    (``-o rapport.docx``): a usage error that lists the suffixes it does write. A name
    without a suffix, and stdout (``-``), are fine."""
    if output is None or str(output) == "-" or not output.suffix:
        return
    known = list(dict.fromkeys(suffixes))
    if output.suffix.lower() not in known:
        raise UsageError(
            "usage.unknown_suffix", file=str(output), suffix=output.suffix, known=", ".join(known)
        )


def output_format(fmt: F | None, output: Path | None, by_suffix: Mapping[str, F], default: F) -> F:
    """The format to write: ``fmt`` when given; else the one ``output``'s suffix names
    (``-o rapport.html`` → html); else ``default``. Without ``fmt``, a suffix no format has
    (``-o rapport.docx``) is a usage error rather than a file in the wrong format; a given
    format that contradicts a known suffix (``-f json -o rapport.html``) is one too. A given
    format with a suffix that names none (``-f json -o rapport.ut``) is written as asked."""
    named = by_suffix.get(output.suffix.lower()) if output is not None else None
    if fmt is None:
        check_suffix(output, by_suffix)
        return named or default
    if named is not None and named is not fmt:
        assert output is not None
        raise UsageError("usage.format_suffix", file=str(output), fmt=fmt.value, suffix=output.suffix)
    return fmt
