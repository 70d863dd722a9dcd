"""The field types that the rubric and the answer file share: ids (slugs), and the closed
vocabularies of :mod:`samarbeid.vocab` as pydantic reads them from YAML (by their ids),
declared without importing pydantic (:mod:`samarbeid.record`)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from samarbeid.record import rule
from samarbeid.vocab import Dimension, Role, Scale, Severity

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _slug() -> list[Any]:
    from pydantic import Field

    return [Field(pattern=SLUG_PATTERN, max_length=64)]


def _lax() -> list[Any]:
    from pydantic import Strict

    return [Strict(False)]


#: pydantic reads a vocabulary from its id in YAML (a string), though a record is strict.
LAX = rule(_lax)

Slug = Annotated[str, rule(_slug)]


def is_slug(text: str) -> bool:
    """Whether ``text`` is a valid id: lower-case a–z, digits and single hyphens, ≤ 64 characters."""
    return len(text) <= 64 and re.match(SLUG_PATTERN, text) is not None


def slugify(text: str) -> str:
    """A valid id made from free text: ``Inderøy helsefag`` → ``inderoy-helsefag`` (may be empty)."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
    chars = [ch if ch.isascii() and ch.isalnum() else "-" for ch in text.translate(table).lower()]
    return "-".join(part for part in "".join(chars).split("-") if part)[:64].strip("-")


#: The date forms samarbeid reads, wherever a person writes a date (``--as-of``, an answer
#: file's ``assessed`` and ``until``): the Norwegian DD.MM.ÅÅÅÅ (also D.M.ÅÅÅÅ) and ISO's
#: ÅÅÅÅ-MM-DD.
_DATE_FORMS = (
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), (3, 2, 1)),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),
)


def read_date(text: str) -> dt.date | None:
    """The date ``text`` writes as DD.MM.ÅÅÅÅ or ÅÅÅÅ-MM-DD; None when it is neither, or no
    such day (31.02.2026)."""
    for pattern, (y, m, d) in _DATE_FORMS:
        match = pattern.fullmatch(text.strip())
        if match is not None:
            try:
                return dt.date(int(match[y]), int(match[m]), int(match[d]))
            except ValueError:
                return None
    return None


# The vocabularies are read from their ids in YAML (lax), everything else strictly.
RoleId = Annotated[Role, LAX]
DimensionId = Annotated[Dimension, LAX]
SeverityId = Annotated[Severity, LAX]
ScaleId = Annotated[Scale, LAX]
