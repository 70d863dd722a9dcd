"""Load a rubric file and check it: structure by the models, references by :mod:`check`.

A rubric that passed every check is kept in the user's cache (:mod:`samarbeid.cache`),
pickled, under a key made of its bytes and how it was checked; the next run with the same
bytes and the same code reads it back instead of parsing, validating and checking it again
(docs/design.md §10). A rubric with problems is never kept: its errors come from the checks.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from pathlib import Path

from samarbeid import cache
from samarbeid.errors import InputError
from samarbeid.parse.yamlread import parse_bytes, printable_name, read_bytes
from samarbeid.record import validated
from samarbeid.rubric.model import Rubric

DEFAULT_RUBRIC = Path(__file__).with_name("default.yaml")


def load_rubric(path: Path | None = None) -> Rubric:
    """The rubric at ``path`` (the default rubric when None), fully checked.

    Raises :class:`InputError` listing every problem with file, line and column.
    """
    if path is None:
        return _load(DEFAULT_RUBRIC, True, "samarbeid/rubric/default.yaml")
    return _load(path.resolve(), False, str(path))  # errors name the file as it was given


@functools.lru_cache(maxsize=4)
def _load(path: Path, is_default: bool, display: str) -> Rubric:
    name = printable_name(display)
    raw = read_bytes(path, name)
    if raw is None:
        raise InputError.at(name, 1, 1, "file.not_found")
    # the default rubric is checked for the fixed problems too: another key than the same
    # bytes as a --rubric file
    key = hashlib.sha256(raw).digest() + (b"default" if is_default else b"given")
    kept = cache.load("rubric", str(path), key)
    if kept is not None:
        try:
            rubric = pickle.loads(kept)
        except Exception:  # pragma: no cover - the digest matched, so only other code gets here
            rubric = None
        if isinstance(rubric, Rubric):
            return rubric
    rubric = _checked(raw, name, is_default)
    try:
        # msgspec pickles a Struct as its class and fields (what a cached property keeps in
        # the record's __dict__, a compiled condition, is left out and made again when used)
        kept = pickle.dumps(rubric, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):  # pragma: no cover - e.g. a closure
        return rubric  # a rubric that cannot be pickled is checked on every run
    cache.store("rubric", str(path), key, kept)
    return rubric


def _checked(raw: bytes, name: str, is_default: bool) -> Rubric:
    """The rubric in ``raw``, validated by the models and checked by :func:`check`."""
    from pydantic import ValidationError

    from samarbeid.parse.validation import field_names, problems_from
    from samarbeid.rubric.check import check
    from samarbeid.rubric.conditions import KINDS

    doc = parse_bytes(raw, name)
    try:
        rubric = validated(Rubric, doc.data)
    except ValidationError as exc:
        raise InputError(problems_from(exc, doc, field_names(Rubric), KINDS)) from None
    problems = check(rubric, doc, require_fixed=is_default)
    if problems:
        raise InputError(problems)
    return rubric
