"""Every example's report in nynorsk (`report --lang nn`), in the formats people read, against
reviewed golden files: the words of the tool and of the rubric in one set of forms
(docs/ordliste.md).
Regenerate after a reviewed change: SAMARBEID_UPDATE_GOLDEN=1 python -m pytest tests/golden
"""

from __future__ import annotations

import pytest

from testkit import GOLDEN, ROOT, Cli, assert_golden, example_projects

FORMATS = {"terminal": "txt", "markdown": "md", "html": "html"}
CASES = [(name, fmt) for name in example_projects() for fmt in FORMATS]


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}-{f}" for n, f in CASES])
def test_example_in_nynorsk_matches_golden(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, name: str, fmt: str
) -> None:
    monkeypatch.chdir(ROOT)
    result = cli("report", *example_projects()[name], "--format", fmt, "--lang", "nn")
    assert result.exit_code == 0, result.stderr
    assert_golden(GOLDEN / "nn" / f"{name}.nn.{FORMATS[fmt]}", result.stdout)
