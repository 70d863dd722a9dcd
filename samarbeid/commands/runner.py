"""The edge of every command: run it, and turn whatever it raises into one line on stderr
in the user's language and an exit code (docs/design.md §8). Never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from samarbeid.errors import ExitCode, InputError, SamarbeidError, UsageError
from samarbeid.i18n import one_line, t


def _say(line: str) -> None:
    print(line, file=sys.stderr)


def run_command(lang: str, call: Callable[[], Any]) -> int:
    """Run ``call`` and return its exit code; every error becomes one line on stderr."""
    try:
        code = call()
    except InputError as exc:
        for line in exc.lines(lang):
            _say(line)
        code = exc.exit_code
    except UsageError as exc:
        _say(exc.render(lang))
        code = exc.exit_code
    except SamarbeidError as exc:  # pragma: no cover - no other kinds today
        _say(f"error: {exc}")
        code = exc.exit_code
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM during a batch (batch.Interrupted)
        return int(getattr(exc, "exit_code", ExitCode.INTERRUPTED))
    except UnicodeEncodeError as exc:  # an output that cannot hold «æøå» (a redirected console)
        _say(UsageError("output.encoding", encoding=exc.encoding).render(lang))
        code = ExitCode.INPUT
    except OSError as exc:  # the machine, not the files or the code: a full disk, too many files
        from samarbeid.fileio import os_reason

        where = exc.filename if exc.filename is not None else "-"
        _say(UsageError("output.os_error", file=where, reason=os_reason(exc)).render(lang))
        code = ExitCode.INPUT
    except Exception as exc:
        where = exc.__traceback__
        while where is not None and where.tb_next is not None:
            where = where.tb_next
        site = f"{where.tb_frame.f_code.co_filename}:{where.tb_lineno}" if where else "?"
        detail = f"{type(exc).__name__}: {exc} at {site}"
        _say(one_line(t("internal", lang, detail=detail)))
        code = ExitCode.INTERNAL
    return int(code if code is not None else 0)
