"""Property tests over the loader and the whole `report`/`batch` path: arbitrary bytes, text and
YAML structures never produce a traceback — only a report (exit 0/1) or clean, positioned
errors (exit 2)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from samarbeid.errors import InputError
from samarbeid.load.answers import validate_document
from samarbeid.parse.yamlread import parse_bytes, parse_text
from samarbeid.rubric import load_rubric
from testkit import Cli

RUBRIC = load_rubric()
QUESTIONS = [q.id for q in RUBRIC.questions]
RULES = [p.id for p in RUBRIC.problems]
ERROR_LINE = re.compile(r"^(?P<file>.+):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): error: \S.*$")
#: examples per test; a longer hunt: SAMARBEID_PROPERTY_SCALE=20 python -m pytest tests/cli/test_properties.py
SCALE = float(os.environ.get("SAMARBEID_PROPERTY_SCALE", "1"))
FAST = settings(max_examples=int(300 * SCALE), deadline=None)
SLOW = settings(max_examples=int(100 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: the characters YAML's syntax is made of, and some that trip people up, so that random text
#: hits the parser's error paths more often than plain letters would
YAMLISH = st.text(
    alphabet=st.sampled_from(
        list(":-?,[]{}#&*!|>'\"%@`\\ \t\n\r" + "abjanei0145æ" + "\x1b\x07\x85\u2028\ufeff\u00a0")
    ),
    max_size=200,
)


def _check_problems(exc: InputError, name: str, text_length: int) -> None:
    """Every problem renders as one `FILE:LINE:COLUMN: error: message` line inside the text."""
    assert exc.problems
    for line, problem in zip(exc.lines("nb"), exc.problems, strict=True):
        assert "\n" not in line and "\r" not in line
        match = ERROR_LINE.match(line)
        assert match is not None, line
        assert match["file"] == name
        assert problem.where.line <= text_length + 1


@FAST
@given(raw=st.binary(max_size=600))
def test_arbitrary_bytes_parse_or_fail_cleanly(raw: bytes) -> None:
    """Any bytes give a document or an InputError with positioned one-line problems."""
    try:
        parse_bytes(raw, "f.yaml")
    except InputError as exc:
        _check_problems(exc, "f.yaml", len(raw))


@FAST
@given(text=st.one_of(st.text(max_size=200), YAMLISH))
def test_arbitrary_text_parses_or_fails_cleanly(text: str) -> None:
    """Any text (YAML punctuation, tabs, control characters, BOMs) gives a document or an
    InputError, and a document validates against the rubric or fails with InputError."""
    try:
        doc = parse_text(text, "f.yaml")
        validate_document(doc, RUBRIC)
    except InputError as exc:
        _check_problems(exc, "f.yaml", len(text))


# ---- answer-file-shaped structures --------------------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 8),
    st.integers(),
    st.floats(allow_nan=True),
    st.dates(),
    st.text(max_size=12),
    st.sampled_from(
        [
            "ja",
            "nei",
            "delvis",
            "vet_ikke",
            "ikke_relevant",
            "yes",
            "no",
            "4",
            "",
            "kommune",
            "entreprenor",
            '=HYPERLINK("x")',
            "[bold]x[/]",
            "\x1b[31mx",
        ]
    ),
)
_anything = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _or_junk(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the right shape, sometimes anything at all."""
    return st.one_of(strategy, strategy, strategy, _anything)


_answer_value = st.one_of(
    st.sampled_from([1, 2, 3, 4, 5, "ja", "nei", "delvis", "vet_ikke", "ikke_relevant", None]), _anything
)
_respondent = st.fixed_dictionaries(
    {"role": _or_junk(st.sampled_from(["kommune", "entreprenor"]))},
    optional={
        "unit": _or_junk(st.text(max_size=20)),
        "name": _or_junk(st.text(max_size=20)),
        "status": _or_junk(st.sampled_from(["in_progress", "complete"])),
        "answers": _or_junk(
            st.dictionaries(
                _or_junk(st.sampled_from(QUESTIONS)).filter(lambda k: isinstance(k, str)),
                _answer_value,
                max_size=10,
            )
        ),
        "comments": _or_junk(
            st.dictionaries(st.sampled_from(QUESTIONS), _or_junk(st.text(max_size=30)), max_size=3)
        ),
    },
)
_project = st.fixed_dictionaries(
    {"id": _or_junk(st.sampled_from(["prosjekt-a", "prosjekt-b"]))},
    optional={
        "name": _or_junk(st.text(max_size=30)),
        "kommune": _or_junk(st.text(max_size=20)),
        "entreprenor": _or_junk(st.text(max_size=20)),
        "phase": _or_junk(st.sampled_from(["idea", "planning", "pilot", "operation", "ending"])),
        "assessed": _or_junk(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1))),
    },
)
_accepted = st.fixed_dictionaries(
    {
        "rule": _or_junk(st.sampled_from(RULES)),
        "reason": _or_junk(st.text(min_size=1, max_size=10)),
        "by": _or_junk(st.text(min_size=1, max_size=10)),
        "until": _or_junk(st.dates()),
    }
)
_MIXED_FILES = st.fixed_dictionaries(
    {"samarbeid": _or_junk(st.just(1)), "project": _or_junk(_project)},
    optional={
        "status": _or_junk(st.sampled_from(["in_progress", "complete"])),
        "respondents": _or_junk(st.lists(_respondent, max_size=4)),
        "accepted": _or_junk(st.lists(_accepted, max_size=2)),
    },
)

#: free text as people (and attackers) write it: markup, formulas, escapes, other scripts
_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "[bold red]ALARM[/bold red]",
            '=HYPERLINK("http://x";"klikk")',
            "+47 22 33 44 55",
            "-1",
            "@kommune",
            "\x1b[2J\x1b[31mrød",
            "<script>alert(1)</script>",
            "a | b",
            "[x](http://e.x)",
            "Kari &amp; Ola",
            "www.example.com",
            "kari@example.com",
            "1. etasje",
            "\u202egnp.exe",
        ]
    ),
)


@st.composite
def _valid_respondent(draw: st.DrawFn) -> dict[str, Any]:
    role = draw(st.sampled_from(["kommune", "entreprenor"]))
    questions = RUBRIC.questions_for(role)
    chosen = draw(st.lists(st.sampled_from(questions), unique_by=lambda q: q.id, max_size=len(questions)))
    answers = {q.id: draw(st.sampled_from([*q.values(), None])) for q in chosen}
    comments = {q.id: draw(_text) for q in chosen[:2]}
    return {
        "role": role,
        "unit": draw(st.none() | _text),
        "name": draw(_text),
        "answers": answers,
        "comments": comments,
    }


_VALID_FILES = st.fixed_dictionaries(
    {
        "samarbeid": st.just(1),
        "project": st.fixed_dictionaries(
            {
                "id": st.sampled_from(["prosjekt-a", "prosjekt-b"]),
                "name": _text,
                "kommune": _text,
                "entreprenor": _text,
                "phase": st.sampled_from(["idea", "pilot", "operation"]),
                "assessed": st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1)),
            }
        ),
        "status": st.sampled_from(["in_progress", "complete"]),
        "respondents": st.lists(_valid_respondent(), max_size=3),
        "accepted": st.lists(
            st.fixed_dictionaries(
                {
                    "rule": st.sampled_from(RULES),
                    "reason": _text.filter(bool),
                    "by": _text.filter(bool),
                    "until": st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1)),
                }
            ),
            max_size=1,
        ),
    }
)
#: half of the files are well formed (so reports get written), half broken somewhere
ANSWER_FILES = st.one_of(_VALID_FILES, _MIXED_FILES)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _check_outcome(result: Any, files: list[str]) -> None:
    """Exit 0/1 with output, or exit 2 with one positioned error line per problem; never 70
    and never a traceback."""
    assert result.exit_code in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr and "intern feil" not in result.stderr
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert lines
        for line in lines:
            match = ERROR_LINE.match(line)
            assert match is not None, line
            assert match["file"] in files


@SLOW
@given(
    data=ANSWER_FILES,
    fmt=st.sampled_from(["terminal", "markdown", "json", "html"]),
    fail_on=st.sampled_from(["never", "high", "info"]),
)
def test_report_on_arbitrary_answer_files_never_crashes(data: dict[str, Any], fmt: str, fail_on: str) -> None:
    """`samarbeid report` on any answer-file-shaped YAML: a report, or clean errors."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "svar.yaml"
        path.write_text(_dump(data), encoding="utf-8")
        result = Cli()("report", path, "--format", fmt, "--fail-on", fail_on, "--as-of", "2025-01-01")
    event(f"exit {result.exit_code}")
    _check_outcome(result, [str(path)])
    if result.exit_code in (0, 1):
        assert result.stdout
        if fmt == "json":
            assert json.loads(result.stdout)["project"]["id"] == data["project"]["id"]


@SLOW
@given(
    files=st.lists(ANSWER_FILES, min_size=1, max_size=3),
    fmt=st.sampled_from(["json", "jsonl", "csv", "junit", "markdown", "table"]),
)
def test_batch_on_arbitrary_answer_files_never_crashes(files: list[dict[str, Any]], fmt: str) -> None:
    """`samarbeid batch` on several such files (some of one project): exit 0/1/2, every broken
    file listed with file, line and column, never a traceback."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, data in enumerate(files):
            path = Path(tmp) / f"svar-{i}.yaml"
            path.write_text(_dump(data), encoding="utf-8")
            paths.append(str(path))
        result = Cli()("batch", tmp, "--format", fmt, "--jobs", "1", "--as-of", "2025-01-01")
    assert result.exit_code in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr and "intern feil" not in result.stderr
    if fmt == "json":
        report = json.loads(result.stdout)
        assert (result.exit_code == 2) == bool(report["errors"])
        for error in report["errors"]:
            assert error["file"] in paths
            assert error["line"] >= 1 and error["column"] >= 1
            assert "\n" not in error["message"]
