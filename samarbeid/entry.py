"""The console script. ``samarbeid --version`` is answered here, before the command line is
built (typer and every command's options cost more than the answer); everything else goes to
:mod:`samarbeid.cli`. Output that fails outside a command (``--help`` or ``--version`` with
stdout closed or on a full disk) is one line on stderr and exit 2, as inside one."""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    """Run ``samarbeid``."""
    # Start-up (the imports, the command line) makes some 35 000 objects that live as long as
    # the process, and the cyclic garbage collector would walk them again and again as they
    # are made, and once more at exit: about a fifth of a report's start. It waits until the
    # command itself runs (samarbeid.cli._run); the little garbage start-up leaves is kept.
    gc.disable()
    from samarbeid import streams

    # pydantic looks for plugins in the entry points of every installed distribution the
    # first time it builds a model (about 20 ms, on every run); samarbeid's models are its
    # own, so no plugin is looked for unless the user says otherwise (older pydantic looks anyway).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    streams.install()
    try:
        if sys.argv[1:] == ["--version"]:
            _version()
            streams.settle()
            return
        from samarbeid.cli import main as command_line

        command_line()
    except OSError as exc:
        streams.fail(exc)


def _version() -> None:
    """Write the line cli.py's ``--version`` writes."""
    from samarbeid import __version__, streams

    if sys.stdout is None:  # started with stdout closed (``>&-``)
        streams.fail(None)
    sys.stdout.write(f"samarbeid {__version__}\n")
