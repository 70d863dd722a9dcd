"""Start-up time of ``samarbeid --version`` and ``--help`` against a minimal typer app.

Run:  python benchmarks/startup.py [--runs N]
Prints the median wall time of each and the ratios (target ≤ 1.3, docs/design.md §10).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL = '''
import typer

app = typer.Typer()


def _version(value: bool) -> None:
    if value:
        typer.echo("minimal 0")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True)) -> None:
    """A minimal typer app."""


@app.command()
def hello() -> None:
    """Say hello."""


app()
'''


def median_time(cmd: list[str], runs: int) -> float:
    """Median wall time of ``cmd`` over ``runs`` runs (after one warm-up)."""
    subprocess.run(cmd, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def samarbeid_command() -> list[str]:
    """The installed console script (what users run), or ``python -m samarbeid``."""
    script = Path(sys.executable).with_name("samarbeid")
    return [str(script)] if script.exists() else [sys.executable, "-m", "samarbeid"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal.py"
        minimal.write_text(MINIMAL, encoding="utf-8")
        for flag in ("--version", "--help"):
            base = median_time([sys.executable, str(minimal), flag], args.runs)
            ours = median_time([*samarbeid_command(), flag], args.runs)
            print(
                f"samarbeid {flag:<9} {ours * 1000:6.1f} ms   minimal typer app {base * 1000:6.1f} ms"
                f"   ratio {ours / base:.2f}  (target ≤ 1.30)"
            )


if __name__ == "__main__":
    main()
