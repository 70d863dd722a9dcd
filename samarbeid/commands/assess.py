"""``samarbeid assess``: the interactive checklist in the terminal, saved after every answer.

This module is the wiring: everything that can fail (rubric, existing file, a writable
folder, a respondent already being answered in another session) is checked before the first
question; then the respondents are claimed and the conversation
(:mod:`samarbeid.interview.session`) runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.text import Text

from samarbeid.answerwriter import InUse, SharedFile, target_of
from samarbeid.errors import ExitCode, UsageError
from samarbeid.fileio import fitted_name, os_reason
from samarbeid.i18n import t
from samarbeid.interview.respondents import Party, find_parties
from samarbeid.interview.session import Session, ask_project, label
from samarbeid.load.answers import LoadedFile
from samarbeid.render.escape import plain
from samarbeid.rubric import load_rubric
from samarbeid.tty import (
    Reader,
    Stopped,
    is_interactive,
    read_line,
    shell_quote,
    stop_on_signals,
)
from samarbeid.tty import console as terminal_console
from samarbeid.vocab import Role


def check_writable(file: Path) -> None:
    """Fail now, not after the first answer, when the folder ``file`` is written in (through
    a symlink: the target's) cannot take a new file."""
    file = target_of(file)
    directory = file.parent if str(file.parent) else Path(".")
    try:
        prefix = fitted_name(".", file.name, ".", spare=8 + len(".probe"))  # mkstemp adds 8 characters
        fd, probe = tempfile.mkstemp(prefix=prefix, suffix=".probe", dir=directory)
    except OSError as exc:
        raise UsageError("file.write_failed_at", file=str(file), reason=os_reason(exc)) from None
    os.close(fd)
    os.unlink(probe)


def _clean_opt(text: str | None) -> str | None:
    text = " ".join(text.split()) if text is not None else None
    return text or None


def run(
    file: Path,
    *,
    roles: Sequence[str],
    unit: str | None,
    name: str | None,
    lang: str,
    rubric_path: Path | None,
    color: bool,
    names: bool = False,
    resume: bool = False,
    reader: Reader | None = None,
    console: Console | None = None,
    require_tty: bool = True,
    today: dt.date | None = None,
) -> int:
    """Run the checklist for ``roles`` in ``file`` (created when missing, else resumed).

    ``resume``: the respondents must be in the file already (the printed resume command says
    so), so that a unit or name renamed there meanwhile stops the session instead of adding
    the respondent a second time. ``reader`` and ``console`` default to the terminal; tests
    pass their own, and ``require_tty=False`` to run without one.
    """
    if require_tty and not is_interactive():
        raise UsageError(
            "assess.no_tty_existing" if file.exists() else "assess.no_tty", file=shell_quote(str(file))
        )
    who = [Role(r) for r in dict.fromkeys(roles)]
    unit, name = _clean_opt(unit), _clean_opt(name)
    if len(who) > 1 and (unit or name):
        raise UsageError("assess.workshop_identity")
    rubric = load_rubric(rubric_path)
    shared = SharedFile(file, rubric)
    loaded = shared.load()  # an invalid file is refused first
    parties = find_parties(loaded, who, unit, name, file, resume=resume)
    check_writable(file)
    loaded, parties = _claim(shared, file, parties, who, unit, name, lang, resume)
    console = console or terminal_console(color=color)
    reader = reader or read_line
    today = today or dt.date.today()
    try:
        with stop_on_signals():
            if loaded is None:
                try:
                    model = ask_project(console, reader, file, lang, today)
                except (KeyboardInterrupt, EOFError, Stopped) as exc:
                    with contextlib.suppress(OSError):
                        console.print()
                        console.print(Text(t("assess.nothing_saved", lang), style="yellow"))
                    return exc.exit_code if isinstance(exc, Stopped) else ExitCode.INTERRUPTED
            else:
                model = loaded.model
            session = Session(
                file=file,
                rubric=rubric,
                rubric_path=rubric_path,
                model=model,
                parties=parties,
                lang=lang,
                console=console,
                reader=reader,
                color=color,
                today=today,
                shared=shared,
                names=names,
            )
            return session.run(resumed=loaded is not None, new=loaded is None)
    except Stopped as exc:  # after the answers were saved (the closing report, say)
        return exc.exit_code
    finally:
        shared.release()


def _claim(
    shared: SharedFile,
    file: Path,
    parties: list[Party],
    roles: Sequence[Role],
    unit: str | None,
    name: str | None,
    lang: str,
    resume: bool,
) -> tuple[LoadedFile | None, list[Party]]:
    """Find the session's respondents in ``file`` and claim them, so that no other session
    answers as them meanwhile (:class:`InUse` becomes a one-line error, exit 2). The file is
    read again once they are claimed, so the session starts from what it holds then (bytes
    that did not change are not parsed again)."""
    for _ in range(5):
        try:
            shared.claim([p.identity for p in parties])
        except InUse as exc:
            party = next(p for p in parties if p.identity == exc.identity)
            raise UsageError("assess.in_use", file=plain(str(file)), who=label(party, lang)) from None
        loaded = shared.load()
        again = find_parties(loaded, roles, unit, name, file, resume=resume)
        if [p.identity for p in again] == [p.identity for p in parties]:
            shared.start(loaded.model if loaded is not None else None, [p.identity for p in again])
            return loaded, again
        shared.release()  # the file changed who these respondents are: claim those instead
        parties = again
    raise UsageError("assess.in_use", file=plain(str(file)), who=" + ".join(label(p, lang) for p in parties))
