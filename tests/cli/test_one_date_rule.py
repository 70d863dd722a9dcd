"""One date rule: ``--as-of`` and an answer file's ``assessed`` accept and refuse the same
texts (both read them with :func:`samarbeid.domain.read_date`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit import ROOT, Cli

EXAMPLE = ROOT / "examples" / "sunt-samarbeid.yaml"
FORMS = [
    "2024-3-1",
    "2024-03-01",
    "1.3.2024",
    "01.03.2024",
    "2024-13-01",
    "2024-02-30",
    "2024-3-01T10:00",
    "1/3/2024",
]


@pytest.mark.parametrize("text", FORMS)
def test_as_of_and_assessed_agree(cli: Cli, tmp_path: Path, text: str) -> None:
    source = EXAMPLE.read_text(encoding="utf-8")
    assert "  assessed: 2024-09-12\n" in source
    path = tmp_path / "svar.yaml"
    path.write_text(source.replace("  assessed: 2024-09-12\n", f"  assessed: '{text}'\n"), encoding="utf-8")
    in_file = cli("validate", path).exit_code
    on_line = cli("report", EXAMPLE, "--as-of", text, "--format", "json").exit_code
    assert (in_file, on_line) in ((0, 0), (2, 2)), (in_file, on_line)
