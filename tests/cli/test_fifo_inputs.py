"""A FIFO given where a file is read is refused at once (`file.not_regular`, exit 2), never
waited on: the answer file of `report` and `validate`, a `--baseline`, an export to `import`,
and the `--into` file. Each run is a subprocess with a short bound, so a hang fails the test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from testkit import ROOT, TESTS, run_samarbeid

EXAMPLE = ROOT / "examples" / "sunt-samarbeid.yaml"
EXPORT = TESTS / "fixtures" / "import" / "nettskjema_kommune.csv"


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "{fifo}"),
        ("report", "{fifo}"),
        ("report", EXAMPLE, "--baseline", "{fifo}"),
        ("import", "{fifo}", "--role", "kommune", "--project-id", "p"),
        ("import", EXPORT, "--role", "kommune", "--partial", "--into", "{fifo}"),
    ],
    ids=["validate", "report", "baseline", "import", "into"],
)
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path, args: tuple[str | Path, ...]) -> None:
    fifo = tmp_path / "ko.yaml"
    os.mkfifo(fifo)
    result = run_samarbeid(*(str(a).format(fifo=fifo) for a in args), timeout=30)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{fifo}:1:1: error: er ikke en vanlig fil" in result.stderr
