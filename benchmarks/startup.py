"""Start-up time of ``samarbeid --version`` and ``--help``, and of a report of the Inderøy example
in each format, against a minimal typer app (docs/design.md §10, docs/performance.md).

Run:  python benchmarks/startup.py [--runs N]

Each figure is taken in pairs, samarbeid then the minimal app, one after the other: it prints
the median wall time of each and the median of the pairs' ratios (steadier than a ratio of
medians on a machine others share). ``--version`` is paired with the app's ``--version``,
everything else with its ``--help``. The reports run with a cache folder of their own
(``XDG_CACHE_HOME``), filled by the first run, which is timed apart as the cold start.

Each report is also set against typer's floor for that command: a minimal typer app with
the same parameters as ``samarbeid report`` (and the group's own options), which does no work
but name its format. typer (from 0.29) coerces every option's value with a pydantic
``TypeAdapter`` built when the command runs, a cost any typer command with options pays and
``--help`` does not. That app running ``report … -f json`` against the minimal app's ``--help``
is the floor itself; each report's ratio to it, run with the same arguments, is samarbeid's
own share of its start.

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

#: typer's floor for a report: the parameters of ``samarbeid report`` and of the group's
#: callback (names, kinds, defaults, parsers), and a body that does no work; its vocabularies
#: are written in from samarbeid's own (:func:`floor_app`), which the app does not import
FLOOR = '''
import datetime as dt
import enum
from pathlib import Path
from typing import Annotated, Optional

import typer


{vocabularies}


def fail_on(value: object) -> FailOn:
    return value if isinstance(value, FailOn) else FailOn(str(value))


def day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _version(value: bool) -> None:
    if value:
        typer.echo("floor 0")
        raise typer.Exit()


app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)

LangOpt = Annotated[Optional[Lang], typer.Option("--lang", envvar="FLOOR_LANG", show_default=False)]
RubricOpt = Annotated[Optional[Path], typer.Option("--rubric", dir_okay=False, readable=False)]


@app.callback()
def main(
    lang: LangOpt = None,
    rubric: RubricOpt = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
) -> None:
    """typer's floor for a report."""


@app.command()
def report(
    files: Annotated[list[Path], typer.Argument(readable=False)],
    fmt: Annotated[Optional[ReportFormat], typer.Option("--format", "-f")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", dir_okay=False)] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", parser=fail_on)] = FailOn.never,
    baseline: Annotated[Optional[list[Path]], typer.Option("--baseline", readable=False)] = None,
    detail: Annotated[bool, typer.Option("--detail")] = False,
    plan: Annotated[Optional[Path], typer.Option("--plan", dir_okay=False, readable=False)] = None,
    names: Annotated[bool, typer.Option("--names")] = False,
    comments: Annotated[bool, typer.Option("--comments")] = False,
    as_of: Annotated[Optional[dt.date], typer.Option("--as-of", parser=day)] = None,
    lang: LangOpt = None,
    rubric: RubricOpt = None,
) -> None:
    """Name the format, and nothing else."""
    typer.echo(fmt.value if fmt is not None else "terminal")


app()
'''


def floor_app() -> str:
    """The floor app's source, with ``--lang``, ``--format`` and ``--fail-on``'s members as
    samarbeid declares them."""
    from samarbeid.render import ReportFormat
    from samarbeid.vocab import FailOn, Lang

    classes = [
        f"class {kind.__name__}(str, enum.Enum):\n"
        + "".join(f"    {member.name} = {member.value!r}\n" for member in kind)
        for kind in (Lang, ReportFormat, FailOn)
    ]
    return FLOOR.replace("{vocabularies}", "\n\n".join(classes))


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


def line(ours: str, a: float, base: str, b: float, ratio: float, note: str) -> str:
    """One printed figure: two wall times, their ratio and what it is measured against."""
    return f"{ours:<29} {a * 1000:6.1f} ms   {base:<21} {b * 1000:6.1f} ms   ratio {ratio:.2f}  {note}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="pairs per figure (default: 20)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        minimal, floor = Path(tmp) / "minimal.py", Path(tmp) / "floor.py"
        minimal.write_text(MINIMAL, encoding="utf-8")
        floor.write_text(floor_app(), encoding="utf-8")
        bytecode_as_installed(Path(tmp))
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / "cache")}
        reports = []
        for label, ours, base, target in FIGURES:
            command = [*samarbeid_command(), *ours]
            if label.startswith("report"):  # the first run, with nothing cached yet
                start = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True, env=env)
                cold = f"   cold cache {(time.perf_counter() - start) * 1000:6.1f} ms"
                reports.append((label, command, ours))
            else:
                cold = ""
            a, b, ratio = paired(command, [sys.executable, str(minimal), *base], args.runs, env)
            print(
                line(
                    f"samarbeid {label}",
                    a,
                    f"minimal app {base[0]}",
                    b,
                    ratio,
                    f"(target ≤ {target:.2f}){cold}",
                )
            )
        # typer (from 0.29) coerces every option's value with a pydantic TypeAdapter, built
        # when the command runs: the minimal app's --help imports no pydantic, a command does
        help_ = [sys.executable, str(minimal), "--help"]
        app_run = [sys.executable, str(minimal), "hello", "--name", "Inderøy", "--times", "2"]
        a, b, ratio = paired(app_run, help_, args.runs, env)
        print(
            line(
                "minimal app hello --name …",
                a,
                "minimal app --help",
                b,
                ratio,
                "(typer's cost of a command with options)",
            )
        )
        floor_json = [sys.executable, str(floor), "report", str(EXAMPLE), "-f", "json"]
        a, b, ratio = paired(floor_json, help_, args.runs, env)
        print(
            line(
                "floor app report -f json",
                a,
                "minimal app --help",
                b,
                ratio,
                "(typer's floor for this command)",
            )
        )
        for label, command, ours in reports:  # the same arguments to both: the rest is samarbeid's
            a, b, ratio = paired(command, [sys.executable, str(floor), *ours], args.runs, env)
            print(line(f"samarbeid {label}", a, "floor app, same args", b, ratio, "(samarbeid's own share)"))


if __name__ == "__main__":
    main()
