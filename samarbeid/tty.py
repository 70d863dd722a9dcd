"""The terminal: reading typed lines (with echo off for hidden answers), cleaning them,
prompting through a rich console, stopping cleanly on SIGTERM, SIGHUP and SIGQUIT, and
quoting a command for the shell.

Everything the checklist reads goes through a :data:`Reader`, so tests can pass a script
instead of a terminal.

**Pasted lines.** A terminal hands a pasted text over line by line. :func:`read_line` reads
the first line and then every further line that is already waiting, until input pauses for
:data:`PASTE_PAUSE` seconds, and joins them with spaces: a pasted multi-line comment is one
comment, and its extra lines never answer the next questions (at a question, the joined text
is not a choice, so the question is asked again).
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported by the console, not by a report that only asks the width
    from rich.console import Console
    from rich.text import Text

#: Shows a prompt and reads one line of input (without its line end), like ``input()``;
#: the flag asks not to echo what is typed. Raises EOFError at the end of input and
#: KeyboardInterrupt on Ctrl-C.
Reader = Callable[[str, bool], str]

_ANSI = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?")

#: How long input must pause before a line counts as typed on its own (seconds); lines that
#: arrive closer together are one paste.
PASTE_PAUSE = 0.08

#: The signals that stop a session cleanly (those this platform has).
STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, name)
)

_SHOW_CURSOR = "\x1b[?25h"


def wants_color() -> bool:
    """Colour on a terminal, unless NO_COLOR is set to something (an empty NO_COLOR does not
    count, see no-color.org) or the terminal is dumb."""
    out = sys.stdout
    return (
        out is not None
        and out.isatty()
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM") != "dumb"
    )


def width() -> int:
    """The terminal's width in columns; 80 when stdout is not a terminal."""
    import shutil

    on_terminal = sys.stdout is not None and sys.stdout.isatty()
    return shutil.get_terminal_size((80, 24)).columns if on_terminal else 80


def is_interactive() -> bool:
    """Whether both stdin and stdout are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def console(*, color: bool) -> Console:
    """The console the checklist prints to: plain text, colour only when asked for."""
    from rich.console import Console

    return Console(
        highlight=False, markup=False, emoji=False, no_color=not color, color_system="auto" if color else None
    )


def read_line(prompt: str, hidden: bool = False) -> str:
    """Write ``prompt`` to stdout and read one line from stdin (with every line pasted along
    with it, joined by spaces). ``hidden`` turns the terminal's echo off *before* the prompt
    appears, so nothing typed is ever shown."""
    fd = sys.stdin.fileno()
    if not os.isatty(fd):
        _write(prompt)
        return _readline()
    if not hidden:
        _write(prompt)
        return _read_tty(fd)
    with _echo_off(fd):
        _write(prompt)
        return _read_tty(fd)


@contextlib.contextmanager
def _echo_off(fd: int) -> Iterator[None]:
    try:
        import termios
    except ImportError:  # pragma: no cover - not on POSIX: the answer is shown
        yield
        return
    old = termios.tcgetattr(fd)
    quiet = termios.tcgetattr(fd)
    quiet[3] &= ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSADRAIN, quiet)
    try:
        yield
    finally:  # also on Ctrl-C and on SIGTERM/SIGHUP/SIGQUIT: never leave the terminal without echo
        with contextlib.suppress(termios.error, OSError):  # after SIGHUP the terminal may be gone
            termios.tcsetattr(fd, termios.TCSADRAIN, old)
        with contextlib.suppress(OSError):
            _write("\n")  # the Enter was not echoed either


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _readline() -> str:
    try:
        raw = sys.stdin.buffer.readline()
    except OSError:  # the terminal went away
        raise EOFError from None
    if not raw:
        raise EOFError
    return clean(raw.decode("utf-8", errors="replace"))


def _read_tty(fd: int) -> str:
    """One line from the terminal, and the lines pasted with it (see the module's notes)."""
    lines = [_raw_line(fd)]
    if lines[0] is None:
        raise EOFError
    while _waiting(fd):
        more = _raw_line(fd)
        if more is None:
            break
        lines.append(more)
    return " ".join(part for part in (clean(line) for line in lines if line is not None) if part)


def _waiting(fd: int) -> bool:
    """Whether a whole line is already waiting (a terminal reports a line only when it ends)."""
    try:
        return bool(select.select([fd], [], [], PASTE_PAUSE)[0])
    except (OSError, ValueError):
        return False


def _raw_line(fd: int) -> str | None:
    """Read up to the end of a line straight from the terminal (None at end of input); no
    buffering, so nothing is read ahead of what was asked."""
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the terminal went away
            chunk = b""
        if not chunk:
            if not chunks:
                return None
            break
        chunks.append(chunk)
        if chunk.endswith(b"\n"):
            break
    return b"".join(chunks).decode("utf-8", errors="replace")


def clean(line: str) -> str:
    """A typed line as text: no line end, no escape sequences (arrow keys), no control
    characters."""
    line = _ANSI.sub("", line.rstrip("\r\n"))
    return "".join(ch for ch in line if ch.isprintable())


def ask_line(console: Console, reader: Reader, prompt: Text, *, hidden: bool = False) -> str:
    """Render ``prompt`` as ``console`` would (colour, width) and let ``reader`` show it and
    read the answer, stripped."""
    with console.capture() as captured:
        console.print(prompt, end="")
    return reader(captured.get(), hidden).strip()


# ---- signals ----------------------------------------------------------------------------


class Stopped(BaseException):
    """SIGTERM, SIGHUP or SIGQUIT arrived: the session saves what it has and exits with
    128 + the signal's number (as a shell reports a process killed by it).

    A BaseException, like KeyboardInterrupt, so that nothing catches it by accident."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """While the block runs, SIGTERM, SIGHUP and SIGQUIT raise :class:`Stopped` in the main
    thread (a read is interrupted, and the ``finally`` that restores echo runs); once one has
    arrived, the others are ignored so that saving and saying goodbye are not cut short. The
    cursor is shown again on the way out. Outside the main thread nothing is changed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        raise Stopped(signum)

    before = {sig: signal.signal(sig, stop) for sig in STOP_SIGNALS}
    try:
        yield
    except Stopped:
        with contextlib.suppress(OSError, ValueError):
            if sys.stdout.isatty():
                _write(_SHOW_CURSOR)
        raise
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and the stop signals while the block runs (a save: lock, read, write,
    rename); one that arrives meanwhile is delivered when the block ends."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, *STOP_SIGNALS}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


# ---- the shell ---------------------------------------------------------------------------


def shell_quote(word: str) -> str:
    """``word`` quoted for a POSIX shell, so that a command can be copied and pasted.

    Text without control characters is quoted as :func:`shlex.quote` does. Text with them
    (an escape sequence in a unit's name, say) is written in ``$'…'`` form with each control
    character as ``\\xNN`` or ``\\uNNNN``: bash, zsh and ksh read it back exactly, and no
    escape sequence reaches the terminal it is printed on."""
    if word.isprintable():
        import shlex  # only where a command is shown: a report asks the terminal's width alone

        return shlex.quote(word)
    out = []
    for ch in word:
        if ch in "\\'":
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x80:  # \x is one byte in bash: only for ASCII
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return "$'" + "".join(out) + "'"
