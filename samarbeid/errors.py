"""Error types, source positions and exit codes shared by every step of the pipeline.

A problem and its position are frozen ``msgspec.Struct`` classes, like the result
(:mod:`samarbeid.result.assessment`): defined at import in a fraction of a dataclass's cost,
and sent between a batch's processes by the thousand."""

from __future__ import annotations

import enum
from typing import Any

import msgspec


class ExitCode(enum.IntEnum):
    """The process exit codes (docs/design.md §8)."""

    OK = 0
    GATE = 1
    INPUT = 2
    INTERNAL = 70
    #: stopped by Ctrl-C (128 + SIGINT, as a shell reports it)
    INTERRUPTED = 130
    #: stopped by SIGHUP during a batch: its terminal or SSH session closed (128 + SIGHUP)
    HUNG_UP = 129
    #: stopped by SIGTERM during a batch (128 + SIGTERM)
    TERMINATED = 143


class SourceRef(msgspec.Struct, frozen=True, order=True):
    """Where something came from: file, 1-based line and 1-based column. ``cell`` is what a
    spreadsheet shows for the column (``AI («Vi har en koordinator …»)``), said instead of
    its number when given."""

    file: str
    line: int
    column: int
    cell: str = ""


class Problem(msgspec.Struct, frozen=True):
    """One input error, rendered later in the user's language as one line."""

    where: SourceRef
    code: str
    params: dict[str, Any] = {}
    hint: str | None = None
    hint_params: dict[str, Any] = {}
    #: ``error`` stops the run (exit 2); ``warning`` is said on stderr and the run goes on
    severity: str = "error"

    def message(self, lang: str) -> str:
        """The message and its hint (``message — hint``), on one line."""
        from samarbeid.i18n import one_line, t

        text = t(self.code, lang, **self.params)
        if self.hint:
            text += " — " + t(self.hint, lang, **self.hint_params)
        return one_line(text)

    def render(self, lang: str) -> str:
        """``FILE:LINE:COLUMN: error: message — hint`` on one line (``warning:`` for a warning).
        The ``error:``/``warning:`` token stays English: editors and CI parse it."""
        from samarbeid.i18n import one_line

        w = self.where
        return one_line(f"{w.file}:{w.line}:{w.cell or w.column}: {self.severity}: ") + self.message(lang)


class SamarbeidError(Exception):
    """Base class of the errors the command line maps to an exit code."""

    exit_code = ExitCode.INTERNAL


class InputError(SamarbeidError):
    """Bad input: one or more problems, each with file, line and column (exit 2)."""

    exit_code = ExitCode.INPUT

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].code if problems else "input error")
        self.problems = problems

    @classmethod
    def at(cls, file: str, line: int, column: int, code: str, /, **params: Any) -> InputError:
        """A single problem at one place."""
        return cls([Problem(SourceRef(file, line, column), code, params)])

    def lines(self, lang: str) -> list[str]:
        """Every problem as one rendered line."""
        return [p.render(lang) for p in self.problems]


class UsageError(SamarbeidError):
    """Bad arguments that are not about a file's content (exit 2)."""

    exit_code = ExitCode.INPUT

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def render(self, lang: str) -> str:
        """The message as one line."""
        from samarbeid.i18n import one_line, t

        return one_line("error: " + t(self.code, lang, **self.params))
