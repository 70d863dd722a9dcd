"""The safe YAML reader: positions, and refusal of everything but plain data."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path

import pytest

from samarbeid.errors import InputError
from samarbeid.parse import yamlread
from samarbeid.parse.yamlread import _NOT_YAML_CHAR, MAX_BYTES, parse_bytes, parse_text


def error(text: str | bytes) -> str:
    with pytest.raises(InputError) as info:
        if isinstance(text, bytes):
            parse_bytes(text, "f.yaml")
        else:
            parse_text(text, "f.yaml")
    (line,) = info.value.lines("en")
    return line


def test_values_and_positions_are_kept() -> None:
    doc = parse_text("a: 1\nb:\n  - x\n  - {c: ja, d: 2021-03-01}\n", "f.yaml")
    assert doc.data == {"a": 1, "b": ["x", {"c": "ja", "d": dt.date(2021, 3, 1)}]}
    assert doc.ref(("b", 1, "d")).line == 4
    assert doc.ref(("b", 1, "d")).column == 16
    assert doc.ref(("b", 1, "c"), key=True).column == 6


def test_missing_path_falls_back_to_nearest_parent() -> None:
    doc = parse_text("a:\n  b: 1\n", "f.yaml")
    assert (doc.ref(("a", "zzz")).line, doc.ref(("a", "zzz")).column) == (2, 3)


def test_duplicate_key_is_an_error_at_the_second_key() -> None:
    assert error("a: 1\nb: 2\na: 3\n") == "f.yaml:3:1: error: duplicate key 'a' (first on line 1)"


def test_anchors_and_aliases_are_refused() -> None:
    assert "anchors and aliases" in error("a: &x [1]\nb: *x\n")


def test_python_tags_are_refused() -> None:
    assert error("a: !!python/object/apply:os.system [ls]\n") == (
        "f.yaml:1:4: error: the YAML tag !!python/object/apply:os.system is not allowed"
    )


def test_several_documents_are_refused() -> None:
    assert "several YAML documents" in error("a: 1\n---\nb: 2\n")


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_empty_file_is_an_error(text: str) -> None:
    assert error(text) == "f.yaml:1:1: error: the file is empty"


def test_tab_indentation_gets_a_clear_message() -> None:
    assert error("a:\n\tb: 1\n") == "f.yaml:2:1: error: a tab is used for indentation; use spaces"


def test_deep_nesting_is_refused() -> None:
    assert "nested deeper than" in error("[" * 200 + "]" * 200)


def test_bom_and_crlf_are_fine() -> None:
    doc = parse_bytes("\ufeffa: æøå\r\nb: 2\r\n".encode(), "f.yaml")
    assert doc.data == {"a": "æøå", "b": 2}


def test_latin1_is_a_clear_error_with_position() -> None:
    assert error("a: 1\nb: bl\xe5\n".encode("latin-1")) == (
        "f.yaml:2:6: error: the file is not valid UTF-8 (Latin-1/Windows-1252?); save it as UTF-8"
    )


def test_utf16_is_recognised() -> None:
    assert "UTF-16" in error("a: 1\n".encode("utf-16"))


def test_binary_data_is_refused() -> None:
    assert "binary data" in error(b"a: 1\n\x00\x01\x02")


def test_too_large_file_is_refused_before_parsing() -> None:
    assert "larger than the limit" in error(b"a: 1\n" + b"#" * MAX_BYTES)


@pytest.mark.parametrize("size", [0, 5, 99, 100, 101, 250])
@pytest.mark.parametrize("said", [None, 0, 3])
def test_a_file_is_read_whole_up_to_one_byte_past_the_limit(
    size: int, said: int | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``read_bytes`` gives the file's bytes, or the limit's and one more: also when the file
    holds more than its size said when it was opened (it grew, or it is a file of /proc)."""
    path = tmp_path / "f.yaml"
    data = bytes(range(256))[:size]
    path.write_bytes(data)
    if said is not None:
        real = os.fstat

        def fstat(fd: int) -> os.stat_result:
            found = list(real(fd))
            found[stat.ST_SIZE] = said
            return os.stat_result(found)

        monkeypatch.setattr(yamlread.os, "fstat", fstat)
    assert yamlread.read_bytes(path, "f.yaml", limit=100) == data[:101]


def test_yes_no_stay_booleans_for_the_validator_to_catch() -> None:
    assert parse_text("a: yes\nb: ja\n", "f.yaml").data == {"a": True, "b": "ja"}


def test_plain_scalars_read_without_pyyaml_are_read_as_pyyaml_reads_them() -> None:
    """Text, a whole number and a day are read without PyYAML's resolver
    (yamlread.plain_scalar); each is what the resolver and constructors make of it."""
    import itertools
    import random

    import yaml

    from samarbeid.parse import yamlread

    resolvers = yaml.resolver.Resolver.yaml_implicit_resolvers
    assert set(resolvers) - {""} == yamlread._TYPED_FIRST
    for letter in yamlread._WORD_FIRST:  # the letters start only the bool and null words
        assert {tag for tag, _ in resolvers[letter]} <= {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
    rng = random.Random(23)
    alphabet = "0123456789-+.:_eExyYnNoOtTfF ~<=ja"
    samples = [
        *yamlread._WORDS,
        *("ja", "nei", "Nei", "no", "nO", "n", "y", "ON", "oN", "off", "tRUE", "nulL", "nope", "yess"),
        *("0", "00", "07", "08", "1", "6", "10", "123456789012345678901234567890", "1_000", "0x1f", "0b1"),
        *("2024-03-01", "2024-02-30", "2024-3-1", "2024-13-01", "0000-01-01", "2024-03-01 10:00", "1:20"),
        *(
            "٣",
            "2024-03-٠1",
            ".5",
            "1.",
            "1e3",
            "1.0e+3",
            ".inf",
            "-.inf",
            ".nan",
            "-1",
            "+1",
            "~",
            "<<",
            "=",
        ),
        *("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(3000)),
    ]
    for value in itertools.chain(samples):
        ours, pyyaml = yamlread.plain_scalar(value), yamlread._resolved(value)
        assert (type(ours), ours) == (type(pyyaml), pyyaml), value


def test_the_characters_yaml_refuses_are_exactly_those_outside_its_set() -> None:
    # YAML 1.1's printable set: tab, line feed, carriage return, printable ASCII, NEL, and the
    # rest of Unicode but the C1 controls, surrogates and the non-characters U+FFFE, U+FFFF
    allowed = [(0x09, 0x0A), (0x0D, 0x0D), (0x20, 0x7E), (0x85, 0x85), (0xA0, 0xD7FF)]
    allowed += [(0xE000, 0xFFFD), (0x10000, 0x10FFFF)]
    everything = "".join(map(chr, range(0x110000)))
    found = [ord(m.group()) for m in re.finditer(_NOT_YAML_CHAR, everything)]
    assert found == [c for c in range(0x110000) if not any(low <= c <= high for low, high in allowed)]


def test_a_file_name_is_printable() -> None:
    """A name's bytes that are not UTF-8 (lone surrogates in Python) are written ``\\xNN``;
    any other name stays as it is."""
    assert yamlread.printable_name("svar/kommune.yaml") == "svar/kommune.yaml"
    assert yamlread.printable_name("svar/Årstad-ø.yaml") == "svar/Årstad-ø.yaml"
    assert yamlread.printable_name("svar-\udce6.yaml") == "svar-\\xe6.yaml"
