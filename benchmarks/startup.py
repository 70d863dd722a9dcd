"""Start-up time of ``samarbeid --version`` and ``--help``, and of a report of the Inderøy example
in each format, against a minimal typer app (docs/design.md §10, docs/performance.md).

Run:  python benchmarks/startup.py [--runs N]

Each figure is taken in pairs, samarbeid then the minimal app, one after the other: it prints
the median wall time of each and the median of the pairs' ratios (steadier than a ratio of
medians on a machine others share). ``--version`` is paired with the app's ``--version``,
everything else with its ``--help``. The reports run with a cache folder of their own
(``XDG_CACHE_HOME``), filled by the first run, which is timed apart as the cold start.

Both sides run with compiled bytecode, as an installed package does
(:func:`bytecode_as_installed`, which benchmarks/batch.py and benchmarks/import.py use too).
"""

from __future__ import annotations

import argparse
import os
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
def hello(name: str = "verden", times: int = 1) -> None:
    """Say hello."""
    for _ in range(times):
        typer.echo(f"hei, {name}")


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


def bytecode_as_installed(folder: Path) -> None:
    """Let the processes this script starts keep compiled bytecode, in ``folder``, as an
    installed package has it (pip compiles on install). A machine that sets
    ``PYTHONDONTWRITEBYTECODE`` would otherwise have an editable install compile samarbeid's
    source on every run, while the baselines' libraries came with their bytecode."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")


def paired(ours: list[str], base: list[str], runs: int, env: dict[str, str]) -> tuple[float, float, float]:
    """Median wall time of ``ours`` and of ``base``, and the median of their ratios, over
    ``runs`` pairs run one after the other (after one warm-up of each)."""
    times: list[tuple[float, float]] = []
    for i in range(runs + 1):
        pair = []
        for cmd in (ours, base):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=env)
            pair.append(time.perf_counter() - start)
        if i:
            times.append((pair[0], pair[1]))
    return (
        statistics.median(a for a, _ in times),
        statistics.median(b for _, b in times),
        statistics.median(a / b for a, b in times),
    )


def samarbeid_command() -> list[str]:
    """The installed console script (what users run), or ``python -m samarbeid``."""
    script = Path(sys.executable).with_name("samarbeid")
    return [str(script)] if script.exists() else [sys.executable, "-m", "samarbeid"]


EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "inderoy-helsefag.yaml"

#: each figure: its label, samarbeid's arguments, the minimal app's, the target ratio
FIGURES = [
    ("--version", ["--version"], ["--version"], 1.3),
    ("--help", ["--help"], ["--help"], 1.3),
    ("report -f json", ["report", str(EXAMPLE), "-f", "json"], ["--help"], 1.0),
    ("report (terminal)", ["report", str(EXAMPLE)], ["--help"], 1.0),
    ("report -f markdown", ["report", str(EXAMPLE), "-f", "markdown"], ["--help"], 1.5),
    ("report -f html", ["report", str(EXAMPLE), "-f", "html"], ["--help"], 1.5),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="pairs per figure (default: 20)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal.py"
        minimal.write_text(MINIMAL, encoding="utf-8")
        bytecode_as_installed(Path(tmp))
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / "cache")}
        for label, ours, base, target in FIGURES:
            command = [*samarbeid_command(), *ours]
            if label.startswith("report"):  # the first run, with nothing cached yet
                start = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True, env=env)
                cold = f"   cold cache {(time.perf_counter() - start) * 1000:6.1f} ms"
            else:
                cold = ""
            a, b, ratio = paired(command, [sys.executable, str(minimal), *base], args.runs, env)
            print(
                f"samarbeid {label:<19} {a * 1000:6.1f} ms   minimal app {base[0]:<9} {b * 1000:6.1f} ms"
                f"   ratio {ratio:.2f}  (target ≤ {target:.2f}){cold}"
            )
        # typer (from 0.29) coerces every option's value with a pydantic TypeAdapter, built
        # when the command runs: the minimal app's --help imports no pydantic, a command does
        app_run = [sys.executable, str(minimal), "hello", "--name", "Inderøy", "--times", "2"]
        a, b, ratio = paired(app_run, [sys.executable, str(minimal), "--help"], args.runs, env)
        print(
            f"minimal app hello --name …  {a * 1000:6.1f} ms   minimal app --help      {b * 1000:6.1f} ms"
            f"   ratio {ratio:.2f}  (typer's own cost of running a command with options)"
        )


if __name__ == "__main__":
    main()
