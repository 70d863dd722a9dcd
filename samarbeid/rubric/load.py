"""Load a rubric file and check it: structure by the models, references by :mod:`check`.

A rubric that passed every check is kept in the user's cache (:mod:`samarbeid.cache`),
pickled, under a key made of its bytes and how it was checked; the next run with the same
bytes and the same code reads it back instead of parsing, validating and checking it again
(docs/design.md §10). A rubric with problems is never kept: its errors come from the checks.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import pickle
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
        out = io.BytesIO()
        _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(rubric)
    except (pickle.PicklingError, TypeError, AttributeError):  # pragma: no cover - e.g. a closure
        return rubric  # a rubric that cannot be pickled is checked on every run
    cache.store("rubric", str(path), key, out.getvalue())
    return rubric


@functools.cache
def _slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...] | None:
    """The ``__set__`` of each field's slot of ``cls``, in the order of its fields; None unless
    ``cls`` is a dataclass whose every field is a slot (what :class:`_Pickler` pickles its way)."""
    if not dataclasses.is_dataclass(cls):
        return None
    setters = []
    for f in dataclasses.fields(cls):
        slot = getattr(cls, f.name, None)
        if not isinstance(slot, types.MemberDescriptorType):
            return None
        setters.append(slot.__set__)
    return tuple(setters)


class _Pickler(pickle.Pickler):
    """Pickles a dataclass whose fields are slots (most of a rubric's hundreds of records) as
    its class and its fields' values, which :func:`_restored` puts straight into the slots:
    pickle's own way calls the dataclass's ``__setstate__`` for each, which looks its fields up
    again and sets each through ``object.__setattr__`` (a third of a rubric's reading back)."""

    def reducer_override(self, obj: Any) -> Any:
        cls: type = type(obj)
        if _slot_setters(cls) is None:
            return NotImplemented
        return _restored, (cls, tuple(getattr(obj, f.name) for f in dataclasses.fields(obj)))


def _restored(cls: type, values: tuple[Any, ...]) -> Any:
    """The dataclass ``cls`` with ``values`` in its fields (:class:`_Pickler`); no
    ``__init__`` and no ``__post_init__``, as unpickling never runs them."""
    setters = _slot_setters(cls)
    assert setters is not None  # as when it was pickled: the cache holds only this code's files
    obj: Any = object.__new__(cls)
    for put, value in zip(setters, values, strict=True):
        put(obj, value)
    return obj


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
