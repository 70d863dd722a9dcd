"""The console script holds the cyclic garbage collector back while it starts (samarbeid.entry)
and lets it work once the command runs (samarbeid.cli._run), with what start-up made frozen
out of its way: a long batch or checklist collects its garbage as any program does."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

from testkit import Cli

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "inderoy-helsefag.yaml"

#: runs the console script's main() and prints, as JSON on stderr's last line, the
#: collector's state each time a command began (enabled, objects frozen)
PROBE = """
import gc, json, sys
from samarbeid.commands import runner

seen = []
real = runner.run_command


def probe(lang, call):
    seen.append([gc.isenabled(), gc.get_freeze_count()])
    return real(lang, call)


runner.run_command = probe
from samarbeid.entry import main

sys.argv = ["samarbeid", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(json.dumps(seen), file=sys.stderr)
"""


def states(*args: str) -> list[list[int]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60, check=True
    )
    return [list(map(int, s)) for s in json.loads(done.stderr.splitlines()[-1])]


def test_the_command_runs_with_the_collector_on_and_start_up_frozen() -> None:
    ((enabled, frozen),) = states("report", str(EXAMPLE), "-f", "json", "--as-of", "2026-12-06")
    assert enabled
    assert frozen > 10_000  # the modules, classes and typer's tables made at start-up


def test_a_command_run_in_process_leaves_the_collector_alone() -> None:
    before = gc.get_freeze_count()
    assert Cli()("report", EXAMPLE, "-f", "json", "--as-of", "2026-12-06").exit_code == 0
    assert gc.isenabled()
    # nothing frozen by the command (a frozen object that dies leaves the count: it may fall)
    assert gc.get_freeze_count() <= before
