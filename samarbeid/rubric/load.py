"""Load a rubric file and check it: structure by the models, references by :mod:`check`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from samarbeid.errors import InputError
from samarbeid.parse.validation import field_names, problems_from
from samarbeid.parse.yamlread import read_file
from samarbeid.rubric.check import check
from samarbeid.rubric.conditions import KINDS
from samarbeid.rubric.model import Rubric

DEFAULT_RUBRIC = Path(__file__).with_name("default.yaml")


def load_rubric(path: Path | None = None) -> Rubric:
    """The rubric at ``path`` (the default rubric when None), fully checked.

    Raises :class:`InputError` listing every problem with file, line and column.
    """
    if path is None:
        return _load(DEFAULT_RUBRIC, True, "samarbeid/rubric/default.yaml")
    return _load(path.resolve(), False, str(path))  # errors name the file as it was given


@lru_cache(maxsize=4)
def _load(path: Path, is_default: bool, display: str) -> Rubric:
    doc = read_file(path, display)
    try:
        rubric = Rubric.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_from(exc, doc, field_names(Rubric), KINDS)) from None
    problems = check(rubric, doc, require_fixed=is_default)
    if problems:
        raise InputError(problems)
    return rubric
