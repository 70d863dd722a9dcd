"""The benchmarks in benchmarks/ still run: each, with tiny settings, finishes and prints its
ratios (docs/performance.md). Nothing here judges a figure: a timed test on a shared machine
would only be noise. A new benchmark gets a line in BENCHMARKS_RUN (benchmarks/assess.py
needs a terminal and runs in the stress tier: tests/stress/test_assess_benchmark.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"

#: each benchmark: its script, tiny arguments, and how many figures it prints (a ratio, or
#: a stage's share of the time)
BENCHMARKS_RUN = [
    ("startup.py", ["--runs", "1"], 12),
    ("batch.py", ["--files", "20", "--jobs", "1"], 3),
    ("import.py", ["--rows", "40", "--runs", "1"], 2),
    ("reading.py", ["--files", "20"], 5),
    ("stages.py", ["--files", "20"], 5),
]

RATIO = re.compile(r"(ratio|=) [0-9]+\.[0-9]{2}\b|[0-9]+\.[0-9]{2} × |[0-9]+\.[0-9]%$")


@pytest.mark.parametrize(("script", "args", "figures"), BENCHMARKS_RUN, ids=[b[0] for b in BENCHMARKS_RUN])
def test_a_benchmark_finishes_and_prints_its_ratios(script: str, args: list[str], figures: int) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=BENCHMARKS.parent,
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if RATIO.search(line)]
    assert len(lines) == figures, done.stdout
