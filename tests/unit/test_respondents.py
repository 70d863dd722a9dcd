"""Who answers (samarbeid.interview.respondents): finding a respondent's block by role, unit and name."""

from __future__ import annotations

import pytest

from samarbeid.answerfile import identity
from samarbeid.interview.respondents import AmbiguousRespondent, find_respondent

ENTRIES = [
    identity("kommune", "Oppvekst", "Kari"),
    identity("entreprenor", None, None),
    identity("kommune", "Helse", None),
]


def test_same_identity_is_found_ignoring_case_and_spaces() -> None:
    """(role, unit, name) is compared without case: the one respondent identity."""
    assert find_respondent(ENTRIES, "kommune", " oppvekst ", "KARI") == 0
    assert find_respondent(ENTRIES, "entreprenor", None, None) == 1


def test_role_alone_finds_the_only_respondent_of_that_role() -> None:
    """Without unit and name, the single block of the role is the respondent."""
    assert find_respondent(ENTRIES[:2], "kommune", None, None) == 0


def test_unit_narrows_the_search() -> None:
    """A unit given picks among several respondents of a role."""
    assert find_respondent(ENTRIES, "kommune", "helse", None) == 2
    assert find_respondent(ENTRIES, "kommune", "Oppvekst", None) == 0


def test_several_candidates_are_ambiguous() -> None:
    """Two blocks of the role and nothing to tell them apart: the caller must ask."""
    with pytest.raises(AmbiguousRespondent) as info:
        find_respondent(ENTRIES, "kommune", None, None)
    assert info.value.indices == [0, 2]


def test_no_candidate_means_a_new_respondent() -> None:
    """A unit or name that fits no block makes a new respondent."""
    assert find_respondent(ENTRIES, "kommune", "Skole", None) is None
    assert find_respondent([], "entreprenor", None, None) is None


def test_an_imported_respondent_is_never_the_sessions() -> None:
    """A block with a source (an imported submission) is neither found nor counted as a
    candidate, even with the same role, unit and name."""
    imported = identity("kommune", "Helse", None, "nettskjema:31000")
    assert find_respondent([imported], "kommune", "Helse", None) is None
    assert find_respondent([imported, ENTRIES[1]], "kommune", None, None) is None
