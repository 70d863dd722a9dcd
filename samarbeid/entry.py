"""The console script. ``samarbeid --version`` is answered here, before the command line is
built (typer and every command's options cost more than the answer); everything else goes to
:mod:`samarbeid.cli`."""

from __future__ import annotations

import sys


def main() -> None:
    """Run ``samarbeid``."""
    from samarbeid import streams

    if sys.argv[1:] == ["--version"]:
        from samarbeid import __version__

        streams.install()
        try:
            sys.stdout.write(f"samarbeid {__version__}\n")  # the line cli.py's --version writes
        finally:
            streams.settle()
        return
    from samarbeid.cli import main as command_line

    command_line()
