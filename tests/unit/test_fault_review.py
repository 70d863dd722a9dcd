"""docs/fault-review.md stays true: every probe of the review has a row, every probe that
holds is pinned by a test that exists, a probe that fails says where it is left, and the
counts at the top match the rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from testkit import ROOT

REVIEW = ROOT / "docs" / "fault-review.md"
#: a test named in the last column: `tests/<tier>/<module>.py::<function>`
_TEST = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


@dataclass(frozen=True)
class Probe:
    id: str
    result: str
    tests: tuple[tuple[str, str], ...]


def probes() -> list[Probe]:
    rows = [line for line in REVIEW.read_text(encoding="utf-8").splitlines() if re.match(r"\| [SMm]\d", line)]
    found = []
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        assert len(cells) == 5, row
        found.append(Probe(cells[0], cells[3], tuple(_TEST.findall(cells[4]))))
    return found


def test_every_probe_has_one_row() -> None:
    ids = [p.id for p in probes()]
    assert len(ids) == len(set(ids)) == 43
    severe = ["S1a", "S1b", "S2a", "S2b", "S2c", "S3a", "S3b", "S4a", "S4b", "S4c"]
    assert ids[: len(severe)] == severe


def test_every_probe_that_holds_is_pinned_by_a_test_that_exists() -> None:
    for probe in probes():
        assert probe.result.startswith(("holds", "fails")), probe
        if probe.result.startswith("holds"):
            assert probe.tests, f"{probe.id} holds but no test pins it"
        else:
            assert "(left to issue " in probe.result, f"{probe.id} fails without saying where it is left"
        for path, name in probe.tests:
            source = (ROOT / path).read_text(encoding="utf-8")
            assert re.search(rf"^def {name}\(", source, re.M), f"{probe.id}: {path}::{name} does not exist"


def test_the_counts_at_the_top_match_the_rows() -> None:
    found = probes()
    holding = sum(p.result.startswith("holds") for p in found)
    summary = f"**Result: {len(found)} probes: {holding} hold, {len(found) - holding} fail.**"
    assert summary in REVIEW.read_text(encoding="utf-8")
