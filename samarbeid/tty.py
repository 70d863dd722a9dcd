"""The terminal: reading typed lines (with echo off for hidden answers), cleaning them, and
prompting through a rich console.

Everything the checklist reads goes through a :data:`Reader`, so tests can pass a script
instead of a terminal.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.text import Text

#: Shows a prompt and reads one line of input (without its line end), like ``input()``;
#: the flag asks not to echo what is typed. Raises EOFError at the end of input and
#: KeyboardInterrupt on Ctrl-C.
Reader = Callable[[str, bool], str]

_ANSI = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?")


def is_interactive() -> bool:
    """Whether both stdin and stdout are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def console(*, color: bool) -> Console:
    """The console the checklist prints to: plain text, colour only when asked for."""
    return Console(
        highlight=False, markup=False, emoji=False, no_color=not color, color_system="auto" if color else None
    )


def read_line(prompt: str, hidden: bool = False) -> str:
    """Write ``prompt`` to stdout and read one line from stdin. ``hidden`` turns the
    terminal's echo off *before* the prompt appears, so nothing typed is ever shown."""
    fd = sys.stdin.fileno()
    if not (hidden and os.isatty(fd)):
        _write(prompt)
        return _readline()
    with _echo_off(fd):
        _write(prompt)
        return _readline()


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
    finally:  # also on Ctrl-C: the terminal must never be left without echo
        termios.tcsetattr(fd, termios.TCSADRAIN, old)
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
