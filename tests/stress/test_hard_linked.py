"""An answer file with more than one hard link is not written: a session through another
link would not see this name's locks, and the atomic write would split the links. The
refusal comes before the first question, and the file and its links stay one file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from samarbeid.errors import UsageError
from testkit import assess, write


def test_a_hard_linked_answer_file_is_refused_before_anything_is_asked(tmp_path: Path) -> None:
    file = write(tmp_path / "svar.yaml", [{"role": "kommune", "answers": {}}])
    link = tmp_path / "kopi.yaml"
    os.link(file, link)
    before = file.read_bytes()
    with pytest.raises(UsageError) as refused:  # the one-line error the runner prints, exit 2
        assess(link, ["4", "q"])
    assert refused.value.code == "file.hard_linked"
    assert os.path.samefile(file, link)
    assert file.read_bytes() == before
