"""benchmarks/assess.py runs as a smoke test (issue 23): with tiny sizes it finishes, prints
each of its ratios, and finds every answer of the sessions that saved at the same moment."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from testkit import ROOT


def test_the_assess_benchmark_finishes_and_prints_its_ratios() -> None:
    answers = "2" if importlib.util.find_spec("pexpect") is not None else "0"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "assess.py"),
            *("--respondents", "2,30", "--saves", "3", "--answers", answers, "--sessions", "2"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "ratio 30 ÷ 2: total" in run.stdout
    assert answers == "0" or "answer → next question" in run.stdout
    assert "every answer in the file: yes" in run.stdout
