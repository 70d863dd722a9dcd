"""An export's cell → an answer value id of the question.

A cell may hold the value id itself (``4``, ``ja``, ``vet_ikke``), a number as a spreadsheet
writes it (``4.0``), the option's label in any language the tool speaks, without regard to
case («Helt enig», «Vet ikke», «Don't know»), or a label the mapping file names. Answer files
read their values the same way: :mod:`samarbeid.i18n.values` declares how, once."""

from __future__ import annotations

from samarbeid.i18n import t
from samarbeid.i18n.values import id_key, read_value, text_key
from samarbeid.rubric.model import Question
from samarbeid.vocab import Value

__all__ = ["id_key", "option_label", "parse", "text_key"]


def parse(question: Question, cell: str, extra: dict[str, Value] | None = None) -> Value | None:
    """The value ``cell`` gives ``question`` (:func:`samarbeid.i18n.values.read_value`): None
    when the cell is empty; raises :class:`ValueError` when it is not one of the question's
    values."""
    return read_value(question.allowed, cell, extra)


def option_label(value: Value, lang: str) -> str:
    """An option as a form shows it: the value's label with a capital first letter («Helt enig»)."""
    label = t(f"value.{value}", lang)
    return label[:1].upper() + label[1:]
