"""The answer file's own checks (samarbeid.answerfile.check) accept exactly what pydantic
accepts, and read it into equal records: on every YAML file of the repository, on randomly
varied copies of them (``testkit.mutate``), and on their data with values swapped for odd ones.
Whatever the checks leave to pydantic, pydantic reads (and refuses, with its messages).

A larger run than CI's: ``SAMARBEID_CHECK_VARIANTS=20000 .venv/bin/pytest -p no:randomly
tests/unit/test_answerfile_check.py`` (``SAMARBEID_CHECK_SEED`` picks other variants)."""

from __future__ import annotations

import copy
import datetime as dt
import os
import random
import subprocess
import sys
from typing import Any

import pytest
from pydantic import ValidationError

from samarbeid.answerfile import AnswerFile, RespondentEntry, check
from samarbeid.errors import InputError
from samarbeid.parse import yamlread
from samarbeid.record import validated
from testkit import EXAMPLES, ROOT, mutate, repository_yaml

VARIANTS = int(os.environ.get("SAMARBEID_CHECK_VARIANTS", "400"))
SEED = int(os.environ.get("SAMARBEID_CHECK_SEED", "23"))

#: values a field may hold in parsed YAML that a check must not misjudge
ODD = [
    None,
    True,
    False,
    0,
    1,
    2,
    1.0,
    1.5,
    -1,
    "",
    " ",
    "x",
    "pilot",
    "drift",
    "Ferdig",
    "kommunen",
    "in_progress",
    "complete",
    "kommune",
    "Entreprenor",
    "2024-03-01",
    "01.03.2024",
    "31.02.2024",
    "p",
    "a-b",
    "A",
    "a--b",
    "a\n",
    "x" * 65,
    dt.date(2024, 3, 1),
    dt.datetime(2024, 3, 1, 10, 0),
    [],
    [{}],
    {},
    {"x": 1},
    {1: "x"},
    b"x",
]


def _data(raw: bytes, name: str) -> Any:
    try:
        return yamlread.parse_bytes(raw, name).data
    except InputError:
        return None


def _pydantic(kind: type[Any], data: Any) -> Any:
    try:
        return validated(kind, data)
    except ValidationError:
        return None


def agrees(data: Any) -> bool:
    """Whether the checks read ``data`` as an answer file; they do exactly when pydantic does,
    with equal records; so for each respondent block."""
    ours, theirs = check.answer_file(data), _pydantic(AnswerFile, data)
    if ours is None and theirs is not None and type(data["samarbeid"]) is not int:
        # the one thing left to pydantic that it may accept: a format line of `true` or `1.0`
        # (read as 1 by pydantic ≥ 2.7, refused by 2.6)
        theirs = None
    assert (ours is None) == (theirs is None), (data, ours, theirs)
    assert ours == theirs
    blocks = data.get("respondents") if isinstance(data, dict) else None
    for block in blocks if isinstance(blocks, list) else []:
        entry, expected = check.respondent(block), _pydantic(RespondentEntry, block)
        assert (entry is None) == (expected is None), (block, entry, expected)
        assert entry == expected
    return ours is not None


@pytest.fixture(scope="module")
def datas() -> dict[str, Any]:
    return {name: _data(raw, name) for name, raw in repository_yaml().items()}


def test_every_answer_file_of_the_repository_is_read_as_pydantic_reads_it(datas: dict[str, Any]) -> None:
    read = [name for name, data in datas.items() if agrees(data)]
    assert [n for n in read if n.startswith("examples/") and not n.startswith("examples/invalid/")]
    # many broken files are broken in the format (others only against the rubric)
    assert [n for n in datas if n.startswith("tests/bad_inputs/") and n not in read]


def test_varied_files_are_read_as_pydantic_reads_them(datas: dict[str, Any]) -> None:
    rng = random.Random(SEED)
    # varied copies of the valid files: each change may keep one valid or not
    sources = [(ROOT / name).read_text("utf-8") for name, data in datas.items() if agrees(data)]
    accepted = 0
    for n in range(VARIANTS):
        raw = mutate(rng.choice(sources), rng)
        accepted += agrees(_data(raw, f"variant-{n}.yaml"))
    assert accepted > VARIANTS // 10  # many variants stay valid: the checks are exercised


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in ``data`` a value stands."""
    found = [path]
    if isinstance(data, dict):
        found += [p for k, v in data.items() for p in _paths(v, (*path, k))]
    elif isinstance(data, list):
        found += [p for i, v in enumerate(data) for p in _paths(v, (*path, i))]
    return found


def test_odd_values_anywhere_are_read_as_pydantic_reads_them(datas: dict[str, Any]) -> None:
    rng = random.Random(SEED)
    valid = [data for data in datas.values() if check.answer_file(data) is not None]
    for _ in range(VARIANTS * 2):
        data = copy.deepcopy(rng.choice(valid))
        for _ in range(rng.choice([1, 1, 2])):
            path = rng.choice(_paths(data)[1:])
            parent = data
            for step in path[:-1]:
                parent = parent[step]
            roll = rng.random()
            if roll < 0.8 or not isinstance(parent, dict):
                parent[path[-1]] = copy.deepcopy(rng.choice(ODD))
            elif roll < 0.9:
                del parent[path[-1]]
            else:
                parent[rng.choice(["extra", "navn", 1, "project", "role"])] = rng.choice(ODD)
        agrees(data)


def test_a_valid_file_is_read_without_pydantic() -> None:
    probe = (
        "import sys\n"
        "from samarbeid.answerfile import check\n"
        "from samarbeid.parse import yamlread\n"
        f"doc = yamlread.parse_bytes(open({str(EXAMPLES / 'inderoy-helsefag.yaml')!r}, 'rb').read(), 'x')\n"
        "assert check.answer_file(doc.data) is not None\n"
        "print('pydantic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "False"
