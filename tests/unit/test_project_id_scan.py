"""The project id read from a file's head (samarbeid.load.scan): the standard layout gives
the id, anything else None, and never an id the full reader does not give."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from samarbeid.errors import InputError
from samarbeid.load.answers import load_bytes
from samarbeid.load.scan import id_in, project_id
from samarbeid.rubric.model import Rubric
from testkit import ROOT

HEAD = "samarbeid: 1\nproject:\n  {}\n  name: Et prosjekt\nstatus: complete\n"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("id: inderoy-helsefag", "inderoy-helsefag"),
        ("id: 'inderoy-helsefag'", "inderoy-helsefag"),
        ('id: "inderoy-helsefag"  # fra 2021', "inderoy-helsefag"),
        ("id: Inderoy", None),  # not a slug: the full reader refuses it
        ("id: inderoy#x", None),
        ("id: &a inderoy", None),
        ("id: |\n    inderoy", None),
        ("id: [inderoy]", None),
        ("id:\n    inderoy", None),
    ],
)
def test_the_id_in_the_standard_layout(line: str, expected: str | None) -> None:
    assert id_in(HEAD.format(line).encode()) == expected


@pytest.mark.parametrize(
    "text",
    [
        "project: {id: inderoy}\n",
        "---\nproject:\n  id: inderoy\n",
        "project:\n\tid: inderoy\n",
        "project:\n  name: a\n    b\n  id: inderoy\n",
        "project:\n  name: 'a\n    b'\n  id: inderoy\n",
        "project:\n  name: a\r  id: inderoy\n",
        "project:\n  name: a\u2028  id: inderoy\n",
        "respondents:\n  - role: kommune\nproject:\n  id: inderoy\n",
        "  project:\n  id: inderoy\n",
        "project:\n  id: inderoy",  # the last line may be cut off in the head
    ],
)
def test_anything_else_is_not_known(text: str) -> None:
    assert id_in(text.encode()) is None


def test_crlf_and_comments_are_the_standard_layout() -> None:
    text = "# kommentar\r\nsamarbeid: 1\r\nproject:  # her\r\n  # id: feil\r\n  id: inderoy\r\n"
    assert id_in(text.encode()) == "inderoy"


def test_a_file_that_cannot_be_read_is_not_known(tmp_path: Path) -> None:
    assert project_id(tmp_path / "finnes-ikke.yaml") is None
    assert project_id(tmp_path) is None
    assert project_id(ROOT / "examples" / "inderoy-helsefag.yaml") == "inderoy-helsefag"


#: what a hand edit may put into a file's head: YAML's indicators, spaces, quotes, breaks
_NOISE = [
    " ",
    "  ",
    "\n",
    "\t",
    "#",
    "'",
    '"',
    ":",
    "- ",
    "&a ",
    "*a",
    "!!str ",
    "|",
    ">",
    "{",
    "[",
    "---\n",
    "\r",
    "x",
]


def test_random_variants_never_give_an_id_the_reader_does_not(default_rubric: Rubric) -> None:
    """Hand-edited heads of real files: where the scan names an id and the full reader reads
    the file, they agree; most variants still give an id (the scan is useful)."""
    rng = random.Random(23)
    files = sorted((ROOT / "examples").rglob("*.yaml"))
    files = [f for f in files if "invalid" not in f.parts]
    agreed = 0
    for n in range(600):
        raw = files[n % len(files)].read_text(encoding="utf-8")
        start = raw.index("project:")
        text = list(raw)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(max(0, start - 20), start + 120)
            if rng.random() < 0.5:
                text[at : at + 1] = rng.choice(_NOISE)
            else:
                text.insert(at, rng.choice(_NOISE))
        variant = "".join(text).encode()
        found = id_in(variant[:4096])
        try:
            loaded = load_bytes(variant, "variant.yaml", default_rubric)
        except InputError:
            continue
        assert found in (None, loaded.model.project.id), variant[: start + 200].decode()
        agreed += found is not None
    assert agreed > 100
