"""The process's standard streams, made safe for pipes.

A reader that stops early (``samarbeid batch … | head``, a CI log that closes) must not turn
a failed gate or an invalid file into exit 0. So stdout and stderr are wrapped: once the
other end of a pipe is gone, further output is dropped and the command runs to its real
exit code. Everything else a stream can raise (a full disk, an encoding that cannot hold
«æøå») still reaches :func:`samarbeid.cli._run`, which turns it into one line and exit 2.
"""

from __future__ import annotations

import io
import os
import sys
from typing import BinaryIO, NoReturn, TextIO


class PipeSafe(io.TextIOBase):
    """A text stream that forgets a closed pipe instead of raising."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self.stream.write(text)
            except BrokenPipeError:
                self.gone = True
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self.gone = True

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def buffer(self) -> BinaryIO:
        """The binary stream beneath, for a PDF or a workbook (the caller drops a closed pipe)."""
        return self.stream.buffer

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self.stream.errors


def install() -> None:
    """Wrap ``sys.stdout`` and ``sys.stderr`` (once). A stderr closed at the start (``2>&-``)
    becomes /dev/null: its messages are lost, but never written to stdout or turned into a
    crash (a closed stdout stays None, for the command to refuse: ``output.closed``)."""
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, PipeSafe):
            setattr(sys, name, PipeSafe(stream))


def settle() -> None:
    """Flush at exit; if a pipe closed, point its descriptor at /dev/null so that the
    interpreter's own last flush cannot print a traceback."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, PipeSafe):
            stream.flush()
            if stream.gone:
                try:
                    devnull = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(devnull, stream.fileno())
                    os.close(devnull)
                except OSError:
                    pass


def fail(exc: OSError | None) -> NoReturn:
    """Standard output failed outside a command (``--help`` or ``--version`` on a full disk:
    ``exc``; or stdout was closed at the start: None): one line on stderr, exit 2. What is
    left in the buffer is dropped, so the interpreter's last flush cannot raise again."""
    from samarbeid.errors import ExitCode, UsageError
    from samarbeid.fileio import os_reason
    from samarbeid.vocab import DEFAULT_LANG

    error = (
        UsageError("output.closed_redirect")
        if exc is None
        else UsageError("output.os_error", file="-", reason=os_reason(exc))
    )
    stdout = sys.stdout
    if isinstance(stdout, PipeSafe):
        stdout.gone = True
    settle()
    if sys.stderr is not None:
        print(error.render(DEFAULT_LANG.value), file=sys.stderr)
    raise SystemExit(ExitCode.INPUT)
