"""How a batch hands its projects to the workers: in pieces that shrink towards the end."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from samarbeid.batch import _chunks


@given(st.integers(0, 3000), st.integers(1, 64))
def test_every_project_is_handed_out_once_in_order(count: int, jobs: int) -> None:
    tasks = [(f"svar-{i}.yaml",) for i in range(count)]
    pieces = list(_chunks(tasks, jobs))
    assert [t for piece in pieces for t in piece] == tasks
    assert all(1 <= len(piece) <= 32 for piece in pieces)
    assert [len(p) for p in pieces] == sorted((len(p) for p in pieces), reverse=True)


def test_the_last_pieces_are_single_projects() -> None:
    pieces = list(_chunks([(f"svar-{i}.yaml",) for i in range(2000)], 2))
    assert len(pieces[0]) == 32
    assert [len(p) for p in pieces[-16:]] == [1] * 16
    assert len(pieces) < 200  # few messages between the processes
