"""Read a valid answer file's data into its records without pydantic (docs/architecture.md,
«Models without pydantic at run time»).

Each function gives the record pydantic would give for the same data, or None: whatever it does
not recognise with certainty as valid (a type it does not expect, an unknown key, a value out of
its range, a mapping where a text belongs…) it leaves to pydantic, which reads the data again
and either accepts it or says why not, with the messages of :mod:`samarbeid.parse.validation`.
So a file is never refused here, and its error messages are always pydantic's.
``tests/unit/test_answerfile_check.py`` holds both to the same result on every answer file of
the repository and on randomly varied copies of them.

What the data is: parsed YAML (:mod:`samarbeid.parse.yamlread`), so only the exact built-in
types are recognised (``type(x) is str``); a subclass, a date-time for a date, a float for a
whole number is pydantic's to judge.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from samarbeid.answerfile import (
    FORMAT_VERSION,
    AcceptedRisk,
    AnswerFile,
    ProjectInfo,
    RespondentEntry,
)
from samarbeid.domain import read_date
from samarbeid.record import defaults, names
from samarbeid.vocab import Phase, Role, Status, Vocab

_R = TypeVar("_R")

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: A reader of one field's value: the value as the record holds it, or :class:`_Doubt`.
Reader = Callable[[Any], Any]


class _Doubt(Exception):
    """The data is not certainly valid: pydantic reads it."""


def answer_file(data: Any) -> AnswerFile | None:
    """The answer file ``data`` holds, or None when pydantic must read it."""
    try:
        return _record(AnswerFile, _FILE, data)
    except _Doubt:
        return None


def respondent(data: Any) -> RespondentEntry | None:
    """The respondent ``data`` holds, or None when pydantic must read it."""
    try:
        return _record(RespondentEntry, _ENTRY, data)
    except _Doubt:
        return None


def _record(kind: type[_R], readers: Mapping[str, Reader], data: Any) -> _R:
    """A record from a mapping whose keys are all its fields, every field without a default
    among them; a field left out keeps the default its record declares."""
    if type(data) is not dict or not _REQUIRED[kind] <= data.keys() <= readers.keys():
        raise _Doubt
    if not set(map(type, data)) <= _TEXT:
        raise _Doubt
    return kind(**{key: readers[key](value) for key, value in data.items()})


def _required(kind: type[Any]) -> frozenset[str]:
    given = defaults(kind)
    return frozenset(name for name in names(kind) if name not in given)


def _nested(kind: type[Any], readers: Mapping[str, Reader]) -> Reader:
    return lambda data: _record(kind, readers, data)


def _list_of(read: Reader) -> Reader:
    def reader(data: Any) -> list[Any]:
        if type(data) is not list:
            raise _Doubt
        return [read(item) for item in data]

    return reader


def _optional(read: Reader) -> Reader:
    return lambda data: None if data is None else read(data)


def _text(data: Any) -> str:
    if type(data) is not str:
        raise _Doubt
    return data


def _filled(data: Any) -> str:
    """Text that is not empty."""
    if not _text(data):
        raise _Doubt
    return data  # type: ignore[no-any-return]


def _version(data: Any) -> int:
    """The format line, as a whole number (``true`` or ``1.0``, which some versions of pydantic
    read as 1 and others refuse, is pydantic's to judge)."""
    if type(data) is not int or data != FORMAT_VERSION:
        raise _Doubt
    return data


def _slug(data: Any) -> str:
    text = _text(data)
    if len(text) > 64 or _SLUG.fullmatch(text) is None:
        raise _Doubt
    return text


def _word(vocab: type[Vocab]) -> Reader:
    """A vocabulary member, by its id or an alias (:func:`samarbeid.answerfile.read_word`);
    an id as it is written, the common case, at once."""
    ids = {member.value: member for member in vocab}

    def reader(data: Any) -> Vocab:
        if type(data) is not str:
            raise _Doubt
        member = ids.get(data)
        if member is None:
            member = vocab.parse(data)
        if member is None:
            raise _Doubt
        return member

    return reader


def _date(data: Any) -> dt.date:
    """A date, as is or written as text (:func:`samarbeid.answerfile.read_date_text`)."""
    found = read_date(data) if type(data) is str else data
    if type(found) is not dt.date:
        raise _Doubt
    return found


_TEXT = frozenset({str})


def _by_text(values: Reader | None) -> Reader:
    """``answers:`` or ``comments:``: a mapping by text keys (an empty one for null), a copy,
    each value read by ``values`` (None: taken as it is)."""

    def reader(data: Any) -> dict[str, Any]:
        if data is None:
            return {}
        if type(data) is not dict or not set(map(type, data)) <= _TEXT:
            raise _Doubt
        if values is None:
            return dict(data)
        return {key: values(value) for key, value in data.items()}

    return reader


_PROJECT: dict[str, Reader] = {
    "id": _slug,
    "name": _optional(_text),
    "kommune": _optional(_text),
    "entreprenor": _optional(_text),
    "phase": _optional(_word(Phase)),
    "assessed": _optional(_date),
}
_ENTRY: dict[str, Reader] = {
    "role": _word(Role),
    "unit": _optional(_text),
    "name": _optional(_text),
    "source": _optional(_text),
    "status": _optional(_word(Status)),
    "answers": _by_text(None),
    "comments": _by_text(_optional(_text)),
}
_RISK: dict[str, Reader] = {"rule": _slug, "reason": _filled, "by": _filled, "until": _date}
_FILE: dict[str, Reader] = {
    "samarbeid": _version,
    "project": _nested(ProjectInfo, _PROJECT),
    "status": _word(Status),
    "respondents": _list_of(_nested(RespondentEntry, _ENTRY)),
    "accepted": _list_of(_nested(AcceptedRisk, _RISK)),
}
#: The fields of each record that have no default.
_REQUIRED: dict[type[Any], frozenset[str]] = {
    kind: _required(kind) for kind in (AnswerFile, ProjectInfo, RespondentEntry, AcceptedRisk)
}
