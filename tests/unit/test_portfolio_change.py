"""The change of a project between two rounds: which way it moved, by the portfolio's own
worst-first order (level, then risk); and the key «Vanligste funn» counts a finding under."""

from __future__ import annotations

import pytest

from samarbeid.result.assessment import FindingRef
from samarbeid.result.portfolio import common_key, common_ref, direction
from samarbeid.vocab import Direction, Level, Severity


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [
        ((Level.red, 40), (Level.yellow, 60), Direction.better),  # a better level outweighs more risk
        ((Level.yellow, 20), (Level.red, 10), Direction.worse),
        ((Level.yellow, 30), (Level.yellow, 20), Direction.better),  # same level: less risk
        ((Level.yellow, 20), (Level.yellow, 30), Direction.worse),
        ((Level.green, 8), (Level.green, 8), Direction.unchanged),
        ((Level.red, 50), (Level.inconclusive, 50), Direction.better),  # as the portfolio ranks them
        ((Level.green, 4), (Level.inconclusive, 4), Direction.worse),
    ],
)
def test_direction_follows_the_worst_first_order(
    before: tuple[Level, int], now: tuple[Level, int], expected: Direction
) -> None:
    assert direction(*before, *now) is expected


def test_a_finding_is_counted_by_its_grade_and_an_escalated_one_by_its_escalation() -> None:
    def counted(ref: FindingRef) -> FindingRef:
        return common_ref(common_key(ref))

    assert counted(FindingRef("x", Severity.medium, 2)) == FindingRef("x", Severity.medium, 2)
    assert counted(FindingRef("x", Severity.critical, 2, "e")) == FindingRef("x", Severity.critical, 0, "e")
    assert common_key(FindingRef("x", Severity.critical, 1, "e")) == common_key(
        FindingRef("x", Severity.critical, 2, "e")
    )
    assert common_key(FindingRef("x", Severity.medium, 1)) != common_key(FindingRef("x", Severity.medium, 2))
