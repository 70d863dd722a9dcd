"""An export's cell → an answer value id of the question.

A cell may hold the value id itself (``4``, ``ja``, ``vet_ikke``), a number as a spreadsheet
writes it (``4.0``), the option's label in any language the tool speaks, without regard to
case («Helt enig», «Vet ikke», «Don't know»), or a label the mapping file names."""

from __future__ import annotations

import functools
import html
import re

from samarbeid.i18n import LANGS, t
from samarbeid.rubric.model import Question
from samarbeid.vocab import ANSWER_VALUES, Value

_SPACE = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[\W_]+")


def text_key(text: str) -> str:
    """Text compared without case, HTML escapes or tags, or differences in white space."""
    text = re.sub(r"<[^>]*>", " ", html.unescape(text))
    return _SPACE.sub(" ", text).strip().casefold()


def id_key(text: str) -> str:
    """An id compared without case, hyphens, underscores or spaces (``vet_ikke`` ~ ``VetIkke``)."""
    return _NOT_ALNUM.sub("", text.casefold())


@functools.cache
def _labels() -> dict[str, Value]:
    """Every option label in every language (and every id's loose form) → the value id."""
    out: dict[str, Value] = {}
    for value in ANSWER_VALUES:
        for lang in LANGS:
            out[text_key(t(f"value.{value}", lang))] = value
        out[id_key(str(value))] = value
    return out


def parse(question: Question, cell: str, extra: dict[str, Value] | None = None) -> Value | None:
    """The value ``cell`` gives ``question``: None when the cell is empty; raises
    :class:`ValueError` when it is not one of the question's values."""
    text = cell.strip()
    if not text:
        return None
    allowed = question.allowed
    candidates: list[Value] = []
    if extra:
        mapped = extra.get(text, extra.get(text_key(text)))
        if mapped is not None:
            candidates.append(mapped)
    candidates.append(text)
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        pass
    else:
        if number.is_integer():
            candidates.append(int(number))
    labels = _labels()
    for key in (text_key(text), id_key(text)):
        if key in labels:
            candidates.append(labels[key])
    for value in candidates:
        if not isinstance(value, bool) and value in allowed:
            return value
    raise ValueError(text)


def option_label(value: Value, lang: str) -> str:
    """An option as a form shows it: the value's label with a capital first letter («Helt enig»)."""
    label = t(f"value.{value}", lang)
    return label[:1].upper() + label[1:]
