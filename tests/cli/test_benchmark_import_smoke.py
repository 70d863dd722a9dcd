"""benchmarks/import.py finishes and prints its figures (a smoke test: nothing is timed)."""

from __future__ import annotations

import subprocess
import sys

from testkit import ROOT


def test_the_import_benchmark_runs_and_prints_its_ratios() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "import.py"), "--rows", "40", "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:2]] == ["import 40 rows, CSV", "import 40 rows, XLSX"]
    assert all("÷ 1 s target = " in line and "÷ bare read + libyaml dump" in line for line in lines[:2])
