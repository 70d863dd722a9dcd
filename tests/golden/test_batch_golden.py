"""`samarbeid batch examples/` in every batch format against reviewed golden files.

The examples hold valid projects, a project split over two files, earlier assessments of one
project and broken files, so each format shows its projects, its errors and its summary.
``--as-of`` is fixed (the HTML page marks old assessments against it) and ``-j 1`` keeps the
run in-process (every format is the same whatever ``--jobs`` is: tests/cli/test_batch.py).
Regenerate after a reviewed change: SAMARBEID_UPDATE_GOLDEN=1 python -m pytest tests/golden
"""

from __future__ import annotations

import pytest

from samarbeid.render import BatchFormat
from testkit import GOLDEN, ROOT, Cli, assert_golden

AS_OF = "2026-06-01"
SUFFIX = {
    BatchFormat.table: "txt",
    BatchFormat.json: "json",
    BatchFormat.jsonl: "jsonl",
    BatchFormat.csv: "csv",
    BatchFormat.junit: "xml",
    BatchFormat.markdown: "md",
    BatchFormat.html: "html",
}


#: a PDF is read back instead, in tests/cli/test_pdf.py: its text as pypdf extracts it differs
#: between pypdf's versions
TEXT_FORMATS = [f for f in BatchFormat if f is not BatchFormat.pdf]


def test_every_batch_format_has_a_golden_file() -> None:
    assert set(SUFFIX) == set(TEXT_FORMATS)


@pytest.mark.parametrize("fmt", TEXT_FORMATS, ids=[f.value for f in TEXT_FORMATS])
def test_batch_of_the_examples_matches_golden(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, fmt: BatchFormat
) -> None:
    monkeypatch.chdir(ROOT)
    result = cli("batch", "examples", "--format", fmt.value, "--as-of", AS_OF, "--jobs", "1")
    assert result.exit_code == 2, result.stderr  # examples/invalid/ holds broken files: 2 beats 1
    assert_golden(GOLDEN / "batch" / f"examples.nb.{SUFFIX[fmt]}", result.stdout)
    # the errors, the warning and the summary go to stderr, the same in every format
    assert_golden(GOLDEN / "batch" / "examples.nb.stderr.txt", result.stderr)
