"""How a batch prepares its workers and hands them its projects: what every worker shares is
made before they are forked and kept out of the garbage collector's sight; the projects go
out in pieces that shrink towards the end."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from samarbeid.batch import Job, _chunks, _prepare
from samarbeid.render import BatchFormat
from samarbeid.vocab import FailOn


def test_what_the_workers_share_is_frozen_before_they_are_forked(tmp_path: Path) -> None:
    job = Job(None, "nb", dt.date(2026, 12, 6), FailOn.high, BatchFormat.jsonl, False, 80, str(tmp_path))
    gc.unfreeze()
    try:
        _prepare(job, forking=False)
        assert gc.get_freeze_count() == 0  # no workers: the caller's objects stay collectable
        _prepare(job, forking=True)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


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


def test_pieces_that_follow_one_another_in_a_spill_file_are_read_as_one() -> None:
    from samarbeid.render.portfolio import RUN, _runs

    addresses = [(7, 0, 10), (7, 10, 5), (8, 15, 3), (7, 15, 2), (7, 30, 1), (7, 31, RUN), (7, 31 + RUN, 1)]
    # merged while the next piece starts where the run ends, in the same file, within RUN bytes
    assert list(_runs(addresses)) == [
        (7, 0, 15),
        (8, 15, 3),
        (7, 15, 2),
        (7, 30, 1),
        (7, 31, RUN),
        (7, 31 + RUN, 1),
    ]
    assert list(_runs([])) == []


def test_the_pool_wakes_its_worker_thread_only_for_the_pool_itself() -> None:
    from samarbeid.batch import _pool

    pool = _pool(2)
    try:
        # no result waiting to be read wakes the thread that keeps the workers running
        assert pool._get_sentinels() == [pool._change_notifier._reader]
        assert sorted(pool.imap_unordered(abs, range(-50, 0), chunksize=3)) == list(range(1, 51))
    finally:
        pool.terminate()
        pool.join()
