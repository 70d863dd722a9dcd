"""The fast reader of the standard answer-file layout (samarbeid.parse.fastread) gives exactly
what the full reader gives, or declines: on every answer file of the repository, on the files
samarbeid writes, and on randomly varied copies of them (``testkit.mutate``).

A larger run than CI's: ``SAMARBEID_FASTREAD_VARIANTS=20000 .venv/bin/pytest -s -p no:randomly
tests/unit/test_fastread.py -k varied`` (``SAMARBEID_FASTREAD_SEED`` picks other variants)."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import random
from typing import Any

import pytest

from samarbeid import answerwriter
from samarbeid.answerfile import AnswerFile
from samarbeid.errors import InputError, Problem
from samarbeid.load.answers import LoadedFile, load_bytes, validate_document
from samarbeid.parse import fastread, yamlread
from samarbeid.parse.yamlread import MAX_DEPTH, MAX_NODES, Document
from samarbeid.record import validated
from samarbeid.rubric import load_rubric
from samarbeid.rubric.model import Rubric
from samarbeid.vocab import Role
from testkit import mutate, repository_yaml

VARIANTS = int(os.environ.get("SAMARBEID_FASTREAD_VARIANTS", "300"))
SEED = int(os.environ.get("SAMARBEID_FASTREAD_SEED", "23"))


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


def written(rubric: Rubric) -> dict[str, str]:
    """The answer files samarbeid writes: ``init``'s blank file in each language, a new file
    (``import -o``), and the blank file with a session's answers saved (``assess``)."""
    roles = [str(r) for r in Role]
    texts = {
        f"init-{lang}": answerwriter.blank(rubric, roles, project_id="p", lang=lang)
        for lang in ("nb", "nn", "en")
    }
    answers = {q.id: q.values()[0] for q in rubric.questions_for(Role.kommune)}
    block = answerwriter.Block(
        Role.kommune, "NAV", "Kari", "complete", answers, {"felles-mal": "Ja: «sikkert»"}
    )
    model = validated(AnswerFile, {"samarbeid": 1, "project": {"id": "p", "phase": "pilot"}})
    texts["import"] = answerwriter.updated(None, model, [block], rubric)
    blank = load_bytes(texts["init-nb"].encode(), "init.yaml", rubric).model
    texts["assess"] = answerwriter.updated(texts["init-nb"], blank, [block], rubric)
    return texts


@pytest.fixture(scope="module")
def files(rubric: Rubric) -> dict[str, bytes]:
    """Every YAML file of the repository (not those the tests generate) and every kind of
    file samarbeid writes."""
    found = repository_yaml()
    found.update((name, text.encode()) for name, text in written(rubric).items())
    return found


def strict(value: Any) -> Any:
    """``value`` with every type spelled out (``1``, ``1.0`` and ``True`` are equal in Python)."""
    if isinstance(value, dict):
        return ("dict", [(strict(k), strict(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [strict(v) for v in value])
    if isinstance(value, float) and value != value:
        return ("float", "nan")
    return (type(value).__name__, value)


def seen(doc: Document) -> Any:
    return strict([doc.file, doc.data, doc.values, doc.keys, doc.raw])


def loaded(doc: Document, rubric: Rubric) -> LoadedFile | list[Problem]:
    try:
        return validate_document(doc, rubric)
    except InputError as exc:
        return exc.problems


def agrees(raw: bytes, name: str, rubric: Rubric) -> bool:
    """Whether the fast reader read ``raw``; when it did, it read what the full reader reads,
    and loading the file gives the same answers, positions, problems and warnings."""
    try:
        text = yamlread.decode(raw, name)  # both readers decode first, with the same errors
    except InputError:
        return False
    fast = fastread.read(text, name)
    if fast is None:
        return False
    try:
        full = yamlread.parse_text(text, name)
    except InputError as exc:
        raise AssertionError(
            f"{name}: the fast reader accepts what the full reader refuses: {exc.problems}"
        ) from None
    assert seen(fast) == seen(full), name
    ours, theirs = loaded(fast, rubric), loaded(full, rubric)
    assert ours == theirs, name
    if isinstance(ours, LoadedFile) and isinstance(theirs, LoadedFile):
        assert strict([r.answers for r in ours.responses]) == strict([r.answers for r in theirs.responses])
    return True


def test_every_yaml_file_of_the_repository_reads_the_same(files: dict[str, bytes], rubric: Rubric) -> None:
    read = [name for name, raw in files.items() if agrees(raw, name, rubric)]
    # the standard layout takes the fast path: every valid example, every benchmark case,
    # every file samarbeid writes
    standard = [
        name
        for name in files
        if name.startswith(("examples/", "benchmarks/", "init-", "import", "assess"))
        and not name.startswith("examples/invalid/")
    ]
    assert sorted(set(standard) - set(read)) == []


def test_randomly_varied_files_read_the_same_or_take_the_full_reader(
    files: dict[str, bytes], rubric: Rubric
) -> None:
    rng = random.Random(SEED)
    # varied copies of the files in the standard layout: each change may keep it there or not
    sources = [raw for name, raw in files.items() if agrees(raw, name, rubric)]
    fast = 0
    for n in range(VARIANTS):
        raw = mutate(rng.choice(sources).decode("utf-8"), rng)
        fast += agrees(raw, f"variant-{SEED}-{n}.yaml", rubric)
    print(f"\n{VARIANTS} variants (seed {SEED}): {fast} read by the fast reader, {VARIANTS - fast} declined")
    # the variants test both paths
    assert 0.2 * VARIANTS < fast < 0.9 * VARIANTS


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\r\nb:\r\n  - c: 'x'\r\n",  # CRLF
        "a: 1\nb: \"x y\"\nc: 'it is'\nd: {}\ne: []\nf:\ng: yes  # c\n",
        "a:\n- b: 1\n  c:\n  - d: 2\ne: 2021-03-01\n",  # sequences without indent
        "a:    ja:x  # the value is ja:x\nb: C#\nc: 'a: b'\nd: ~\ne: a  b #c: d\n",
    ],
)
def test_the_layouts_variations_read_the_same(text: str, rubric: Rubric) -> None:
    assert agrees(text.encode(), "f.yaml", rubric)


@pytest.mark.parametrize(
    "text",
    [
        "a:\tb\n",
        "a: 1\na: 2\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "---\na: 1\n",
        "a: 1\n...\n",
        "a: b\n  c\n",  # a plain scalar over two lines
        "a: |\n  b\n",
        "a: [1]\n",
        "a: 'b\n  c'\n",
        "a: 'it''s'\n",
        "a: b: c\n",
        "a: b:\n",
        "a: b  c: # d\n",
        '"a": 1\n',
        "a: 1\rb: 2\n",
        "a: b\u2028c\n",
        "? a\n: 1\n",
        "a: 1\n  b: 2\n",
        "- a: 1\n",
        'a: "\\t"\n',
        "",
        "# only a comment\n",
    ],
)
def test_anything_else_is_left_to_the_full_reader(text: str, rubric: Rubric) -> None:
    assert fastread.read(text, "f.yaml") is None
    assert not agrees(text.encode(), "f.yaml", rubric)


def test_the_full_readers_limits_hold() -> None:
    """A file past the node or the depth limit is declined, so that the full reader refuses it."""
    many = "".join(f"k{i}: 1\n" for i in range(MAX_NODES // 2 + 1))
    deep = (
        "".join(" " * (2 * i) + "a:\n" for i in range(MAX_DEPTH + 1)) + " " * (2 * MAX_DEPTH + 2) + "b: 1\n"
    )
    for text in (many, deep):
        assert fastread.read(text, "f.yaml") is None
        with pytest.raises(InputError):
            yamlread.parse_text(text, "f.yaml")
    just = (
        "".join(" " * (2 * i) + "a:\n" for i in range(MAX_DEPTH - 1)) + " " * (2 * MAX_DEPTH - 2) + "b: 1\n"
    )
    assert fastread.read(just, "f.yaml") is not None


def test_dates_stay_dates_and_positions_are_the_full_readers() -> None:
    doc = fastread.read("# x\nproject:\n  assessed: 2021-03-01\n  name:  # later\n", "f.yaml")
    assert doc is not None
    assert doc.data == {"project": {"assessed": dt.date(2021, 3, 1), "name": None}}
    assert doc.values[("project", "name")] == (4, 8)


@pytest.mark.parametrize("limit", ["MAX_NODES", "MAX_DEPTH"])
def test_a_lowered_limit_is_the_fast_readers_too(limit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The limits are the full reader's, read when a file is read: lowered, both readers keep them."""
    text = "a: 1\nb:\n  c: 2\n"
    assert fastread.read(text, "f.yaml") is not None
    monkeypatch.setattr(yamlread, limit, 1)
    assert fastread.read(text, "f.yaml") is None
    with pytest.raises(InputError):
        yamlread.parse_text(text, "f.yaml")


def test_the_characters_the_layout_never_holds_are_exactly_those_outside_it() -> None:
    # every code point, against the layout's characters as ranges: a line break, printable
    # ASCII, and the rest of Unicode but the C1 controls, U+2028, U+2029, surrogates, the
    # byte-order mark and the non-characters U+FFFE and U+FFFF
    allowed = [(0x0A, 0x0A), (0x20, 0x7E), (0xA0, 0x2027), (0x202A, 0xD7FF), (0xE000, 0xFEFE)]
    allowed += [(0xFF00, 0xFFFD), (0x10000, 0x10FFFF)]
    outside = [c for c in range(0x110000) if not any(low <= c <= high for low, high in allowed)]
    assert [c for c in range(0x110000) if fastread._unusual(chr(c))] == outside
    assert not fastread._unusual("prosjekt: «Inderøy» – 😀\n")


def test_a_small_cache_of_lines_reads_the_same(
    files: dict[str, bytes], rubric: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache of lines starts over when full, in the middle of a file too: the files read
    the same, and their keys (found when first asked for, also after pickling) are the same."""
    monkeypatch.setattr(fastread, "_ROWS_CACHED", 3)
    read = [name for name, raw in files.items() if agrees(raw, name, rubric)]
    assert read
    assert len(fastread._ROWS) <= 3
    doc = fastread.read(files[read[0]].decode("utf-8-sig"), read[0])
    assert doc is not None
    again = pickle.loads(pickle.dumps(doc))
    assert again.keys == doc.keys == yamlread.parse_bytes(files[read[0]], read[0]).keys


def test_a_long_line_is_read_but_not_kept() -> None:
    """The cache of lines keeps short lines only: its memory stays bounded however long the
    lines of the files read are."""
    line = "a: " + "x" * 10_000
    doc = fastread.read(line + "\n", "f.yaml")
    assert doc is not None
    assert doc.data == {"a": "x" * 10_000}
    assert line not in fastread._ROWS
